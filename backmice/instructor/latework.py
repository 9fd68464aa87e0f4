"""Late work: due dates, a deduction per day (or hour) late with a cap, a grace period, and
per-student extensions.

The policy is set in the course's configuration (``nbgrader_config.py``, read by
:func:`backmice.instructor.course.load_config`), in a section of its own::

    c.LateWork.due = {"a0_orientation": "2026-09-14 23:59", "a1_anatomy": "2026-09-28 23:59"}
    c.LateWork.timezone = "Europe/London"   # due dates without an offset are in this zone (default UTC)
    c.LateWork.per = "day"                  # or "hour": each started day (hour) late counts
    c.LateWork.deduct = "10%"               # of the assignment's maximum, per day; or points: 1.5
    c.LateWork.cap = "50%"                  # at most this much in all (of the maximum; or points)
    c.LateWork.grace_minutes = 15           # up to 15 minutes late counts as on time

An assignment without a due date here keeps nbgrader's own (``nbgrader db assignment add
--duedate``), if it has one. Extensions (``backmice-course extend STUDENT ASSIGNMENT --days N``)
are kept in the gradebook, in the table ``backmice_extensions``, so every grader sharing a
PostgreSQL gradebook sees them; an extension moves that student's due date.

The penalty is a pure function of the submission's time (nbgrader's timestamp), the due date,
the extension, the policy and the raw score (:func:`penalty`). It is worked out afresh, never
added to what was there: :func:`apply` (run after grading, before feedback and after each
``extend``) overwrites nbgrader's ``late_submission_penalty`` of every notebook, so feedback
shows it and plain ``nbgrader export`` agrees; re-grading can never apply it twice, and
removing an extension restores the grade. The exports compute it again from the same inputs.

Lateness is counted from the due date (plus any extension): a submission 1 hour 20 minutes
late with ``per = "hour"`` is 2 hours late; the grace period only decides whether it is late at
all. The deduction is never more than the raw score (no negative grades).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy import Column, Float, MetaData, String, Table, select

from .course import CourseError

SECTION = "LateWork"
SETTINGS = ("due", "timezone", "per", "deduct", "cap", "grace_minutes")

_meta = MetaData()
EXTENSIONS = Table(
    "backmice_extensions", _meta,
    Column("assignment", String(128), primary_key=True),
    Column("student", String(128), primary_key=True),
    Column("seconds", Float, nullable=False),
    Column("granted_at", String(40)),
)


@dataclass(frozen=True)
class Policy:
    due: dict = field(default_factory=dict)      # {assignment: naive UTC datetime}
    per: str = "day"
    deduct: float = 0.0
    deduct_percent: bool = False
    cap: float | None = None
    cap_percent: bool = False
    grace: timedelta = timedelta(0)
    timezone: str = "UTC"
    configured: bool = False                      # False: no c.LateWork section at all

    @property
    def unit(self) -> timedelta:
        return timedelta(hours=1) if self.per == "hour" else timedelta(days=1)

    def points_per_unit(self, max_score: float) -> float:
        return self.deduct * max_score / 100 if self.deduct_percent else self.deduct

    def cap_points(self, max_score: float) -> float | None:
        if self.cap is None:
            return None
        return self.cap * max_score / 100 if self.cap_percent else self.cap

    def describe(self) -> str:
        if not self.configured:
            return "no late-work policy (c.LateWork is not set)"
        amount = f"{self.deduct:g}% of the maximum" if self.deduct_percent else f"{self.deduct:g} point(s)"
        text = f"{amount} per {self.per} late (each started {self.per} counts)"
        if self.cap is not None:
            text += f", at most {self.cap:g}% of the maximum" if self.cap_percent else f", at most {self.cap:g} point(s)"
        if self.grace:
            text += f", after a grace period of {self.grace.total_seconds() / 60:g} minute(s)"
        return text

    def local(self, when: datetime | None) -> str:
        """A naive UTC time as the instructor reads it (in the policy's time zone)."""
        if when is None:
            return "no due date"
        zone = _zone(self.timezone)
        return when.replace(tzinfo=timezone.utc).astimezone(zone).strftime("%Y-%m-%d %H:%M") + f" ({self.timezone})"


@dataclass(frozen=True)
class Late:
    """The late penalty of one submission."""

    points: float = 0.0
    late_by: timedelta = timedelta(0)
    units: int = 0
    note: str = ""        # plain words: '' when on time with nothing to say


def _zone(name: str):
    if name.upper() == "UTC":
        return timezone.utc
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CourseError(f"c.{SECTION}.timezone = {name!r} is not a time zone I know "
                          "(use a name like 'Europe/London' or 'America/Toronto', or 'UTC')") from None


def _amount(name: str, value) -> tuple[float, bool]:
    """'10%' -> (10.0, True); 2 or '2' -> (2.0, False)."""
    text = str(value).strip()
    percent = text.endswith("%")
    try:
        number = float(text.rstrip("%").strip())
    except ValueError:
        raise CourseError(f"c.{SECTION}.{name} = {value!r} is not an amount: write a number of points "
                          f"(like 1.5) or a share of the maximum (like \"10%\")") from None
    if number < 0 or math.isnan(number) or (percent and number > 100):
        raise CourseError(f"c.{SECTION}.{name} = {value!r} must be between 0 and "
                          + ("100%" if percent else "the assignment's maximum"))
    return number, percent


def parse_due(text, zone_name: str, where: str) -> datetime:
    """A due date (a string like '2026-09-14 23:59', with or without an offset, or a datetime)
    as a naive UTC datetime, the way nbgrader stores times."""
    if isinstance(text, datetime):
        when = text
    else:
        try:
            when = datetime.fromisoformat(str(text).strip())
        except ValueError:
            raise CourseError(f"{where} = {text!r} is not a date and time: write it like "
                              "'2026-09-14 23:59'") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=_zone(zone_name))
    return when.astimezone(timezone.utc).replace(tzinfo=None)


def from_config(config) -> Policy:
    """The policy in the course configuration's ``c.LateWork`` section, checked."""
    if SECTION not in config:
        return Policy()
    section = config[SECTION]
    unknown = sorted(set(section) - set(SETTINGS))
    if unknown:
        raise CourseError(f"c.{SECTION}.{unknown[0]} is not a setting; the settings are: "
                          + ", ".join(f"c.{SECTION}.{s}" for s in SETTINGS))
    zone_name = str(section.get("timezone", "UTC"))
    _zone(zone_name)
    due_raw = section.get("due", {})
    if not isinstance(due_raw, dict):
        raise CourseError(f"c.{SECTION}.due must be a dictionary: "
                          "{\"a0_orientation\": \"2026-09-14 23:59\", ...}")
    due = {str(a): parse_due(t, zone_name, f"c.{SECTION}.due[{a!r}]") for a, t in due_raw.items()}
    per = str(section.get("per", "day")).strip().lower()
    if per in ("days", "hours"):
        per = per[:-1]
    if per not in ("day", "hour"):
        raise CourseError(f"c.{SECTION}.per = {section.get('per')!r}: write \"day\" or \"hour\"")
    deduct, deduct_percent = _amount("deduct", section.get("deduct", 0))
    cap, cap_percent = (None, False) if section.get("cap") is None else _amount("cap", section["cap"])
    try:
        grace = float(section.get("grace_minutes", 0))
    except (TypeError, ValueError):
        raise CourseError(f"c.{SECTION}.grace_minutes = {section.get('grace_minutes')!r} is not a "
                          "number of minutes") from None
    if grace < 0:
        raise CourseError(f"c.{SECTION}.grace_minutes must not be negative")
    return Policy(due, per, deduct, deduct_percent, cap, cap_percent, timedelta(minutes=grace),
                  zone_name, True)


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" + ("" if n == 1 else "s")


def _duration(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [_plural(days, "day")] if days else []
    parts += [_plural(hours, "hour")] if hours else []
    parts += [_plural(mins, "minute")] if mins and not days else []
    return " ".join(parts) or "less than a minute"


def penalty(policy: Policy, due: datetime | None, max_score: float, raw: float | None,
            submitted: datetime | None, extension: timedelta | None = None) -> Late:
    """The late penalty of one submission: a pure function (see the module doc). ``due`` is the
    assignment's due date (naive UTC) without the extension; ``raw`` the score before it."""
    if not policy.configured or due is None:
        return Late()
    extension = extension or timedelta(0)
    deadline = due + extension
    ext_note = f" (with an extension of {_duration(extension)})" if extension else ""
    if submitted is None:
        return Late(note="no submission time recorded: counted as on time")
    late_by = submitted - deadline
    if late_by <= timedelta(0):
        return Late(note=f"on time{ext_note}" if extension else "")
    if late_by <= policy.grace:
        return Late(late_by=late_by, note=f"{_duration(late_by)} late{ext_note}, within the grace period: no deduction")
    units = math.ceil(late_by / policy.unit - 1e-9)
    points = units * policy.points_per_unit(max_score)
    capped = policy.cap_points(max_score)
    if capped is not None and points > capped:
        points, why = capped, " (the cap)"
    else:
        why = ""
    points = round(min(points, raw if raw is not None else points), 2)
    return Late(points, late_by, units,
                f"{_duration(late_by)} late{ext_note}: {_plural(units, policy.per)} x "
                f"{policy.points_per_unit(max_score):g} = -{points:g} point(s){why}")


# --- extensions, in the gradebook ------------------------------------------------------------

def ensure_table(gb: Gradebook) -> None:
    from sqlalchemy import inspect

    try:
        EXTENSIONS.create(bind=gb.engine, checkfirst=True)
    except Exception:
        if not inspect(gb.engine).has_table(EXTENSIONS.name):
            raise


def extensions(gb: Gradebook) -> dict[tuple[str, str], timedelta]:
    """{(assignment, student): extension}."""
    ensure_table(gb)
    return {(r["assignment"], r["student"]): timedelta(seconds=r["seconds"])
            for r in gb.db.execute(select(EXTENSIONS)).mappings()}


def set_extension(gb: Gradebook, assignment: str, student: str, extra: timedelta | None) -> None:
    """Give ``student`` ``extra`` time on ``assignment`` (None or 0: remove the extension)."""
    ensure_table(gb)
    gb.db.execute(EXTENSIONS.delete().where(EXTENSIONS.c.assignment == assignment,
                                            EXTENSIONS.c.student == student))
    if extra:
        gb.db.execute(EXTENSIONS.insert().values(
            assignment=assignment, student=student, seconds=extra.total_seconds(),
            granted_at=datetime.now(timezone.utc).isoformat(timespec="seconds")))
    gb.db.commit()


# --- applying it to the gradebook ------------------------------------------------------------

def due_date(policy: Policy, gb_assignment) -> datetime | None:
    return policy.due.get(gb_assignment.name) or gb_assignment.duedate


def of_submission(policy: Policy, sub, ext: dict | None = None) -> Late:
    """The penalty of an nbgrader SubmittedAssignment (raw score = its notebooks' scores)."""
    a = sub.assignment
    extra = (ext or {}).get((a.name, sub.student.id))
    raw = sum(nb.score or 0.0 for nb in sub.notebooks)
    return penalty(policy, due_date(policy, a), a.max_score or 0.0, raw, sub.timestamp, extra)


def apply(gb: Gradebook, policy: Policy, assignments: list[str] | None = None,
          students: list[str] | None = None) -> dict[tuple[str, str], Late]:
    """Write each submission's penalty into nbgrader's ``late_submission_penalty``, from scratch
    (spread over its notebooks in order, none beyond a notebook's own score). Without a
    ``c.LateWork`` section nothing is written (nbgrader's own late plugin, if any, stays)."""
    out = {}
    if not policy.configured:
        return out
    ext = extensions(gb)
    for a in gb.assignments:
        if assignments and a.name not in assignments:
            continue
        for sub in a.submissions:
            if students and sub.student.id not in students:
                continue
            late = of_submission(policy, sub, ext)
            left = late.points
            for nb in sorted(sub.notebooks, key=lambda n: n.name):
                share = min(left, max(nb.score or 0.0, 0.0))
                nb.late_submission_penalty = round(share, 2)
                left -= share
            out[(a.name, sub.student.id)] = late
    gb.db.commit()
    return out


def find_assignment(gb: Gradebook, name: str):
    try:
        return gb.find_assignment(name)
    except MissingEntry:
        raise CourseError(f"{name} is not in the gradebook (release it first: backmice-course release {name})") from None


def apply_course(course, assignments: list[str] | None = None, students: list[str] | None = None) -> list[str]:
    """:func:`apply` on a course's gradebook with its configured policy; plain lines to print."""
    policy = from_config(course.config)
    if not policy.configured:
        return []
    with Gradebook(course.db_url, course.course_id) as gb:
        done = apply(gb, policy, assignments, students)
    late = sorted((s, x) for (_, s), x in done.items() if x.points)
    lines = [f"Late work ({policy.describe()}): {len(late)} late submission(s) penalised"
             + (": " + ", ".join(f"{s} -{x.points:g}" for s, x in late) if late else "") + "."]
    return lines


def cmd_extend(course, args) -> int:
    """``backmice-course extend STUDENT ASSIGNMENT --days N | --hours N | --remove``."""
    policy = from_config(course.config)
    if args.remove:
        extra = None
    else:
        amount = args.days if args.days is not None else args.hours
        if amount is None or amount <= 0 or math.isnan(amount):
            raise CourseError("give the extension as a positive number: --days 2 or --hours 12")
        extra = timedelta(days=args.days) if args.days is not None else timedelta(hours=args.hours)
    with Gradebook(course.db_url, course.course_id) as gb:
        a = find_assignment(gb, args.assignment)
        try:
            gb.find_student(args.student)
        except MissingEntry:
            raise CourseError(f"{args.student} is not a student in the gradebook (import the class "
                              "list first: backmice-course roster import FILE)") from None
        name = a.name
        due = due_date(policy, a)
        set_extension(gb, name, args.student, extra)
        done = apply(gb, policy, [name], [args.student])
    if extra:
        print(f"{args.student} has {_duration(extra)} more for {name}: due "
              f"{policy.local(due + extra) if due else 'whenever (no due date is set)'}"
              + (f" instead of {policy.local(due)}" if due else "") + ".")
    else:
        print(f"Extension of {args.student} for {name} removed: due {policy.local(due)}.")
    late = done.get((name, args.student))
    if late is not None:
        print("  Their submission: " + (late.note or "on time") + ".")
    elif not policy.configured:
        print("  (No late-work policy is set in nbgrader_config.py (c.LateWork), so no penalty applies.)")
    else:
        print("  No submission yet.")
    return 0
