"""A synthetic class of 60 graded end to end with ``backmice-course``, in a copy of the course.

52 believable students (backmice.instructor.synthetic, exact expected scores) and 8 broken or
hostile submissions: a loop that swallows KeyboardInterrupt, invalid JSON, an output flood, a
kernel that kills itself, deleted test cells, the hostile code of test_pipeline, tampered
nbgrader metadata, and a notebook under the wrong name. Every one must be named with a plain
reason, none may score a silent 0, and everyone else must grade exactly. Then: serial grading
gives the same scores cell by cell, manual grades survive re-grading, feedback hides the hidden
tests, the export and the report tell the same story.
"""

import csv
import json
import re

import pytest
from nbgrader.api import Gradebook

from backmice.instructor import batch, cli, gradebook, itemstats, synthetic
from course_copy import copy_course, generate, submit
from test_pipeline import HOSTILE, RIGHT, _tamper

A = "a0_orientation"
TESTS = ["q1_test", "q2_test", "q3_test", "q4_test", "q5_test"]
# seconds per submission in this test: the loop is stopped after it; generous, because an
# ordinary submission must never reach it, even on a machine saturated by other work
TIMEOUT = 60
LOOP = 'q2 = "A"\nwhile True:\n    try:\n        pass\n    except KeyboardInterrupt:\n        pass'

BROKEN = {
    # student: (status, words that must appear in the reason, expected test-cell scores or None)
    "x_loop": ("failed", [f"ran longer than {TIMEOUT} s", "q2_answer", "loop"], None),
    "x_badjson": ("failed", ["not a valid notebook file", "broken JSON"], None),
    "x_flood": ("failed", ["printed more than 2 MB", "kernel was stopped"], None),
    "x_exit": ("failed", ["kernel stopped", "os._exit"], None),
    "x_noname": ("failed", ["has no a0_orientation.ipynb", "answers.ipynb"], None),
    "x_deleted": ("attention", ["q1_test, q2_test had been deleted"], dict(zip(TESTS, [1, 2, 1, 3, 2]))),
    "x_hostile": ("attention", ["claimed more points than the typed answers earn"], dict.fromkeys(TESTS, 0)),
    "x_tampered": ("attention", ["settings of cell(s) q1_test", "q3_test", "locked cell(s) q5_test had been edited"],
                   dict(zip(TESTS, [1, 2, 1, 3, 2]))),
}


def _run(capsys, *args):
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    root = copy_course(tmp_path_factory.mktemp("class"))
    generate(root, A)
    regular = [f"s{i:02d}" for i in range(52)]
    expected = synthetic.make_class(root, A, regular, seed=2024)
    submit(root, A, "x_loop", {**RIGHT, "q2_answer": LOOP})
    submit(root, A, "x_exit", {**RIGHT, "q3_answer": "import os\nos._exit(1)"})
    submit(root, A, "x_flood", {**RIGHT, "q1_answer": 'q1 = "C"\nwhile True:\n    print("x" * 10000)'})
    bad = submit(root, A, "x_badjson", RIGHT)
    bad.write_text(bad.read_text()[:-40])
    wrong = submit(root, A, "x_noname", RIGHT)
    wrong.rename(wrong.with_name("answers.ipynb"))
    submit(root, A, "x_deleted", RIGHT, drop=("q1_test", "q2_test"))
    submit(root, A, "x_hostile", HOSTILE)
    submit(root, A, "x_tampered", RIGHT, edit=_tamper)
    return root, expected


@pytest.fixture(scope="module")
def graded(klass, tmp_path_factory):
    root, expected = klass
    import contextlib  # capsys is function-scoped: capture by hand
    import io

    out, err = io.StringIO(), io.StringIO()
    _FORKSERVERS_BEFORE.update(_forkservers())  # another run's fork server on the machine is not ours
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(root), "grade", A, "--jobs", "2", "--timeout", str(TIMEOUT),
                         "--max-output", "2"])
    return root, expected, code, out.getvalue(), err.getvalue()


_FORKSERVERS_BEFORE: set[str] = set()


def _forkservers() -> set[str]:
    """Process ids of every fork server of the course running on this machine."""
    import os

    found = set()
    for pid in os.listdir("/proc"):
        try:
            cmd = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "backmice.instructor.forkserver" in cmd:
            found.add(pid)
    return found


def _scores(root):
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "backmice") as gb:
        return gradebook.scores(gb, A)


def test_every_submission_is_graded_or_named_with_its_reason(graded):
    root, expected, code, out, err = graded
    assert code == 1, out + err  # graded, some need attention
    assert "60 submission(s)" in out and "52 graded normally" in out
    assert f"{len(BROKEN)} need attention:" in out
    assert f"Exit status 1: graded, {len(BROKEN)} need attention." in out
    listed = dict(re.findall(r"^    (x_\w+)\s+(.*)$", out, flags=re.M))
    assert set(listed) == set(BROKEN)
    for student, (status, words, _) in BROKEN.items():
        assert listed[student].startswith("NOT GRADED" if status == "failed" else "graded, check"), student
        for w in words:
            assert w in listed[student], (student, listed[student])
    assert "52 wait for hand-grading of q6_task" not in out  # broken ones with scores wait too
    assert "55 wait for hand-grading of q6_task (Formgrader)." in out


def test_exact_scores_and_no_silent_zero(graded):
    root, expected, *_ = graded
    scores = _scores(root)
    assert len(scores) == 60
    for student, data in expected.items():
        assert {k: scores[student][k] for k in TESTS} == pytest.approx(data["expected"]), student
        assert scores[student]["q6_task"] is None
    for student, (status, _, cells) in BROKEN.items():
        got = {k: scores[student][k] for k in TESTS}
        if cells is None:
            assert got == dict.fromkeys(TESTS), student  # unknown, never 0
        else:
            assert got == pytest.approx(cells), student
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "backmice") as gb:
        flagged = {s.student.id for s in gb.find_assignment(A).submissions if any(nb.flagged for nb in s.notebooks)}
        book = gradebook.ledger(gb, A)
    assert flagged == set(BROKEN)
    assert {s for (_, s), e in book.items() if e["status"] != "graded"} == set(BROKEN)
    # the gradebook stayed consistent while two graders ran: one writer, one row per submission
    import sqlite3

    db = sqlite3.connect(root / "gradebook.db")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("SELECT COUNT(*), COUNT(DISTINCT student_id) FROM submitted_assignment").fetchone() == (60, 60)
    assert db.execute("SELECT COUNT(*) FROM grade").fetchone() == (60 * 6,)
    db.close()


def test_progress_bar_counts_every_submission(graded):
    *_, err = graded
    lines = [x for x in err.splitlines() if x.startswith(f"{A} [")]
    assert len(lines) == 60
    assert "60/60 graded" in lines[-1] and f"{len(BROKEN)} need attention" in lines[-1]


def test_no_process_is_left_behind(graded):
    import os

    left = _forkservers() - _FORKSERVERS_BEFORE
    assert not left, f"the batch's fork server is still running: {left}"
    # the looping and flooding kernels were killed with their graders: no kernel runs our code
    graded_root = str(graded[0])
    for pid in os.listdir("/proc"):
        try:
            cwd = os.readlink(f"/proc/{pid}/cwd")
        except OSError:
            continue
        assert not cwd.startswith(graded_root), f"process {pid} still runs in {cwd}"


def test_unchanged_submissions_are_not_graded_again(graded, capsys):
    root = graded[0]
    code, out, _ = _run(capsys, "--root", str(root), "grade", A, "--quiet")
    assert code == 1
    assert "graded 0 submission(s)" in out and "60 unchanged since the last run" in out


def test_serial_grading_gives_the_same_scores_cell_by_cell(graded, capsys):
    root = graded[0]
    before = _scores(root)
    chosen = [f"s{i:02d}" for i in range(0, 52, 7)] + [s for s in BROKEN if s != "x_loop"]
    args = ["--root", str(root), "grade", A, "--jobs", "1", "--timeout", str(TIMEOUT), "--max-output", "2", "--quiet"]
    for s in chosen:
        args += ["--student", s]
    code, out, _ = _run(capsys, *args)
    assert code == 1 and f"graded {len(chosen)} submission(s)" in out and "(1 at a time)" in out, out
    after = _scores(root)
    for s in chosen:
        assert after[s] == before[s], (s, out)


def test_manual_grades_survive_regrading(graded, capsys):
    root = graded[0]
    url = f"sqlite:///{root / 'gradebook.db'}"
    with Gradebook(url, "backmice") as gb:
        task = gb.find_grade("q6_task", A, A, "s01")
        task.manual_score, task.needs_manual_grade = 2.5, False
        override = gb.find_grade("q1_test", A, A, "s02")
        override.manual_score, override.needs_manual_grade = 0.5, False
        gb.db.commit()
    code, out, _ = _run(capsys, "--root", str(root), "grade", A, "--student", "s01", "--student", "s02", "--quiet")
    assert code == 0 and "graded 2 submission(s)" in out  # the status of what was graded now
    with Gradebook(url, "backmice") as gb:
        task = gb.find_grade("q6_task", A, A, "s01")
        override = gb.find_grade("q1_test", A, A, "s02")
        assert (task.manual_score, task.needs_manual_grade) == (2.5, False)
        assert (override.manual_score, override.needs_manual_grade) == (0.5, False)
        assert override.auto_score is not None  # the automatic score is still there beside it


def test_feedback_shows_verdicts_never_hidden_tests(graded, capsys):
    root = graded[0]
    code, out, err = _run(capsys, "--root", str(root), "feedback", A)
    assert code == 0, out + err
    pages = sorted((root / "feedback").glob(f"*/{A}/{A}.html"))
    failed = {s for s, (status, _, _) in BROKEN.items() if status == "failed"}
    assert {p.parts[-3] for p in pages} == {f"s{i:02d}" for i in range(52)} | (set(BROKEN) - failed)
    hostile_code = {"x_hostile"}  # its own answer cells define grade(); that is the student's code
    for page in pages:
        text = re.sub(r"<[^>]+>", "", page.read_text()).replace("&quot;", '"').replace("&#39;", "'")
        student = page.parts[-3]
        assert not re.search(r"""grade\s*\(\s*["']q\d["']\s*,\s*key""", text), student
        assert "HIDDEN TESTS" not in text and "MARK SCHEME" not in text and "Model answer" not in text
        if student not in hostile_code:
            assert "grade(" not in text.replace(" ", "") and "key=" not in text.replace(" ", ""), student
        assert re.search(r"q1: (correct|not correct)\. \d+ of 1 point\.", text) or "q1 has no answer" in text \
            or "Score taken from the answer" in text, student
        assert "Grade cell: q5_test" in text


def test_export_gives_every_row_a_status(graded, capsys):
    root = graded[0]
    code, out, _ = _run(capsys, "--root", str(root), "export", "--out", str(root / "grades.csv"))
    assert code == 1  # some need attention
    rows = {r["student_id"]: r for r in csv.DictReader(open(root / "grades.csv"))}
    assert len(rows) == 60
    for student, (status, _, _) in BROKEN.items():
        if status == "failed":
            assert rows[student]["status"] == "not graded" and rows[student]["score"] == "", student
        else:
            assert rows[student]["status"] == "needs attention", student
        assert rows[student]["reason"], student
    assert rows["s01"]["status"] == "needs manual grading" or rows["s01"]["status"] == "graded"
    assert rows["s05"]["status"] == "needs manual grading" and rows["s05"]["reason"] == "not yet marked: q6_task"
    scores = _scores(root)
    assert float(rows["s05"]["raw_score"]) == pytest.approx(sum(scores["s05"][k] for k in TESTS))


def test_report_item_analysis_matches_the_gradebook(graded, capsys):
    root, expected, *_ = graded
    out_file = root / "reports" / "report.html"
    code, out, _ = _run(capsys, "--root", str(root), "report", A)
    assert code == 1 and out_file.exists()
    page = out_file.read_text()
    assert len(page) > 3_000_000 and "Plotly.newPlot" in page  # plotly.js embedded: works offline
    assert not re.search(r"""<script[^>]*\ssrc=["']https?:""", page)
    data = json.loads(re.search(r"<script type='application/json' id='report-data'>(.*?)</script>", page, re.S)
                      .group(1).replace("&quot;", '"').replace("&#x27;", "'").replace("&amp;", "&"))[A]
    scores = _scores(root)
    analysed = sorted(s for s in scores if s not in {b for b, v in BROKEN.items() if v[0] == "failed"})
    matrix = [[scores[s][k] for k in TESTS] for s in analysed]
    stats = itemstats.analyse(TESTS, [1, 2, 1, 3, 2], matrix)
    got = {i["name"]: i for i in data["items"]}
    assert sorted(got) == sorted(TESTS)  # q6_task is left out until every submission is marked
    for s in stats:
        assert got[s.name]["difficulty"] == pytest.approx(s.difficulty)
        assert got[s.name]["discrimination"] == pytest.approx(s.discrimination)
    # option frequencies of q1 come from what the 52 regular students typed (plus the graded broken ones)
    picks = [expected[s]["typed"]["q1"] for s in expected]
    counts = {letter: sum(1 for p in picks if p == letter) for letter in "ABCD"}
    extra = {"x_deleted": "C", "x_tampered": "C"}  # typed "C"; x_hostile typed an object (unreadable)
    for letter in "ABCD":
        counts[letter] += sum(1 for v in extra.values() if v == letter)
    assert {k: data["options"]["q1"][k] for k in "ABCD"} == counts
    assert data["options"]["q1"]["unreadable"] == 1
    assert {a[0] for a in data["attention"]} == set(BROKEN)


@pytest.mark.parametrize("failures", [1, 2])
def test_a_kernel_that_did_not_start_is_retried_once(graded, tmp_path, monkeypatch, failures):
    """A kernel that never came up says nothing about the submission: grade it once more; if it
    fails again, say so in plain words (never 'nbgrader could not grade it (RuntimeError ...)')."""
    from backmice.instructor import worker
    from backmice.instructor.course import Course
    from backmice.instructor.job import GradingJob

    root = graded[0]
    course = Course.open(root)
    real, calls = worker.Autograde.start, []

    def start(self):
        calls.append(1)
        if len(calls) <= failures:
            self.log.error("RuntimeError: Kernel didn't respond in 60 seconds")
            return
        return real(self)

    monkeypatch.setattr(worker.Autograde, "start", start)
    monkeypatch.setattr(worker, "_flood", [])  # module state of a grading process (fresh in each fork)
    student = "s05"
    result = worker.grade(GradingJob(root=str(root), assignment=A, student=student, course_id=course.course_id,
                                     db_url=course.db_url, dir=str(tmp_path), max_output=2 * 2**20,
                                     submitted="submitted", autograded="autograded"))
    assert len(calls) == 2, "one retry, never more"
    if failures == 1:
        assert result["status"] == gradebook.GRADED and result["reasons"] == [], result
        assert result["results"]
    else:
        assert result["status"] == gradebook.FAILED
        assert result["reasons"] == ["the Python kernel did not start, twice (the machine may be overloaded): "
                                     "grade this submission again"]


@pytest.mark.parametrize("hangs", [1, 2])
def test_a_grader_stopped_before_the_first_cell_is_graded_once_more(graded, monkeypatch, hangs):
    """Killed at the time limit before the submission's first cell ran (a kernel that hung while
    starting): nothing of the student's ran, so grade it once more at the end of the queue; if it
    hangs again, say so in plain words, never 'look for a loop' and never a silent 0."""
    import subprocess

    from backmice.instructor.course import Course

    root, expected, *_ = graded
    real, hung = batch.ForkServer, []

    class Hanging(real):
        def start(self, job):  # a grader that never gets to the first cell
            if job.student == "s01" and len(hung) < hangs:
                hung.append(job.attempt)
                return subprocess.Popen(["sleep", "600"], start_new_session=True).pid
            return super().start(job)

    monkeypatch.setattr(batch, "ForkServer", Hanging)
    course = Course.open(root)
    # 20 s: far more than an ordinary submission needs, even on a machine busy with other tests
    report = batch.grade(course, A, students=["s01", "s02"], jobs=2, timeout=20, progress=False)
    monkeypatch.setattr(batch, "ForkServer", real)
    outcome = {o.student: o for o in report.outcomes}
    assert hung == [1, 2][:hangs]
    assert outcome["s02"].status == gradebook.GRADED
    if hangs == 1:
        assert outcome["s01"].status == gradebook.GRADED, outcome["s01"]
        assert {k: _scores(root)["s01"][k] for k in TESTS} == pytest.approx(expected["s01"]["expected"])
    else:
        assert outcome["s01"].status == gradebook.FAILED
        assert outcome["s01"].reasons == ["its Python kernel did not start within 20 s, twice (the machine may be "
                                          "overloaded; nothing of the student's ran): grade this submission again"]
        assert {k: _scores(root)["s01"][k] for k in TESTS} == dict.fromkeys(TESTS)  # unknown, never 0
        report = batch.grade(course, A, students=["s01"], progress=False)  # as the reason says
        assert [o.status for o in report.outcomes if o.student == "s01"] == [gradebook.GRADED]


def test_kernels_of_parallel_graders_never_share_an_endpoint(tmp_path):
    """Each grader's kernel talks through Unix sockets in the grader's own folder (over TCP, two
    graders starting kernels at once can be handed the same port); TCP is kept where the folder's
    path is too long for a socket."""
    from traitlets.config import Config

    from backmice.instructor import worker

    short, long_ = Config(), Config()
    worker._private_endpoints(short, tmp_path / "job-0001-1")
    assert short.KernelManager.transport == "ipc"
    assert short.KernelManager.ip == str(tmp_path.resolve() / "job-0001-1" / "kernel")
    worker._private_endpoints(long_, tmp_path / ("x" * 120))
    assert "transport" not in long_.KernelManager
    assert [batch.startup_timeout(t) for t in (12, 60, 120, 1000)] == [10, 15, 30, 60]
