"""Late work: the policy as a pure function (on time, late, grace, capped, extended), its
configuration (plain messages for bad settings), and the gradebook side: the penalty written
into nbgrader's late_submission_penalty from scratch, so re-grading never applies it twice and
removing an extension restores the grade."""

from datetime import datetime, timedelta

import pytest
from nbgrader.api import Gradebook
from traitlets.config import Config

from backmice.instructor import cli, latework
from backmice.instructor.course import Course, CourseError
from gradebook_class import A0, COURSE, add_assignments, make_course, submit, url

DUE = datetime(2026, 9, 14, 23, 59)


def policy(**settings) -> latework.Policy:
    c = Config()
    c.LateWork.due = {A0: "2026-09-14 23:59"}
    for k, v in settings.items():
        c.LateWork[k] = v
    return latework.from_config(c)


P = dict(deduct="10%", cap="30%", grace_minutes=15)


def late(p, minutes, raw=10.0, ext=None, top=10.0):
    return latework.penalty(p, p.due[A0], top, raw, DUE + timedelta(minutes=minutes), ext)


def test_on_time_late_grace_and_cap():
    p = policy(**P)
    assert p.due[A0] == DUE
    assert late(p, -60).points == 0 and late(p, 0).points == 0 and late(p, -60).note == ""
    within = late(p, 15)
    assert within.points == 0 and "within the grace period" in within.note
    # past the grace period lateness counts from the due date: each started day is a day
    assert late(p, 16).points == 1 and late(p, 16).units == 1
    assert late(p, 24 * 60).points == 1 and late(p, 24 * 60 + 1).points == 2
    assert late(p, 26 * 60).note == "1 day 2 hours late: 2 days x 1 = -2 point(s)"
    assert late(p, 10 * 24 * 60).points == 3 and "(the cap)" in late(p, 10 * 24 * 60).note
    assert late(p, 2 * 24 * 60, raw=1.5).points == 1.5          # never below zero
    assert late(p, 60, raw=None).points == 1                    # not graded: the penalty still known
    # no submission time: counted as on time, and said
    assert latework.penalty(p, DUE, 10, 5, None).note.startswith("no submission time recorded")


def test_points_per_hour_and_no_cap():
    p = policy(per="hour", deduct=0.5)
    assert late(p, 61).points == 1.0 and late(p, 61).units == 2
    assert late(p, 100 * 60, raw=80, top=100).points == 50      # no cap: 100 hours x 0.5
    assert "0.5 point(s) per hour late" in p.describe()


def test_extension_moves_the_due_date():
    p = policy(**P)
    assert late(p, 2 * 24 * 60, ext=timedelta(days=3)).points == 0
    assert late(p, 2 * 24 * 60, ext=timedelta(days=3)).note == "on time (with an extension of 3 days)"
    assert late(p, 4 * 24 * 60, ext=timedelta(days=3)).points == 1


def test_timezone_and_no_policy():
    c = Config()
    c.LateWork.due = {A0: "2026-09-14 23:59"}
    c.LateWork.timezone = "Europe/London"                       # BST: UTC+1 in September
    assert latework.from_config(c).due[A0] == datetime(2026, 9, 14, 22, 59)
    c.LateWork.due = {A0: "2026-09-14T23:59:00-04:00"}          # an explicit offset wins
    assert latework.from_config(c).due[A0] == datetime(2026, 9, 15, 3, 59)
    none = latework.from_config(Config())
    assert not none.configured and latework.penalty(none, DUE, 10, 5, DUE + timedelta(days=9)).points == 0


@pytest.mark.parametrize("key, value, words", [
    ("dedcut", "10%", "c.LateWork.dedcut is not a setting; the settings are: c.LateWork.due"),
    ("deduct", "ten", "c.LateWork.deduct = 'ten' is not an amount"),
    ("deduct", "150%", "must be between 0 and 100%"),
    ("cap", -1, "c.LateWork.cap = -1 must be between 0"),
    ("per", "week", "c.LateWork.per = 'week': write \"day\" or \"hour\""),
    ("timezone", "Mars/Olympus", "is not a time zone I know"),
    ("grace_minutes", "soon", "is not a number of minutes"),
    ("due", {A0: "14/09/2026"}, "c.LateWork.due['a0_orientation'] = '14/09/2026' is not a date and time"),
    ("due", ["a0"], "c.LateWork.due must be a dictionary"),
])
def test_bad_settings_are_named_plainly(key, value, words):
    c = Config()
    c.LateWork[key] = value
    with pytest.raises(CourseError) as exc:
        latework.from_config(c)
    assert words in str(exc.value)


LATE = '''
c.LateWork.due = {"a0_orientation": "2026-09-14 23:59"}
c.LateWork.deduct = "10%"
c.LateWork.cap = "30%"
'''


def _penalties(root):
    with Gradebook(url(root), COURSE) as gb:
        return {s.student.id: (s.score, s.late_submission_penalty) for s in gb.find_assignment(A0).submissions}


def test_applied_from_scratch_regrading_and_removing_an_extension(tmp_path, capsys):
    root = make_course(tmp_path / "c", LATE)
    add_assignments(root, {A0: [("q1_test", 4.0, "code"), ("q2_test", 6.0, "code")]})
    with Gradebook(url(root), COURSE) as gb:
        submit(gb, A0, "ontime", {"q1_test": 4, "q2_test": 4}, DUE - timedelta(hours=1))
        submit(gb, A0, "late", {"q1_test": 4, "q2_test": 4}, DUE + timedelta(hours=30))
        submit(gb, A0, "verylate", {"q1_test": 4, "q2_test": 4}, DUE + timedelta(days=9))
    course = Course.open(root)
    lines = latework.apply_course(course)
    assert lines == ["Late work (10% of the maximum per day late (each started day counts), at most 30% "
                     "of the maximum): 2 late submission(s) penalised: late -2, verylate -3."]
    assert _penalties(root) == {"ontime": (8, 0), "late": (8, 2), "verylate": (8, 3)}
    latework.apply_course(course)                              # again: the same, never twice
    assert _penalties(root) == {"ontime": (8, 0), "late": (8, 2), "verylate": (8, 3)}
    # re-grading writes nbgrader's own value (0 here) and may change the score; apply starts over
    with Gradebook(url(root), COURSE) as gb:
        sub = gb.find_submission(A0, "late")
        for nb in sub.notebooks:
            nb.late_submission_penalty = 0.0
        gb.find_grade("q2_test", A0, A0, "late").auto_score = 1
        gb.db.commit()
    latework.apply_course(course)
    assert _penalties(root)["late"] == (5, 2)
    # an extension, through the command, then removed: the grade comes back exactly
    assert cli.main(["--root", str(root), "extend", "late", A0, "--hours", "36"]) == 0
    out = capsys.readouterr().out
    assert "late has 1 day 12 hours more for a0_orientation" in out and "Their submission: on time" in out
    assert _penalties(root)["late"] == (5, 0)
    assert cli.main(["--root", str(root), "extend", "late", A0, "--remove"]) == 0
    out = capsys.readouterr().out
    assert "Extension of late for a0_orientation removed: due 2026-09-14 23:59 (UTC)." in out
    assert "1 day 6 hours late: 2 days x 1 = -2 point(s)" in out
    assert _penalties(root)["late"] == (5, 2)


def test_extend_refuses_plainly(tmp_path, capsys):
    root = make_course(tmp_path / "c", LATE)
    add_assignments(root, {A0: [("q1_test", 4.0, "code")]})
    with Gradebook(url(root), COURSE) as gb:
        submit(gb, A0, "s1", {"q1_test": 4}, DUE)
    for args, words in [(["nobody", A0, "--days", "2"], "nobody is not a student in the gradebook"),
                        (["s1", "a9", "--days", "2"], "a9 is not in the gradebook"),
                        (["s1", A0, "--days", "-1"], "give the extension as a positive number")]:
        assert cli.main(["--root", str(root), "extend", *args]) == 2
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err
    (root / "nbgrader_config.py").write_text((root / "nbgrader_config.py").read_text() + 'c.LateWork.per = "fortnight"\n')
    assert cli.main(["--root", str(root), "extend", "s1", A0, "--days", "1"]) == 2
    assert "c.LateWork.per = 'fortnight'" in capsys.readouterr().err


def test_feedback_shows_the_penalty(tmp_path):
    """nbgrader's feedback reads the notebook's late_submission_penalty (GetGrades, in
    GenerateFeedback.preprocessors): after apply it holds the policy's penalty."""
    import nbformat
    from nbgrader.preprocessors import GetGrades

    root = make_course(tmp_path / "c", LATE)
    add_assignments(root, {A0: [("q1_test", 4.0, "code"), ("q2_test", 6.0, "code")]})
    with Gradebook(url(root), COURSE) as gb:
        submit(gb, A0, "late", {"q1_test": 4, "q2_test": 4}, DUE + timedelta(hours=30))
    latework.apply_course(Course.open(root), [A0])
    resources = {"nbgrader": {"notebook": A0, "assignment": A0, "student": "late", "db_url": url(root)}}
    _, resources = GetGrades().preprocess(nbformat.v4.new_notebook(), resources)
    assert resources["nbgrader"]["late_penalty"] == 2 and resources["nbgrader"]["score"] == 6
