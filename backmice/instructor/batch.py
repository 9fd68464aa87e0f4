"""Grading a whole class: in parallel, each submission under a hard time limit.

Every submission is graded in a process of its own, forked from a server that has already
imported nbgrader (:mod:`forkserver`), so a submission costs no interpreter start-up. That
process leads its own process group and collects whatever its kernel leaves behind
(:mod:`procs`). Past ``timeout`` seconds of wall-clock time the whole tree is killed with SIGKILL:
a notebook that loops while swallowing KeyboardInterrupt cannot hold up the batch.

Graders write into private gradebooks; this process alone writes into the course gradebook, one
transaction per finished submission (:func:`gradebook.merge`). Serial (``jobs=1``) and parallel
grading run the same code and give the same scores, cell by cell.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from . import gradebook, procs
from .course import Course, CourseError, fingerprint
from .forkserver import ForkServer
from .job import GradingJob
from .progressbar import ProgressBar

DEFAULT_TIMEOUT = 120.0          # seconds of wall-clock time per submission
DEFAULT_MAX_OUTPUT = 20_000_000  # bytes of output per submission
DEFAULT_MEMORY = 4 << 30         # bytes of address space per process (grader, kernel)


@dataclass
class Outcome:
    student: str
    status: str                 # graded | attention | failed (see gradebook.py)
    reasons: list[str]
    seconds: float = 0.0
    skipped: bool = False       # not graded again: unchanged since the last run
    cpu: float = 0.0            # CPU seconds of the grader and its kernel
    results: dict | None = field(default=None, repr=False)

    @property
    def needs_attention(self) -> bool:
        return self.status != gradebook.GRADED


@dataclass
class BatchReport:
    assignment: str
    jobs: int
    elapsed: float = 0.0
    outcomes: list[Outcome] = field(default_factory=list)
    manual_pending: dict[str, int] = field(default_factory=dict)  # cell -> submissions waiting
    sandboxed: bool = True      # False: --no-sandbox, students' code ran unprotected

    @property
    def attention(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.needs_attention]

    @property
    def exit_status(self) -> int:
        return 1 if self.attention else 0


def cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def default_jobs() -> int:
    """One grader more than there are cores: each grader spends part of its time waiting for its
    kernel to start and answer, and the extra one uses that time (measured on 2 cores: 3 graders
    grade 13% faster than 2; 4 are no faster than 3)."""
    return cores() + 1


def startup_timeout(timeout: float) -> int:
    """Seconds a grader waits for its kernel to start: a quarter of the time limit (10 to 60 s),
    so that a kernel that hangs while starting can be given up and started once more in time."""
    return int(min(60.0, max(10.0, timeout / 4)))


def _started(job: GradingJob) -> bool:
    """Did the submission's first cell start? (the grader writes down each cell it runs)"""
    return job.progress.exists()


def _timeout_reason(job: GradingJob, timeout: float) -> str:
    try:
        index, _, grade_id = job.progress.read_text().partition("\t")
    except OSError:  # stopped before the student's first cell: nothing of the student's ran
        return (f"its Python kernel did not start within {timeout:g} s"
                + (", twice" if job.attempt > 1 else "")
                + " (the machine may be overloaded; nothing of the student's ran): grade this submission again")
    where = f"while running cell {index}" + (f" ({grade_id})" if grade_id else "")
    return (f"it ran longer than {timeout:g} s (the time limit per submission) and was stopped {where}; "
            "look for a loop that never ends or code that waits for input")


def _prepare(job: GradingJob, attempt: int = 1) -> GradingJob:
    """The job with a folder of its own and a fresh private gradebook (again for a second attempt)."""
    job_dir = Path(job.work) / f"{job.id}-{attempt}"
    job_dir.mkdir()
    url = gradebook.prepare_private(Path(job.template), job_dir / "gradebook.db", job.course_id,
                                    job.assignment, job.student, job.extension)
    return job.but(attempt=attempt, dir=str(job_dir), db_url=url)


def _collect(code: int | None, job: GradingJob, killed: bool, timeout: float) -> Outcome:
    if killed:
        return Outcome(job.student, gradebook.FAILED, [_timeout_reason(job, timeout)], timeout)
    try:
        result = json.loads(job.result.read_text())
    except (OSError, ValueError):
        return Outcome(job.student, gradebook.FAILED,
                       [f"the grading process ended unexpectedly (exit status {code}) without a result"])
    return Outcome(job.student, result["status"], result["reasons"], result.get("seconds", 0.0),
                   cpu=result.get("cpu", 0.0), results=result.get("results"))


def _plan(course: Course, gb: Gradebook, assignment: str, found: list[str], force: bool,
          chosen: bool) -> tuple[list[Outcome], list[tuple[str, str]]]:
    """Which submissions to grade now; the others keep their last outcome."""
    previous = gradebook.ledger(gb, assignment)
    kept, todo = [], []
    for student in found:
        prints = fingerprint(course.submission_dir(student, assignment))
        last = previous.get((assignment, student))
        unchanged = (last is not None and last["fingerprint"] == prints
                     and (last["status"] == gradebook.FAILED
                          or course.autograded_path(student, assignment).is_dir()))
        if unchanged and not force and not chosen:
            kept.append(Outcome(student, last["status"], last["reasons"], last["seconds"] or 0.0, skipped=True))
        else:
            todo.append((student, prints))
    return kept, todo


def grade(course: Course, assignment: str, *, jobs: int | None = None, timeout: float = DEFAULT_TIMEOUT,
          students: list[str] | None = None, force: bool = False, max_output: int = DEFAULT_MAX_OUTPUT,
          memory: int | None = DEFAULT_MEMORY, progress: bool = True, stream=None,
          sandbox: bool = True) -> BatchReport:
    """Grade the submissions of ``assignment`` (all, or ``students``); see the module doc.

    Without ``force`` a submission already graded from the very same files is not graded again.
    Each kernel runs in the course's sandbox (:mod:`backmice.instructor.sandbox`); ``sandbox=False``
    (``--no-sandbox``) grades unprotected, and says so on every submission.
    Raises :class:`CourseError` when grading cannot start at all (the sandbox included).
    """
    from . import sandbox as sandboxing

    jobs = max(1, jobs or default_jobs())
    if sandbox:
        problem = sandboxing.probe()
        if problem:
            raise CourseError(f"grading stopped before it started: {problem}. Nothing was graded. "
                              "(--no-sandbox grades without it, running every student's code unprotected "
                              "under your account.)")
    found = course.submissions(assignment)
    if students:
        unknown = sorted(set(students) - set(found))
        if unknown:
            raise CourseError(f"no submission of {assignment} from {', '.join(unknown)} in "
                              f"{course.submitted_dir}/")
        found = [s for s in found if s in set(students)]
    if not found:
        raise CourseError(f"no submissions of {assignment} in {course.submitted_dir}/<student>/{assignment}/ "
                          "(collect them first: backmice-course collect)")
    try:
        gb = Gradebook(course.db_url, course.course_id)
    except Exception as exc:
        raise CourseError(f"the gradebook {course.db_url} cannot be opened: {exc}") from exc
    report = BatchReport(assignment, jobs, sandboxed=sandbox)
    # private gradebooks are small and thrown away: keep them in memory when we can
    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    work = Path(tempfile.mkdtemp(prefix=f"backmice-grade-{assignment}-", dir=shm))
    try:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            raise CourseError(f"{assignment} is not in the gradebook {course.db_url}: "
                              f"release it first (backmice-course release {assignment})") from None
        gradebook.ensure_ledger(gb)
        report.outcomes, todo = _plan(course, gb, assignment, found, force, bool(students))
        template = work / "template.db"
        gradebook.write_template(course.db_url, course.course_id, assignment, template)
        extensions = gradebook.submission_extras(course.db_url, course.course_id, assignment)
        env = course.nbgrader_env()
        env["BACKMICE_ROOT"] = str(course.root)
        pending = deque()
        for student, prints in todo:
            pending.append(_prepare(GradingJob(
                id=f"job-{len(pending):04d}", work=str(work), template=str(template),
                extension=extensions.get(student), root=str(course.root), assignment=assignment,
                student=student, course_id=course.course_id, db_url="", dir="", env=env, memory=memory,
                max_output=max_output, startup_timeout=startup_timeout(timeout), fingerprint=prints,
                no_sandbox=not sandbox, sandbox_checked=sandbox,
                submitted=os.path.relpath(course.submitted_dir, course.root),
                autograded=os.path.relpath(course.autograded_dir, course.root),
            )))
        start = time.monotonic()
        if pending:
            _run(course, gb, assignment, pending, report, jobs, timeout,
                 ProgressBar(len(pending), assignment, stream) if progress else None)
        report.elapsed = time.monotonic() - start
        report.outcomes.sort(key=lambda o: o.student)
        report.manual_pending = gradebook.manual_pending(gb, assignment, {o.student for o in report.outcomes
                                                                          if o.status != gradebook.FAILED})
    finally:
        gb.close()
        shutil.rmtree(work, ignore_errors=True)
    return report


def _run(course, gb, assignment, pending, report, jobs, timeout, bar) -> None:
    """Keep ``jobs`` graders busy; kill any past ``timeout``; record each as it ends.

    A grader stopped before the submission's first cell ran (its kernel hung while starting)
    says nothing about the submission: it is graded once more, at the end of the queue."""
    attention = sum(o.needs_attention for o in report.outcomes)
    running: dict[int, tuple[GradingJob, float]] = {}
    done = 0
    server = ForkServer(pending[0].env, str(course.root))
    try:
        while pending or running:
            while pending and len(running) < jobs:
                job = pending.popleft()
                running[server.start(job)] = (job, time.monotonic())
            nearest = min(t0 + timeout for _, t0 in running.values())
            ended = server.wait(max(0.0, min(nearest - time.monotonic(), 1.0)))
            now = time.monotonic()
            for pid in list(running):
                job, t0 = running[pid]
                killed = False
                if pid not in ended:
                    if now - t0 < timeout:
                        continue
                    procs.kill_tree(pid)
                    killed = True
                del running[pid]
                if killed and not _started(job) and job.attempt == 1:
                    pending.append(_prepare(job, attempt=2))
                    continue
                outcome = _collect(ended.get(pid), job, killed, timeout)
                _record(course, gb, assignment, job, outcome)
                report.outcomes.append(outcome)
                done += 1
                attention += outcome.needs_attention
                if bar:
                    bar.update(done, attention)
    except BaseException as exc:
        for pid in running:  # Ctrl-C or an error: stop every grader, then give up
            procs.kill_tree(pid)
        if isinstance(exc, RuntimeError):  # the grading server itself failed
            raise CourseError(f"grading stopped: {exc}") from exc
        raise
    finally:
        server.close()
        if bar:
            bar.close()


def _record(course: Course, gb: Gradebook, assignment: str, job: GradingJob, outcome: Outcome) -> None:
    results = outcome.results
    if outcome.status == gradebook.FAILED:
        results = None
        shutil.rmtree(course.autograded_path(outcome.student, assignment), ignore_errors=True)
    gradebook.merge(gb, assignment, outcome.student, outcome.status, outcome.reasons, results,
                    fingerprint=job.fingerprint, seconds=outcome.seconds)

