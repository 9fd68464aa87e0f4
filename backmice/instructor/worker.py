"""Grading one submission, in a process of its own (started by :mod:`backmice.instructor.batch`).

The submission is graded by nbgrader's own ``Autograde`` converter with the course's
configuration, so the course's preprocessors (``backmice.nbgrader_guard``) apply exactly as in
``nbgrader autograde``. Four things differ:

1. the gradebook is a private SQLite copy (no concurrent writers on the course gradebook);
2. ``nbgrader.preprocessors.Execute`` is replaced by :class:`GuardedExecute`, which records the
   cell being run (so a timeout can name it) and stops the kernel as soon as the notebook's
   output passes a size limit (an output flood);
3. what went wrong or looks wrong is named in plain words: an unreadable or missing notebook,
   deleted or edited test cells, changed nbgrader settings, code that claimed more points than
   the typed answers earn, a cell interrupted at nbgrader's per-cell timeout, a dead kernel;
4. the kernel talks to its grader through Unix sockets in the submission's own folder, and a
   kernel that does not start is started once more (:func:`_private_endpoints`);
5. the kernel runs in the course's sandbox (:mod:`backmice.instructor.sandbox`, set in
   ``nbgrader_config.py``) with this job's limits, and whatever it ran into there (a limit, a
   refused write or connection) is named (:func:`sandbox_reasons`, :func:`inspect_graded`).

The result is a JSON file (``status``: graded, attention or failed; ``reasons``; the scores from
the private gradebook). The batch process, not this one, writes to the course gradebook.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import resource
import sys
import time
import traceback
from pathlib import Path

import nbformat
from nbgrader.converters import Autograde, NbGraderException
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import Execute
from traitlets import Integer, Unicode

from . import gradebook, procs
from .course import load_config
from .feedback import strip_regions
from .job import GradingJob

# Imported here so that the batch's fork server loads them once for every submission.
import nbgrader.api  # noqa: F401,E402
import nbgrader.preprocessors  # noqa: F401,E402
import backmice.nbgrader_guard  # noqa: F401,E402

TYPED_MARK = "Score taken from the answer as typed in the notebook"
_flood: list[str] = []  # set by GuardedExecute when it stops a flooding kernel


def _megabytes(n: int) -> str:
    return f"{n / 1e6:.3g} MB"


class GuardedExecute(Execute):
    """nbgrader's Execute, plus: where it is (for timeouts) and a cap on total output."""

    max_output_bytes = Integer(0, help="Stop the kernel when the outputs pass this many bytes (0: no cap)").tag(config=True)
    progress_path = Unicode("", help="File to write the index of the cell being run").tag(config=True)

    _out_bytes = 0

    def __init__(self, *args, **kwargs):
        # the course's grading command always starts kernels through the sandbox's manager
        # (SandboxedKernelManager.enabled = False is --no-sandbox)
        from .sandbox import SandboxedKernelManager

        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)

    def preprocess_cell(self, cell, resources, index):
        if self.progress_path:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
            with open(self.progress_path, "w") as fh:
                fh.write(f"{index + 1}\t{grade_id}")
        return super().preprocess_cell(cell, resources, index)

    def output(self, outs, msg, display_id, cell_index):
        if _flood:
            return None  # the kernel is being stopped: keep nothing more
        content = msg.get("content", {})
        size = len(content.get("text", "") or "")
        size += sum(len(v) if isinstance(v, str) else len(json.dumps(v)) for v in (content.get("data") or {}).values())
        size += sum(len(x) for x in content.get("traceback", []) or [])
        self._out_bytes += size
        if self.max_output_bytes and self._out_bytes > self.max_output_bytes:
            _flood.append(f"cell {cell_index + 1} printed more than {_megabytes(self.max_output_bytes)} "
                          "of output (the limit per submission), so its kernel was stopped")
            procs.kill_descendants()  # the kernel; nbclient then reports it dead
            return None
        return super().output(outs, msg, display_id, cell_index)


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


# --- looking at the submission ----------------------------------------------------------------

def _plural(names: list[str]) -> str:
    return ", ".join(names)


def _definition(url: str, course_id: str, assignment: str) -> dict:
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(url, course_id) as gb:
        for nb in gb.find_assignment(assignment).notebooks:
            out[nb.name] = {
                "grade": {c.name: c.max_score for c in nb.grade_cells},
                "task": {c.name for c in nb.task_cells},
                "solution": {c.name for c in nb.solution_cells},
                "source": {c.name: (c.locked, c.source) for c in nb.source_cells},
            }
    return out


def released_source(source: str) -> str:
    """What the student was given for a locked cell: hidden tests and mark schemes removed
    (:func:`feedback.strip_regions`, as nbgrader's ClearHiddenTests and ClearMarkScheme do),
    trailing spaces ignored."""
    kept, _ = strip_regions(source or "")
    return "\n".join(line.rstrip() for line in kept.split("\n")).strip()


def inspect_submission(nb, definition: dict) -> list[str]:
    """Plain sentences about what was changed in a submission that nbgrader will repair."""
    present, changed_flags, edited = set(), [], []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader")
        if not isinstance(meta, dict) or meta.get("grade_id") not in definition["source"]:
            continue
        gid = meta["grade_id"]
        present.add(gid)
        expected = {"grade": gid in definition["grade"], "solution": gid in definition["solution"],
                    "task": gid in definition["task"], "locked": definition["source"][gid][0]}
        if any(bool(meta.get(k, False)) != v for k, v in expected.items()) or (
                gid in definition["grade"] and meta.get("points") != definition["grade"][gid]):
            changed_flags.append(gid)
        locked, source = definition["source"][gid]
        given = "\n".join(x.rstrip() for x in cell.get("source", "").split("\n")).strip()
        if locked and gid not in definition["solution"] and given != released_source(source):
            edited.append(gid)
    notes = []
    gone = sorted((set(definition["grade"]) | definition["task"]) - definition["solution"] - present)
    if gone:
        notes.append(f"test or task cell(s) {_plural(gone)} had been deleted or stripped of their nbgrader "
                     "settings; nbgrader put the originals back and graded them")
    if changed_flags:
        notes.append(f"the nbgrader settings of cell(s) {_plural(sorted(changed_flags))} had been changed; "
                     "they were restored from the gradebook")
    if edited:
        notes.append(f"locked cell(s) {_plural(sorted(edited))} had been edited; the originals were used")
    return notes


# What a kernel in the sandbox sees when it is refused something or hits a limit, and how the
# report names it. Read from the outputs of the graded notebook (an error the student's code did
# not catch, or printed).
REFUSALS = [
    (("Read-only file system", "[Errno 30]", "Permission denied", "[Errno 13]", "Operation not permitted",
      "[Errno 1]"), "tried to write or reach outside its own folder (refused by the sandbox)"),
    (("Network is unreachable", "[Errno 101]", "Connection refused", "[Errno 111]",
      "Temporary failure in name resolution", "Name or service not known"),
     "tried to open a network connection (the sandbox has no network)"),
    (("Resource temporarily unavailable", "[Errno 11]"), "started too many processes (the sandbox's limit)"),
    (("No space left on device", "[Errno 28]"), "wrote more than the sandbox's disk allowance"),
    (("File too large", "[Errno 27]"), "wrote a file larger than the sandbox allows"),
    (("MemoryError", "Cannot allocate memory", "[Errno 12]"), "ran out of the memory the sandbox allows"),
]


def _output_text(out) -> str:
    if out.get("output_type") == "stream":
        return out.get("text", "") or ""
    if out.get("output_type") == "error":
        return f"{out.get('ename', '')}: {out.get('evalue', '')}\n" + "\n".join(out.get("traceback", []) or [])
    data = out.get("data") or {}
    return data.get("text/plain", "") if isinstance(data.get("text/plain", ""), str) else ""


def inspect_graded(nb, timeout: float | None) -> list[str]:
    """Plain sentences about the graded notebook: capped claims, interrupted cells, and what
    the sandbox refused or stopped."""
    capped, interrupted = [], []
    refused: dict[str, list[str]] = {}
    for i, cell in enumerate(nb.cells, 1):
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or f"cell {i}"
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("text", "").startswith(TYPED_MARK):
                capped.append(gid)
            if out.get("output_type") == "error" and out.get("ename") == "CellTimeoutError":
                interrupted.append(f"{gid}" if gid.startswith("cell") else f"cell {i} ({gid})")
            text = _output_text(out)
            for markers, what in REFUSALS:
                if any(m in text for m in markers):
                    where = gid if gid.startswith("cell") else f"cell {i} ({gid})"
                    if where not in refused.setdefault(what, []):
                        refused[what].append(where)
    notes = [f"code in {_plural(where)} {what}" for what, where in refused.items()]
    if capped:
        notes.append(f"code in the notebook claimed more points than the typed answers earn in "
                     f"{_plural(sorted(set(capped)))}; the typed answers' scores were recorded")
    if interrupted:
        limit = f"{timeout:g} s" if timeout else "nbgrader's time limit"
        notes.append(f"{_plural(interrupted)} ran longer than {limit} and was interrupted")
    return notes


MAX_NOTEBOOK_BYTES = 50_000_000  # a submitted notebook larger than this is not read at all


def _read_notebook(path: Path) -> tuple[object | None, str | None]:
    if path.is_symlink() or not path.is_file():
        return None, (f"{path.name} is a symbolic link, not a notebook file: it is not followed "
                      "(it could point at another student's work)")
    try:
        size = path.stat().st_size
        if size > MAX_NOTEBOOK_BYTES:
            return None, (f"{path.name} is {_megabytes(size)}, more than the {_megabytes(MAX_NOTEBOOK_BYTES)} "
                          "a submitted notebook may be; it was not read")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"{path.name} cannot be read ({exc.__class__.__name__})"
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return None, f"{path.name} is not a valid notebook file (broken JSON at line {exc.lineno}, column {exc.colno})"
    except RecursionError:
        return None, f"{path.name} is not a valid notebook file (its JSON is nested too deeply to read)"
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except RecursionError:
        return None, f"{path.name} is not a valid notebook (it is nested too deeply to read)"
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        return None, f"{path.name} is not a valid notebook ({first[:200]})"
    return nb, None


KERNEL_START_FAILURES = ("Kernel didn't respond in", "Kernel died before replying to kernel_info")


def _kernel_did_not_start(records: list[logging.LogRecord]) -> bool:
    text = "\n".join(r.getMessage() for r in records if r.levelno >= logging.ERROR)
    return any(marker in text for marker in KERNEL_START_FAILURES)


def _failure_reason(records: list[logging.LogRecord]) -> str:
    text = "\n".join(r.getMessage() for r in records if r.levelno >= logging.ERROR)
    if "DeadKernelError" in text or "Kernel died" in text:
        return ("the Python kernel stopped while running the notebook (the student's code ended it, "
                "for example with os._exit, or it ran out of memory)")
    if any(marker in text for marker in KERNEL_START_FAILURES):
        return ("the Python kernel did not start, twice (the machine may be overloaded): grade this "
                "submission again")
    if "UnresponsiveKernelError" in text or "kernel became unresponsive" in text:
        return "the kernel stopped responding and could not be interrupted"
    if "MemoryError" in text:
        return "grading ran out of memory"
    lines = [x.strip() for x in text.splitlines() if x.strip() and not x.startswith(" ")]
    tail = next((x for x in reversed(lines) if "Error" in x or "Exception" in x), lines[-1] if lines else "")
    return f"nbgrader could not grade it ({tail[:300] or 'no message'})"


# --- the job ---------------------------------------------------------------------------------

_ENGINES: dict = {}


def _one_engine_per_database() -> None:
    """In this grading process only: nbgrader opens ~13 Gradebooks per submission, each with a
    new SQLAlchemy engine that compiles every query again. Reuse one engine per URL, and let the
    private (throw-away) SQLite gradebook skip fsync: less CPU, and no waiting for the disk."""
    import nbgrader.api as api
    from sqlalchemy import event

    _ENGINES.clear()  # never reuse an engine made before a fork
    if getattr(api.create_engine, "_backmice", False):
        return
    original, engines = api.create_engine, _ENGINES

    def create_engine(url, **kwargs):
        if url not in engines:
            engine = engines[url] = original(url, **kwargs)
            if str(url).startswith("sqlite"):
                @event.listens_for(engine, "connect")
                def _no_fsync(connection, _record):
                    cursor = connection.cursor()
                    cursor.execute("PRAGMA synchronous=OFF")
                    cursor.execute("PRAGMA journal_mode=MEMORY")
                    cursor.close()
        return engines[url]

    create_engine._backmice = True
    api.create_engine = create_engine


# the longest path of a Unix socket (sun_path is 108 bytes with its final NUL), with room for "-12"
_SOCKET_PATH_MAX = 100


def _private_endpoints(config, job_dir: Path) -> None:
    """Let the kernel and the grader talk through Unix sockets in this job's own folder.

    Over TCP every kernel takes five ports that its grader picked a moment earlier and then let
    go, so two graders starting kernels at the same time can, rarely, be handed the same port;
    a grader talking to a kernel that is not its own waits in vain ("Kernel didn't respond in 60
    seconds", seen about once in 400 submissions). Files in a folder that belongs to one
    submission cannot be taken by another. When the folder's path is too long for a socket, TCP
    is kept."""
    endpoint = str(job_dir.resolve() / "kernel")
    if len(endpoint) + 3 <= _SOCKET_PATH_MAX:
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = endpoint


def grade(job: GradingJob) -> dict:
    """Grade one submission as described by ``job`` (see batch.py); returns the result."""
    root, assignment, student = Path(job.root), job.assignment, job.student
    course_id, url = job.course_id, job.db_url
    _one_engine_per_database()
    definition = _definition(url, course_id, assignment)
    folder = root / job.submitted / student / assignment
    links = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_symlink())
    if links:
        return {"status": gradebook.FAILED,
                "reasons": [f"the submission holds symbolic link(s) {', '.join(links[:5])}: links are not "
                            "followed (they could point at another student's work); ask for the files themselves"]}
    notes: list[str] = []
    for name in sorted(definition):
        path = folder / f"{name}.ipynb"
        if not path.exists():
            found = sorted(p.name for p in folder.glob("*.ipynb"))
            return {"status": gradebook.FAILED,
                    "reasons": [f"the submission has no {name}.ipynb"
                                + (f" (it holds {', '.join(found)})" if found else " (it holds no notebook)")]}
        nb, problem = _read_notebook(path)
        if problem:
            return {"status": gradebook.FAILED, "reasons": [problem]}
        notes += inspect_submission(nb, definition[name])

    config = copy.deepcopy(load_config(Path(job.config_root or root)))
    config.CourseDirectory.root = str(root)
    if job.no_execute:  # the warm-up: our own notebook, no kernel
        config.GuardedExecute.enabled = False
    steps = list(config.Autograde.get("autograde_preprocessors",
                                      Autograde.class_traits()["autograde_preprocessors"].default()))
    steps = ["backmice.instructor.worker.GuardedExecute"
             if s in ("nbgrader.preprocessors.Execute", "nbgrader.preprocessors.execute.Execute", Execute) else s
             for s in steps]
    config.Autograde.autograde_preprocessors = steps
    config.Autograde.create_student = True
    config.BaseConverter.force = True
    # once the notebook has run, its kernel is worth nothing: kill it instead of waiting for a
    # graceful shutdown (nbclient polls until the kernel exits)
    config.GuardedExecute.shutdown_kernel = "immediate"
    config.GuardedExecute.max_output_bytes = int(job.max_output or 0)
    config.GuardedExecute.progress_path = str(job.progress)
    # a kernel that hangs while starting is given up early enough to be tried again in time
    config.GuardedExecute.startup_timeout = int(job.startup_timeout or 60)
    _private_endpoints(config, job.folder)
    sandbox_log = job.folder / "sandbox.jsonl"
    _sandbox_config(config, job, sandbox_log)
    config.CourseDirectory.db_url = url
    config.CourseDirectory.assignment_id = assignment
    config.CourseDirectory.student_id = student

    log = logging.getLogger(f"backmice.grade.{os.getpid()}")
    log.propagate = False
    log.setLevel(logging.INFO)
    records = _Records()
    log.addHandler(records)
    to_file = logging.FileHandler(job.folder / "nbgrader.log")
    to_file.setFormatter(logging.Formatter("[%(levelname)s] %(message)s"))
    log.addHandler(to_file)

    for attempt in (1, 2):
        coursedir = CourseDirectory(config=config)
        converter = Autograde(coursedir=coursedir, config=config)
        converter.log = log
        try:
            converter.start()
        except NbGraderException:
            pass
        # A kernel that never came up (seen about once in 400 submissions with three graders on two
        # cores) says nothing about the submission: grade it once more before reporting it.
        if attempt == 1 and not _flood and _kernel_did_not_start(records.records):
            log.warning("the kernel did not start; grading this submission once more")
            records.records.clear()
            continue
        break
    limits = sandbox_reasons(sandbox_log, config)
    if _flood:
        return {"status": gradebook.FAILED, "reasons": [_flood[0], *limits]}
    if any(r.levelno >= logging.ERROR for r in records.records):
        return {"status": gradebook.FAILED, "reasons": [*limits, _failure_reason(records.records)]}

    timeout = config.Execute.get("timeout", 30)
    for name in sorted(definition):
        graded = root / job.autograded / student / assignment / f"{name}.ipynb"
        notes += inspect_graded(nbformat.read(str(graded), as_version=4), timeout)
    notes += limits
    results = gradebook.read_results(url, course_id, assignment, student)
    status = gradebook.ATTENTION if notes else gradebook.GRADED
    if job.no_sandbox:
        notes.append(UNSANDBOXED)
    return {"status": status, "reasons": notes, "results": results}


UNSANDBOXED = "graded without the sandbox (--no-sandbox): the student's code ran unprotected"
SANDBOX_MANAGER = "backmice.instructor.sandbox.SandboxedKernelManager"


def _sandbox_config(config, job: GradingJob, log_path: Path) -> None:
    """This job's sandbox: the course's kernel manager (whatever nbgrader_config.py says, the
    course's own grading command never starts a kernel outside it unless told --no-sandbox)."""
    from . import sandbox

    config.Execute.kernel_manager_class = SANDBOX_MANAGER
    if job.sandbox_checked:
        sandbox.checked()  # the batch found that the sandbox starts on this machine
    sandboxed = config.SandboxedKernelManager
    sandboxed.enabled = not job.no_sandbox
    sandboxed.report_path = str(log_path)
    if job.memory:
        sandboxed.memory = int(job.memory)


def _sandbox_cpu(job: GradingJob) -> float:
    try:
        lines = (job.folder / "sandbox.jsonl").read_text().splitlines()
        return sum(float(json.loads(x).get("cpu", 0)) for x in lines if x.strip())
    except (OSError, ValueError, KeyError):
        return 0.0


def sandbox_reasons(log_path: Path, config) -> list[str]:
    """Plain sentences about what the sandbox stopped (from the kernel manager's notes)."""
    from . import sandbox

    try:
        events = [json.loads(line) for line in log_path.read_text().splitlines() if line.strip()]
    except (OSError, ValueError):
        return []
    sandboxed = config.SandboxedKernelManager
    disk = int(sandboxed.get("disk", sandbox.DEFAULT_DISK))
    processes = int(sandboxed.get("processes", sandbox.DEFAULT_PROCESSES))
    notes = []
    if any(e.get("disk_full") for e in events):
        notes.append(f"it filled the space the sandbox lets it write in ({_megabytes(disk)}); "
                     "what it wrote was thrown away")
    if any(e.get("process_limit") for e in events):
        notes.append(f"it started too many processes (the sandbox allows {processes} processes and threads)")
    ends = {sandbox.LIMIT_EXIT.get(e.get("status")) for e in events if e.get("event") == "exit"}
    cpu = int(sandboxed.get("cpu_seconds", sandbox.DEFAULT_CPU))
    if "cpu" in ends:
        notes.append(f"its kernel used more than {cpu} s of CPU time (the sandbox's limit) and was stopped")
    elif "killed" in ends:
        notes.append(f"its kernel was killed inside the sandbox (more than {cpu} s of CPU time, or the machine "
                     "ran out of memory)")
    return notes


def warm_up(course_root: str) -> None:
    """Grade a tiny notebook of our own once, without a kernel, in the fork server: every
    grader forked afterwards finds nbformat, nbconvert, SQLAlchemy, IPython's input transformer
    and the course's preprocessors already initialised. Measured: about 0.35 CPU-s less per
    submission. Never fatal."""
    import shutil
    import tempfile

    from nbgrader.converters import GenerateAssignment

    from backmice import authoring

    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    tmp = Path(tempfile.mkdtemp(prefix="backmice-warm-", dir=shm))
    try:
        config = copy.deepcopy(load_config(Path(course_root)))
        cd = config.CourseDirectory
        source, release = cd.get("source_directory", "source"), cd.get("release_directory", "release")
        cells = [authoring.md("# Warm-up", locked="title"), authoring.setup_cell(),
                 *authoring.item("q1", "choice", "Which?", points=1, key="B", options=["one", "two"]),
                 *authoring.manual("q2", "Why?", points=1, mark_scheme="Any reason.")]
        authoring.save(authoring.notebook(cells), tmp / source / "warm" / "warm.ipynb")
        url = f"sqlite:///{tmp / 'gradebook.db'}"
        cd.root, cd.db_url, cd.assignment_id = str(tmp), url, "warm"
        quiet = logging.getLogger("backmice.warm")
        quiet.addHandler(logging.NullHandler())
        quiet.propagate = False
        generate = GenerateAssignment(coursedir=CourseDirectory(config=config), config=config)
        generate.log = quiet
        generate.start()
        submitted = tmp / "submitted" / "someone" / "warm"
        submitted.mkdir(parents=True)
        shutil.copy(tmp / release / "warm" / "warm.ipynb", submitted / "warm.ipynb")
        (tmp / "job").mkdir()
        grade(GradingJob(root=str(tmp), config_root=course_root, assignment="warm", student="someone",
                         course_id=cd.get("course_id", ""), db_url=url, dir=str(tmp / "job"), no_execute=True))
    except Exception:  # a cold start is slower, not wrong
        pass
    finally:
        _ENGINES.clear()
        for name in list(logging.Logger.manager.loggerDict):
            if name.startswith("backmice.grade."):
                for handler in logging.getLogger(name).handlers:
                    handler.close()
                logging.getLogger(name).handlers.clear()
        shutil.rmtree(tmp, ignore_errors=True)


def run(job: GradingJob) -> None:
    """Entry point in the grading process: own session, subreaper, limits, result file."""
    os.setsid()
    procs.become_subreaper()
    log_fd = os.open(job.folder / "output.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(log_fd, 1)
    os.dup2(log_fd, 2)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.environ.clear()
    os.environ.update(job.env)
    if job.memory:
        limit = int(job.memory)
        try:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ValueError, OSError):
            pass
    start = time.monotonic()
    try:
        result = grade(job)
    except BaseException as exc:  # the grader's own failure: say so, never a silent 0
        traceback.print_exc()
        result = {"status": gradebook.FAILED,
                  "reasons": [f"the grader failed on this submission ({exc.__class__.__name__}: {str(exc)[:200]})"]}
    finally:
        procs.kill_descendants(reap=True)  # anything the kernel left behind
    result["seconds"] = round(time.monotonic() - start, 3)
    used = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    # grader + kernel (a sandboxed kernel is killed, never waited for: its grader noted its time)
    result["cpu"] = round(sum(u.ru_utime + u.ru_stime for u in used) + _sandbox_cpu(job), 3)
    tmp = job.result.with_suffix(".tmp")
    tmp.write_text(json.dumps(result))
    os.replace(tmp, job.result)
    sys.stdout.flush()
