"""Lesson 05, the figures: plotly builders and the updaters the tools call when a control moves.

Each builder returns a complete figure widget (``backmice.widgets.figure_widget``), built in one
go from plain dicts (traces and a layout): plotly's figure classes validate every property each
time a trace is added or the layout updated, and ``make_subplots`` is a module of its own to
import; that was most of the lesson's figure time. Tests build every figure fully validated
(``BACKMICE_VALIDATE_FIGURES``), so a mistake in a dict still fails them. Figures are filled in
before they are wrapped, because in JupyterLab plotly 7's FigureWidget lost data (x values, or
whole traces) when a trace was changed before the widget was first shown. Changes made later, by
the learner's controls, are drawn normally; what changes is computed by one function per figure
(``_rtm_changes`` ...), used both to fill the new figure and by its updater. Data sent to a figure
are plain lists: numpy arrays were drawn wrongly in JupyterLab.
"""

from __future__ import annotations

import html
import math
import textwrap

import numpy as np

from .. import style
from ..widgets import figure_widget, subplot_grid
from .model import (DEFAULT_TABLE, DESIGNS, PREVALENCE_GRID, SCATTER_MAX, USUAL_MEAN, Study, TrialResult,
                    design_counts, label_sides, map_groups, marker_size, pct, predictive_values, pts,
                    rtm_box_text, simulate_trial, studies, two_by_two, webpages)


def _apply(changes, traces: list[dict]) -> None:
    """Write ``changes`` ((trace index, property, value), ...) into a new figure's trace dicts."""
    for i, key, value in changes:
        traces[i][key] = value[:] if isinstance(value, list) else value   # no list shared between traces


def _update(fig, changes) -> None:
    """Make ``changes`` ((trace index, property, value), ...) to a shown figure, in one message."""
    with fig.batch_update():
        data = fig.data
        for i, key, value in changes:
            setattr(data[i], key, value)


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


def _rtm_changes(result: TrialResult) -> list[tuple]:
    """What the simulator's figure shows of ``result``: (trace index, property, value), in order.

    Every trace stays visible: a group with nobody in it (the control arm of a single-arm study,
    the enrolled when the threshold is above everyone) is one point without coordinates, drawn as
    nothing. Switching a trace's visibility, or emptying it, made plotly.js redraw the whole figure
    (the study-design toggle: 79-140 ms in the page); a change of coordinates redraws those traces
    alone. The legend keeps its keys to the symbols whether or not any are drawn."""
    groups, treated, control = _rtm_traces(result)
    out = []
    for i, g in enumerate((0, 1, 2)):
        xs, ys = groups[g]
        out += [(i, "x", xs or [None]), (i, "y", ys or [None])]
    out += [(3, "x", [0, 1]), (3, "y", treated),
            (3, "text", [f"treated {pts(v)}" if not math.isnan(v) else "" for v in treated]),
            (4, "x", [0, 1]), (4, "y", control),
            (4, "text", [f"control {pts(v)}" if v is not None and not math.isnan(v) else "" for v in control]),
            (5, "x", [result.threshold] * 2),
            (6, "text", [f"<b>{rtm_box_text(result)}</b>"])]
    return out


def rtm_figure(result: TrialResult | None = None):
    """The simulator's figure (a figure widget): each person on the left, group averages on the right."""
    style.use()
    result = result or simulate_trial()
    axes, titles, _ = subplot_grid(1, 2, column_widths=[0.52, 0.48], horizontal_spacing=0.12, titles=(
        f"Each person (first {SCATTER_MAX} screened)", "Average pain of those enrolled"))
    grey, blue, orange = style.NEUTRAL, style.PALETTE["blue"], style.PALETTE["orange"]
    left, right = {"xaxis": "x", "yaxis": "y"}, {"xaxis": "x2", "yaxis": "y2"}
    traces = [
        {"type": "scatter", "name": "not enrolled", "mode": "markers",
         "marker": {"color": grey, "size": 5, "opacity": 0.45, "symbol": "circle-open"},
         "hovertemplate": "screening %{x:.1f}, follow-up %{y:.1f}<extra>not enrolled</extra>", **left},
        {"type": "scatter", "name": "enrolled, treated", "mode": "markers",
         "marker": {"color": blue, "size": 7, "symbol": "circle", "line": {"color": "white", "width": 0.5}},
         "hovertemplate": "screening %{x:.1f}, follow-up %{y:.1f}<extra>treated</extra>", **left},
        {"type": "scatter", "name": "enrolled, control (with a control arm)", "mode": "markers",
         "marker": {"color": orange, "size": 7, "symbol": "square", "line": {"color": "#333", "width": 0.5}},
         "hovertemplate": "screening %{x:.1f}, follow-up %{y:.1f}<extra>control</extra>", **left},
        # numeric positions 0 and 1 with tick labels (a categorical axis was lost in JupyterLab)
        {"type": "scatter", "name": "treated arm (average)", "mode": "lines+markers+text",
         "line": {"color": blue, "width": 4}, "marker": {"size": 14, "symbol": "circle"},
         "textposition": ["top center", "middle right"], "textfont": {"size": 14, "color": blue},
         "hovertemplate": "treated arm: %{y:.2f}<extra></extra>", "showlegend": True, **right},
        {"type": "scatter", "name": "control arm (average)", "mode": "lines+markers+text",
         "line": {"color": orange, "width": 4, "dash": "dash"}, "marker": {"size": 14, "symbol": "square"},
         "textposition": ["bottom center", "bottom right"], "textfont": {"size": 14, "color": "#8a5a00"},
         "hovertemplate": "control arm: %{y:.2f}<extra></extra>", "showlegend": True, **right},
        # What the sliders move is drawn with traces, not layout shapes or annotations: the course's
        # figure widget redraws changed scatter traces alone, while a moved shape or a changed annotation
        # makes plotly.js recompute and redraw the whole figure (backmice/figure.py).
        # trace 5: the threshold and its label
        {"type": "scatter", "y": [0, 10], "mode": "lines+text", "name": "enrolment threshold",
         "text": ["", "enrolment threshold"], "textposition": "top left", "cliponaxis": False,
         "textfont": {"size": 12, "color": style.BAD}, "line": {"color": style.BAD, "width": 2, "dash": "dash"},
         "hoverinfo": "skip", "showlegend": False, **left},
        # trace 6: the one-line result at the top of the right panel
        {"type": "scatter", "x": [0.75], "y": [9.6], "mode": "text", "name": "result", "cliponaxis": False,
         "textfont": {"size": 13, "color": "#1a1a1a", "shadow": "1px 1px 2px white"},
         "hoverinfo": "skip", "showlegend": False, **right},
    ]
    _apply(_rtm_changes(result), traces)
    axes["xaxis"].update(title={"text": "pain at screening (0-10)"}, range=[0, 10.2], dtick=2)
    axes["yaxis"].update(title={"text": "pain at follow-up (0-10)"}, range=[0, 10.4], dtick=2)
    axes["xaxis2"].update(range=[-0.45, 1.95], tickvals=[0, 1], ticktext=["at enrolment", "at follow-up"],
                          showgrid=False)
    axes["yaxis2"].update(title={"text": "average pain (0-10)"}, range=[3, 10], dtick=1)
    layout = {
        **axes,
        "annotations": titles + [
            {"x": 9.9, "y": 0.35, "text": "below the dotted diagonal: pain fell", "showarrow": False,
             "xanchor": "right", "font": {"size": 12, "color": "#444"}, "bgcolor": "rgba(255,255,255,0.8)",
             "xref": "x", "yref": "y"},
            {"x": 0.75, "y": USUAL_MEAN, "text": "average usual pain of everyone screened", "showarrow": False,
             "yanchor": "top", "font": {"size": 12, "color": "#555"}, "xref": "x2", "yref": "y2"}],
        # the no-change diagonal, and everyone's average usual pain
        "shapes": [{"type": "line", "x0": 0, "y0": 0, "x1": 10, "y1": 10,
                    "line": {"color": "#444", "width": 1, "dash": "dot"}, "xref": "x", "yref": "y"},
                   {"type": "line", "x0": -0.45, "x1": 1.95, "y0": USUAL_MEAN, "y1": USUAL_MEAN,
                    "line": {"color": grey, "width": 2, "dash": "dot"}, "xref": "x2", "yref": "y2"}],
        "height": 470, "margin": {"l": 60, "r": 20, "t": 60, "b": 90},
        "legend": {"orientation": "h", "x": 0, "y": -0.2, "yanchor": "top"}}
    return figure_widget(traces, layout)


def update_rtm_figure(fig, result: TrialResult) -> None:
    _update(fig, _rtm_changes(result))


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
    """The evidence map as a vertical timeline (a figure widget): one column per design, years
    running down. Traces: 4 marker groups, the second n of conflicting studies (rings), and the
    highlight of the selected study (last)."""
    style.use()
    items = studies()
    sides = label_sides(items)
    blue, red = style.PALETTE["blue"], style.PALETTE["vermillion"]
    look = {("verified", True): ("circle", blue, "primary text seen"),
            ("reported", True): ("circle-open", blue, "reported (later summary only)"),
            ("verified", False): ("diamond", red, "primary text seen, n not given"),
            ("reported", False): ("diamond-open", red, "reported, n not given")}
    traces = []
    for (status, known), sel in map_groups(items).items():
        symbol, colour, name = look[(status, known)]
        traces.append({
            "type": "scatter", "name": name, "mode": "markers+text", "x": [s.column for s in sel],
            "y": [s.year for s in sel], "text": [s.label + (" \u26a0" if s.conflict else "") for s in sel],
            "textposition": [sides[s.key] for s in sel], "textfont": {"size": 11, "color": "#222"},
            "marker": {"symbol": symbol, "size": [marker_size(s.n) for s in sel], "color": colour, "opacity": 0.9,
                       "line": {"color": colour if "open" in symbol else "#222",
                                "width": 2 if "open" in symbol else 1}},
            "customdata": [[s.label, s.design, s.n_text,
                            _hover(s.appraisal + (" \u26a0 " + s.conflict if s.conflict else ""))] for s in sel],
            "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]}, %{customdata[2]}<br>%{customdata[3]}"
                             "<extra></extra>"})
    conflicted = [s for s in items if s.n_alt is not None]
    traces.append({
        "type": "scatter", "name": "second count (\u26a0 sources disagree)", "mode": "markers",
        "x": [s.column for s in conflicted], "y": [s.year for s in conflicted],
        "marker": {"symbol": "circle-open-dot", "size": [marker_size(s.n_alt) for s in conflicted],
                   "color": red, "line": {"width": 2}},
        "customdata": [[s.label, _hover(s.conflict)] for s in conflicted],
        "hovertemplate": "<b>%{customdata[0]}</b><br>\u26a0 %{customdata[1]}<extra></extra>"})
    first = next((s for s in items if s.key == selected), items[0])
    traces.append({"type": "scatter", "name": "selected study", "mode": "markers", "x": [first.column],
                   "y": [first.year], "marker": {"symbol": "square-open", "size": 40, "color": "#000",
                                                 "line": {"width": 3}},
                   "hoverinfo": "skip", "showlegend": False})
    counts = design_counts(items)
    layout = {
        # the years before 1967, shaded across the whole width
        "shapes": [{"type": "rect", "x0": 0, "x1": 1, "xref": "x domain", "y0": 1929, "y1": 1966.5, "yref": "y",
                    "fillcolor": "#999", "opacity": 0.10, "line": {"width": 0}}],
        "annotations": [{"x": 4.25, "y": 1931, "text": "before 1967", "showarrow": False, "xanchor": "right",
                         "yanchor": "top", "font": {"size": 12, "color": "#555"}}],
        "xaxis": {"tickvals": list(range(len(DESIGNS))), "side": "top", "showgrid": True,
                  "ticktext": [f"<b>{COLUMN_NAMES[d]}</b><br>({counts[d]})" for d in DESIGNS],
                  "range": [-1.3, 4.3], "tickangle": 0},
        "yaxis": {"title": {"text": "year of publication"}, "range": [2027, 1929], "dtick": 10, "showgrid": True},
        "title": {"text": "Back-mice studies by design and year", "y": 0.995, "yanchor": "top"},
        "height": 900, "margin": {"l": 70, "r": 20, "t": 130, "b": 90},
        "legend": {"orientation": "h", "x": 0, "y": -0.02, "yanchor": "top", "font": {"size": 13},
                   "title": {"text": "Bigger marker = more people.<br>", "side": "top"}}}
    return figure_widget(traces, layout)


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


def _diagnostic_changes(tp, fp, fn, tn, other_prevalence) -> list[tuple]:
    """What the playground's figure shows of a table: (trace index, property, value), in order."""
    m = two_by_two(tp, fp, fn, tn)
    if math.isnan(m["sensitivity"]) or math.isnan(m["specificity"]):
        return [(i, "y", []) for i in range(4)] + [(2, "x", []), (3, "x", [])]
    ppv, npv = predictive_values(m["sensitivity"], m["specificity"], PREVALENCE_GRID)
    here = [m["prevalence"]] * 2
    vals = [m["ppv"], m["npv"]]
    p2, n2 = predictive_values(m["sensitivity"], m["specificity"], other_prevalence)
    return [(0, "x", _GRID_X), (1, "x", _GRID_X),
            (0, "y", np.round(100 * ppv, 3).tolist()), (1, "y", np.round(100 * npv, 3).tolist()),
            (2, "x", [100 * p for p in here]), (2, "y", [100 * v for v in vals]),
            (2, "text", [f"PPV {pct(vals[0])}", f"NPV {pct(vals[1])}"]),
            (3, "x", [100 * other_prevalence] * 2), (3, "y", [100 * float(p2), 100 * float(n2)]),
            (3, "text", [f"PPV {pct(float(p2))}", f"NPV {pct(float(n2))}"]),
            (2, "textposition", "middle right" if m["prevalence"] < 0.75 else "middle left"),
            (3, "textposition", "middle right" if other_prevalence < 0.75 else "middle left")]


def diagnostic_figure(tp=DEFAULT_TABLE["tp"], fp=DEFAULT_TABLE["fp"], fn=DEFAULT_TABLE["fn"],
                      tn=DEFAULT_TABLE["tn"], other_prevalence=0.05):
    """PPV and NPV against prevalence for the table's sensitivity and specificity (a figure widget)."""
    style.use()
    traces = [
        {"type": "scatter", "name": "PPV: chance a positive result is right", "mode": "lines",
         "line": {"color": style.PALETTE["blue"], "width": 3},
         "hovertemplate": "prevalence %{x:.0f}%: PPV %{y:.1f}%<extra></extra>"},
        {"type": "scatter", "name": "NPV: chance a negative result is right", "mode": "lines",
         "line": {"color": style.PALETTE["orange"], "width": 3, "dash": "dash"},
         "hovertemplate": "prevalence %{x:.0f}%: NPV %{y:.1f}%<extra></extra>"},
        {"type": "scatter", "name": "this table", "mode": "markers+text", "textposition": "middle right",
         "marker": {"symbol": "circle", "size": 13, "color": "#000"},
         "hovertemplate": "this table: %{y:.1f}%<extra></extra>"},
        {"type": "scatter", "name": "the other setting", "mode": "markers+text", "textposition": "middle left",
         "marker": {"symbol": "diamond", "size": 14, "color": style.PALETTE["vermillion"],
                    "line": {"color": "#000", "width": 1}},
         "hovertemplate": "other setting: %{y:.1f}%<extra></extra>"}]
    _apply(_diagnostic_changes(tp, fp, fn, tn, other_prevalence), traces)
    layout = {"xaxis": {"title": {"text": "prevalence: share of the people tested who have the condition (%)"},
                        "range": [0, 100]},
              "yaxis": {"title": {"text": "predictive value (%)"}, "range": [0, 104]},
              "title": {"text": "Same test, different settings: predictive values depend on prevalence"},
              "height": 430, "legend": {"orientation": "h", "x": 0, "y": -0.22, "yanchor": "top"},
              "margin": {"l": 60, "r": 20, "t": 60, "b": 100}}
    return figure_widget(traces, layout)


def update_diagnostic_figure(fig, tp, fp, fn, tn, other_prevalence) -> None:
    _update(fig, _diagnostic_changes(tp, fp, fn, tn, other_prevalence))


# =============================================================================================
# 4. Rate a web page
# =============================================================================================

def _rating_changes(jama: dict[str, bool], discern: dict[str, int], course=None) -> list[tuple]:
    """What the rating figure shows: (trace index, property, value), in order."""
    data = webpages()
    jn = [b.name for b in data.jama][::-1]
    dn = [q.label for q in data.discern][::-1]
    jy = [int(bool(jama.get(b.id, False))) for b in data.jama][::-1]
    dy = [int(discern.get(q.id, 3)) for q in data.discern][::-1]
    out = [(0, "y", jn), (1, "y", jn), (2, "y", dn), (3, "y", dn),
           (0, "x", jy), (0, "text", [str(v) for v in jy]), (2, "x", dy), (2, "text", [str(v) for v in dy])]
    if course is None:
        return out + [(1, "visible", False), (3, "visible", False)]
    cj, cd = course
    cjy = [int(cj[b.id]) for b in data.jama][::-1]
    cdy = [int(cd[q.id]) for q in data.discern][::-1]
    return out + [(1, "x", cjy), (1, "text", [str(v) for v in cjy]), (3, "x", cdy),
                  (3, "text", [str(v) for v in cdy]), (1, "visible", True), (3, "visible", True)]


def rating_figure(page_id: str | None = None):
    """Your rating and the course's, side by side (a figure widget; the course's bars start hidden)."""
    style.use()
    axes, titles, _ = subplot_grid(1, 2, column_widths=[0.34, 0.66], horizontal_spacing=0.2, titles=(
        "JAMA benchmarks (1 = met)", "DISCERN questions used here (1-5)"))
    blue, orange = style.PALETTE["blue"], style.PALETTE["orange"]
    traces = []
    for col in (1, 2):
        where = {"xaxis": "x", "yaxis": "y"} if col == 1 else {"xaxis": "x2", "yaxis": "y2"}
        traces.append({"type": "bar", "name": "your rating", "orientation": "h", "marker": {"color": blue},
                       "textposition": "outside", "showlegend": col == 1, "cliponaxis": False,
                       "textfont": {"size": 13}, "constraintext": "none",
                       "hovertemplate": "%{y}: you %{x}<extra></extra>", **where})
        traces.append({"type": "bar", "name": "course's rating", "orientation": "h", "visible": False,
                       "marker": {"color": orange, "pattern": {"shape": "/", "fgcolor": "#333", "fillmode": "overlay"}},
                       "textposition": "outside", "showlegend": col == 1, "cliponaxis": False,
                       "textfont": {"size": 13}, "constraintext": "none",
                       "hovertemplate": "%{y}: course %{x}<extra></extra>", **where})
    _apply(_rating_changes({}, {}), traces)
    axes["xaxis"].update(range=[0, 1.35], tickvals=[0, 1], ticktext=["0", "1"])
    axes["xaxis2"].update(range=[0, 5.9], tickvals=[1, 2, 3, 4, 5])
    layout = {**axes,
              "annotations": titles,
              "barmode": "group", "bargap": 0.25, "height": 440, "margin": {"l": 120, "r": 20, "t": 60, "b": 80},
              "legend": {"orientation": "h", "x": 0, "y": -0.12, "yanchor": "top"}}
    return figure_widget(traces, layout)


def update_rating_figure(fig, jama: dict[str, bool], discern: dict[str, int], course=None) -> None:
    """Draw the learner's rating (ids -> met / score) and, with ``course`` (the pair
    ``model.course_rating`` returns), the course's bars beside it."""
    _update(fig, _rating_changes(jama, discern, course))
