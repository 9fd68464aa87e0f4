"""Diagnostic-accuracy arithmetic, written once for the course (lessons 04 and 05, a3 and a4).

Pure functions, no widgets or plots. Proportions are fractions between 0 and 1; a value outside
that range, or a ratio that is undefined for the input, raises ValueError in plain words. Tools
that must show an undefined value (a 2x2 table with an empty row) catch it and say "undefined".
"""

from __future__ import annotations

import math


def check_fraction(name: str, x: float) -> float:
    x = float(x)
    if not 0 <= x <= 1:
        raise ValueError(f"{name} must be a proportion between 0 and 1, not {x!r}")
    return x


def lr_positive(sensitivity: float, specificity: float) -> float:
    """LR+ = sensitivity / (1 - specificity); infinite when specificity is 1."""
    sn, sp = check_fraction("sensitivity", sensitivity), check_fraction("specificity", specificity)
    return math.inf if sp == 1 else sn / (1 - sp)


def lr_negative(sensitivity: float, specificity: float) -> float:
    """LR- = (1 - sensitivity) / specificity."""
    sn, sp = check_fraction("sensitivity", sensitivity), check_fraction("specificity", specificity)
    if sp == 0:
        raise ValueError("LR- is undefined when specificity is 0")
    return (1 - sn) / sp


def to_odds(p: float) -> float:
    p = check_fraction("probability", p)
    if p == 1:
        raise ValueError("a probability of 1 has infinite odds")
    return p / (1 - p)


def to_probability(odds: float) -> float:
    if odds < 0:
        raise ValueError("odds cannot be negative")
    return 1.0 if math.isinf(odds) else odds / (1 + odds)


def post_test(pre: float, *lrs: float) -> float:
    """Post-test probability after results with likelihood ratios ``lrs`` (multiplied: this
    assumes the results are independent given the condition)."""
    odds = to_odds(pre)
    for lr in lrs:
        if lr < 0:
            raise ValueError("a likelihood ratio cannot be negative")
        odds *= lr
    return to_probability(odds)


def predictive_values(sensitivity: float, specificity: float, prevalence):
    """(PPV, NPV) of a test with this sensitivity and specificity at a prevalence (a number or a
    numpy array), by Bayes' theorem; NaN where a value is undefined (no one tests positive)."""
    import numpy as np

    p = np.asarray(prevalence, dtype=float)
    if np.any((p < 0) | (p > 1)):
        raise ValueError("prevalence is a proportion between 0 and 1")
    sn = check_fraction("sensitivity", sensitivity)
    sp = check_fraction("specificity", specificity)
    with np.errstate(divide="ignore", invalid="ignore"):
        ppv = sn * p / (sn * p + (1 - sp) * (1 - p))
        npv = sp * (1 - p) / (sp * (1 - p) + (1 - sn) * p)
    return ppv, npv
