"""The nbgrader pipeline end to end for assignment a2_mechanics, in a temporary copy of the course,
with exact scores.

Items: q1 number 1 pt, q2 number 2, q3 number 2, q4 number 1, q5 choice 1, q6 choice 1,
q7 multi 3 (partial credit), q8 match 3 (partial credit), q9 choice 1; q10 written 4 (by hand,
including a row for the safety problem of pressing hard on, or pushing back, a lump nobody has assessed).
"""

import pytest

from course_copy import (autograded_course, cell_scores, check_feedback_pages, check_validate, exported_rows,
                         feedback_after_marking)

A = "a2_mechanics"
POINTS = {"q1_test": 1, "q2_test": 2, "q3_test": 2, "q4_test": 1, "q5_test": 1, "q6_test": 1,
          "q7_test": 3, "q8_test": 3, "q9_test": 1}
TESTS = list(POINTS)
AUTO_MAX, MANUAL_MAX = 15.0, 4.0
RIGHT = {"q1_answer": "q1 = 12", "q2_answer": "q2 = 16", "q3_answer": "q3 = 32", "q4_answer": "q4 = 3",
         "q5_answer": 'q5 = "C"', "q6_answer": 'q6 = "B"', "q7_answer": 'q7 = "A, C, E"',
         "q8_answer": 'q8 = "1D, 2A, 3B"', "q9_answer": 'q9 = "C"'}

SUBMISSIONS = {
    # student: (answers, {test cell: expected score}, expected total of the autograded items)
    "solution": (RIGHT, dict(POINTS), AUTO_MAX),
    "untouched": ({}, dict.fromkeys(TESTS, 0), 0.0),
    "wrong": ({
        "q1_answer": "q1 = 12000",              # radius left in mm
        "q2_answer": "q2 = 32",                 # diameter used instead of radius
        "q3_answer": 'q3 = "32 kPa"',           # right, with a unit
        "q4_answer": "q4 = 0.003",              # tension divided by radius in mm, wrong unit
        "q5_answer": 'q5 = "B"',
        "q6_answer": 'q6 = "B"',                # right
        "q7_answer": 'q7 = "A, B, C"',          # 2 right, 1 wrong of 3 right: (2 - 1) / 3
        "q8_answer": 'q8 = "1D, 2B, 3A"',       # 1 of 3 pairs
        "q9_answer": 'q9 = "A"',
    }, {"q1_test": 0, "q2_test": 0, "q3_test": 2, "q4_test": 0, "q5_test": 0, "q6_test": 1,
        "q7_test": 1, "q8_test": 1, "q9_test": 0}, 5.0),
    "malformed": ({
        **RIGHT,
        "q1_answer": "q1 = tension",            # NameError
        "q2_answer": 'q2 = "sixteen"',          # not a number
        "q3_answer": "q3 = 16 / 0",             # an exception
        "q7_answer": "q7 = 3",                  # wrong type for a multiple select
        "q8_answer": 'q8 = ["1D", "2A", "3B"]',  # a list where pairs are expected
    }, {**POINTS, "q1_test": 0, "q2_test": 0, "q3_test": 0, "q7_test": 0, "q8_test": 0}, 4.0),
    "spellings": ({
        "q1_answer": 'q1 = "12 N/m"', "q2_answer": 'q2 = "16.0"', "q3_answer": 'q3 = "32000 Pa"',
        "q4_answer": 'q4 = "3000 Pa"', "q5_answer": 'q5 = "Trapped"', "q6_answer": 'q6 = "b)"',
        "q7_answer": 'q7 = ["a", "c", "e"]', "q8_answer": 'q8 = {1: "d", 2: "a", 3: "b"}',
        "q9_answer": 'q9 = " (c) "',
    }, dict(POINTS), AUTO_MAX),
    "hostile": ({
        **RIGHT,
        "q5_answer": "class E:\n    def __eq__(self, other):\n        return True\n    __hash__ = object.__hash__\nq5 = E()",
        "q7_answer": 'q7 = "B"\nimport backmice.grading as g\ng.grade = lambda *a, **k: 3.0\ngrade = g.grade',
    }, {**POINTS, "q5_test": 0, "q7_test": 0}, 11.0),
}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return autograded_course(tmp_path_factory, A, {s: dict(answers=a) for s, (a, _, _) in SUBMISSIONS.items()})


@pytest.mark.pipeline
@pytest.mark.parametrize("student", SUBMISSIONS)
def test_exact_autograded_scores(course, student):
    expected = SUBMISSIONS[student][1]
    scores = cell_scores(course, A, student)
    assert {k: scores[k] for k in TESTS} == pytest.approx(expected), student
    assert sum(scores[k] for k in TESTS) == pytest.approx(SUBMISSIONS[student][2])
    assert scores["q10_task"] is None, "the written answer waits for a human"


@pytest.mark.pipeline
def test_validate_solution_and_inverted_release(course):
    check_validate(course, A)


@pytest.fixture(scope="module")
def feedback(course):
    return feedback_after_marking(course, A, {"q10_task": 2.0})


@pytest.mark.pipeline
def test_feedback_is_readable(feedback):
    page = check_feedback_pages(feedback, A, SUBMISSIONS, tests=len(TESTS))
    assert "q1: not within the tolerance" in page["wrong"] and "q3: correct" in page["wrong"]
    assert "q7: 2 of your choices are right and 1 is not" in page["wrong"]
    assert "q8: 1 of 3 pairs match" in page["wrong"]
    assert "If that is your answer, put it in quotes" in page["malformed"]   # q1 = tension
    assert "q2 should be a number" in page["malformed"]
    assert "Something was divided by zero" in page["malformed"]              # q3 = 16 / 0
    assert "q7 should be letters in quotes" in page["malformed"]
    assert "Score taken from the answer as typed in the notebook" in page["hostile"]


@pytest.mark.pipeline
def test_export_has_every_student_with_exact_totals(course, feedback):
    rows = exported_rows(course, A)
    assert set(rows) == set(SUBMISSIONS)
    for student, (_, _, total) in SUBMISSIONS.items():
        manual = 2.0 if student == "solution" else 0.0
        assert float(rows[student]["raw_score"]) == pytest.approx(total + manual), student
        assert float(rows[student]["max_score"]) == AUTO_MAX + MANUAL_MAX
