"""Lesson 05, the figures: plotly builders and the updaters the tools call when a control moves.

Each builder returns a complete ``FigureWidget`` (``backmice.widgets.figure_widget``): figures
are filled in as plain figures and only then wrapped, because in JupyterLab plotly 7's
FigureWidget lost data (x values, or whole traces) when a trace was changed before the widget was
first shown. Changes made later, by the learner's controls, are drawn normally. Data sent to a
FigureWidget are plain lists: numpy arrays were drawn wrongly in JupyterLab.
"""

from __future__ import annotations

import html
import math
import textwrap

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import style
from ..widgets import figure_widget
from .model import (DEFAULT_TABLE, DESIGNS, PREVALENCE_GRID, SCATTER_MAX, USUAL_MEAN, Study, TrialResult,
                    design_counts, label_sides, map_groups, marker_size, pct, predictive_values, pts,
                    rtm_box_text, simulate_trial, studies, two_by_two, webpages)

# =============================================================================================
# 1. Regression to the mean
# =============================================================================================


def _rtm_traces(result: TrialResult):
    """Data for the figure's traces (pure; used at build time and by the callback)."""
    k = min(SCATTER_MAX, result.n_screened)
    s, f, a = result.screening[:k], result.follow_up[:k], result.arm[:k]
    groups = {g: (np.round(s[a == g], 3).tolist(), np.round(f[a == g], 3).tolist()) for g in (0, 1, 2)}
    before = [result.treated_before, result.treated_after]
    control = [result.control_before, result.control_after] if result.controlled else [None, None]
    return groups, before, control


def rtm_figure(result: TrialResult | None = None):
    """The simulator's figure (a FigureWidget): each person on the left, group averages on the right."""
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
    # What the sliders move is drawn with traces, not layout shapes or annotations: the course's
    # figure widget redraws changed scatter traces alone, while a moved shape or a changed annotation
    # makes plotly.js recompute and redraw the whole figure (backmice/figure.py).
    # trace 5: the threshold and its label
    fig.add_trace(go.Scatter(x=[result.threshold] * 2, y=[0, 10], mode="lines+text", name="enrolment threshold",
                             text=["", "enrolment threshold"], textposition="top left", cliponaxis=False,
                             textfont=dict(size=12, color=style.BAD), line=dict(color=style.BAD, width=2, dash="dash"),
                             hoverinfo="skip", showlegend=False), row=1, col=1)
    fig.add_shape(type="line", x0=-0.45, x1=1.95, y0=USUAL_MEAN, y1=USUAL_MEAN,
                  line=dict(color=grey, width=2, dash="dot"), row=1, col=2)
    fig.add_annotation(x=0.75, y=USUAL_MEAN, text="average usual pain of everyone screened", showarrow=False,
                       yanchor="top", font=dict(size=12, color="#555"), row=1, col=2)
    # trace 6: the one-line result at the top of the right panel
    fig.add_trace(go.Scatter(x=[0.75], y=[9.6], mode="text", text=[""], name="result", cliponaxis=False,
                             textfont=dict(size=13, color="#1a1a1a", shadow="1px 1px 2px white"),
                             hoverinfo="skip", showlegend=False), row=1, col=2)
    fig.update_xaxes(title_text="pain at screening (0-10)", range=[0, 10.2], dtick=2, row=1, col=1)
    fig.update_yaxes(title_text="pain at follow-up (0-10)", range=[0, 10.4], dtick=2, row=1, col=1)
    fig.update_xaxes(range=[-0.45, 1.95], tickvals=[0, 1], ticktext=["at enrolment", "at follow-up"],
                     showgrid=False, row=1, col=2)
    fig.update_yaxes(title_text="average pain (0-10)", range=[3, 10], dtick=1, row=1, col=2)
    fig.update_layout(height=470, margin=dict(l=60, r=20, t=60, b=90),
                      legend=dict(orientation="h", x=0, y=-0.2, yanchor="top"))
    update_rtm_figure(fig, result)
    return figure_widget(fig)


def update_rtm_figure(fig, result: TrialResult) -> None:
    groups, treated, control = _rtm_traces(result)
    with fig.batch_update():
        for i, g in enumerate((0, 1, 2)):
            fig.data[i].x, fig.data[i].y = groups[g]
        fig.data[2].visible = result.controlled
        fig.data[3].x, fig.data[3].y = [0, 1], treated
        fig.data[3].text = [f"treated {pts(v)}" if not math.isnan(v) else "" for v in treated]
        fig.data[4].x, fig.data[4].y = [0, 1], control
        fig.data[4].text = [f"control {pts(v)}" if v is not None and not math.isnan(v) else "" for v in control]
        fig.data[4].visible = result.controlled
        fig.data[5].x = [result.threshold] * 2
        fig.data[6].text = [f"<b>{rtm_box_text(result)}</b>"]


# =============================================================================================
# 2. The evidence map
# =============================================================================================

def _hover(text: str, width: int = 60) -> str:
    """Hover text in lines of at most ``width`` characters (words are not split), HTML-escaped."""
    lines = textwrap.wrap(" ".join(text.split()), width, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(html.escape(x) for x in lines)


# the map's columns, as their headings read
COLUMN_NAMES = {"Randomised controlled trial": "Randomised<br>trial", "Cross-sectional study": "Cross-<br>sectional",
                "Case series": "Case<br>series", "Case report": "Case<br>reports",
                "Narrative article or review": "Narrative<br>or review"}


def evidence_map_figure(selected: str | None = None):
    """The evidence map as a vertical timeline (a FigureWidget): one column per design, years
    running down. Traces: 4 marker groups, the second n of conflicting studies (rings), and the
    highlight of the selected study (last)."""
    style.use()
    items = studies()
    sides = label_sides(items)
    fig = go.Figure()
    blue, red = style.PALETTE["blue"], style.PALETTE["vermillion"]
    look = {("verified", True): ("circle", blue, "primary text seen"),
            ("reported", True): ("circle-open", blue, "reported (later summary only)"),
            ("verified", False): ("diamond", red, "primary text seen, n not given"),
            ("reported", False): ("diamond-open", red, "reported, n not given")}
    for (status, known), sel in map_groups(items).items():
        symbol, colour, name = look[(status, known)]
        fig.add_trace(go.Scatter(
            name=name, mode="markers+text", x=[s.column for s in sel], y=[s.year for s in sel],
            text=[s.label + (" \u26a0" if s.conflict else "") for s in sel],
            textposition=[sides[s.key] for s in sel], textfont=dict(size=11, color="#222"),
            marker=dict(symbol=symbol, size=[marker_size(s.n) for s in sel], color=colour, opacity=0.9,
                        line=dict(color=colour if "open" in symbol else "#222", width=2 if "open" in symbol else 1)),
            customdata=[[s.label, s.design, s.n_text,
                         _hover(s.appraisal + (" \u26a0 " + s.conflict if s.conflict else ""))] for s in sel],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}, %{customdata[2]}<br>%{customdata[3]}<extra></extra>"))
    conflicted = [s for s in items if s.n_alt is not None]
    fig.add_trace(go.Scatter(
        name="second count (\u26a0 sources disagree)", mode="markers",
        x=[s.column for s in conflicted], y=[s.year for s in conflicted],
        marker=dict(symbol="circle-open-dot", size=[marker_size(s.n_alt) for s in conflicted],
                    color=red, line=dict(width=2)),
        customdata=[[s.label, _hover(s.conflict)] for s in conflicted],
        hovertemplate="<b>%{customdata[0]}</b><br>\u26a0 %{customdata[1]}<extra></extra>"))
    first = next((s for s in items if s.key == selected), items[0])
    fig.add_trace(go.Scatter(name="selected study", mode="markers", x=[first.column], y=[first.year],
                             marker=dict(symbol="square-open", size=40, color="#000", line=dict(width=3)),
                             hoverinfo="skip", showlegend=False))
    fig.add_hrect(y0=1929, y1=1966.5, fillcolor="#999", opacity=0.10, line_width=0)
    fig.add_annotation(x=4.25, y=1931, text="before 1967", showarrow=False, xanchor="right",
                       yanchor="top", font=dict(size=12, color="#555"))
    counts = design_counts(items)
    fig.update_xaxes(tickvals=list(range(len(DESIGNS))), side="top", showgrid=True,
                     ticktext=[f"<b>{COLUMN_NAMES[d]}</b><br>({counts[d]})" for d in DESIGNS], range=[-1.3, 4.3],
                     tickangle=0)
    fig.update_yaxes(title_text="year of publication", range=[2027, 1929], dtick=10, showgrid=True)
    fig.update_layout(title=dict(text="Back-mice studies by design and year", y=0.995, yanchor="top"),
                      height=900, margin=dict(l=70, r=20, t=130, b=90),
                      legend=dict(orientation="h", x=0, y=-0.02, yanchor="top", font=dict(size=13),
                                  title=dict(text="Bigger marker = more people.<br>", side="top")))
    return figure_widget(fig)


def select_study(fig, study: Study) -> None:
    """Move the map's highlight (its last trace) to ``study``."""
    with fig.batch_update():
        fig.data[-1].x, fig.data[-1].y = [study.column], [study.year]


def filter_map(fig, items, show: str) -> None:
    """Show all studies (``show='all'``) or only those of one status, with their rings."""
    groups = map_groups(items)
    with fig.batch_update():
        for i, (status, _known) in enumerate(groups):
            fig.data[i].visible = show in ("all", status)
        ring_statuses = {s.status for s in items if s.n_alt is not None}
        fig.data[len(groups)].visible = show == "all" or show in ring_statuses   # the rings


# =============================================================================================
# 3. Diagnostic accuracy
# =============================================================================================

_GRID_X = np.round(100 * PREVALENCE_GRID, 3).tolist()


def diagnostic_figure(tp=DEFAULT_TABLE["tp"], fp=DEFAULT_TABLE["fp"], fn=DEFAULT_TABLE["fn"],
                      tn=DEFAULT_TABLE["tn"], other_prevalence=0.05):
    """PPV and NPV against prevalence for the table's sensitivity and specificity (FigureWidget)."""
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
    return figure_widget(fig)


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
            fig.data[2].text = [f"PPV {pct(vals[0])}", f"NPV {pct(vals[1])}"]
            p2, n2 = predictive_values(m["sensitivity"], m["specificity"], other_prevalence)
            fig.data[3].x = [100 * other_prevalence] * 2
            fig.data[3].y = [100 * float(p2), 100 * float(n2)]
            fig.data[3].text = [f"PPV {pct(float(p2))}", f"NPV {pct(float(n2))}"]
            fig.data[2].textposition = "middle right" if m["prevalence"] < 0.75 else "middle left"
            fig.data[3].textposition = "middle right" if other_prevalence < 0.75 else "middle left"
        else:
            for i in range(4):
                fig.data[i].y = []
            fig.data[2].x = fig.data[3].x = []


# =============================================================================================
# 4. Rate a web page
# =============================================================================================

def rating_figure(page_id: str | None = None):
    """Your rating and the course's, side by side (FigureWidget; the course's bars start hidden)."""
    style.use()
    fig = go.Figure(make_subplots(rows=1, cols=2, column_widths=[0.34, 0.66], horizontal_spacing=0.2,
                                  subplot_titles=("JAMA benchmarks (1 = met)", "DISCERN questions used here (1-5)")))
    blue, orange = style.PALETTE["blue"], style.PALETTE["orange"]
    for col in (1, 2):
        fig.add_trace(go.Bar(name="your rating", orientation="h", marker=dict(color=blue),
                             textposition="outside", showlegend=col == 1, cliponaxis=False, textfont=dict(size=13),
                             constraintext="none", hovertemplate="%{y}: you %{x}<extra></extra>"), row=1, col=col)
        fig.add_trace(go.Bar(name="course's rating", orientation="h", visible=False,
                             marker=dict(color=orange, pattern=dict(shape="/", fgcolor="#333", fillmode="overlay")),
                             textposition="outside", showlegend=col == 1, cliponaxis=False, textfont=dict(size=13),
                             constraintext="none", hovertemplate="%{y}: course %{x}<extra></extra>"), row=1, col=col)
    fig.update_xaxes(range=[0, 1.35], tickvals=[0, 1], ticktext=["0", "1"], row=1, col=1)
    fig.update_xaxes(range=[0, 5.9], tickvals=[1, 2, 3, 4, 5], row=1, col=2)
    fig.update_layout(barmode="group", bargap=0.25, height=440, margin=dict(l=120, r=20, t=60, b=80),
                      legend=dict(orientation="h", x=0, y=-0.12, yanchor="top"))
    update_rating_figure(fig, {}, {})
    return figure_widget(fig)


def update_rating_figure(fig, jama: dict[str, bool], discern: dict[str, int], course=None) -> None:
    """Draw the learner's rating (ids -> met / score) and, with ``course`` (the pair
    ``model.course_rating`` returns), the course's bars beside it."""
    data = webpages()
    jn = [b.name for b in data.jama][::-1]
    dn = [q.label for q in data.discern][::-1]
    jy = [int(bool(jama.get(b.id, False))) for b in data.jama][::-1]
    dy = [int(discern.get(q.id, 3)) for q in data.discern][::-1]
    with fig.batch_update():
        for i, names in ((0, jn), (1, jn), (2, dn), (3, dn)):
            fig.data[i].y = names
        fig.data[0].x, fig.data[0].text = jy, [str(v) for v in jy]
        fig.data[2].x, fig.data[2].text = dy, [str(v) for v in dy]
        if course is None:
            fig.data[1].visible = fig.data[3].visible = False
        else:
            cj, cd = course
            cjy = [int(cj[b.id]) for b in data.jama][::-1]
            cdy = [int(cd[q.id]) for q in data.discern][::-1]
            fig.data[1].x, fig.data[1].text = cjy, [str(v) for v in cjy]
            fig.data[3].x, fig.data[3].text = cdy, [str(v) for v in cdy]
            fig.data[1].visible = fig.data[3].visible = True
