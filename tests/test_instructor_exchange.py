"""nbgrader's exchange, round trip, with two unprivileged Unix users as students:
release -> fetch -> submit -> collect -> grade -> release feedback -> fetch feedback.

The instructor (this process, root) uses backmice-course; the students run nbgrader's own
student commands (what JupyterLab's Assignment List runs) as themselves, with their own HOME.
"""

import os
import pwd
import re
import secrets
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import nbformat
import pytest

from backmice.instructor import cli, exchange
from course_copy import copy_course
from test_pipeline import RIGHT

A = "a0_orientation"

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="creating the two student accounts needs root "
                                "(useradd); CI runs as root")


# Where the students see this environment's packages when they cannot reach them where they are
# (a clone in a folder only its owner may enter: a home with mode 700, `mktemp -d`).
SHARED_SITE = "site-packages"


def _runuser(user, home, *cmd, check=True):
    env = ["env", "-i", f"HOME={home}", f"USER={user}", f"LOGNAME={user}", "PATH=/usr/bin:/bin", "LANG=C.UTF-8"]
    run = ["runuser", "-u", user, "--", *env, *cmd]
    shared = Path(home).parent / SHARED_SITE
    if shared.is_dir():
        # a mount namespace of this command's own: this environment's packages, read-only, at a
        # path the students may walk to; nothing on the machine changes, and it ends with them
        run = ["unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
               'mount --bind -o ro "$1" "$2" && shift 2 && exec "$@"', "sh",
               sysconfig.get_paths()["purelib"], str(shared), *run]
    result = subprocess.run(run, cwd=home, capture_output=True, text=True, timeout=300)
    if check:
        assert result.returncode == 0, f"{cmd}: {result.stdout}{result.stderr}"
    return result


def _student_python(user, home):
    """How a student runs nbgrader: this environment's Python if other users may run it; else
    the system's Python of the same version reading this environment's packages (the base
    interpreter of this environment may live in a private home, e.g. pyenv under /root, and
    the clone itself in a folder only its owner may enter: then the packages are shown to the
    students, read-only, in a mount namespace of their command's own; see _runuser)."""
    if _runuser(user, home, sys.executable, "-c", "import nbgrader", check=False).returncode == 0:
        return [sys.executable, "-m", "nbgrader"]
    system = shutil.which("python3", path="/usr/bin:/bin")
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    probe = subprocess.run([system, "-c", "import sys; print(f'{sys.version_info.major}.{sys.version_info.minor}')"],
                           capture_output=True, text=True) if system else None
    if not probe or probe.stdout.strip() != version:
        pytest.skip(f"students cannot run this environment's Python ({sys.executable}), and there is "
                    f"no system Python {version} to use instead")
    site = sysconfig.get_paths()["purelib"]
    if _runuser(user, home, system, "-c", f"import site; site.addsitedir({site!r}); import nbgrader",
                check=False).returncode != 0:
        shared = Path(home).parent / SHARED_SITE
        shared.mkdir(exist_ok=True)
        os.chmod(shared, 0o755)
        site = str(shared)
    boot = (f"import site, sys, runpy; site.addsitedir({site!r}); sys.argv[0] = 'nbgrader'; "
            "runpy.run_module('nbgrader', run_name='__main__', alter_sys=True)")
    return [system, "-c", boot]


@pytest.fixture(scope="module")
def users():
    base = Path(tempfile.mkdtemp(prefix="backmice-exchange-", dir="/tmp"))
    os.chmod(base, 0o755)
    names = [f"bmstu{secrets.token_hex(3)}{i}" for i in (1, 2)]
    made = []
    try:
        for name in names:
            home = base / name
            subprocess.run(["useradd", "--no-create-home", "--home-dir", str(home), "--shell", "/bin/sh",
                            "--user-group", name], check=True, capture_output=True)
            made.append(name)
            home.mkdir()
            entry = pwd.getpwnam(name)
            os.chown(home, entry.pw_uid, entry.pw_gid)
            os.chmod(home, 0o700)
        yield base, names
    finally:
        for name in made:
            subprocess.run(["userdel", name], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def test_exchange_round_trip(users, tmp_path, capsys):
    base, (ann, ben) = users
    ex = exchange.prepare_root(base / "exchange")
    root = copy_course(tmp_path / "course")
    with open(root / "nbgrader_config.py", "a") as fh:
        fh.write(f"\nc.Exchange.root = {str(ex)!r}\n")

    # instructor: generate and release
    assert cli.main(["--root", str(root), "release", A, "--exchange"]) == 0, capsys.readouterr()
    outbound = ex / "backmice" / "outbound" / A / f"{A}.ipynb"
    assert outbound.exists()
    assert "BEGIN SOLUTION" not in outbound.read_text() and "HIDDEN TESTS" not in outbound.read_text()

    answers = {ann: RIGHT, ben: {**RIGHT, "q1_answer": 'q1 = "A"', "q5_answer": 'q5 = "C, A, B, D"'}}
    for user, given in answers.items():
        home = base / user
        nbgrader = _student_python(user, home)
        _runuser(user, home, *nbgrader, "fetch_assignment", A, "--course", "backmice", f"--Exchange.root={ex}")
        path = home / A / f"{A}.ipynb"
        nb = nbformat.read(str(path), as_version=4)
        for cell in nb.cells:
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            if gid in given:
                cell.source = given[gid]
        nbformat.write(nb, str(path))  # as root: give the file back to the student
        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)
        _runuser(user, home, *nbgrader, "submit", A, "--course", "backmice", f"--Exchange.root={ex}")

    # the exchange keeps students apart: ben cannot list the inbound folder
    inbound = ex / "backmice" / "inbound"
    peek = _runuser(ben, base / ben, "ls", str(inbound), check=False)
    assert peek.returncode != 0 and "Permission denied" in peek.stderr
    assert not os.stat(inbound).st_mode & 0o004

    # instructor: collect, grade, feedback
    assert cli.main(["--root", str(root), "collect", A]) == 0
    assert f"2 submission(s) of {A} in submitted/: {', '.join(sorted([ann, ben]))}" in capsys.readouterr().out
    assert cli.main(["--root", str(root), "grade", A, "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "2 graded normally" in out
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "backmice") as gb:
        assert gb.find_submission(A, ann).score == 9.0
        assert gb.find_submission(A, ben).score == 7.0  # q1 wrong (-1), q5 half right (-1)
    assert cli.main(["--root", str(root), "feedback", A, "--release"]) == 0, capsys.readouterr()

    # students: fetch their own feedback
    for user, verdict in ((ann, "q1: correct. 1 of 1 point."), (ben, "q1: not correct. 0 of 1 point.")):
        home = base / user
        _runuser(user, home, *_student_python(user, home), "fetch_feedback", A, "--course", "backmice",
                 f"--Exchange.root={ex}")
        pages = list((home / A / "feedback").glob(f"*/{A}.html"))
        assert len(pages) == 1, user
        text = re.sub(r"<[^>]+>", "", pages[0].read_text()).replace("&quot;", '"')
        assert verdict in text, user
        assert "HIDDEN TESTS" not in text and "grade(" not in text.replace(" ", "") and "MARK SCHEME" not in text
        assert pages[0].stat().st_uid == pwd.getpwnam(user).pw_uid
