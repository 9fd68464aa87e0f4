"""The diagnosis model of lessons 03 and 04: data, test accuracy, the explorer's rules, triage.

Pure: no plotly, no ipywidgets. Data come from ``assets/data/diagnosis_*.yaml``, each checked by
its JSON Schema (``assets/schemas/diagnosis_*.schema.json``, via :mod:`backmice.schema`); what a
schema cannot say (an effect names a known condition, a red flag names a level of the urgency
scale) is checked here. The accuracy arithmetic is :mod:`backmice.accuracy`'s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from .. import schema, urgency
from ..accuracy import lr_negative, lr_positive, post_test, to_odds
from ..references import cite_text

# --- data ---------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def load(name: str) -> dict:
    """``assets/data/diagnosis_<name>.yaml``, checked against its schema, as plain Python data."""
    return schema.load(f"data/diagnosis_{name}.yaml")


@dataclass(frozen=True)
class Test:
    """A test's accuracy from its source; the likelihood ratios are computed (backmice.accuracy)."""
    id: str
    target: str
    name: str
    short: str
    sensitivity: float
    specificity: float
    refs: tuple[str, ...]
    population: str

    @property
    def lr_pos(self) -> float:
        return lr_positive(self.sensitivity, self.specificity)

    @property
    def lr_neg(self) -> float:
        return lr_negative(self.sensitivity, self.specificity)


SHORT = {"slr": "Straight leg raise", "cslr": "Crossed straight leg raise",
         "sicluster": "Sacroiliac provocation cluster", "acr1990": "ACR 1990 criteria"}


@lru_cache(maxsize=1)
def tests() -> dict[str, Test]:
    """Every test, by id (sensitivity and specificity lie strictly between 0 and 1: the schema)."""
    return {t["id"]: schema.build(Test, t, short=SHORT.get(t["id"], t["name"]), sensitivity=float(t["sensitivity"]),
                                  specificity=float(t["specificity"]), population=" ".join(t["population"].split()))
            for t in load("tests")["tests"]}


@dataclass(frozen=True)
class Target:
    """A condition of the post-test tool, with where a pre-test probability could come from."""
    id: str
    name: str
    pretest_note: str
    refs: tuple[str, ...]


def targets() -> tuple[Target, ...]:
    return tuple(schema.build(Target, t) for t in load("tests")["targets"])


@dataclass(frozen=True)
class Condition:
    """A condition of the differential (``short``: its name on the explorer's chart)."""
    id: str
    name: str
    short: str
    features: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    """A tab of the explorer's findings."""
    id: str
    title: str


@dataclass(frozen=True)
class Effect:
    """What a finding says about one condition: it ``supports`` it or argues ``against`` it, and why."""
    condition: str
    direction: str
    why: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Assess:
    """Why a finding needs a doctor's assessment whatever it turns out to be."""
    why: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    """A finding a learner can tick; ``effects`` say which conditions it supports or argues against."""
    id: str
    group: str
    text: str
    effects: tuple[Effect, ...]
    red_flag: bool = False
    urgency: str | None = None    # a red flag's level id of the urgency scale
    urgency_note: str = ""
    assess: Assess | None = None


@lru_cache(maxsize=1)
def conditions() -> tuple[Condition, ...]:
    return tuple(schema.build(Condition, c) for c in load("findings")["conditions"])


@lru_cache(maxsize=1)
def findings() -> tuple[Finding, ...]:
    """The explorer's findings; each effect names a known condition, each red flag a level of the scale."""
    known = {c.id for c in conditions()}
    out = []
    for f in load("findings")["findings"]:
        for e in f["effects"]:
            if e["condition"] not in known:
                raise ValueError(f"diagnosis_findings.yaml, finding {f['id']}: bad effect {e} "
                                 f"(conditions: {', '.join(sorted(known))})")
        if f.get("red_flag"):
            urgency.level(f["urgency"])  # a red flag names a level of the scale (ValueError otherwise)
        assess = f.get("assess")
        out.append(schema.build(Finding, f, effects=tuple(schema.build(Effect, e) for e in f["effects"]),
                                assess=schema.build(Assess, assess) if assess else None))
    return tuple(out)


def groups() -> tuple[Group, ...]:
    return tuple(schema.build(Group, g) for g in load("findings")["groups"])


@dataclass(frozen=True)
class Vignette:
    """A fictional red-flag vignette; ``answer`` is a level id of the urgency scale."""
    id: str
    family: str
    title: str
    text: str
    answer: str
    why: str
    refs: tuple[str, ...]


@lru_cache(maxsize=1)
def vignettes() -> tuple[Vignette, ...]:
    out = tuple(schema.build(Vignette, v) for v in load("vignettes")["vignettes"])
    for v in out:
        urgency.level(v.answer)  # ValueError naming the known level ids otherwise
    return out


def presentation() -> dict:
    """The numbers of the two static figures (plain data: each is drawn once)."""
    return load("presentation")


# --- diagnostic arithmetic (pure; the formulas are backmice.accuracy's) ------------------------------


def result_lr(test_id: str, result: str) -> float:
    """Likelihood ratio of one test result ('positive' or 'negative')."""
    t = tests()[test_id]
    if result == "positive":
        return t.lr_pos
    if result == "negative":
        return t.lr_neg
    raise ValueError(f"a result is 'positive' or 'negative', not {result!r}")


def evaluate(pre: float, results: dict[str, str]) -> dict:
    """Everything the post-test tool shows, for ``results`` {test id: 'positive'|'negative'}
    (tests 'not done' are simply left out)."""
    steps, p = [], pre
    for test_id, result in results.items():
        lr = result_lr(test_id, result)
        after = post_test(p, lr)
        steps.append({"test": tests()[test_id], "result": result, "lr": lr, "before": p, "after": after})
        p = after
    lr_total = math.prod(s["lr"] for s in steps) if steps else 1.0
    return {"pre": pre, "steps": steps, "lr": lr_total, "post": post_test(pre, lr_total)}


def pct(p: float) -> str:
    """A probability as a readable percentage (more decimals near 0 and 100%)."""
    x = 100 * p
    if x < 1 or x > 99:
        return f"{x:.2g}%" if x < 1 else f"{x:.4g}%"
    return f"{x:.1f}%".replace(".0%", "%")


# --- the Fagan nomogram's geometry -------------------------------------------------------------------
# Three vertical axes at x = 0, 1, 2. With y_left = -logit(pre), y_mid = ln(LR)/2 and
# y_right = logit(post), the three points lie on one straight line, because
# logit(post) = logit(pre) + ln(LR) (Bayes' theorem in odds form).

P_TICKS = (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 98, 99, 99.5, 99.9)
LR_TICKS = (0.001, 0.005, 0.01, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 500, 1000)
Y_LIMIT = math.log(999)  # logit of 99.9%


def logit(p: float) -> float:
    return math.log(to_odds(p))


def fagan_points(pre: float, lr: float) -> tuple[list[float], list[float]]:
    """x and y of the line on the nomogram (left, middle, right), clipped to the axes."""
    y_left = -logit(pre)
    y_mid = math.log(lr) / 2 if lr > 0 else -math.inf
    y_right = logit(pre) + math.log(lr) if lr > 0 else -math.inf
    clip = lambda y: max(-Y_LIMIT, min(Y_LIMIT, y))  # noqa: E731
    return [0.0, 1.0, 2.0], [clip(y_left), clip(y_mid), clip(y_right)]


# --- the differential explorer's rules ----------------------------------------------------------------


def explore(ticked: list[str]) -> dict:
    """For ticked finding ids: per condition, the findings that support it and argue against it."""
    by_id = {f.id: f for f in findings()}
    rows = {c.id: {"supports": [], "against": []} for c in conditions()}
    flags, assess = [], []
    for fid in ticked:
        f = by_id[fid]
        if f.red_flag:
            flags.append(f)
        if f.assess:
            assess.append(f)
        for e in f.effects:
            rows[e.condition][e.direction].append((f, e))
    level = urgency.most_urgent([f.urgency for f in flags])
    return {"rows": rows, "flags": flags, "assess": assess, "urgency": level, "ticked": [by_id[i] for i in ticked]}


def number(fid: str) -> int:
    """A finding's number as the explorer shows it (1, 2, ... in file order)."""
    return next(i for i, f in enumerate(findings(), 1) if f.id == fid)


# --- red-flag triage ------------------------------------------------------------------------------------


def choices() -> list[tuple[str, str]]:
    """The triage choices: the levels of the course's urgency scale, (name, id), fastest first."""
    return urgency.choices()


def triage_feedback(vignette: Vignette, choice: str) -> tuple[bool, str]:
    """(right?, feedback text) for a decision on a vignette."""
    labels = {i: n for n, i in choices()}
    if choice not in labels:
        raise ValueError(f"choose one of {', '.join(labels)}")
    right = choice == vignette.answer
    why = " ".join(vignette.why.split())
    if right:
        head = f"\u2713 Right ({labels[choice]}): "
    else:
        head = (f"\u2717 Not the best choice. The answer is {labels[vignette.answer]}"
                f"{' (faster than your choice)' if urgency.more_urgent(vignette.answer, choice) else ''}. ")
    return right, f"{head}{why} [{cite_text(vignette.refs)}]"
