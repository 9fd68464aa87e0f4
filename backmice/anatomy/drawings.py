"""The two schematic sections of lesson 01 and the palpation model (pure: no plots).

- ``"l4"``: across the low back at about L4, left half, seen from below;
- ``"crest"``: a vertical section across the posterior iliac crest, seen from the side.

Each :class:`Drawing` holds every structure's shapes (areas and lines), its label place, the
finger's column and the bone that stops the fingers. Coordinates are schematic units: x across,
y up (0 is the skin, depth is -y). Every thickness, depth and position is illustrative, and the
figures say so. The text of each structure comes from ``assets/data/anatomy_layers.yaml``
(:mod:`.model`); the drawing is here.

The palpation model: :func:`structure_tops` (the depth where each structure starts under the
finger), :func:`reached` (what the fingers press into at a depth; bone stops them),
:func:`profile_text` and :func:`explorer_summary` (the layer explorer's text alternative).
The tops are computed with numpy (:func:`compute_tops`) and stored in ``hitgrid_data.py``
(:mod:`.hitgrid`), from which the lesson reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .geometry import distance_to_polyline, ellipse, point_in_polygon, rect
from .model import sections, structures


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


LINE_HIT = 0.09   # a point this close to a line belongs to it (schematic units)


def _l4() -> Drawing:
    membranous = [(0.0, -2.78), (0.35, -2.62), (1.1, -1.75), (1.8, -1.48), (14.0, -1.45)]
    shapes = {
        "skin": (Shape("area", rect(0, 14, -0.35, 0), "orange", 0.45),),
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
        "skin": (Shape("area", rect(0, 14, -0.35, 0), "orange", 0.45),),
        "sat": (Shape("area", rect(0, 14, -1.42, -0.35), "yellow", 0.5, "."),),
        "membranous": (Shape("line", [(0, -1.42), (14, -1.42)], "sky", width=3.5),),
        "dat": (Shape("area", rect(0, 14, -2.65, -1.42), "yellow", 0.28, "-"),),
        "back_mouse": (Shape("area", ellipse(4.9, -2.0, 0.95, 0.42), "orange", 0.6, "", width=2,
                             dash="dash", outline="vermillion"),),
        "tlc": (Shape("area", [(0, -2.65), (7.3, -2.65), (7.3, -3.02), (0, -3.2)], "blue", 0.45, "x"),),
        "back_muscles": (Shape("area", [(0, -3.25), (3.5, -3.45), (4.6, -3.75), (4.9, -4.05), (4.2, -5.2),
                                        (3.3, -8.0), (0, -8.0)], "vermillion", 0.32, "/"),),
        "gluteus": (Shape("area", [(8.0, -2.95), (14, -2.95), (14, -5.75), (9.5, -4.55), (7.75, -3.8),
                                   (7.6, -3.2)], "vermillion", 0.32, "\\"),
                    Shape("line", [(7.95, -2.76), (14, -2.76)], "blue", width=3)),
        "scn": (Shape("line", nerve, "black", width=2.6),
                Shape("line", ellipse(5.9, -3.33, 1.1, 0.21, closed=True), "black", width=1.4, dash="dot")),
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
    """The drawing of section ``"l4"`` or ``"crest"`` (built once)."""
    builders = {"l4": _l4, "crest": _crest}
    if section not in builders:
        raise KeyError(f"no section {section!r}; choose one of {', '.join(builders)}")
    return builders[section]()


def _structure_mask(shapes, x, y):
    import numpy as np

    mask = np.zeros(np.broadcast(x, y).shape, dtype=bool)
    for s in shapes:
        if s.kind == "area":
            mask |= point_in_polygon(x, y, s.points)
        else:
            mask |= distance_to_polyline(x, y, s.points) <= LINE_HIT
    return mask


def compute_tops(section: str, probe: float | None = None) -> tuple[tuple[str, float], ...]:
    """:func:`structure_tops`, computed (with numpy)."""
    import numpy as np

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


@lru_cache(maxsize=4)
def structure_tops(section: str, probe: float | None = None) -> tuple[tuple[str, float], ...]:
    """(structure, depth of its top) under the finger, shallow to deep, for every structure found in
    the probe column (probe +/- half width). Depths in schematic units (illustrative). At the
    drawing's own finger column the answer is read from hitgrid_data.py while it is current (see
    :mod:`.hitgrid`: the lesson then never loads numpy), else computed."""
    if probe is None or probe == drawing(section).probe:
        from .hitgrid import stored_tops

        stored = stored_tops(section)
        if stored is not None:
            return stored
    return compute_tops(section, probe)


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
