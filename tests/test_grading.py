"""backmice.grading: reading typed answers, scoring them, and the calls test cells make."""

import builtins
import math

import pytest

from backmice import grading as g
from backmice.grading import AnswerProblem, read_answer, score_answer

OPTS = ["Skin", "Membranous layer", "Deep adipose tissue", "Thoracolumbar fascia"]


@pytest.mark.parametrize("typed", ["B", "b", " B ", "(b)", "B)", "[B]", "b.", "Membranous layer",
                                   "  membranous LAYER. ", "B) Membranous layer", "B. membranous"])
def test_choice_spellings_all_read_as_the_letter(typed):
    assert read_answer("choice", typed, name="q1", options=OPTS) == "B"


@pytest.mark.parametrize("typed, words", [
    ("", "no answer yet"), (None, "no answer yet"), ("   ", "empty"),
    ("E", "options are A, B, C or D"), (3, "letter in quotes"), (["B"], "letter in quotes"),
    ("xyz", "not one of the options"), ("B) Skin", 'option B is "Membranous layer"'),
    (True, "letter in quotes"),
])
def test_malformed_choice_gets_a_plain_message(typed, words):
    with pytest.raises(AnswerProblem) as exc:
        read_answer("choice", typed, name="q1", options=OPTS)
    assert words in str(exc.value)
    assert "Traceback" not in str(exc.value)


@pytest.mark.parametrize("typed", ["A, C", "a,c", "AC", "ac", "A and C", "A C", "c; a", ["A", "C"],
                                   ("c", "(a)"), {"A", "C"}, ["Skin", "deep adipose tissue"]])
def test_multi_spellings(typed):
    assert read_answer("multi", typed, name="q2", options=OPTS) == "AC"


@pytest.mark.parametrize("answer, expected", [
    ("AC", 1.0), ("A", 0.5), ("ACD", 0.5), ("ABCD", 0.0), ("BD", 0.0), ("ABC", 0.5)])
def test_multi_partial_credit_is_right_minus_wrong(answer, expected):
    fraction, verdict = score_answer("multi", answer, "AC", options=OPTS)
    assert fraction == pytest.approx(expected)
    assert "A" not in verdict.replace("Are", "")  # the verdict never names the key's letters


def test_number_reading_with_units_and_percent():
    assert read_answer("number", 0.42, name="q") == 0.42
    assert read_answer("number", "0.42", name="q") == 0.42
    assert read_answer("number", "42%", name="q") == pytest.approx(0.42)
    assert read_answer("number", "4,2", name="q") == pytest.approx(4.2)
    assert read_answer("number", "42 mm", name="q", unit="cm") == pytest.approx(4.2)
    assert read_answer("number", "0.042 m", name="q", unit="cm") == pytest.approx(4.2)
    assert read_answer("number", "4.2", name="q", unit="cm") == pytest.approx(4.2)
    assert read_answer("number", "30 mmHg", name="q", unit="kPa") == pytest.approx(3.99966)
    assert read_answer("number", 7, name="q", unit="%") == 7.0


@pytest.mark.parametrize("typed, words", [
    ((4, 2), "use a dot for decimals"), ("abc", "should be a number"), (float("nan"), "not a usable number"),
    (42, "If you meant 42%, type 0.42"), ("4.2 kg", 'is in "kg"'), (None, "replace None"),
    ("", "empty"), (True, "a number is needed"), ("0.4 cm", "plain number"),
])
def test_malformed_numbers(typed, words):
    unit = "cm" if typed == "4.2 kg" else None
    with pytest.raises(AnswerProblem) as exc:
        read_answer("number", typed, name="q7", unit=unit, low=0, high=1)
    assert words in str(exc.value)


def test_number_tolerance():
    assert score_answer("number", 0.43, 0.42, tol=0.01)[0] == 1.0
    assert score_answer("number", 0.44, 0.42, tol=0.01)[0] == 0.0
    with pytest.raises(ValueError):
        score_answer("number", 0.42, 0.42)  # an author must give a tolerance


def test_order_reading_and_partial_credit():
    assert read_answer("order", "C, A, D, B", name="q", options=OPTS) == "CADB"
    assert read_answer("order", ["c", "a", "d", "b"], name="q", options=OPTS) == "CADB"
    assert score_answer("order", "CADB", "CADB", options=OPTS)[0] == 1.0
    assert score_answer("order", "ACDB", "CADB", options=OPTS)[0] == 0.5
    with pytest.raises(AnswerProblem, match="leaves out D"):
        read_answer("order", "C A B", name="q", options=OPTS)
    with pytest.raises(AnswerProblem, match="more than once"):
        read_answer("order", "CABB", name="q", options=OPTS)
    with pytest.raises(AnswerProblem, match="no order"):
        read_answer("order", {"A", "B", "C", "D"}, name="q", options=OPTS)


LEFT, RIGHT = ["PSIS", "Iliac crest", "Sacrum"], ["a", "b", "c", "d"]


@pytest.mark.parametrize("typed", ["1C, 2A, 3B", "1-c 2-a 3-b", "1:C;2:A;3:B", "1->C, 2=A, 3)B",
                                   {1: "C", 2: "A", 3: "B"}, {"1": "c", "2": "a", "3": "b"},
                                   {"PSIS": "C", "iliac crest": "A", "Sacrum": "B"}])
def test_match_spellings(typed):
    assert read_answer("match", typed, name="q", left=LEFT, right=RIGHT) == {1: "C", 2: "A", 3: "B"}


def test_match_partial_and_malformed():
    assert score_answer("match", {1: "C", 2: "B"}, "1C 2A 3B", left=LEFT, right=RIGHT)[0] == pytest.approx(1 / 3)
    for typed, words in [("1C 1A", "twice"), ("1C, 5A", "numbered 1 to 3"), ("hello", "pairs of a number"),
                         ({"Femur": "A"}, "item numbers"), ({1: 2}, "letter in quotes")]:
        with pytest.raises(AnswerProblem, match=words):
            read_answer("match", typed, name="q", left=LEFT, right=RIGHT)


# --- objects and patches a student could use ----------------------------------------------------

class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__


class EqualStr(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


class FakeClass:
    @property
    def __class__(self):
        return str


class BigFloat(float):
    def __sub__(self, other):
        return 0.0

    def __abs__(self):
        return 0.0


@pytest.mark.parametrize("value", [AlwaysEqual(), FakeClass(), [AlwaysEqual()], {"x": AlwaysEqual()}],
                         ids=["always-equal", "fake-class", "list-of-evil", "dict-of-evil"])
def test_objects_that_claim_equality_are_refused(value):
    with pytest.raises(AnswerProblem, match="cannot be read"):
        read_answer("choice", value, name="q1", options=OPTS)


def test_subclasses_are_reduced_to_their_real_value():
    # a str subclass that equals everything is read as the text it really holds
    assert read_answer("choice", EqualStr("D"), name="q1", options=OPTS) == "D"
    assert score_answer("choice", read_answer("choice", EqualStr("D"), name="q1", options=OPTS),
                        "B", options=OPTS)[0] == 0.0
    # a float subclass whose arithmetic lies is read as its real value
    assert score_answer("number", read_answer("number", BigFloat(9.0), name="q"), 0.42, tol=0.01)[0] == 0.0


def _in_notebook(code, ns):
    """Run code as a notebook cell would: in a namespace that has check/grade imported."""
    exec(compile(code, "<cell>", "exec"), ns)


@pytest.fixture
def ns():
    namespace = {"__name__": "__main__"}
    _in_notebook("from backmice.grading import check, grade", namespace)
    return namespace


def test_check_and_grade_in_a_notebook_namespace(ns, capsys):
    _in_notebook('q1 = " (b) "', ns)
    _in_notebook(f'check("q1", "choice", options={OPTS!r}, points=2)', ns)
    assert 'q1 reads as B ("Membranous layer")' in capsys.readouterr().out
    _in_notebook('score = grade("q1", key="B")', ns)
    assert ns["score"] == 2.0 and type(ns["score"]) is float
    assert "q1: correct. 2 of 2 points." in capsys.readouterr().out


def test_missing_answer_is_explained_not_a_name_error(ns):
    with pytest.raises(AnswerProblem) as exc:
        _in_notebook(f'check("q9", "choice", options={OPTS!r}, points=1)', ns)
    assert "q9 has no answer yet" in str(exc.value)
    assert exc.value._render_traceback_() == ["\u2717 " + str(exc.value)]


def test_patched_builtins_and_math_after_import_do_not_change_scores(ns, monkeypatch):
    _in_notebook('q7 = 0.9', ns)
    monkeypatch.setattr(math, "isfinite", lambda x: True)
    monkeypatch.setattr(math, "isclose", lambda *a, **k: True)
    monkeypatch.setattr(builtins, "abs", lambda x: 0)
    monkeypatch.setattr(builtins, "round", lambda x, n=0: 1.0)
    monkeypatch.setattr(builtins, "max", lambda *a: 1.0)
    _in_notebook('check("q7", "number", points=1)\nscore = grade("q7", key=0.42, tol=0.01)', ns)
    assert ns["score"] == 0.0


def test_shadowed_names_in_the_notebook_do_not_change_scores(ns):
    # a student who defines type/isinstance/str in their own namespace changes nothing here
    _in_notebook('type = lambda x: str\nisinstance = lambda *a: True\nstr = object\nq1 = ["D"]', ns)
    with pytest.raises(AnswerProblem, match="letter in quotes"):
        _in_notebook(f'check("q1", "choice", options={OPTS!r}, points=1)', ns)


def test_grade_needs_check_first(ns):
    _in_notebook('q1 = "B"', ns)
    with pytest.raises(ValueError, match="must follow check"):
        _in_notebook('grade("q_never_checked", key="B")', ns)


def test_describe_answer():
    assert g.describe_answer("multi", "ACD") == "A, C and D"
    assert g.describe_answer("match", {2: "A", 1: "C"}) == "1\u2192C, 2\u2192A"
    assert g.describe_answer("number", 4.2, unit="cm") == "4.2 cm"


def test_the_module_stays_small_and_standard_library_only():
    import ast
    import sys
    from pathlib import Path

    source = Path(g.__file__).read_text()
    imported = {a.name.split(".")[0] for n in ast.walk(ast.parse(source)) if isinstance(n, (ast.Import, ast.ImportFrom))
                for a in (n.names if isinstance(n, ast.Import) else [type("A", (), {"name": n.module or ""})])}
    assert imported <= set(sys.stdlib_module_names), imported
    assert len(source.splitlines()) < 600
