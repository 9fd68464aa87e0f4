"""Lesson 06, the plotly figures: the options chart and the body chart, built complete and wrapped
with :func:`backmice.widgets.figure_widget`, and the updaters the tools call (inside
``batch_update``). The body chart draws the course's one body (:mod:`backmice.body`): its PSIS,
hip bones, sacrum and lumbar spinous processes.
"""

from __future__ import annotations

from .. import body, style
from ..widgets import figure_widget
from .model import (EVIDENCE_LEVELS, INVASIVENESS, PROVIDERS, X_RANGE, Y_RANGE, Nodule, Option, Position,
                    describe_nodule, position_text, relative_to_psis)

# --- 1. options at a glance ----------------------------------------------------------------------------

# marker symbol for each provider (meaning never by colour alone)
PROVIDER_SYMBOL = {"client": "circle-open", "manual": "square", "doctor": "diamond", "surgeon": "triangle-up"}


def option_label(opt: Option) -> str:
    """Chart label: the short name, broken over two lines if long."""
    words = opt.short.split()
    if len(opt.short) <= 14 or len(words) == 1:
        return opt.short
    half = len(words) // 2
    return " ".join(words[:half]) + "<br>" + " ".join(words[half:])


def _two_lines(label: str) -> str:
    """A tick label broken near its middle (before a bracket if it has one)."""
    if " (" in label:
        return label.replace(" (", "<br>(")
    words = label.split()
    if len(words) < 2:
        return label
    best = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return " ".join(words[:best]) + "<br>" + " ".join(words[best:])


def options_figure():
    """The options chart (a FigureWidget): invasiveness across, evidence up; one trace per provider
    (``meta`` is the provider's id), then the ring around the option whose details are shown.
    Built from plain dicts in one go (:func:`backmice.widgets.figure_widget`)."""
    style.use()
    colours = {"client": style.PALETTE["grey"], "manual": style.PALETTE["green"],
               "doctor": style.PALETTE["blue"], "surgeon": style.PALETTE["vermillion"]}
    data = [dict(type="scatter", x=[], y=[], mode="markers+text", name=f"Provided by: {label.lower()}",
                 marker=dict(symbol=PROVIDER_SYMBOL[pid], size=18, color=colours[pid],
                             line=dict(color="#222", width=1.5)),
                 textposition="top center", textfont=dict(size=13),
                 hovertemplate="%{customdata}<extra></extra>", meta=pid)
            for pid, label in PROVIDERS.items()]
    # ring around the option whose details are shown
    data.append(dict(type="scatter", x=[], y=[], mode="markers", name="Details shown below", hoverinfo="skip",
                     marker=dict(symbol="circle-open", size=34, color="#000", line=dict(width=2.5))))
    layout = dict(
        title=dict(text="Management options: how invasive, and how strong the evidence"),
        xaxis=dict(title=dict(text="How invasive (left: least)", standoff=8), range=[-0.6, len(INVASIVENESS) - 0.4],
                   tickvals=list(range(len(INVASIVENESS))), ticktext=[_two_lines(t) for t in INVASIVENESS],
                   tickangle=0, fixedrange=True, automargin=True, zeroline=False),
        yaxis=dict(title=dict(text="Best evidence found", standoff=8), range=[-0.5, len(EVIDENCE_LEVELS) - 0.35],
                   tickvals=list(range(len(EVIDENCE_LEVELS))),
                   ticktext=[_two_lines(t) for t in EVIDENCE_LEVELS], fixedrange=True, automargin=True,
                   zeroline=False),
        width=820, height=600, margin=dict(l=20, r=20, t=60, b=20),
        legend=dict(orientation="h", yanchor="top", y=-0.2, x=0, font=dict(size=13)),
        hovermode="closest", dragmode=False,
        annotations=[dict(x=0.9, y=len(EVIDENCE_LEVELS) - 1, showarrow=False, font=dict(size=13, color="#444"),
                          text="<i>Empty corner: no non-invasive option<br>has been tested in a trial</i>")])
    return figure_widget(data, layout=layout)


def fill_options_figure(fig, shown: list[Option], selected: Option | None) -> None:
    """Show the options ``shown`` (one trace per provider) and ring ``selected`` if it is among them."""
    with fig.batch_update():
        for trace in fig.data[:len(PROVIDERS)]:
            mine = [o for o in shown if o.provider == trace.meta]
            trace.x = [o.invasiveness for o in mine]
            trace.y = [o.evidence for o in mine]
            trace.text = [option_label(o) for o in mine]
            trace.customdata = [f"{o.short}: {o.evidence_name}; {o.invasiveness_name}; {PROVIDERS[o.provider]}"
                                for o in mine]
        ring = fig.data[len(PROVIDERS)]
        on = selected is not None and selected in shown
        ring.x = [selected.invasiveness] if on else []
        ring.y = [selected.evidence] if on else []


# --- 2. body chart -----------------------------------------------------------------------------------------

def grid():
    """Invisible click targets: columns every 0.5 cm out from each PSIS (and the midline), rows every
    0.5 cm up from the PSIS level, so a click lands on a whole half centimetre from the PSIS; for each
    cell (row = y, column = x) a hover text describing its position."""
    step = body.GRID_STEP
    right = [round(body.PSIS_X + k * step, 6) for k in range(-int(body.PSIS_X / step), 100)]
    right = [x for x in right if 0.25 <= x <= X_RANGE[1] - 1]
    xs = [-x for x in reversed(right)] + [0.0] + right
    ny = int(round((Y_RANGE[1] - Y_RANGE[0] - 2) / step)) + 1
    ys = [Y_RANGE[0] + 1 + j * step for j in range(ny)]
    # a cell's position from the nearer PSIS: its side and lateral distance depend on its column
    # only, its vertical distance on that side and its row (relative_to_psis for each cell, 4000
    # times, was most of the time this took)
    across = [relative_to_psis(x, ys[0]) for x in xs]
    up = {side: [relative_to_psis(x, y).vertical for y in ys]
          for side, x in {pos.side: x for pos, x in zip(across, xs)}.items()}
    texts = [[position_text(Position(a.side, a.lateral, up[a.side][j])) for a in across] for j in range(len(ys))]
    return xs, ys, texts


_SILHOUETTE = "#7a7a7a"
_BONE = "rgba(200,200,200,0.45)"
_LINE = dict(color="#555", width=1.5)
# the skin outline of the right flank and buttock (cm, illustrative), clear of the hip bone
_FLANK = [(14.8, 15.5), (14.6, 11.0), (16.6, 7.0), (17.6, 2.5), (17.7, -2.0), (17.3, -8.0), (16.5, -13.5)]


def _path(points, closed=True) -> str:
    d = "M " + " L ".join(f"{x:g},{y:g}" for x, y in points)
    return d + (" Z" if closed else "")


def outline_shapes():
    """Schematic posterior view: body outline, hip bones, sacrum and lumbar spinous processes
    (backmice.body), the midline and the PSIS level."""
    shapes = []
    for side in (body.mirror, list):  # the patient's left (the viewer's left), then the right
        shapes.append(dict(type="path", path=_path(side(_FLANK), False), line=dict(color=_SILHOUETTE, width=2)))
        shapes.append(dict(type="path", path=_path(side(body.ILIUM)), line=_LINE, fillcolor=_BONE, layer="below"))
    shapes.append(dict(type="path", path=_path(body.SACRUM), line=_LINE, fillcolor=_BONE, layer="below"))
    for y in SPINOUS_Y:  # lumbar spinous processes L5-L3
        shapes.append(dict(type="rect", x0=-1.3, x1=1.3, y0=y - 0.9, y1=y + 0.9, line=_LINE,
                           fillcolor=_BONE, layer="below"))
    shapes.append(dict(type="line", x0=0, x1=0, y0=Y_RANGE[0] + 0.5, y1=Y_RANGE[1] - 0.5,
                       line=dict(color="#333", width=1.2, dash="dash"), layer="below"))
    shapes.append(dict(type="line", x0=X_RANGE[0] + 1, x1=X_RANGE[1] - 1, y0=0, y1=0,
                       line=dict(color="#333", width=1, dash="dot"), layer="below"))
    return shapes


SPINOUS_Y = [y for _x, y in body.SPINOUS]   # L5, L4, L3
_CREST_TOP = max(body.CREST, key=lambda p: p[1])


def body_chart_figure():
    """The body chart FigureWidget. Traces: 0 click grid (invisible), 1 PSIS markers, 2 nodules.
    Built from plain dicts in one go (:func:`backmice.widgets.figure_widget`): plotly's step-by-step
    ``add_*`` calls validated the click grid's thousands of cells one by one (about 60 ms)."""
    style.use()
    xs, ys, texts = grid()
    # The click targets are one transparent heatmap, not thousands of invisible markers: the browser
    # redraws a heatmap in about 30 ms where 4000 markers took about 150 ms after every added nodule.
    data = [
        dict(type="heatmap", x=xs, y=ys, z=[[0] * len(xs) for _ in ys], customdata=texts,
             name="click to add a nodule", colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
             showscale=False, hovertemplate="%{customdata}<br><i>click to add a nodule here</i><extra></extra>"),
        dict(type="scatter", x=[body.PSIS["left"][0], body.PSIS["right"][0]],
             y=[body.PSIS["left"][1], body.PSIS["right"][1]], mode="markers+text", name="PSIS",
             text=["left<br>PSIS", "right<br>PSIS"], textposition=["bottom right", "bottom left"],
             textfont=dict(size=14, color="#000"), showlegend=False, hoverinfo="skip",
             marker=dict(symbol="diamond", size=14, color=style.PALETTE["blue"], line=dict(color="#000", width=1.5))),
        dict(type="scatter", x=[], y=[], mode="markers+text", name="nodules", showlegend=False, text=[],
             textposition="middle center", textfont=dict(size=12, color="#000"),
             marker=dict(symbol="circle", size=[], color=style.PALETTE["orange"], opacity=0.85,
                         line=dict(color="#000", width=2)),
             hovertemplate="%{customdata}<extra></extra>", customdata=[]),
    ]
    crest_x, crest_y = _CREST_TOP
    notes = [
        (-17.6, 15.3, "<b>Patient's LEFT</b>", "left"), (17.6, 15.3, "<b>Patient's RIGHT</b>", "right"),
        (0.8, 15.0, "midline (spine)", "left"),
        *[(1.7, y, name, "left") for y, name in zip(SPINOUS_Y, ("L5", "L4", "L3"))],
        (0, -5.6, "sacrum", "center"), (-crest_x, crest_y + 1.0, "iliac crest", "center"),
        (crest_x, crest_y + 1.0, "iliac crest", "center"),
        (-15.9, 0.7, "PSIS level", "left"), (-10.0, -3.4, "hip bone", "center"), (10.0, -3.4, "hip bone", "center"),
    ]
    layout = dict(
        title=dict(text="Body chart: low back and pelvis seen from behind<br>"
                        f"<sup>Schematic, not to scale; distances illustrative (each PSIS drawn {body.PSIS_X:g} cm "
                        "from the midline)</sup>"),
        annotations=[dict(x=x, y=y, text=text, showarrow=False, xanchor=align, font=dict(size=13, color="#222"))
                     for x, y, text, align in notes],
        shapes=outline_shapes(), width=640, height=680, showlegend=False, hovermode="closest",
        dragmode=False, margin=dict(l=60, r=20, t=80, b=60),
        xaxis=dict(range=list(X_RANGE), dtick=2, title=dict(text="cm from the midline (illustrative)"),
                   zeroline=False, showgrid=False, fixedrange=True, tickvals=list(range(-16, 17, 4)),
                   ticktext=[str(abs(v)) for v in range(-16, 17, 4)]),
        yaxis=dict(range=list(Y_RANGE), title=dict(text="cm above (+) or below (\u2212) the PSIS (illustrative)"),
                   zeroline=False, showgrid=False, fixedrange=True, scaleanchor="x", scaleratio=1,
                   tickvals=list(range(-12, 16, 4))),
    )
    return figure_widget(data, layout=layout)


_PX_PER_CM = 15.5  # marker size per cm, roughly the chart's own scale at its fixed size


def draw_nodules(fig, nodules: list[Nodule]) -> None:
    """Show the nodules (trace 2), numbered N1, N2 ... and drawn to their size."""
    trace = fig.data[2]
    with fig.batch_update():
        trace.x = [n.x for n in nodules]
        trace.y = [n.y for n in nodules]
        trace.text = [f"N{i}" for i in range(1, len(nodules) + 1)]
        trace.marker.size = [max(16.0, n.size_cm * _PX_PER_CM) for n in nodules]
        trace.customdata = [f"N{i}: {describe_nodule(n)}" for i, n in enumerate(nodules, 1)]
