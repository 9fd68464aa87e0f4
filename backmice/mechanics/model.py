"""The mechanics of lesson 02, without pictures: Laplace's law and a teaching model of a fat herniation.

Two layers, kept apart on purpose:

1. **Physics** (textbook, exact for a thin-walled vessel). Laplace's law gives the wall tension T
   (N/m) that a transmural pressure P (Pa) produces in a wall of radius r (m):
   cylinder ``T = P * r``, sphere ``T = P * r / 2``; the wall stress is ``sigma = T / h`` (Pa)
   for a wall thickness h (m). See :func:`laplace_tension`, :func:`laplace_pressure`,
   :func:`wall_stress`.
2. **Illustrative biology** (a teaching model, *not* measured physiology). No study has measured
   pressures, opening sizes, tissue stiffness or swelling for back mice. The model's rules and
   numbers (:data:`ILLUSTRATIVE`) only make the story of a fat herniation concrete:

   - squeezing a lobule of diameter D through an opening of diameter d needs a pressure
     ``stiffness * (D / d - 1)`` (0 when the opening is at least as wide as the lobule);
   - under a load (pressure difference ``dP``, deep side minus superficial side) the lobule is
     *contained* if ``dP`` is below that pressure, otherwise it passes the neck;
   - once through, it slips back when the load eases only if the small push back at rest
     (``return_pressure``) can squeeze the outside part back through; if not, it is *trapped*.
     With *oedema* the outside part swells (``oedema_factor`` times its diameter), so it needs
     more pressure to get back.
   - the wall stress in the neck uses Laplace's law for a cylinder (the tissue in the opening is
     treated as a short tube of radius d/2), the dome outside the fascia the law for a sphere.

Everything inside is SI (Pa, m, N/m); the tools show kPa, mmHg and mm. Also here: the regime
cube (every state over the map's grid, computed once), where each region's label goes, and the
text alternatives of the three tools (:func:`describe`, :func:`describe_map`,
:func:`describe_laplace`). Pure: no plotly, no ipywidgets.

numpy is imported only when an array is handed in or the whole regime cube is asked for: what the
lesson's tools use (one parameter set, one slice of the map and its labels) is plain Python, with
the same arithmetic, so a run of lesson 02 never loads numpy (about 0.1 s of kernel CPU).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress


def _np():
    import numpy

    return numpy


def _number(*xs) -> bool:
    """True if every argument is a plain number (numpy's float64 is a float too)."""
    return all(isinstance(x, (int, float)) for x in xs)

# --- units -------------------------------------------------------------------------------------

PA_PER_KPA = 1000.0
PA_PER_MMHG = 133.322  # 1 mmHg = 133.322 Pa (the same factor as backmice.grading)
M_PER_MM = 1e-3


def _each(x, op):
    """``op`` applied to a number (a float back) or to an array (an array back)."""
    if _number(x):
        return op(float(x))
    np = _np()
    return op(np.asarray(x, dtype=float)) if np.ndim(x) else op(float(x))


def kpa_to_pa(x):
    return _each(x, lambda v: v * PA_PER_KPA)


def pa_to_kpa(x):
    return _each(x, lambda v: v / PA_PER_KPA)


def mmhg_to_pa(x):
    return _each(x, lambda v: v * PA_PER_MMHG)


def pa_to_mmhg(x):
    return _each(x, lambda v: v / PA_PER_MMHG)


def mm_to_m(x):
    return _each(x, lambda v: v * M_PER_MM)


def m_to_mm(x):
    return _each(x, lambda v: v / M_PER_MM)


def _scalar_or_array(x):
    return float(x) if _np().ndim(x) == 0 else x


# --- physics: Laplace's law for thin-walled vessels ----------------------------------------------

SHAPES = ("cylinder", "sphere")
# T = P * r / k: k = 1 for a cylinder (a tube), 2 for a sphere
_DIVISOR = {"cylinder": 1.0, "sphere": 2.0}


def _shape(shape: str) -> float:
    if shape not in _DIVISOR:
        raise ValueError(f"shape must be one of {', '.join(SHAPES)}, not {shape!r}")
    return _DIVISOR[shape]


def laplace_tension(pressure_pa, radius_m, shape: str):
    """Wall tension (N/m) of a thin-walled cylinder (``T = P r``) or sphere (``T = P r / 2``).

    ``pressure_pa`` is the transmural pressure in Pa, ``radius_m`` the radius in m (scalars or
    numpy arrays). A negative radius is an error; a negative pressure gives a negative tension
    (the wall would be compressed, which a thin membrane cannot take: it buckles).
    """
    k = _shape(shape)
    if _number(pressure_pa, radius_m):
        if radius_m < 0:
            raise ValueError("a radius cannot be negative")
        return float(pressure_pa) * float(radius_m) / k
    np = _np()
    r = np.asarray(radius_m, dtype=float)
    if np.any(r < 0):
        raise ValueError("a radius cannot be negative")
    return _scalar_or_array(np.asarray(pressure_pa, dtype=float) * r / k)


def laplace_pressure(tension_n_per_m, radius_m, shape: str):
    """The transmural pressure (Pa) that a wall tension (N/m) balances at a radius (m):
    ``P = T / r`` (cylinder) or ``P = 2 T / r`` (sphere). Laplace's law read the other way."""
    k = _shape(shape)
    if _number(tension_n_per_m, radius_m):
        if radius_m <= 0:
            raise ValueError("the radius must be positive")
        return float(tension_n_per_m) * k / float(radius_m)
    np = _np()
    r = np.asarray(radius_m, dtype=float)
    if np.any(r <= 0):
        raise ValueError("the radius must be positive")
    return _scalar_or_array(np.asarray(tension_n_per_m, dtype=float) * k / r)


def wall_stress(tension_n_per_m, thickness_m):
    """Wall stress (Pa) from wall tension (N/m) and wall thickness (m): ``sigma = T / h``."""
    if _number(tension_n_per_m, thickness_m):
        if thickness_m <= 0:
            raise ValueError("the wall thickness must be positive")
        return float(tension_n_per_m) / float(thickness_m)
    np = _np()
    h = np.asarray(thickness_m, dtype=float)
    if np.any(h <= 0):
        raise ValueError("the wall thickness must be positive")
    return _scalar_or_array(np.asarray(tension_n_per_m, dtype=float) / h)


# --- illustrative biology: the teaching model -----------------------------------------------------

@dataclass(frozen=True)
class Parameter:
    """One number of the teaching model, with its unit and what it stands for."""
    value: float
    unit: str
    meaning: str
    source: str = "illustrative: chosen for teaching, not measured (no study measures this for back mice)"


ILLUSTRATIVE = {
    "return_pressure": Parameter(
        1000.0, "Pa", "the small push back towards the deep side when the load eases"),
    "oedema_factor": Parameter(
        1.3, "", "how many times wider the part outside the fascia becomes when it swells"),
    "wall_thickness": Parameter(
        1e-3, "m", "thickness of the thin covering of the tissue, for the wall stress"),
}
RETURN_PRESSURE = ILLUSTRATIVE["return_pressure"].value
OEDEMA_FACTOR = ILLUSTRATIVE["oedema_factor"].value
WALL_THICKNESS = ILLUSTRATIVE["wall_thickness"].value

STATES = ("contained", "protruding", "trapped")
STATE_TEXT = {
    "contained": "stays under the fascia: the load cannot squeeze it through the opening",
    "protruding": "pushed through the opening, and slips back when the load eases",
    "trapped": "pushed through the opening, and cannot get back when the load eases",
}
STATE_SYMBOL = {"contained": "\u25cf", "protruding": "\u25b2", "trapped": "\u2716"}


@dataclass(frozen=True)
class Control:
    """A slider of the simulator: range and default in the units shown (illustrative)."""
    label: str
    unit: str
    low: float
    high: float
    step: float
    default: float

    def steps(self) -> tuple[float, ...]:
        """Every value the slider can take (plain floats)."""
        n = int(round((self.high - self.low) / self.step)) + 1
        return tuple(round(self.low + self.step * i, 6) for i in range(n))

    def values(self):
        """:meth:`steps` as a numpy array."""
        return _np().array(self.steps())


CONTROLS = {
    "opening": Control("Opening diameter", "mm", 1.0, 20.0, 0.5, 4.0),
    "load": Control("Pressure difference \u0394P", "kPa", 0.0, 8.0, 0.1, 2.0),
    "lobule": Control("Lobule diameter", "mm", 6.0, 30.0, 2.0, 14.0),
    "stiffness": Control("Lobule stiffness", "kPa", 0.25, 3.0, 0.25, 1.0),
}


def _positive(name, x):
    if _number(x):
        if x <= 0:
            raise ValueError(f"{name} must be positive")
        return float(x)
    np = _np()
    a = np.asarray(x, dtype=float)
    if np.any(a <= 0):
        raise ValueError(f"{name} must be positive")
    return a


def squeeze_pressure(opening_m, lobule_m, stiffness_pa):
    """Pressure (Pa) needed to squeeze a lobule (diameter ``lobule_m``) through an opening
    (diameter ``opening_m``) in the teaching model: ``stiffness * (lobule / opening - 1)``,
    0 if the opening is at least as wide as the lobule. Illustrative rule, not measured."""
    d = _positive("the opening diameter", opening_m)
    D = _positive("the lobule diameter", lobule_m)
    if _number(d, D, stiffness_pa):
        if stiffness_pa < 0:
            raise ValueError("the stiffness cannot be negative")
        return float(stiffness_pa) * max(D / d - 1.0, 0.0)
    np = _np()
    s = np.asarray(stiffness_pa, dtype=float)
    if np.any(s < 0):
        raise ValueError("the stiffness cannot be negative")
    return _scalar_or_array(s * np.maximum(D / d - 1.0, 0.0))


def outside_diameter(lobule_m, oedema: bool, factor: float = OEDEMA_FACTOR):
    """Diameter (m) of the part that has passed the neck: swollen by ``factor`` with oedema."""
    D = _positive("the lobule diameter", lobule_m) * (factor if oedema else 1.0)
    return float(D) if isinstance(D, float) else _scalar_or_array(D)


def classify(load_pa, opening_m, lobule_m, stiffness_pa, oedema: bool = False,
             return_pressure: float = RETURN_PRESSURE, factor: float = OEDEMA_FACTOR):
    """State index (0 contained, 1 protruding, 2 trapped; see :data:`STATES`), broadcast over arrays."""
    if _number(load_pa, opening_m, lobule_m, stiffness_pa):
        out = squeeze_pressure(opening_m, lobule_m, stiffness_pa)
        passed = load_pa > 0 and load_pa >= out - 1e-9
        back = squeeze_pressure(opening_m, outside_diameter(lobule_m, oedema, factor), stiffness_pa)
        return (2 if back > return_pressure + 1e-9 else 1) if passed else 0
    np = _np()
    load = np.asarray(load_pa, dtype=float)
    out = squeeze_pressure(opening_m, lobule_m, stiffness_pa)
    passed = (load > 0) & (load >= np.asarray(out) - 1e-9)
    back = squeeze_pressure(opening_m, outside_diameter(lobule_m, oedema, factor), stiffness_pa)
    trapped = passed & (np.asarray(back) > return_pressure + 1e-9)
    result = np.where(passed, np.where(trapped, 2, 1), 0).astype(np.int8)
    return int(result) if result.ndim == 0 else result


def trap_limit(lobule_m, stiffness_pa, oedema: bool = False, return_pressure: float = RETURN_PRESSURE,
               factor: float = OEDEMA_FACTOR) -> float:
    """Opening diameter (m) below which a lobule that has passed is trapped (0 if never)."""
    if stiffness_pa <= 0:
        return 0.0
    return float(outside_diameter(lobule_m, oedema, factor) / (1.0 + return_pressure / stiffness_pa))


@dataclass(frozen=True)
class Result:
    """Everything the simulator shows, in SI units."""
    state: str
    load: float               # Pa
    push_out: float           # Pa needed to squeeze the lobule out
    push_back: float          # Pa needed to squeeze the outside part back
    return_pressure: float    # Pa available to push it back at rest (illustrative)
    opening: float            # m
    lobule: float             # m
    outside: float            # m, diameter of the part outside (after swelling)
    neck_tension: float       # N/m, cylinder of radius opening/2
    neck_stress: float        # Pa
    dome_tension: float       # N/m, sphere of radius outside/2 (0 while contained)
    dome_stress: float        # Pa
    oedema: bool


def simulate(load_pa: float, opening_m: float, lobule_m: float, stiffness_pa: float, oedema: bool = False,
             thickness_m: float = WALL_THICKNESS) -> Result:
    """One parameter set through the teaching model (SI units in and out)."""
    state = STATES[classify(load_pa, opening_m, lobule_m, stiffness_pa, oedema)]
    out = float(squeeze_pressure(opening_m, lobule_m, stiffness_pa))
    outside = float(outside_diameter(lobule_m, oedema)) if state != "contained" else float(lobule_m)
    back = float(squeeze_pressure(opening_m, outside_diameter(lobule_m, oedema), stiffness_pa))
    neck_t = laplace_tension(max(load_pa, 0.0), opening_m / 2, "cylinder")
    dome_t = laplace_tension(max(load_pa, 0.0), outside / 2, "sphere") if state != "contained" else 0.0
    return Result(state, float(load_pa), out, back, RETURN_PRESSURE, float(opening_m), float(lobule_m), outside,
                  neck_t, wall_stress(neck_t, thickness_m), dome_t, wall_stress(dome_t, thickness_m), oedema)


def simulate_shown(opening: float, load: float, lobule: float, stiffness: float, oedema: bool = False) -> Result:
    """:func:`simulate` from values in the units the sliders show (:data:`CONTROLS`: opening and
    lobule in mm, load and stiffness in kPa)."""
    return simulate(kpa_to_pa(load), mm_to_m(opening), mm_to_m(lobule), kpa_to_pa(stiffness), bool(oedema))


def describe(r: Result) -> str:
    """The simulator's text alternative: what the figure shows, in words."""
    kpa = pa_to_kpa
    parts = [
        f"Teaching model with illustrative numbers. Opening {m_to_mm(r.opening):.1f} mm, "
        f"pressure difference {kpa(r.load):.1f} kPa ({pa_to_mmhg(r.load):.0f} mmHg), "
        f"lobule {m_to_mm(r.lobule):.0f} mm, oedema {'on' if r.oedema else 'off'}.",
        f"State: {r.state.upper()}, {STATE_TEXT[r.state]}.",
    ]
    if r.state == "contained":
        if r.load <= 0:
            parts.append("There is no load pushing the lobule.")
        else:
            parts.append(f"The load ({kpa(r.load):.1f} kPa) is below the {kpa(r.push_out):.1f} kPa "
                         "needed to squeeze the lobule through.")
    else:
        verdict = "more than" if r.state == "trapped" else "no more than"
        parts.append(f"The load ({kpa(r.load):.1f} kPa) reaches the {kpa(r.push_out):.1f} kPa needed to squeeze "
                     f"it out. Getting back needs {kpa(r.push_back):.1f} kPa, {verdict} the "
                     f"{kpa(r.return_pressure):.1f} kPa push back at rest.")
    parts.append(f"Neck wall stress {kpa(r.neck_stress):.0f} kPa (a tube: T = \u0394P \u00d7 r = "
                 f"{r.neck_tension:.1f} N/m).")
    if r.state != "contained":
        parts.append(f"Dome outside the fascia: {m_to_mm(r.outside):.0f} mm wide, wall stress "
                     f"{kpa(r.dome_stress):.0f} kPa (a sphere: T = \u0394P \u00d7 r / 2 = {r.dome_tension:.1f} N/m).")
    return " ".join(parts)


# --- the regime map: precomputed once ----------------------------------------------------------

MAP_OPENING_STEP = 0.25  # mm
MAP_LOAD_STEP = 0.1      # kPa


@lru_cache(maxsize=1)
def map_axes() -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(opening in mm, load in kPa): the regime map's x and y values, plain floats (as
    ``numpy.arange(low, high + 1e-9, step)`` rounded to 6 decimals would give them)."""
    def axis(c: Control, step: float) -> tuple[float, ...]:
        n = math.ceil((c.high + 1e-9 - c.low) / step)
        return tuple(round(c.low + step * i, 6) for i in range(n))

    return axis(CONTROLS["opening"], MAP_OPENING_STEP), axis(CONTROLS["load"], MAP_LOAD_STEP)


def _nearest(values, x) -> int:
    """Index of the value nearest ``x`` (the first of equals, as numpy.argmin)."""
    return min(range(len(values)), key=lambda i: abs(values[i] - x))


@dataclass(frozen=True)
class RegimeCube:
    opening_mm: np.ndarray      # x of the map
    load_kpa: np.ndarray        # y of the map
    lobule_mm: np.ndarray
    stiffness_kpa: np.ndarray
    states: np.ndarray          # int8 [lobule, stiffness, oedema, load, opening]

    def index(self, lobule_mm: float, stiffness_kpa: float, oedema: bool) -> tuple[int, int, int]:
        np = _np()
        i = int(np.argmin(np.abs(self.lobule_mm - lobule_mm)))
        j = int(np.argmin(np.abs(self.stiffness_kpa - stiffness_kpa)))
        return i, j, int(bool(oedema))

    def grid(self, lobule_mm: float, stiffness_kpa: float, oedema: bool) -> np.ndarray:
        return self.states[self.index(lobule_mm, stiffness_kpa, oedema)]


@lru_cache(maxsize=1)
def regime_cube() -> RegimeCube:
    """Every state of the model over the map grid, for every lobule size, stiffness and oedema
    setting the sliders allow (computed once, about 2 million cells in a few milliseconds; numpy).
    The tools use :func:`regime_grid`, one slice of it without numpy."""
    np = _np()
    c = CONTROLS
    opening, load = (np.array(a) for a in map_axes())
    lobule, stiffness = c["lobule"].values(), c["stiffness"].values()
    L = mm_to_m(lobule)[:, None, None, None, None]
    S = kpa_to_pa(stiffness)[None, :, None, None, None]
    oedema = np.array([False, True])[None, None, :, None, None]
    P = kpa_to_pa(load)[None, None, None, :, None]
    d = mm_to_m(opening)[None, None, None, None, :]
    out = S * np.maximum(L / d - 1.0, 0.0)
    passed = (P > 0) & (P >= out - 1e-9)
    outside = L * np.where(oedema, OEDEMA_FACTOR, 1.0)
    back = S * np.maximum(outside / d - 1.0, 0.0)
    trapped = passed & (back > RETURN_PRESSURE + 1e-9)
    states = np.where(passed, np.where(trapped, 2, 1), 0).astype(np.int8)
    return RegimeCube(opening, load, lobule, stiffness, states)


@lru_cache(maxsize=64)
def regime_grid(lobule_mm: float, stiffness_kpa: float, oedema: bool) -> tuple[tuple[int, ...], ...]:
    """One slice of the regime cube in plain Python, equal to
    ``regime_cube().grid(lobule_mm, stiffness_kpa, oedema)`` (rows: load, columns: opening), with
    the same arithmetic cell by cell. What the regime map shows (a few milliseconds, no numpy)."""
    i = _nearest(CONTROLS["lobule"].steps(), lobule_mm)
    j = _nearest(CONTROLS["stiffness"].steps(), stiffness_kpa)
    L = mm_to_m(CONTROLS["lobule"].steps()[i])
    S = kpa_to_pa(CONTROLS["stiffness"].steps()[j])
    outside = L * (OEDEMA_FACTOR if oedema else 1.0)
    opening, load = map_axes()
    # per opening: the load it takes to pass (less the tolerance) and the state once through
    columns = []
    for x in opening:
        d = mm_to_m(x)
        out = S * max(L / d - 1.0, 0.0)
        back = S * max(outside / d - 1.0, 0.0)
        columns.append((out - 1e-9, 2 if back > RETURN_PRESSURE + 1e-9 else 1))
    rows = []
    for y in load:
        P = kpa_to_pa(y)
        rows.append(tuple(s if P >= need else 0 for need, s in columns) if P > 0 else (0,) * len(columns))
    return tuple(rows)


LABEL_BOX = (7, 17)  # cells (load rows, opening columns) a region label needs, with a margin


def region_labels(grid, opening_mm, load_kpa,
                  box: tuple[int, int] = LABEL_BOX) -> list[tuple[str, float, float, bool]]:
    """(state, x, y, fits) for a label inside each state's region: the cell nearest the region's
    centre around which a whole label box lies in the region (``fits``), else the cell whose box
    holds most of it. States with a tiny region get no label.

    ``grid`` is rows of state indexes (a :func:`regime_grid` or a numpy slice of the cube). How
    many region cells lie in the box centred on each cell is counted a whole row at a time, in
    plain Python: a row of the region is a bytes string (0 or 1 per cell) read as one integer
    with a byte per cell, so that multiplying it by 0x0101...01 (``bw`` ones) sums ``bw``
    neighbouring cells into every byte at once, and adding rows sums columns. Counts stay below
    256, so no byte carries into the next (``(bh + 1) * bw < 256``). About a millisecond a map."""
    if hasattr(grid, "tolist"):
        grid = grid.tolist()
    opening = [float(v) for v in opening_mm]
    load = [float(v) for v in load_kpa]
    bh, bw = box
    if (bh + 1) * bw >= 256:
        raise ValueError("the label box is too large for byte-wide counts")
    rows, cols = len(grid), len(grid[0])
    top, left = bh // 2, bw // 2
    # the box centred on (r, c) covers rows r - top .. r - top + bh - 1 and columns
    # c - left .. c - left + bw - 1, cut at the grid's edges
    ones = int.from_bytes(b"\x01" * bw, "little")   # times a row: byte c holds cells c - bw + 1 .. c
    shift = 8 * (bw - 1 - left)                       # ... moved so that byte c holds the box's columns
    full = (1 << (8 * cols)) - 1
    columns = range(cols)
    states = [bytes(row) for row in grid]
    labels = []
    for k, name in enumerate(STATES):
        mask = [row.translate(_PICK[k]) for row in states]   # 1 in the region, else 0
        per_row = [row.count(1) for row in mask]
        count = sum(per_row)
        if count < bh * bw // 2:
            continue
        across = [((int.from_bytes(row, "little") * ones) >> shift) & full for row in mask]
        # the boxes' counts row by row (a running sum over the box's rows), kept for region cells only
        window = sum(across[:min(bh - top, rows)])
        inside = []
        for r in range(rows):
            keep = int.from_bytes(mask[r], "little") * 255
            inside.append((window & keep).to_bytes(cols, "little"))
            if r - top + bh < rows:
                window += across[r - top + bh]
            if r - top >= 0:
                window -= across[r - top]
        row_best = [max(counts) if n else -1 for counts, n in zip(inside, per_row)]
        best = max(row_best)
        cy = sum(r * n for r, n in enumerate(per_row)) / count
        cx = sum(sum(compress(columns, row)) for row in mask) / count
        # of the cells with the fullest box, the one nearest the region's centre (the first of
        # equals in reading order); a distance is dy2[r] + dx2[c], and a sum of floats never falls
        # as a term grows, so each row's nearest sum comes from its smallest dx2
        dx2 = [((c - cx) / cols) * ((c - cx) / cols) for c in columns]
        near = at = None
        for r, counts in enumerate(inside):
            if row_best[r] != best:
                continue
            cells = list(compress(columns, map(best.__eq__, counts)))
            dy2 = ((r - cy) / rows) * ((r - cy) / rows)
            d = dy2 + min(map(dx2.__getitem__, cells))
            if near is None or d < near:
                near, at = d, (r, dy2, cells)
        r, dy2, cells = at
        c = next(c for c in cells if dy2 + dx2[c] == near)
        y = min(max(load[r], load[0] + 0.3), load[-1] - 0.3)
        labels.append((name, opening[c], y, best >= bh * bw))
    return labels


_PICK = [bytes(int(v == k) for v in range(256)) for k in range(len(STATES))]   # bytes.translate tables


def describe_map(lobule_mm: float, stiffness_kpa: float, oedema: bool, opening_mm: float, load_kpa: float) -> str:
    state = STATES[classify(kpa_to_pa(load_kpa), mm_to_m(opening_mm), mm_to_m(lobule_mm),
                            kpa_to_pa(stiffness_kpa), oedema)]
    limit = m_to_mm(trap_limit(mm_to_m(lobule_mm), kpa_to_pa(stiffness_kpa), oedema))
    return (f"Regime map of the teaching model (illustrative numbers) for a {lobule_mm:.0f} mm lobule, "
            f"stiffness {stiffness_kpa:.2f} kPa, oedema {'on' if oedema else 'off'}. "
            "Across: opening diameter 1 to 20 mm; up: pressure difference 0 to 8 kPa. "
            "Below the curved boundary the lobule stays contained; narrower openings need more pressure. "
            f"Above it, openings narrower than {limit:.1f} mm trap the lobule and wider ones let it slip back. "
            f"Your point (opening {opening_mm:.1f} mm, {load_kpa:.1f} kPa) is in the {state} region.")


# --- the Laplace explorer: its ranges and its text alternative ------------------------------------

LAPLACE_R_MAX_MM = 20.0
LAPLACE_P_MAX_KPA = 10.0
LAPLACE_T_MAX = LAPLACE_P_MAX_KPA * 1000 * LAPLACE_R_MAX_MM / 1000  # N/m, cylinder at the largest values


def describe_laplace(pressure_kpa: float, radius_mm: float, thickness_mm: float) -> str:
    """The Laplace explorer's text alternative: the two tensions at the radius, and the wall stresses."""
    P, r, h = kpa_to_pa(pressure_kpa), mm_to_m(radius_mm), mm_to_m(thickness_mm)
    tc, ts = laplace_tension(P, r, "cylinder"), laplace_tension(P, r, "sphere")
    return (f"Physics with illustrative numbers (not measured in back mice). "
            f"Tension against radius at {pressure_kpa:.1f} kPa ({pa_to_mmhg(P):.0f} mmHg): two straight lines "
            f"from zero, the cylinder's twice as steep as the sphere's. At radius {radius_mm:.1f} mm: cylinder "
            f"T = P \u00d7 r = {tc:.1f} N/m, sphere T = P \u00d7 r / 2 = {ts:.1f} N/m. With a {thickness_mm:.1f} mm "
            f"wall the stress is {pa_to_kpa(wall_stress(tc, h)):.1f} kPa (cylinder) and "
            f"{pa_to_kpa(wall_stress(ts, h)):.1f} kPa (sphere).")

