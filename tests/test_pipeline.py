"""The nbgrader pipeline end to end, in a temporary copy of the course, with exact scores.

generate_assignment -> submissions -> autograde -> (manual grade) -> generate_feedback -> export,
for assignment a0_orientation (q1 choice 1 pt, q2 multi 2, q3 number 1, q4 match 3, q5 order 2,
q6 written 3, marked by hand).
"""

import pytest

from course_copy import (autograded_course, cell_scores, check_feedback_pages, check_validate, exported_rows,
                         feedback_after_marking)

A = "a0_orientation"
TESTS = ["q1_test", "q2_test", "q3_test", "q4_test", "q5_test"]
RIGHT = {"q1_answer": 'q1 = "C"', "q2_answer": 'q2 = "A, B, D"', "q3_answer": "q3 = 8",
         "q4_answer": 'q4 = "1B, 2C, 3A"', "q5_answer": 'q5 = "C, A, D, B"'}

HOSTILE = {
    # an answer object that equals everything
    "q1_answer": "class E:\n    def __eq__(self, other):\n        return True\n    __hash__ = object.__hash__\nq1 = E()",
    # replace the helper in the module and in the namespace: every later grade() returns full marks
    "q2_answer": 'q2 = "C"\nimport backmice.grading as g\ng.grade = lambda *a, **k: 2.0\ngrade = g.grade',
    # patch math and builtins
    "q3_answer": "import math, builtins\nmath.isclose = lambda *a, **k: True\nbuiltins.abs = lambda x: 0\nq3 = 99",
    # shadow grade with a function that prints a full score
    "q4_answer": 'q4 = "1A, 2B, 3C"\ndef grade(*a, **k):\n    print("q4: correct.")\n    return 3.0',
    # silence output and fake the type checks
    "q5_answer": 'import builtins\nbuiltins.print = lambda *a, **k: None\ntype = lambda x: str\nq5 = ["A", "B", "C", "D"]',
}


def _tamper(nb):
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") == "q1_test":
            meta["solution"], meta["points"] = True, 100      # flip flags, inflate points
        elif meta.get("grade_id") == "q3_test":
            del cell.metadata["nbgrader"]                     # strip the metadata
        elif meta.get("grade_id") == "q5_test":
            cell.source = "pass"                              # gut the test


SUBMISSIONS = {
    # student: (answers, dropped cells, edit, {cell: expected score}, expected total of autograded items)
    "solution": (RIGHT, (), None, {"q1_test": 1, "q2_test": 2, "q3_test": 1, "q4_test": 3, "q5_test": 2}, 9.0),
    "untouched": ({}, (), None, dict.fromkeys(TESTS, 0), 0.0),
    "wrong": ({"q1_answer": 'q1 = "A"', "q2_answer": 'q2 = "A, B"', "q3_answer": "q3 = 8",
               "q4_answer": 'q4 = "1B, 2A, 3C"', "q5_answer": 'q5 = "C, A, B, D"'}, (), None,
              {"q1_test": 0, "q2_test": 1.33, "q3_test": 1, "q4_test": 1, "q5_test": 1}, 4.33),
    "malformed": ({"q1_answer": "q1 = B", "q2_answer": "q2 = 3", "q3_answer": "q3 = 1/0",
                   "q4_answer": RIGHT["q4_answer"], "q5_answer": RIGHT["q5_answer"]}, (), None,
                  {"q1_test": 0, "q2_test": 0, "q3_test": 0, "q4_test": 3, "q5_test": 2}, 5.0),
    "deleted": (RIGHT, ("q1_test", "q2_test"), None,
                {"q1_test": 1, "q2_test": 2, "q3_test": 1, "q4_test": 3, "q5_test": 2}, 9.0),
    "spellings": ({"q1_answer": 'q1 = " (c) "', "q2_answer": 'q2 = ["a", "Fibro-fatty nodule", "D)"]',
                   "q3_answer": 'q3 = "8"', "q4_answer": 'q4 = {1: "b", 2: "c", 3: "a"}',
                   "q5_answer": "q5 = 'cadb'"}, (), None,
                  {"q1_test": 1, "q2_test": 2, "q3_test": 1, "q4_test": 3, "q5_test": 2}, 9.0),
    "hostile": (HOSTILE, (), None, dict.fromkeys(TESTS, 0), 0.0),
    "tampered": (RIGHT, (), _tamper, {"q1_test": 1, "q2_test": 2, "q3_test": 1, "q4_test": 3, "q5_test": 2}, 9.0),
}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return autograded_course(tmp_path_factory, A, {s: dict(answers=a, drop=d, edit=e) for s, (a, d, e, _, _)
                                                    in SUBMISSIONS.items()})


@pytest.mark.pipeline
@pytest.mark.parametrize("student", SUBMISSIONS)
def test_exact_autograded_scores(course, student):
    expected = SUBMISSIONS[student][3]
    scores = cell_scores(course, A, student)
    assert {k: scores[k] for k in TESTS} == pytest.approx(expected), student
    assert scores["q6_task"] is None, "the written answer waits for a human"


@pytest.mark.pipeline
def test_deleted_test_cells_come_back(course):
    text = (course / "autograded" / "deleted" / A / f"{A}.ipynb").read_text()
    assert text.count("was missing from the submission") == 2


@pytest.mark.pipeline
def test_validate_solution_and_inverted_release(course):
    check_validate(course, A)


@pytest.fixture(scope="module")
def feedback(course):
    return feedback_after_marking(course, A, {"q6_task": 2.5})


@pytest.mark.pipeline
def test_feedback_is_readable(feedback):
    page = check_feedback_pages(feedback, A, SUBMISSIONS, tests=5)
    assert "q1: not correct." in page["wrong"] and "q3: correct" in page["wrong"]
    assert "q1 has no answer yet" in page["malformed"]
    assert "q2 should be letters in quotes" in page["malformed"]
    assert "If that is your answer, put it in quotes" in page["malformed"]  # q1 = B
    assert "Something was divided by zero" in page["malformed"]           # q3 = 1/0
    assert "Score taken from the answer as typed in the notebook" in page["hostile"]


@pytest.mark.pipeline
def test_export_has_every_student_with_exact_totals(course, feedback):
    rows = exported_rows(course, A)
    assert set(rows) == set(SUBMISSIONS)
    for student, (*_, total) in SUBMISSIONS.items():
        manual = 2.5 if student == "solution" else 0.0
        assert float(rows[student]["raw_score"]) == pytest.approx(total + manual), student
        assert float(rows[student]["max_score"]) == 12.0
