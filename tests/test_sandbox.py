"""Hostile submissions, graded by ``backmice-course grade`` and by plain ``nbgrader autograde``:
each kernel runs in the sandbox (backmice/instructor/sandbox.py).

One class of a0_orientation: two honest students (ann, ben), graded first, then hostile ones,
each trying something a student should not manage: write into the course, read or overwrite a
classmate's submission, give itself credit in the gradebook, reach a listener on loopback, read
the grader's secrets (environment, /proc), symlink out of its folder, a fork bomb, filling the
disk, exhausting memory, output after the last cell, a huge or deeply nested notebook, a
submission that is a symlink to a classmate's. Asserted: exact scores, every other file of the
course byte-identical, the gradebook changed only in the graded rows, nothing reaches the
listener, and each stopped submission named with its reason.
"""

from __future__ import annotations

import compileall
import hashlib
import json
import os
import socket
import threading
from pathlib import Path

import nbformat
import pytest

from backmice.instructor import cli, sandbox
from backmice.release import nbgrader
from course_copy import copy_course, submit
from test_pipeline import RIGHT

A = "a0_orientation"
SECRET = "backmice-test-secret-4f1d9c"
BLANK = {f"q{i}_answer": f'q{i} = ""' for i in range(1, 6)}

_PROBLEM = sandbox.probe()
# in CI (.ci/run installs bubblewrap) a sandbox that cannot start is a failure, not a skip
pytestmark = pytest.mark.skipif(_PROBLEM is not None and not os.environ.get("BACKMICE_REQUIRE_SANDBOX"),
                                reason=f"the sandbox cannot start here: {_PROBLEM}")


def _attack(root: Path, port: int) -> str:
    """Python for an answer cell: each attempt prints DONE or REFUSED (never raises)."""
    r = str(root)
    return f'''
import glob, os, socket, sqlite3
R = {r!r}
def attempt(name, f):
    try:
        out = f()
        print(name, "DONE", repr(out)[:300])
    except BaseException as e:
        print(name, "REFUSED", type(e).__name__, e)
attempt("write-course", lambda: open(R + "/pwned.txt", "w").write("x"))
attempt("read-ann", lambda: open(R + "/submitted/ann/{A}/{A}.ipynb").read())
attempt("overwrite-ben", lambda: open(R + "/submitted/ben/{A}/{A}.ipynb", "w").write("{{}}"))
def credit():
    db = sqlite3.connect(R + "/gradebook.db")
    db.execute("update grade set manual_score = 100")
    db.commit()
attempt("gradebook", credit)
def private():
    found = glob.glob("/dev/shm/**/*.db", recursive=True) + glob.glob("/tmp/**/*.db", recursive=True)
    for path in found:
        credit_db = sqlite3.connect(path); credit_db.execute("update grade set auto_score = 100"); credit_db.commit()
    return "private gradebooks found: " + str(len(found)) + " " + str(glob.glob("/dev/shm/*"))
attempt("private-gradebook", private)
attempt("network", lambda: socket.create_connection(("127.0.0.1", {port}), timeout=3).sendall(b"stolen"))
attempt("environment", lambda: "secrets: " + str([k for k, v in os.environ.items() if "BACKMICE_ROOT" in k or "{SECRET}" in v]))
def proc():
    found = []
    for path in glob.glob("/proc/*/environ") + glob.glob("/proc/*/cmdline"):
        try:
            if b"{SECRET}" in open(path, "rb").read() or R.encode() in open(path, "rb").read():
                found.append(path)
        except OSError:
            pass
    return "in /proc: " + str(found)
attempt("proc", proc)
import backmice
attempt("write-package", lambda: open(backmice.__file__, "a").write("# pwned"))
attempt("symlink-out", lambda: (os.symlink(R + "/gradebook.db", "link.db"), open("link.db", "rb").read()))
attempt("config", lambda: open(R + "/nbgrader_config.py").read())
attempt("homes", lambda: os.listdir("/home"))
attempt("course-visible", lambda: "course exists: " + str(os.path.exists(R)))
q1 = ""
'''


FORK_BOMB = """
import os, time
while True:
    if os.fork() == 0:
        time.sleep(60)
        os._exit(0)
q1 = ""
"""

DISK_FILLER = """
for i in range(1000):
    with open(f"fill{i}.bin", "wb") as fh:
        for _ in range(32):
            fh.write(b"x" * 1_000_000)
q1 = ""
"""

MEMORY_HOG = """
hog = bytearray(16 * 1024 ** 3)
q1 = ""
"""

LATE_OUTPUT = """
import threading, time
def later():
    time.sleep(0.5)
    for i in range(100000):
        print("LATE OUTPUT", i)
        try:
            open(f"/tmp/late{i}", "w").write("x")
        except OSError:
            pass
        time.sleep(0.001)
threading.Thread(target=later, daemon=True).start()
q1 = "C"
"""


def _digest(root: Path, skip: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not path.is_symlink() and not rel.startswith(skip):
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _rows(root: Path, students: list[str]) -> dict:
    """Every grade and comment row of these students, and their ledger rows."""
    from nbgrader.api import Gradebook

    from backmice.instructor import gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "backmice") as gb:
        out = {}
        for s in students:
            sub = gb.find_submission(A, s)
            out[s] = {
                "grades": sorted((g.name, g.auto_score, g.manual_score, g.needs_manual_grade)
                                 for nb in sub.notebooks for g in nb.grades),
                "comments": sorted((c.name, c.auto_comment, c.manual_comment) for nb in sub.notebooks for c in nb.comments),
                "ledger": gradebook.ledger(gb, A).get((A, s)),
            }
        return out


class Listener:
    """A TCP server on loopback that records every connection it is offered."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.accepted: list[bytes] = []
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                self.accepted.append(conn.recv(100) or b"(connected)")
            except OSError:
                self.accepted.append(b"(connected)")
            conn.close()

    def close(self):
        self._stop.set()
        self.thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class, graded in two batches; returns what the tests look at."""
    root = copy_course(tmp_path_factory.mktemp("course"))
    assert cli.main(["--root", str(root), "release", A]) == 0
    submit(root, A, "ann", RIGHT)
    submit(root, A, "ben", {**RIGHT, "q1_answer": 'q1 = "A"', "q5_answer": 'q5 = "C, A, B, D"'})
    assert cli.main(["--root", str(root), "grade", A, "--quiet"]) == 0
    honest = _rows(root, ["ann", "ben"])

    listener = Listener()
    os.environ["BACKMICE_TEST_SECRET"] = SECRET  # in the grader's environment
    try:
        submit(root, A, "mallory", {**BLANK, "q1_answer": _attack(root, listener.port)})
        submit(root, A, "forky", {**BLANK, "q1_answer": FORK_BOMB})
        submit(root, A, "filler", {**BLANK, "q1_answer": DISK_FILLER})
        submit(root, A, "hog", {**BLANK, "q1_answer": MEMORY_HOG})
        submit(root, A, "late", {**RIGHT, "q1_answer": LATE_OUTPUT})
        # a submission that is a symlink to a classmate's notebook
        link = root / "submitted" / "linker" / A / f"{A}.ipynb"
        link.parent.mkdir(parents=True)
        link.symlink_to(root / "submitted" / "ann" / A / f"{A}.ipynb")
        # deeply nested, and huge
        nested = root / "submitted" / "nested" / A / f"{A}.ipynb"
        nested.parent.mkdir(parents=True)
        nested.write_text("[" * 200_000 + "]" * 200_000)
        huge = submit(root, A, "huge", BLANK)
        nb = nbformat.read(str(huge), as_version=4)
        nb.cells.append(nbformat.v4.new_markdown_cell("x" * 60_000_000))
        nbformat.write(nb, str(huge))

        before = _digest(root, ("autograded/", "gradebook.db"))
        # bytecode written first: on a fresh clone, other test workers importing a module for the
        # first time write its .pyc beside it meanwhile (seen in CI); that is not the sandbox's doing
        package_dir = Path(sandbox._package_dirs()[0]).parent / "backmice"
        compileall.compile_dir(str(package_dir), quiet=1)
        package = _digest(package_dir, ())
        code = cli.main(["--root", str(root), "grade", A, "--quiet"])
    finally:
        os.environ.pop("BACKMICE_TEST_SECRET", None)
        listener.close()
    return {"root": root, "code": code, "honest": honest, "before": before, "package": package,
            "listener": listener}


def _ledger(root: Path, student: str) -> dict:
    from nbgrader.api import Gradebook

    from backmice.instructor import gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "backmice") as gb:
        return gradebook.ledger(gb, A)[(A, student)]


def _score(root: Path, student: str) -> float:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "backmice") as gb:
        return gb.find_submission(A, student).score


def _outputs(root: Path, student: str) -> str:
    nb = nbformat.read(str(root / "autograded" / student / A / f"{A}.ipynb"), as_version=4)
    return "\n".join(o.get("text", "") + str(o.get("evalue", "")) for c in nb.cells for o in c.get("outputs", []))


def test_nothing_of_the_course_changed(graded):
    root = graded["root"]
    assert graded["code"] == 1  # graded, some need attention
    assert _digest(root, ("autograded/", "gradebook.db")) == graded["before"]
    assert _digest(Path(sandbox._package_dirs()[0]).parent / "backmice", ()) == graded["package"]
    assert not (root / "pwned.txt").exists()
    assert json.loads((root / "submitted" / "ben" / A / f"{A}.ipynb").read_text())["cells"]


def test_gradebook_changed_only_in_the_graded_rows(graded):
    root = graded["root"]
    assert _rows(root, ["ann", "ben"]) == graded["honest"]
    assert _score(root, "ann") == 9.0 and _score(root, "ben") == 7.0


def test_exact_scores_of_hostile_submissions(graded):
    root = graded["root"]
    for student in ("mallory", "forky", "filler", "hog"):
        assert _score(root, student) == 0.0, student
    assert _score(root, "late") == 9.0


def test_nothing_reached_the_listener(graded):
    assert graded["listener"].accepted == []
    text = _outputs(graded["root"], "mallory")
    assert "network REFUSED" in text


def test_attacks_were_refused_inside_the_sandbox(graded):
    text = _outputs(graded["root"], "mallory")
    for name in ("write-course", "read-ann", "overwrite-ben", "gradebook", "write-package", "symlink-out",
                 "config", "homes"):
        assert f"{name} REFUSED" in text, name
    assert "environment DONE 'secrets: []'" in text
    assert "proc DONE 'in /proc: []'" in text
    assert "course exists: False" in text
    assert "private gradebooks found: 0 []" in text
    assert SECRET not in text


def test_reasons_are_named(graded):
    root = graded["root"]
    mallory = _ledger(root, "mallory")
    assert mallory["status"] == "attention"
    assert any("outside its own folder (refused by the sandbox)" in r for r in mallory["reasons"]), mallory
    assert any("tried to open a network connection" in r for r in mallory["reasons"]), mallory
    forky = _ledger(root, "forky")
    assert forky["status"] != "graded" and any("too many processes" in r for r in forky["reasons"]), forky
    filler = _ledger(root, "filler")
    assert filler["status"] != "graded" and any("disk allowance" in r or "filled the space" in r
                                                for r in filler["reasons"]), filler
    hog = _ledger(root, "hog")
    assert hog["status"] != "graded" and any("memory" in r for r in hog["reasons"]), hog
    linker = _ledger(root, "linker")
    assert linker["status"] == "failed" and any("symbolic link" in r for r in linker["reasons"]), linker
    nested = _ledger(root, "nested")
    assert nested["status"] == "failed" and any("nested too deeply" in r for r in nested["reasons"]), nested
    huge = _ledger(root, "huge")
    assert huge["status"] == "failed" and any("more than the 50 MB" in r for r in huge["reasons"]), huge
    late = _ledger(root, "late")
    assert late["status"] == "graded", late


def test_the_export_names_them(graded):
    root = graded["root"]
    assert cli.main(["--root", str(root), "export", A]) == 1
    import csv

    with open(root / "grades.csv", newline="") as fh:
        rows = {r["student_id"]: r for r in csv.DictReader(fh)}
    assert rows["ann"]["status"] == rows["late"]["status"] == "needs manual grading"  # q6 is written
    for student in ("mallory", "forky", "filler", "hog"):
        assert rows[student]["status"] == "needs attention", rows[student]
    for student in ("linker", "nested", "huge"):
        assert rows[student]["status"] == "not graded" and rows[student]["score"] == "", rows[student]


def test_no_sandbox_is_said(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    assert cli.main(["--root", str(root), "release", A]) == 0
    submit(root, A, "ann", RIGHT)
    capsys.readouterr()
    assert cli.main(["--root", str(root), "grade", A, "--quiet", "--no-sandbox"]) == 0
    out = capsys.readouterr().out
    assert "WITHOUT THE SANDBOX" in out and "1 graded normally (unprotected)" in out
    assert _score(root, "ann") == 9.0
    assert cli.main(["--root", str(root), "export", A]) == 0
    text = (root / "grades.csv").read_text()
    assert "graded without the sandbox (--no-sandbox)" in text


def test_grading_stops_when_the_sandbox_cannot_start(tmp_path, capsys, monkeypatch):
    root = copy_course(tmp_path / "course")
    assert cli.main(["--root", str(root), "release", A]) == 0
    submit(root, A, "ann", RIGHT)
    capsys.readouterr()
    monkeypatch.setattr(sandbox, "_bwrap", lambda: None)
    assert cli.main(["--root", str(root), "grade", A, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "needs bubblewrap (bwrap), which is not installed" in err and "apt-get install bubblewrap" in err
    assert "Traceback" not in err
    assert not (root / "autograded").exists()
    # user namespaces refused: bwrap itself fails
    monkeypatch.setattr(sandbox, "_bwrap", lambda: "/bin/false")
    assert cli.main(["--root", str(root), "grade", A, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "cannot start here" in err and "user namespaces" in err


def test_plain_nbgrader_autograde_is_sandboxed(tmp_path):
    root = copy_course(tmp_path / "course")
    nbgrader("generate_assignment", A, "--force", root=root)
    submit(root, A, "ann", RIGHT)
    listener = Listener()
    try:
        submit(root, A, "mallory", {**BLANK, "q1_answer": _attack(root, listener.port)})
        before = _digest(root, ("autograded/", "gradebook.db"))
        result = nbgrader("autograde", A, root=root, check=False, timeout=600)
    finally:
        listener.close()
    assert result.returncode == 0, result.stdout + result.stderr
    assert listener.accepted == []
    assert _digest(root, ("autograded/", "gradebook.db")) == before
    text = _outputs(root, "mallory")
    assert "course exists: False" in text and "gradebook REFUSED" in text and "network REFUSED" in text
    assert _score(root, "ann") == 9.0 and _score(root, "mallory") == 0.0


def test_cpu_time_limit_is_named(tmp_path):
    """A kernel past its CPU allowance is stopped by the sandbox and named, never a silent 0
    (a 2 s allowance here, set in the course's configuration as an instructor would)."""
    root = copy_course(tmp_path / "course")
    with open(root / "nbgrader_config.py", "a") as fh:
        fh.write("\nc.SandboxedKernelManager.cpu_seconds = 2\n")
    assert cli.main(["--root", str(root), "release", A]) == 0
    submit(root, A, "spinner", {**BLANK, "q1_answer": "while True:\n    pass\nq1 = ''"})
    assert cli.main(["--root", str(root), "grade", A, "--quiet"]) == 1
    spinner = _ledger(root, "spinner")
    assert spinner["status"] == "failed", spinner
    assert any("more than 2 s of CPU time" in r for r in spinner["reasons"]), spinner
