"""One body for every back view of the course (lessons 01, 03, 04 and 06): pure geometry, no plots.

Coordinates are centimetres seen from behind: x is the distance from the midline (negative: the
client's left, which is the viewer's left), y is the height above the level of the two PSISs
(negative: below). The proportions are illustrative, and every figure that draws them says so.

- :data:`PSIS_X`: the one PSIS position, 4.3 cm either side of the midline at y = 0 (surface
  anatomy pages place the dimples about 4 cm from the midline; the exact value is illustrative).
- :data:`CREST`, :data:`ILIUM`, :data:`SACRUM`, :data:`SPINOUS`: the outline every view draws.
- :class:`Position`, :func:`relative_to_psis`, :func:`point_from_psis`, :func:`position_text`:
  a point described from the nearer PSIS, and its wording ("3 cm lateral to and 2 cm above the
  left PSIS"), used by the record builder (03), the body chart and the letter (06).
"""

from __future__ import annotations

from dataclasses import dataclass

PSIS_X = 4.3
PSIS = {"left": (-PSIS_X, 0.0), "right": (PSIS_X, 0.0)}

# the right hip bone, from the PSIS up and out along the iliac crest, then round below (cm)
CREST = [(PSIS_X, 0.0), (4.7, 2.6), (5.9, 5.6), (7.8, 7.8), (10.2, 8.8), (12.8, 8.6), (15.0, 7.0),
         (16.3, 4.6), (16.6, 2.2)]
ILIUM = CREST + [(16.2, -1.1), (14.2, -4.8), (10.8, -7.8), (7.0, -8.8), (4.6, -7.6), (3.3, -5.2), (3.9, -2.1)]
SACRUM = [(-4.9, 3.0), (4.9, 3.0), (3.4, -5.2), (1.3, -9.8), (-1.3, -9.8), (-3.4, -5.2)]
SPINOUS = [(0.0, 4.4), (0.0, 8.4), (0.0, 12.4)]   # centres of the L5, L4 and L3 spinous processes
_MIDLINE_TOL = 0.25
GRID_STEP = 0.5


def mirror(points):
    """The same outline on the client's left side."""
    return [(-x, y) for x, y in points]


def snap(value: float, step: float = GRID_STEP) -> float:
    """Round to the nearest ``step`` (0.5 cm by default), never giving -0.0."""
    return round(round(value / step) * step, 6) + 0.0


@dataclass(frozen=True)
class Position:
    """A point described from the nearer PSIS: ``lateral`` cm away from the midline (negative:
    medial), ``vertical`` cm above it (negative: below). ``side`` is 'left', 'right' or 'midline'."""
    side: str
    lateral: float
    vertical: float


def relative_to_psis(x: float, y: float, step: float | None = GRID_STEP) -> Position:
    """Body point -> position from the nearer PSIS (rounded to ``step`` cm; None: not rounded)."""
    r = (lambda v: snap(v, step)) if step else (lambda v: float(v) + 0.0)
    x, y = float(x), float(y)
    if abs(x) < _MIDLINE_TOL:
        return Position("midline", r(-PSIS_X), r(y))
    side = "left" if x < 0 else "right"
    return Position(side, r(abs(x) - PSIS_X), r(y - PSIS[side][1]))


def point_from_psis(side: str, lateral: float, vertical: float) -> tuple[float, float]:
    """Inverse of :func:`relative_to_psis`: the body point ``lateral`` cm out from (negative: in
    from) and ``vertical`` cm above the ``side`` PSIS."""
    side = side.lower()
    if side not in PSIS:
        raise ValueError("side must be 'left' or 'right'")
    sign = -1.0 if side == "left" else 1.0
    return (sign * (PSIS_X + float(lateral)) + 0.0, PSIS[side][1] + float(vertical) + 0.0)


def _cm(v: float) -> str:
    return f"{abs(v):g} cm"


def position_text(pos: Position) -> str:
    """'3 cm lateral to and 2 cm above the left PSIS' (and the other cases, in plain words)."""
    near_lat, near_vert = abs(pos.lateral) < _MIDLINE_TOL / 5, abs(pos.vertical) < _MIDLINE_TOL / 5
    updown = "above" if pos.vertical > 0 else "below"
    if pos.side == "midline":
        if near_vert:
            return "on the midline, level with the two PSISs"
        return f"on the midline, {_cm(pos.vertical)} {updown} the level of the two PSISs"
    psis = f"the {pos.side} PSIS"
    across = "lateral" if pos.lateral > 0 else "medial"
    if near_lat and near_vert:
        return f"directly over {psis}"
    if near_lat:
        return f"{_cm(pos.vertical)} directly {updown} {psis}"
    if near_vert:
        return f"{_cm(pos.lateral)} {across} to {psis}, level with it"
    return f"{_cm(pos.lateral)} {across} to and {_cm(pos.vertical)} {updown} {psis}"
