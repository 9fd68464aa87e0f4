"""A tiny fork server: one process that has imported nbgrader forks one grader per submission.

Why not ``multiprocessing``'s fork server with ``set_forkserver_preload``: measured with
``bench/grading.py`` (60 submissions of a3, 2 cores, issue 15, docs/performance.md) on the same
idle machine, it graded no faster in parallel (30.7 s against 30.1 s here) and faster one at a
time (68.0 s against 74.3 s): within noise. It used more CPU per submission in parallel (0.79 s
against 0.71 s), as a preload can import the grader but not warm it up (:func:`worker.warm_up`);
it cannot be a subreaper for the graders it forks, re-runs a console script's ``__main__`` in
every grader, and outlives the batch.
Forking the caller itself is unsafe when it has threads (pytest-xdist, a Jupyter server). This
server is single-threaded and imports only the grader, so forking it is cheap and safe.

It is also a child subreaper: if a grader dies abruptly, the processes its kernel left behind are
re-parented here, and the server kills them.

Protocol (one line each, JSON job in, plain text out)::

    parent -> server   {"id": "job-0001", ...}   (a GradingJob as JSON, job.py)
    server -> parent   started job-0001 <pid>
    server -> parent   exit <pid> <status>
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time

from . import procs
from .job import GradingJob


def serve(course_root: str | None = None) -> None:  # runs in the server process
    # the protocol gets its own descriptor; anything else printed goes to stderr
    sys.stdout.flush()
    proto = os.dup(1)
    os.dup2(2, 1)
    out = os.fdopen(proto, "wb", buffering=0)

    from . import worker  # the expensive imports, once

    if course_root:
        worker.warm_up(course_root)

    procs.become_subreaper()
    jobs: set[int] = set()
    buffer = b""
    stdin = sys.stdin.fileno()
    open_ = True
    while open_ or jobs:
        ready, _, _ = select.select([stdin] if open_ else [], [], [], 0.1)
        if ready:
            chunk = os.read(stdin, 65536)
            if not chunk:
                open_ = False
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                job = GradingJob.from_json(line)
                pid = os.fork()
                if pid == 0:  # the grader
                    out.close()
                    code = 0
                    try:
                        worker.run(job)
                    except BaseException:
                        code = 1
                    finally:
                        os._exit(code)
                jobs.add(pid)
                out.write(f"started {job.id} {pid}\n".encode())
        while True:  # collect finished graders (and orphans re-parented here)
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            if pid in jobs:
                jobs.discard(pid)
                code = os.waitstatus_to_exitcode(status)
                for orphan in procs.children(os.getpid()):
                    if orphan not in jobs:  # left behind by a grader that died abruptly
                        procs.kill_tree(orphan)
                out.write(f"exit {pid} {code}\n".encode())
        if not open_ and not jobs:
            break
    procs.kill_descendants(reap=True)


class ForkServer:
    """The batch's handle on the server: start jobs, wait for them to end."""

    def __init__(self, env: dict[str, str], cwd: str):
        self.proc = subprocess.Popen([sys.executable, "-m", "backmice.instructor.forkserver", cwd],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, cwd=cwd,
                                     bufsize=0)
        self._buffer = b""
        self._exits: dict[int, int] = {}

    def _lines(self, timeout: float | None):
        fd = self.proc.stdout.fileno()
        ready, _, _ = select.select([fd], [], [], timeout)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                raise RuntimeError("the grading server stopped unexpectedly")
            self._buffer += chunk
        lines = []
        while b"\n" in self._buffer:
            line, self._buffer = self._buffer.split(b"\n", 1)
            lines.append(line.decode())
        return lines

    def _take(self, lines) -> list[str]:
        rest = []
        for line in lines:
            if line.startswith("exit "):
                _, pid, code = line.split()
                self._exits[int(pid)] = int(code)
            else:
                rest.append(line)
        return rest

    def start(self, job: GradingJob) -> int:
        self.proc.stdin.write((job.to_json() + "\n").encode())
        deadline = time.monotonic() + 300  # the first job waits for the server's warm-up
        while time.monotonic() < deadline:
            for line in self._take(self._lines(1.0)):
                kind, job_id, pid = line.split()
                if kind == "started" and job_id == job.id:
                    return int(pid)
        raise RuntimeError("the grading server did not start a grader")

    def wait(self, timeout: float) -> dict[int, int]:
        """{pid: exit code} of graders that ended (waits at most ``timeout`` for the first)."""
        if not self._exits:
            self._take(self._lines(timeout))
        ended, self._exits = self._exits, {}
        return ended

    def close(self) -> None:
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            procs.kill_tree(self.proc.pid)
            self.proc.wait()


if __name__ == "__main__":
    serve(sys.argv[1] if len(sys.argv) > 1 else None)
