"""The record builder's back view (lesson 03): the course's one pelvis (:mod:`backmice.body`)
seen from behind, and the nodule placed in centimetres from the PSIS. plotly only; no widgets."""

from __future__ import annotations

import math

from .. import body, style
from ..widgets import figure_widget

_INK, _BONE = "#555555", "#f2efe8"


def _path(points, close: bool = False) -> str:
    return "M " + " L ".join(f"{x:g},{y:g}" for x, y in points) + (" Z" if close else "")


def back_shapes() -> list[dict]:
    """The outline: both hip bones with their iliac crests, the PSISs, the sacrum, the L3-L5 spinous
    processes, the midline and a 5 cm scale bar (all from backmice.body)."""
    shapes = []
    for side in (body.ILIUM, body.mirror(body.ILIUM)):
        shapes.append(dict(type="path", path=_path(side, close=True), line=dict(color=_INK, width=1),
                           fillcolor="rgba(153,153,153,0.12)", layer="below"))
    for crest in (body.CREST, body.mirror(body.CREST)):
        shapes.append(dict(type="path", path=_path(crest), line=dict(color=_INK, width=3)))
    shapes.append(dict(type="path", path=_path(body.SACRUM, close=True),
                       line=dict(color=_INK, width=1.5, dash="dot"), fillcolor="rgba(153,153,153,0.12)"))
    for x0, y0 in body.PSIS.values():
        shapes.append(dict(type="circle", x0=x0 - 0.8, x1=x0 + 0.8, y0=y0 - 0.8, y1=y0 + 0.8,
                           line=dict(color=_INK, width=2), fillcolor=_BONE))
    for x, y in body.SPINOUS:
        shapes.append(dict(type="rect", x0=x - 0.6, x1=x + 0.6, y0=y - 0.7, y1=y + 0.7,
                           line=dict(color=_INK, width=1.5), fillcolor=_BONE))
    shapes.append(dict(type="line", x0=0, x1=0, y0=-12, y1=19, line=dict(color=_INK, width=1, dash="dash")))
    shapes.append(dict(type="line", x0=-18, x1=-13, y0=-10, y1=-10, line=dict(color="#000", width=3)))
    return shapes


def record_figure(side: str = "Left", up: float = 2, lateral: float = 2, size_cm: float = 1.5):
    """The back view as a figure widget; traces 1-3 are the nodule, its guide and its label. Built from
    dicts in one go (plotly checks them once, not trace by trace)."""
    style.use()
    layout = dict(
        height=470, margin=dict(l=10, r=10, t=60, b=10), showlegend=False,
        title=dict(text="Where the nodule is: back view (schematic)"),
        xaxis=dict(visible=False, range=[-22, 22], fixedrange=True),
        yaxis=dict(visible=False, range=[-13, 20], scaleanchor="x", fixedrange=True),
        shapes=back_shapes())
    px = body.PSIS_X
    labels = [(-px - 1.2, -1.2, "left PSIS<br>(dimple)", "bottom left"),
              (px + 1.2, -1.2, "right PSIS<br>(dimple)", "bottom right"),
              (-11.5, 9.6, "left iliac crest", "top center"), (11.5, 9.6, "right iliac crest", "top center"),
              (0, -4.5, "sacrum", "middle center"), (1.2, 18.5, "spine (midline)", "middle right"),
              (-15.5, -9.0, "5 cm", "middle center"), (-21, 18.5, "client's LEFT", "middle right"),
              (21, 18.5, "client's RIGHT", "middle left")]
    blob, guide, label = record_traces(side, up, lateral, size_cm)
    data = [
        dict(type="scatter", x=[t[0] for t in labels], y=[t[1] for t in labels], mode="text",
             text=[t[2] for t in labels], textposition=[t[3] for t in labels],
             textfont=dict(size=12, color="#333"), hoverinfo="skip"),
        dict(type="scatter", mode="lines", fill="toself", line=dict(color=style.PALETTE["orange"], width=2),
             fillcolor="rgba(230,159,0,0.55)", hoverinfo="text", **blob),
        dict(type="scatter", mode="lines", line=dict(color=style.PALETTE["orange"], width=2, dash="dot"),
             hoverinfo="skip", **guide),
        dict(type="scatter", mode="text", textfont=dict(size=13, color="#000"), hoverinfo="skip", **label),
    ]
    return figure_widget(data, layout=layout)


_CIRCLE = [(math.cos(2 * math.pi * k / 36), math.sin(2 * math.pi * k / 36)) for k in range(37)]


def record_traces(side: str, up: float, lateral: float, size_cm: float) -> tuple[dict, dict, dict]:
    """Data of the nodule, of the dotted guide from the PSIS, and of the nodule's label."""
    side = side.lower()
    s = -1 if side == "left" else 1
    psis_x, psis_y = body.PSIS[side]
    cx, cy = body.point_from_psis(side, lateral, up)
    r = size_cm / 2
    blob = dict(x=[cx + r * c for c, _ in _CIRCLE], y=[cy + r * si for _, si in _CIRCLE],
                hovertext=f"nodule, {size_cm:g} cm")
    guide = dict(x=[psis_x, cx, cx], y=[psis_y, psis_y, cy])
    label = dict(x=[cx + s * (r + 0.6)], y=[cy + r + 0.6], text=[f"nodule {size_cm:g} cm"],
                 textposition="top left" if s < 0 else "top right")
    return blob, guide, label


def update_record_figure(fig, side: str, up: float, lateral: float, size_cm: float) -> None:
    """Move the nodule (the tool calls this only for a change: never before the first display)."""
    with fig.batch_update():
        for trace, data in zip(fig.data[1:4], record_traces(side, up, lateral, size_cm)):
            trace.update(data)
