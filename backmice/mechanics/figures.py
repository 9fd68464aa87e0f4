"""Lesson 02's pictures: plotly builders and updaters for the three tools and the static diagram.

- the side view of the herniation simulator with its pressure and stress bars
  (:func:`simulator_figure`, redrawn by :func:`update_simulator`);
- the regime map (:func:`regime_figure`, :func:`update_regime`);
- Laplace's law as two lines (:func:`laplace_figure`, :func:`update_laplace`);
- the parts of a hernia beside a lipoma (:func:`hernia_parts_figure`, static).

The numbers come from :mod:`backmice.mechanics.model`; nothing here computes physics.

Each figure is built complete from plain dicts (traces and a layout) and wrapped once by
:func:`backmice.widgets.figure_widget` (or :func:`backmice.widgets.static_figure`): plotly's
figure classes validate every property each time a trace is added or the layout updated, most of
what building these figures cost (tests build them fully validated: backmice.widgets). The
drawing uses the math module, not numpy (the same numbers), so the lesson never loads numpy.
"""

from __future__ import annotations

import math

from .. import style
from ..widgets import figure_widget, static_figure_from, subplot_grid
from .model import (CONTROLS, LAPLACE_R_MAX_MM, LAPLACE_T_MAX, STATE_SYMBOL, STATES, Result, kpa_to_pa,
                    laplace_tension, m_to_mm, map_axes, mm_to_m, pa_to_kpa, pa_to_mmhg, region_labels,
                    regime_grid, simulate_shown)


# --- drawing helpers ------------------------------------------------------------------------------

def _linspace(stop: float, n: int) -> list[float]:
    """``numpy.linspace(0, stop, n)`` as a list (the same numbers)."""
    step = stop / (n - 1)
    return [i * step for i in range(n - 1)] + [stop]


_T = _linspace(2 * math.pi, 61)
_COS_T, _SIN_T = [math.cos(t) for t in _T], [math.sin(t) for t in _T]
_HALF = _linspace(math.pi, 25)
_COS_HALF, _SIN_HALF = [math.cos(t) for t in _HALF], [math.sin(t) for t in _HALF]
_FASCIA_HALF = 1.0   # mm, half thickness of the fascia as drawn
_X_SPAN = 56.0       # mm, half width of the diagram


def _circle(cx, cy, r):
    return [cx + r * c for c in _COS_T], [cy + r * s for s in _SIN_T]


def _rect(x0, x1, y0, y1):
    return [x0, x1, x1, x0, x0], [y0, y0, y1, y1, y0]


def lobule_outline(r: Result) -> tuple[list, list]:
    """x, y (mm) of the lobule as drawn: pieces separated by None (each is filled)."""
    R = m_to_mm(r.lobule) / 2
    a = m_to_mm(r.opening) / 2
    w = min(a, R) * 0.92            # half width of the tissue inside the opening
    if r.state == "contained":
        cx, cy = _circle(0.0, -_FASCIA_HALF - R + 0.6, R)
        if r.load > 0:
            frac = 1.0 if r.push_out <= 0 else min(1.0, r.load / r.push_out)
        else:
            frac = 0.0
        # a plug in the opening and a cap that bulges out as the load nears the threshold
        px, py = _rect(-w, w, -_FASCIA_HALF - 0.5, -_FASCIA_HALF + 2 * _FASCIA_HALF * frac)
        top = -_FASCIA_HALF + 2 * _FASCIA_HALF * frac
        capx = [w * c for c in _COS_HALF]
        bulge = 0.6 * w * frac
        capy = [top + bulge * s for s in _SIN_HALF]
        return cx + [None] + px + [None] + capx + [None], cy + [None] + py + [None] + capy + [None]
    Ro = m_to_mm(r.outside) / 2
    sx, sy = _rect(-w, w, -_FASCIA_HALF - 2.0, _FASCIA_HALF + 1.5)
    cx, cy = _circle(0.0, _FASCIA_HALF + 0.8 + Ro, Ro)
    return sx + [None] + cx, sy + [None] + cy


def fascia_outline(opening_mm: float) -> tuple[list, list]:
    a = opening_mm / 2
    lx, ly = _rect(-_X_SPAN, -a, -_FASCIA_HALF, _FASCIA_HALF)
    rx, ry = _rect(a, _X_SPAN, -_FASCIA_HALF, _FASCIA_HALF)
    return lx + [None] + rx, ly + [None] + ry


STATE_LINE = {"contained": "#333333", "protruding": "#0072B2", "trapped": "#D55E00"}


def _scatter(**props) -> dict:
    return {"type": "scatter", **props}


def _bar(**props) -> dict:
    return {"type": "bar", **props}


def _state_colours():
    return {"contained": style.PALETTE["sky"], "protruding": style.PALETTE["yellow"],
            "trapped": style.PALETTE["vermillion"]}


# --- 1. the herniation simulator ------------------------------------------------------------------


PRESSURE_BARS = ("\u0394P, the load", "needed to squeeze out", "needed to squeeze back", "push back at rest")
STRESS_BARS = ("neck (a tube)", "dome (a sphere)")
BAR_MAX_KPA = 10.0
STRESS_MAX_KPA = 85.0


def _pressure_bars(r: Result):
    values = [pa_to_kpa(v) for v in (r.load, r.push_out, r.push_back, r.return_pressure)]
    shown = [min(v, BAR_MAX_KPA) for v in values]
    text = [f"{v:.1f} kPa" + (" \u2192" if v > BAR_MAX_KPA else "") for v in values]
    return shown, text


def _stress_bars(r: Result):
    values = [pa_to_kpa(r.neck_stress), pa_to_kpa(r.dome_stress)]
    text = [f"{values[0]:.0f} kPa", f"{values[1]:.0f} kPa" if r.state != "contained" else "not out"]
    return [min(v, STRESS_MAX_KPA) for v in values], text


BANNER_TEXT = {
    "contained": "the load cannot squeeze the lobule through",
    "protruding": "pushed through; slips back when the load eases",
    "trapped": "pushed through; cannot get back when the load eases",
}


def _banner(r: Result) -> str:
    return f"<b>{STATE_SYMBOL[r.state]} {r.state.upper()}</b>: {BANNER_TEXT[r.state]}"


SIMULATOR_TITLE = "Herniation simulator (teaching model, illustrative numbers)"


def _simulator_title(r: Result) -> str:
    """The figure's title: its name, and below it the state banner in the state's colour. The banner
    is part of the title, not an annotation: plotly.js redraws a title's text cheaply, while editing
    an annotation redraws the whole figure (50-80 ms on each change of state, measured in the page)."""
    return (f"{SIMULATOR_TITLE}<br><span style='font-size:16px;color:{STATE_LINE[r.state]}'>"
            f"{_banner(r)}</span>")


def simulator_figure(r: Result | None = None):
    """The simulator's FigureWidget: the diagram (left) and the model's pressures and stresses (right)."""
    style.use()
    if r is None:
        r = simulate_shown(**{k: c.default for k, c in CONTROLS.items()})
    axes, titles, (side, pressures, stresses) = subplot_grid(
        3, 1, row_heights=[0.62, 0.23, 0.15], vertical_spacing=0.09,
        titles=("Side view (mm)", "Pressures in the model (kPa)", "Wall stress from Laplace's law (kPa)"))
    grey = "#6b6b6b"
    # deep side shading (higher pressure under load)
    bx, by = _rect(-_X_SPAN, _X_SPAN, -36, -_FASCIA_HALF)
    fx, fy = fascia_outline(m_to_mm(r.opening))
    lx, ly = lobule_outline(r)
    shown, text = _pressure_bars(r)
    colours = [style.PALETTE["blue"], grey, grey, style.PALETTE["orange"]]
    sshown, stext = _stress_bars(r)
    data = [
        _scatter(x=bx, y=by, mode="lines", fill="toself", fillcolor="#EEF3F8", line=dict(width=0),
                 hoverinfo="skip", showlegend=False, **side),
        _scatter(x=fx, y=fy, mode="lines", fill="toself", fillcolor="#9a9a9a", name="fascia",
                 fillpattern=dict(shape="/", fgcolor="#444444", bgcolor="#bdbdbd", size=6),
                 line=dict(color="#333333", width=1), hoverinfo="name", showlegend=False, **side),
        _scatter(x=lx, y=ly, mode="lines", fill="toself", fillcolor=style.PALETTE["yellow"], name="fat lobule",
                 line=dict(color=STATE_LINE[r.state], width=3, dash="dash" if r.state == "trapped" else "solid"),
                 hoverinfo="name", showlegend=False, **side),
        _bar(x=shown, y=list(PRESSURE_BARS), orientation="h", text=text, textposition="outside",
             cliponaxis=False, marker=dict(color=colours, line=dict(color="#333", width=1),
                                           pattern=dict(shape=["", "", "", "."])),
             hoverinfo="skip", showlegend=False, **pressures),
        _bar(x=sshown, y=list(STRESS_BARS), orientation="h", text=stext, textposition="outside",
             cliponaxis=False, marker=dict(color=[style.PALETTE["purple"], style.PALETTE["green"]],
                                           line=dict(color="#333", width=1)),
             hoverinfo="skip", showlegend=False, **stresses),
        *_label_trace_dicts(r, side),
    ]
    axes["xaxis"].update(range=[-_X_SPAN, _X_SPAN], showgrid=False, zeroline=False, constrain="domain")
    axes["yaxis"].update(range=[-36, 44], scaleanchor="x", scaleratio=1, showgrid=False, zeroline=False,
                         constrain="domain")
    axes["xaxis2"].update(range=[0, BAR_MAX_KPA * 1.15], dtick=1, domain=[0.3, 1.0])
    axes["yaxis2"].update(autorange="reversed")
    axes["xaxis3"].update(range=[0, STRESS_MAX_KPA * 1.15], dtick=10, domain=[0.3, 1.0])
    axes["yaxis3"].update(autorange="reversed")
    layout = dict(axes, height=880, margin=dict(l=20, r=30, t=110, b=20), bargap=0.3,
                  annotations=titles + _diagram_annotations(),
                  title=dict(text=_simulator_title(r), y=0.965, yanchor="top"))
    return figure_widget(data, layout)


ARROW_X, ARROW_TAIL = -44.0, -24.0   # mm: where the load arrow starts (deep side, left)


def _dome_centre(r: Result) -> float:
    return _FASCIA_HALF + 0.8 + m_to_mm(r.outside) / 2


def _dome_text(r: Result) -> str:
    if r.state == "contained":
        return ""
    return f"part outside:<br>{m_to_mm(r.outside):.0f} mm wide" + ("<br>swollen (oedema)" if r.oedema else "")


def _arrow_head(load_kpa: float) -> float:
    return ARROW_TAIL + 3 + 18 * min(load_kpa, 8.0) / 8.0


def _diagram_annotations() -> list[dict]:
    """The diagram's fixed labels."""
    common = dict(xref="x", yref="y", showarrow=False, font=dict(size=13))
    return [
        dict(text="fascia", x=-_X_SPAN + 1, y=_FASCIA_HALF + 2.5, xanchor="left", name="fascia", **common),
        dict(text="deep side", x=_X_SPAN - 1, y=-33, xanchor="right", name="deep", **common),
        dict(text="towards the skin", x=-_X_SPAN + 1, y=41, xanchor="left", name="skin", **common),
    ]


# The labels that move with every slider step are traces (5 opening, 6 dome, 7 load arrow), not
# annotations: the course's figure widget redraws changed traces alone, while a changed annotation
# makes plotly.js recompute and redraw the whole figure (backmice/figure.py).
LABEL_TRACES = {"opening": 5, "dome": 6, "load": 7}


def _label_traces(r: Result) -> dict:
    """What the three moving labels show for ``r`` (trace properties by label)."""
    a = m_to_mm(r.opening) / 2
    load = pa_to_kpa(r.load)
    head = _arrow_head(load) if load > 0 else ARROW_TAIL
    return {
        "opening": dict(x=[_X_SPAN - 1, a], y=[-12, -_FASCIA_HALF], text=[f"opening (neck) {2 * a:.1f} mm", ""]),
        "dome": dict(x=[m_to_mm(r.outside) / 2 + 1.5], y=[_dome_centre(r)], text=[_dome_text(r)]),
        "load": dict(x=[ARROW_X, ARROW_X], y=[ARROW_TAIL, head], marker=dict(size=[0, 14 if load > 0 else 0]),
                     text=[f"\u0394P {load:.1f} kPa<br>({pa_to_mmhg(r.load):.0f} mmHg)", ""]),
    }


def _label_trace_dicts(r: Result, axes: dict) -> list[dict]:
    """The three moving labels as traces (LABEL_TRACES), on the diagram's ``axes``."""
    now = _label_traces(r)
    arrow = dict(symbol=["circle", "arrow"], angleref="previous")
    load = now.pop("load")
    return [
        _scatter(mode="lines+markers+text", name="opening", textposition="bottom left",
                 textfont=dict(size=13), line=dict(color="#333", width=1.5),
                 marker=dict(size=[0, 10], color="#333", **arrow), hoverinfo="skip",
                 showlegend=False, cliponaxis=False, **now["opening"], **axes),
        _scatter(mode="text", name="dome", textposition="middle right", textfont=dict(size=13),
                 hoverinfo="skip", showlegend=False, cliponaxis=False, **now["dome"], **axes),
        _scatter(mode="lines+markers+text", name="load", textposition="bottom center",
                 textfont=dict(size=13, color="#0072B2"), line=dict(color="#0072B2", width=3),
                 marker=dict(color="#0072B2", size=load.pop("marker")["size"], **arrow),
                 hoverinfo="skip", showlegend=False, cliponaxis=False, **load, **axes),
    ]


def update_simulator(fig, r: Result, previous: Result | None = None) -> None:
    """Redraw the simulator's figure for ``r``. Change only what differs from ``previous`` (plotly property updates are the slow part)."""
    p = previous
    labels = _label_traces(r)
    with fig.batch_update():
        if p is None or p.opening != r.opening:
            fig.data[1].x, fig.data[1].y = fascia_outline(m_to_mm(r.opening))
            fig.data[LABEL_TRACES["opening"]].update(labels["opening"])
        if p is None or (p.state, p.outside, p.oedema) != (r.state, r.outside, r.oedema):
            fig.data[LABEL_TRACES["dome"]].update(labels["dome"])
        lob = fig.data[2]
        lob.x, lob.y = lobule_outline(r)
        if p is None or p.state != r.state:
            lob.line.color = STATE_LINE[r.state]
            lob.line.dash = "dash" if r.state == "trapped" else "solid"
            fig.layout.title.text = _simulator_title(r)
        fig.data[3].x, fig.data[3].text = _pressure_bars(r)
        fig.data[4].x, fig.data[4].text = _stress_bars(r)
        if p is None or p.load != r.load:
            fig.data[LABEL_TRACES["load"]].update(labels["load"])


# --- 2. the regime map ----------------------------------------------------------------------------


def _colorscale():
    c = _state_colours()
    return [[0.0, c["contained"]], [1 / 3, c["contained"]], [1 / 3, c["protruding"]],
            [2 / 3, c["protruding"]], [2 / 3, c["trapped"]], [1.0, c["trapped"]]]


def _map_labels(grid) -> tuple[list, list, list, list]:
    """x, y, text and text position of one label per state region. A region too thin for its
    label (a strip at an edge) gets a pointer and the text beside it."""
    xs, ys, texts, where = [], [], [], []
    opening, load = map_axes()
    mid = (opening[0] + opening[-1]) / 2
    for name, x, y, fits in region_labels(grid, opening, load):
        text = f"<b>{STATE_SYMBOL[name]} {name.upper()}</b>"
        if fits:
            pos = "middle center"
        elif x < mid:
            text, pos = f"\u25c0 {text}", "middle right"
        else:
            text, pos = f"{text} \u25b6", "middle left"
        xs.append(x)
        ys.append(y)
        texts.append(text)
        where.append(pos)
    return xs, ys, texts, where


def regime_figure(lobule_mm: float | None = None, stiffness_kpa: float | None = None, oedema: bool = False,
                  point: tuple[float, float] | None = None):
    """Heat map of the model's states (opening diameter against pressure difference), one slice of
    the regime cube (:func:`~backmice.mechanics.model.regime_grid`), with a marker at ``point`` =
    (opening mm, load kPa)."""
    style.use()
    c = CONTROLS
    lobule_mm = c["lobule"].default if lobule_mm is None else lobule_mm
    stiffness_kpa = c["stiffness"].default if stiffness_kpa is None else stiffness_kpa
    point = point or (c["opening"].default, c["load"].default)
    opening, load = map_axes()
    grid = regime_grid(lobule_mm, stiffness_kpa, oedema)
    lx, ly, lt, lp = _map_labels(grid)
    top = float(load[-1])
    data = [
        dict(type="heatmap", x=list(opening), y=list(load), z=grid, zmin=-0.5, zmax=2.5,
             colorscale=_colorscale(), name="state",
             colorbar=dict(title=dict(text="state", side="top"), tickvals=[0, 1, 2],
                           ticktext=[f"{STATE_SYMBOL[s]} {s}" for s in STATES],
                           orientation="h", x=0.5, xanchor="center", y=-0.25, yanchor="top",
                           len=0.75, thickness=14, tickfont=dict(size=14)),
             hovertemplate="opening %{x:.2f} mm<br>\u0394P %{y:.1f} kPa<extra></extra>"),
        _scatter(x=[point[0]], y=[point[1]], mode="markers+text", name="simulator",
                 marker=dict(symbol="star", size=20, color="white", line=dict(color="black", width=2)),
                 text=["  simulator"], textposition="middle right",
                 textfont=dict(size=14, color="black"), showlegend=False,
                 hovertemplate="simulator: %{x:.1f} mm, %{y:.1f} kPa<extra></extra>"),
        _scatter(x=lx, y=ly, text=lt, textposition=lp, mode="text", name="labels", hoverinfo="skip",
                 showlegend=False, cliponaxis=False,
                 textfont=dict(size=14, color="#111111", shadow="1px 1px 2px white")),
        # a second axis in mmHg (an invisible trace keeps it drawn)
        _scatter(x=[opening[0]], y=[0], yaxis="y2", mode="markers", marker=dict(opacity=0),
                 hoverinfo="skip", showlegend=False),
    ]
    layout = dict(
        title=dict(text="Regime map of the teaching model (illustrative numbers)"),
        xaxis=dict(title=dict(text="opening (defect) diameter (mm)"), range=[0.9, 20.1], dtick=2),
        yaxis=dict(title=dict(text="pressure difference \u0394P (kPa)"), range=[-0.05, top + 0.05]),
        yaxis2=dict(title=dict(text="\u0394P (mmHg)"), overlaying="y", side="right",
                    range=[pa_to_mmhg(-50), pa_to_mmhg(kpa_to_pa(top) + 50)], showgrid=False, dtick=10),
        height=510, margin=dict(l=70, r=70, t=60, b=110))
    return figure_widget(data, layout)


def update_regime(fig, opening_mm: float, load_kpa: float, grid=None) -> None:
    """Move :func:`regime_figure`'s marker to (``opening_mm``, ``load_kpa``); with ``grid`` (a slice
    of the regime cube), swap in that map and its region labels too."""
    if grid is None:
        with fig.batch_update():
            fig.data[1].x, fig.data[1].y = [opening_mm], [load_kpa]
        return
    lx, ly, lt, lp = _map_labels(grid)
    _update_unvalidated(fig, {0: {"z": grid}, 1: {"x": [opening_mm], "y": [load_kpa]},
                              2: {"x": lx, "y": ly, "text": lt, "textposition": lp}})


def _rows(value):
    """A value to compare: a list (or tuple) of lists becomes a list of tuples."""
    if isinstance(value, (list, tuple)):
        return [tuple(v) if isinstance(v, (list, tuple)) else v for v in value]
    return value


def _update_unvalidated(fig, edits: dict) -> None:
    """Apply ``edits`` ({trace index: {property: value}}) to ``fig`` and send them in one update, the
    very message ``with fig.batch_update():`` and the same assignments send (values equal to the
    figure's left out, traces and properties in order), without plotly validating every value on
    the way: for a regime map's 6,237 cells that took 3 ms, half of a callback. Only for values of
    the kinds the figure was built with (tests build it fully validated)."""
    from plotly.basedatatypes import Undefined

    changed: dict = {}
    for i, props in edits.items():
        trace = fig.data[i]
        for prop, value in props.items():
            if _rows(trace[prop]) != _rows(value):
                changed.setdefault(i, {})[prop] = value
    if not changed:
        return
    traces = sorted(changed)
    props = sorted({prop for values in changed.values() for prop in values})
    fig.plotly_update(restyle_data={prop: [changed[i].get(prop, Undefined) for i in traces] for prop in props},
                      trace_indexes=traces)


# --- 3. Laplace's law -----------------------------------------------------------------------------

def _laplace_title(pressure_kpa: float) -> str:
    return f"Laplace's law at {pressure_kpa:.1f} kPa ({pa_to_mmhg(kpa_to_pa(pressure_kpa)):.0f} mmHg), illustrative numbers"


def laplace_figure(pressure_kpa: float = 4.0, radius_mm: float = 5.0):
    """Tension against radius for a cylinder and a sphere at ``pressure_kpa``, with a marker on each
    line at ``radius_mm`` (redrawn by :func:`update_laplace`)."""
    style.use()
    P = kpa_to_pa(pressure_kpa)
    rr = [0.0, LAPLACE_R_MAX_MM]
    r = mm_to_m(radius_mm)
    data = [
        _scatter(x=rr, y=[laplace_tension(P, mm_to_m(x), "cylinder") for x in rr], mode="lines",
                 name="cylinder (tube): T = P\u00b7r", line=dict(color=style.PALETTE["blue"], width=3)),
        _scatter(x=rr, y=[laplace_tension(P, mm_to_m(x), "sphere") for x in rr], mode="lines",
                 name="sphere (ball): T = P\u00b7r/2",
                 line=dict(color=style.PALETTE["orange"], width=3, dash="dash")),
        _scatter(x=[radius_mm], y=[laplace_tension(P, r, "cylinder")], mode="markers+text",
                 marker=dict(symbol="circle", size=13, color=style.PALETTE["blue"],
                             line=dict(color="black", width=1)),
                 text=[f"{laplace_tension(P, r, 'cylinder'):.1f} N/m"], textposition="middle left",
                 showlegend=False, name="cylinder at r"),
        _scatter(x=[radius_mm], y=[laplace_tension(P, r, "sphere")], mode="markers+text",
                 marker=dict(symbol="diamond", size=13, color=style.PALETTE["orange"],
                             line=dict(color="black", width=1)),
                 text=[f"{laplace_tension(P, r, 'sphere'):.1f} N/m"], textposition="middle right",
                 showlegend=False, name="sphere at r"),
        # the radius line is a trace, not a layout shape: moving a shape makes plotly.js recompute and
        # redraw the whole figure, moving a trace's points redraws that trace (backmice/figure.py)
        _scatter(x=[radius_mm, radius_mm], y=[0, LAPLACE_T_MAX * 1.03], mode="lines",
                 line=dict(color="#555", dash="dot", width=1.5), hoverinfo="skip",
                 showlegend=False, name="radius r"),
    ]
    layout = dict(
        title=dict(text=_laplace_title(pressure_kpa)),
        xaxis=dict(title=dict(text="radius r (mm)"), range=[0, LAPLACE_R_MAX_MM], dtick=2),
        yaxis=dict(title=dict(text="wall tension T (N/m)"), range=[0, LAPLACE_T_MAX * 1.03]),
        legend=dict(x=0.02, y=0.98, bgcolor="rgba(255,255,255,0.9)", bordercolor="#999", borderwidth=1),
        height=420)
    return figure_widget(data, layout)


def update_laplace(fig, pressure_kpa: float, radius_mm: float) -> None:
    """Redraw :func:`laplace_figure`'s lines, markers, radius line and title."""
    P, r = kpa_to_pa(pressure_kpa), mm_to_m(radius_mm)
    tc, ts = laplace_tension(P, r, "cylinder"), laplace_tension(P, r, "sphere")
    with fig.batch_update():
        fig.data[0].y = [0.0, laplace_tension(P, mm_to_m(LAPLACE_R_MAX_MM), "cylinder")]
        fig.data[1].y = [0.0, laplace_tension(P, mm_to_m(LAPLACE_R_MAX_MM), "sphere")]
        fig.data[2].x, fig.data[2].y, fig.data[2].text = [radius_mm], [tc], [f"{tc:.1f} N/m"]
        fig.data[3].x, fig.data[3].y, fig.data[3].text = [radius_mm], [ts], [f"{ts:.1f} N/m"]
        fig.data[4].x = [radius_mm, radius_mm]
        fig.layout.title.text = _laplace_title(pressure_kpa)


# --- a static diagram: the parts of a hernia, and a lipoma for comparison ---------------------------

def hernia_parts_figure():
    """Two labelled side views: tissue pushed through an opening (general hernia anatomy) and a
    lipoma (a growth of fat cells above intact fascia). Original drawing; static."""
    style.use()
    axes, titles, (a, b) = subplot_grid(1, 2, horizontal_spacing=0.06,
                                         titles=("A. Tissue pushed through an opening (a hernia)",
                                                 "B. A lipoma: a growth of fat cells"))
    fat, deep = style.PALETTE["yellow"], "#F7F1B5"
    data = []
    for cell in (a, b):
        bx, by = _rect(-30, 30, -22, -_FASCIA_HALF)
        data.append(_scatter(mode="lines", x=bx, y=by, fill="toself", fillcolor=deep, line=dict(width=0),
                             hoverinfo="skip", showlegend=False, **cell))
    # A: fascia with an opening, a lobule through it, continuous with the fat beneath
    fx, fy = fascia_outline(8.0)
    fx = [max(-30, min(30, v)) if v is not None else None for v in fx]
    data.append(_scatter(mode="lines", x=fx, y=fy, fill="toself", fillcolor="#9a9a9a",
                         fillpattern=dict(shape="/", fgcolor="#444", bgcolor="#bdbdbd", size=6),
                         line=dict(color="#333", width=1), hoverinfo="skip", showlegend=False, **a))
    sx, sy = _rect(-3.2, 3.2, -6, 3)
    cx, cy = _circle(0, 12, 10)
    data.append(_scatter(mode="lines", x=sx + [None] + cx, y=sy + [None] + cy, fill="toself", fillcolor=fat,
                         line=dict(color="#333", width=2), hoverinfo="skip", showlegend=False, **a))
    sac_x, sac_y = _circle(0, 12, 11.3)
    data.append(_scatter(x=sac_x, y=sac_y, mode="lines", line=dict(color="#0072B2", width=2, dash="dot"),
                         hoverinfo="skip", showlegend=False, **a))
    # B: intact fascia, a separate lump of fat above it
    fx2, fy2 = _rect(-30, 30, -_FASCIA_HALF, _FASCIA_HALF)
    data.append(_scatter(mode="lines", x=fx2, y=fy2, fill="toself", fillcolor="#9a9a9a",
                         fillpattern=dict(shape="/", fgcolor="#444", bgcolor="#bdbdbd", size=6),
                         line=dict(color="#333", width=1), hoverinfo="skip", showlegend=False, **b))
    lx, ly = _circle(0, 13, 9)
    data.append(_scatter(mode="lines", x=lx, y=ly, fill="toself", fillcolor=fat, line=dict(color="#333", width=2),
                         fillpattern=dict(shape=".", fgcolor="#8a7d00", bgcolor=fat, size=7),
                         hoverinfo="skip", showlegend=False, **b))
    arrow = dict(showarrow=True, arrowhead=2, arrowwidth=1.5, arrowcolor="#333", font=dict(size=13),
                 bgcolor="rgba(255,255,255,0.85)")
    notes = [
        dict(text="<b>contents</b> (here: fat)", x=0, y=14, ax=-17, ay=33, xref="x", yref="y", axref="x", ayref="y", **arrow),
        dict(text="<b>sac</b>: covering (assumed)", x=9, y=19, ax=21, ay=33, xref="x", yref="y", axref="x", ayref="y", **arrow),
        dict(text="<b>neck</b>: the narrow part", x=3.2, y=-1.5, ax=18, ay=-9, xref="x", yref="y", axref="x", ayref="y", **arrow),
        dict(text="<b>defect</b>: the opening", x=-4, y=-1, ax=-21, ay=-9, xref="x", yref="y", axref="x", ayref="y", **arrow),
        dict(text="fascia", x=-29, y=3.2, xref="x", yref="y", showarrow=False, xanchor="left", font=dict(size=13)),
        dict(text="fat beneath the fascia", x=0, y=-18, xref="x", yref="y", showarrow=False, font=dict(size=13)),
        dict(text="<b>lipoma</b>: a separate lump", x=0, y=13, ax=0, ay=31, xref="x2", yref="y2", axref="x2", ayref="y2", **arrow),
        dict(text="fascia: no opening needed", x=-29, y=3.2, xref="x2", yref="y2", showarrow=False, xanchor="left",
             font=dict(size=13)),
        dict(text="fat beneath the fascia", x=0, y=-18, xref="x2", yref="y2", showarrow=False, font=dict(size=13)),
    ]
    for n, cell in enumerate((a, b), start=1):
        suffix = "" if n == 1 else str(n)
        axes[f"xaxis{suffix}"].update(range=[-30, 30], visible=False)
        axes[f"yaxis{suffix}"].update(range=[-22, 38], visible=False, scaleanchor=cell["xaxis"], scaleratio=1)
    layout = dict(axes, height=430, margin=dict(l=10, r=10, t=60, b=10), annotations=titles + notes,
                  plot_bgcolor="white")
    return static_figure_from(data, layout)


