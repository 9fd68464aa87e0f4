"""Building course notebooks with the right nbgrader metadata (for authors, not students).

The .ipynb files are the source of truth; these helpers only make writing them reliable::

    from backmice import authoring as a
    cells = [a.md("# Assignment 1", locked="title"), a.setup_cell(),
             *a.item("q1", "choice", "Which layer ...?", points=1, key="B",
                     options=["Skin", "Membranous layer", "Deep fat"], objectives=["01.2"]),
             *a.manual("q9", "Explain ... (3 points)", points=3, mark_scheme="...")]
    a.save(a.notebook(cells), "solutions/a1_anatomy/a1_anatomy.ipynb")

Graded items follow one pattern (tests/test_assignments.py checks every solution notebook):
a locked question (points in its text), an answer cell whose first line is the empty answer
(``q1 = ""`` or ``q1 = None``) followed by the solution region, and a locked test cell with a
visible ``check(...)`` and a hidden ``grade(...)``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from .grading import EXAMPLES, LETTERS, read_answer

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _id(seed: str) -> str:
    return hashlib.sha1(seed.encode()).hexdigest()[:12]


def _nbgrader(grade_id: str, *, grade=False, solution=False, locked=False, task=False, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": task}
    if points is not None:
        meta["points"] = points
    return meta


def md(text: str, *, locked: str | None = None):
    """A markdown cell; ``locked="some_id"`` makes it read-only for students."""
    cell = new_markdown_cell(text.strip("\n"))
    cell.id = _id("md:" + (locked or text))
    if locked:
        cell.metadata["nbgrader"] = _nbgrader(locked, locked=True)
        cell.metadata.update(deletable=False, editable=False)
    return cell


def code(source: str, *, locked: str | None = None):
    cell = new_code_cell(source.strip("\n"))
    cell.id = _id("code:" + (locked or source))
    if locked:
        cell.metadata["nbgrader"] = _nbgrader(locked, locked=True)
        cell.metadata.update(deletable=False, editable=False)
    return cell


SETUP = '''# Run this cell first (Shift+Enter). It loads the answer checker; it does not change.
import warnings
warnings.filterwarnings("ignore")
from backmice.grading import check, explain_errors, grade
explain_errors()'''


def setup_cell():
    return code(SETUP, locked="setup")


def _letter_list(options) -> str:
    return "\n".join(f"- **{LETTERS[i]}.** {text}" for i, text in enumerate(options))


_HOW = {
    "choice": 'Type the letter of **one** option between the quotes, for example `{n} = "B"`.',
    "multi": 'Type **every** letter that applies between the quotes, for example `{n} = "A, C"`. '
             "Wrong picks cancel right ones (partial credit, never below 0).",
    "number": "Replace `None` with a number, for example `{n} = 0.42`.",
    "order": 'Type **all** the letters in order between the quotes, for example `{n} = "C, A, D, B"`.',
    "match": 'Type each item\'s number with a letter between the quotes, for example `{n} = "1C, 2A, 3B"`.',
}


def _vary_parts(question: str, key, vary: dict, key_formula: str) -> tuple[str, str]:
    """The question with each ``{name}`` marked for variants, and the hidden declaration line."""
    import ast

    from .typed import literal

    values = {}
    for pname, spec in vary.items():
        value, low, high, step = spec
        if not (low <= value <= high) or step <= 0:
            raise ValueError(f"vary[{pname!r}]: the value {value} must lie in {low}..{high} (step > 0)")
        if "{" + pname + "}" not in question:
            raise ValueError(f"vary[{pname!r}]: the question must show it as {{{pname}}}")
        values[pname] = value
        question = question.replace("{" + pname + "}", f"<!--{pname}-->{value:g}<!--/{pname}-->")
    computed = literal(ast.parse(key_formula, mode="eval").body, dict(values))
    if abs(computed - key) > 1e-9 * max(1.0, abs(key)):
        raise ValueError(f"key={key!r}, but {key_formula} gives {computed!r} for the values shown")
    ranges = ", ".join(f"{p} in {lo:g}..{hi:g} step {st:g}" for p, (_, lo, hi, st) in vary.items())
    return question, f"# vary: {ranges}; key = {key_formula}"


def item(name: str, kind: str, question: str, *, points: float, key, title: str | None = None,
         objectives: list[str] | None = None, hidden: dict | None = None,
         vary: dict | None = None, key_formula: str | None = None, **spec):
    """Three cells for one autograded item: question, answer, tests.

    ``question`` is markdown; options (choice/multi/order) and the two lists of a match are
    appended, with the points and how to type the answer. ``spec`` is passed to check()
    (options, left, right, unit, low, high, tol); ``hidden`` extra arguments go only to the hidden
    grade() call (e.g. a tolerance you do not want to show).

    Optional, for re-keyed variants (``backmice-course variant``) of a number item: ``vary`` gives
    each number the question shows as ``{name}`` as ``(value, low, high, step)`` and
    ``key_formula`` how the key follows from them, e.g. ``vary={"w": (3, 2, 5, 0.5)}``,
    ``key_formula="w * 2"``. Students see the numbers; the ranges and the formula go into the
    hidden tests.
    """
    read_answer(kind, key, name="the key", **spec, **(hidden or {}))  # the key must be valid
    declaration = None
    if vary or key_formula:
        if kind != "number" or not (vary and key_formula):
            raise ValueError("vary= and key_formula= go together, on a number item")
        question, declaration = _vary_parts(question, key, vary, key_formula)
    pts = f"{points:g} point{'s' if points != 1 else ''}"
    head = f"### {title or 'Question ' + name.lstrip('q')} ({pts})"
    body = [head, "", question.strip(), ""]
    if kind in ("choice", "multi", "order"):
        body += [_letter_list(spec["options"]), ""]
    if kind == "match":
        body += ["| Item | | Option |", "|---|---|---|"]
        left, right = spec["left"], spec["right"]
        for i in range(max(len(left), len(right))):
            lcell = f"**{i + 1}.** {left[i]}" if i < len(left) else ""
            rcell = f"**{LETTERS[i]}.** {right[i]}" if i < len(right) else ""
            body.append(f"| {lcell} | | {rcell} |")
        body.append("")
    if kind == "number" and spec.get("unit"):
        body.append(f"Give your answer in **{spec['unit']}** (a plain number is read in {spec['unit']}).")
    body.append(_HOW[kind].format(n=name))
    if objectives:
        body.append(f"\n<small>Assesses lesson objective(s) {', '.join(objectives)}.</small>")
    stub = f"{name} = None" if kind == "number" else f'{name} = ""'
    solution = f"{name} = {json.dumps(key) if not isinstance(key, dict) else repr(key)}"
    answer = new_code_cell(f"{stub}\n### BEGIN SOLUTION\n{solution}\n### END SOLUTION")
    answer.id = _id("answer:" + name)
    answer.metadata["nbgrader"] = _nbgrader(f"{name}_answer", solution=True)
    check_args = ", ".join([f'"{name}"', f'"{kind}"'] + [f"{k}={v!r}" for k, v in spec.items()]
                           + [f"points={points!r}"])
    grade_args = ", ".join([f'"{name}"', f"key={key!r}"] + [f"{k}={v!r}" for k, v in (hidden or {}).items()])
    hidden_lines = f"grade({grade_args})" + (f"\n{declaration}" if declaration else "")
    tests = new_code_cell(f"check({check_args})\n### BEGIN HIDDEN TESTS\n{hidden_lines}\n### END HIDDEN TESTS")
    tests.id = _id("tests:" + name)
    tests.metadata["nbgrader"] = _nbgrader(f"{name}_test", grade=True, locked=True, points=points)
    tests.metadata.update(deletable=False, editable=False)
    return [md("\n".join(body), locked=f"{name}_question"), answer, tests]


def manual(name: str, question: str, *, points: float, mark_scheme: str, model_answer: str = ""):
    """A manually graded written answer: a locked task cell holding the question and the mark
    scheme (removed from the student's copy, restored for the grader), then a cell to write in."""
    pts = f"{points:g} point{'s' if points != 1 else ''}"
    text = (f"### Question {name.lstrip('q')} ({pts}, marked by your instructor)\n\n{question.strip()}\n\n"
            "=== BEGIN MARK SCHEME ===\n\n"
            + (f"**Model answer.** {model_answer.strip()}\n\n" if model_answer else "")
            + f"{mark_scheme.strip()}\n\n=== END MARK SCHEME ===")
    task = new_markdown_cell(text)
    task.id = _id("task:" + name)
    task.metadata["nbgrader"] = _nbgrader(f"{name}_task", task=True, locked=True, points=points)
    task.metadata.update(deletable=False, editable=False)
    write = new_markdown_cell("*Write your answer here (double-click this cell to edit it, "
                              "Shift+Enter to finish).*")
    write.id = _id("write:" + name)
    return [task, write]


def notebook(cells) -> nbformat.NotebookNode:
    nb = new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    ids = [c.id for c in nb.cells]
    if len(set(ids)) != len(ids):
        raise ValueError("two cells would get the same id: make their text or grade ids differ")
    return nb


def save(nb, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.validate(nb)
    nbformat.write(nb, str(path))
    return path


__all__ = ["md", "code", "setup_cell", "item", "manual", "notebook", "save", "EXAMPLES"]
