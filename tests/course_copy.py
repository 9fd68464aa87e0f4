"""Helpers for tests that grade: a throw-away copy of the course and students' submissions."""

from __future__ import annotations

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
