"""Grades where instructors keep them: ``backmice-course export --format canvas|moodle|blackboard|d2l|csv``.

Each format writes the grade-import layout its system documents (no live LMS was used; each
layout below names the page it follows, and says where that page is silent). Students come from
the gradebook and the class list (:mod:`roster`); scores are points after the late penalty
(:mod:`latework`); maxima are not part of any of these files: each system takes them from its
own grade item, so the command prints the maximum to set for each assignment.

A student with no submission, a submission that needs attention or could not be graded, or
written answers not yet marked is never written as a silent 0. ``--missing refuse`` (the default
for the LMS formats) writes nothing and names them, with the reason; ``--missing flag`` leaves
their score empty and adds a column ``Back Mice flag`` saying why (delete that column before
uploading: it is for you). ``csv`` (nbgrader's columns plus ``status`` and ``reason``) always
says so on every row.

Layouts (header row, then one row per student):

- **canvas**: ``Student, ID, SIS User ID, SIS Login ID, Section``, then one column per assignment
  titled with its name. Followed: Ohio State's guide to Canvas's gradebook import,
  https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades
  (Student as "last name, first name", or ID, or SIS User ID: one of the three identifies the
  student; SIS Login ID; Section; then the assignment columns; a new column title makes a new
  assignment) and Canvas's CSV rules (a header row; quote fields holding commas, double the
  quotes inside; UTF-8), https://developerdocs.instructure.com/services/canvas/sis/file.sis_csv.
  Those pages are silent on a "Points Possible" row, so none is written; the exact titles are
  the ones Canvas's own gradebook export uses (OSU's page names the same five fields).
- **moodle**: one identifier column (``--id email|idnumber|username``: "Email address", "ID
  number" or "Username"), then one column per assignment. Followed: MoodleDocs, Grade import,
  https://docs.moodle.org/311/en/Grade_import (CSV import; in the preview you choose the
  mapping: "Map from" the identifier column, "Map to" useremail, useridnumber or username; email
  addresses are matched case-sensitively), and Moodle's mapping form,
  https://github.com/moodle/moodle/blob/main/grade/import/grade_import_form.php ("Map from" lists
  the file's own column titles; "Map to" offers userid, username, useridnumber, useremail; each
  other column maps to a grade item, a new grade item, its comments, or "ignore"). Neither says
  anything of empty cells.
- **blackboard**: ``Last Name, First Name, Username``, then one column per assignment, every
  field in double quotes. Followed: Blackboard Learn, Uploading or Downloading Grade Center Items
  for Working Offline,
  http://library.blackboard.com/ref/3ea64795-6ecc-4abd-b595-0a9a8dfdec94/Content/_instructor_grade_center/grade_center_upload_download.htm
  (the student is identified by User Name; comma-delimited data in each column within a quote
  character; a column without a Column ID becomes a new text column with points possible 0) and
  http://library.blackboard.com/docs/r7/71/en_US/instructor/bbas_r7_1_instructor/upload_gradebook.htm
  (changes to the first and last name columns are not processed), and Missouri's guide,
  http://etopics.missouri.edu/support/solutions/articles/1000187371-work-offline-download-grades-upload-spreadsheet
  (the username column must be in the file, no parentheses needed). None of them spells the
  exact column titles: "Last Name", "First Name", "Username" are our choice (download the Grade
  Center once to see your installation's titles and Column IDs).
- **d2l** (Brightspace): ``OrgDefinedId, Username``, then ``<assignment> Points Grade`` per
  assignment, then ``End-of-Line Indicator``; the ids are written with a leading ``#`` and every
  row ends with ``#``. Followed: D2L, Importing grades,
  https://community.d2l.com/brightspace/kb/articles/3538-importing-grades (Username or Org
  Defined ID, or both; numeric items titled "<item> Points Grade", the points the student
  received; do not import first name, email...), and for the ``#`` markers, UW-Madison's
  Learn@UW KB 4330, https://kb.wisc.edu/page.php?id=4330, and for the column order (OrgDefinedId
  first, Username second) USC's guide, https://www.brightspacehelp.usc.edu/instructors/import-grades.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook

from . import export, latework, roster
from .course import Course, CourseError

FORMATS = ("csv", "canvas", "moodle", "blackboard", "d2l")
MISSING = ("refuse", "flag")
MOODLE_IDS = {"email": ("Email address", "email", "useremail"),
              "idnumber": ("ID number", "sis_id", "useridnumber"),
              "username": ("Username", "login_id", "username")}
FLAG = "Back Mice flag"
NAMES = {"canvas": "Canvas", "moodle": "Moodle", "blackboard": "Blackboard", "d2l": "Brightspace (D2L)",
         "csv": "grades.csv"}


@dataclass
class Cell:
    """One student's result on one assignment, as exported."""

    status: str
    reason: str
    raw: float | None
    late: latework.Late
    score: float | None          # after the late penalty; None: not exportable as a number

    @property
    def ok(self) -> bool:
        return self.status.startswith("graded")

    def why(self) -> str:
        return self.status + (f" ({self.reason})" if self.reason else "")


@dataclass
class Gathered:
    assignments: list[tuple[str, float]]                  # (name, maximum)
    students: list[roster.Entry]
    cells: dict[tuple[str, str], Cell]
    rows: list[dict] = field(default_factory=list)        # export.rows, late penalty recomputed


def _float(x) -> float | None:
    return None if x in ("", None) else float(x)


def gather(course: Course, assignments: list[str] | None = None) -> Gathered:
    policy = latework.from_config(course.config)
    rows = export.rows(course.db_url, course.course_id, assignments or None)
    with Gradebook(course.db_url, course.course_id) as gb:
        people = roster.load(gb)
        ext = latework.extensions(gb)
        known = [(a.name, float(a.max_score or 0.0)) for a in gb.assignments
                 if not assignments or a.name in assignments]
        missing = sorted(set(assignments or []) - {a for a, _ in known})
        if missing:
            raise CourseError(f"{', '.join(missing)} is not in the gradebook {course.db_url}")
        dues = {a.name: latework.due_date(policy, a) for a in gb.assignments}
        times = {(s.assignment.name, s.student.id): s.timestamp
                 for a in gb.assignments for s in a.submissions}
    cells = {}
    for row in rows:
        key = (row["assignment"], row["student_id"])
        raw = _float(row["raw_score"])
        if policy.configured and row["status"] != "no submission":
            late = latework.penalty(policy, dues.get(key[0]), float(row["max_score"] or 0), raw,
                                    times.get(key), ext.get(key))
            if raw is not None:
                row["late_submission_penalty"] = late.points
                row["score"] = round(max(0.0, raw - late.points), 2)
            if late.note:
                row["reason"] = "; ".join(x for x in (row["reason"], late.note) if x)
        else:
            late = latework.Late(points=_float(row["late_submission_penalty"]) or 0.0)
        score = _float(row["score"]) if row["status"] != "no submission" else None
        cells[key] = Cell(row["status"], row["reason"], raw, late, score)
    order = sorted(people.values(), key=lambda e: (e.last_name.lower(), e.first_name.lower(), e.student_id))
    return Gathered(known, order, cells, rows)


def _num(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:.2f}".rstrip("0").rstrip(".")


@dataclass
class Result:
    path: Path
    fmt: str
    students: int
    flagged: list[tuple[str, str]]        # (student, why)
    maxima: list[tuple[str, float]]
    rows: list[dict] = field(default_factory=list)


def _problems(data: Gathered) -> dict[str, list[str]]:
    """{student: [why, per assignment]} for every cell that is not a real score."""
    out: dict[str, list[str]] = {}
    for e in data.students:
        for a, _ in data.assignments:
            cell = data.cells.get((a, e.student_id))
            if cell is None or not cell.ok:
                out.setdefault(e.student_id, []).append(f"{a}: {cell.why() if cell else 'no row'}")
    return out


def _identifiers(fmt: str, data: Gathered, id_field: str) -> None:
    """Refuse (naming them) when students lack what the system matches them on."""
    lacking, what = [], ""
    for e in data.students:
        if fmt == "canvas":
            what = "Canvas ID, SIS User ID or name (Canvas matches students on one of them)"
            ok = e.lms_user_id or e.sis_id or e.sortable_name
        elif fmt == "moodle":
            label, attr, _ = MOODLE_IDS[id_field]
            what = f"{roster.LABELS[attr]} (Moodle matches them on the column {label!r})"
            ok = getattr(e, attr)
        elif fmt == "blackboard":
            what = "login id (Blackboard matches students on their Username)"
            ok = e.login_id
        elif fmt == "d2l":
            what = "SIS id (OrgDefinedId) or login id (Username), which Brightspace matches students on"
            ok = e.sis_id or e.login_id
        else:
            ok = True
        if not ok:
            lacking.append(e.student_id)
    if lacking:
        raise CourseError(f"nothing was written: {len(lacking)} student(s) have no {what}: "
                          f"{', '.join(lacking)}. Add it to the class list and run "
                          "'backmice-course roster import FILE' again.")


def table(fmt: str, data: Gathered, flag: bool, id_field: str = "email") -> tuple[list[str], list[list[str]], int]:
    """(header, rows, csv quoting) of an LMS layout (see the module doc)."""
    names = [a for a, _ in data.assignments]
    problems = _problems(data)

    def score(a, e):
        cell = data.cells.get((a, e.student_id))
        return _num(cell.score) if cell is not None and cell.ok else ""

    def flagged(e):
        return ["; ".join(problems.get(e.student_id, []))] if flag else []

    quoting = csv.QUOTE_MINIMAL
    if fmt == "canvas":
        header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *names] + ([FLAG] if flag else [])
        rows = [[e.sortable_name, e.lms_user_id, e.sis_id, e.login_id, e.section,
                 *(score(a, e) for a in names), *flagged(e)] for e in data.students]
    elif fmt == "moodle":
        label, attr, _ = MOODLE_IDS[id_field]
        header = [label, *names] + ([FLAG] if flag else [])
        rows = [[getattr(e, attr), *(score(a, e) for a in names), *flagged(e)] for e in data.students]
    elif fmt == "blackboard":
        header = ["Last Name", "First Name", "Username", *names] + ([FLAG] if flag else [])
        rows = [[e.last_name, e.first_name, e.login_id, *(score(a, e) for a in names), *flagged(e)]
                for e in data.students]
        quoting = csv.QUOTE_ALL
    elif fmt == "d2l":
        header = ["OrgDefinedId", "Username", *(f"{a} Points Grade" for a in names)] \
            + ([FLAG] if flag else []) + ["End-of-Line Indicator"]
        rows = [["#" + e.sis_id if e.sis_id else "", "#" + e.login_id if e.login_id else "",
                 *(score(a, e) for a in names), *flagged(e), "#"] for e in data.students]
    else:
        raise ValueError(fmt)
    return header, rows, quoting


def render(fmt: str, data: Gathered, flag: bool, id_field: str = "email") -> str:
    header, rows, quoting = table(fmt, data, flag, id_field)
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=quoting, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def write(course: Course, fmt: str, out: Path, assignments: list[str] | None = None,
          missing: str | None = None, id_field: str = "email") -> Result:
    """Write ``out`` in ``fmt``; raises CourseError (naming the students) when ``missing`` is
    "refuse" and some score is not real. ``missing`` defaults to "refuse" for the LMS formats
    and "flag" for csv (whose status column flags every row)."""
    if fmt not in FORMATS:
        raise CourseError(f"--format {fmt}: choose one of {', '.join(FORMATS)}")
    if id_field not in MOODLE_IDS:
        raise CourseError(f"--id {id_field}: choose one of {', '.join(MOODLE_IDS)}")
    missing = missing or ("flag" if fmt == "csv" else "refuse")
    if missing not in MISSING:
        raise CourseError(f"--missing {missing}: choose 'refuse' or 'flag'")
    data = gather(course, assignments)
    if not data.assignments:
        raise CourseError(f"the gradebook {course.db_url} has no assignments yet (release one first)")
    problems = _problems(data) if fmt != "csv" else {
        r["student_id"]: [f"{r['assignment']}: {r['status']}" + (f" ({r['reason']})" if r["reason"] else "")]
        for r in data.rows if not r["status"].startswith("graded")}
    if missing == "refuse" and problems:
        lines = [f"  {s}: " + "; ".join(whys) for s, whys in sorted(problems.items())]
        raise CourseError(
            f"nothing was written: {len(problems)} student(s) have no real score to send "
            f"(never a silent 0):\n" + "\n".join(lines) + "\nGrade or mark them (Formgrader), or run "
            "again with --missing flag to leave their score empty with a flag column saying why.")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        with open(out, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(export.COLUMNS), extrasaction="ignore")
            writer.writeheader()
            writer.writerows(data.rows)
    else:
        _identifiers(fmt, data, id_field)
        out.write_text(render(fmt, data, missing == "flag", id_field), encoding="utf-8", newline="")
    return Result(out, fmt, len(data.students), [(s, "; ".join(w)) for s, w in sorted(problems.items())],
                  data.assignments, data.rows)


def summary(result: Result, id_field: str = "email") -> list[str]:
    """What the instructor reads after an export: where, who is flagged, what to set and do."""
    lines = [f"{NAMES[result.fmt]} file written to {result.path}: {result.students} student(s), "
             f"{len(result.maxima)} assignment(s)."]
    if result.fmt != "csv":
        lines.append("Maximum points to set for each assignment in the LMS: "
                     + ", ".join(f"{a} {_num(m)}" for a, m in result.maxima) + ".")
    if result.flagged:
        lines.append(f"{len(result.flagged)} student(s) flagged (score left empty, never 0):")
        lines += [f"  {s}: {why}" for s, why in result.flagged]
        if result.fmt != "csv":
            lines.append(f"Delete the column '{FLAG}' before uploading.")
    if result.fmt == "moodle":
        lines.append(f"In Moodle's preview, map from '{MOODLE_IDS[id_field][0]}' to "
                     f"'{MOODLE_IDS[id_field][2]}', and each assignment column to its grade item.")
    return lines


def cmd_export(course: Course, args) -> int:
    """``backmice-course export`` with --format/--missing, or with a late-work policy."""
    default = "grades.csv" if args.format == "csv" else f"grades-{args.format}.csv"
    out = Path(args.out) if args.out else course.root / default
    result = write(course, args.format, out, args.assignment or None, args.missing, args.id)
    if args.format == "csv":  # as plain export says it, with the late penalties in
        counts: dict[str, int] = {}
        for row in result.rows:
            counts[row["status"]] = counts.get(row["status"], 0) + 1
        print(f"{len(result.rows)} row(s) written to {out}: "
              + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
        policy = latework.from_config(course.config)
        if policy.configured:
            print(f"Late work: {policy.describe()}; see late_submission_penalty and reason.")
        return 1 if counts.get("needs attention", 0) + counts.get("not graded", 0) else 0
    for line in summary(result, args.id):
        print(line)
    return 1 if result.flagged else 0
