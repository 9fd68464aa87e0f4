"""backmice-course: its help is the recipe, it says when it cannot run (exit 2), and the
process-tree killing it relies on leaves nothing behind."""

import subprocess
import sys
import time

import pytest

from backmice.instructor import cli, procs
from backmice.instructor.progressbar import ProgressBar
from conftest import ROOT
from course_copy import copy_course


def test_console_script_is_declared():
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert data["project"]["scripts"]["backmice-course"] == "backmice.instructor.cli:main"
    from setuptools import find_packages

    found = set(find_packages(where=str(ROOT), include=data["tool"]["setuptools"]["packages"]["find"]["include"]))
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "backmice").rglob("__init__.py")}
    assert "backmice.instructor" in found and on_disk <= found, f"packages an install would leave out: {on_disk - found}"


def test_help_reads_like_a_recipe():
    text = cli.parser().format_help()
    steps = ["variant", "release", "collect", "grade", "Formgrader", "feedback", "export", "report"]
    positions = [text.index(f"backmice-course {s}" if s != "Formgrader" else s) for s in steps]
    assert positions == sorted(positions), "the steps appear in the order of a term"
    for line in ("0  done: all graded", "1  done, but some submissions need attention", "2  could not run"):
        assert line in text
    grade_help = cli.parser()._subparsers._group_actions[0].choices["grade"].format_help()
    assert "--timeout" in grade_help and "--jobs" in grade_help and "--max-output" in grade_help


def test_exit_2_when_it_cannot_run(tmp_path, capsys):
    assert cli.main(["--root", str(tmp_path), "grade", "a0_orientation"]) == 2
    assert "no nbgrader_config.py" in capsys.readouterr().err
    root = copy_course(tmp_path / "course")
    assert cli.main(["--root", str(root), "grade", "a0_orientation"]) == 2
    assert "no submissions of a0_orientation" in capsys.readouterr().err
    (root / "submitted" / "s1" / "a0_orientation").mkdir(parents=True)
    assert cli.main(["--root", str(root), "grade", "a0_orientation"]) == 2
    assert "a0_orientation is not in the gradebook" in capsys.readouterr().err
    assert cli.main(["--root", str(root), "release", "no_such"]) == 2
    assert "no assignment no_such" in capsys.readouterr().err
    assert cli.main(["--root", str(root), "collect", "a0_orientation"]) == 2
    assert "no exchange is configured" in capsys.readouterr().err


def test_progress_bar_lines():
    import io

    out = io.StringIO()
    bar = ProgressBar(4, "a0", out, width=8)
    bar.update(1)
    bar.update(4, attention=1)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("a0 [##......] 1/4 graded, 00:00 elapsed, about 00:00 left")
    assert lines[1].startswith("a0 [########] 4/4 graded, 1 needs attention")


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process trees are read from /proc")
def test_kill_tree_stops_a_setsid_daemon_that_ignores_signals(tmp_path):
    # a grader-like process: own session, subreaper, starts a child that escapes into its own
    # session and ignores SIGINT/SIGTERM, then loops
    pidfile = tmp_path / "pids"
    code = f"""
import os, signal, subprocess, time
from backmice.instructor import procs
os.setsid(); procs.become_subreaper()
child = subprocess.Popen(["python3", "-c", "import os, signal, time\\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\\nif os.fork(): os._exit(0)\\nos.setsid()\\nopen({str(pidfile)!r}, 'w').write(str(os.getpid()))\\nwhile True: time.sleep(1)"])
while True: time.sleep(1)
"""
    grader = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 30
    while not (pidfile.exists() and pidfile.read_text()) and time.monotonic() < deadline:
        time.sleep(0.1)
    daemon = int(pidfile.read_text())
    assert daemon in procs.descendants(grader.pid), "the orphan came back to the subreaper"
    procs.kill_tree(grader.pid)
    grader.wait(timeout=10)
    time.sleep(0.2)
    assert not _alive(daemon) and not _alive(grader.pid)


def test_a_grading_job_crosses_to_the_grader_whole():
    """The batch hands each grader a GradingJob through the fork server as one line of JSON (and
    it pickles, for a multiprocessing child): every field comes back the same."""
    import pickle

    from backmice.instructor.job import GradingJob

    job = GradingJob(root="/c", assignment="a3", student="s01", course_id="bm", db_url="sqlite:////w/g.db",
                     dir="/w/job-0001-1", id="job-0001", extension=3600.0, env={"PATH": "/usr/bin"},
                     memory=4 << 30, max_output=20_000_000, startup_timeout=30, fingerprint="ab",
                     sandbox_checked=True)
    line = job.to_json()
    assert "\n" not in line
    assert GradingJob.from_json(line) == job == pickle.loads(pickle.dumps(job))
    again = job.but(attempt=2, dir="/w/job-0001-2")
    assert (again.attempt, str(again.result), str(again.progress)) == (2, "/w/job-0001-2/result.json",
                                                                       "/w/job-0001-2/progress")
    assert job.attempt == 1
