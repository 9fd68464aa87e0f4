"""The gradebook side of batch grading.

Parallel graders never write to the course gradebook. Each submission is graded into a private
SQLite copy of the assignment's definition (:func:`write_template` once per batch, copied per
submission); the grader returns what nbgrader recorded there (:func:`read_results`) and the one
batch process writes it into the course gradebook (:func:`merge`), SQLite or PostgreSQL alike.

Manual grades are never lost: :func:`merge` sets only the automatic fields (``auto_score``,
``auto_comment``, the late penalty). Plain ``nbgrader autograde --force`` also keeps
``manual_score`` but flags every hand-graded cell "needs manual grade" again; here a cell a
human has graded stays graded unless its automatic score changed.

Which submissions need a human, and why, is recorded in the table ``backmice_grading`` of the
same database (so every grader sharing a PostgreSQL gradebook sees it), and the submission is
flagged in nbgrader's own ``flagged`` field, which Formgrader shows.
"""

from __future__ import annotations

import json
import shutil
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy import Column, Float, MetaData, String, Table, Text, select

GRADED, ATTENTION, FAILED = "graded", "attention", "failed"


def waiting(submission) -> list[str]:
    """The cells of one submission (nbgrader's SubmittedAssignment) still waiting for a human."""
    return sorted(g.name for nb in submission.notebooks for g in nb.grades if g.needs_manual_grade)


def manual_pending(gb: Gradebook, assignment: str, students: set[str] | None = None) -> dict[str, int]:
    """{cell: how many submissions (of ``students``, default all) still wait for a human on it}."""
    pending: dict[str, int] = {}
    for sub in gb.find_assignment(assignment).submissions:
        if students is None or sub.student.id in students:
            for name in waiting(sub):
                pending[name] = pending.get(name, 0) + 1
    return dict(sorted(pending.items()))

_meta = MetaData()
LEDGER = Table(
    "backmice_grading", _meta,
    Column("assignment", String(128), primary_key=True),
    Column("student", String(128), primary_key=True),
    Column("status", String(16), nullable=False),  # graded | attention | failed
    Column("reasons", Text, nullable=False),         # JSON list of plain sentences
    Column("fingerprint", String(64)),
    Column("seconds", Float),
    Column("graded_at", String(40)),
)


# --- the private copy ------------------------------------------------------------------------

def write_template(db_url: str, course_id: str, assignment: str, path: Path) -> dict:
    """Copy the definition of ``assignment`` (notebooks, cells, due date) into a new SQLite
    gradebook at ``path``. Returns {notebook: [grade cell names]}; raises MissingEntry."""
    structure = {}
    with Gradebook(db_url, course_id) as src:
        a = src.find_assignment(assignment)
        with Gradebook(f"sqlite:///{path}", a.course_id or course_id) as dst:
            dst.add_assignment(a.name, duedate=a.duedate, course_id=a.course_id)
            for nb in a.notebooks:
                dst.add_notebook(nb.name, a.name, kernelspec=nb.kernelspec)
                for c in nb.grade_cells:
                    dst.add_grade_cell(c.name, nb.name, a.name, max_score=c.max_score, cell_type=c.cell_type)
                for c in nb.solution_cells:
                    dst.add_solution_cell(c.name, nb.name, a.name)
                for c in nb.task_cells:
                    dst.add_task_cell(c.name, nb.name, a.name, max_score=c.max_score, cell_type=c.cell_type)
                for c in nb.source_cells:
                    dst.add_source_cell(c.name, nb.name, a.name, cell_type=c.cell_type, locked=c.locked,
                                        source=c.source, checksum=c.checksum)
                structure[nb.name] = sorted(c.name for c in nb.grade_cells)
    return structure


def submission_extras(db_url: str, course_id: str, assignment: str) -> dict[str, float]:
    """{student: extension in seconds} for submissions that were given an extension."""
    out = {}
    with Gradebook(db_url, course_id) as gb:
        for sub in gb.find_assignment(assignment).submissions:
            if sub.extension:
                out[sub.student.id] = sub.extension.total_seconds()
    return out


def prepare_private(template: Path, path: Path, course_id: str, assignment: str, student: str,
                    extension: float | None) -> str:
    """A private gradebook for one submission; returns its URL."""
    shutil.copyfile(template, path)
    url = f"sqlite:///{path}"
    if extension:
        with Gradebook(url, course_id) as gb:
            gb.update_or_create_student(student)
            gb.update_or_create_submission(assignment, student, extension=timedelta(seconds=extension))
    return url


def read_results(url: str, course_id: str, assignment: str, student: str) -> dict:
    """What nbgrader recorded for one submission, as plain JSON-able data."""
    with Gradebook(url, course_id) as gb:
        sub = gb.find_submission(assignment, student)
        return {
            "timestamp": sub.timestamp.isoformat() if sub.timestamp else None,
            "notebooks": {
                nb.name: {
                    "late_penalty": nb.late_submission_penalty,
                    "grades": {g.name: g.auto_score for g in nb.grades},
                    "comments": {c.name: c.auto_comment for c in nb.comments},
                }
                for nb in sub.notebooks
            },
        }


# --- writing into the course gradebook ---------------------------------------------------------

def ensure_ledger(gb: Gradebook) -> None:
    """Create the table ``backmice_grading`` if it is missing. Two graders starting at the same
    moment may both try: the loser's error is harmless once the table exists."""
    from sqlalchemy import inspect

    try:
        LEDGER.create(bind=gb.engine, checkfirst=True)
    except Exception:
        if not inspect(gb.engine).has_table(LEDGER.name):
            raise


def merge(gb: Gradebook, assignment: str, student: str, status: str, reasons: list[str],
          results: dict | None, fingerprint: str | None = None, seconds: float | None = None) -> None:
    """Write one submission's outcome into the course gradebook, in one transaction.

    ``results`` (from :func:`read_results`) is None when the submission could not be graded:
    then every automatic score is cleared (unknown, not 0) and the cells wait for a human.
    """
    try:
        gb.find_student(student)
    except MissingEntry:
        gb.add_student(student)
    try:
        sub = gb.find_submission(assignment, student)
    except MissingEntry:
        with warnings.catch_warnings():  # SQLAlchemy 2 warns about nbgrader's own cascade; harmless
            warnings.simplefilter("ignore")
            sub = gb.add_submission(assignment, student)
    if results and results.get("timestamp"):
        sub.timestamp = datetime.fromisoformat(results["timestamp"])
    for nb in sub.notebooks:
        got = (results or {}).get("notebooks", {}).get(nb.name)
        for grade in nb.grades:
            if grade.cell.type == "TaskCell":
                continue  # written tasks are only ever graded by hand
            new = got["grades"].get(grade.name) if got else None
            changed = grade.auto_score != new
            grade.auto_score = new
            if grade.manual_score is not None:
                # a human's score stays; ask again only if the automatic score moved
                grade.needs_manual_grade = grade.needs_manual_grade or changed
            else:
                grade.needs_manual_grade = new is None
        if got:
            for comment in nb.comments:
                comment.auto_comment = got["comments"].get(comment.name)
            nb.late_submission_penalty = got["late_penalty"]
        nb.flagged = status != GRADED
    row = dict(assignment=assignment, student=student, status=status, reasons=json.dumps(reasons),
               fingerprint=fingerprint, seconds=seconds,
               graded_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    gb.db.execute(LEDGER.delete().where(LEDGER.c.assignment == assignment, LEDGER.c.student == student))
    gb.db.execute(LEDGER.insert().values(**row))
    gb.db.commit()


def ledger(gb: Gradebook, assignment: str | None = None) -> dict[tuple[str, str], dict]:
    """{(assignment, student): {status, reasons, fingerprint, seconds, graded_at}}."""
    ensure_ledger(gb)
    query = select(LEDGER)
    if assignment:
        query = query.where(LEDGER.c.assignment == assignment)
    out = {}
    for row in gb.db.execute(query).mappings():
        out[(row["assignment"], row["student"])] = {**row, "reasons": json.loads(row["reasons"])}
    return out


def scores(gb: Gradebook, assignment: str) -> dict[str, dict[str, float | None]]:
    """{student: {cell: score}} with the manual score winning, None where nothing is known."""
    out = {}
    for sub in gb.find_assignment(assignment).submissions:
        out[sub.student.id] = {g.name: (g.manual_score if g.manual_score is not None else g.auto_score)
                               for nb in sub.notebooks for g in nb.grades}
    return out
