"""Lesson 01: fascia anatomy of the lumbosacral region.

Three interactive tools, each built with :func:`backmice.widgets.tool`:

- :func:`layer_explorer` (two schematic sections, ``"l4"`` across the low back and ``"crest"``
  across the posterior iliac crest): show or hide each structure, hover or click it (or choose it
  in the *Read about* dropdown) for its name, one line and its sources, and move the *Finger depth*
  slider to highlight what the fingers press through.
- :func:`landmark_map`: a schematic posterior view with the PSIS, the iliac crest, the sacrum, the
  sites where back mice are reported, and one band per study for where the superior cluneal nerves
  cross the crest, each drawn from that study's own reference point (the data's ``from:``): rows
  measured from the midline in a panel on the body's own "distance from the midline" axis, rows
  measured from the PSIS in a panel whose axis starts at the PSIS (never as offsets from the
  midline), and rings of 2-8 cm around the body's PSIS to show what such a distance means.
- :func:`find_the_structure`: the drawing asks for a structure; the student clicks it or chooses its
  number; :func:`score_click` scores and explains.

What a student reads comes from ``assets/data/anatomy_layers.yaml`` and
``assets/data/anatomy_landmarks.yaml``; the drawing (coordinates, colours, label places) is here.
The drawings are schematic: every thickness, depth and position is illustrative (the figures say
so). Coordinates are "schematic units" (sections) or centimetres from the midline on an
illustrative body outline (landmark map).

Everything that decides something is a pure function (testable without a browser):
:func:`point_in_polygon`, :func:`distance_to_polyline`, :func:`structure_tops`, :func:`reached`,
:func:`score_click`, :func:`short_cite`, :func:`card_html`, :func:`cluneal_rows`,
:func:`band_ends`, :func:`row_x_cm`, :func:`ring_points`. Callbacks only look up precomputed
answers and update the figure inside ``batch_update()``.
"""

from __future__ import annotations

import html
import random
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from . import paths
from .references import short_cite  # the one short-citation helper

# --- text (YAML) ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Structure:
    id: str
    name: str
    label: str
    short: str
    description: str
    where: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    caption: str
    probe_name: str
    structures: tuple[str, ...]


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    short: str
    description: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Site:
    region: str
    label: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class ClunealRow:
    id: str
    study: str
    label: str                   # short, for the map (the row's header gives the reference point)
    what: str
    reference: str               # "midline" or "psis" (the data's ``from:``)
    means_mm: tuple[float, ...]  # one mean, or several (Tubbs et al.: three branches, no spread)
    sd_mm: float | None
    refs: tuple[str, ...]
    landmark: str | None = None  # the reference point in the study's own words, if not "PSIS"

    @property
    def mean_mm(self) -> float:
        return self.means_mm[0]

    def point(self) -> str:
        """The reference point in words, as the study named it."""
        if self.reference == "midline":
            return "the midline"
        if self.landmark:
            return f"the \u201c{self.landmark}\u201d (the authors' term; drawn at the PSIS)"
        return "the PSIS"

    def text(self) -> str:
        """The row in words, always with its reference point."""
        point = self.point()
        if self.sd_mm is None:
            values = ", ".join(f"{m:g}" for m in self.means_mm[:-1]) + f" and {self.means_mm[-1]:g} mm"
            return f"{self.study}: {self.what} at {values} from {point}"
        return f"{self.study}: {self.what}, {self.mean_mm:.1f} \u00b1 {self.sd_mm:.1f} mm from {point}"


def _yaml(name: str):
    return paths.read_yaml(paths.assets() / "data" / name)


@lru_cache(maxsize=1)
def structures() -> dict[str, Structure]:
    """Every structure of both sections, by id (text from anatomy_layers.yaml)."""
    raw = _yaml("anatomy_layers.yaml")["structures"]
    return {r["id"]: Structure(r["id"], r["name"], r["label"], r["short"].strip(),
                               " ".join(r["description"].split()), r["where"], tuple(r["refs"]))
            for r in raw}


@lru_cache(maxsize=1)
def sections() -> dict[str, Section]:
    raw = _yaml("anatomy_layers.yaml")["sections"]
    return {r["id"]: Section(r["id"], r["title"], r["caption"], r["probe_name"], tuple(r["structures"]))
            for r in raw}


@lru_cache(maxsize=1)
def landmarks() -> tuple[dict[str, Region], tuple[Site, ...], tuple[ClunealRow, ...]]:
    raw = _yaml("anatomy_landmarks.yaml")
    regions = {r["id"]: Region(r["id"], r["name"], r["short"], " ".join(r["description"].split()),
                               tuple(r["refs"])) for r in raw["regions"]}
    sites = tuple(Site(s["region"], s["label"], tuple(s["refs"])) for s in raw["sites"])
    rows = []
    for c in raw["cluneal"]:
        if c.get("from") not in ("midline", "psis"):
            raise ValueError(f"anatomy_landmarks.yaml: cluneal row {c.get('id')!r} needs from: midline or psis")
        rows.append(ClunealRow(c["id"], c["study"], c["label"], c["what"], c["from"],
                               tuple(float(m) for m in (c.get("means_mm") or [c["mean_mm"]])),
                               None if c.get("sd_mm") is None else float(c["sd_mm"]), tuple(c["refs"]),
                               c.get("landmark")))
    rows = tuple(rows)
    return regions, sites, rows


def cluneal_rows(reference: str | None = None) -> tuple[ClunealRow, ...]:
    """The cluneal crossing rows, optionally only those measured from ``reference``."""
    rows = landmarks()[2]
    if reference is None:
        return rows
    if reference not in ("midline", "psis"):
        raise ValueError("reference is 'midline' or 'psis'")
    return tuple(r for r in rows if r.reference == reference)


def band_ends(row: ClunealRow) -> tuple[float, float]:
    """Mean - SD and mean + SD in mm (the band drawn on the map); (mean, mean) with no SD."""
    if row.sd_mm is None:
        return min(row.means_mm), max(row.means_mm)
    return row.mean_mm - row.sd_mm, row.mean_mm + row.sd_mm


# --- citations and cards -----------------------------------------------------------------------

def _sources(refs) -> str:
    return "; ".join(short_cite(k) for k in refs)


def card_html(name: str, description: str, refs) -> str:
    """The card under a tool: name, description and its sources (as [@key], like the lesson)."""
    sources = "; ".join(f"{html.escape(short_cite(k))} [@{html.escape(k)}]" for k in refs)
    return (f"<div role='status' aria-live='polite' class='bm-anatomy-card' "
            f"style='border-left:4px solid #0072B2;padding:4px 10px;max-width:60em'>"
            f"<p style='margin:2px 0'><b>{html.escape(name)}</b></p>"
            f"<p style='margin:2px 0'>{html.escape(description)}</p>"
            f"<p style='margin:2px 0'><small>Sources: {sources}</small></p></div>")


def _wrap(text: str, width: int = 58) -> str:
    return "<br>".join(html.escape(line) for line in textwrap.wrap(text, width))


def hover_text(s: Structure) -> str:
    """What hovering a structure shows: name, one line, sources."""
    return (f"<b>{html.escape(s.name)}</b><br>{_wrap(s.short)}<br>"
            f"<i>{_wrap('Source: ' + _sources(s.refs), 64)}</i><extra></extra>")


# --- geometry helpers (pure) ---------------------------------------------------------------------

def point_in_polygon(x, y, polygon) -> np.ndarray:
    """Even-odd rule: True where (x, y) lies inside the closed polygon [(x, y), ...]."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    x, y = np.broadcast_arrays(x, y)
    px = np.array([p[0] for p in polygon], dtype=float)
    py = np.array([p[1] for p in polygon], dtype=float)
    inside = np.zeros(x.shape, dtype=bool)
    j = len(px) - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        for i in range(len(px)):
            crosses = (py[i] > y) != (py[j] > y)
            x_cross = (px[j] - px[i]) * (y - py[i]) / (py[j] - py[i]) + px[i]
            inside ^= crosses & (x < x_cross)
            j = i
    return inside


def distance_to_polyline(x, y, line) -> np.ndarray:
    """Shortest distance from (x, y) to an open polyline [(x, y), ...]."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    x, y = np.broadcast_arrays(x, y)
    best = np.full(x.shape, np.inf)
    for (x0, y0), (x1, y1) in zip(line[:-1], line[1:]):
        dx, dy = x1 - x0, y1 - y0
        length2 = dx * dx + dy * dy
        t = np.zeros(x.shape) if length2 == 0 else np.clip(((x - x0) * dx + (y - y0) * dy) / length2, 0, 1)
        best = np.minimum(best, np.hypot(x - (x0 + t * dx), y - (y0 + t * dy)))
    return best


def _rect(x0, x1, y0, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def _ellipse(cx, cy, rx, ry, n=48, closed=False):
    t = np.linspace(0, 2 * np.pi, n, endpoint=closed)
    return [(float(cx + rx * np.cos(a)), float(cy + ry * np.sin(a))) for a in t]


def _band(line, half_width):
    """A polygon of width 2*half_width around a polyline (for clickable bands)."""
    pts = np.array(line, dtype=float)
    d = np.gradient(pts, axis=0)
    n = np.stack([-d[:, 1], d[:, 0]], axis=1)
    n /= np.linalg.norm(n, axis=1, keepdims=True)
    left, right = pts + half_width * n, pts - half_width * n
    return [tuple(map(float, p)) for p in np.vstack([left, right[::-1]])]


def _resample(line, step):
    """Points every ``step`` along a polyline (for hover/click targets on thin lines)."""
    out = []
    for (x0, y0), (x1, y1) in zip(line[:-1], line[1:]):
        n = max(1, int(np.hypot(x1 - x0, y1 - y0) / step))
        out += [(x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n) for k in range(n)]
    out.append(tuple(line[-1]))
    return out


# --- the two sections: drawing ------------------------------------------------------------------

@dataclass(frozen=True)
class Shape:
    kind: str                   # "area" (closed, filled) or "line" (open polyline)
    points: tuple
    colour: str                 # a key of style.PALETTE
    opacity: float = 0.5        # fill opacity (areas)
    pattern: str = ""           # plotly fill pattern: "", ".", "/", "\\", "x", "-", "|", "+"
    width: float = 1.2          # outline width (areas) or line width (lines)
    dash: str = "solid"
    outline: str | None = None  # outline colour key for areas (default: black at 60%)


@dataclass(frozen=True)
class Label:
    x: float                    # arrow tip (or text centre when inside)
    y: float
    tx: float | None = None     # text position (None: the text sits at x, y inside the structure)
    ty: float | None = None
    text: str | None = None     # a section's own label text (default: the structure's label)


@dataclass(frozen=True)
class Drawing:
    section: str
    xrange: tuple[float, float]
    yrange: tuple[float, float]
    height: int
    probe: float                # x of the finger (schematic units)
    probe_half_width: float
    max_depth: float
    start_depth: float
    shapes: dict = field(default_factory=dict)      # id -> tuple[Shape, ...]
    labels: dict = field(default_factory=dict)      # id -> Label
    stops: tuple[str, ...] = ()                     # bone: fingers stop there
    notes: tuple = ()                               # (x, y, text, xanchor)


FIG_WIDTH = 820   # px: fits JupyterLab's notebook column next to the file browser
LINE_HIT = 0.09   # a point this close to a line belongs to it (schematic units)


def _l4() -> Drawing:
    membranous = [(0.0, -2.78), (0.35, -2.62), (1.1, -1.75), (1.8, -1.48), (14.0, -1.45)]
    shapes = {
        "skin": (Shape("area", _rect(0, 14, -0.35, 0), "orange", 0.45),),
        "sat": (Shape("area", [(0, -0.35), (14, -0.35)] + membranous[::-1], "yellow", 0.5, "."),),
        "membranous": (Shape("line", membranous, "sky", width=3.5),),
        "dat": (Shape("area", [(0.25, -2.74), (1.1, -1.75), (1.8, -1.48), (14, -1.45), (14, -2.58),
                               (11.3, -2.72), (0.25, -2.76)], "yellow", 0.28, "-"),),
        "superficial_lamina": (Shape("line", [(0, -2.8), (9.15, -2.8)], "blue", width=4),
                               Shape("line", [(9.58, -2.8), (11.35, -2.8)], "blue", width=4)),
        "latissimus": (Shape("area", [(11.2, -2.72), (14, -2.6), (14, -3.55), (12.6, -3.4), (11.2, -2.9)],
                             "vermillion", 0.35, "\\"),),
        "subfascial_fat": (Shape("area", [(9.05, -2.9), (11.15, -2.92), (10.8, -3.3), (10.15, -3.85),
                                          (9.95, -3.9), (9.62, -3.58), (9.3, -3.32), (9.0, -3.02)],
                                 "yellow", 0.65, "+"),),
        "fenestration": (
            Shape("area", [(9.12, -2.8), (8.98, -2.45), (9.12, -2.15), (9.45, -2.06), (9.72, -2.28),
                           (9.6, -2.8)], "yellow", 0.6, "", width=2, dash="dash", outline="vermillion"),
            Shape("line", [(8.6, -6.6), (9.45, -5.6), (9.62, -4.4), (9.45, -3.55), (9.35, -2.8),
                           (9.25, -2.0), (9.05, -1.45), (8.9, -0.6), (8.85, -0.35)], "black", width=2.2)),
        "prs": (Shape("line", [(0.45, -3.1), (8.95, -3.1), (9.3, -3.42)], "green", width=3.5),
                Shape("line", [(9.58, -3.68), (9.85, -3.98), (9.95, -5.3), (9.5, -6.4), (7.95, -7.2)],
                      "green", width=3.5)),
        "esa": (Shape("line", [(0.55, -3.38), (8.7, -3.38)], "purple", width=3.5),),
        "multifidus": (Shape("area", [(0.55, -3.6), (3.0, -3.6), (3.5, -4.9), (3.15, -6.8), (2.9, -6.72),
                                      (0.58, -5.85)], "vermillion", 0.55, "x"),),
        "erector": (Shape("area", [(3.05, -3.6), (8.6, -3.6), (9.4, -4.2), (9.45, -5.3), (9.05, -6.2),
                                   (7.75, -6.95), (3.4, -6.95), (3.2, -6.8), (3.55, -4.9)],
                          "vermillion", 0.32, "/"),),
        "vertebra": (Shape("area", [(0, -2.9), (0.42, -2.9), (0.55, -5.85), (2.9, -6.72), (3.3, -7.05),
                                    (7.7, -7.1), (7.95, -7.35), (7.7, -7.6), (3.6, -7.7), (3.5, -8.6),
                                    (4.1, -9.0), (4.3, -10.6), (3.8, -11.6), (0, -11.8)], "grey", 0.55),),
        "middle_layer": (Shape("line", [(7.95, -7.45), (9.9, -7.68), (10.9, -8.5)], "blue", width=3,
                               dash="dash"),),
        "ql": (Shape("area", [(4.6, -7.88), (9.8, -7.88), (10.7, -8.55), (9.8, -9.5), (4.6, -9.92),
                              (4.45, -8.9)], "vermillion", 0.25, "|"),),
        "anterior_layer": (Shape("line", [(4.45, -10.08), (9.9, -9.66), (10.9, -8.6)], "blue", width=3,
                                 dash="dot"),),
    }
    labels = {
        "skin": Label(13.0, -0.18, 14.5, 0.0),
        "sat": Label(5.0, -0.9),
        "membranous": Label(13.0, -1.45, 14.5, -0.75),
        "fenestration": Label(9.55, -2.3, 14.5, -1.65),
        "dat": Label(5.0, -2.12),
        "superficial_lamina": Label(10.8, -2.8, 14.5, -2.55),
        "latissimus": Label(13.3, -3.05, 14.5, -3.25),
        "subfascial_fat": Label(10.5, -3.3, 14.5, -3.72),
        "prs": Label(9.93, -4.7, 14.5, -4.6),
        "esa": Label(5.9, -3.38, 5.9, -3.98),
        "multifidus": Label(1.85, -4.7),
        "erector": Label(6.3, -5.3),
        "vertebra": Label(1.9, -9.8),
        "middle_layer": Label(10.4, -8.07, 14.5, -7.55),
        "ql": Label(7.4, -8.85),
        "anterior_layer": Label(10.4, -9.07, 14.5, -9.4),
    }
    notes = ((0.0, 0.8, "\u2190 midline (spinous process)", "left"),
             (14.0, 0.8, "lateral (toward the side) \u2192", "right"))
    return Drawing("l4", (-0.4, 21.6), (-12.2, 1.1), 660, probe=5.5, probe_half_width=0.5,
                   max_depth=9.0, start_depth=1.0, shapes=shapes, labels=labels,
                   stops=("vertebra",), notes=notes)


def _crest() -> Drawing:
    nerve = [(0.6, -6.4), (1.6, -5.0), (2.6, -3.7), (3.4, -3.32), (4.6, -3.3), (5.6, -3.33), (6.6, -3.3),
             (7.2, -3.2), (7.55, -2.95), (7.65, -2.7), (7.9, -2.3), (8.6, -1.9), (9.3, -1.42), (11.0, -0.95),
             (14.0, -0.75)]
    shapes = {
        "skin": (Shape("area", _rect(0, 14, -0.35, 0), "orange", 0.45),),
        "sat": (Shape("area", _rect(0, 14, -1.42, -0.35), "yellow", 0.5, "."),),
        "membranous": (Shape("line", [(0, -1.42), (14, -1.42)], "sky", width=3.5),),
        "dat": (Shape("area", _rect(0, 14, -2.65, -1.42), "yellow", 0.28, "-"),),
        "back_mouse": (Shape("area", _ellipse(4.9, -2.0, 0.95, 0.42), "orange", 0.6, "", width=2,
                             dash="dash", outline="vermillion"),),
        "tlc": (Shape("area", [(0, -2.65), (7.3, -2.65), (7.3, -3.02), (0, -3.2)], "blue", 0.45, "x"),),
        "back_muscles": (Shape("area", [(0, -3.25), (3.5, -3.45), (4.6, -3.75), (4.9, -4.05), (4.2, -5.2),
                                        (3.3, -8.0), (0, -8.0)], "vermillion", 0.32, "/"),),
        "gluteus": (Shape("area", [(8.0, -2.95), (14, -2.95), (14, -5.75), (9.5, -4.55), (7.75, -3.8),
                                   (7.6, -3.2)], "vermillion", 0.32, "\\"),
                    Shape("line", [(7.95, -2.76), (14, -2.76)], "blue", width=3)),
        "scn": (Shape("line", nerve, "black", width=2.6),
                Shape("line", _ellipse(5.9, -3.33, 1.1, 0.21, closed=True), "black", width=1.4, dash="dot")),
        "crest": (Shape("area", [(3.4, -8.0), (4.3, -5.2), (5.0, -3.95), (5.7, -3.58), (6.5, -3.55),
                                 (7.1, -3.65), (7.6, -3.85), (9.5, -4.65), (14, -5.85), (14, -8.0)],
                        "grey", 0.55),),
    }
    labels = {
        "skin": Label(13.0, -0.18, 14.5, 0.05),
        "scn": Label(12.5, -0.86, 14.5, -0.62),
        "sat": Label(3.0, -0.88),
        "membranous": Label(13.0, -1.42, 14.5, -1.5),
        "dat": Label(11.5, -2.05, text="Deep fat"),
        "back_mouse": Label(4.9, -2.0),
        "tlc": Label(3.3, -2.92, text="Fused fascia (composite)"),
        "back_muscles": Label(1.7, -7.3),
        "gluteus": Label(11.2, -3.95),
        "crest": Label(9.6, -6.7),
    }
    notes = ((0.0, 0.8, "\u2190 toward the waist", "left"), (14.0, 0.8, "toward the buttock \u2192", "right"),
             (5.9, -4.45, "osteofibrous tunnel \u2191", "center"))
    return Drawing("crest", (-0.4, 21.6), (-8.3, 1.1), 520, probe=5.9, probe_half_width=0.5,
                   max_depth=4.5, start_depth=1.0, shapes=shapes, labels=labels,
                   stops=("crest",), notes=notes)


@lru_cache(maxsize=2)
def drawing(section: str) -> Drawing:
    builders = {"l4": _l4, "crest": _crest}
    if section not in builders:
        raise KeyError(f"no section {section!r}; choose one of {', '.join(builders)}")
    return builders[section]()


def _structure_mask(shapes, x, y) -> np.ndarray:
    mask = np.zeros(np.broadcast(x, y).shape, dtype=bool)
    for s in shapes:
        if s.kind == "area":
            mask |= point_in_polygon(x, y, s.points)
        else:
            mask |= distance_to_polyline(x, y, s.points) <= LINE_HIT
    return mask


@lru_cache(maxsize=4)
def structure_tops(section: str, probe: float | None = None) -> tuple[tuple[str, float], ...]:
    """(structure, depth of its top) under the finger, shallow to deep, for every structure found in
    the probe column (probe +/- half width). Depths in schematic units (illustrative)."""
    d = drawing(section)
    probe = d.probe if probe is None else probe
    xs = np.arange(probe - d.probe_half_width, probe + d.probe_half_width + 1e-9, 0.05)
    depths = np.arange(0.0, -d.yrange[0], 0.01)
    gx, gy = np.meshgrid(xs, -depths)
    tops = []
    for sid, shapes in d.shapes.items():
        rows = _structure_mask(shapes, gx, gy).any(axis=1)
        if rows.any():
            tops.append((sid, round(float(depths[np.argmax(rows)]), 2)))
    return tuple(sorted(tops, key=lambda t: t[1]))


def reached(section: str, depth: float) -> list[str]:
    """Structures the fingers press into at ``depth`` (schematic units), shallow to deep.

    A structure counts once the finger depth passes its top. Bone stops the fingers: nothing
    below the top of the first bone is reached.
    """
    if depth < 0:
        raise ValueError("depth is measured down from the skin, so it cannot be negative")
    d = drawing(section)
    tops = structure_tops(section)
    bone = min((t for s, t in tops if s in d.stops), default=float("inf"))
    return [s for s, t in tops if t < depth and (t <= bone)]


def profile_text(section: str) -> str:
    """The layers under the finger, skin to bone, in words."""
    d = drawing(section)
    tops = structure_tops(section)
    bone = min((t for s, t in tops if s in d.stops), default=float("inf"))
    names = [structures()[s].name for s, t in tops if t <= bone]
    return "; ".join(names)


# --- plotly figures for a section ---------------------------------------------------------------

def _rgba(colour_key: str, alpha: float) -> str:
    from . import style

    h = style.PALETTE[colour_key].lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _scatter(**props) -> dict:
    """A scatter trace as a plain dict: the figure is built from dicts in one go and wrapped by
    backmice.widgets.figure_widget (fast, and still validated where it matters)."""
    return {"type": "scatter", **{k: v for k, v in props.items() if v is not None}}


def _xy(points, close=False):
    pts = list(points) + ([points[0]] if close else [])
    return [p[0] for p in pts], [p[1] for p in pts]


def _hit_points(d: Drawing, sid: str, spacing: float = 0.22):
    """Invisible hover/click targets covering a structure (lines win over areas at borders)."""
    shapes = d.shapes[sid]
    xs, ys = [], []
    lines = [s for other, ss in d.shapes.items() for s in ss if s.kind == "line" and other != sid]
    for s in shapes:
        if s.kind == "line":
            pts = _resample(s.points, 0.15)
            xs += [p[0] for p in pts]
            ys += [p[1] for p in pts]
            continue
        px, py = _xy(s.points)
        gx, gy = np.meshgrid(np.arange(min(px), max(px) + spacing, spacing),
                             np.arange(min(py), max(py) + spacing, spacing))
        inside = point_in_polygon(gx, gy, s.points)
        for line in lines:
            inside &= distance_to_polyline(gx, gy, line.points) > 0.15
        if not inside.any():  # a small area: its centre at least
            cx, cy = float(np.mean(px)), float(np.mean(py))
            gx, gy, inside = np.array([cx]), np.array([cy]), np.array([True])
        xs += [round(float(v), 3) for v in gx[inside]]
        ys += [round(float(v), 3) for v in gy[inside]]
    return xs, ys


@dataclass
class SectionFigure:
    """A section's FigureWidget and where each structure's pieces are in it."""
    figure: object
    traces: dict          # id -> [indexes of drawn traces]
    hit: dict             # trace index -> structure id (click targets)
    annotations: dict     # id -> index in layout.annotations
    probe_traces: tuple = ()
    highlight: int | None = None
    numbers: dict = field(default_factory=dict)   # id -> number shown (numbered drawings)


def numbering(section: str = "l4", seed: int = 11) -> dict[str, int]:
    """A fixed shuffled numbering of a section's structures (so numbers do not give away the order)."""
    ids = list(sections()[section].structures)
    order = list(range(1, len(ids) + 1))
    random.Random(seed).shuffle(order)
    return dict(zip(ids, order))


def section_figure(section: str = "l4", *, numbered: bool = False) -> SectionFigure:
    """Build the schematic section once. ``numbered`` replaces names by numbers (for the game)."""
    from .widgets import figure_widget

    from . import style

    style.use()
    d, sec, texts = drawing(section), sections()[section], structures()
    numbers = numbering(section) if numbered else {}
    traces, hit, data = {}, {}, []
    # a glow under the selected structure (drawn first, so it stays underneath)
    data.append(_scatter(x=[], y=[], mode="lines", line=dict(color="rgba(0,0,0,0.35)", width=9),
                           hoverinfo="skip", showlegend=False, name="selected"))
    highlight = 0
    # areas first, lines on top of them (sheets of fascia stay visible over muscle and fat)
    order = [s for s in sec.structures if d.shapes[s][0].kind == "area"] + \
            [s for s in sec.structures if d.shapes[s][0].kind == "line"]
    for sid in order:
        traces[sid] = []
        for shape in d.shapes[sid]:
            x, y = _xy(shape.points, close=shape.kind == "area")
            if shape.kind == "area":
                outline = _rgba(shape.outline, 1.0) if shape.outline else "rgba(0,0,0,0.6)"
                # the pattern carries meaning too (not colour alone); its background is the fill colour
                fillpattern = dict(shape=shape.pattern, fgcolor="rgba(0,0,0,0.3)",
                                   bgcolor=_rgba(shape.colour, shape.opacity), size=7, solidity=0.12) \
                    if shape.pattern else None
                trace = _scatter(x=x, y=y, mode="lines", fill="toself",
                                   fillcolor=_rgba(shape.colour, shape.opacity), fillpattern=fillpattern,
                                   line=dict(color=outline, width=shape.width, dash=shape.dash),
                                   hoverinfo="skip", showlegend=False, name=texts[sid].name)
            else:
                trace = _scatter(x=x, y=y, mode="lines",
                                   line=dict(color=style.PALETTE[shape.colour], width=shape.width,
                                             dash=shape.dash),
                                   hoverinfo="skip", showlegend=False, name=texts[sid].name)
            traces[sid].append(len(data))
            data.append(trace)
    # fenestration markers: open circles where the nerve passes the fascia
    if "fenestration" in d.shapes:
        traces["fenestration"].append(len(data))
        data.append(_scatter(x=[9.37, 9.44], y=[-2.8, -3.55], mode="markers",
                               marker=dict(symbol="circle-open", size=13, color="black", line=dict(width=2)),
                               hoverinfo="skip", showlegend=False, name="fenestrations"))
    # click and hover targets, one trace per structure (hidden with it)
    for sid in order:
        xs, ys = _hit_points(d, sid)
        template = (f"<b>Number {numbers[sid]}</b><extra></extra>" if numbered else hover_text(texts[sid]))
        hit[len(data)] = sid
        traces[sid].append(len(data))
        data.append(_scatter(x=xs, y=ys, mode="markers", marker=dict(size=9, color="rgba(0,0,0,0)"),
                               hovertemplate=template, showlegend=False, name=f"{texts[sid].name} (target)"))
    probe_traces = ()
    if not numbered:
        px0, px1 = d.probe - d.probe_half_width, d.probe + d.probe_half_width
        depth = d.start_depth
        probe_traces = (len(data), len(data) + 1)
        data.append(_scatter(x=[px0, px1, px1, px0, px0], y=[0, 0, -depth, -depth, 0], mode="lines",
                               fill="toself", fillcolor="rgba(86,180,233,0.28)",
                               line=dict(color=style.PALETTE["blue"], width=2, dash="dash"),
                               hoverinfo="skip", showlegend=False, name="finger depth"))
        data.append(_scatter(x=[d.probe, d.probe], y=[0.42, -depth], mode="markers+text",
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


def l4_figure():
    """The L4 section as drawn in the layer explorer (for screenshots)."""
    return section_figure("l4").figure


def crest_figure():
    return section_figure("crest").figure


def game_figure():
    return section_figure("l4", numbered=True).figure


def _outline_of(d: Drawing, sid: str):
    """x, y of a structure's outline (for the highlight glow); None separates pieces."""
    xs, ys = [], []
    for s in d.shapes[sid]:
        x, y = _xy(s.points, close=s.kind == "area")
        xs += x + [None]
        ys += y + [None]
    return xs, ys


# --- the layer explorer ---------------------------------------------------------------------------

def checkbox_text(s: Structure) -> str:
    """A short name for a show/hide box: the label without line breaks or its explanation."""
    text = s.label.replace("-<br>", "").replace("<br>", " ")
    return text.split(" (")[0].split(":")[0].strip()


def explorer_summary(section: str, depth: float, selected: str | None, hidden=()) -> str:
    """The text alternative of the layer explorer for a state."""
    d, sec, texts = drawing(section), sections()[section], structures()
    now = reached(section, depth)
    bone = any(s in d.stops for s in now)
    parts = [f"{sec.title}. {sec.caption}",
             f"Under the finger ({sec.probe_name}), from the skin inward: {profile_text(section)}."]
    if now:
        parts.append(f"Finger depth {depth:.1f} (illustrative units): the fingers press into "
                     f"{'; '.join(texts[s].name for s in now)}."
                     + (" Bone stops the fingers here." if bone else ""))
    else:
        parts.append("Finger depth 0: the fingers only rest on the skin.")
    if hidden:
        parts.append("Hidden: " + ", ".join(texts[h].name for h in hidden) + ".")
    if selected:
        parts.append(f"Selected: {texts[selected].name}. {texts[selected].short}")
    return " ".join(parts)


def layer_explorer(section: str = "l4", *, selected: str | None = None, depth: float | None = None):
    """The layer explorer (a backmice.widgets tool) for section ``"l4"`` or ``"crest"``."""
    import ipywidgets as w

    from .widgets import summary_html, tool

    d, sec, texts = drawing(section), sections()[section], structures()
    sf = section_figure(section)
    fig = sf.figure
    ids = list(sec.structures)
    selected = selected or ids[0]
    depth_slider = w.FloatSlider(value=d.start_depth if depth is None else depth, min=0.0, max=d.max_depth,
                                 step=0.1, description="Finger depth", readout_format=".1f",
                                 continuous_update=True, style={"description_width": "initial"},
                                 layout={"width": "34em"})
    pick = w.Dropdown(options=[(texts[s].name, s) for s in ids], value=selected,
                      description="Read about:", style={"description_width": "initial"},
                      layout={"width": "auto"})
    boxes = {s: w.Checkbox(value=True, description=checkbox_text(texts[s]),
                           indent=False, layout={"width": "auto"}) for s in ids}
    grid = w.GridBox(list(boxes.values()), layout=w.Layout(grid_template_columns="repeat(3, auto)",
                                                           grid_gap="0 14px"))
    shown_label = w.HTML("<b>Show or hide:</b>")
    card = w.HTML()
    state = {"faded": set(), "selected": None}

    def hidden():
        return [s for s in ids if not boxes[s].value]

    def refresh_summary():
        box.summary.value = summary_html(explorer_summary(section, depth_slider.value, state["selected"],
                                                          hidden()))

    bone_top = min((t for s, t in structure_tops(section) if s in d.stops), default=d.max_depth)

    def set_depth(value):
        now = set(reached(section, value))
        value = min(value, bone_top)   # the box stops at the bone, like the fingers
        faded = {s for s in ids if s not in now}
        px0, px1 = d.probe - d.probe_half_width, d.probe + d.probe_half_width
        # Each batch sets the same properties on every trace it touches: plotly's FigureWidget
        # mishandles a batch that mixes property sets across traces (traces lost their y values).
        with fig.batch_update():
            fig.data[sf.probe_traces[0]].x = [px0, px1, px1, px0, px0]
            fig.data[sf.probe_traces[0]].y = [0, 0, -value, -value, 0]
            fig.data[sf.probe_traces[1]].x = [d.probe, d.probe]
            fig.data[sf.probe_traces[1]].y = [0.42, -value]
        changed = faded ^ state["faded"]
        if changed:
            with fig.batch_update():
                for s in changed:
                    for i in sf.traces[s]:
                        if i not in sf.hit:
                            fig.data[i].opacity = 0.3 if s in faded else 1.0
        state["faded"] = faded

    def select(sid):
        if sid == state["selected"]:
            return
        state["selected"] = sid
        x, y = _outline_of(d, sid)
        with fig.batch_update():
            fig.data[sf.highlight].x = x
            fig.data[sf.highlight].y = y
        card.value = card_html(texts[sid].name, texts[sid].description, texts[sid].refs)

    def on_depth(change):
        set_depth(change["new"])
        refresh_summary()

    def on_pick(change):
        select(change["new"])
        refresh_summary()

    def on_box(sid):
        def handler(change):
            visible = bool(change["new"])
            with fig.batch_update():
                for i in sf.traces[sid]:
                    fig.data[i].visible = visible
                fig.layout.annotations[sf.annotations[sid]].visible = visible
            if state["selected"] == sid:
                x, y = _outline_of(d, sid) if visible else ([], [])
                with fig.batch_update():
                    fig.data[sf.highlight].x, fig.data[sf.highlight].y = x, y
            refresh_summary()
        return handler

    def on_click(trace, points, _state=None):
        if points.point_inds:
            sid = sf.hit.get(points.trace_index) or trace_to_id.get(id(trace))
            if sid:
                pick.value = sid   # the dropdown's observer selects it (one route for both)

    trace_to_id = {id(fig.data[i]): s for i, s in sf.hit.items()}
    for i in sf.hit:
        fig.data[i].on_click(on_click)
    depth_slider.observe(on_depth, names="value")
    pick.observe(on_pick, names="value")
    for s, b in boxes.items():
        b.observe(on_box(s), names="value")
    set_depth(depth_slider.value)
    select(selected)
    box = tool(f"Layer explorer: {sec.title}", [depth_slider, pick, w.VBox([shown_label, grid])], figure=fig,
               summary=explorer_summary(section, depth_slider.value, selected), extra=(card,))
    box.depth, box.pick, box.checkboxes, box.card = depth_slider, pick, boxes, card
    box.section, box.parts, box.on_click = section, sf, on_click
    return box


# --- "Find the structure" ----------------------------------------------------------------------

def score_click(target: str, clicked: str | None, section: str = "l4") -> tuple[bool, str]:
    """Score one answer: is ``clicked`` the ``target`` structure? Returns (correct, explanation).

    ``clicked`` is a structure id, or None for a click outside every structure.
    """
    ids = sections()[section].structures
    texts = structures()
    if target not in ids:
        raise ValueError(f"{target!r} is not a structure of section {section!r}")
    if clicked is not None and clicked not in ids:
        raise ValueError(f"{clicked!r} is not a structure of section {section!r}")
    t = texts[target]
    if clicked == target:
        return True, f"\u2713 Right: that is {the(t.name)}. It lies {t.where}. {t.short}"
    if clicked is None:
        return False, f"\u2717 That spot is outside the marked structures. {the(t.name, True)} lies {t.where}."
    c = texts[clicked]
    return False, (f"\u2717 That is {the(c.name)}, not {the(t.name)}. "
                   f"{the(t.name, True)} lies {t.where}.")


def the(name: str, start: bool = False) -> str:
    """'the skin', 'the erector spinae' (acronyms such as PSIS keep their capitals)."""
    if name.startswith("A "):
        name = name[2:]
    word = name if name[:2].isupper() else name[0].lower() + name[1:]
    return ("The " if start else "the ") + word


def game_order(section: str = "l4", seed: int = 3) -> list[str]:
    """The order in which the game asks for structures (fixed, shuffled)."""
    ids = list(sections()[section].structures)
    random.Random(seed).shuffle(ids)
    return ids


def find_the_structure(section: str = "l4"):
    """The game (a backmice.widgets tool): find the named structure by clicking it or choosing its number."""
    import ipywidgets as w

    from .widgets import summary_html, tool

    d, texts = drawing(section), structures()
    sf = section_figure(section, numbered=True)
    fig, numbers = sf.figure, sf.numbers
    order = game_order(section)
    by_number = sorted(numbers.items(), key=lambda kv: kv[1])
    answer = w.Dropdown(options=[("choose a number", "")] + [(str(n), s) for s, n in by_number], value="",
                        description="Your answer (number on the drawing):",
                        style={"description_width": "initial"}, layout={"width": "auto"})
    next_button = w.Button(description="Next structure", icon="arrow-right", layout={"width": "auto"},
                           tooltip="Ask for the next structure")
    task = w.HTML(description="Task:")
    feedback = w.HTML("")
    state = {"index": 0, "answered": False, "right": 0, "tried": 0, "last": None}

    def target():
        return order[state["index"] % len(order)]

    def task_html():
        n = state["index"] % len(order) + 1
        return (f"<span style='font-size:1.05em'>{n} of {len(order)}: find the "
                f"<b>{html.escape(the(texts[target()].name)[4:])}</b>. Click it on the drawing, or choose its "
                f"number below.</span>")

    def summary():
        return (f"{sections()[section].title}, with numbers 1 to {len(order)} in place of names. "
                f"Task: find {the(texts[target()].name)}. Score: {state['right']} right out of "
                f"{state['tried']} answered.")

    def show_answer(sid):
        with fig.batch_update():
            fig.data[sf.highlight].x, fig.data[sf.highlight].y = _outline_of(d, sid)

    def answer_with(clicked):
        """Score the answer to the current task (first answer per task counts)."""
        correct, text = score_click(target(), clicked, section)
        if not state["answered"]:
            state["answered"] = True
            state["tried"] += 1
            state["right"] += int(correct)
        state["last"] = (correct, text)
        number = f" (number {numbers[target()]})" if not correct else ""
        feedback.value = (f"<div role='status' aria-live='polite'><p>{html.escape(text)}{number}</p>"
                          f"<p><b>Score:</b> {state['right']} right out of {state['tried']}. "
                          "The dark outline on the drawing shows the structure asked for.</p></div>")
        show_answer(target())
        box.summary.value = summary_html(summary())
        return correct, text

    def on_answer(change):
        if change["new"]:
            answer_with(change["new"])

    def on_next(_=None):
        state["index"] += 1
        state["answered"] = False
        task.value = task_html()
        feedback.value = ""
        with fig.batch_update():
            fig.data[sf.highlight].x, fig.data[sf.highlight].y = [], []
        answer.unobserve(on_answer, names="value")
        answer.value = ""
        answer.observe(on_answer, names="value")
        box.summary.value = summary_html(summary())

    def on_click(trace, points, _state=None):
        if points.point_inds:
            sid = sf.hit.get(points.trace_index) or trace_to_id.get(id(trace))
            if sid:
                answer_with(sid)

    trace_to_id = {id(fig.data[i]): s for i, s in sf.hit.items()}
    for i in sf.hit:
        fig.data[i].on_click(on_click)
    answer.observe(on_answer, names="value")
    next_button.on_click(on_next)
    task.value = task_html()
    # the task is shown first, above the drawing; the answer dropdown is the keyboard route
    box = tool("Find the structure", [task, answer, next_button], figure=fig, summary=summary(),
               extra=(feedback,))
    box.answer, box.next_button, box.task, box.feedback = answer, next_button, task, feedback
    box.state, box.target, box.answer_with, box.on_click, box.parts = state, target, answer_with, on_click, sf
    return box


# --- the landmark map -----------------------------------------------------------------------------

PSIS_X, PSIS_Y = 4.3, 1.6            # cm from the midline / above an arbitrary zero (illustrative)
# Every PSIS of this module (the crest's back end, the clickable region, the marker, the rings, the PSIS
# panel's origin) is drawn from PSIS_X, PSIS_Y; other lessons draw their own PSIS.
_CREST = [(PSIS_X, PSIS_Y), (4.7, 4.2), (5.9, 7.2), (7.8, 9.4), (10.2, 10.4), (12.8, 10.2), (15.0, 8.6),
          (16.3, 6.2), (16.6, 3.8)]
_ILIUM = _CREST + [(16.2, 0.5), (14.2, -3.2), (10.8, -6.2), (7.0, -7.2), (4.6, -6.0), (3.3, -3.6), (3.9, -0.5)]
_SACRUM = [(-4.9, 4.6), (4.9, 4.6), (3.4, -3.6), (1.3, -8.2), (-1.3, -8.2), (-3.4, -3.6)]


def _mirror(points):
    return [(-x, y) for x, y in points]


def landmark_regions() -> dict[str, list[list[tuple[float, float]]]]:
    """Clickable regions of the posterior view: id -> polygons (both sides where paired)."""
    posterior = _band(_CREST[:5], 0.8)
    lateral = _band(_CREST[4:], 0.8)
    si = _band([(4.9, 4.4), (3.4, -3.6)], 0.75)
    psis = _ellipse(PSIS_X, PSIS_Y, 1.1, 1.1, n=24)
    paraspinal = _rect(1.1, 5.4, 5.4, 16.3)
    out = {}
    for rid, poly in (("psis", psis), ("posterior_crest", posterior), ("lateral_crest", lateral),
                      ("si_region", si), ("paraspinal", paraspinal)):
        out[rid] = [poly, _mirror(poly)]
    out["sacrum"] = [_SACRUM]
    return out


SITE_XY = {"psis": (-5.5, 2.9), "posterior_crest": (-7.6, 8.7), "lateral_crest": (-15.7, 7.4),
           "si_region": (-4.15, -1.2), "paraspinal": (-3.3, 12.6)}
SITE_TEXT = {"psis": "near the PSIS", "posterior_crest": "posterior crest", "lateral_crest": "lateral crest",
             "si_region": "SI region", "paraspinal": "paraspinal"}
SITE_LABEL_AT = {"psis": (-6.4, 4.2), "posterior_crest": (-8.9, 6.4), "lateral_crest": (-15.2, 3.0),
                 "si_region": (-5.0, -0.1), "paraspinal": (-4.2, 14.2)}
# Rows of the two cluneal panels (y in each panel's own units). Panel "midline" shares the body's
# x axis (cm from the midline); panel "psis" has an axis of its own that starts at the PSIS.
ROW_Y = {"loubser_midline": 3.0, "iwanaga_midline": 2.0, "fifteen_midline": 1.0,
         "loubser_psis": 4.0, "iwanaga_psis": 3.0, "fifteen_psis": 2.0, "tubbs_psis": 1.0}
# One colour per study in both panels (Okabe-Ito; every row is also labelled in words).
STUDY_COLOUR = {"loubser": "blue", "iwanaga": "vermillion", "fifteen": "green", "tubbs": "purple"}
RING_CM = (2, 4, 6, 8)               # the "distance from the PSIS" rings drawn on the body (right side)
PANEL_AXES = {"midline": ("x", "y"), "psis": ("x3", "y3")}


def row_x_cm(row: ClunealRow) -> tuple[float, list[float], tuple[float, float]]:
    """Where a row sits on its own panel's axis, in cm from the row's reference point:
    (reference x, mean xs, band ends). Midline rows are drawn on the body's axis (the midline is
    x = 0); PSIS rows on the PSIS panel's axis (the PSIS is x = 0 there), never on the midline axis."""
    lo, hi = band_ends(row)
    return 0.0, [m / 10 for m in row.means_mm], (lo / 10, hi / 10)


def row_label(row: ClunealRow) -> str:
    """The row's label on the map, with its numbers (its panel's title gives the reference point)."""
    label = row.label + (" \u2020" if row.landmark else "")   # the footnote names the authors' landmark
    if row.sd_mm is None:
        return f"{label}: means {', '.join(f'{m:g}' for m in row.means_mm)} mm"
    return f"{label}: {row.mean_mm:.1f} \u00b1 {row.sd_mm:.1f} mm"


def ring_points(radius_cm: float, n: int = 25) -> list[tuple[float, float]]:
    """A quarter circle of ``radius_cm`` centred on the right PSIS (up and out from it), on the body."""
    t = np.linspace(0, np.pi / 2, n)
    return [(float(PSIS_X + radius_cm * np.cos(a)), float(PSIS_Y + radius_cm * np.sin(a))) for a in t]


def landmark_summary(selected: str | None, show_sites: bool = True) -> str:
    regions, sites, rows = landmarks()
    parts = ["Schematic posterior view of the low back and pelvis (proportions and the PSIS position are "
             "illustrative): the midline and lumbar spinous processes, the sacrum, the two hip bones with "
             "the iliac crest, each PSIS, the sacroiliac regions and the lumbar paraspinal regions."]
    if show_sites:
        parts.append("Stars on the left half mark where back mice are reported: "
                     + "; ".join(s.label for s in sites) + ".")
    parts.append("Two panels above the body show where studies found the superior cluneal nerves crossing "
                 "the iliac crest, one band per study (mean \u00b1 one standard deviation). The top panel "
                 "shares the body's axis, distance from the midline: "
                 + "; ".join(r.text() for r in cluneal_rows("midline")) + ". The second panel has an axis "
                 "of its own that starts at the PSIS, distance from the PSIS: "
                 + "; ".join(r.text() for r in cluneal_rows("psis")) + ". On the body, dotted quarter "
                 "circles around the right PSIS mark " + ", ".join(f"{r}" for r in RING_CM[:-1])
                 + f" and {RING_CM[-1]} cm from it: a distance from the PSIS is measured from that bony "
                 "point, not from the spine.")
    if selected:
        parts.append(f"Selected: {regions[selected].name}. {regions[selected].short}")
    return " ".join(parts)


@dataclass
class MapFigure:
    figure: object
    region_traces: dict      # region id -> [trace indexes] (drawn fills)
    hit: dict                # trace index -> region id
    site_traces: tuple
    highlight: tuple         # (body panel, midline panel, PSIS panel) highlight trace indexes


def _panel_box(panel: str) -> tuple[list[float], list[float]]:
    """The outline drawn around a cluneal panel's rows when the cluneal region is selected."""
    ys = [ROW_Y[r.id] for r in cluneal_rows(panel)]
    y0, y1 = min(ys) - 0.55, max(ys) + 0.55
    return [-0.3, 9.9, 9.9, -0.3, -0.3], [y0, y0, y1, y1, y0]


def landmark_figure_parts() -> MapFigure:
    from .widgets import figure_widget

    from . import style

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
    hl_body = add(_scatter(x=[], y=[], mode="lines", line=dict(color="rgba(0,0,0,0.45)", width=8),
                           hoverinfo="skip", showlegend=False, name="selected"), "body")
    hl_mid = add(_scatter(x=[], y=[], mode="lines", line=dict(color="rgba(0,0,0,0.45)", width=6),
                          hoverinfo="skip", showlegend=False, name="selected rows (midline)"), "midline")
    hl_psis = add(_scatter(x=[], y=[], mode="lines", line=dict(color="rgba(0,0,0,0.45)", width=6),
                           hoverinfo="skip", showlegend=False, name="selected rows (PSIS)"), "psis")
    # bone: ilia and sacrum
    for poly in (_ILIUM, _mirror(_ILIUM)):
        x, y = _xy(poly, close=True)
        add(_scatter(x=x, y=y, mode="lines", fill="toself", fillcolor="rgba(153,153,153,0.25)",
                     line=dict(color="rgba(0,0,0,0.35)", width=1), hoverinfo="skip", showlegend=False,
                     name="hip bone"), "body")
    x, y = _xy(_SACRUM, close=True)
    add(_scatter(x=x, y=y, mode="lines", fill="toself", fillcolor="rgba(153,153,153,0.45)",
                 line=dict(color="rgba(0,0,0,0.6)", width=1.2), hoverinfo="skip", showlegend=False,
                 name="Sacrum"), "body", "sacrum")
    # paraspinal regions, SI regions
    for rid, colour, pattern in (("paraspinal", "vermillion", "/"), ("si_region", "green", "x")):
        for poly in landmark_regions()[rid]:
            x, y = _xy(poly, close=True)
            add(_scatter(x=x, y=y, mode="lines", fill="toself", fillcolor=_rgba(colour, 0.15),
                         fillpattern=dict(shape=pattern, fgcolor=_rgba(colour, 0.5), bgcolor=_rgba(colour, 0.12),
                                          size=8, solidity=0.1),
                         line=dict(color=_rgba(colour, 0.7), width=1, dash="dot"), hoverinfo="skip",
                         showlegend=False, name=regions[rid].name), "body", rid)
    # distance-from-the-PSIS rings (right side), under the crest line
    for r_cm in RING_CM:
        x, y = _xy(ring_points(r_cm))
        add(_scatter(x=x, y=y, mode="lines", line=dict(color="rgba(0,0,0,0.55)", width=1.3, dash="dot"),
                     hovertemplate=f"{r_cm} cm from the PSIS (the PSIS position is illustrative)<extra></extra>",
                     showlegend=False, name=f"{r_cm} cm from the PSIS"), "body", "cluneal")
    # the crest: posterior and lateral parts, both sides
    for rid, pts in (("posterior_crest", _CREST[:5]), ("lateral_crest", _CREST[4:])):
        for poly in (pts, _mirror(pts)):
            x, y = _xy(poly)
            add(_scatter(x=x, y=y, mode="lines", line=dict(color="#333", width=6 if rid == "posterior_crest"
                                                            else 4),
                         hoverinfo="skip", showlegend=False, name=regions[rid].name), "body", rid)
    # spinous processes and the midline
    add(_scatter(x=[0, 0, 0], y=[7.0, 10.5, 14.0], mode="markers",
                 marker=dict(symbol="square", size=16, color="rgba(153,153,153,0.8)",
                             line=dict(color="#333", width=1)),
                 hoverinfo="skip", showlegend=False, name="lumbar spinous processes"), "body")
    add(_scatter(x=[0, 0], y=[-9.5, 17.0], mode="lines", line=dict(color="#333", width=1.5, dash="dash"),
                 hoverinfo="skip", showlegend=False, name="midline"), "body")
    add(_scatter(x=[0, 0], y=[0.35, 3.65], mode="lines", line=dict(color="#333", width=1.5, dash="dash"),
                 hoverinfo="skip", showlegend=False, name="midline"), "midline")
    # PSIS markers (body) and the PSIS panel's own origin
    add(_scatter(x=[PSIS_X, -PSIS_X], y=[PSIS_Y, PSIS_Y], mode="markers",
                 marker=dict(symbol="circle-open", size=18, color="black", line=dict(width=2.5)),
                 hoverinfo="skip", showlegend=False, name="PSIS"), "body", "psis")
    # back-mouse sites (left half)
    sx = [SITE_XY[s.region][0] for s in sites]
    sy = [SITE_XY[s.region][1] for s in sites]
    site_hover = [f"<b>Back mice reported {html.escape(s.label)}</b><br><i>Source: "
                  f"{html.escape(_sources(s.refs))}</i>" for s in sites]
    site_trace = add(_scatter(x=sx, y=sy, mode="markers", marker=dict(symbol="star", size=19, color=P["orange"],
                                                                      line=dict(color="black", width=1.5)),
                              hovertext=site_hover, hoverinfo="text", showlegend=False,
                              name="back mice reported"), "body")
    # cluneal rows: midline rows in the panel on the body's axis, PSIS rows in their own panel
    for r in rows:
        panel = r.reference
        start, means, (lo, hi) = row_x_cm(r)
        yv = ROW_Y[r.id]
        colour = P[STUDY_COLOUR[r.id.split("_")[0]]]
        add(_scatter(x=[start, max(means)], y=[yv, yv], mode="lines", line=dict(color=colour, width=1.5,
                                                                                 dash="dot"),
                     hoverinfo="skip", showlegend=False, name=f"{r.study} reference"), panel, "cluneal")
        if r.sd_mm is not None:
            add(_scatter(x=[lo, hi], y=[yv, yv], mode="lines", line=dict(color=colour, width=11),
                         opacity=0.5, hoverinfo="skip", showlegend=False, name=f"{r.study} band"), panel,
                "cluneal")
        ref_symbol = "line-ns" if panel == "midline" else "circle-open"
        add(_scatter(x=[start], y=[yv], mode="markers", marker=dict(symbol=ref_symbol, size=14, color="black",
                                                                     line=dict(width=2.5, color="black")),
                     hoverinfo="skip", showlegend=False, name="reference point"), panel, "cluneal")
        add(_scatter(x=means, y=[yv] * len(means), mode="markers",
                     marker=dict(symbol="diamond", size=12, color=colour, line=dict(color="black", width=1)),
                     hoverinfo="skip", showlegend=False, name=f"{r.study} mean"), panel, "cluneal")
        # hover/click targets along the band
        hx = list(np.round(np.arange(min(lo, start), max(hi, max(means)) + 0.01, 0.2), 2))
        add(_scatter(x=hx, y=[yv] * len(hx), mode="markers", marker=dict(size=10, color="rgba(0,0,0,0)"),
                     hovertemplate=f"<b>{_wrap(r.text(), 64)}</b><br><i>Source: {html.escape(_sources(r.refs))}"
                                   "</i><br>Drawn from its own reference point (cm on this panel's axis)"
                                   "<extra></extra>",
                     showlegend=False, name=f"{r.study} (target)"), panel, "cluneal", is_hit=True)
    # hover/click targets for the regions (body panel)
    for rid, polys in landmark_regions().items():
        xs, ys = [], []
        for poly in polys:
            px, py = _xy(poly)
            gx, gy = np.meshgrid(np.arange(min(px), max(px) + 0.3, 0.3), np.arange(min(py), max(py) + 0.3, 0.3))
            inside = point_in_polygon(gx, gy, poly)
            xs += [round(float(v), 2) for v in gx[inside]]
            ys += [round(float(v), 2) for v in gy[inside]]
        reg = regions[rid]
        add(_scatter(x=xs, y=ys, mode="markers", marker=dict(size=9, color="rgba(0,0,0,0)"),
                     hovertemplate=f"<b>{html.escape(reg.name)}</b><br>{_wrap(reg.short)}<br>"
                                   f"<i>{_wrap('Source: ' + _sources(reg.refs), 64)}</i><extra></extra>",
                     showlegend=False, name=f"{reg.name} (target)"), "body", rid, is_hit=True)
    # three panels: "midline" (top, x/y, shares the body's x axis), "psis" (x3/y3, its own axis), body (x2/y2)
    axes = {"midline": ("x", "y"), "psis": ("x3", "y3"), "body": ("x2", "y2")}
    data = [{**trace, "xaxis": axes[panel][0], "yaxis": axes[panel][1]} for trace, panel in traces]
    # labels
    ann = [
        dict(x=0, y=-2.2, text="Sacrum", showarrow=False, xref="x2", yref="y2"),
        dict(x=PSIS_X + 0.2, y=PSIS_Y - 0.3, ax=9.3, ay=-2.6, axref="x2", ayref="y2", text="PSIS (under the dimple)",
             showarrow=True, arrowhead=0, xref="x2", yref="y2", xanchor="left"),
        dict(x=11.5, y=10.4, ax=12.5, ay=12.4, axref="x2", ayref="y2", text="Iliac crest", showarrow=True,
             arrowhead=0, xref="x2", yref="y2", xanchor="left"),
        dict(x=4.0, y=-2.6, ax=7.8, ay=-5.0, axref="x2", ayref="y2", text="Sacroiliac region",
             showarrow=True, arrowhead=0, xref="x2", yref="y2", xanchor="left"),
        dict(x=3.25, y=16.3, text="Lumbar paraspinal region", showarrow=False, xref="x2", yref="y2",
             yanchor="bottom", xanchor="left"),
        dict(x=0.5, y=12.2, text="spinous<br>processes", showarrow=False, xref="x2", yref="y2", xanchor="left",
             font=dict(size=12, color="#444")),
        dict(x=-17.8, y=16.6, text="\u2605 = back mice reported here", showarrow=False, xref="x2", yref="y2",
             xanchor="left", font=dict(size=14), name="site-legend"),
        dict(x=PSIS_X + RING_CM[-1] + 0.3, y=PSIS_Y + 1.2, text="dotted rings:<br>2, 4, 6, 8 cm<br>from the PSIS",
             showarrow=False, xref="x2", yref="y2", xanchor="left", align="left",
             font=dict(size=12, color="#333")),
    ]
    for r_cm in RING_CM:
        ann.append(dict(x=PSIS_X + r_cm, y=PSIS_Y - 0.1, text=f"{r_cm}", showarrow=False, xref="x2", yref="y2",
                        yanchor="top", font=dict(size=11, color="#333")))
    for s in sites:
        x0, y0 = SITE_XY[s.region]
        tx, ty = SITE_LABEL_AT[s.region]
        ann.append(dict(x=x0, y=y0, ax=tx, ay=ty, axref="x2", ayref="y2",
                        text=SITE_TEXT[s.region], showarrow=True, arrowhead=0, xref="x2", yref="y2",
                        xanchor="left" if s.region == "lateral_crest" else "right", font=dict(size=12, color="#333"),
                        arrowcolor="#888", name=f"site-{s.region}"))
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
        yaxis2=dict(domain=[0.0, 0.545], range=[-9.8, 17.6], fixedrange=True, visible=False, anchor="x2"))
    widget = figure_widget(data, layout=layout)
    return MapFigure(widget, region_traces, hit, (site_trace,), (hl_body, hl_mid, hl_psis))


def landmark_figure():
    """The landmark map's figure (for screenshots)."""
    return landmark_figure_parts().figure


def landmark_map(*, region: str = "psis", show_sites: bool = True):
    """The landmark map (a backmice.widgets tool): choose or click a region to read about it."""
    import ipywidgets as w

    from .widgets import summary_html, tool

    regions = landmarks()[0]
    mf = landmark_figure_parts()
    fig = mf.figure
    pick = w.Dropdown(options=[(r.name, rid) for rid, r in regions.items()], value=region,
                      description="Region:", style={"description_width": "initial"}, layout={"width": "auto"})
    sites_box = w.Checkbox(value=show_sites, description="Show where back mice are reported (\u2605)", indent=False,
                           layout={"width": "auto"})
    card = w.HTML()
    site_annotations = [i for i, a in enumerate(fig.layout.annotations) if (a.name or "").startswith("site-")]

    def outline(rid):
        """(body, midline panel, PSIS panel) outlines of a selected region, each as (xs, ys)."""
        if rid == "cluneal":
            return ([], []), _panel_box("midline"), _panel_box("psis")
        xs, ys = [], []
        for poly in landmark_regions()[rid]:
            x, y = _xy(poly, close=True)
            xs += x + [None]
            ys += y + [None]
        return (xs, ys), ([], []), ([], [])

    def select(rid):
        with fig.batch_update():
            for index, (xs, ys) in zip(mf.highlight, outline(rid)):
                fig.data[index].x, fig.data[index].y = xs, ys
        card.value = card_html(regions[rid].name, regions[rid].description, regions[rid].refs)
        box.summary.value = summary_html(landmark_summary(rid, sites_box.value))

    def on_sites(change):
        with fig.batch_update():
            for i in mf.site_traces:
                fig.data[i].visible = bool(change["new"])
            for i in site_annotations:
                fig.layout.annotations[i].visible = bool(change["new"])
        box.summary.value = summary_html(landmark_summary(pick.value, change["new"]))

    def on_click(trace, points, _state=None):
        if points.point_inds:
            rid = mf.hit.get(points.trace_index) or trace_to_id.get(id(trace))
            if rid:
                pick.value = rid

    trace_to_id = {id(fig.data[i]): r for i, r in mf.hit.items()}
    for i in mf.hit:
        fig.data[i].on_click(on_click)
    pick.observe(lambda change: select(change["new"]), names="value")
    sites_box.observe(on_sites, names="value")
    box = tool("Landmark map", [pick, sites_box], figure=fig, summary=landmark_summary(region, show_sites),
               extra=(card,))
    select(region)
    if not show_sites:
        on_sites({"new": False})
    box.pick, box.sites, box.card, box.on_click, box.parts = pick, sites_box, card, on_click, mf
    return box
