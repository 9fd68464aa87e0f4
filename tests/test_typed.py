"""backmice.typed and the guard's scoring: what the student typed, read without running it."""

import pytest

from backmice.typed import MISSING, NotTyped, bind_typed_values, parse_test_cell


def env_after(*cells):
    env = {}
    for cell in cells:
        bind_typed_values(cell, env)
    return env


def test_plain_literals_are_typed_values():
    env = env_after('q1 = "B"', "q2 = ['A', 'C']\nq3 = -0.42", "q4 = {1: 'C', 2: 'A'}", "q5: float = 12/30")
    assert env == {"q1": "B", "q2": ["A", "C"], "q3": -0.42, "q4": {1: "C", 2: "A"}, "q5": 0.4}


def test_later_cells_win_and_names_of_typed_values_resolve():
    env = env_after('q1 = ""', 'q1 = "C"', "x = 2\nq7 = x * 0.21")
    assert env["q1"] == "C" and env["q7"] == pytest.approx(0.42)


@pytest.mark.parametrize("cell", [
    "q1 = E()", "q1 = 'B'.lower()", "for q1 in 'AB': pass", "import os as q1", "del q1",
    "def q1(): pass", "if True:\n    q1 = 'B'", "q1 += 'B'", "q1, q2 = 'B', 'C'",
    "def f():\n    global q1\n    q1 = 'B'", "x = (q1 := 'B')", "q1 = 2 ** 1000", "q1 = 1 / 0",
    "class q1: pass", "q1 = f'{3}'",
])
def test_anything_but_a_plain_literal_is_not_typed(cell):
    env = env_after('q1 = "A"', cell)
    assert isinstance(env["q1"], NotTyped)


def test_magics_are_understood_and_syntax_errors_bind_nothing():
    assert env_after('%time x = 1\nq1 = "B"')["q1"] == "B"  # IPython syntax is read as the kernel would
    assert env_after('q1 = "B"', 'q1 = "C" +') == {"q1": "B"}


def test_parse_test_cell_merges_check_and_grade():
    source = ('check("q2", "multi", options=["a", "b", "c"], points=2)\n'
              "### BEGIN HIDDEN TESTS\n"
              'grade("q2", key="AC")\n'
              "### END HIDDEN TESTS")
    [item] = parse_test_cell(source)
    assert (item.name, item.kind, item.points, item.key) == ("q2", "multi", 2, "AC")
    assert item.spec == {"options": ["a", "b", "c"]} and item.has_check and item.has_grade


def test_release_test_cell_has_no_grade():
    [item] = parse_test_cell('check("q1", "choice", options=3, points=1)')
    assert item.has_check and not item.has_grade and item.key is MISSING


@pytest.mark.parametrize("source", [
    'check("q1", "choice", options=OPTIONS, points=1)',      # not a literal
    'check(name, "choice", options=3, points=1)',
    'check("q1", "choice", options=3)',                       # no points
    'grade("q1")',                                            # no key
    'check("q1", "choice", **spec, points=1)',
    "check(",
])
def test_malformed_test_cells_are_an_authors_error(source):
    with pytest.raises(ValueError):
        parse_test_cell(source)


def test_typed_score_uses_only_what_was_typed():
    from backmice.nbgrader_guard import typed_score

    [item] = parse_test_cell('check("q1", "choice", options=4, points=2)\ngrade("q1", key="b")')
    assert typed_score(item, "B") == (2.0, "q1: correct.")
    assert typed_score(item, "(b)")[0] == 2.0
    assert typed_score(item, "C")[0] == 0.0
    assert typed_score(item, MISSING) == (0.0, "q1 has no typed answer.")
    points, why = typed_score(item, NotTyped("code, not a typed value"))
    assert points == 0.0 and 'q1 = "B"' in why
    points, why = typed_score(item, "Z")
    assert points == 0.0 and "options are A, B, C or D" in why
