"""Two autograde steps that make grading hold up against broken or tampered submissions.

``RestoreCellFlags`` (sanitizing, before nbgrader's OverwriteCells) puts back the nbgrader flags
of every cell the gradebook knows (grade, solution, locked, task, points). A submission whose
flags were edited would otherwise stop nbgrader with "Inconsistent checksums" and not be graded
at all; cells with unusable nbgrader metadata become ordinary cells, and nbgrader re-adds the
real ones (``OverwriteCells.add_missing_cells``).

``ConfirmTypedAnswers`` (after execution, before the scores are saved) makes sure no test awards
more than the typed answer earns. For every autograder test cell that declares its items with
``check(...)``/``grade(...)`` (backmice.grading), it

1. takes the cell's source from the gradebook (what the instructor wrote, never the submission),
2. reads the value the student typed for each item from the notebook source
   (backmice.typed: literals only, nothing is executed),
3. scores it with the same pure functions the kernel uses (backmice.grading),
4. compares with the score nbgrader would take from the kernel's output; if the kernel claims
   more, the cell's outputs are replaced by the typed answer's score and a plain explanation.

So a student who makes ``grade`` always pass, defines an answer that equals everything, or
patches builtins or ``math`` gains nothing. The kernel can still *lower* a score (an answer
that crashes scores 0, as the student sees when validating).
"""

from __future__ import annotations

from nbformat.v4 import new_output
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor

from . import grading, typed


def typed_score(item: typed.Item, value) -> tuple[float, str]:
    """Points earned by the typed ``value`` for ``item``, with the reason in words."""
    points = float(item.points)
    if value is typed.MISSING:
        return 0.0, f"{item.name} has no typed answer."
    if isinstance(value, typed.NotTyped):
        return 0.0, (f"{item.name} was not typed as a plain answer ({value.reason}). "
                     f"Type it like {item.name} = {grading.EXAMPLES.get(item.kind, '...')}.")
    try:
        answer = grading.read_answer(item.kind, value, name=item.name, **item.spec)
        fraction, verdict = grading.score_answer(item.kind, answer, item.key, **item.spec)
    except grading.AnswerProblem as problem:
        return 0.0, str(problem)
    return round(points * fraction, 2), f"{item.name}: {verdict}"


class RestoreCellFlags(NbGraderPreprocessor):
    """Put back the nbgrader flags of known cells from the gradebook; drop unusable metadata."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            try:
                source_nb = gb.find_notebook(info["notebook"], info["assignment"])
            except MissingEntry:
                return nb, resources
            locked = {c.name: bool(c.locked) for c in source_nb.source_cells}
            grades = {c.name: float(c.max_score) for c in source_nb.grade_cells}
            tasks = {c.name: float(c.max_score) for c in source_nb.task_cells}
            solutions = {c.name for c in source_nb.solution_cells}
        for cell in nb.cells:
            if "nbgrader" not in cell.metadata:
                continue
            meta = cell.metadata["nbgrader"]
            grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
            if grade_id not in locked:
                if not isinstance(meta, dict) or any(meta.get(k) for k in ("grade", "solution", "locked", "task")):
                    self.log.warning("cell with unknown or broken nbgrader metadata made an ordinary cell: %r",
                                     grade_id)
                    del cell.metadata["nbgrader"]
                continue
            expected = {"grade": grade_id in grades, "solution": grade_id in solutions,
                        "locked": locked[grade_id], "task": grade_id in tasks}
            points = grades.get(grade_id, tasks.get(grade_id))
            changed = {k: v for k, v in expected.items() if bool(meta.get(k, False)) != v}
            if points is not None and meta.get("points") != points:
                changed["points"] = points
            if changed:
                self.log.warning("cell %s: nbgrader flags restored from the gradebook: %s", grade_id, changed)
                meta.update(expected)
                if points is not None:
                    meta["points"] = points
                else:
                    meta.pop("points", None)
        return nb, resources


class ConfirmTypedAnswers(NbGraderPreprocessor):
    """Cap each backmice test cell's score at what the typed answers earn."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            try:
                source_nb = gb.find_notebook(info["notebook"], info["assignment"])
            except MissingEntry:
                self.log.warning("notebook %s is not in the gradebook; typed answers not confirmed",
                                 info["notebook"])
                return nb, resources
            solution_ids = {c.name for c in source_nb.solution_cells}
            tests = {c.name: c for c in source_nb.grade_cells
                     if c.cell_type == "code" and c.name not in solution_ids}
            sources = {c.name: c.source for c in source_nb.source_cells if c.name in tests}

        env: dict = {}
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in tests:
                self._confirm(cell, sources[grade_id], env)
            else:
                typed.bind_typed_values(cell.source, env)
        return nb, resources

    def _confirm(self, cell, source: str, env: dict) -> None:
        grade_id = cell.metadata.nbgrader["grade_id"]
        max_points = float(cell.metadata.nbgrader["points"])
        try:
            items = [i for i in typed.parse_test_cell(source) if i.has_grade]
        except ValueError as exc:
            self.log.error("test cell %s cannot be confirmed: %s", grade_id, exc)
            items = None
        try:
            claimed, _ = utils.determine_grade(cell, self.log)
        except (ValueError, KeyError, TypeError):
            # e.g. a replaced grade() printing more points than the cell has: nbgrader itself
            # would stop grading this submission. Treat it as a claim of everything.
            claimed = float("inf")
        if items == []:  # not a backmice test cell: nbgrader's own rules apply
            if claimed == float("inf"):
                self._replace(cell, 0.0, max_points, ["The test printed something that is not a valid score."])
            return
        if items is None:
            allowed, reasons = 0.0, ["This item could not be checked automatically; your instructor will mark it."]
        else:
            results = [typed_score(item, env.get(item.name, typed.MISSING)) for item in items]
            allowed = min(max_points, round(sum(points for points, _ in results), 2))
            reasons = [why for _, why in results]
        if claimed is None or claimed <= allowed + 1e-9:
            return
        self.log.warning("%s: the kernel claimed %s point(s) but the typed answer earns %s",
                         grade_id, claimed, allowed)
        self._replace(cell, allowed, max_points, reasons)

    @staticmethod
    def _replace(cell, allowed: float, max_points: float, reasons: list[str]) -> None:
        text = ("Score taken from the answer as typed in the notebook: " + " ".join(reasons)
                + f" ({allowed:g} of {max_points:g} point{'s' if max_points != 1 else ''})\n")
        outputs = [new_output("stream", name="stdout", text=text)]
        if allowed > 0:
            outputs.append(new_output("execute_result", data={"text/plain": repr(float(allowed))},
                                      execution_count=cell.get("execution_count")))
        else:
            outputs.append(new_output("error", ename="AnswerNotConfirmed", evalue=" ".join(reasons),
                                      traceback=["\u2717 " + " ".join(reasons)]))
        cell.outputs = outputs
