"""The nbgrader pipeline end to end for assignment a5_capstone, in a temporary copy of the course.

generate_assignment -> submissions -> autograde -> (manual grade) -> generate_feedback -> export,
with exact scores. Items: q1 multi 3, q2 choice 1, q3 multi 3, q4 choice 1, q5 number 1 (%),
q6 match 4, q7 choice 1, q8 multi 3, q9 number 1 (cm), q10 order 2, q11 multi 2 (22 points marked
automatically); q12 (4), q13 (4) and q14 (8) written, marked by hand.
"""

import pytest

from course_copy import (autograded_course, cell_scores, check_feedback_pages, check_validate, exported_rows,
                         feedback_after_marking)

A = "a5_capstone"
POINTS = {"q1": 3, "q2": 1, "q3": 3, "q4": 1, "q5": 1, "q6": 4, "q7": 1, "q8": 3, "q9": 1, "q10": 2, "q11": 2}
TESTS = [f"{q}_test" for q in POINTS]
MANUAL = ["q12_task", "q13_task", "q14_task"]
FULL = {f"{q}_test": p for q, p in POINTS.items()}
AUTO_MAX, TOTAL_MAX = 22.0, 38.0

RIGHT = {"q1_answer": 'q1 = "A, E"', "q2_answer": 'q2 = "B"', "q3_answer": 'q3 = "A, B, C"',
         "q4_answer": 'q4 = "C"', "q5_answer": "q5 = 52", "q6_answer": 'q6 = "1C, 2E, 3A, 4B"',
         "q7_answer": 'q7 = "C"', "q8_answer": 'q8 = "A, C, D"', "q9_answer": "q9 = 8",
         "q10_answer": 'q10 = "B, E, A, D, C"', "q11_answer": 'q11 = "B, D"'}

WRONG = {
    "q1_answer": 'q1 = "A"',                      # 1 of 2 right, none wrong: 1.5 of 3
    "q2_answer": 'q2 = "A"',                      # 0
    "q3_answer": 'q3 = "A, B, D"',                # (2 right - 1 wrong) / 3 right: 1 of 3
    "q4_answer": 'q4 = "B"',                      # 0
    "q5_answer": "q5 = 30",                       # the saline figure: 0
    "q6_answer": 'q6 = "1C, 2A, 3E, 4B"',         # 2 of 4 pairs: 2 of 4
    "q7_answer": 'q7 = "A"',                      # 0
    "q8_answer": 'q8 = "A, C, E"',                # (2 - 1) / 3: 1 of 3
    "q9_answer": "q9 = 3",                        # lateral distance, not distance from the midline: 0
    "q10_answer": 'q10 = "B, E, D, A, C"',        # 3 of 5 in place: 1.2 of 2
    "q11_answer": 'q11 = "B"',                    # 1 of 2 right: 1 of 2
}
WRONG_SCORES = {"q1_test": 1.5, "q2_test": 0, "q3_test": 1, "q4_test": 0, "q5_test": 0, "q6_test": 2,
                "q7_test": 0, "q8_test": 1, "q9_test": 0, "q10_test": 1.2, "q11_test": 1}

MALFORMED = {**RIGHT,
             "q1_answer": "q1 = B",               # NameError
             "q2_answer": "q2 = 2",               # wrong type for a choice
             "q5_answer": 'q5 = "fifty-two"',     # not a number
             "q6_answer": 'q6 = ["C", "E"]',      # a list is not a set of pairs
             "q9_answer": "q9 = 1/0"}             # an exception
MALFORMED_SCORES = {**FULL, "q1_test": 0, "q2_test": 0, "q5_test": 0, "q6_test": 0, "q9_test": 0}

SPELLINGS = {"q1_answer": 'q1 = ["a", "e"]', "q2_answer": 'q2 = " (b) "', "q3_answer": 'q3 = "abc"',
             "q4_answer": 'q4 = "C)"', "q5_answer": 'q5 = "52 %"',
             "q6_answer": 'q6 = {1: "c", 2: "e", 3: "a", 4: "b"}', "q7_answer": 'q7 = "c"',
             "q8_answer": 'q8 = "A and C and D"', "q9_answer": 'q9 = "80 mm"',
             "q10_answer": "q10 = 'beadc'", "q11_answer": 'q11 = "B; D"'}

SUBMISSIONS = {
    # student: (answers, {cell: expected score})
    "solution": (RIGHT, FULL),
    "untouched": ({}, dict.fromkeys(TESTS, 0)),
    "wrong": (WRONG, WRONG_SCORES),
    "malformed": (MALFORMED, MALFORMED_SCORES),
    "spellings": (SPELLINGS, FULL),
}
HAND_MARKS = {"q12_task": 3.5, "q13_task": 4.0, "q14_task": 7.0}  # given to "solution" only


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return autograded_course(tmp_path_factory, A, {s: dict(answers=a) for s, (a, _) in SUBMISSIONS.items()})


def test_expected_scores_are_consistent():
    assert sum(POINTS.values()) == AUTO_MAX
    assert sum(WRONG_SCORES.values()) == pytest.approx(7.7)
    assert sum(MALFORMED_SCORES.values()) == 12


@pytest.mark.pipeline
@pytest.mark.parametrize("student", SUBMISSIONS)
def test_exact_autograded_scores(course, student):
    expected = SUBMISSIONS[student][1]
    scores = cell_scores(course, A, student)
    assert {k: scores[k] for k in TESTS} == pytest.approx(expected), student
    assert all(scores[k] is None for k in MANUAL), "written answers wait for a human"


@pytest.mark.pipeline
def test_validate_solution_and_inverted_release(course):
    check_validate(course, A)


@pytest.fixture(scope="module")
def feedback(course):
    return feedback_after_marking(course, A, HAND_MARKS)


@pytest.mark.pipeline
def test_feedback_is_readable(feedback):
    page = check_feedback_pages(feedback, A, SUBMISSIONS, tests=len(TESTS))
    assert "q1: 1 of your choices is right and 0 are not" in page["wrong"]
    assert "q10: 3 of 5 items are in the right place" in page["wrong"]
    assert "q2: not correct." in page["wrong"] and "q6: 2 of 4 pairs match" in page["wrong"]
    assert "If that is your answer, put it in quotes" in page["malformed"]   # q1 = B
    assert "q2 should be a letter in quotes" in page["malformed"]            # q2 = 2
    assert "q5 should be a number" in page["malformed"]                      # "fifty-two"
    assert "q6 should be pairs in quotes" in page["malformed"]               # a list
    assert "Something was divided by zero" in page["malformed"]              # q9 = 1/0
    assert "q9: correct" in page["spellings"] and "q5: correct" in page["spellings"]


@pytest.mark.pipeline
def test_export_has_every_student_with_exact_totals(course, feedback):
    rows = exported_rows(course, A)
    assert set(rows) == set(SUBMISSIONS)
    for student, (_, expected) in SUBMISSIONS.items():
        manual = sum(HAND_MARKS.values()) if student == "solution" else 0.0
        assert float(rows[student]["raw_score"]) == pytest.approx(sum(expected.values()) + manual), student
        assert float(rows[student]["max_score"]) == TOTAL_MAX
