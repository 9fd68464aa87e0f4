"""The nbgrader pipeline for assignment a4_evidence, end to end, with exact scores.

generate_assignment -> submissions -> autograde -> (manual grade) -> generate_feedback -> export.
Items: q1 match 4 pts, q2 order 3, q3 number 2, q4 number 1, q5 number 2, q6 multi 4,
q7 choice 1, q8 choice 1, q9 match 2, q10 multi 3 (23 autograded), q11 written 5 (by hand).
"""

import pytest

from course_copy import (autograded_course, cell_scores, check_feedback_pages, check_validate, exported_rows,
                         feedback_after_marking)

A = "a4_evidence"
TESTS = [f"q{i}_test" for i in range(1, 11)]
POINTS = {"q1_test": 4, "q2_test": 3, "q3_test": 2, "q4_test": 1, "q5_test": 2, "q6_test": 4,
          "q7_test": 1, "q8_test": 1, "q9_test": 2, "q10_test": 3}
AUTO, MANUAL = 23.0, 5.0

RIGHT = {"q1_answer": 'q1 = "1D, 2B, 3C, 4E"', "q2_answer": 'q2 = "D, B, E, C, A"', "q3_answer": "q3 = 40",
         "q4_answer": "q4 = 98.71", "q5_answer": "q5 = 5.71", "q6_answer": 'q6 = "A, B, C, D"',
         "q7_answer": 'q7 = "B"', "q8_answer": 'q8 = "C"', "q9_answer": 'q9 = "1A, 2B, 3A, 4A"',
         "q10_answer": 'q10 = "B, C, D"'}

SUBMISSIONS = {
    # student: (answers, {cell: expected score}, expected total of the autograded items)
    "solution": (RIGHT, POINTS, AUTO),
    "untouched": ({}, dict.fromkeys(TESTS, 0), 0.0),
    "wrong": ({**RIGHT,
               "q1_answer": 'q1 = "1D, 2B, 3A, 4C"',       # 2 of 4 pairs: 2 points
               "q2_answer": 'q2 = "D, B, C, E, A"',        # 3 of 5 places: 1.8 points
               "q3_answer": "q3 = 50",                     # 0
               "q5_answer": "q5 = 40",                     # the table's PPV, not the new one: 0
               "q6_answer": 'q6 = "A, B, E"',              # 2 right, 1 wrong of 4: (2-1)/4 -> 1 point
               "q7_answer": 'q7 = "A"',                    # 0
               "q9_answer": 'q9 = "1A, 2A, 3A, 4A"',       # 3 of 4: 1.5 points
               "q10_answer": 'q10 = "B, C, E"'},           # 2 right, 1 wrong of 3: 1 point
              {"q1_test": 2, "q2_test": 1.8, "q3_test": 0, "q4_test": 1, "q5_test": 0, "q6_test": 1,
               "q7_test": 0, "q8_test": 1, "q9_test": 1.5, "q10_test": 1}, 9.3),
    "malformed": ({**RIGHT,
                   "q1_answer": "q1 = 42",                 # wrong type for a match
                   "q3_answer": 'q3 = "forty"',            # not a number
                   "q5_answer": "q5 = 1/0",                # an exception in the answer cell
                   "q7_answer": "q7 = B"},                 # NameError
                  {**POINTS, "q1_test": 0, "q3_test": 0, "q5_test": 0, "q7_test": 0}, 14.0),
    "spellings": ({"q1_answer": 'q1 = "1d 2b 3c 4e"', "q2_answer": 'q2 = ["d", "b", "e", "c", "a"]',
                   "q3_answer": 'q3 = "40%"', "q4_answer": 'q4 = "98.7 %"', "q5_answer": "q5 = 5.7",
                   "q6_answer": 'q6 = ["a", "b", "c", "d"]', "q7_answer": 'q7 = "(b)"', "q8_answer": 'q8 = "C)"',
                   "q9_answer": 'q9 = {1: "a", 2: "b", 3: "a", 4: "a"}', "q10_answer": 'q10 = "bcd"'},
                  POINTS, AUTO),
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
    assert scores["q11_task"] is None, "the written answer waits for a human"


@pytest.mark.pipeline
def test_validate_solution_and_inverted_release(course):
    check_validate(course, A)


@pytest.fixture(scope="module")
def feedback(course):
    return feedback_after_marking(course, A, {"q11_task": 4.0})


@pytest.mark.pipeline
def test_feedback_is_readable(feedback):
    page = check_feedback_pages(feedback, A, SUBMISSIONS, tests=10)
    assert "q7: not correct." in page["wrong"] and "q8: correct" in page["wrong"]
    assert "q6: 2 of your choices are right and 1 is not" in page["wrong"]
    assert "q7 has no answer yet" in page["malformed"]
    assert "If that is your answer, put it in quotes" in page["malformed"]   # q7 = B
    assert "Something was divided by zero" in page["malformed"]              # q5 = 1/0
    assert "q3 should be a number" in page["malformed"]
    assert "q1 should be pairs in quotes" in page["malformed"]


@pytest.mark.pipeline
def test_export_has_every_student_with_exact_totals(course, feedback):
    rows = exported_rows(course, A)
    assert set(rows) == set(SUBMISSIONS)
    for student, (_, _, total) in SUBMISSIONS.items():
        manual = 4.0 if student == "solution" else 0.0
        assert float(rows[student]["raw_score"]) == pytest.approx(total + manual), student
        assert float(rows[student]["max_score"]) == AUTO + MANUAL
