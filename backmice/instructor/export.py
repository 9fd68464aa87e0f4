"""grades.csv with a status on every row, so no score is a silent 0.

The columns of ``nbgrader export`` (assignment, duedate, timestamp, student_id, last_name,
first_name, email, raw_score, late_submission_penalty, score, max_score), then:

- ``status``: ``graded``; ``needs attention`` (graded, but something is wrong: see ``reason``);
  ``not graded`` (grading failed: the score columns are left empty, never 0);
  ``needs manual grading`` (written answers not yet marked: the score counts what is marked);
  ``no submission``.
- ``reason``: the plain reason, from the last grading run.
"""

from __future__ import annotations

import csv
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from . import gradebook

COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
           "raw_score", "late_submission_penalty", "score", "max_score", "status", "reason"]


def rows(db_url: str, course_id: str, assignments: list[str] | None = None) -> list[dict]:
    out = []
    with Gradebook(db_url, course_id) as gb:
        book = gradebook.ledger(gb)
        for a in gb.assignments:
            if assignments and a.name not in assignments:
                continue
            for student in gb.students:
                row = {"assignment": a.name, "duedate": a.duedate or "", "student_id": student.id,
                       "last_name": student.last_name or "", "first_name": student.first_name or "",
                       "email": student.email or "", "max_score": a.max_score}
                try:
                    sub = gb.find_submission(a.name, student.id)
                except MissingEntry:
                    out.append({**row, "timestamp": "", "raw_score": 0.0, "late_submission_penalty": 0.0,
                                "score": 0.0, "status": "no submission", "reason": ""})
                    continue
                entry = book.get((a.name, student.id))
                penalty = sub.late_submission_penalty or 0.0
                row.update(timestamp=sub.timestamp or "", raw_score=sub.score, late_submission_penalty=penalty,
                           score=max(0.0, sub.score - penalty), reason="; ".join(entry["reasons"]) if entry else "")
                waiting = gradebook.waiting(sub)
                if entry and entry["status"] == gradebook.FAILED and any(
                        g.auto_score is None and g.manual_score is None and g.cell.type == "GradeCell"
                        for nb in sub.notebooks for g in nb.grades):
                    row.update(status="not graded", raw_score="", late_submission_penalty="", score="")
                elif entry and entry["status"] != gradebook.GRADED or any(nb.flagged for nb in sub.notebooks):
                    row["status"] = "needs attention"
                elif waiting:
                    row.update(status="needs manual grading",
                               reason=(row["reason"] + "; " if row["reason"] else "") + "not yet marked: " + ", ".join(waiting))
                else:
                    row["status"] = "graded"
                out.append(row)
    return out


def write(path: Path, db_url: str, course_id: str, assignments: list[str] | None = None) -> list[dict]:
    data = rows(db_url, course_id, assignments)
    with open(path, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(data)
    return data
