"""The class list: who is in the class, and how each system knows them.

``backmice-course roster import FILE`` reads the list an instructor already has (a CSV file
exported from the LMS or the registry) and records, for every student:

- in nbgrader's own ``student`` table: the student id (the folder name in ``submitted/``, the
  JupyterHub user name), first and last name, email, and ``lms_user_id`` (Canvas's numeric "ID");
- in the table ``backmice_roster`` of the same database (so every grader sharing a PostgreSQL
  gradebook sees it): the SIS id (Canvas "SIS User ID", Moodle "ID number", Brightspace
  "OrgDefinedId"), the login id (Canvas "SIS Login ID", Moodle/Blackboard/Brightspace
  "Username") and the section.

The whole file is checked first; if any row is wrong, every problem is listed with its row
number in plain words and nothing at all is written. Re-importing updates names, emails, ids and
sections; it never touches a submission or a grade. Students in the gradebook but not in the
file are kept as they are.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, fields
from pathlib import Path

from nbgrader.api import Gradebook, Student
from sqlalchemy import Column, MetaData, String, Table, select

from .course import CourseError

_meta = MetaData()
ROSTER = Table(
    "backmice_roster", _meta,
    Column("student", String(128), primary_key=True),
    Column("sis_id", String(128)),
    Column("login_id", String(128)),
    Column("section", String(128)),
)


@dataclass
class Entry:
    """One student of the class list ('' where the list says nothing)."""

    student_id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    lms_user_id: str = ""
    sis_id: str = ""
    login_id: str = ""
    section: str = ""

    @property
    def sortable_name(self) -> str:
        """"Last, First" (what Canvas shows in its Student column)."""
        if self.last_name and self.first_name:
            return f"{self.last_name}, {self.first_name}"
        return self.last_name or self.first_name


FIELDS = [f.name for f in fields(Entry)]

# Column names the class list may use for each field, compared without case, spaces or
# punctuation. "ID" alone is not here: Canvas means its own number by it, others the SIS id.
ALIASES = {
    "student_id": ["studentid", "nbgraderid", "backmiceid", "jupyterhubuser", "jupyterhubusername"],
    "first_name": ["firstname", "first", "givenname", "forename"],
    "last_name": ["lastname", "last", "surname", "familyname"],
    "email": ["email", "emailaddress", "mail"],
    "lms_user_id": ["lmsuserid", "lmsid", "canvasid", "canvasuserid"],
    "sis_id": ["sisid", "sisuserid", "idnumber", "orgdefinedid", "studentnumber"],
    "login_id": ["loginid", "sisloginid", "username", "login"],
    "section": ["section", "sections", "group", "tutorialgroup"],
    # a single name column, used only when there is no first/last name column: "Last, First"
    # (as Canvas writes it) is split at its last comma; a name without a comma is kept whole
    "name": ["name", "student", "studentname", "fullname"],
}
LABELS = {"student_id": "student id", "first_name": "first name", "last_name": "last name",
          "email": "email", "lms_user_id": "LMS user id", "sis_id": "SIS id", "login_id": "login id",
          "section": "section", "name": "name"}

# nbgrader uses the student id as a folder name: keep it to what is safe everywhere
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$")
EMAIL_RE = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")


class RosterError(CourseError):
    """The class list cannot be imported; ``problems`` holds one plain sentence per problem."""

    def __init__(self, path: Path, problems: list[str]):
        self.problems = problems
        shown = problems[:50] + ([f"... and {len(problems) - 50} more"] if len(problems) > 50 else [])
        super().__init__(f"{path}: nothing was imported, because:\n  " + "\n  ".join(shown))


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _columns(header: list[str], id_from: str | None) -> tuple[dict[str, int], list[str], list[str]]:
    """({field: column index}, problems, notes) for a header row. With ``id_from``, that column
    gives the student id (and still feeds its own field, e.g. the login id, if it is one)."""
    lookup = {name: fld for fld, names in ALIASES.items() for name in names}
    found, problems, ignored = {}, [], []
    for i, title in enumerate(header):
        key, used = _norm(title), False
        if id_from and key == _norm(id_from) and "student_id" not in found:
            found["student_id"], used = i, True
        fld = lookup.get(key)
        if key == "id" and "sisuserid" in {_norm(h) for h in header}:
            fld = "lms_user_id"   # the layout of Canvas's gradebook: "ID" is Canvas's own number
        if fld and not (id_from and fld == "student_id"):
            used = True
            if fld in found:
                problems.append(f"the header has two columns for the {LABELS[fld]}: "
                                f"{header[found[fld]]!r} and {title!r}; keep one")
            else:
                found[fld] = i
        if not used and title.strip():
            ignored.append(title.strip())
    if "student_id" not in found:
        listed = ", ".join(h for h in header if h.strip())
        if id_from:
            problems.append(f"there is no column {id_from!r} (the header has: {listed})")
        else:
            problems.append("there is no student id column: name one 'student_id' (the id students "
                            "submit under: their folder in submitted/, their JupyterHub user name), "
                            f"or say which column holds it with --id-from COLUMN (the header has: {listed})")
    return found, problems, (["column(s) not used: " + ", ".join(ignored)] if ignored else [])


def read(path: Path, id_from: str | None = None) -> tuple[list[Entry], list[str], set[str]]:
    """(the class list's entries, notes, the fields it has columns for); raises
    :class:`RosterError` listing every bad row."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise CourseError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise RosterError(path, [f"the file is not UTF-8 text (byte {exc.start}): save it as "
                                 "'CSV UTF-8' from your spreadsheet"]) from None
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(text.splitlines(), dialect))
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(cell.strip() for cell in r)]
    if not numbered:
        raise RosterError(path, ["the file is empty"])
    (_, header), body = numbered[0], numbered[1:]
    columns, problems, notes = _columns(header, id_from)
    if problems:
        raise RosterError(path, problems)
    if not body:
        raise RosterError(path, ["the file has a header but no students"])
    entries, seen = [], {fld: {} for fld in ("student_id", "email", "lms_user_id", "sis_id", "login_id")}
    for n, row in body:
        if len(row) != len(header):
            problems.append(f"row {n}: {len(row)} field(s), but the header has {len(header)} "
                            "(a comma inside a name needs the name in double quotes)")
            continue
        values = {fld: row[i].strip() for fld, i in columns.items()}
        name = values.pop("name", "")
        if name and "first_name" not in columns and "last_name" not in columns:
            last, _, first = name.rpartition(",") if "," in name else (name, "", "")
            values["last_name"], values["first_name"] = last.strip(), first.strip()
        entry = Entry(**values)
        bad = []
        if not entry.student_id:
            bad.append("no student id")
        elif not ID_RE.match(entry.student_id):
            bad.append(f"student id {entry.student_id!r} may hold only letters, digits and . _ @ + - "
                       "(no spaces), starting with a letter or digit")
        if entry.email and not EMAIL_RE.match(entry.email):
            bad.append(f"email {entry.email!r} is not an email address")
        for fld in seen:
            value = getattr(entry, fld)
            key = value.lower() if fld == "email" else value
            if value and key in seen[fld]:
                bad.append(f"{LABELS[fld]} {value!r} is also on row {seen[fld][key]}")
            elif value:
                seen[fld][key] = n
        if bad:
            problems.append(f"row {n}: " + "; ".join(bad))
        else:
            entries.append(entry)
    if problems:
        raise RosterError(path, problems)
    present = set(columns) - {"name"}
    if "name" in columns and not present & {"first_name", "last_name"}:
        present |= {"first_name", "last_name"}
    return entries, notes, present


# --- the gradebook side -------------------------------------------------------------------------

def ensure_table(gb: Gradebook) -> None:
    from sqlalchemy import inspect

    try:
        ROSTER.create(bind=gb.engine, checkfirst=True)
    except Exception:  # two graders at once: harmless once the table exists
        if not inspect(gb.engine).has_table(ROSTER.name):
            raise


@dataclass
class ImportResult:
    added: list[str]
    updated: list[str]
    unchanged: list[str]
    not_in_file: list[str]
    notes: list[str]

    def lines(self) -> list[str]:
        out = [f"{len(self.added)} student(s) added, {len(self.updated)} updated, "
               f"{len(self.unchanged)} unchanged. Grades were not touched."]
        if self.not_in_file:
            out.append(f"{len(self.not_in_file)} student(s) in the gradebook are not in this file "
                       f"(kept as they are): {', '.join(self.not_in_file)}")
        return out + self.notes


def save(gb: Gradebook, entries: list[Entry], present: set[str] | None = None) -> ImportResult:
    """Write ``entries`` in one transaction. Only the fields in ``present`` (default: all) are
    written, so a class list without, say, an email column leaves the emails as they were."""
    present = set(FIELDS) if present is None else present
    ensure_table(gb)
    existing = {s.id: s for s in gb.db.query(Student).all()}
    extra = {r["student"]: dict(r) for r in gb.db.execute(select(ROSTER)).mappings()}
    added, updated, unchanged = [], [], []
    try:
        for e in entries:
            student = existing.get(e.student_id)
            if student is None:
                student = Student(id=e.student_id)
                gb.db.add(student)
                added.append(e.student_id)
            before = (student.first_name, student.last_name, student.email, student.lms_user_id,
                      *(extra.get(e.student_id, {}).get(k) for k in ("sis_id", "login_id", "section")))
            for fld in ("first_name", "last_name", "email", "lms_user_id"):
                if fld in present:
                    setattr(student, fld, getattr(e, fld) or None)
            old = extra.get(e.student_id, {})
            row = {k: (getattr(e, k) or None) if k in present else old.get(k)
                   for k in ("sis_id", "login_id", "section")}
            after = (student.first_name, student.last_name, student.email, student.lms_user_id,
                     row["sis_id"], row["login_id"], row["section"])
            gb.db.execute(ROSTER.delete().where(ROSTER.c.student == e.student_id))
            gb.db.execute(ROSTER.insert().values(student=e.student_id, **row))
            if e.student_id not in added:
                (updated if before != after else unchanged).append(e.student_id)
        gb.db.commit()
    except Exception:
        gb.db.rollback()
        raise
    in_file = {e.student_id for e in entries}
    return ImportResult(added, updated, unchanged, sorted(set(existing) - in_file), [])


def import_file(db_url: str, course_id: str, path: Path, id_from: str | None = None) -> ImportResult:
    entries, notes, present = read(path, id_from)
    with Gradebook(db_url, course_id) as gb:
        result = save(gb, entries, present)
    result.notes += notes
    return result


def load(gb: Gradebook) -> dict[str, Entry]:
    """{student id: Entry} for every student in the gradebook (roster fields '' where unknown)."""
    ensure_table(gb)
    extra = {r["student"]: r for r in gb.db.execute(select(ROSTER)).mappings()}
    out = {}
    for s in gb.db.query(Student).order_by(Student.id).all():
        x = extra.get(s.id, {})
        out[s.id] = Entry(s.id, s.first_name or "", s.last_name or "", s.email or "", s.lms_user_id or "",
                          x.get("sis_id") or "", x.get("login_id") or "", x.get("section") or "")
    return out
