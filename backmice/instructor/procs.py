"""Process groups and process trees: how a submission is stopped for good.

Each submission is graded in its own process, which starts a new session (so it leads its own
process group) and registers as a *child subreaper* (Linux): any process its kernel leaves behind
(a daemon, a ``setsid`` child) is re-parented to it instead of to init, so it stays in its tree.
:func:`kill_tree` then stops everything below a process with SIGKILL, repeating until nothing is
left, because a dying process's children move up to the still-living subreaper.

The process table is read with psutil (Linux; elsewhere these functions do what they can with
process groups).
"""

from __future__ import annotations

import ctypes
import os
import signal
import time

import psutil

PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    """Make orphaned descendants of this process its own children (Linux). True if it worked."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _parents() -> dict[int, int]:
    """{pid: parent pid} of every living, non-zombie process."""
    table = {}
    for proc in psutil.process_iter(["ppid", "status"]):
        ppid, status = proc.info["ppid"], proc.info["status"]
        if ppid is not None and status not in (None, psutil.STATUS_ZOMBIE):
            table[proc.pid] = ppid
    return table


def children(pid: int) -> list[int]:
    """The living direct children of ``pid``."""
    return [child for child, parent in _parents().items() if parent == pid]


def descendants(pid: int) -> list[int]:
    """Every living process below ``pid`` (children first, then theirs)."""
    children: dict[int, list[int]] = {}
    for child, parent in _parents().items():
        children.setdefault(parent, []).append(child)
    found, todo = [], list(children.get(pid, []))
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def _kill(pid: int) -> None:
    for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            kill()  # the group, if this process leads one; then the process itself
        except (ProcessLookupError, PermissionError, OSError):
            pass


def kill_descendants(pid: int | None = None, rounds: int = 20, reap: bool = False) -> int:
    """SIGKILL everything below ``pid`` (default: this process) until nothing is left.

    Returns how many processes were signalled. Children of a killed process are re-parented to
    the nearest subreaper (the grading process), so each round finds what the last one missed.
    ``reap=True`` (only in the grading process itself) also collects its exited children.
    """
    pid = os.getpid() if pid is None else pid
    signalled = 0
    for _ in range(rounds):
        found = descendants(pid)
        if not found:
            break
        for p in found:
            _kill(p)
        signalled += len(found)
        if reap:
            _reap()
        time.sleep(0.02)
    return signalled


def _reap() -> None:
    """Collect exited children of this process so they do not linger as zombies."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def kill_tree(pid: int) -> None:
    """Stop a grading process and everything it started: descendants first (while the grading
    process, their subreaper, still collects orphans), then its own process group."""
    try:
        os.kill(pid, signal.SIGSTOP)  # it cannot start anything new while we sweep
    except (ProcessLookupError, PermissionError):
        pass
    kill_descendants(pid)
    _kill(pid)
