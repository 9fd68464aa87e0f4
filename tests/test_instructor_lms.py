"""``backmice-course export --format canvas|moodle|blackboard|d2l|csv``: each layout against a
reference file written by hand from the system's documentation (tests/data/lms/), no silent 0
(refuse, naming them, or flag), and a synthetic class of 60 exported to every format."""

import csv
import io
import random
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from backmice.instructor import cli, latework, lms, roster
from backmice.instructor.course import Course, CourseError
from conftest import ROOT
from gradebook_class import A0, A1, COURSE, add_assignments, make_course, submit, url

DATA = ROOT / "tests" / "data" / "lms"
LATE = '''
c.LateWork.due = {"a0_orientation": "2026-09-14 23:59", "a1_anatomy": "2026-09-28 23:59"}
c.LateWork.timezone = "UTC"
c.LateWork.per = "day"
c.LateWork.deduct = "10%"
c.LateWork.cap = "30%"
c.LateWork.grace_minutes = 15
'''
D = datetime
# student: {assignment: (scores, submitted at)} -- see tests/data/lms/README.md
CLASS = {
    "s01": {A0: ({"q1_test": 4, "q2_test": 4}, D(2026, 9, 14, 20, 0)),
            A1: ({"q1_test": 5, "q2_test": 4.5}, D(2026, 9, 28, 12, 0))},
    "s02": {A0: ({"q1_test": 3, "q2_test": 4}, D(2026, 9, 16, 1, 59)),
            A1: ({"q1_test": 5, "q2_test": 5}, D(2026, 9, 27, 9, 0))},
    "s03": {A0: ({"q1_test": 2, "q2_test": 4}, D(2026, 9, 15, 0, 9)),
            A1: ({"q1_test": 4, "q2_test": 5}, D(2026, 10, 3, 23, 0))},
    "s04": {A0: ({"q1_test": 4, "q2_test": 6}, D(2026, 9, 16, 23, 59)),
            A1: ({"q1_test": 3.25, "q2_test": 4}, D(2026, 9, 29, 0, 59))},
}


def reference(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    while lines and lines[0].startswith("# "):
        lines.pop(0)
    return lines


def written(path) -> list[str]:
    raw = path.read_bytes().decode("utf-8")
    assert raw.endswith("\r\n") and "\n" not in raw.replace("\r\n", ""), "RFC 4180 line ends"
    return raw.split("\r\n")[:-1]


def _run(capsys, *args):
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def _reference_root(tmp_path_factory):
    """The class of tests/data/lms/README.md, set up through the CLI: roster import, extension."""
    import contextlib

    root = make_course(tmp_path_factory.mktemp("reference") / "course", LATE)
    add_assignments(root)
    with Gradebook(url(root), COURSE) as gb:
        for student, work in CLASS.items():
            for a, (scores, at) in work.items():
                submit(gb, a, student, scores, at)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        imported = cli.main(["--root", str(root), "roster", "import", str(DATA / "classlist.csv")])
        said = out.getvalue()
        extended = cli.main(["--root", str(root), "extend", "s04", A0, "--days", "3"])
    return root, imported, said, extended, out.getvalue()[len(said):], err.getvalue()


@pytest.fixture
def reference_class(_reference_root, tmp_path):
    """A fresh copy of the reference class (tests may change it)."""
    import shutil

    root, imported, said, extended, out, err = _reference_root
    assert imported == 0 and extended == 0, err
    assert "0 student(s) added, 4 updated" in said  # the gradebook knew their ids, not their names
    assert "s04 has 3 days more for a0_orientation: due 2026-09-17 23:59 (UTC) instead of 2026-09-14 23:59 (UTC)" in out
    assert "on time (with an extension of 3 days)" in out
    return Path(shutil.copytree(root, tmp_path / "course"))


@pytest.mark.parametrize("fmt, extra, ref", [
    ("canvas", [], "canvas.csv"),
    ("moodle", [], "moodle_email.csv"),
    ("moodle", ["--id", "idnumber"], "moodle_idnumber.csv"),
    ("blackboard", [], "blackboard.csv"),
    ("d2l", [], "d2l.csv"),
])
def test_each_format_matches_its_reference_file(reference_class, capsys, fmt, extra, ref):
    root = reference_class
    out_file = root / f"out-{ref}"
    code, out, err = _run(capsys, "--root", root, "export", "--format", fmt, *extra, "--out", out_file)
    assert code == 0, out + err
    assert written(out_file) == reference(ref)
    assert "Maximum points to set for each assignment in the LMS: a0_orientation 10, a1_anatomy 10." in out


def test_default_output_name_and_csv_with_late_penalties(reference_class, capsys):
    root = reference_class
    code, out, _ = _run(capsys, "--root", root, "export", "--format", "d2l")
    assert code == 0 and (root / "grades-d2l.csv").exists()
    code, out, _ = _run(capsys, "--root", root, "export")
    assert code == 0, out
    assert "Late work: 10% of the maximum per day late" in out
    rows = {(r["student_id"], r["assignment"]): r for r in csv.DictReader(open(root / "grades.csv"))}
    assert len(rows) == 8
    assert rows[("s02", A0)]["raw_score"] == "7.0" and rows[("s02", A0)]["late_submission_penalty"] == "2.0"
    assert rows[("s02", A0)]["score"] == "5.0" and "1 day 2 hours late" in rows[("s02", A0)]["reason"]
    assert rows[("s03", A1)]["score"] == "6.0" and "(the cap)" in rows[("s03", A1)]["reason"]
    assert rows[("s03", A0)]["score"] == "6.0" and "grace period" in rows[("s03", A0)]["reason"]
    assert rows[("s04", A0)]["score"] == "10.0" and "extension of 3 days" in rows[("s04", A0)]["reason"]
    assert rows[("s01", A0)]["reason"] == "" and rows[("s01", A0)]["status"] == "graded"


def _add_problem_students(root):
    people = "s05,Ji-woo,Park,jw.park@example.edu,1005,20067934,jpark,Mon AM\n" \
             "s06,Luc,Tremblay,luc.t@example.edu,1006,20067935,ltremblay,Tue PM\n"
    more = root / "more.csv"
    more.write_text((DATA / "classlist.csv").read_text(encoding="utf-8") + people, encoding="utf-8")
    with Gradebook(url(root), COURSE) as gb:
        submit(gb, A0, "s05", {"q1_test": 4, "q2_test": 3}, D(2026, 9, 14, 9, 0))
        submit(gb, A0, "s06", {"q1_test": 4, "q2_test": 5}, D(2026, 9, 14, 9, 0))
        submit(gb, A1, "s06", {"q1_test": 0, "q2_test": 0}, D(2026, 9, 28, 9, 0), flagged=True)
    return more


def test_no_silent_zero_refuse_names_them_flag_marks_them(reference_class, capsys):
    root = reference_class
    more = _add_problem_students(root)
    assert _run(capsys, "--root", root, "roster", "import", more)[0] == 0
    for fmt in ("canvas", "moodle", "blackboard", "d2l"):
        target = root / f"refused-{fmt}.csv"
        code, out, err = _run(capsys, "--root", root, "export", "--format", fmt, "--out", target)
        assert code == 2 and not target.exists(), fmt
        assert "nothing was written: 2 student(s) have no real score" in err
        assert "s05: a1_anatomy: no submission" in err and "s06: a1_anatomy: needs attention" in err
        assert "--missing flag" in err and "Traceback" not in err
    target = root / "flagged.csv"
    code, out, err = _run(capsys, "--root", root, "export", "--format", "canvas", "--missing", "flag", "--out", target)
    assert code == 1, err
    assert written(target) == reference("canvas_flagged.csv")
    assert "2 student(s) flagged (score left empty, never 0)" in out and "Delete the column 'Back Mice flag'" in out
    # a mark still to give counts too: s01's written answer waits
    with Gradebook(url(root), COURSE) as gb:
        g = gb.find_grade("q2_test", A1, A1, "s01")
        g.auto_score, g.needs_manual_grade = None, True
        gb.db.commit()
    code, _, err = _run(capsys, "--root", root, "export", "--format", "d2l", "--out", root / "x.csv")
    assert code == 2 and "s01: a1_anatomy: needs manual grading (not yet marked: q2_test)" in err
    # csv keeps flagging every row with its status; asked to refuse, it refuses too
    assert _run(capsys, "--root", root, "export", "--out", root / "g.csv")[0] == 1
    code, _, err = _run(capsys, "--root", root, "export", "--missing", "refuse", "--out", root / "g2.csv")
    assert code == 2 and "s05: a1_anatomy: no submission" in err


def test_missing_identifiers_are_named(tmp_path, capsys):
    root = make_course(tmp_path / "c")
    add_assignments(root, {A0: [("q1_test", 2.0, "code")]})
    with Gradebook(url(root), COURSE) as gb:
        submit(gb, A0, "s1", {"q1_test": 2})
        submit(gb, A0, "s2", {"q1_test": 1})
    (root / "list.csv").write_text("student_id,email,username\ns1,a@example.edu,ann\ns2,,\n")
    assert _run(capsys, "--root", root, "roster", "import", root / "list.csv")[0] == 0
    for fmt, words in [("moodle", "no email (Moodle matches them on the column 'Email address')"),
                       ("blackboard", "no login id (Blackboard matches students on their Username)"),
                       ("d2l", "no SIS id (OrgDefinedId) or login id (Username)")]:
        code, _, err = _run(capsys, "--root", root, "export", "--format", fmt, "--out", root / "o.csv")
        assert code == 2 and "1 student(s) have" in err and err.rstrip().count("s2") == 1, (fmt, err)
    code, out, err = _run(capsys, "--root", root, "export", "--format", "moodle", "--id", "username",
                          "--out", root / "o.csv")
    assert code == 2 and "s2" in err
    code, _, err = _run(capsys, "--root", root, "export", "--format", "canvas", "no_such", "--out", root / "o.csv")
    assert code == 2 and "no_such is not in the gradebook" in err


def test_a_synthetic_class_of_60_in_every_format(tmp_path):
    """60 students with random scores, times, extensions and a few without a real score;
    every format has 60 rows, the same scores (after the late penalty), and the flags."""
    root = make_course(tmp_path / "c60", LATE)
    add_assignments(root)
    rng = random.Random(60)
    expected, flagged = {}, set()
    people = ["student_id,first_name,last_name,email,lms_user_id,sis_id,login_id,section"]
    policy = latework.from_config(Course.open(root).config)
    with Gradebook(url(root), COURSE) as gb:
        for i in range(60):
            s = f"u{i:03d}"
            people.append(f"{s},First{i},Last{i:02d},{s}@example.edu,{5000 + i},{9000 + i},{s},S{i % 3}")
            for a, due in ((A0, D(2026, 9, 14, 23, 59)), (A1, D(2026, 9, 28, 23, 59))):
                if i % 20 == 7 and a == A1:
                    flagged.add(s)          # no submission
                    continue
                scores = {"q1_test": rng.choice([0, 1, 2.5, 4, 5]) * (0.8 if a == A0 else 1),
                          "q2_test": rng.choice([0, 2, 3.5, 5])}
                at = due + timedelta(hours=rng.choice([-30, -1, 0.1, 3, 30, 80, 200]))
                ext = timedelta(days=2) if i % 11 == 3 else None
                if ext:
                    latework.set_extension(gb, a, s, ext)
                submit(gb, a, s, scores, at, flagged=(i == 42 and a == A0))
                if i == 42 and a == A0:
                    flagged.add(s)
                raw = sum(scores.values())
                late = latework.penalty(policy, due, 10.0, raw, at, ext)
                expected[(s, a)] = round(raw - late.points, 2)
    (root / "list.csv").write_text("\n".join(people) + "\n")
    course = Course.open(root)
    roster.import_file(course.db_url, course.course_id, root / "list.csv")
    assert any(0 < expected[k] < 10 for k in expected)
    assert len(flagged) == 4
    with pytest.raises(CourseError, match=r"4 student\(s\) have no real score"):
        lms.write(course, "canvas", root / "x.csv")
    key = {"canvas": "SIS Login ID", "moodle": "Email address", "blackboard": "Username", "d2l": "Username"}
    for fmt in ("canvas", "moodle", "blackboard", "d2l", "csv"):
        result = lms.write(course, fmt, root / f"{fmt}.csv", missing="flag")
        assert result.students == 60 and {s for s, _ in result.flagged} == flagged
        text = (root / f"{fmt}.csv").read_text(encoding="utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        if fmt == "csv":
            assert len(rows) == 120
            for r in rows:
                if (r["student_id"], r["assignment"]) in expected and r["status"] == "graded":
                    assert float(r["score"]) == pytest.approx(expected[(r["student_id"], r["assignment"])])
            continue
        assert len(rows) == 60
        for r in rows:
            s = r[key[fmt]].lstrip("#").split("@")[0]
            for a in (A0, A1):
                cell = r[f"{a} Points Grade" if fmt == "d2l" else a]
                if s in flagged and ((s, a) not in expected or (s == "u042" and a == A0)):
                    assert cell == "" and a in r[lms.FLAG], (fmt, s, a)
                else:
                    assert float(cell) == pytest.approx(expected[(s, a)]), (fmt, s, a)
