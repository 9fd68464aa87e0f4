"""Helpers for tests that grade: a throw-away copy of the course and students' submissions."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import nbformat

from backmice.release import nbgrader
from conftest import ROOT

COPIED = ("nbgrader_config.py", "solutions", "assets", "lessons")


def copy_course(dst: Path) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dst / name)
    return dst


def generate(root: Path, assignment: str) -> None:
    nbgrader("generate_assignment", assignment, "--force", root=root)


def submit(root: Path, assignment: str, student: str, answers: dict[str, str] | None = None,
           drop: tuple[str, ...] = (), edit=None) -> Path:
    """A student's submission: the release with answer cells (by grade id) replaced, cells
    dropped, and any other change made by ``edit(nb)``."""
    release = next((root / "assignments" / assignment).glob("*.ipynb"))
    nb = nbformat.read(str(release), as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if answers and grade_id in answers:
            cell.source = answers[grade_id]
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") not in drop]
    if edit:
        edit(nb)
    target = root / "submitted" / student / assignment / release.name
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(target))
    return target


def cell_scores(root: Path, assignment: str, student: str) -> dict[str, float | None]:
    """{grade cell id: score} from the gradebook (manual score wins, None if not yet graded)."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        sub = gb.find_submission(assignment, student)
        return {g.name: g.score if not g.needs_manual_grade else None
                for nb in sub.notebooks for g in nb.grades}


# --- the nbgrader pipeline of one assignment, as tests/test_pipeline.py runs it for each table ---

def autograded_course(tmp_path_factory, assignment: str, submissions: dict[str, dict]) -> Path:
    """A throw-away course with ``assignment`` released, each student's submission made
    (``submissions[student]`` holds the keyword arguments of :func:`submit`) and autograded by
    plain ``nbgrader autograde``."""
    root = copy_course(tmp_path_factory.mktemp("course"))
    generate(root, assignment)
    for student, how in submissions.items():
        submit(root, assignment, student, **how)
    result = nbgrader("autograde", assignment, root=root, check=False, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def check_validate(root: Path, assignment: str) -> None:
    """``nbgrader validate``: the solution passes every test, the blank release passes none."""
    ok = nbgrader("validate", f"solutions/{assignment}/{assignment}.ipynb", root=root, check=False)
    assert "Success! Your notebook passes all the tests." in ok.stdout, ok.stdout + ok.stderr
    blank = nbgrader("validate", "--invert", f"assignments/{assignment}/{assignment}.ipynb", root=root, check=False)
    assert "Success! The notebook does not pass any tests." in blank.stdout, blank.stdout + blank.stderr


def feedback_after_marking(root: Path, assignment: str, marks: dict[str, float], student: str = "solution") -> Path:
    """A human gives ``student`` the hand ``marks`` ({task cell: score}); then generate_feedback."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for name, score in marks.items():
            gb.find_grade(name, assignment, assignment, student).manual_score = score
        gb.db.commit()
    result = nbgrader("generate_feedback", assignment, root=root, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "feedback"


def feedback_cells(feedback: Path, assignment: str, student: str) -> list[str]:
    """Text of each code cell (input and output) of a student's feedback page."""
    html = (feedback / student / assignment / f"{assignment}.html").read_text()
    blocks = re.split(r'<div class="cell border-box-sizing code_cell', html)[1:]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", b)).replace("&quot;", '"') for b in blocks]


def check_feedback_pages(feedback: Path, assignment: str, students, tests: int) -> dict[str, str]:
    """Every page shows all ``tests`` test cells and no traceback; returns {student: page text}."""
    pages = {}
    for student in students:
        cells = feedback_cells(feedback, assignment, student)
        assert sum(bool(re.search(r"Grade cell: q\d+_test", c)) for c in cells) == tests, student
        for cell in cells:
            assert "Traceback (most recent call last)" not in cell, (student, cell[:300])
        pages[student] = "\n".join(cells)
    return pages


def exported_rows(root: Path, assignment: str) -> dict[str, dict]:
    """``nbgrader export``: {student: row of grades.csv} for ``assignment``."""
    result = nbgrader("export", root=root, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    with open(root / "grades.csv", newline="") as fh:
        return {r["student_id"]: r for r in csv.DictReader(fh) if r["assignment"] == assignment}
