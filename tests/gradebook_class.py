"""A course folder and a gradebook filled in directly with nbgrader's API (no autograding), for
the roster, late-work and LMS-export tests."""

from __future__ import annotations

import shutil
import warnings
from datetime import datetime
from pathlib import Path

from nbgrader.api import Gradebook

from backmice.instructor import course as course_mod
from conftest import ROOT

COURSE = "backmice"
A0, A1 = "a0_orientation", "a1_anatomy"
# (cell, max score, kind) per assignment; "task" cells are marked by hand
CELLS = {A0: [("q1_test", 4.0, "code"), ("q2_test", 6.0, "code")],
         A1: [("q1_test", 5.0, "code"), ("q2_test", 5.0, "code")]}

CONFIG = '''import os
c = get_config()  # noqa: F821
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "backmice"
c.CourseDirectory.source_directory = "solutions"
'''


def make_course(root: Path, late: str = "", solutions: tuple[str, ...] = ()) -> Path:
    """A course folder with its own small nbgrader_config.py (``late``: extra config lines)."""
    course_mod.tools_on_path()
    root.mkdir(parents=True, exist_ok=True)
    (root / "nbgrader_config.py").write_text(CONFIG + late)
    for name in solutions:
        shutil.copytree(ROOT / "solutions" / name, root / "solutions" / name)
    return root


def url(root: Path) -> str:
    return f"sqlite:///{root / 'gradebook.db'}"


def add_assignments(root: Path, cells: dict = CELLS, due: dict | None = None) -> None:
    with Gradebook(url(root), COURSE) as gb:
        for a, items in cells.items():
            gb.add_assignment(a, duedate=(due or {}).get(a))
            gb.add_notebook(a, a)
            for name, top, kind in items:
                if kind == "task":
                    gb.add_task_cell(name, a, a, max_score=top, cell_type="markdown")
                else:
                    gb.add_grade_cell(name, a, a, max_score=top, cell_type="code")


def submit(gb: Gradebook, assignment: str, student: str, scores: dict, at: datetime | None = None,
           flagged: bool = False) -> None:
    """A graded submission: ``scores`` {cell: points, or None for not yet marked}."""
    try:
        gb.find_student(student)
    except Exception:
        gb.add_student(student)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sub = gb.add_submission(assignment, student, timestamp=at)
    for nb in sub.notebooks:
        for g in nb.grades:
            value = scores.get(g.name)
            if g.cell.type == "TaskCell":
                g.manual_score = value
            else:
                g.auto_score = value
            g.needs_manual_grade = value is None
        nb.flagged = flagged
    gb.db.commit()
