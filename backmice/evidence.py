"""Lesson 05 (evidence appraisal): models, data and the four interactive tools.

1. ``rtm_simulator()``: regression to the mean. Simulated people with fluctuating pain are
   screened, those whose pain is high on the day are enrolled, and they get a treatment with no
   effect at all. Their average pain still falls. With a randomised control arm the difference
   between the arms is close to zero. The model and every parameter are ILLUSTRATIVE (a teaching
   model, not fitted to any data); the lesson says so next to the tool.
2. ``evidence_map()``: the real back-mice studies from ``assets/data/evidence_studies.yaml``,
   by year, design and size, with an appraisal of each.
3. ``diagnostic_playground()``: a 2x2 table -> sensitivity, specificity, predictive values and
   likelihood ratios, and how predictive values move with prevalence.
4. ``webpage_rater()``: the learner rates a fictional web page (``evidence_webpages.yaml``) on the
   JAMA benchmarks and a subset of DISCERN questions, then compares with the course's rating.

Pure functions (``simulate_trial``, ``two_by_two``, ``predictive_values``, ``studies``,
``compare_ratings`` ...) hold the logic; the widget builders only wire them to controls.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import paths

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
    so that moving a slider changes the picture smoothly instead of redrawing everyone)."""
    rng = np.random.default_rng(int(seed))
    usual, day0, day1, order = (rng.standard_normal(N_MAX), rng.standard_normal(N_MAX),
                                rng.standard_normal(N_MAX), rng.random(N_MAX))
    for a in (usual, day0, day1, order):
        a.setflags(write=False)
    return usual, day0, day1, order


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

    @property
    def treated_before(self) -> float:
        return self._mean(self.screening, 1)

    @property
    def treated_after(self) -> float:
        return self._mean(self.follow_up, 1)

    @property
    def control_before(self) -> float:
        return self._mean(self.screening, 2)

    @property
    def control_after(self) -> float:
        return self._mean(self.follow_up, 2)

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


def _pts(x: float) -> str:
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
                f"{_pts(r.treated_before)} to {_pts(r.treated_after)}: an apparent improvement of "
                f"{_pts(r.apparent_improvement)} points, with no treatment effect at all. "
                "A before-and-after study would credit the treatment with it.")
    if r.n_control == 0 or r.n_treated == 0:
        return head + " Too few people were enrolled to fill both arms: screen more people."
    diff = r.arm_difference
    return (head + f" Half were randomised to the useless treatment (average pain {_pts(r.treated_before)} "
            f"to {_pts(r.treated_after)}), half to the control arm ({_pts(r.control_before)} to "
            f"{_pts(r.control_after)}). Both arms improved by about the same amount; at follow-up the "
            f"difference between the arms is {abs(diff):.2f} points "
            f"({'treated' if diff > 0 else 'control'} slightly lower), close to the true effect of zero. "
            "What remains is chance.")


def _rtm_traces(result: TrialResult):
    """Data for the figure's traces (pure; used at build time and by the callback)."""
    k = min(SCATTER_MAX, result.n_screened)
    s, f, a = result.screening[:k], result.follow_up[:k], result.arm[:k]
    # plain lists: numpy arrays sent to a FigureWidget were drawn wrongly in JupyterLab
    groups = {g: (np.round(s[a == g], 3).tolist(), np.round(f[a == g], 3).tolist()) for g in (0, 1, 2)}
    before = [result.treated_before, result.treated_after]
    control = [result.control_before, result.control_after] if result.controlled else [None, None]
    return groups, before, control


def rtm_figure(result: TrialResult | None = None):
    """The simulator's figure (a FigureWidget): each person on the left, group averages on the right."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from . import style

    style.use()
    result = result or simulate_trial()
    fig = go.Figure(make_subplots(
        rows=1, cols=2, column_widths=[0.52, 0.48], horizontal_spacing=0.12,
        subplot_titles=(f"Each person (first {SCATTER_MAX} screened)", "Average pain of those enrolled")))
    grey, blue, orange = style.NEUTRAL, style.PALETTE["blue"], style.PALETTE["orange"]
    fig.add_trace(go.Scatter(name="not enrolled", mode="markers",
                             marker=dict(color=grey, size=5, opacity=0.45, symbol="circle-open"),
                             hovertemplate="screening %{x:.1f}, follow-up %{y:.1f}<extra>not enrolled</extra>"),
                  row=1, col=1)
    fig.add_trace(go.Scatter(name="enrolled, treated", mode="markers",
                             marker=dict(color=blue, size=7, symbol="circle", line=dict(color="white", width=0.5)),
                             hovertemplate="screening %{x:.1f}, follow-up %{y:.1f}<extra>treated</extra>"),
                  row=1, col=1)
    fig.add_trace(go.Scatter(name="enrolled, control", mode="markers",
                             marker=dict(color=orange, size=7, symbol="square", line=dict(color="#333", width=0.5)),
                             hovertemplate="screening %{x:.1f}, follow-up %{y:.1f}<extra>control</extra>"),
                  row=1, col=1)
    # numeric positions 0 and 1 with tick labels (a categorical axis was lost in JupyterLab)
    fig.add_trace(go.Scatter(name="treated arm (average)", mode="lines+markers+text",
                             line=dict(color=blue, width=4), marker=dict(size=14, symbol="circle"),
                             textposition=["top center", "middle right"], textfont=dict(size=14, color=blue),
                             hovertemplate="treated arm: %{y:.2f}<extra></extra>", showlegend=True),
                  row=1, col=2)
    fig.add_trace(go.Scatter(name="control arm (average)", mode="lines+markers+text",
                             line=dict(color=orange, width=4, dash="dash"), marker=dict(size=14, symbol="square"),
                             textposition=["bottom center", "bottom right"], textfont=dict(size=14, color="#8a5a00"),
                             hovertemplate="control arm: %{y:.2f}<extra></extra>", showlegend=True),
                  row=1, col=2)
    # no-change diagonal, the threshold, and everyone's average usual pain
    fig.add_shape(type="line", x0=0, y0=0, x1=10, y1=10, line=dict(color="#444", width=1, dash="dot"),
                  row=1, col=1)
    fig.add_annotation(x=9.9, y=0.35, text="below the dotted diagonal: pain fell", showarrow=False,
                       xanchor="right", font=dict(size=12, color="#444"), bgcolor="rgba(255,255,255,0.8)",
                       row=1, col=1)
    fig.add_shape(type="line", x0=result.threshold, x1=result.threshold, y0=0, y1=10,
                  line=dict(color=style.BAD, width=2, dash="dash"), row=1, col=1)
    fig.add_annotation(x=result.threshold, y=10, text="enrolment threshold", showarrow=False,
                       xanchor="right", yanchor="bottom", font=dict(size=12, color=style.BAD), row=1, col=1)
    fig.add_shape(type="line", x0=-0.45, x1=1.95, y0=USUAL_MEAN, y1=USUAL_MEAN,
                  line=dict(color=grey, width=2, dash="dot"), row=1, col=2)
    fig.add_annotation(x=0.75, y=USUAL_MEAN, text="average usual pain of everyone screened", showarrow=False,
                       yanchor="top", font=dict(size=12, color="#555"), row=1, col=2)
    fig.add_annotation(x=0.75, y=9.6, text="", showarrow=False, font=dict(size=13, color="#1a1a1a"),
                       bgcolor="rgba(255,255,255,0.85)", bordercolor="#999", borderwidth=1, row=1, col=2)
    fig.update_xaxes(title_text="pain at screening (0-10)", range=[0, 10.2], dtick=2, row=1, col=1)
    fig.update_yaxes(title_text="pain at follow-up (0-10)", range=[0, 10.4], dtick=2, row=1, col=1)
    fig.update_xaxes(range=[-0.45, 1.95], tickvals=[0, 1], ticktext=["at enrolment", "at follow-up"],
                     showgrid=False, row=1, col=2)
    fig.update_yaxes(title_text="average pain (0-10)", range=[3, 10], dtick=1, row=1, col=2)
    fig.update_layout(height=470, margin=dict(l=60, r=20, t=60, b=90),
                      legend=dict(orientation="h", x=0, y=-0.2, yanchor="top"))
    update_rtm_figure(fig, result)
    return _widget(fig)


def _widget(fig):
    """A FigureWidget holding ``fig`` with all its data from the start.

    Figures are filled in as plain figures and only then wrapped: in JupyterLab, plotly 7's
    FigureWidget lost data (x values, or whole traces) when a trace was changed before the widget
    was first shown. Changes made later, by the learner's controls, are drawn normally."""
    from .widgets import figure_widget

    return figure_widget(fig)


def update_rtm_figure(fig, result: TrialResult) -> None:
    groups, treated, control = _rtm_traces(result)
    with fig.batch_update():
        for i, g in enumerate((0, 1, 2)):
            fig.data[i].x, fig.data[i].y = groups[g]
        fig.data[2].visible = result.controlled
        fig.data[3].x, fig.data[3].y = [0, 1], treated
        fig.data[3].text = [f"treated {_pts(v)}" if not math.isnan(v) else "" for v in treated]
        fig.data[4].x, fig.data[4].y = [0, 1], control
        fig.data[4].text = [f"control {_pts(v)}" if v is not None and not math.isnan(v) else "" for v in control]
        fig.data[4].visible = result.controlled
        fig.layout.shapes[1].x0 = fig.layout.shapes[1].x1 = result.threshold
        fig.layout.annotations[3].x = result.threshold
        if result.n_enrolled == 0:
            box = "nobody enrolled"
        elif result.controlled:
            box = (f"difference between arms: {abs(result.arm_difference):.2f} points"
                   if result.n_control and result.n_treated else "too few to fill both arms")
        else:
            box = f"apparent improvement: {_pts(result.apparent_improvement)} points"
        fig.layout.annotations[-1].text = box
        fig.layout.annotations[-1].bordercolor = "#D55E00" if result.controlled else "#0072B2"


def rtm_simulator():
    """The regression-to-the-mean simulator (a backmice.widgets tool)."""
    import ipywidgets as w

    from .widgets import tool

    wide = {"description_width": "16em"}
    lay = {"width": "34em"}
    design = w.ToggleButtons(options=[("Single arm", False), ("With a control arm", True)],
                             value=False, description="Study design:", style={"description_width": "16em"},
                             tooltips=["Everyone enrolled gets the treatment", "Half get the treatment, half do not"])
    fluct = w.FloatSlider(value=RTM_DEFAULTS["fluctuation"], min=0.0, max=3.0, step=0.25,
                          description="Day-to-day fluctuation (SD):", style=wide, layout=lay)
    thresh = w.FloatSlider(value=RTM_DEFAULTS["threshold"], min=3.0, max=9.5, step=0.5,
                           description="Enrol if pain on the day \u2265", style=wide, layout=lay)
    size = w.IntSlider(value=RTM_DEFAULTS["n_screened"], min=100, max=N_MAX, step=100,
                       description="People screened:", style=wide, layout=lay)
    recovery = w.FloatSlider(value=RTM_DEFAULTS["recovery"], min=0.0, max=3.0, step=0.25,
                             description="Natural recovery (points):", style=wide, layout=lay)
    seed = w.BoundedIntText(value=RTM_DEFAULTS["seed"], min=0, max=10**6, description="Random seed:",
                            style=wide, layout={"width": "24em"})

    def current():
        return simulate_trial(size.value, fluct.value, thresh.value, recovery=recovery.value,
                              controlled=design.value, seed=seed.value)

    result = current()
    fig = rtm_figure(result)
    box = tool("Regression to the mean: a treatment that does nothing", [design, fluct, thresh, size, recovery, seed],
               figure=fig, summary=rtm_summary(result))

    def refresh(_=None):
        from .widgets import summary_html

        res = current()
        update_rtm_figure(fig, res)
        box.summary.value = summary_html(rtm_summary(res))
        box.result = res

    for control in box.controls:
        control.observe(refresh, names="value")
    box.result = result
    box.refresh = refresh
    return box


# =============================================================================================
# 2. The evidence map
# =============================================================================================

# Rows of the map, strongest design for a treatment question first (OCEBM 2011 treatment row:
# an RCT is level 2, case series level 4, mechanism-based reasoning level 5; cross-sectional
# studies answer a different question, how common something is).
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


@lru_cache(maxsize=1)
def studies() -> tuple[Study, ...]:
    """The studies of the evidence map, in year order (validated)."""
    raw = paths.read_yaml(paths.assets() / "data" / "evidence_studies.yaml")
    out = []
    for r in raw:
        s = Study(key=r["key"], label=r["label"], year=int(r["year"]), design=r["design"], n=r.get("n"),
                  n_note=r["n_note"], status=r["status"], findings=r["findings"], appraisal=r["appraisal"],
                  n_alt=r.get("n_alt"), conflict=r.get("conflict", "") or "")
        if s.design not in DESIGNS:
            raise ValueError(f"{s.key}: unknown design {s.design!r}")
        if s.status not in STATUSES:
            raise ValueError(f"{s.key}: status must be one of {STATUSES}")
        if s.n_alt is not None and not s.conflict:
            raise ValueError(f"{s.key}: a second n needs a conflict note saying who reports which")
        if s.n is not None and (not isinstance(s.n, int) or s.n < 1):
            raise ValueError(f"{s.key}: n must be a positive whole number or null")
        out.append(s)
    keys = [s.key for s in out]
    if len(set(keys)) != len(keys):
        raise ValueError("each study appears once")
    return tuple(sorted(out, key=lambda s: (s.year, s.label)))


def design_counts(items=None) -> dict[str, int]:
    items = studies() if items is None else items
    return {d: sum(s.design == d for s in items) for d in DESIGNS}


def marker_size(n: int | None) -> float:
    """Marker diameter (px) grows with the log of n: 1 -> 10, 10 -> 17, 100 -> 24, 1000 -> 31."""
    if n is None:
        return 11.0
    return 10.0 + 7.0 * math.log10(max(1, n))


def _wrap(text: str, width: int = 60) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "<br>".join(html.escape(x) for x in lines)


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
        col = DESIGNS.index(s.design)
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


def _map_groups(items):
    """Split studies into the four marker groups: (verified|reported) x (n known|unknown)."""
    return {(status, known): [s for s in items if s.status == status and (s.n is not None) == known]
            for status in STATUSES for known in (True, False)}


def _column(study: Study) -> int:
    return DESIGNS.index(study.design)


def evidence_map_figure(selected: str | None = None):
    """The evidence map as a vertical timeline (a FigureWidget): one column per design, years
    running down. Traces: 4 marker groups, the second n of conflicting studies (rings), and the
    highlight of the selected study (last)."""
    import plotly.graph_objects as go

    from . import style

    style.use()
    items = studies()
    sides = label_sides(items)
    fig = go.Figure()
    blue, red = style.PALETTE["blue"], style.PALETTE["vermillion"]
    look = {("verified", True): ("circle", blue, "primary text seen"),
            ("reported", True): ("circle-open", blue, "reported (later summary only)"),
            ("verified", False): ("diamond", red, "primary text seen, n not given"),
            ("reported", False): ("diamond-open", red, "reported, n not given")}
    for (status, known), sel in _map_groups(items).items():
        symbol, colour, name = look[(status, known)]
        fig.add_trace(go.Scatter(
            name=name, mode="markers+text", x=[_column(s) for s in sel], y=[s.year for s in sel],
            text=[s.label + (" \u26a0" if s.conflict else "") for s in sel],
            textposition=[sides[s.key] for s in sel], textfont=dict(size=11, color="#222"),
            marker=dict(symbol=symbol, size=[marker_size(s.n) for s in sel], color=colour, opacity=0.9,
                        line=dict(color=colour if "open" in symbol else "#222", width=2 if "open" in symbol else 1)),
            customdata=[[s.label, s.design, s.n_text,
                         _wrap(s.appraisal + (" \u26a0 " + s.conflict if s.conflict else ""))] for s in sel],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}, %{customdata[2]}<br>%{customdata[3]}<extra></extra>"))
    conflicted = [s for s in items if s.n_alt is not None]
    fig.add_trace(go.Scatter(
        name="second count (\u26a0 sources disagree)", mode="markers",
        x=[_column(s) for s in conflicted], y=[s.year for s in conflicted],
        marker=dict(symbol="circle-open-dot", size=[marker_size(s.n_alt) for s in conflicted],
                    color=red, line=dict(width=2)),
        customdata=[[s.label, _wrap(s.conflict)] for s in conflicted],
        hovertemplate="<b>%{customdata[0]}</b><br>\u26a0 %{customdata[1]}<extra></extra>"))
    first = next((s for s in items if s.key == selected), items[0])
    fig.add_trace(go.Scatter(name="selected study", mode="markers", x=[_column(first)], y=[first.year],
                             marker=dict(symbol="square-open", size=40, color="#000", line=dict(width=3)),
                             hoverinfo="skip", showlegend=False))
    fig.add_hrect(y0=1929, y1=1966.5, fillcolor="#999", opacity=0.10, line_width=0)
    fig.add_annotation(x=4.25, y=1931, text="before 1967", showarrow=False, xanchor="right",
                       yanchor="top", font=dict(size=12, color="#555"))
    counts = design_counts(items)
    names = {"Randomised controlled trial": "Randomised<br>trial", "Cross-sectional study": "Cross-<br>sectional",
             "Case series": "Case<br>series", "Case report": "Case<br>reports",
             "Narrative article or review": "Narrative<br>or review"}
    fig.update_xaxes(tickvals=list(range(len(DESIGNS))), side="top", showgrid=True,
                     ticktext=[f"<b>{names[d]}</b><br>({counts[d]})" for d in DESIGNS], range=[-1.3, 4.3],
                     tickangle=0)
    fig.update_yaxes(title_text="year of publication", range=[2027, 1929], dtick=10, showgrid=True)
    fig.update_layout(title=dict(text="Back-mice studies by design and year", y=0.995, yanchor="top"),
                      height=900, margin=dict(l=70, r=20, t=130, b=90),
                      legend=dict(orientation="h", x=0, y=-0.02, yanchor="top", font=dict(size=13),
                                  title=dict(text="Bigger marker = more people.<br>", side="top")))
    return _widget(fig)


def _select(fig, study: Study) -> None:
    with fig.batch_update():
        fig.data[-1].x, fig.data[-1].y = [_column(study)], [study.year]


def evidence_map():
    """The evidence map with a study picker (a backmice.widgets tool)."""
    import ipywidgets as w

    from .widgets import summary_html, tool

    items = studies()
    pick = w.Dropdown(options=[(f"{s.year} \u00b7 {s.label} \u00b7 {s.design}", s.key) for s in items],
                      value="collee1991rct", description="Study:", layout={"width": "42em"})
    show = w.ToggleButtons(options=[("All studies", "all"), ("Primary text seen", "verified"),
                                    ("Reported only", "reported")],
                           value="all", description="Show:",
                           tooltips=["Every study", "Only studies whose own abstract or text was read",
                                     "Only studies known through a later summary"])
    fig = evidence_map_figure(pick.value)
    card = w.HTML(study_card(next(s for s in items if s.key == pick.value)))
    counts = design_counts(items)

    def summary(filter_value):
        shown = [s for s in items if filter_value == "all" or s.status == filter_value]
        return (f"{len(shown)} studies shown, from {min(s.year for s in shown)} to {max(s.year for s in shown)}: "
                + "; ".join(f"{d.lower()}: {sum(s.design == d for s in shown)}" for d in DESIGNS)
                + f". The only randomised trial is Collée 1991 (n = 41). "
                f"{sum(s.status == 'reported' for s in shown)} of them are known only through later summaries. "
                "Marker size grows with the number of people; rings mark a second, conflicting count.")

    box = tool("Evidence map: the studies behind back mice", [pick, show], figure=fig,
               summary=summary("all"), extra=(card,))

    def on_pick(_=None):
        study = next(s for s in items if s.key == pick.value)
        _select(fig, study)
        card.value = study_card(study)

    def on_show(_=None):
        with fig.batch_update():
            for i, (status, _known) in enumerate(_map_groups(items)):
                fig.data[i].visible = show.value in ("all", status)
            ring_statuses = {s.status for s in items if s.n_alt is not None}
            fig.data[4].visible = show.value == "all" or show.value in ring_statuses
        box.summary.value = summary_html(summary(show.value))

    pick.observe(on_pick, names="value")
    show.observe(on_show, names="value")
    box.pick, box.show, box.card, box.counts = pick, show, card, counts
    return box


# =============================================================================================
# 3. Diagnostic accuracy playground
# =============================================================================================

# Illustrative 2x2 table (invented numbers, for a made-up test that HAS a reference standard).
DEFAULT_TABLE = {"tp": 40, "fp": 30, "fn": 10, "tn": 120}
PREVALENCE_GRID = np.linspace(0.001, 0.999, 200)
_GRID_X = np.round(100 * PREVALENCE_GRID, 3).tolist()   # plain lists for FigureWidgets


def _ratio(num: float, den: float) -> float:
    return num / den if den else math.nan


def two_by_two(tp: int, fp: int, fn: int, tn: int) -> dict[str, float]:
    """Accuracy measures from a 2x2 table (test result against the reference standard).

    Returns proportions (0-1) for sensitivity, specificity, ppv, npv and prevalence, and the
    likelihood ratios lr_pos and lr_neg. A measure whose denominator is 0 is NaN; LR+ with no
    false positives (specificity 1) is infinite.
    """
    counts = (tp, fp, fn, tn)
    if any((not isinstance(c, (int, np.integer))) or c < 0 for c in counts):
        raise ValueError("the four cells of a 2x2 table are counts: whole numbers of 0 or more")
    n = tp + fp + fn + tn
    sn, sp = _ratio(tp, tp + fn), _ratio(tn, tn + fp)
    lr_pos = (math.inf if sp == 1 and sn > 0 else _ratio(sn, 1 - sp)) if not math.isnan(sn + sp) else math.nan
    lr_neg = _ratio(1 - sn, sp) if not math.isnan(sn + sp) else math.nan
    return {"n": n, "prevalence": _ratio(tp + fn, n), "sensitivity": sn, "specificity": sp,
            "ppv": _ratio(tp, tp + fp), "npv": _ratio(tn, tn + fn), "lr_pos": lr_pos, "lr_neg": lr_neg}


def predictive_values(sensitivity, specificity, prevalence):
    """PPV and NPV (0-1) of a test with this sensitivity and specificity at a given prevalence
    (a number or an array), by Bayes' theorem."""
    p = np.asarray(prevalence, dtype=float)
    if np.any((p < 0) | (p > 1)):
        raise ValueError("prevalence is a proportion between 0 and 1")
    sn, sp = float(sensitivity), float(specificity)
    with np.errstate(divide="ignore", invalid="ignore"):
        ppv = sn * p / (sn * p + (1 - sp) * (1 - p))
        npv = sp * (1 - p) / (sp * (1 - p) + (1 - sn) * p)
    return ppv, npv


def _pct(x: float) -> str:
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
    rows = (f"<tr><th {head}></th><th scope='col' {head}>Condition present (reference standard)</th>"
            f"<th scope='col' {head}>Condition absent</th><th scope='col' {head}>Total</th></tr>"
            f"<tr><th scope='row' {head}>Test positive</th><td {cell}>a = {tp} (true positives)</td>"
            f"<td {cell}>b = {fp} (false positives)</td><td {cell}>{tp + fp}</td></tr>"
            f"<tr><th scope='row' {head}>Test negative</th><td {cell}>c = {fn} (false negatives)</td>"
            f"<td {cell}>d = {tn} (true negatives)</td><td {cell}>{fn + tn}</td></tr>"
            f"<tr><th scope='row' {head}>Total</th><td {cell}>{tp + fn}</td><td {cell}>{fp + tn}</td>"
            f"<td {cell}>{m['n']}</td></tr>")
    measures = [("Prevalence in this table", "(a + c) / total", _pct(m["prevalence"])),
                ("Sensitivity", "a / (a + c)", _pct(m["sensitivity"])),
                ("Specificity", "d / (b + d)", _pct(m["specificity"])),
                ("Positive predictive value (PPV)", "a / (a + b)", _pct(m["ppv"])),
                ("Negative predictive value (NPV)", "d / (c + d)", _pct(m["npv"])),
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
    return (f"In this table prevalence is {_pct(m['prevalence'])}; sensitivity {_pct(m['sensitivity'])}, "
            f"specificity {_pct(m['specificity'])}. A positive result is right {_pct(m['ppv'])} of the time (PPV) "
            f"and a negative one {_pct(m['npv'])} of the time (NPV). The same test where prevalence is "
            f"{100 * other_prevalence:.0f}% would have PPV {_pct(float(ppv2))} and NPV {_pct(float(npv2))}: "
            "the curves show predictive values falling and rising with prevalence while sensitivity and "
            "specificity stay the same.")


def diagnostic_figure(tp=DEFAULT_TABLE["tp"], fp=DEFAULT_TABLE["fp"], fn=DEFAULT_TABLE["fn"],
                      tn=DEFAULT_TABLE["tn"], other_prevalence=0.05):
    """PPV and NPV against prevalence for the table's sensitivity and specificity (FigureWidget)."""
    import plotly.graph_objects as go

    from . import style

    style.use()
    fig = go.Figure()
    fig.add_trace(go.Scatter(name="PPV: chance a positive result is right", mode="lines",
                             line=dict(color=style.PALETTE["blue"], width=3),
                             hovertemplate="prevalence %{x:.0f}%: PPV %{y:.1f}%<extra></extra>"))
    fig.add_trace(go.Scatter(name="NPV: chance a negative result is right", mode="lines",
                             line=dict(color=style.PALETTE["orange"], width=3, dash="dash"),
                             hovertemplate="prevalence %{x:.0f}%: NPV %{y:.1f}%<extra></extra>"))
    fig.add_trace(go.Scatter(name="this table", mode="markers+text", textposition="middle right",
                             marker=dict(symbol="circle", size=13, color="#000"),
                             hovertemplate="this table: %{y:.1f}%<extra></extra>"))
    fig.add_trace(go.Scatter(name="the other setting", mode="markers+text", textposition="middle left",
                             marker=dict(symbol="diamond", size=14, color=style.PALETTE["vermillion"],
                                         line=dict(color="#000", width=1)),
                             hovertemplate="other setting: %{y:.1f}%<extra></extra>"))
    fig.update_xaxes(title_text="prevalence: share of the people tested who have the condition (%)", range=[0, 100])
    fig.update_yaxes(title_text="predictive value (%)", range=[0, 104])
    fig.update_layout(title="Same test, different settings: predictive values depend on prevalence",
                      height=430, legend=dict(orientation="h", x=0, y=-0.22, yanchor="top"),
                      margin=dict(l=60, r=20, t=60, b=100))
    update_diagnostic_figure(fig, tp, fp, fn, tn, other_prevalence)
    return _widget(fig)


def update_diagnostic_figure(fig, tp, fp, fn, tn, other_prevalence) -> None:
    m = two_by_two(tp, fp, fn, tn)
    ok = not (math.isnan(m["sensitivity"]) or math.isnan(m["specificity"]))
    with fig.batch_update():
        if ok:
            ppv, npv = predictive_values(m["sensitivity"], m["specificity"], PREVALENCE_GRID)
            fig.data[0].x, fig.data[1].x = _GRID_X, _GRID_X
            fig.data[0].y = np.round(100 * ppv, 3).tolist()
            fig.data[1].y = np.round(100 * npv, 3).tolist()
            here = [m["prevalence"]] * 2
            vals = [m["ppv"], m["npv"]]
            fig.data[2].x = [100 * p for p in here]
            fig.data[2].y = [100 * v for v in vals]
            fig.data[2].text = [f"PPV {_pct(vals[0])}", f"NPV {_pct(vals[1])}"]
            p2, n2 = predictive_values(m["sensitivity"], m["specificity"], other_prevalence)
            fig.data[3].x = [100 * other_prevalence] * 2
            fig.data[3].y = [100 * float(p2), 100 * float(n2)]
            fig.data[3].text = [f"PPV {_pct(float(p2))}", f"NPV {_pct(float(n2))}"]
            fig.data[2].textposition = "middle right" if m["prevalence"] < 0.75 else "middle left"
            fig.data[3].textposition = "middle right" if other_prevalence < 0.75 else "middle left"
        else:
            for i in range(4):
                fig.data[i].y = []
            fig.data[2].x = fig.data[3].x = []


def diagnostic_playground():
    """The diagnostic accuracy playground (a backmice.widgets tool)."""
    import ipywidgets as w

    from .widgets import summary_html, tool

    st = {"description_width": "17em"}
    lay = {"width": "26em"}
    tp = w.BoundedIntText(value=DEFAULT_TABLE["tp"], min=0, max=100000, description="a: true positives",
                          style=st, layout=lay)
    fp = w.BoundedIntText(value=DEFAULT_TABLE["fp"], min=0, max=100000, description="b: false positives",
                          style=st, layout=lay)
    fn = w.BoundedIntText(value=DEFAULT_TABLE["fn"], min=0, max=100000, description="c: false negatives",
                          style=st, layout=lay)
    tn = w.BoundedIntText(value=DEFAULT_TABLE["tn"], min=0, max=100000, description="d: true negatives",
                          style=st, layout=lay)
    other = w.FloatSlider(value=0.05, min=0.01, max=0.99, step=0.01, readout_format=".0%",
                          description="Prevalence in another setting:", style=st, layout={"width": "40em"})
    fig = diagnostic_figure(tp.value, fp.value, fn.value, tn.value, other.value)
    table = w.HTML(table_html(tp.value, fp.value, fn.value, tn.value))
    box = tool("Diagnostic accuracy playground", [tp, fp, fn, tn, other], figure=fig,
               summary=diagnostic_summary(tp.value, fp.value, fn.value, tn.value, other.value), extra=(table,))

    def refresh(_=None):
        args = (tp.value, fp.value, fn.value, tn.value)
        update_diagnostic_figure(fig, *args, other.value)
        table.value = table_html(*args)
        box.summary.value = summary_html(diagnostic_summary(*args, other.value))

    for c in box.controls:
        c.observe(refresh, names="value")
    box.table = table
    return box


# =============================================================================================
# 4. Rate a web page
# =============================================================================================

@lru_cache(maxsize=1)
def webpages() -> dict:
    """The fictional pages, the JAMA benchmarks and the DISCERN subset (validated)."""
    data = paths.read_yaml(paths.assets() / "data" / "evidence_webpages.yaml")
    jama_ids = [b["id"] for b in data["jama"]]
    discern_ids = [q["id"] for q in data["discern"]]
    if len(jama_ids) != 4:
        raise ValueError("the JAMA benchmarks are four")
    if len(discern_ids) > 16:
        raise ValueError("DISCERN has 16 questions at most")
    for page in data["pages"]:
        course = page["course"]
        if set(course["jama"]) != set(jama_ids) or set(course["discern"]) != set(discern_ids):
            raise ValueError(f"page {page['id']}: the course must rate every criterion")
        for q in course["discern"].values():
            if set(q) != {"score", "why"} or q["score"] not in (1, 2, 3, 4, 5):
                raise ValueError(f"page {page['id']}: each DISCERN rating is a score from 1 to 5 and a why")
        for b in course["jama"].values():
            if set(b) != {"met", "why"} or not isinstance(b["met"], bool) or not b["why"]:
                raise ValueError(f"page {page['id']}: each JAMA rating is met (true/false) and a why")
        if not page.get("flaws"):
            raise ValueError(f"page {page['id']}: list its flaws")
        if not all(isinstance(f, str) for f in page["flaws"]):
            raise ValueError(f"page {page['id']}: every flaw must be text (quote a flaw that contains ': ')")
    return data


def page(page_id: str) -> dict:
    return next(p for p in webpages()["pages"] if p["id"] == page_id)


def page_html(p: dict) -> str:
    """A fictional page drawn as a small browser window, with the 'fictional' notice on top."""
    notice = html.escape(webpages()["notice"])
    paras = "".join(f"<p style='margin:6px 0'>{html.escape(x)}</p>" for x in p["paragraphs"])
    links = "".join(f"<p style='margin:6px 0'><span style='background:#0072B2;color:white;padding:3px 8px;"
                    f"border-radius:4px'>{html.escape(x)} \u2192</span></p>" for x in p.get("links", []))
    refs = ""
    if p.get("references"):
        refs = ("<p style='margin:8px 0 2px'><b>References</b></p><ol style='margin:0;font-size:90%'>"
                + "".join(f"<li>{html.escape(r)}</li>" for r in p["references"]) + "</ol>")
    date = html.escape(p["date"]) if p.get("date") else "<i>(no date shown)</i>"
    return (f"<div class='bm-fictional-page' style='border:2px solid #666;border-radius:6px;max-width:54em'>"
            f"<div role='note' style='background:#FFF3C4;border-bottom:2px solid #E69F00;padding:6px 10px'>"
            f"<b>\u26a0 FICTIONAL PAGE.</b> {notice}</div>"
            f"<div style='background:#eee;padding:4px 10px;font-family:monospace;font-size:90%'>"
            f"Address: {html.escape(p['address'])}</div>"
            f"<div style='padding:6px 14px 10px'><p style='margin:4px 0;color:#555'>{html.escape(p['site'])}</p>"
            f"<h3 style='margin:6px 0'>{html.escape(p['title'])}</h3>"
            f"<p style='margin:2px 0;color:#444;font-size:92%'>{html.escape(p['byline'])} \u00b7 {date}</p>"
            f"{paras}{links}{refs}<p style='margin:8px 0 0;color:#666;font-size:85%'>{html.escape(p['footer'])}</p>"
            f"</div></div>")


def jama_score(ratings: dict[str, bool]) -> int:
    """JAMA benchmark total (0-4): one point per benchmark met."""
    ids = [b["id"] for b in webpages()["jama"]]
    unknown = set(ratings) - set(ids)
    if unknown:
        raise ValueError(f"unknown JAMA benchmarks: {sorted(unknown)}")
    return sum(bool(ratings.get(i, False)) for i in ids)


def course_rating(page_id: str) -> tuple[dict[str, bool], dict[str, int]]:
    c = page(page_id)["course"]
    return ({k: bool(v["met"]) for k, v in c["jama"].items()},
            {k: int(v["score"]) for k, v in c["discern"].items()})


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
    jama_diff = [b["name"] for b in data["jama"] if bool(jama.get(b["id"], False)) != cj[b["id"]]]
    gaps = sorted(((abs(discern.get(q["id"], 3) - cd[q["id"]]), q) for q in data["discern"]),
                  key=lambda t: -t[0])
    big = [f"Q{q['number']} {q['short']}" for gap, q in gaps if gap >= 2]
    return {"jama_yours": jama_score(jama), "jama_course": sum(cj.values()),
            "jama_agree": len(data["jama"]) - len(jama_diff), "jama_differ": jama_diff,
            "discern_yours": sum(discern.get(q["id"], 3) for q in data["discern"]),
            "discern_course": sum(cd.values()), "discern_max": 5 * len(data["discern"]),
            "discern_far": big}


def rating_summary(page_id: str, jama: dict[str, bool], discern: dict[str, int], revealed: bool) -> str:
    r = compare_ratings(page_id, jama, discern)
    n = len(webpages()["discern"])
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
    c = p["course"]
    met = {True: "\u2713 met", False: "\u2717 not met"}
    jrows = "".join(f"<li><b>{html.escape(b['name'])}: {met[bool(c['jama'][b['id']]['met'])]}."
                    f"</b> {html.escape(c['jama'][b['id']]['why'])}</li>" for b in data["jama"])
    drows = "".join(f"<li><b>Q{q['number']} {html.escape(q['short'])}: {c['discern'][q['id']]['score']} of 5.</b> "
                    f"{html.escape(c['discern'][q['id']]['why'])}</li>" for q in data["discern"])
    flaws = "".join(f"<li>{html.escape(f)}</li>" for f in p["flaws"])
    return (f"<div role='status' aria-live='polite' style='border-left:4px solid #E69F00;padding:4px 12px'>"
            f"<p><b>The course's rating and reasons</b></p><p><b>JAMA benchmarks</b></p><ul>{jrows}</ul>"
            f"<p><b>DISCERN (the questions used here)</b></p><ul>{drows}</ul>"
            f"<p><b>What is wrong with this page, and what the sources say</b></p><ul>{flaws}</ul></div>")


def rating_figure(page_id: str | None = None):
    """Your rating and the course's, side by side (FigureWidget; the course's bars start hidden)."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from . import style

    style.use()
    data = webpages()
    page_id = page_id or data["pages"][0]["id"]
    jn = [b["name"] for b in data["jama"]][::-1]
    dn = [f"Q{q['number']} {q['short']}" for q in data["discern"]][::-1]
    fig = go.Figure(make_subplots(rows=1, cols=2, column_widths=[0.34, 0.66], horizontal_spacing=0.2,
                                        subplot_titles=("JAMA benchmarks (1 = met)", "DISCERN questions used here (1-5)")))
    blue, orange = style.PALETTE["blue"], style.PALETTE["orange"]
    for col, names in ((1, jn), (2, dn)):
        fig.add_trace(go.Bar(name="your rating", orientation="h", marker=dict(color=blue),
                             textposition="outside", showlegend=col == 1, cliponaxis=False, textfont=dict(size=13), constraintext="none",
                             hovertemplate="%{y}: you %{x}<extra></extra>"), row=1, col=col)
        fig.add_trace(go.Bar(name="course's rating", orientation="h", visible=False,
                             marker=dict(color=orange, pattern=dict(shape="/", fgcolor="#333", fillmode="overlay")),
                             textposition="outside", showlegend=col == 1, cliponaxis=False, textfont=dict(size=13), constraintext="none",
                             hovertemplate="%{y}: course %{x}<extra></extra>"), row=1, col=col)
    fig.update_xaxes(range=[0, 1.35], tickvals=[0, 1], ticktext=["0", "1"], row=1, col=1)
    fig.update_xaxes(range=[0, 5.9], tickvals=[1, 2, 3, 4, 5], row=1, col=2)
    fig.update_layout(barmode="group", bargap=0.25, height=440, margin=dict(l=120, r=20, t=60, b=80),
                      legend=dict(orientation="h", x=0, y=-0.12, yanchor="top"))
    update_rating_figure(fig, {}, {})
    return _widget(fig)


def update_rating_figure(fig, jama: dict[str, bool], discern: dict[str, int], course=None) -> None:
    data = webpages()
    jn = [b["name"] for b in data["jama"]][::-1]
    dn = [f"Q{q['number']} {q['short']}" for q in data["discern"]][::-1]
    jy = [int(bool(jama.get(b["id"], False))) for b in data["jama"]][::-1]
    dy = [int(discern.get(q["id"], 3)) for q in data["discern"]][::-1]
    with fig.batch_update():
        for i, names in ((0, jn), (1, jn), (2, dn), (3, dn)):
            fig.data[i].y = names
        fig.data[0].x, fig.data[0].text = jy, [str(v) for v in jy]
        fig.data[2].x, fig.data[2].text = dy, [str(v) for v in dy]
        if course is None:
            fig.data[1].visible = fig.data[3].visible = False
        else:
            cj, cd = course
            cjy = [int(cj[b["id"]]) for b in data["jama"]][::-1]
            cdy = [int(cd[q["id"]]) for q in data["discern"]][::-1]
            fig.data[1].x, fig.data[1].text = cjy, [str(v) for v in cjy]
            fig.data[3].x, fig.data[3].text = cdy, [str(v) for v in cdy]
            fig.data[1].visible = fig.data[3].visible = True


def webpage_rater():
    """Rate a fictional web page, then compare with the course (a backmice.widgets tool)."""
    import ipywidgets as w

    from .widgets import summary_html, tool

    data = webpages()
    pick = w.Dropdown(options=[(p["menu"], p["id"]) for p in data["pages"]], value=data["pages"][0]["id"],
                      description="Page:", layout={"width": "34em"})
    view = w.HTML(page_html(page(pick.value)))
    jama = {b["id"]: w.Checkbox(value=False, description=f"{b['name']}: {b['question']}", indent=False,
                                layout={"width": "auto"}) for b in data["jama"]}
    discern = {q["id"]: w.IntSlider(value=3, min=1, max=5, step=1, description=f"Q{q['number']} {q['short']}:",
                                    style={"description_width": "12em"}, layout={"width": "26em"})
               for q in data["discern"]}
    compare = w.Button(description="Compare with the course", icon="balance-scale", button_style="",
                       layout={"width": "auto"}, tooltip="Show the course's rating and its reasons")
    reasons = w.HTML("")
    fig = rating_figure(pick.value)
    state = {"revealed": False}

    def ratings():
        return ({k: c.value for k, c in jama.items()}, {k: s.value for k, s in discern.items()})

    controls = [pick, *jama.values(), *discern.values(), compare]
    box = tool("Rate a web page: JAMA benchmarks and DISCERN", controls, figure=fig,
               summary=rating_summary(pick.value, *ratings(), False), extra=(reasons,))

    def refresh(_=None):
        j, d = ratings()
        course = course_rating(pick.value) if state["revealed"] else None
        update_rating_figure(fig, j, d, course)
        box.summary.value = summary_html(rating_summary(pick.value, j, d, state["revealed"]))

    def on_page(_=None):
        state["revealed"] = False
        view.value = page_html(page(pick.value))
        reasons.value = ""
        for c in jama.values():
            c.value = False
        for s in discern.values():
            s.value = 3
        refresh()

    def on_compare(_=None):
        state["revealed"] = True
        reasons.value = reasons_html(pick.value)
        refresh()

    pick.observe(on_page, names="value")
    for c in [*jama.values(), *discern.values()]:
        c.observe(refresh, names="value")
    compare.on_click(on_compare)

    # Layout: the page first, then the rating form, then the comparison (tool() puts controls first).
    questions = w.VBox([w.HBox([s, w.HTML(f"<span style='line-height:28px'>{html.escape(q['question'])}</span>")])
                        for q, s in zip(data["discern"], discern.values())])
    form = w.VBox([w.HTML("<b>Your rating.</b> JAMA benchmarks: tick each one the page meets."),
                   *jama.values(),
                   w.HTML("<b>DISCERN</b> (9 of its 16 questions, paraphrased): 1 = no, 2 to 4 = partly, 5 = yes."),
                   questions, compare])
    heading, summary = box.children[0], box.summary
    box.children = (heading, pick, view, form, fig, summary, reasons) + ((box.labeller,) if box.labeller else ())
    box.pick, box.view, box.jama, box.discern, box.compare, box.reasons = pick, view, jama, discern, compare, reasons
    box.state = state
    return box
