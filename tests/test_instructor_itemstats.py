"""Item analysis maths (backmice.instructor.itemstats) on small hand-made data, exact values."""

import math

import pytest

from backmice.instructor import itemstats as st

# 4 students x 3 items (max 1, 2, 1)
SCORES = [
    [1, 2, 0],
    [0, 1, 1],
    [1, 0, 1],
    [0, 0, 0],
]


def test_difficulty_is_mean_over_max():
    assert st.difficulty([1, 0, 1, 0], 1) == 0.5
    assert st.difficulty([2, 1, 0, 0], 2) == 0.375
    assert st.difficulty([0, 0, 0], 3) == 0.0
    with pytest.raises(ValueError):
        st.difficulty([1], 0)


def test_pearson_exact_and_undefined():
    assert st.pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert st.pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    # x = [1, 0, 1, 0], y = [3, 1, 2, 0]: cov 2, var_x 1, var_y 5
    assert st.pearson([1, 0, 1, 0], [3, 1, 2, 0]) == pytest.approx(2 / math.sqrt(5))
    assert st.pearson([1, 1, 1], [1, 2, 3]) is None  # no variation
    assert st.pearson([1], [2]) is None


def test_corrected_item_total_leaves_the_item_out():
    # item 0: [1,0,1,0]; rest totals = [2,2,1,0]
    # mean x .5, mean y 1.25; cov = .5*.75 + -.5*.75 + .5*-.25 + -.5*-1.25 = 0.5; var_x 1; var_y 2.75
    assert st.corrected_item_total(SCORES, 0) == pytest.approx(0.5 / math.sqrt(2.75))
    # item 2: [0,1,1,0]; rest = [3,1,1,0]: mean y 1.25; cov = -.5*1.75 + .5*-.25 + .5*-.25 + -.5*-1.25 = -0.5
    # var_y = 3.0625 + .0625 + .0625 + 1.5625 = 4.75
    assert st.corrected_item_total(SCORES, 2) == pytest.approx(-0.5 / math.sqrt(4.75))


def test_option_frequencies_count_multi_picks_blanks_and_unreadable():
    got = st.option_frequencies(["B", "B", "AC", None, "?", "D"], "ABCD")
    assert got == {"A": 1, "B": 2, "C": 1, "D": 1, "no answer": 1, "unreadable": 1}


def test_flags_everyone_wrong_and_negative_discrimination():
    stats = st.analyse(["q1", "q2", "q3"], [1, 2, 1], SCORES)
    assert [s.difficulty for s in stats] == [0.5, 0.375, 0.5]
    assert stats[0].flags == []
    assert stats[2].discrimination < 0 and "negative discrimination" in stats[2].flags[0]
    wrong = st.analyse(["q1", "q2"], [1, 1], [[0, 1], [0, 0], [0, 1]])
    assert wrong[0].flags == ["nobody earned a point: check the key and the question"]
    assert wrong[0].discrimination is None  # undefined, not 0
    assert st.flags_for(1.0, None, 3) == []
