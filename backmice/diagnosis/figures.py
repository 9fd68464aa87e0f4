"""The diagnosis figures (lessons 03 and 04): the Fagan nomogram, the differential explorer's
chart, and the static figures of the case series and of red flags. plotly only; no widgets."""

from __future__ import annotations

import math

import plotly.graph_objects as go

from .. import style
from ..widgets import figure_widget, static_figure_from, subplot_grid
from .model import (LR_TICKS, P_TICKS, Y_LIMIT, conditions, explore, fagan_points, logit, number, pct, post_test,
                    presentation)

# --- the Fagan nomogram ------------------------------------------------------------------------------


def fagan_figure(pre: float = 0.2, lr: float = 1.0):
    """The nomogram as a plotly FigureWidget; trace 4 is the line, trace 5 its labels (see update_fagan)."""
    style.use()
    ax_x, ax_y = [], []
    for x in (0, 1, 2):
        ax_x += [x, x, None]
        ax_y += [-Y_LIMIT, Y_LIMIT, None]
    left = [(-logit(v / 100), v) for v in P_TICKS]
    right = [(logit(v / 100), v) for v in P_TICKS]
    mid = [(math.log(v) / 2, v) for v in LR_TICKS]
    for x, ticks, d in ((0, left, -0.06), (1, mid, 0.06), (2, right, 0.06)):
        for y, _ in ticks:
            ax_x += [x, x + d, None]
            ax_y += [y, y, None]
    ink = "#333333"
    fig = go.Figure(layout=dict(
        height=640, margin=dict(l=10, r=10, t=70, b=20), showlegend=False,
        xaxis=dict(visible=False, range=[-0.75, 2.75], fixedrange=True),
        yaxis=dict(visible=False, range=[-Y_LIMIT - 0.5, Y_LIMIT + 0.5], fixedrange=True),
        title=dict(text="Fagan nomogram"),
        annotations=[dict(x=x, y=Y_LIMIT + 0.45, text=f"<b>{t}</b>", showarrow=False, xanchor="center",
                          yanchor="bottom", font=dict(size=14))
                     for x, t in ((0, "Pre-test probability (%)"), (1, "Likelihood ratio"),
                                  (2, "Post-test probability (%)"))]))
    fig.add_scatter(x=ax_x, y=ax_y, mode="lines", line=dict(color=ink, width=1.5), hoverinfo="skip")
    for x0, ticks, position in ((-0.08, left, "middle left"), (1.08, mid, "middle right"),
                                (2.08, right, "middle right")):
        fig.add_scatter(x=[x0] * len(ticks), y=[y for y, _ in ticks], mode="text", text=[f"{v:g}" for _, v in ticks],
                        textposition=position, textfont=dict(size=12, color=ink), hoverinfo="skip")
    line, text = _fagan_line(pre, lr)
    fig.add_scatter(mode="lines+markers", line=dict(color=style.PALETTE["blue"], width=3),
                    marker=dict(size=[11, 11, 13], symbol=["circle", "diamond", "square"],
                                color=style.PALETTE["blue"], line=dict(color="white", width=1)),
                    hoverinfo="text", **line)
    fig.add_scatter(mode="text", textfont=dict(size=13, color=style.PALETTE["blue"]), hoverinfo="skip", **text)
    return figure_widget(fig)


def _fagan_line(pre: float, lr: float) -> tuple[dict, dict]:
    """Data of the line trace and of its value labels."""
    xs, ys = fagan_points(pre, lr)
    post = post_test(pre, lr)
    line = dict(x=xs, y=ys, hovertext=[f"pre-test {pct(pre)}", f"likelihood ratio {lr:.3g}", f"post-test {pct(post)}"])
    text = dict(x=[-0.52, 1.35, 2.5], y=[y + 0.35 for y in ys],
                text=[f"<b>{pct(pre)}</b>", f"<b>LR {lr:.3g}</b>", f"<b>{pct(post)}</b>"])
    return line, text


def update_fagan(fig, pre: float, lr: float) -> None:
    """Move the line. The tool calls this only when (pre, lr) changed: an update sent before the
    widget is first shown inside a box can leave the line undrawn in JupyterLab (seen with
    plotly 7's FigureWidget)."""
    line, text = _fagan_line(pre, lr)
    with fig.batch_update():
        fig.data[4].update(line)
        fig.data[5].update(text)


# --- the differential explorer's chart ------------------------------------------------------------------


def explorer_traces(result: dict):
    """(supports, argues against): each x, y, text and hover lists of the chart's two traces."""
    short = {c.id: c.short for c in conditions()}
    sup, ag = ([], [], [], []), ([], [], [], [])
    for cid, r in result["rows"].items():
        for target, items, sign in ((sup, r["supports"], 1), (ag, r["against"], -1)):
            for k, (f, e) in enumerate(items, 1):
                target[0].append(sign * k)
                target[1].append(short[cid])
                target[2].append(str(number(f.id)))
                target[3].append(f"{number(f.id)}. {f.text}<br>{'supports' if sign > 0 else 'argues against'} "
                                 f"{short[cid]}")
    return sup, ag


def _reach(sup, ag) -> list[float]:
    r = max([abs(x) for x in sup[0] + ag[0]] + [3])
    return [-r - 0.6, r + 0.6]


def explorer_figure(ticked=()):
    """The chart of which conditions the ticked findings support or argue against (a FigureWidget)."""
    style.use()
    names = [c.short for c in conditions()]
    fig = go.Figure(layout=dict(
        height=600, margin=dict(l=200, r=20, t=60, b=70), showlegend=True,
        legend=dict(orientation="h", y=-0.1, x=0),
        title=dict(text="Which conditions the ticked findings support (\u25b2) or argue against (\u25bc)"),
        xaxis=dict(title="\u2190 argues against     |     supports \u2192", zeroline=True, zerolinewidth=2,
                   zerolinecolor="#333", range=[-3.5, 3.5], dtick=1, showticklabels=False),
        yaxis=dict(categoryorder="array", categoryarray=names[::-1], type="category", range=[-0.5, len(names) - 0.5],
                   tickmode="array", tickvals=names, ticktext=names)))
    (sx, sy, st, sh), (ax, ay, at, ah) = sup, ag = explorer_traces(explore(list(ticked)))
    fig.add_scatter(x=sx, y=sy, text=st, hovertext=sh, mode="markers+text", name="\u25b2 finding supports the condition",
                    marker=dict(symbol="triangle-up", size=20, color=style.GOOD, line=dict(color="white", width=1)),
                    textfont=dict(color="#000", size=13), textposition="middle right", hoverinfo="text")
    fig.add_scatter(x=ax, y=ay, text=at, hovertext=ah, mode="markers+text", name="\u25bc finding argues against it",
                    marker=dict(symbol="triangle-down", size=20, color=style.BAD, line=dict(color="white", width=1)),
                    textfont=dict(color="#000", size=13), textposition="middle left", hoverinfo="text")
    fig.add_scatter(x=[0] * len(names), y=names, mode="markers", marker=dict(opacity=0), showlegend=False,
                    hoverinfo="skip")  # keeps every condition on the axis
    fig.update_layout(xaxis_range=_reach(sup, ag))
    return figure_widget(fig)


def update_explorer(fig, result: dict) -> None:
    sup, ag = explorer_traces(result)
    with fig.batch_update():
        for trace, (xs, ys, texts, hovers) in zip(fig.data[:2], (sup, ag)):
            trace.x, trace.y, trace.text, trace.hovertext = xs, ys, texts, hovers
        fig.layout.xaxis.range = _reach(sup, ag)


# --- static figures -------------------------------------------------------------------------------------


def presentation_figure():
    """Lesson 03: what a case series of 35 people treated for back mice reported (Motyka 2000).
    Built from dicts in one go (:func:`backmice.widgets.subplot_grid`: make_subplots' layout)."""
    style.use()
    d = presentation()["motyka"]
    axes, titles, (top, bottom) = subplot_grid(
        2, 1, row_heights=[0.55, 0.45], vertical_spacing=0.3,
        titles=("Symptoms reported (% of the 35 patients)", "How long symptoms had lasted before treatment"))
    labels = [s["label"] for s in d["symptoms"]]
    values = [s["percent"] for s in d["symptoms"]]
    w = d["duration_weeks"]
    data = [
        dict(type="bar", x=values, y=labels, orientation="h", text=[f"{v}%" for v in values], textposition="outside",
             marker=dict(color=style.PALETTE["blue"], line=dict(color="#333", width=1)),
             hovertemplate="%{y}: %{x}%<extra></extra>", **top),
        dict(type="scatter", x=[w["low"], w["high"]], y=["range", "range"], mode="lines+markers+text",
             line=dict(color=style.PALETTE["grey"], width=6), marker=dict(size=14, symbol="line-ns-open"),
             text=["shortest: 3 weeks", "longest: 10 years"], textposition=["bottom right", "bottom left"],
             hoverinfo="skip", **bottom),
        dict(type="scatter", x=[w["median"]], y=["range"], mode="markers+text", text=["median: 8 weeks"],
             textposition="top center", marker=dict(size=16, symbol="diamond", color=style.PALETTE["orange"],
                                                    line=dict(color="#333", width=1)),
             hoverinfo="skip", **bottom),
    ]
    axes["xaxis"].update(range=[0, 50], title=dict(text="% of the 35 patients"))
    axes["yaxis"].update(autorange="reversed")
    axes["xaxis2"].update(type="log", range=[math.log10(2), math.log10(800)],
                          title=dict(text="time (logarithmic scale)"), tickvals=[3, 8, 26, 52, 104, 260, 521.4],
                          ticktext=["3 wk", "8 wk", "6 mo", "1 yr", "2 yr", "5 yr", "10 yr"])
    axes["yaxis2"].update(visible=False)
    layout = dict(axes, annotations=titles,
                  title=dict(text="What a case series of 35 people treated for back mice reported (Motyka 2000)"),
                  height=470, showlegend=False, margin=dict(l=250, r=40, t=90, b=60))
    return static_figure_from(data, layout)


def redflag_figure():
    """Lesson 04: most people with low back pain have a red flag; few have serious disease; some flags weigh more.
    Built from dicts in one go (:func:`backmice.widgets.subplot_grid`: make_subplots' layout)."""
    style.use()
    d = presentation()
    h, dn = d["henschke2009"], d["downie2013_fracture"]
    axes, titles, (top, bottom) = subplot_grid(
        2, 1, row_heights=[0.3, 0.7], vertical_spacing=0.2,
        titles=("1172 primary-care patients with acute low back pain (Henschke 2009)",
                "Probability of a fracture when the flag is present (Downie 2013)"))
    flags = dn["flags"]
    data = [
        dict(type="bar", x=[b["percent"] for b in h["bars"]], y=[b["label"] for b in h["bars"]], orientation="h",
             text=[f"{b['percent']}%" for b in h["bars"]], textposition="outside", cliponaxis=False,
             marker=dict(color=[style.PALETTE["orange"], style.PALETTE["vermillion"]],
                         line=dict(color="#333", width=1), pattern=dict(shape=["", "x"])),
             hovertemplate="%{y}: %{x}%<extra></extra>", **top),
        dict(type="scatter", x=[f["percent"] for f in flags], y=[f["label"] for f in flags], mode="markers+text",
             text=[f"{f['percent']}%" for f in flags], textposition="top center", cliponaxis=False,
             error_x=dict(type="data", symmetric=False, array=[f["high"] - f["percent"] for f in flags],
                          arrayminus=[f["percent"] - f["low"] for f in flags], color="#555", thickness=2),
             marker=dict(size=12, symbol="diamond", color=style.PALETTE["blue"], line=dict(color="#333", width=1)),
             hovertemplate="%{y}: %{x}%<extra></extra>", **bottom),
    ]
    axes["xaxis"].update(range=[0, 100], title=dict(text="% of patients"))
    axes["yaxis"].update(autorange="reversed")
    axes["xaxis2"].update(range=[0, 100],
                          title=dict(text="post-test probability of fracture, % (line: 95% confidence interval)"))
    axes["yaxis2"].update(range=[len(flags) - 0.5, -0.9])
    for ann in titles:  # subplot titles: left-aligned, a little smaller
        ann.update(x=0, xanchor="left", font=dict(size=15))
    layout = dict(axes, annotations=titles,
                  title=dict(text="Red flags in low back pain: common, and most carry little weight"),
                  height=620, showlegend=False, margin=dict(l=230, r=40, t=90, b=60))
    return static_figure_from(data, layout)
