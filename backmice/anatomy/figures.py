"""The plotly figures of lesson 01: the two sections (named or numbered) and the landmark map.

Each figure is built once, complete, from plain dicts and wrapped by
:func:`backmice.widgets.figure_widget`; it comes back with an index of where each piece is
(:class:`SectionFigure`, :class:`MapFigure`) so that a tool's callbacks only change what they
must, inside ``batch_update()``. Transparent heatmaps cover each structure or region: they carry
the hover text and take the clicks. What the controls move (the finger, the outline of the selected
structure or region) are scatter traces' data and opacity, which the course's figure widget
redraws without redrawing the rest (backmice/figure.py).
"""

from __future__ import annotations

import base64
import html
import struct
from dataclasses import dataclass, field

from .. import body, style
from ..widgets import figure_widget
from . import hitgrid
from .geometry import arange, near_polyline, point_in_polygon, round_half_even, xy
from .model import hover_text, landmarks, numbering, sections, sources, structures, wrap
from .posterior import (PANEL_AXES, PSIS, RING_CM, ROW_Y, SITE_LABEL_AT, SITE_TEXT, SITE_XY, STUDY_COLOUR,
                        landmark_regions, panel_box, ring_points, row_label, row_x_cm)
from .drawings import Drawing, drawing

FIG_WIDTH = 820   # px: fits JupyterLab's notebook column next to the file browser


def rgba(colour_key: str, alpha: float) -> str:
    """A colour of style.PALETTE as 'rgba(r,g,b,alpha)'."""
    h = style.PALETTE[colour_key].lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def scatter(**props) -> dict:
    """A scatter trace as a plain dict: the figure is built from dicts in one go and wrapped by
    backmice.widgets.figure_widget (fast, and still validated where it matters)."""
    return {"type": "scatter", **{k: v for k, v in props.items() if v is not None}}


# --- the two sections ---------------------------------------------------------------------------

HIT_STEP = 0.05    # the hover/click raster's cell (schematic units; about 2.7 px on screen)
LINE_REACH = 0.1   # a line takes the cells this close to it (lines win over areas at borders)


def _polygon_area(points) -> float:
    import numpy as np

    x, y = np.array(xy(points))
    return float(abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1))) / 2)


def hit_raster(d: Drawing, ids, step: float = HIT_STEP, reach: float = LINE_REACH):
    """Which structure owns each point of a fine grid over the drawing: (xs, ys, owner) with
    ``owner[row, col]`` an index into ``ids`` or -1. A smaller area inside a larger one owns its
    cells (the back mouse inside the fat); lines, drawn on top, own a band ``reach`` wide.

    Computed with numpy; the figures read it from :mod:`.hitgrid` (stored, so that the lesson
    never loads numpy)."""
    import numpy as np

    pts = [p for sid in ids for shape in d.shapes[sid] for p in shape.points]
    px, py = xy(pts)
    xs = np.round(np.arange(min(px) - reach, max(px) + reach + step, step), 3)
    ys = np.round(np.arange(min(py) - reach, max(py) + reach + step, step), 3)
    gx, gy = np.meshgrid(xs, ys)
    owner = np.full(gx.shape, -1)
    areas = sorted(((k, shape) for k, sid in enumerate(ids) for shape in d.shapes[sid] if shape.kind == "area"),
                   key=lambda ks: -_polygon_area(ks[1].points))
    for k, shape in areas:
        owner[point_in_polygon(gx, gy, shape.points)] = k
    for k, sid in enumerate(ids):
        for shape in d.shapes[sid]:
            if shape.kind == "line":
                owner[near_polyline(xs, ys, shape.points, reach)] = k
    return xs, ys, owner


class Cells(tuple):
    """Cell centres of a hit heatmap (``x``, ``y``): a tuple, so deep copies may share it, and one
    that says so to ``copy.deepcopy``, which plotly runs over every trace of a figure it builds
    (one call per number otherwise: about 10 ms for lesson 01's five figures, measured)."""

    __slots__ = ()

    def __deepcopy__(self, memo):
        return self


# z of the hit heatmaps as a plotly.js typed array (below); False sends nested lists of 1.0 and null
# instead, as the figures once did: the same cells, but plotly deep-copies and the widget encodes
# every one of them (about 0.1 s more of lesson 01's kernel CPU, measured)
TYPED_Z = True
_ONE, _GAP = struct.pack("<f", 1.0), struct.pack("<f", float("nan"))   # little-endian float32
_TABLES = {}


def hit_heatmap(xs, ys, rows, value: int, **props) -> dict:
    """One transparent heatmap covering the cells whose byte is ``value`` in ``rows`` (a raster of
    :mod:`.hitgrid`), cut to their bounding box; empty cells are gaps (NaN), with no hover. Hover
    and clicks land on cells, so a thin layer keeps its own cells however close its neighbours
    are; it replaces thousands of invisible markers, which plotly.js redrew with every trace
    (layer explorer: 2,700-3,600 of them).

    ``z`` (1 or NaN) goes as a plotly.js typed array, ``{"dtype": "f4", "bdata": base64, "shape":
    "rows, cols"}``, the form plotly itself sends numpy arrays in (as float64): built from bytes in
    well under a millisecond and copied by plotly as one string, where a numpy array went to the
    browser as a nested list of 1.0 and null (5-10 ms of encoding a section); about 15% larger
    (5.3 characters a cell against 4.6)."""
    v = bytes((value,))
    hit_rows = [r for r, row in enumerate(rows) if v in row]
    r0, r1 = hit_rows[0], hit_rows[-1] + 1
    c0 = min(rows[r].find(v) for r in hit_rows)
    c1 = max(rows[r].rfind(v) for r in hit_rows) + 1
    if TYPED_Z:
        table = _TABLES.get(value)
        if table is None:
            table = _TABLES[value] = bytes(1 if b == value else 2 for b in range(256))
        cells = b"".join(row[c0:c1] for row in rows[r0:r1]).translate(table)
        values = cells.replace(b"\x01", _ONE).replace(b"\x02", _GAP)
        z = {"dtype": "f4", "bdata": base64.b64encode(values).decode("ascii"), "shape": f"{r1 - r0}, {c1 - c0}"}
    else:
        z = [[1.0 if c == value else None for c in row[c0:c1]] for row in rows[r0:r1]]
    return {"type": "heatmap", "x": Cells(xs[c0:c1]), "y": Cells(ys[r0:r1]), "z": z, "zmin": 0, "zmax": 1,
            "colorscale": [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], "showscale": False,
            "hoverongaps": False, **props}


@dataclass
class SectionFigure:
    """A section's FigureWidget and where each structure's pieces are in it."""
    figure: object
    traces: dict          # id -> [indexes of drawn traces]
    hit: dict             # trace index -> structure id (click targets)
    annotations: dict     # id -> index in layout.annotations
    probe_traces: tuple = ()
    highlight: int | None = None                  # the glow's trace (set_glow)
    numbers: dict = field(default_factory=dict)   # id -> number shown (numbered drawings)


def section_figure(section: str = "l4", *, numbered: bool = False) -> SectionFigure:
    """Build the schematic section once. ``numbered`` replaces names by numbers (for the game)."""
    style.use()
    d, sec, texts = drawing(section), sections()[section], structures()
    numbers = numbering(section) if numbered else {}
    traces, hit, data = {}, {}, []
    # a glow under the selected structure (drawn first, so it stays underneath). What a control moves
    # is a scatter trace's data: the course's figure widget redraws that trace alone (see set_glow)
    data.append(scatter(x=NO_GLOW, y=NO_GLOW, mode="lines", line=dict(color="rgba(0,0,0,0.35)", width=9),
                        hoverinfo="skip", showlegend=False, name="selected"))
    highlight = 0
    # areas first, lines on top of them (sheets of fascia stay visible over muscle and fat)
    order = list(hitgrid.section_order(section))
    for sid in order:
        traces[sid] = []
        for shape in d.shapes[sid]:
            x, y = xy(shape.points, close=shape.kind == "area")
            if shape.kind == "area":
                outline = rgba(shape.outline, 1.0) if shape.outline else "rgba(0,0,0,0.6)"
                # the pattern carries meaning too (not colour alone); its background is the fill colour
                fillpattern = dict(shape=shape.pattern, fgcolor="rgba(0,0,0,0.3)",
                                   bgcolor=rgba(shape.colour, shape.opacity), size=7, solidity=0.12) \
                    if shape.pattern else None
                trace = scatter(x=x, y=y, mode="lines", fill="toself",
                                fillcolor=rgba(shape.colour, shape.opacity), fillpattern=fillpattern,
                                line=dict(color=outline, width=shape.width, dash=shape.dash),
                                hoverinfo="skip", showlegend=False, name=texts[sid].name)
            else:
                trace = scatter(x=x, y=y, mode="lines",
                                line=dict(color=style.PALETTE[shape.colour], width=shape.width,
                                          dash=shape.dash),
                                hoverinfo="skip", showlegend=False, name=texts[sid].name)
            traces[sid].append(len(data))
            data.append(trace)
    # fenestration markers: open circles where the nerve passes the fascia
    if "fenestration" in d.shapes:
        traces["fenestration"].append(len(data))
        data.append(scatter(x=[9.37, 9.44], y=[-2.8, -3.55], mode="markers",
                            marker=dict(symbol="circle-open", size=13, color="black", line=dict(width=2)),
                            hoverinfo="skip", showlegend=False, name="fenestrations"))
    # click and hover targets: one transparent heatmap per structure (hidden with it)
    xs, ys, rows = hitgrid.section_raster(section, tuple(order))
    for k, sid in enumerate(order):
        template = (f"<b>Number {numbers[sid]}</b><extra></extra>" if numbered else hover_text(texts[sid]))
        hit[len(data)] = sid
        traces[sid].append(len(data))
        data.append(hit_heatmap(xs, ys, rows, k + 1, hovertemplate=template, name=f"{texts[sid].name} (target)"))
    probe_traces = ()
    if not numbered:
        px0, px1 = d.probe - d.probe_half_width, d.probe + d.probe_half_width
        depth = d.start_depth
        probe_traces = (len(data), len(data) + 1)
        data.append(scatter(x=[px0, px1, px1, px0, px0], y=[0, 0, -depth, -depth, 0], mode="lines",
                            fill="toself", fillcolor="rgba(86,180,233,0.28)",
                            line=dict(color=style.PALETTE["blue"], width=2, dash="dash"),
                            hoverinfo="skip", showlegend=False, name="finger depth"))
        data.append(scatter(x=[d.probe, d.probe], y=[0.42, -depth], mode="markers+text",
                            marker=dict(symbol=["triangle-down", "line-ew"], size=[20, 26],
                                        color=style.PALETTE["blue"],
                                        line=dict(color=style.PALETTE["blue"], width=3)),
                            text=["finger", ""], textposition="middle right",
                            textfont=dict(size=13, color=style.PALETTE["blue"]),
                            hoverinfo="skip", showlegend=False, name="finger"))
    annotations, ann_index = [], {}
    for sid in sec.structures:
        lab = d.labels[sid]
        text = f"<b>{numbers[sid]}</b>" if numbered else (lab.text or texts[sid].label)
        common = dict(font=dict(size=13, color="#1a1a1a"), bgcolor="rgba(255,255,255,0.85)",
                      borderpad=2)
        if numbered:
            common.update(bordercolor="#1a1a1a", borderwidth=1.5, font=dict(size=14, color="#1a1a1a"),
                          bgcolor="white")
        if lab.tx is None:
            if sid == "tlc" and not numbered:
                common.update(bgcolor="rgba(255,255,255,0.55)", font=dict(size=12, color="#1a1a1a"))
            annotations.append(dict(x=lab.x, y=lab.y, text=text, showarrow=False, **common))
        else:
            inside = lab.tx < 14  # a label inside the drawing is centred on its text point
            annotations.append(dict(x=lab.x, y=lab.y, ax=lab.tx, ay=lab.ty, axref="x", ayref="y",
                                    text=text, showarrow=True, arrowhead=0, arrowwidth=1.3,
                                    arrowcolor="#444", xanchor="center" if inside else "left", align="left",
                                    **common))
        ann_index[sid] = len(annotations) - 1
    for x, y, text, anchor in d.notes:
        annotations.append(dict(x=x, y=y, text=text, showarrow=False, xanchor=anchor,
                                font=dict(size=13, color="#444")))
    annotations.append(dict(x=0, y=-0.02, xref="paper", yref="paper", showarrow=False, xanchor="left",
                            yanchor="top", text=f"<i>{html.escape(sec.caption)}</i>",
                            font=dict(size=13, color="#333")))
    ticks = list(range(0, int(-d.yrange[0]) + 1, 1 if section == "crest" else 2))
    fig = figure_widget(data, layout=dict(
        title=dict(text=sec.title + (" \u2014 numbered" if numbered else ""), font=dict(size=16)),
        width=FIG_WIDTH, height=d.height, margin=dict(l=70, r=10, t=50, b=45), hovermode="closest",
        hoverdistance=12,
        xaxis=dict(range=list(d.xrange), visible=False, fixedrange=True),
        yaxis=dict(range=list(d.yrange), fixedrange=True, showgrid=False, zeroline=False,
                   tickvals=[-t for t in ticks], ticktext=[str(t) for t in ticks],
                   title=dict(text="depth below the skin<br>(illustrative units)", font=dict(size=13))),
        annotations=annotations, dragmode=False))
    return SectionFigure(fig, traces, hit, ann_index, probe_traces, highlight, numbers)


def set_shown(fig, parts: SectionFigure, sid: str, shown: bool, drawn: dict) -> None:
    """Show or hide structure ``sid`` of a section without a whole redraw: its drawing gets no
    coordinates (nothing drawn), its hover/click heatmap stops answering the mouse, its label
    turns transparent. Switching their visibility instead made plotly.js redraw the whole section
    (91 ms of the page's time in the L4 layer explorer, CPU profile; 77-152 ms a checkbox);
    coordinates are redrawn trace by trace, and a label's opacity label by label. ``drawn``: trace
    index -> (xs, ys) of every drawing, kept (``drawn_xy``) before anything was hidden."""
    with fig.batch_update():
        for i in parts.traces[sid]:
            if i in parts.hit:
                fig.data[i].hoverinfo = None if shown else "skip"
            else:
                xs, ys = drawn[i]
                fig.data[i].x, fig.data[i].y = (xs, ys) if shown else ([None] * len(xs), [None] * len(ys))
        fig.layout.annotations[parts.annotations[sid]].opacity = 1 if shown else 0


def drawn_xy(fig, parts: SectionFigure) -> dict:
    """Trace index -> (xs, ys) of every structure's drawing (for set_shown)."""
    return {i: (list(fig.data[i].x), list(fig.data[i].y))
            for ids in parts.traces.values() for i in ids if i not in parts.hit}


def l4_figure():
    """The L4 section as drawn in the layer explorer (for screenshots)."""
    return section_figure("l4").figure


def crest_figure():
    """The crest section as drawn in the layer explorer (for screenshots)."""
    return section_figure("crest").figure


def game_figure():
    """The numbered L4 section of "Find the structure" (for screenshots)."""
    return section_figure("l4", numbered=True).figure


def outline_of(d: Drawing, sid: str):
    """x, y of a structure's outline (for the highlight glow); None separates pieces."""
    xs, ys = [], []
    for s in d.shapes[sid]:
        x, y = xy(s.points, close=s.kind == "area")
        xs += x + [None]
        ys += y + [None]
    return xs, ys


NO_GLOW = [None]   # a glow trace is never empty: plotly.js draws an empty trace as invisible, and
                   # making it visible again is a full redraw; one missing point draws nothing


def set_glow(fig, index: int, xs=(), ys=()) -> None:
    """Outline ``xs, ys`` with the glow trace ``fig.data[index]``, or take it away (no points)."""
    with fig.batch_update():
        fig.data[index].x, fig.data[index].y = (list(xs), list(ys)) if len(xs) else (NO_GLOW, NO_GLOW)


def set_depth(sf: SectionFigure, d: Drawing, depth: float) -> None:
    """Move the finger's box and tip (its two traces) to ``depth``."""
    px0, px1 = d.probe - d.probe_half_width, d.probe + d.probe_half_width
    box, tip = (sf.figure.data[i] for i in sf.probe_traces)
    with sf.figure.batch_update():
        box.x, box.y = [px0, px1, px1, px0, px0], [0, 0, -depth, -depth, 0]
        tip.x, tip.y = [d.probe, d.probe], [0.42, -depth]


# --- the landmark map ---------------------------------------------------------------------------

@dataclass
class MapFigure:
    """The landmark map's FigureWidget and where its pieces are in it."""
    figure: object
    region_traces: dict      # region id -> [trace indexes] (drawn fills)
    hit: dict                # trace index -> region id
    site_traces: tuple       # the stars, the labels' leader lines and the labels
    highlight: tuple         # (body panel, midline panel, PSIS panel) highlight trace indexes
    site_xy: dict = field(default_factory=dict)   # site trace index -> (xs, ys) when shown


def set_sites_shown(fig, parts: MapFigure, shown: bool) -> None:
    """Show or hide the sites of back mice (stars, labels, leader lines). Hidden, their points have no
    coordinates (nothing drawn, nothing to hover) rather than ``visible=False``: the course's figure
    widget redraws changed coordinates alone, while a change of visibility redrew the whole map
    (plotly.js's full redraw of this figure: about 150 ms, CPU profile in the page)."""
    with fig.batch_update():
        for i, (xs, ys) in parts.site_xy.items():
            fig.data[i].x, fig.data[i].y = (xs, ys) if shown else ([None] * len(xs), [None] * len(ys))


MAP_STEP = 0.15   # the landmark map's hover/click raster (cm)


def landmark_raster(step: float = MAP_STEP):
    """Which landmark region owns each point of a grid over the regions (body panel): (xs, ys,
    owner) with ``owner[row, col]`` an index into ``list(landmark_regions())`` or -1; a smaller
    region inside a larger one owns its cells. Computed with numpy; the map reads it from
    :mod:`.hitgrid`."""
    import numpy as np

    polys = landmark_regions()
    pts = [p for ps in polys.values() for poly in ps for p in poly]
    px, py = xy(pts)
    gxs = np.round(np.arange(min(px), max(px) + step, step), 2)
    gys = np.round(np.arange(min(py), max(py) + step, step), 2)
    gx, gy = np.meshgrid(gxs, gys)
    owner = np.full(gx.shape, -1)
    index = {rid: k for k, rid in enumerate(polys)}
    for rid, poly in sorted(((rid, poly) for rid, ps in polys.items() for poly in ps),
                            key=lambda rp: -_polygon_area(rp[1])):
        owner[point_in_polygon(gx, gy, poly)] = index[rid]
    return gxs, gys, owner


def landmark_figure_parts() -> MapFigure:
    """Build the landmark map once: the body (backmice.body), the two cluneal panels, the labels."""
    style.use()
    regions, sites, rows = landmarks()
    P = style.PALETTE
    region_traces, hit = {}, {}
    traces = []   # (trace, panel): panel "body", "midline" or "psis"

    def add(trace, panel, region=None, is_hit=False):
        traces.append((trace, panel))
        index = len(traces) - 1
        if region and not is_hit:
            region_traces.setdefault(region, []).append(index)
        if is_hit:
            hit[index] = region
        return index

    # highlights first (underneath everything)
    hl_body = add(scatter(x=NO_GLOW, y=NO_GLOW, mode="lines", line=dict(color="rgba(0,0,0,0.45)", width=8),
                          hoverinfo="skip", showlegend=False, name="selected"), "body")
    hl_mid = add(scatter(x=NO_GLOW, y=NO_GLOW, mode="lines", line=dict(color="rgba(0,0,0,0.45)", width=6),
                         hoverinfo="skip", showlegend=False, name="selected rows (midline)"), "midline")
    hl_psis = add(scatter(x=NO_GLOW, y=NO_GLOW, mode="lines", line=dict(color="rgba(0,0,0,0.45)", width=6),
                          hoverinfo="skip", showlegend=False, name="selected rows (PSIS)"), "psis")
    # the body (backmice.body, drawn as it is): ilia and sacrum
    for poly in (body.ILIUM, body.mirror(body.ILIUM)):
        x, y = xy(poly, close=True)
        add(scatter(x=x, y=y, mode="lines", fill="toself", fillcolor="rgba(153,153,153,0.25)",
                    line=dict(color="rgba(0,0,0,0.35)", width=1), hoverinfo="skip", showlegend=False,
                    name="hip bone"), "body")
    x, y = xy(body.SACRUM, close=True)
    add(scatter(x=x, y=y, mode="lines", fill="toself", fillcolor="rgba(153,153,153,0.45)",
                line=dict(color="rgba(0,0,0,0.6)", width=1.2), hoverinfo="skip", showlegend=False,
                name="Sacrum"), "body", "sacrum")
    # paraspinal regions, SI regions
    for rid, colour, pattern in (("paraspinal", "vermillion", "/"), ("si_region", "green", "x")):
        for poly in landmark_regions()[rid]:
            x, y = xy(poly, close=True)
            add(scatter(x=x, y=y, mode="lines", fill="toself", fillcolor=rgba(colour, 0.15),
                        fillpattern=dict(shape=pattern, fgcolor=rgba(colour, 0.5), bgcolor=rgba(colour, 0.12),
                                         size=8, solidity=0.1),
                        line=dict(color=rgba(colour, 0.7), width=1, dash="dot"), hoverinfo="skip",
                        showlegend=False, name=regions[rid].name), "body", rid)
    # distance-from-the-PSIS rings (right side), under the crest line
    for r_cm in RING_CM:
        x, y = xy(ring_points(r_cm))
        add(scatter(x=x, y=y, mode="lines", line=dict(color="rgba(0,0,0,0.55)", width=1.3, dash="dot"),
                    hovertemplate=f"{r_cm} cm from the PSIS (the PSIS position is illustrative)<extra></extra>",
                    showlegend=False, name=f"{r_cm} cm from the PSIS"), "body", "cluneal")
    # the crest: posterior and lateral parts, both sides
    for rid, pts in (("posterior_crest", body.CREST[:5]), ("lateral_crest", body.CREST[4:])):
        for poly in (pts, body.mirror(pts)):
            x, y = xy(poly)
            add(scatter(x=x, y=y, mode="lines", line=dict(color="#333", width=6 if rid == "posterior_crest"
                                                            else 4),
                        hoverinfo="skip", showlegend=False, name=regions[rid].name), "body", rid)
    # spinous processes and the midline
    add(scatter(x=[x for x, _ in body.SPINOUS], y=[y for _, y in body.SPINOUS], mode="markers",
                marker=dict(symbol="square", size=16, color="rgba(153,153,153,0.8)",
                            line=dict(color="#333", width=1)),
                hoverinfo="skip", showlegend=False, name="lumbar spinous processes"), "body")
    add(scatter(x=[0, 0], y=[-11.1, 15.4], mode="lines", line=dict(color="#333", width=1.5, dash="dash"),
                hoverinfo="skip", showlegend=False, name="midline"), "body")
    add(scatter(x=[0, 0], y=[0.35, 3.65], mode="lines", line=dict(color="#333", width=1.5, dash="dash"),
                hoverinfo="skip", showlegend=False, name="midline"), "midline")
    # the two PSIS markers (body)
    add(scatter(x=[body.PSIS[side][0] for side in ("right", "left")],
                y=[body.PSIS[side][1] for side in ("right", "left")], mode="markers",
                marker=dict(symbol="circle-open", size=18, color="black", line=dict(width=2.5)),
                hoverinfo="skip", showlegend=False, name="PSIS"), "body", "psis")
    # back-mouse sites (left half)
    sx = [SITE_XY[s.region][0] for s in sites]
    sy = [SITE_XY[s.region][1] for s in sites]
    site_hover = [f"<b>Back mice reported {html.escape(s.label)}</b><br><i>Source: "
                  f"{html.escape(sources(s.refs))}</i>" for s in sites]
    # The sites' leader lines (under the stars), labels and the key to the stars: traces, not
    # annotations, so that showing and hiding them is a change of coordinates (set_sites_shown)
    lx, ly = [], []
    for s in sites:
        (x0, y0), (tx, ty) = SITE_XY[s.region], SITE_LABEL_AT[s.region]
        lx += [tx, x0, None]
        ly += [ty, y0, None]
    site_leaders = add(scatter(x=lx, y=ly, mode="lines", line=dict(color="#888", width=1.5), hoverinfo="skip",
                               showlegend=False, name="site labels (lines)"), "body")
    site_trace = add(scatter(x=sx, y=sy, mode="markers", marker=dict(symbol="star", size=19, color=P["orange"],
                                                                     line=dict(color="black", width=1.5)),
                             hovertext=site_hover, hoverinfo="text", showlegend=False,
                             name="back mice reported"), "body")
    gap = 0.2   # cm between a label and its line
    label_at = [(tx + (gap if s.region == "lateral_crest" else -gap), ty)
                for s in sites for tx, ty in [SITE_LABEL_AT[s.region]]] + [(-17.8, 15.0)]
    site_labels = add(scatter(
        x=[x for x, _ in label_at], y=[y for _, y in label_at], mode="text", hoverinfo="skip", showlegend=False,
        text=[SITE_TEXT[s.region] for s in sites] + ["\u2605 = back mice reported here"],
        textposition=["middle right" if s.region == "lateral_crest" else "middle left" for s in sites]
                     + ["middle right"],
        textfont=dict(size=[12] * len(sites) + [14], color=["#333"] * len(sites) + ["#1a1a1a"]),
        cliponaxis=False, name="site labels"), "body")
    # cluneal rows: midline rows in the panel on the body's axis, PSIS rows in their own panel
    for r in rows:
        panel = r.reference
        start, means, (lo, hi) = row_x_cm(r)
        yv = ROW_Y[r.id]
        colour = P[STUDY_COLOUR[r.id.split("_")[0]]]
        add(scatter(x=[start, max(means)], y=[yv, yv], mode="lines", line=dict(color=colour, width=1.5,
                                                                               dash="dot"),
                    hoverinfo="skip", showlegend=False, name=f"{r.study} reference"), panel, "cluneal")
        if r.sd_mm is not None:
            add(scatter(x=[lo, hi], y=[yv, yv], mode="lines", line=dict(color=colour, width=11),
                        opacity=0.5, hoverinfo="skip", showlegend=False, name=f"{r.study} band"), panel,
                "cluneal")
        ref_symbol = "line-ns" if panel == "midline" else "circle-open"
        add(scatter(x=[start], y=[yv], mode="markers", marker=dict(symbol=ref_symbol, size=14, color="black",
                                                                   line=dict(width=2.5, color="black")),
                    hoverinfo="skip", showlegend=False, name="reference point"), panel, "cluneal")
        add(scatter(x=means, y=[yv] * len(means), mode="markers",
                    marker=dict(symbol="diamond", size=12, color=colour, line=dict(color="black", width=1)),
                    hoverinfo="skip", showlegend=False, name=f"{r.study} mean"), panel, "cluneal")
        # hover/click targets along the band
        hx = round_half_even(arange(min(lo, start), max(hi, max(means)) + 0.01, 0.2), 2)
        add(scatter(x=hx, y=[yv] * len(hx), mode="markers", marker=dict(size=10, color="rgba(0,0,0,0)"),
                    hovertemplate=f"<b>{wrap(r.text(), 64)}</b><br><i>Source: {html.escape(sources(r.refs))}"
                                   "</i><br>Drawn from its own reference point (cm on this panel's axis)"
                                   "<extra></extra>",
                    showlegend=False, name=f"{r.study} (target)"), panel, "cluneal", is_hit=True)
    # hover/click targets for the regions (body panel): one transparent heatmap each, on one grid
    # (a smaller region inside a larger one owns its cells)
    gxs, gys, owners = hitgrid.landmark_map_raster()
    for value, rid in enumerate(landmark_regions(), 1):
        reg = regions[rid]
        add(hit_heatmap(gxs, gys, owners, value,
                        hovertemplate=f"<b>{html.escape(reg.name)}</b><br>{wrap(reg.short)}<br>"
                                      f"<i>{wrap('Source: ' + sources(reg.refs), 64)}</i><extra></extra>",
                        name=f"{reg.name} (target)"), "body", rid, is_hit=True)
    # three panels: "midline" (top, x/y, shares the body's x axis), "psis" (x3/y3, its own axis), body (x2/y2)
    axes = {"midline": ("x", "y"), "psis": ("x3", "y3"), "body": ("x2", "y2")}
    data = [{**trace, "xaxis": axes[panel][0], "yaxis": axes[panel][1]} for trace, panel in traces]
    # labels (on the body: backmice.body's coordinates, y = 0 at the level of the two PSISs)
    px, py = PSIS
    ann = [
        dict(x=0, y=-3.8, text="Sacrum", showarrow=False, xref="x2", yref="y2"),
        dict(x=px + 0.2, y=py - 0.3, ax=9.3, ay=-4.2, axref="x2", ayref="y2", text="PSIS (under the dimple)",
             showarrow=True, arrowhead=0, xref="x2", yref="y2", xanchor="left"),
        dict(x=11.5, y=8.8, ax=12.5, ay=10.8, axref="x2", ayref="y2", text="Iliac crest", showarrow=True,
             arrowhead=0, xref="x2", yref="y2", xanchor="left"),
        dict(x=4.0, y=-4.2, ax=7.8, ay=-6.6, axref="x2", ayref="y2", text="Sacroiliac region",
             showarrow=True, arrowhead=0, xref="x2", yref="y2", xanchor="left"),
        dict(x=3.25, y=14.7, text="Lumbar paraspinal region", showarrow=False, xref="x2", yref="y2",
             yanchor="bottom", xanchor="left"),
        dict(x=0.5, y=10.4, text="spinous<br>processes", showarrow=False, xref="x2", yref="y2", xanchor="left",
             font=dict(size=12, color="#444")),
        dict(x=px + RING_CM[-1] + 0.3, y=py + 1.2, text="dotted rings:<br>2, 4, 6, 8 cm<br>from the PSIS",
             showarrow=False, xref="x2", yref="y2", xanchor="left", align="left",
             font=dict(size=12, color="#333")),
    ]
    for r_cm in RING_CM:
        ann.append(dict(x=px + r_cm, y=py - 0.1, text=f"{r_cm}", showarrow=False, xref="x2", yref="y2",
                        yanchor="top", font=dict(size=11, color="#333")))
    for r in rows:
        xr, yr = PANEL_AXES[r.reference]
        ann.append(dict(x=-0.5, y=ROW_Y[r.id], text=html.escape(row_label(r)), showarrow=False, xref=xr,
                        yref=yr, xanchor="right", font=dict(size=12)))
    ann += [
        dict(x=-0.5, y=4.15, text="<b>Measured from the midline</b> (\u2502 = midline)", showarrow=False,
             xref="x", yref="y", xanchor="right", font=dict(size=13)),
        dict(x=0.5, y=4.15, text="Superior cluneal nerves at the crest: one band per study",
             showarrow=False, xref="x", yref="y", xanchor="left", font=dict(size=13)),
        dict(x=-0.5, y=5.15, text="<b>Measured from the PSIS</b> (\u25cb = PSIS)", showarrow=False,
             xref="x3", yref="y3", xanchor="right", font=dict(size=13)),
        dict(x=0.5, y=5.15, text="an axis of its own, starting at the PSIS (not at the midline)",
             showarrow=False, xref="x3", yref="y3", xanchor="left", font=dict(size=13)),
        dict(x=0, y=-0.085, xref="paper", yref="paper", showarrow=False, xanchor="left", yanchor="top", align="left",
             text="<i>Schematic: body proportions and the PSIS position are illustrative.<br>Bands: mean \u00b1 1 SD "
                  "(\u25c6 = mean). Compare a band only with bands measured from the same point.</i>"
                  + "".join(f"<br><i>\u2020 measured from the \u201c{html.escape(r.landmark)}\u201d, as the authors "
                            "named it; drawn here with the PSIS rows.</i>" for r in rows if r.landmark),
             font=dict(size=12, color="#333")),
    ]
    xaxis = dict(range=[-18.5, 18.5], fixedrange=True, zeroline=False, showgrid=True)
    ticks = dict(tickvals=list(range(0, 11, 2)), ticktext=[f"{v}" for v in range(0, 11, 2)],
                 tickfont=dict(size=11))
    layout = dict(
        width=FIG_WIDTH, height=1020, margin=dict(l=20, r=20, t=50, b=120), hovermode="closest", hoverdistance=10,
        dragmode=False, annotations=ann,
        title=dict(text="Landmark map: posterior view of the low back and pelvis (schematic)", font=dict(size=16)),
        xaxis=dict(xaxis, anchor="y", matches="x2", domain=[0, 1], **ticks,
                   title=dict(text="cm from the midline", font=dict(size=12), standoff=2)),
        xaxis3=dict(xaxis, anchor="y3", domain=[0, 1], **ticks,
                    title=dict(text="cm from the PSIS", font=dict(size=12), standoff=2)),
        xaxis2=dict(xaxis, anchor="y2", dtick=2, domain=[0, 1],
                    title=dict(text="distance from the midline (cm; body outline illustrative)")),
        yaxis=dict(domain=[0.835, 1.0], range=[0.3, 4.6], fixedrange=True, visible=False, anchor="x"),
        yaxis3=dict(domain=[0.615, 0.80], range=[0.3, 5.6], fixedrange=True, visible=False, anchor="x3"),
        yaxis2=dict(domain=[0.0, 0.545], range=[-11.4, 16.0], fixedrange=True, visible=False, anchor="x2"))
    widget = figure_widget(data, layout=layout)
    site_traces = (site_trace, site_leaders, site_labels)
    site_xy = {i: (list(data[i]["x"]), list(data[i]["y"])) for i in site_traces}
    return MapFigure(widget, region_traces, hit, site_traces, (hl_body, hl_mid, hl_psis), site_xy)


def landmark_figure():
    """The landmark map's figure (for screenshots)."""
    return landmark_figure_parts().figure

