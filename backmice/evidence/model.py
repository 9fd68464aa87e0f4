"""Lesson 05, the models: the simulated trial, the studies, the 2x2 table and the web pages.

Frozen dataclasses, the two data loaders (``assets/data/evidence_studies.yaml`` and
``evidence_webpages.yaml``, each checked by its JSON Schema in ``assets/schemas/``) and pure
functions, with the words and HTML the tools show (summaries, study cards, the 2x2 table, the
fictional pages). No plotly and no ipywidgets here: the figures are in ``figures.py``, the
interactive tools in ``tools.py``. The diagnostic arithmetic is :mod:`backmice.accuracy`'s.
"""

from __future__ import annotations

import hashlib
import html
import math
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

import numpy as np

from .. import accuracy, paths, schema

# =============================================================================================
# 1. Regression to the mean
# =============================================================================================

N_MAX = 5000               # largest number of people screened (the slider's maximum)
SCATTER_MAX = 400          # people drawn as dots in the left panel (the first ones screened)
PAIN_MIN, PAIN_MAX = 0.0, 10.0

# Illustrative model constants (not data): each person's usual pain on a 0-10 scale is drawn
# from a normal distribution with this mean and spread; on any day their pain is the usual
# level plus a random fluctuation.
USUAL_MEAN = 5.0
USUAL_SD = 1.5

# Default slider settings (illustrative), chosen so the effect is plain in a screenshot.
RTM_DEFAULTS = {"n_screened": 2000, "fluctuation": 1.5, "threshold": 7.0, "recovery": 0.0, "seed": 3}


@lru_cache(maxsize=8)
def _draws(seed: int):
    """The random numbers of one simulated population (fixed for a seed, shared by all settings,
    so that moving a slider changes the picture smoothly instead of redrawing everyone). The default
    seed's, drawn by every run of the lesson, are kept in the cache folder: importing numpy.random to
    draw them took about 10 ms of the lesson's kernel CPU, reading them back 0.2 ms."""
    kept = _default_draws_file() if int(seed) == RTM_DEFAULTS["seed"] else None
    try:
        data = np.frombuffer(kept.read_bytes(), dtype="<f8") if kept else None   # read-only arrays
    except (OSError, ValueError):   # none kept yet, or a broken file
        data = None
    if data is not None and data.size == 4 * N_MAX:
        return tuple(data.reshape(4, N_MAX))
    rng = np.random.default_rng(int(seed))
    usual, day0, day1, order = (rng.standard_normal(N_MAX), rng.standard_normal(N_MAX),
                                rng.standard_normal(N_MAX), rng.random(N_MAX))
    for a in (usual, day0, day1, order):
        a.setflags(write=False)
    if kept:   # unwritable: drawn again next time
        paths.write_cache_file(kept, np.stack((usual, day0, day1, order)).astype("<f8").tobytes())
    return usual, day0, day1, order


def _default_draws_file():
    """``paths.cache_dir()/rtm/<digest of what the draws depend on>``: numpy's version (Generator
    streams may change between versions), N_MAX and the seed. None without a cache folder."""
    try:
        folder = paths.cache_dir() / "rtm"
    except (RuntimeError, KeyError):   # no home folder to find (a bare sandbox)
        return None
    tag = f"backmice rtm draws 1; numpy {np.__version__}; {N_MAX}; seed {RTM_DEFAULTS['seed']}".encode()
    return folder / (hashlib.sha256(tag).hexdigest() + ".f64")


@dataclass(frozen=True)
class TrialResult:
    """One simulated study. ``arm``: 0 not enrolled, 1 treated, 2 control."""

    screening: np.ndarray
    follow_up: np.ndarray
    arm: np.ndarray
    controlled: bool
    threshold: float

    def _mean(self, values, arm):
        sel = self.arm == arm
        return float(values[sel].mean()) if sel.any() else math.nan

    @property
    def n_screened(self) -> int:
        return int(self.arm.size)

    @property
    def n_enrolled(self) -> int:
        return int((self.arm > 0).sum())

    @property
    def n_treated(self) -> int:
        return int((self.arm == 1).sum())

    @property
    def n_control(self) -> int:
        return int((self.arm == 2).sum())

    # average pain of each arm at enrolment (the screening day) and at follow-up; NaN for an empty arm
    treated_before = property(lambda self: self._mean(self.screening, 1))
    treated_after = property(lambda self: self._mean(self.follow_up, 1))
    control_before = property(lambda self: self._mean(self.screening, 2))
    control_after = property(lambda self: self._mean(self.follow_up, 2))

    @property
    def apparent_improvement(self) -> float:
        """How much the treated group's average pain fell from enrolment to follow-up (points)."""
        return self.treated_before - self.treated_after

    @property
    def arm_difference(self) -> float:
        """Control minus treated average pain at follow-up: the trial's estimate of the effect
        (points; positive means the treated arm is better). NaN without a control arm."""
        return self.control_after - self.treated_after if self.controlled else math.nan


def simulate_trial(n_screened: int = RTM_DEFAULTS["n_screened"],
                   fluctuation: float = RTM_DEFAULTS["fluctuation"],
                   threshold: float = RTM_DEFAULTS["threshold"], *,
                   recovery: float = RTM_DEFAULTS["recovery"], effect: float = 0.0,
                   controlled: bool = False, seed: int = RTM_DEFAULTS["seed"],
                   usual_mean: float = USUAL_MEAN, usual_sd: float = USUAL_SD) -> TrialResult:
    """Screen ``n_screened`` people, enrol those whose pain on the day is at least ``threshold``,
    and measure them again later.

    Pain (0-10) = usual level + ``fluctuation`` x a random day-to-day change, clipped to 0-10.
    At follow-up everyone enrolled is ``recovery`` points better on average (natural history),
    and the treated are ``effect`` points better still (0: the treatment does nothing). With
    ``controlled`` the enrolled are randomised half to treatment and half to a control arm;
    without it (a single-arm before-and-after study) all are treated.
    """
    n = int(n_screened)
    if not 10 <= n <= N_MAX:
        raise ValueError(f"n_screened must be between 10 and {N_MAX}")
    if fluctuation < 0 or usual_sd < 0:
        raise ValueError("fluctuation and usual_sd cannot be negative")
    usual_z, day0, day1, order = (a[:n] for a in _draws(seed))
    usual = usual_mean + usual_sd * usual_z
    screening = np.clip(usual + fluctuation * day0, PAIN_MIN, PAIN_MAX)
    enrolled = screening >= threshold
    arm = np.where(enrolled, 1, 0).astype(np.int8)
    if controlled:
        idx = np.flatnonzero(enrolled)
        ranked = idx[np.argsort(order[idx], kind="stable")]
        arm[ranked[len(ranked) // 2:]] = 2          # a random half goes to the control arm
    follow = usual + fluctuation * day1 - np.where(arm > 0, recovery, 0.0) - np.where(arm == 1, effect, 0.0)
    return TrialResult(screening, np.clip(follow, PAIN_MIN, PAIN_MAX), arm, bool(controlled), float(threshold))


def pts(x: float) -> str:
    """Points of pain as the simulator writes them (one decimal)."""
    return f"{x:.1f}"


def rtm_summary(result: TrialResult) -> str:
    """What the simulator shows, in words (the figure's text alternative)."""
    r = result
    head = (f"Of {r.n_screened} people screened, {r.n_enrolled} had pain of {r.threshold:g} or more on the "
            "day and were enrolled.")
    if r.n_enrolled == 0:
        return head + " Nobody was enrolled: lower the enrolment threshold."
    if not r.controlled:
        return (head + f" All got a treatment that does nothing. Their average pain went from "
                f"{pts(r.treated_before)} to {pts(r.treated_after)}: an apparent improvement of "
                f"{pts(r.apparent_improvement)} points, with no treatment effect at all. "
                "A before-and-after study would credit the treatment with it.")
    if r.n_control == 0 or r.n_treated == 0:
        return head + " Too few people were enrolled to fill both arms: screen more people."
    diff = r.arm_difference
    return (head + f" Half were randomised to the useless treatment (average pain {pts(r.treated_before)} "
            f"to {pts(r.treated_after)}), half to the control arm ({pts(r.control_before)} to "
            f"{pts(r.control_after)}). Both arms improved by about the same amount; at follow-up the "
            f"difference between the arms is {abs(diff):.2f} points "
            f"({'treated' if diff > 0 else 'control'} slightly lower), close to the true effect of zero. "
            "What remains is chance.")


def rtm_box_text(result: TrialResult) -> str:
    """The one-line result written in a box on the figure's right panel."""
    if result.n_enrolled == 0:
        return "nobody enrolled"
    if result.controlled:
        return (f"difference between arms: {abs(result.arm_difference):.2f} points"
                if result.n_control and result.n_treated else "too few to fill both arms")
    return f"apparent improvement: {pts(result.apparent_improvement)} points"


# =============================================================================================
# 2. The evidence map
# =============================================================================================

# Rows of the map, strongest design for a treatment question first (OCEBM 2011 treatment row:
# an RCT is level 2, case series level 4, mechanism-based reasoning level 5; cross-sectional
# studies answer a different question, how common something is). The schema
# (assets/schemas/evidence_studies.schema.json) lists the same designs and statuses.
DESIGNS = ("Randomised controlled trial", "Cross-sectional study", "Case series", "Case report",
           "Narrative article or review")
STATUSES = ("verified", "reported")


@dataclass(frozen=True)
class Study:
    key: str
    label: str
    year: int
    design: str
    n: int | None
    n_note: str
    status: str
    findings: str
    appraisal: str
    n_alt: int | None = None
    conflict: str = ""

    @property
    def n_text(self) -> str:
        if self.n is None:
            return "n not given"
        if self.n_alt is not None:
            return f"n = {self.n} or {self.n_alt} (sources disagree)"
        if self.conflict:
            return f"n = {self.n} (sources disagree on the counts within it)"
        return f"n = {self.n}"

    @property
    def column(self) -> int:
        """The study's column on the map (its design's place in :data:`DESIGNS`)."""
        return DESIGNS.index(self.design)


@lru_cache(maxsize=1)
def studies() -> tuple[Study, ...]:
    """The studies of the evidence map, in year order. The file is checked by its schema
    (designs, statuses, counts, a conflict note for a second count); here, that each study
    appears once."""
    raw = schema.load("data/evidence_studies.yaml")
    out = [schema.build(Study, r, n=r.get("n"), conflict=r.get("conflict") or "") for r in raw]
    keys = [s.key for s in out]
    if len(set(keys)) != len(keys):
        raise ValueError("evidence_studies.yaml: each study appears once")
    return tuple(sorted(out, key=lambda s: (s.year, s.label)))


def design_counts(items=None) -> dict[str, int]:
    items = studies() if items is None else items
    return {d: sum(s.design == d for s in items) for d in DESIGNS}


def marker_size(n: int | None) -> float:
    """Marker diameter (px) grows with the log of n: 1 -> 10, 10 -> 17, 100 -> 24, 1000 -> 31."""
    if n is None:
        return 11.0
    return 10.0 + 7.0 * math.log10(max(1, n))


def map_groups(items) -> dict[tuple[str, bool], list[Study]]:
    """Split studies into the four marker groups: (verified|reported) x (n known|unknown)."""
    return {(status, known): [s for s in items if s.status == status and (s.n is not None) == known]
            for status in STATUSES for known in (True, False)}


def label_sides(items) -> dict[str, str]:
    """Which side of its marker each study's label goes, so that labels do not overlap.

    Labels to the right of column c and to the left of column c + 1 share the gap between them.
    Going down the years, each label takes its preferred side (alternating within a column, left
    in the first and last columns) unless a label within a year of it already sits in that gap.
    """
    last_col = len(DESIGNS) - 1
    gaps: dict[int, list[int]] = {}
    last: dict[int, tuple[int, str]] = {}
    sides = {}
    for s in items:
        col = s.column
        if col == last_col:
            options = ["left"]
        elif col == 0:
            options = ["left", "right"]
        else:
            prev = last.get(col)
            first = "left" if prev and s.year - prev[0] <= 4 and prev[1] == "right" else "right"
            options = [first, "left" if first == "right" else "right"]

        def free(side):
            gap = col if side == "right" else col - 1
            return all(abs(s.year - y) >= 2 for y in gaps.get(gap, []))

        side = next((o for o in options if free(o)), options[0])
        gaps.setdefault(col if side == "right" else col - 1, []).append(s.year)
        last[col] = (s.year, side)
        sides[s.key] = f"middle {side}"
    return sides


def study_card(study: Study) -> str:
    """HTML card for one study (the keyboard and screen-reader alternative to hovering)."""
    badge = ("\u2713 primary text seen (abstract, full text or first page)" if study.status == "verified" else
             "\u25cb reported: known only through a later summary, mostly backmice.info")
    conflict = (f"<p><b>\u26a0 Sources disagree on the numbers:</b> {html.escape(study.conflict)}</p>"
                if study.conflict else "")
    return (f"<div role='status' aria-live='polite' style='border-left:4px solid #0072B2;padding:4px 10px'>"
            f"<p><b>{html.escape(study.label)}</b> \u00b7 {html.escape(study.design)} \u00b7 "
            f"{html.escape(study.n_text)} ({html.escape(study.n_note)})</p>"
            f"<p><i>{badge}</i></p>{conflict}"
            f"<p><b>What it reported:</b> {html.escape(study.findings)}</p>"
            f"<p><b>Appraisal:</b> {html.escape(study.appraisal)}</p>"
            f"<p><small>Source: [@{html.escape(study.key)}]</small></p></div>")


def map_summary(items, show: str = "all") -> str:
    """The evidence map in words, for the studies a filter shows (``all``, ``verified``, ``reported``)."""
    shown = [s for s in items if show == "all" or s.status == show]
    return (f"{len(shown)} studies shown, from {min(s.year for s in shown)} to {max(s.year for s in shown)}: "
            + "; ".join(f"{d.lower()}: {sum(s.design == d for s in shown)}" for d in DESIGNS)
            + f". The only randomised trial is Collée 1991 (n = 41). "
            f"{sum(s.status == 'reported' for s in shown)} of them are known only through later summaries. "
            "Marker size grows with the number of people; rings mark a second, conflicting count.")


# =============================================================================================
# 3. Diagnostic accuracy (the arithmetic is backmice.accuracy's)
# =============================================================================================

# Illustrative 2x2 table (invented numbers, for a made-up test that HAS a reference standard).
DEFAULT_TABLE = {"tp": 40, "fp": 30, "fn": 10, "tn": 120}
PREVALENCE_GRID = np.linspace(0.001, 0.999, 200)

predictive_values = accuracy.predictive_values   # (PPV, NPV) by Bayes' theorem; NaN where undefined


def _ratio(num: float, den: float) -> float:
    return num / den if den else math.nan


def _or_nan(ratio, sn: float, sp: float) -> float:
    """``ratio(sn, sp)`` from backmice.accuracy, or NaN where it is undefined for this table."""
    if math.isnan(sn) or math.isnan(sp):
        return math.nan
    try:
        return ratio(sn, sp)
    except ValueError:
        return math.nan


def two_by_two(tp: int, fp: int, fn: int, tn: int) -> dict[str, float]:
    """Accuracy measures from a 2x2 table (test result against the reference standard).

    Returns proportions (0-1) for sensitivity, specificity, ppv, npv and prevalence, and the
    likelihood ratios lr_pos and lr_neg. A measure whose denominator is 0 is NaN; LR+ with no
    false positives (specificity 1) is infinite, unless there are no true positives either (0/0).
    """
    counts = (tp, fp, fn, tn)
    if any((not isinstance(c, (int, np.integer))) or c < 0 for c in counts):
        raise ValueError("the four cells of a 2x2 table are counts: whole numbers of 0 or more")
    n = tp + fp + fn + tn
    sn, sp = _ratio(tp, tp + fn), _ratio(tn, tn + fp)
    lr_pos = math.nan if sn == 0 and sp == 1 else _or_nan(accuracy.lr_positive, sn, sp)
    return {"n": n, "prevalence": _ratio(tp + fn, n), "sensitivity": sn, "specificity": sp,
            "ppv": _ratio(tp, tp + fp), "npv": _ratio(tn, tn + fn), "lr_pos": lr_pos,
            "lr_neg": _or_nan(accuracy.lr_negative, sn, sp)}


def pct(x: float) -> str:
    """A proportion as a percentage with one decimal, or 'undefined'."""
    return "undefined" if math.isnan(x) else f"{100 * x:.1f}%"


def _lr(x: float) -> str:
    if math.isnan(x):
        return "undefined"
    return "infinite (no false positives)" if math.isinf(x) else f"{x:.2f}"


def table_html(tp: int, fp: int, fn: int, tn: int) -> str:
    """The 2x2 table and its measures as an accessible HTML table."""
    m = two_by_two(tp, fp, fn, tn)
    cell = "style='border:1px solid #999;padding:4px 10px;text-align:right'"
    head = "style='border:1px solid #999;padding:4px 10px;background:#f2f2f2'"
    rows = (f"<tr><th scope='col' {head}>Test result</th><th scope='col' {head}>Condition present (reference standard)</th>"
            f"<th scope='col' {head}>Condition absent</th><th scope='col' {head}>Total</th></tr>"
            f"<tr><th scope='row' {head}>Test positive</th><td {cell}>a = {tp} (true positives)</td>"
            f"<td {cell}>b = {fp} (false positives)</td><td {cell}>{tp + fp}</td></tr>"
            f"<tr><th scope='row' {head}>Test negative</th><td {cell}>c = {fn} (false negatives)</td>"
            f"<td {cell}>d = {tn} (true negatives)</td><td {cell}>{fn + tn}</td></tr>"
            f"<tr><th scope='row' {head}>Total</th><td {cell}>{tp + fn}</td><td {cell}>{fp + tn}</td>"
            f"<td {cell}>{m['n']}</td></tr>")
    measures = [("Prevalence in this table", "(a + c) / total", pct(m["prevalence"])),
                ("Sensitivity", "a / (a + c)", pct(m["sensitivity"])),
                ("Specificity", "d / (b + d)", pct(m["specificity"])),
                ("Positive predictive value (PPV)", "a / (a + b)", pct(m["ppv"])),
                ("Negative predictive value (NPV)", "d / (c + d)", pct(m["npv"])),
                ("Positive likelihood ratio (LR+)", "sensitivity / (1 \u2212 specificity)", _lr(m["lr_pos"])),
                ("Negative likelihood ratio (LR\u2212)", "(1 \u2212 sensitivity) / specificity", _lr(m["lr_neg"]))]
    mrows = "".join(f"<tr><th scope='row' {head}>{a}</th><td {cell}>{b}</td><td {cell}><b>{c}</b></td></tr>"
                    for a, b, c in measures)
    return (f"<div style='display:flex;flex-wrap:wrap;gap:18px'>"
            f"<table style='border-collapse:collapse'><caption>The 2\u00d72 table</caption>{rows}</table>"
            f"<table style='border-collapse:collapse'><caption>What it gives</caption>"
            f"<tr><th scope='col' {head}>Measure</th><th scope='col' {head}>Formula</th>"
            f"<th scope='col' {head}>Value</th></tr>{mrows}</table></div>")


def diagnostic_summary(tp: int, fp: int, fn: int, tn: int, other_prevalence: float) -> str:
    m = two_by_two(tp, fp, fn, tn)
    if math.isnan(m["sensitivity"]) or math.isnan(m["specificity"]):
        return ("The table needs at least one person with the condition (a + c > 0) and one without "
                "(b + d > 0) before sensitivity and specificity can be worked out.")
    ppv2, npv2 = predictive_values(m["sensitivity"], m["specificity"], other_prevalence)
    return (f"In this table prevalence is {pct(m['prevalence'])}; sensitivity {pct(m['sensitivity'])}, "
            f"specificity {pct(m['specificity'])}. A positive result is right {pct(m['ppv'])} of the time (PPV) "
            f"and a negative one {pct(m['npv'])} of the time (NPV). The same test where prevalence is "
            f"{100 * other_prevalence:.0f}% would have PPV {pct(float(ppv2))} and NPV {pct(float(npv2))}: "
            "the curves show predictive values falling and rising with prevalence while sensitivity and "
            "specificity stay the same.")


# =============================================================================================
# 4. Rate a web page
# =============================================================================================

@dataclass(frozen=True)
class Benchmark:
    """One of the four JAMA benchmarks."""
    id: str
    name: str
    question: str


@dataclass(frozen=True)
class Question:
    """One DISCERN question of the subset the lesson uses (``number``: its number in DISCERN)."""
    id: str
    number: int
    short: str
    question: str

    @property
    def label(self) -> str:
        return f"Q{self.number} {self.short}"


@dataclass(frozen=True)
class Rating:
    """The course's rating of a page on one criterion, and why: ``met`` (True/False) for a JAMA
    benchmark, ``score`` (1 = no ... 5 = yes) for a DISCERN question."""
    why: str
    met: bool | None = None
    score: int | None = None


@dataclass(frozen=True)
class Page:
    """A fictional web page and the course's rating of it (``jama``, ``discern``: by criterion id)."""
    id: str
    menu: str
    site: str
    address: str
    title: str
    byline: str
    paragraphs: tuple[str, ...]
    footer: str
    flaws: tuple[str, ...]
    jama: MappingProxyType      # JAMA benchmark id -> Rating (met, why)
    discern: MappingProxyType   # DISCERN question id -> Rating (score, why)
    date: str | None = None
    links: tuple[str, ...] = ()
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class Webpages:
    """``evidence_webpages.yaml``: the notice shown on every page, the criteria and the pages."""
    notice: str
    jama: tuple[Benchmark, ...]
    discern: tuple[Question, ...]
    pages: tuple[Page, ...]


@lru_cache(maxsize=1)
def webpages() -> Webpages:
    """The fictional pages, the JAMA benchmarks and the DISCERN subset. The file is checked by its
    schema (four benchmarks, at most 16 questions, each rating a score or met/not met with a why,
    every flaw a text); here, that the course rates every page on every criterion."""
    raw = schema.load("data/evidence_webpages.yaml")
    jama = tuple(schema.build(Benchmark, b) for b in raw["jama"])
    discern = tuple(schema.build(Question, q) for q in raw["discern"])
    ids = ({b.id for b in jama}, {q.id for q in discern})
    pages = []
    for p in raw["pages"]:
        course = p["course"]
        if (set(course["jama"]), set(course["discern"])) != ids:
            raise ValueError(f"evidence_webpages.yaml, page {p['id']}: the course must rate every criterion")
        pages.append(schema.build(
            Page, p, jama=MappingProxyType({k: schema.build(Rating, v) for k, v in course["jama"].items()}),
            discern=MappingProxyType({k: schema.build(Rating, v) for k, v in course["discern"].items()})))
    return Webpages(raw["notice"], jama, discern, tuple(pages))


def page(page_id: str) -> Page:
    return next(p for p in webpages().pages if p.id == page_id)


def page_html(p: Page) -> str:
    """A fictional page drawn as a small browser window, with the 'fictional' notice on top."""
    notice = html.escape(webpages().notice)
    paras = "".join(f"<p style='margin:6px 0'>{html.escape(x)}</p>" for x in p.paragraphs)
    links = "".join(f"<p style='margin:6px 0'><span style='background:#0072B2;color:white;padding:3px 8px;"
                    f"border-radius:4px'>{html.escape(x)} \u2192</span></p>" for x in p.links)
    refs = ""
    if p.references:
        refs = ("<p style='margin:8px 0 2px'><b>References</b></p><ol style='margin:0;font-size:90%'>"
                + "".join(f"<li>{html.escape(r)}</li>" for r in p.references) + "</ol>")
    date = html.escape(p.date) if p.date else "<i>(no date shown)</i>"
    return (f"<div class='bm-fictional-page' style='border:2px solid #666;border-radius:6px;max-width:54em'>"
            f"<div role='note' style='background:#FFF3C4;border-bottom:2px solid #E69F00;padding:6px 10px'>"
            f"<b>\u26a0 FICTIONAL PAGE.</b> {notice}</div>"
            f"<div style='background:#eee;padding:4px 10px;font-family:monospace;font-size:90%'>"
            f"Address: {html.escape(p.address)}</div>"
            f"<div style='padding:6px 14px 10px'><p style='margin:4px 0;color:#555'>{html.escape(p.site)}</p>"
            f"<h3 style='margin:6px 0'>{html.escape(p.title)}</h3>"
            f"<p style='margin:2px 0;color:#444;font-size:92%'>{html.escape(p.byline)} \u00b7 {date}</p>"
            f"{paras}{links}{refs}<p style='margin:8px 0 0;color:#666;font-size:85%'>{html.escape(p.footer)}</p>"
            f"</div></div>")


def jama_score(ratings: dict[str, bool]) -> int:
    """JAMA benchmark total (0-4): one point per benchmark met."""
    ids = [b.id for b in webpages().jama]
    unknown = set(ratings) - set(ids)
    if unknown:
        raise ValueError(f"unknown JAMA benchmarks: {sorted(unknown)}")
    return sum(bool(ratings.get(i, False)) for i in ids)


def course_rating(page_id: str) -> tuple[dict[str, bool], dict[str, int]]:
    p = page(page_id)
    return ({k: bool(v.met) for k, v in p.jama.items()}, {k: int(v.score) for k, v in p.discern.items()})


def compare_ratings(page_id: str, jama: dict[str, bool], discern: dict[str, int]) -> dict:
    """Compare a learner's rating of a page with the course's.

    Returns totals, the JAMA benchmarks where the two differ, and the DISCERN questions where the
    scores differ by 2 or more (largest first)."""
    data = webpages()
    cj, cd = course_rating(page_id)
    for k, v in discern.items():
        if k not in cd:
            raise ValueError(f"unknown DISCERN question {k!r}")
        if v not in (1, 2, 3, 4, 5):
            raise ValueError("DISCERN scores run from 1 to 5")
    jama_diff = [b.name for b in data.jama if bool(jama.get(b.id, False)) != cj[b.id]]
    gaps = sorted(((abs(discern.get(q.id, 3) - cd[q.id]), q) for q in data.discern), key=lambda t: -t[0])
    big = [q.label for gap, q in gaps if gap >= 2]
    return {"jama_yours": jama_score(jama), "jama_course": sum(cj.values()),
            "jama_agree": len(data.jama) - len(jama_diff), "jama_differ": jama_diff,
            "discern_yours": sum(discern.get(q.id, 3) for q in data.discern),
            "discern_course": sum(cd.values()), "discern_max": 5 * len(data.discern),
            "discern_far": big}


def rating_summary(page_id: str, jama: dict[str, bool], discern: dict[str, int], revealed: bool) -> str:
    r = compare_ratings(page_id, jama, discern)
    n = len(webpages().discern)
    mine = (f"Your rating: JAMA {r['jama_yours']} of 4; DISCERN questions used here "
            f"{r['discern_yours']} of {r['discern_max']} ({n} questions, 1 to 5 each).")
    if not revealed:
        return mine + " Rate the page, then press \u201cCompare with the course\u201d."
    far = (", ".join(r["discern_far"]) if r["discern_far"] else "none")
    differ = ", ".join(r["jama_differ"]) if r["jama_differ"] else "none"
    return (mine + f" The course: JAMA {r['jama_course']} of 4; DISCERN {r['discern_course']} of "
            f"{r['discern_max']}. You agree on {r['jama_agree']} of 4 JAMA benchmarks (different: {differ}). "
            f"DISCERN questions where you differ by 2 points or more: {far}. Read the reasons below.")


def reasons_html(page_id: str) -> str:
    data, p = webpages(), page(page_id)
    met = {True: "\u2713 met", False: "\u2717 not met"}
    jrows = "".join(f"<li><b>{html.escape(b.name)}: {met[bool(p.jama[b.id].met)]}."
                    f"</b> {html.escape(p.jama[b.id].why)}</li>" for b in data.jama)
    drows = "".join(f"<li><b>Q{q.number} {html.escape(q.short)}: {p.discern[q.id].score} of 5.</b> "
                    f"{html.escape(p.discern[q.id].why)}</li>" for q in data.discern)
    flaws = "".join(f"<li>{html.escape(f)}</li>" for f in p.flaws)
    return (f"<div role='status' aria-live='polite' style='border-left:4px solid #E69F00;padding:4px 12px'>"
            f"<p><b>The course's rating and reasons</b></p><p><b>JAMA benchmarks</b></p><ul>{jrows}</ul>"
            f"<p><b>DISCERN (the questions used here)</b></p><ul>{drows}</ul>"
            f"<p><b>What is wrong with this page, and what the sources say</b></p><ul>{flaws}</ul></div>")
