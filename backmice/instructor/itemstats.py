"""Item analysis: the maths, as pure functions on plain lists (unit-tested on small data).

For a class of n students and k items, ``scores[s][i]`` is student s's score on item i.

- difficulty of an item: mean score / maximum score (1.0: everyone full marks; classical
  test theory calls this the item's *p* value, "facility");
- discrimination: the *corrected item-total correlation*, Pearson's r between the item's score
  and the total of the OTHER items (the item itself is left out of the total, so that it does
  not correlate with itself). Undefined (None) when either varies not at all.
- option frequencies of a choice item: how many students picked each option.

An item *looks broken* when nobody earned a single point (wrong key?) or when its
discrimination is negative (students who did better overall did worse on it: a wrong key,
or a misleading wording).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


def mean(xs: list[float]) -> float:
    if not xs:
        raise ValueError("no values")
    return math.fsum(xs) / len(xs)


def pearson(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's correlation coefficient; None when it is undefined (n < 2 or no variation)."""
    if len(xs) != len(ys):
        raise ValueError("xs and ys differ in length")
    if len(xs) < 2:
        return None
    mx, my = mean(xs), mean(ys)
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    syy = math.fsum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def difficulty(item_scores: list[float], max_score: float) -> float:
    """Mean score as a share of the maximum (0..1)."""
    if max_score <= 0:
        raise ValueError("max_score must be positive")
    return mean(item_scores) / max_score


def corrected_item_total(scores: list[list[float]], item: int) -> float | None:
    """Correlation of item ``item`` with the total of the other items."""
    own = [row[item] for row in scores]
    rest = [math.fsum(row) - row[item] for row in scores]
    return pearson(own, rest)


def option_frequencies(picks: list[str | None], letters: str) -> dict[str, int]:
    """{letter: how many picked it} plus "no answer" (None) and "unreadable" ("?").
    A multi-select pick such as "AC" counts for A and for C."""
    counts = {letter: 0 for letter in letters}
    counts["no answer"] = 0
    counts["unreadable"] = 0
    for pick in picks:
        if pick is None:
            counts["no answer"] += 1
        elif pick == "?":
            counts["unreadable"] += 1
        else:
            for letter in pick:
                if letter in counts:
                    counts[letter] += 1
    return counts


@dataclass
class ItemStats:
    name: str
    max_score: float
    difficulty: float
    discrimination: float | None
    n: int
    flags: list[str] = field(default_factory=list)


def flags_for(difficulty_: float, discrimination: float | None, n: int) -> list[str]:
    """Why an item looks broken (empty: it does not)."""
    out = []
    if n and difficulty_ == 0:
        out.append("nobody earned a point: check the key and the question")
    if discrimination is not None and discrimination < 0:
        out.append("negative discrimination: students who did better overall did worse on this "
                   "item; check the key and the wording")
    return out


def analyse(names: list[str], max_scores: list[float], scores: list[list[float]]) -> list[ItemStats]:
    """Statistics for every item (columns of ``scores``)."""
    out = []
    for i, (name, top) in enumerate(zip(names, max_scores)):
        column = [row[i] for row in scores]
        if not column:
            out.append(ItemStats(name, top, float("nan"), None, 0))
            continue
        p = difficulty(column, top)
        r = corrected_item_total(scores, i)
        out.append(ItemStats(name, top, p, r, len(column), flags_for(p, r, len(column))))
    return out
