"""The nbgrader pipeline for a3_differentials, end to end, with exact scores.

generate_assignment -> submissions -> autograde -> (manual grade) -> generate_feedback -> export.
Items: q1 number 2 pts, q2 number 1, q3 number (%) 2, q4 number (%) 1, q5 choice 1, q6 match 4,
q7 match 5, q8 multi 3, q9-q12 choice 1 each; q13 written, 5 points, marked by hand.
q6's options are the five levels of the course's urgency scale (emergency ... within scope).
"""

import pytest

from course_copy import (autograded_course, cell_scores, check_feedback_pages, check_validate, exported_rows,
                         feedback_after_marking)

A = "a3_differentials"
POINTS = {"q1": 2, "q2": 1, "q3": 2, "q4": 1, "q5": 1, "q6": 4, "q7": 5, "q8": 3,
          "q9": 1, "q10": 1, "q11": 1, "q12": 1}
TESTS = [f"{q}_test" for q in POINTS]
FULL = {f"{q}_test": p for q, p in POINTS.items()}
RIGHT = {"q1_answer": "q1 = 4.27", "q2_answer": "q2 = 0.35", "q3_answer": "q3 = 34", "q4_answer": "q4 = 2.5",
         "q5_answer": 'q5 = "B"', "q6_answer": 'q6 = "1A, 2D, 3E, 4C"', "q7_answer": 'q7 = "1A, 2D, 3C, 4E, 5B"',
         "q8_answer": 'q8 = "A, C, E, G"', "q9_answer": 'q9 = "C"', "q10_answer": 'q10 = "B"',
         "q11_answer": 'q11 = "D"', "q12_answer": 'q12 = "A"'}

SUBMISSIONS = {
    # student: (answers, {cell: expected score}, expected total of autograded items)
    "solution": (RIGHT, FULL, 23.0),
    "untouched": ({}, dict.fromkeys(TESTS, 0), 0.0),
    # wrong answers: 0 on those items, exact partial credit where the kind gives it, the rest kept
    "wrong": ({**RIGHT,
               "q1_answer": "q1 = 4.5",                       # 0.94 / 0.78 - 0.72 slip: wrong
               "q3_answer": "q3 = 50",                        # forgot the odds: wrong
               "q5_answer": 'q5 = "A"',
               "q6_answer": 'q6 = "1A, 2A, 3E, 4D"',          # 2 of 4 pairs -> 2.0 (an unassessed nodule is not an emergency)
               "q7_answer": 'q7 = "1A, 2D, 3E, 4C, 5B"',      # 3 of 5 pairs -> 3.0
               "q8_answer": 'q8 = "A, B, C"',                 # 2 right, 1 wrong of 4 -> 0.25 * 3 = 0.75
               "q9_answer": 'q9 = "B"',
               "q11_answer": 'q11 = "A"'},
              {**FULL, "q1_test": 0, "q3_test": 0, "q5_test": 0, "q6_test": 2, "q7_test": 3, "q8_test": 0.75,
               "q9_test": 0, "q11_test": 0}, 1 + 1 + 2 + 3 + 0.75 + 1 + 1),
    # malformed input: a word, an undefined name, an exception, a wrong type: 0 on that item only
    "malformed": ({**RIGHT, "q1_answer": 'q1 = "four point two"', "q2_answer": "q2 = lr_negative",
                   "q3_answer": "q3 = 1/0", "q4_answer": "q4 = [2.5]", "q6_answer": "q6 = 1A",
                   "q12_answer": "q12 = A"},
                  {**FULL, "q1_test": 0, "q2_test": 0, "q3_test": 0, "q4_test": 0, "q6_test": 0, "q12_test": 0},
                  23.0 - 2 - 1 - 2 - 1 - 4 - 1),
    # a proportion where a percentage is asked: refused with a hint at check time, scored 0
    "proportion": ({**RIGHT, "q3_answer": "q3 = 0.34", "q4_answer": "q4 = 0.025"},
                   {**FULL, "q3_test": 0, "q4_test": 0}, 20.0),
    # other spellings of right answers
    "spellings": ({**RIGHT, "q1_answer": 'q1 = "4,27"', "q3_answer": 'q3 = "34 %"', "q4_answer": 'q4 = "2.5%"',
                   "q5_answer": 'q5 = " (b) "', "q6_answer": 'q6 = {1: "a", 2: "D", 3: "e", 4: "C"}',
                   "q8_answer": 'q8 = ["a", "c", "E", "G)"]', "q10_answer": "q10 = 'b.'"},
                  FULL, 23.0),
}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return autograded_course(tmp_path_factory, A, {s: dict(answers=a) for s, (a, _, _) in SUBMISSIONS.items()})


@pytest.mark.pipeline
@pytest.mark.parametrize("student", SUBMISSIONS)
def test_exact_autograded_scores(course, student):
    answers, expected, total = SUBMISSIONS[student]
    scores = cell_scores(course, A, student)
    assert {k: scores[k] for k in TESTS} == pytest.approx(expected), student
    assert sum(scores[k] for k in TESTS) == pytest.approx(total), student
    assert scores["q13_task"] is None, "the written answer waits for a human"


def test_expected_totals_add_up():
    assert sum(POINTS.values()) == 23
    for student, (_, expected, total) in SUBMISSIONS.items():
        assert sum(expected.values()) == pytest.approx(total), student


@pytest.mark.pipeline
def test_validate_solution_and_inverted_release(course):
    check_validate(course, A)


@pytest.fixture(scope="module")
def feedback(course):
    return feedback_after_marking(course, A, {"q13_task": 4.5})


@pytest.mark.pipeline
def test_feedback_is_readable(feedback):
    page = check_feedback_pages(feedback, A, SUBMISSIONS, tests=len(TESTS))
    assert "q1: not within the tolerance" in page["wrong"] and "q2: correct" in page["wrong"]
    assert "q8" in page["wrong"] and "2 of your choices are right and 1 is not" in page["wrong"]
    assert "q2 has no answer yet" in page["malformed"]          # NameError: lr_negative
    assert "Something was divided by zero" in page["malformed"]  # q3 = 1/0
    assert "q4 should be a number" in page["malformed"]          # a list
    assert "If that is your answer, put it in quotes" in page["malformed"]  # q12 = A
    assert "sensible answer lies between 1 and 100" in page["proportion"]


@pytest.mark.pipeline
def test_export_has_every_student_with_exact_totals(course, feedback):
    rows = exported_rows(course, A)
    assert set(rows) == set(SUBMISSIONS)
    for student, (_, _, total) in SUBMISSIONS.items():
        manual = 4.5 if student == "solution" else 0.0
        assert float(rows[student]["raw_score"]) == pytest.approx(total + manual), student
        assert float(rows[student]["max_score"]) == 28.0
