"""nbgrader's file exchange for a class on one machine or a JupyterHub: the instructor's side.

The exchange is a folder every student can reach (``c.Exchange.root`` in nbgrader_config.py,
the same path for the instructor and every student). nbgrader keeps one folder per course in it:
``<root>/<course_id>/outbound`` (released assignments, readable by all), ``inbound``
(submissions: students may write, not list or read others') and ``feedback`` (reachable only
by the hash of a student's own submission).

Students fetch and submit with the Assignment List in JupyterLab (or ``nbgrader fetch_assignment``,
``nbgrader submit``, ``nbgrader fetch_feedback``); the instructor's side is here.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .course import Course, CourseError


def prepare_root(path: str | Path) -> Path:
    """Create the exchange root: world-writable with the sticky bit (like /tmp), as nbgrader
    requires (everyone writes, nobody deletes what others made)."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o1777)
    return path


def _root_args(course: Course, root: str | None) -> list[str]:
    root = root or course.exchange_root
    if not root:
        raise CourseError("no exchange is configured: set c.Exchange.root in nbgrader_config.py "
                          "(see docs/instructors.md) or give --exchange-root")
    if not Path(root).is_dir():
        raise CourseError(f"the exchange {root} does not exist (create it: see docs/instructors.md)")
    if not Path(root).stat().st_mode & stat.S_IWOTH:
        raise CourseError(f"the exchange {root} is not writable by students (chmod 1777 {root})")
    if not course.course_id:
        raise CourseError("set c.CourseDirectory.course_id in nbgrader_config.py to use the exchange")
    return [f"--Exchange.root={root}"]


def _run(course: Course, *args: str) -> str:
    result = course.nbgrader(*args)
    if result.returncode != 0:
        raise CourseError(f"nbgrader {args[0]} failed:\n{result.stdout}{result.stderr}".rstrip())
    return result.stdout + result.stderr


def generate(course: Course, assignment: str) -> str:
    """The student version (release folder), recorded in the course gradebook."""
    if not (course.source_dir / assignment).is_dir():
        raise CourseError(f"no assignment {assignment} in {course.source_dir}/")
    output = _run(course, "generate_assignment", assignment, "--force")
    from nbgrader.api import Gradebook

    from .gradebook import ensure_ledger

    with Gradebook(course.db_url, course.course_id) as gb:
        ensure_ledger(gb)  # before several graders start at once
    return output


def release(course: Course, assignment: str, root: str | None = None) -> str:
    return _run(course, "release_assignment", assignment, "--force", *_root_args(course, root))


def collect(course: Course, assignment: str, root: str | None = None) -> list[str]:
    """Copy the latest submission of every student from the exchange into submitted/."""
    _run(course, "collect", assignment, "--update", *_root_args(course, root))
    return course.submissions(assignment)


def release_feedback(course: Course, assignment: str, root: str | None = None) -> str:
    return _run(course, "release_feedback", assignment, *_root_args(course, root))
