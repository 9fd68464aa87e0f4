"""A PostgreSQL gradebook for several graders: a real server from Debian's packages, started
on loopback inside the test (as an unprivileged user: PostgreSQL refuses to run as root),
graded into by two `backmice-course grade` processes at once, scores checked exactly."""

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from backmice.instructor import cli, gradebook
from course_copy import copy_course, submit
from test_pipeline import HOSTILE, RIGHT

A = "a0_orientation"
INITDB = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))

pytestmark = pytest.mark.skipif(
    not INITDB and not os.environ.get("CI"),
    reason="PostgreSQL server binaries are not installed (Debian: apt-get install postgresql; .ci/run does it)")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres():
    pytest.importorskip("psycopg", reason="pip install -e '.[test]' installs psycopg")
    bin_dir = Path(INITDB[-1]).parent
    tmp = Path(tempfile.mkdtemp(prefix="backmice-pg-", dir="/tmp"))
    as_user = []
    if os.geteuid() == 0:  # the server must not run as root: use the unprivileged `nobody`
        nobody = pwd.getpwnam("nobody")
        os.chown(tmp, nobody.pw_uid, nobody.pw_gid)
        as_user = ["runuser", "-u", "nobody", "--"]
    password = secrets.token_hex(12)
    pwfile = tmp / "pw"
    pwfile.write_text(password + "\n")
    if as_user:
        os.chown(pwfile, nobody.pw_uid, nobody.pw_gid)
    port = _free_port()
    data = tmp / "data"

    def run(*cmd):
        result = subprocess.run([*as_user, *cmd], capture_output=True, text=True, cwd=tmp, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    run(str(bin_dir / "initdb"), "-D", str(data), "-U", "grader", "--auth=scram-sha-256",
        f"--pwfile={pwfile}", "-E", "UTF8", "--no-sync")
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(tmp / "log"), "-w", "-t", "60", "start",
        "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {tmp} -c fsync=off -c max_connections=50")
    try:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=port, user="grader", password=password,
                             dbname="postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE gradebook")
        yield f"postgresql://grader:{password}@127.0.0.1:{port}/gradebook"
    finally:
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, cwd=tmp, timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)


WRONG = {"q1_answer": 'q1 = "A"', "q2_answer": 'q2 = "A, B"', "q3_answer": "q3 = 8",
         "q4_answer": 'q4 = "1B, 2A, 3C"', "q5_answer": 'q5 = "C, A, B, D"'}
EXPECTED = {  # student: test-cell scores (as in test_pipeline)
    "alice": {"q1_test": 1, "q2_test": 2, "q3_test": 1, "q4_test": 3, "q5_test": 2},
    "bob": {"q1_test": 0, "q2_test": 1.33, "q3_test": 1, "q4_test": 1, "q5_test": 1},
    "carol": {"q1_test": 1, "q2_test": 2, "q3_test": 1, "q4_test": 3, "q5_test": 2},
    "dave": {"q1_test": 0, "q2_test": 1.33, "q3_test": 1, "q4_test": 1, "q5_test": 1},
    "eve": dict.fromkeys(["q1_test", "q2_test", "q3_test", "q4_test", "q5_test"], 0),
    "frank": {"q1_test": 1, "q2_test": 2, "q3_test": 1, "q4_test": 3, "q5_test": 2},
}


def test_two_graders_grade_into_one_postgresql_gradebook(postgres, tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    assert cli.main(["--root", str(root), "--db-url", postgres, "release", A]) == 0
    assert not (root / "gradebook.db").exists(), "nothing may fall back to SQLite"
    answers = {"alice": RIGHT, "bob": WRONG, "carol": RIGHT, "dave": WRONG, "eve": HOSTILE, "frank": RIGHT}
    for student, given in answers.items():
        submit(root, A, student, given)
    # two graders at the same time, each with its own share of the class, both writing to PostgreSQL
    shares = (["alice", "bob", "eve"], ["carol", "dave", "frank"])
    env = {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"]}
    procs = [subprocess.Popen([sys.executable, "-m", "backmice.instructor.cli", "--root", str(root),
                               "--db-url", postgres, "grade", A, "--jobs", "1", "--quiet",
                               *[x for s in share for x in ("--student", s)]],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for share in shares]
    results = [p.communicate(timeout=600) + (p.returncode,) for p in procs]
    assert results[0][2] == 1, results[0]  # eve's hostile code needs attention
    assert "eve" in results[0][0] and "claimed more points than the typed answers earn" in results[0][0], results[0]
    assert results[1][2] == 0, results[1]

    from nbgrader.api import Gradebook

    with Gradebook(postgres, "backmice") as gb:
        scores = gradebook.scores(gb, A)
        book = gradebook.ledger(gb, A)
        assert gb.engine.dialect.name == "postgresql"
    assert set(scores) == set(EXPECTED)
    for student, cells in EXPECTED.items():
        assert {k: scores[student][k] for k in cells} == pytest.approx(cells), student
        assert scores[student]["q6_task"] is None
    assert {s for (_, s), e in book.items() if e["status"] != "graded"} == {"eve"}

    capsys.readouterr()
    assert cli.main(["--root", str(root), "--db-url", postgres, "export", "--out", str(tmp_path / "g.csv")]) == 1
    import csv

    rows = {r["student_id"]: r for r in csv.DictReader(open(tmp_path / "g.csv"))}
    assert float(rows["alice"]["raw_score"]) == 9.0 and rows["eve"]["status"] == "needs attention"
