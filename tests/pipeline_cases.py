"""What the nbgrader pipeline must give for each assignment: one table per assignment, read by
tests/test_pipeline.py (which runs the same steps for every table). Data only.

A table (:class:`Case`) holds the assignment id, the points of each autograded item (its test
cell), the written items marked by hand with their points, the hand marks a human gives the
student "solution", the maximum score, every submission (answers by answer cell, test cells
dropped, any other edit of the notebook) with the exact score of each test cell and their total,
and the phrases each student's feedback page must show (e.g. the message for a malformed answer).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Submission:
    answers: dict[str, str]          # {answer cell: source}; {} leaves the release untouched
    scores: dict[str, float]         # {test cell: exact expected score}, every test cell
    total: float                     # expected total of the autograded items
    drop: tuple[str, ...] = ()       # test cells deleted from the submission
    edit: Callable | None = None     # any other change, edit(nb)


@dataclass(frozen=True)
class Case:
    assignment: str
    points: dict[str, float]         # {test cell: points}, the autograded items
    manual: dict[str, float]         # {task cell: points}, written items marked by hand
    hand_marks: dict[str, float]     # {task cell: score} given to the student "solution"
    max_score: float                 # autograded + hand-marked points, as nbgrader export reports it
    submissions: dict[str, Submission]
    feedback: dict[str, tuple[str, ...]] = field(default_factory=dict)  # {student: phrases on the page}


# --- a0_orientation ----------------------------------------------------------------------------
# q1 choice 1 pt, q2 multi 2, q3 number 1, q4 match 3, q5 order 2; q6 written 3, marked by hand.

A0_POINTS = {"q1_test": 1, "q2_test": 2, "q3_test": 1, "q4_test": 3, "q5_test": 2}
A0_RIGHT = {"q1_answer": 'q1 = "C"', "q2_answer": 'q2 = "A, B, D"', "q3_answer": "q3 = 8",
            "q4_answer": 'q4 = "1B, 2C, 3A"', "q5_answer": 'q5 = "C, A, D, B"'}

A0_HOSTILE = {
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


def a0_tamper(nb):
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") == "q1_test":
            meta["solution"], meta["points"] = True, 100      # flip flags, inflate points
        elif meta.get("grade_id") == "q3_test":
            del cell.metadata["nbgrader"]                     # strip the metadata
        elif meta.get("grade_id") == "q5_test":
            cell.source = "pass"                              # gut the test


A0 = Case(
    assignment="a0_orientation",
    points=A0_POINTS,
    manual={"q6_task": 3},
    hand_marks={"q6_task": 2.5},
    max_score=12.0,
    submissions={
        "solution": Submission(A0_RIGHT, A0_POINTS, 9.0),
        "untouched": Submission({}, dict.fromkeys(A0_POINTS, 0), 0.0),
        "wrong": Submission({"q1_answer": 'q1 = "A"', "q2_answer": 'q2 = "A, B"', "q3_answer": "q3 = 8",
                             "q4_answer": 'q4 = "1B, 2A, 3C"', "q5_answer": 'q5 = "C, A, B, D"'},
                            {"q1_test": 0, "q2_test": 1.33, "q3_test": 1, "q4_test": 1, "q5_test": 1}, 4.33),
        "malformed": Submission({"q1_answer": "q1 = B", "q2_answer": "q2 = 3", "q3_answer": "q3 = 1/0",
                                 "q4_answer": A0_RIGHT["q4_answer"], "q5_answer": A0_RIGHT["q5_answer"]},
                                {"q1_test": 0, "q2_test": 0, "q3_test": 0, "q4_test": 3, "q5_test": 2}, 5.0),
        "deleted": Submission(A0_RIGHT, A0_POINTS, 9.0, drop=("q1_test", "q2_test")),
        "spellings": Submission({"q1_answer": 'q1 = " (c) "', "q2_answer": 'q2 = ["a", "Fibro-fatty nodule", "D)"]',
                                 "q3_answer": 'q3 = "8"', "q4_answer": 'q4 = {1: "b", 2: "c", 3: "a"}',
                                 "q5_answer": "q5 = 'cadb'"}, A0_POINTS, 9.0),
        "hostile": Submission(A0_HOSTILE, dict.fromkeys(A0_POINTS, 0), 0.0),
        "tampered": Submission(A0_RIGHT, A0_POINTS, 9.0, edit=a0_tamper),
    },
    feedback={
        "wrong": ("q1: not correct.", "q3: correct"),
        "malformed": ("q1 has no answer yet",
                      "q2 should be letters in quotes",
                      "If that is your answer, put it in quotes",          # q1 = B
                      "Something was divided by zero"),                    # q3 = 1/0
        "hostile": ("Score taken from the answer as typed in the notebook",),
    },
)


# --- a1_anatomy ------------------------------------------------------------------------------
# q1 choice 1 pt, q2 multi 2, q3 order 3, q4 match 4, q5 number (mm) 1, q6 choice 1, q7 number 1,
# q8 multi 2, q9 choice 1, q10 choice 1 (17 autograded); q11 written 4, marked by hand.

A1_POINTS = {"q1_test": 1, "q2_test": 2, "q3_test": 3, "q4_test": 4, "q5_test": 1, "q6_test": 1, "q7_test": 1,
             "q8_test": 2, "q9_test": 1, "q10_test": 1}
A1_RIGHT = {"q1_answer": 'q1 = "C"', "q2_answer": 'q2 = "A, B, D"', "q3_answer": 'q3 = "C, F, D, A, G, B, E"',
            "q4_answer": 'q4 = "1B, 2E, 3D, 4A"', "q5_answer": "q5 = 82.3", "q6_answer": 'q6 = "B"',
            "q7_answer": "q7 = 2", "q8_answer": 'q8 = "A, B"', "q9_answer": 'q9 = "D"', "q10_answer": 'q10 = "A"'}

A1 = Case(
    assignment="a1_anatomy",
    points=A1_POINTS,
    manual={"q11_task": 4},
    hand_marks={"q11_task": 3.5},
    max_score=21.0,
    submissions={
        "solution": Submission(A1_RIGHT, A1_POINTS, 17.0),
        "untouched": Submission({}, dict.fromkeys(A1_POINTS, 0), 0.0),
        "wrong": Submission({"q1_answer": 'q1 = "A"',
                             "q2_answer": 'q2 = "A, B, C"',                 # 2 right, 1 wrong of 3: (2-1)/3 of 2 points
                             "q3_answer": 'q3 = "F, C, D, A, G, B, E"',     # 5 of 7 in place: 5/7 of 3 points
                             "q4_answer": 'q4 = "1B, 2D, 3E, 4A"',          # 2 of 4 pairs: 2 of 4 points
                             "q5_answer": "q5 = 72.1",                      # the mean, not the band's outer end
                             "q6_answer": 'q6 = "C"',
                             "q7_answer": "q7 = 56",
                             "q8_answer": 'q8 = "A"',                       # 1 of 2 right, none wrong: 1 of 2 points
                             "q9_answer": A1_RIGHT["q9_answer"],
                             "q10_answer": 'q10 = "B"'},
                            {"q1_test": 0, "q2_test": 0.67, "q3_test": 2.14, "q4_test": 2, "q5_test": 0, "q6_test": 0,
                             "q7_test": 0, "q8_test": 1, "q9_test": 1, "q10_test": 0}, 6.81),
        "spellings": Submission({"q1_answer": 'q1 = " (c) "', "q2_answer": 'q2 = ["a", "In the sacroiliac region", "D)"]',
                                 "q3_answer": "q3 = 'cfdagbe'", "q4_answer": 'q4 = {1: "b", 2: "e", 3: "d", 4: "a"}',
                                 "q5_answer": 'q5 = "8.2 cm"', "q6_answer": 'q6 = "b"', "q7_answer": 'q7 = "2"',
                                 "q8_answer": 'q8 = "A and B"', "q9_answer": 'q9 = "d)"', "q10_answer": 'q10 = "A."'},
                                A1_POINTS, 17.0),
        "malformed": Submission({**A1_RIGHT,
                                 "q1_answer": "q1 = C",            # NameError
                                 "q2_answer": "q2 = 3",            # wrong type
                                 "q5_answer": "q5 = 82.3 / 0",     # an exception
                                 "q7_answer": 'q7 = "two"'},       # text that is not a number
                                {**A1_POINTS, "q1_test": 0, "q2_test": 0, "q5_test": 0, "q7_test": 0}, 12.0),
        "deleted": Submission(A1_RIGHT, A1_POINTS, 17.0, drop=("q1_test", "q5_test")),
    },
    feedback={
        "wrong": ("q1: not correct.", "q9: correct",
                  "q3: 5 of 7 items are in the right place.",
                  "q5: not within the tolerance"),
        "malformed": ("If that is your answer, put it in quotes",     # q1 = C
                      "q2 should be letters in quotes",              # q2 = 3
                      "Something was divided by zero",               # q5 = 82.3 / 0
                      "q7 should be a number"),                      # q7 = "two"
    },
)


# --- a2_mechanics ----------------------------------------------------------------------------
# q1 number 1 pt, q2 number 2, q3 number 2, q4 number 1, q5 choice 1, q6 choice 1, q7 multi 3 (partial
# credit), q8 match 3 (partial credit), q9 choice 1; q10 written 4 (by hand, including a row for the
# safety problem of pressing hard on, or pushing back, a lump nobody has assessed).

A2_POINTS = {"q1_test": 1, "q2_test": 2, "q3_test": 2, "q4_test": 1, "q5_test": 1, "q6_test": 1,
             "q7_test": 3, "q8_test": 3, "q9_test": 1}
A2_RIGHT = {"q1_answer": "q1 = 12", "q2_answer": "q2 = 16", "q3_answer": "q3 = 32", "q4_answer": "q4 = 3",
            "q5_answer": 'q5 = "C"', "q6_answer": 'q6 = "B"', "q7_answer": 'q7 = "A, C, E"',
            "q8_answer": 'q8 = "1D, 2A, 3B"', "q9_answer": 'q9 = "C"'}

A2 = Case(
    assignment="a2_mechanics",
    points=A2_POINTS,
    manual={"q10_task": 4},
    hand_marks={"q10_task": 2.0},
    max_score=15.0 + 4.0,
    submissions={
        "solution": Submission(A2_RIGHT, dict(A2_POINTS), 15.0),
        "untouched": Submission({}, dict.fromkeys(A2_POINTS, 0), 0.0),
        "wrong": Submission({
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
        "malformed": Submission({
            **A2_RIGHT,
            "q1_answer": "q1 = tension",            # NameError
            "q2_answer": 'q2 = "sixteen"',          # not a number
            "q3_answer": "q3 = 16 / 0",             # an exception
            "q7_answer": "q7 = 3",                  # wrong type for a multiple select
            "q8_answer": 'q8 = ["1D", "2A", "3B"]',  # a list where pairs are expected
        }, {**A2_POINTS, "q1_test": 0, "q2_test": 0, "q3_test": 0, "q7_test": 0, "q8_test": 0}, 4.0),
        "spellings": Submission({
            "q1_answer": 'q1 = "12 N/m"', "q2_answer": 'q2 = "16.0"', "q3_answer": 'q3 = "32000 Pa"',
            "q4_answer": 'q4 = "3000 Pa"', "q5_answer": 'q5 = "Trapped"', "q6_answer": 'q6 = "b)"',
            "q7_answer": 'q7 = ["a", "c", "e"]', "q8_answer": 'q8 = {1: "d", 2: "a", 3: "b"}',
            "q9_answer": 'q9 = " (c) "',
        }, dict(A2_POINTS), 15.0),
        "hostile": Submission({
            **A2_RIGHT,
            "q5_answer": "class E:\n    def __eq__(self, other):\n        return True\n    __hash__ = object.__hash__\nq5 = E()",
            "q7_answer": 'q7 = "B"\nimport backmice.grading as g\ng.grade = lambda *a, **k: 3.0\ngrade = g.grade',
        }, {**A2_POINTS, "q5_test": 0, "q7_test": 0}, 11.0),
    },
    feedback={
        "wrong": ("q1: not within the tolerance", "q3: correct",
                  "q7: 2 of your choices are right and 1 is not",
                  "q8: 1 of 3 pairs match"),
        "malformed": ("If that is your answer, put it in quotes",   # q1 = tension
                      "q2 should be a number",
                      "Something was divided by zero",              # q3 = 16 / 0
                      "q7 should be letters in quotes"),
        "hostile": ("Score taken from the answer as typed in the notebook",),
    },
)


# --- a3_differentials ------------------------------------------------------------------------
# q1 number 2 pts, q2 number 1, q3 number (%) 2, q4 number (%) 1, q5 choice 1, q6 match 4, q7 match 5,
# q8 multi 3, q9-q12 choice 1 each; q13 written, 5 points, marked by hand.
# q6's options are the five levels of the course's urgency scale (emergency ... within scope).

A3_POINTS = {"q1_test": 2, "q2_test": 1, "q3_test": 2, "q4_test": 1, "q5_test": 1, "q6_test": 4, "q7_test": 5,
             "q8_test": 3, "q9_test": 1, "q10_test": 1, "q11_test": 1, "q12_test": 1}
A3_RIGHT = {"q1_answer": "q1 = 4.27", "q2_answer": "q2 = 0.35", "q3_answer": "q3 = 34", "q4_answer": "q4 = 2.5",
            "q5_answer": 'q5 = "B"', "q6_answer": 'q6 = "1A, 2D, 3E, 4C"', "q7_answer": 'q7 = "1A, 2D, 3C, 4E, 5B"',
            "q8_answer": 'q8 = "A, C, E, G"', "q9_answer": 'q9 = "C"', "q10_answer": 'q10 = "B"',
            "q11_answer": 'q11 = "D"', "q12_answer": 'q12 = "A"'}

A3 = Case(
    assignment="a3_differentials",
    points=A3_POINTS,
    manual={"q13_task": 5},
    hand_marks={"q13_task": 4.5},
    max_score=28.0,
    submissions={
        "solution": Submission(A3_RIGHT, A3_POINTS, 23.0),
        "untouched": Submission({}, dict.fromkeys(A3_POINTS, 0), 0.0),
        # wrong answers: 0 on those items, exact partial credit where the kind gives it, the rest kept
        "wrong": Submission({**A3_RIGHT,
                             "q1_answer": "q1 = 4.5",                       # 0.94 / 0.78 - 0.72 slip: wrong
                             "q3_answer": "q3 = 50",                        # forgot the odds: wrong
                             "q5_answer": 'q5 = "A"',
                             "q6_answer": 'q6 = "1A, 2A, 3E, 4D"',          # 2 of 4 pairs -> 2.0 (an unassessed nodule is not an emergency)
                             "q7_answer": 'q7 = "1A, 2D, 3E, 4C, 5B"',      # 3 of 5 pairs -> 3.0
                             "q8_answer": 'q8 = "A, B, C"',                 # 2 right, 1 wrong of 4 -> 0.25 * 3 = 0.75
                             "q9_answer": 'q9 = "B"',
                             "q11_answer": 'q11 = "A"'},
                            {**A3_POINTS, "q1_test": 0, "q3_test": 0, "q5_test": 0, "q6_test": 2, "q7_test": 3,
                             "q8_test": 0.75, "q9_test": 0, "q11_test": 0}, 1 + 1 + 2 + 3 + 0.75 + 1 + 1),
        # malformed input: a word, an undefined name, an exception, a wrong type: 0 on that item only
        "malformed": Submission({**A3_RIGHT, "q1_answer": 'q1 = "four point two"', "q2_answer": "q2 = lr_negative",
                                 "q3_answer": "q3 = 1/0", "q4_answer": "q4 = [2.5]", "q6_answer": "q6 = 1A",
                                 "q12_answer": "q12 = A"},
                                {**A3_POINTS, "q1_test": 0, "q2_test": 0, "q3_test": 0, "q4_test": 0, "q6_test": 0,
                                 "q12_test": 0}, 23.0 - 2 - 1 - 2 - 1 - 4 - 1),
        # a proportion where a percentage is asked: refused with a hint at check time, scored 0
        "proportion": Submission({**A3_RIGHT, "q3_answer": "q3 = 0.34", "q4_answer": "q4 = 0.025"},
                                 {**A3_POINTS, "q3_test": 0, "q4_test": 0}, 20.0),
        # other spellings of right answers
        "spellings": Submission({**A3_RIGHT, "q1_answer": 'q1 = "4,27"', "q3_answer": 'q3 = "34 %"',
                                 "q4_answer": 'q4 = "2.5%"', "q5_answer": 'q5 = " (b) "',
                                 "q6_answer": 'q6 = {1: "a", 2: "D", 3: "e", 4: "C"}',
                                 "q8_answer": 'q8 = ["a", "c", "E", "G)"]', "q10_answer": "q10 = 'b.'"},
                                A3_POINTS, 23.0),
    },
    feedback={
        "wrong": ("q1: not within the tolerance", "q2: correct",
                  "q8", "2 of your choices are right and 1 is not"),
        "malformed": ("q2 has no answer yet",                         # NameError: lr_negative
                      "Something was divided by zero",                # q3 = 1/0
                      "q4 should be a number",                        # a list
                      "If that is your answer, put it in quotes"),    # q12 = A
        "proportion": ("sensible answer lies between 1 and 100",),
    },
)


# --- a4_evidence -----------------------------------------------------------------------------
# q1 match 4 pts, q2 order 3, q3 number 2, q4 number 1, q5 number 2, q6 multi 4, q7 choice 1,
# q8 choice 1, q9 match 2, q10 multi 3 (23 autograded); q11 written 5 (by hand).

A4_POINTS = {"q1_test": 4, "q2_test": 3, "q3_test": 2, "q4_test": 1, "q5_test": 2, "q6_test": 4,
             "q7_test": 1, "q8_test": 1, "q9_test": 2, "q10_test": 3}
A4_RIGHT = {"q1_answer": 'q1 = "1D, 2B, 3C, 4E"', "q2_answer": 'q2 = "D, B, E, C, A"', "q3_answer": "q3 = 40",
            "q4_answer": "q4 = 98.71", "q5_answer": "q5 = 5.71", "q6_answer": 'q6 = "A, B, C, D"',
            "q7_answer": 'q7 = "B"', "q8_answer": 'q8 = "C"', "q9_answer": 'q9 = "1A, 2B, 3A, 4A"',
            "q10_answer": 'q10 = "B, C, D"'}

A4 = Case(
    assignment="a4_evidence",
    points=A4_POINTS,
    manual={"q11_task": 5},
    hand_marks={"q11_task": 4.0},
    max_score=23.0 + 5.0,
    submissions={
        "solution": Submission(A4_RIGHT, A4_POINTS, 23.0),
        "untouched": Submission({}, dict.fromkeys(A4_POINTS, 0), 0.0),
        "wrong": Submission({**A4_RIGHT,
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
        "malformed": Submission({**A4_RIGHT,
                                 "q1_answer": "q1 = 42",                 # wrong type for a match
                                 "q3_answer": 'q3 = "forty"',            # not a number
                                 "q5_answer": "q5 = 1/0",                # an exception in the answer cell
                                 "q7_answer": "q7 = B"},                 # NameError
                                {**A4_POINTS, "q1_test": 0, "q3_test": 0, "q5_test": 0, "q7_test": 0}, 14.0),
        "spellings": Submission({"q1_answer": 'q1 = "1d 2b 3c 4e"', "q2_answer": 'q2 = ["d", "b", "e", "c", "a"]',
                                 "q3_answer": 'q3 = "40%"', "q4_answer": 'q4 = "98.7 %"', "q5_answer": "q5 = 5.7",
                                 "q6_answer": 'q6 = ["a", "b", "c", "d"]', "q7_answer": 'q7 = "(b)"',
                                 "q8_answer": 'q8 = "C)"', "q9_answer": 'q9 = {1: "a", 2: "b", 3: "a", 4: "a"}',
                                 "q10_answer": 'q10 = "bcd"'},
                                A4_POINTS, 23.0),
    },
    feedback={
        "wrong": ("q7: not correct.", "q8: correct",
                  "q6: 2 of your choices are right and 1 is not"),
        "malformed": ("q7 has no answer yet",
                      "If that is your answer, put it in quotes",   # q7 = B
                      "Something was divided by zero",              # q5 = 1/0
                      "q3 should be a number",
                      "q1 should be pairs in quotes"),
    },
)


# --- a5_capstone -----------------------------------------------------------------------------
# q1 multi 3, q2 choice 1, q3 multi 3, q4 choice 1, q5 number 1 (%), q6 match 4, q7 choice 1, q8 multi 3,
# q9 number 1 (cm), q10 order 2, q11 multi 2 (22 points marked automatically); q12 (4), q13 (4) and
# q14 (8) written, marked by hand.

A5_POINTS = {"q1_test": 3, "q2_test": 1, "q3_test": 3, "q4_test": 1, "q5_test": 1, "q6_test": 4, "q7_test": 1,
             "q8_test": 3, "q9_test": 1, "q10_test": 2, "q11_test": 2}
A5_RIGHT = {"q1_answer": 'q1 = "A, E"', "q2_answer": 'q2 = "B"', "q3_answer": 'q3 = "A, B, C"',
            "q4_answer": 'q4 = "C"', "q5_answer": "q5 = 52", "q6_answer": 'q6 = "1C, 2E, 3A, 4B"',
            "q7_answer": 'q7 = "C"', "q8_answer": 'q8 = "A, C, D"', "q9_answer": "q9 = 7.3",
            "q10_answer": 'q10 = "B, E, A, D, C"', "q11_answer": 'q11 = "B, D"'}

A5 = Case(
    assignment="a5_capstone",
    points=A5_POINTS,
    manual={"q12_task": 4, "q13_task": 4, "q14_task": 8},
    hand_marks={"q12_task": 3.5, "q13_task": 4.0, "q14_task": 7.0},
    max_score=38.0,
    submissions={
        "solution": Submission(A5_RIGHT, A5_POINTS, 22.0),
        "untouched": Submission({}, dict.fromkeys(A5_POINTS, 0), 0.0),
        "wrong": Submission({
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
        }, {"q1_test": 1.5, "q2_test": 0, "q3_test": 1, "q4_test": 0, "q5_test": 0, "q6_test": 2,
            "q7_test": 0, "q8_test": 1, "q9_test": 0, "q10_test": 1.2, "q11_test": 1}, 7.7),
        "malformed": Submission({**A5_RIGHT,
                                 "q1_answer": "q1 = B",               # NameError
                                 "q2_answer": "q2 = 2",               # wrong type for a choice
                                 "q5_answer": 'q5 = "fifty-two"',     # not a number
                                 "q6_answer": 'q6 = ["C", "E"]',      # a list is not a set of pairs
                                 "q9_answer": "q9 = 1/0"},            # an exception
                                {**A5_POINTS, "q1_test": 0, "q2_test": 0, "q5_test": 0, "q6_test": 0, "q9_test": 0},
                                12.0),
        "spellings": Submission({"q1_answer": 'q1 = ["a", "e"]', "q2_answer": 'q2 = " (b) "', "q3_answer": 'q3 = "abc"',
                                 "q4_answer": 'q4 = "C)"', "q5_answer": 'q5 = "52 %"',
                                 "q6_answer": 'q6 = {1: "c", 2: "e", 3: "a", 4: "b"}', "q7_answer": 'q7 = "c"',
                                 "q8_answer": 'q8 = "A and C and D"', "q9_answer": 'q9 = "73 mm"',
                                 "q10_answer": "q10 = 'beadc'", "q11_answer": 'q11 = "B; D"'},
                                A5_POINTS, 22.0),
    },
    feedback={
        "wrong": ("q1: 1 of your choices is right and 0 are not",
                  "q10: 3 of 5 items are in the right place",
                  "q2: not correct.", "q6: 2 of 4 pairs match"),
        "malformed": ("If that is your answer, put it in quotes",   # q1 = B
                      "q2 should be a letter in quotes",            # q2 = 2
                      "q5 should be a number",                      # "fifty-two"
                      "q6 should be pairs in quotes",               # a list
                      "Something was divided by zero"),             # q9 = 1/0
        "spellings": ("q9: correct", "q5: correct"),
    },
)


CASES = (A0, A1, A2, A3, A4, A5)
