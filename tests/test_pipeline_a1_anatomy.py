"""The nbgrader pipeline end to end for a1_anatomy, in a temporary copy of the course, with exact scores.

generate_assignment -> submissions -> autograde -> (manual grade) -> generate_feedback -> export.
Items: q1 choice 1 pt, q2 multi 2, q3 order 3, q4 match 4, q5 number (mm) 1, q6 choice 1, q7 number 1,
q8 multi 2, q9 choice 1, q10 choice 1 (17 autograded), q11 written 4 (marked by hand).
"""

import pytest

from course_copy import (autograded_course, cell_scores, check_feedback_pages, check_validate, exported_rows,
                         feedback_after_marking)

A = "a1_anatomy"
TESTS = [f"q{i}_test" for i in range(1, 11)]
POINTS = {"q1_test": 1, "q2_test": 2, "q3_test": 3, "q4_test": 4, "q5_test": 1, "q6_test": 1, "q7_test": 1,
          "q8_test": 2, "q9_test": 1, "q10_test": 1}
RIGHT = {"q1_answer": 'q1 = "C"', "q2_answer": 'q2 = "A, B, D"', "q3_answer": 'q3 = "C, F, D, A, G, B, E"',
         "q4_answer": 'q4 = "1B, 2E, 3D, 4A"', "q5_answer": "q5 = 82.3", "q6_answer": 'q6 = "B"',
         "q7_answer": "q7 = 2", "q8_answer": 'q8 = "A, B"', "q9_answer": 'q9 = "D"', "q10_answer": 'q10 = "A"'}

SUBMISSIONS = {
    # student: (answers, dropped test cells, {cell: expected score}, expected autograded total)
    "solution": (RIGHT, (), POINTS, 17.0),
    "untouched": ({}, (), dict.fromkeys(TESTS, 0), 0.0),
    "wrong": ({"q1_answer": 'q1 = "A"',
               "q2_answer": 'q2 = "A, B, C"',                 # 2 right, 1 wrong of 3: (2-1)/3 of 2 points
               "q3_answer": 'q3 = "F, C, D, A, G, B, E"',     # 5 of 7 in place: 5/7 of 3 points
               "q4_answer": 'q4 = "1B, 2D, 3E, 4A"',          # 2 of 4 pairs: 2 of 4 points
               "q5_answer": "q5 = 72.1",                      # the mean, not the band's outer end
               "q6_answer": 'q6 = "C"',
               "q7_answer": "q7 = 56",
               "q8_answer": 'q8 = "A"',                       # 1 of 2 right, none wrong: 1 of 2 points
               "q9_answer": RIGHT["q9_answer"],
               "q10_answer": 'q10 = "B"'}, (),
              {"q1_test": 0, "q2_test": 0.67, "q3_test": 2.14, "q4_test": 2, "q5_test": 0, "q6_test": 0,
               "q7_test": 0, "q8_test": 1, "q9_test": 1, "q10_test": 0}, 6.81),
    "spellings": ({"q1_answer": 'q1 = " (c) "', "q2_answer": 'q2 = ["a", "In the sacroiliac region", "D)"]',
                   "q3_answer": "q3 = 'cfdagbe'", "q4_answer": 'q4 = {1: "b", 2: "e", 3: "d", 4: "a"}',
                   "q5_answer": 'q5 = "8.2 cm"', "q6_answer": 'q6 = "b"', "q7_answer": 'q7 = "2"',
                   "q8_answer": 'q8 = "A and B"', "q9_answer": 'q9 = "d)"', "q10_answer": 'q10 = "A."'}, (),
                  POINTS, 17.0),
    "malformed": ({**RIGHT,
                   "q1_answer": "q1 = C",            # NameError
                   "q2_answer": "q2 = 3",            # wrong type
                   "q5_answer": "q5 = 82.3 / 0",     # an exception
                   "q7_answer": 'q7 = "two"'}, (),   # text that is not a number
                  {**POINTS, "q1_test": 0, "q2_test": 0, "q5_test": 0, "q7_test": 0}, 12.0),
    "deleted": (RIGHT, ("q1_test", "q5_test"), POINTS, 17.0),
}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return autograded_course(tmp_path_factory, A, {s: dict(answers=a, drop=d) for s, (a, d, _, _) in SUBMISSIONS.items()})


@pytest.mark.pipeline
@pytest.mark.parametrize("student", SUBMISSIONS)
def test_exact_autograded_scores(course, student):
    expected = SUBMISSIONS[student][2]
    scores = cell_scores(course, A, student)
    assert {k: scores[k] for k in TESTS} == pytest.approx(expected, abs=1e-9), student
    assert sum(scores[k] for k in TESTS) == pytest.approx(SUBMISSIONS[student][3], abs=1e-9)
    assert scores["q11_task"] is None, "the written answer waits for a human"


@pytest.mark.pipeline
def test_deleted_test_cells_come_back(course):
    text = (course / "autograded" / "deleted" / A / f"{A}.ipynb").read_text()
    assert text.count("was missing from the submission") == 2


@pytest.mark.pipeline
def test_validate_solution_and_inverted_release(course):
    check_validate(course, A)


@pytest.fixture(scope="module")
def feedback(course):
    return feedback_after_marking(course, A, {"q11_task": 3.5})


@pytest.mark.pipeline
def test_feedback_is_readable(feedback):
    page = check_feedback_pages(feedback, A, SUBMISSIONS, tests=10)
    assert "q1: not correct." in page["wrong"] and "q9: correct" in page["wrong"]
    assert "q3: 5 of 7 items are in the right place." in page["wrong"]
    assert "q5: not within the tolerance" in page["wrong"]
    assert "If that is your answer, put it in quotes" in page["malformed"]     # q1 = C
    assert "q2 should be letters in quotes" in page["malformed"]              # q2 = 3
    assert "Something was divided by zero" in page["malformed"]               # q5 = 82.3 / 0
    assert "q7 should be a number" in page["malformed"]                       # q7 = "two"


@pytest.mark.pipeline
def test_export_has_every_student_with_exact_totals(course, feedback):
    rows = exported_rows(course, A)
    assert set(rows) == set(SUBMISSIONS)
    for student, (*_, total) in SUBMISSIONS.items():
        manual = 3.5 if student == "solution" else 0.0
        assert float(rows[student]["raw_score"]) == pytest.approx(total + manual), student
        assert float(rows[student]["max_score"]) == 21.0
