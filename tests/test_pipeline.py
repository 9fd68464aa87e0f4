"""The nbgrader pipeline end to end for every assignment, in a temporary copy of the course, with exact scores.

generate_assignment -> submissions -> autograde -> (hand marks) -> generate_feedback -> export. The steps
are written once, in :class:`PipelineSteps`; what each assignment must give (points, submissions with
their exact scores, hand marks, feedback phrases) is its table in pipeline_cases.py. Each table becomes
one test class (``TestA3Differentials`` for a3_differentials) that grades its assignment once, in the
class-scoped ``course`` fixture: ``pytest -n 2 --dist loadscope`` groups tests by class, so each worker
takes whole assignments. Test ids name the assignment and the student, e.g.
``test_exact_autograded_scores[a3_differentials-wrong]``; ``-k a3_differentials`` runs one assignment.
"""

import pytest

from course_copy import (autograded_course, cell_scores, check_feedback_pages, check_validate, exported_rows,
                         feedback_after_marking)
from pipeline_cases import CASES
# a0's right answers, hostile answers and tampering, imported from here by test_instructor_class.py,
# test_instructor_exchange.py, test_instructor_postgres.py and test_sandbox.py
from pipeline_cases import A0_HOSTILE as HOSTILE, A0_RIGHT as RIGHT, a0_tamper as _tamper  # noqa: F401


def exact(expected):
    """Equal up to float rounding in sums: at least as strict as pytest.approx's default tolerance."""
    return pytest.approx(expected, rel=0, abs=1e-12)


def pytest_generate_tests(metafunc):
    """``case``: the class's table (id: the assignment); ``student``: every submission in it;
    ``deleter``: the submissions that deleted test cells. All function-scoped, so pytest keeps the
    tests in the order written (scores, validate, feedback after the hand marks, export)."""
    case = metafunc.cls.case
    metafunc.parametrize("case", [case], ids=[case.assignment])
    if "student" in metafunc.fixturenames:
        metafunc.parametrize("student", list(case.submissions))
    if "deleter" in metafunc.fixturenames:
        metafunc.parametrize("deleter", [s for s, sub in case.submissions.items() if sub.drop])


@pytest.fixture(scope="class")
def course(request, tmp_path_factory):
    """The assignment released, every submission made and autograded: once per assignment (class)."""
    case = request.cls.case
    return autograded_course(tmp_path_factory, case.assignment,
                             {student: dict(answers=sub.answers, drop=sub.drop, edit=sub.edit)
                              for student, sub in case.submissions.items()})


@pytest.fixture(scope="class")
def feedback(request, course):
    """A human gives "solution" the hand marks; then generate_feedback."""
    return feedback_after_marking(course, request.cls.case.assignment, request.cls.case.hand_marks)


class PipelineSteps:
    """The pipeline's checks; a subclass per table (below) runs them for one assignment."""

    case = None

    def test_expected_scores_are_consistent(self, case):
        assert sum(case.points.values()) + sum(case.manual.values()) == case.max_score
        assert case.hand_marks.keys() <= case.manual.keys()
        assert all(case.hand_marks[k] <= case.manual[k] for k in case.hand_marks)
        assert sum(case.points.values()) == case.submissions["solution"].total
        for student, sub in case.submissions.items():
            assert sub.scores.keys() == case.points.keys(), student
            assert all(0 <= sub.scores[k] <= case.points[k] for k in case.points), student
            assert sum(sub.scores.values()) == exact(sub.total), student

    @pytest.mark.pipeline
    def test_exact_autograded_scores(self, case, course, student):
        sub = case.submissions[student]
        scores = cell_scores(course, case.assignment, student)
        assert {k: scores[k] for k in case.points} == exact(sub.scores), student
        assert sum(scores[k] for k in case.points) == exact(sub.total), student
        assert all(scores[k] is None for k in case.manual), "written answers wait for a human"

    @pytest.mark.pipeline
    def test_deleted_test_cells_come_back(self, case, course, deleter):
        a = case.assignment
        text = (course / "autograded" / deleter / a / f"{a}.ipynb").read_text()
        assert text.count("was missing from the submission") == len(case.submissions[deleter].drop)

    @pytest.mark.pipeline
    def test_validate_solution_and_inverted_release(self, case, course):
        check_validate(course, case.assignment)

    @pytest.mark.pipeline
    def test_feedback_is_readable(self, case, feedback):
        pages = check_feedback_pages(feedback, case.assignment, case.submissions, tests=len(case.points))
        for student, phrases in case.feedback.items():
            for phrase in phrases:
                assert phrase in pages[student], (student, phrase)

    @pytest.mark.pipeline
    def test_export_has_every_student_with_exact_totals(self, case, course, feedback):
        rows = exported_rows(course, case.assignment)
        assert set(rows) == set(case.submissions)
        for student, sub in case.submissions.items():
            manual = sum(case.hand_marks.values()) if student == "solution" else 0.0
            assert float(rows[student]["raw_score"]) == exact(sub.total + manual), student
            assert float(rows[student]["max_score"]) == case.max_score


# One class per table: TestA0Orientation ... TestA5Capstone. An assignment whose table deletes no
# test cells has no test_deleted_test_cells_come_back (None hides the inherited test).
for _case in CASES:
    _name = "Test" + "".join(word.capitalize() for word in _case.assignment.split("_"))
    _hide = {} if any(sub.drop for sub in _case.submissions.values()) else {"test_deleted_test_cells_come_back": None}
    globals()[_name] = type(_name, (PipelineSteps,), {"case": _case, "__doc__": f"The pipeline for {_case.assignment}.",
                                                      **_hide})
del _case, _name, _hide
