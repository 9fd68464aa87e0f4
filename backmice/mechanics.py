"""Lesson 02: herniation mechanics. Laplace's law and a teaching model of a fat herniation.

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

Everything inside is SI (Pa, m, N/m); the tools show kPa, mmHg and mm.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

# --- units -------------------------------------------------------------------------------------

PA_PER_KPA = 1000.0
PA_PER_MMHG = 133.322  # 1 mmHg = 133.322 Pa (the same factor as backmice.grading)
M_PER_MM = 1e-3


def kpa_to_pa(x):
    return np.asarray(x, dtype=float) * PA_PER_KPA if np.ndim(x) else float(x) * PA_PER_KPA


def pa_to_kpa(x):
    return np.asarray(x, dtype=float) / PA_PER_KPA if np.ndim(x) else float(x) / PA_PER_KPA


def mmhg_to_pa(x):
    return np.asarray(x, dtype=float) * PA_PER_MMHG if np.ndim(x) else float(x) * PA_PER_MMHG


def pa_to_mmhg(x):
    return np.asarray(x, dtype=float) / PA_PER_MMHG if np.ndim(x) else float(x) / PA_PER_MMHG


def mm_to_m(x):
    return np.asarray(x, dtype=float) * M_PER_MM if np.ndim(x) else float(x) * M_PER_MM


def m_to_mm(x):
    return np.asarray(x, dtype=float) / M_PER_MM if np.ndim(x) else float(x) / M_PER_MM


def _scalar_or_array(x):
    return float(x) if np.ndim(x) == 0 else x


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
    r = np.asarray(radius_m, dtype=float)
    if np.any(r < 0):
        raise ValueError("a radius cannot be negative")
    return _scalar_or_array(np.asarray(pressure_pa, dtype=float) * r / k)


def laplace_pressure(tension_n_per_m, radius_m, shape: str):
    """The transmural pressure (Pa) that a wall tension (N/m) balances at a radius (m):
    ``P = T / r`` (cylinder) or ``P = 2 T / r`` (sphere). Laplace's law read the other way."""
    k = _shape(shape)
    r = np.asarray(radius_m, dtype=float)
    if np.any(r <= 0):
        raise ValueError("the radius must be positive")
    return _scalar_or_array(np.asarray(tension_n_per_m, dtype=float) * k / r)


def wall_stress(tension_n_per_m, thickness_m):
    """Wall stress (Pa) from wall tension (N/m) and wall thickness (m): ``sigma = T / h``."""
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

    def values(self) -> np.ndarray:
        n = int(round((self.high - self.low) / self.step)) + 1
        return np.round(self.low + self.step * np.arange(n), 6)


CONTROLS = {
    "opening": Control("Opening diameter", "mm", 1.0, 20.0, 0.5, 4.0),
    "load": Control("Pressure difference \u0394P", "kPa", 0.0, 8.0, 0.1, 2.0),
    "lobule": Control("Lobule diameter", "mm", 6.0, 30.0, 2.0, 14.0),
    "stiffness": Control("Lobule stiffness", "kPa", 0.25, 3.0, 0.25, 1.0),
}


def _positive(name, x):
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
    s = np.asarray(stiffness_pa, dtype=float)
    if np.any(s < 0):
        raise ValueError("the stiffness cannot be negative")
    return _scalar_or_array(s * np.maximum(D / d - 1.0, 0.0))


def outside_diameter(lobule_m, oedema: bool, factor: float = OEDEMA_FACTOR):
    """Diameter (m) of the part that has passed the neck: swollen by ``factor`` with oedema."""
    return _scalar_or_array(_positive("the lobule diameter", lobule_m) * (factor if oedema else 1.0))


def classify(load_pa, opening_m, lobule_m, stiffness_pa, oedema: bool = False,
             return_pressure: float = RETURN_PRESSURE, factor: float = OEDEMA_FACTOR):
    """State index (0 contained, 1 protruding, 2 trapped; see :data:`STATES`), broadcast over arrays."""
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


@dataclass(frozen=True)
class RegimeCube:
    opening_mm: np.ndarray      # x of the map
    load_kpa: np.ndarray        # y of the map
    lobule_mm: np.ndarray
    stiffness_kpa: np.ndarray
    states: np.ndarray          # int8 [lobule, stiffness, oedema, load, opening]

    def index(self, lobule_mm: float, stiffness_kpa: float, oedema: bool) -> tuple[int, int, int]:
        i = int(np.argmin(np.abs(self.lobule_mm - lobule_mm)))
        j = int(np.argmin(np.abs(self.stiffness_kpa - stiffness_kpa)))
        return i, j, int(bool(oedema))

    def grid(self, lobule_mm: float, stiffness_kpa: float, oedema: bool) -> np.ndarray:
        return self.states[self.index(lobule_mm, stiffness_kpa, oedema)]


@lru_cache(maxsize=1)
def regime_cube() -> RegimeCube:
    """Every state of the model over the map grid, for every lobule size, stiffness and oedema
    setting the sliders allow (computed once, about 2 million cells in a few milliseconds)."""
    c = CONTROLS
    opening = np.round(np.arange(c["opening"].low, c["opening"].high + 1e-9, MAP_OPENING_STEP), 6)
    load = np.round(np.arange(c["load"].low, c["load"].high + 1e-9, MAP_LOAD_STEP), 6)
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


LABEL_BOX = (7, 17)  # cells (load rows, opening columns) a region label needs, with a margin


def region_labels(grid: np.ndarray, opening_mm: np.ndarray, load_kpa: np.ndarray,
                  box: tuple[int, int] = LABEL_BOX) -> list[tuple[str, float, float, bool]]:
    """(state, x, y, fits) for a label inside each state's region: the cell nearest the region's
    centre around which a whole label box lies in the region (``fits``), else the cell whose box
    holds most of it. States with a tiny region get no label."""
    bh, bw = box
    rows, cols = grid.shape
    labels = []
    for k, name in enumerate(STATES):
        mask = grid == k
        if mask.sum() < bh * bw // 2:
            continue
        # summed-area table: how many region cells lie in the box centred on each cell
        padded = np.zeros((rows + bh, cols + bw))
        padded[bh // 2:bh // 2 + rows, bw // 2:bw // 2 + cols] = mask
        table = np.zeros((padded.shape[0] + 1, padded.shape[1] + 1))
        table[1:, 1:] = padded.cumsum(0).cumsum(1)
        inside = table[bh:bh + rows, bw:bw + cols] - table[:rows, bw:bw + cols] - table[bh:bh + rows, :cols] \
            + table[:rows, :cols]
        inside = np.where(mask, inside, -1)
        ys, xs = np.nonzero(mask)
        cy, cx = ys.mean(), xs.mean()
        best = inside.max()
        cand_y, cand_x = np.nonzero(inside >= best - 1e-9)
        i = int(np.argmin(((cand_y - cy) / rows) ** 2 + ((cand_x - cx) / cols) ** 2))
        x, y = float(opening_mm[cand_x[i]]), float(load_kpa[cand_y[i]])
        y = min(max(y, load_kpa[0] + 0.3), load_kpa[-1] - 0.3)
        labels.append((name, x, y, bool(best >= bh * bw)))
    return labels


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


# --- drawing helpers ------------------------------------------------------------------------------

_T = np.linspace(0, 2 * np.pi, 61)
_FASCIA_HALF = 1.0   # mm, half thickness of the fascia as drawn
_X_SPAN = 56.0       # mm, half width of the diagram


def _circle(cx, cy, r):
    return list(cx + r * np.cos(_T)), list(cy + r * np.sin(_T))


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
        half = np.linspace(0, np.pi, 25)
        capx = list(w * np.cos(half))
        capy = list(top + 0.6 * w * frac * np.sin(half))
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


def _state_colours():
    from . import style

    return {"contained": style.PALETTE["sky"], "protruding": style.PALETTE["yellow"],
            "trapped": style.PALETTE["vermillion"]}


# --- 1. the herniation simulator ------------------------------------------------------------------

ILLUSTRATIVE_NOTE = (
    "<div class='bm-note' style='border-left:4px solid #E69F00;padding:4px 10px;margin:6px 0'>"
    "<b>\u26a0 Teaching model, illustrative numbers.</b> This is not measured physiology: no study "
    "has measured the pressures, opening sizes, tissue stiffness or swelling of back mice. The rule "
    "for squeezing through (stiffness \u00d7 (lobule \u00f7 opening \u2212 1)), the push back at rest "
    f"({RETURN_PRESSURE / 1000:.1f} kPa), the swelling factor ({OEDEMA_FACTOR:g}\u00d7) and the wall "
    f"thickness ({WALL_THICKNESS * 1000:g} mm) are illustrative. Only Laplace's law (the wall "
    "tension and stress) is physics.</div>")


def _controls():
    import ipywidgets as w

    style_ = {"description_width": "16em"}
    layout = {"width": "36em"}
    made = {}
    for key, c in CONTROLS.items():
        made[key] = w.FloatSlider(value=c.default, min=c.low, max=c.high, step=c.step,
                                  description=f"{c.label} ({c.unit})", style=style_, layout=layout,
                                  readout_format=".2f" if key == "stiffness" else ".1f",
                                  continuous_update=True)
    made["oedema"] = w.Checkbox(value=False, description="Oedema: the part outside swells", indent=False)
    return made


def _read(controls) -> tuple[float, float, float, float, bool]:
    """Slider values in SI units: load (Pa), opening (m), lobule (m), stiffness (Pa), oedema."""
    return (kpa_to_pa(controls["load"].value), mm_to_m(controls["opening"].value),
            mm_to_m(controls["lobule"].value), kpa_to_pa(controls["stiffness"].value),
            bool(controls["oedema"].value))


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


def simulator_figure(r: Result | None = None):
    """The simulator's FigureWidget: the diagram (left) and the model's pressures and stresses (right)."""
    import plotly.graph_objects as go
    from .widgets import figure_widget
    from plotly.subplots import make_subplots

    from . import style

    style.use()
    if r is None:
        c = CONTROLS
        r = simulate(kpa_to_pa(c["load"].default), mm_to_m(c["opening"].default), mm_to_m(c["lobule"].default),
                     kpa_to_pa(c["stiffness"].default))
    base = make_subplots(rows=3, cols=1, row_heights=[0.62, 0.23, 0.15], vertical_spacing=0.09,
                         subplot_titles=("Side view (mm)", "Pressures in the model (kPa)",
                                         "Wall stress from Laplace's law (kPa)"))
    fig = base
    grey = "#6b6b6b"
    # deep side shading (higher pressure under load)
    bx, by = _rect(-_X_SPAN, _X_SPAN, -36, -_FASCIA_HALF)
    fig.add_trace(go.Scatter(x=bx, y=by, mode="lines", fill="toself", fillcolor="#EEF3F8", line=dict(width=0),
                             hoverinfo="skip", showlegend=False), row=1, col=1)
    fx, fy = fascia_outline(m_to_mm(r.opening))
    fig.add_trace(go.Scatter(x=fx, y=fy, mode="lines", fill="toself", fillcolor="#9a9a9a", name="fascia",
                             fillpattern=dict(shape="/", fgcolor="#444444", bgcolor="#bdbdbd", size=6),
                             line=dict(color="#333333", width=1), hoverinfo="name", showlegend=False),
                  row=1, col=1)
    lx, ly = lobule_outline(r)
    fig.add_trace(go.Scatter(x=lx, y=ly, mode="lines", fill="toself", fillcolor=style.PALETTE["yellow"],
                             name="fat lobule",
                             line=dict(color=STATE_LINE[r.state], width=3,
                                       dash="dash" if r.state == "trapped" else "solid"),
                             hoverinfo="name", showlegend=False), row=1, col=1)
    shown, text = _pressure_bars(r)
    colours = [style.PALETTE["blue"], grey, grey, style.PALETTE["orange"]]
    fig.add_trace(go.Bar(x=shown, y=list(PRESSURE_BARS), orientation="h", text=text, textposition="outside",
                         cliponaxis=False, marker=dict(color=colours, line=dict(color="#333", width=1),
                                                       pattern=dict(shape=["", "", "", "."])),
                         hoverinfo="skip", showlegend=False), row=2, col=1)
    sshown, stext = _stress_bars(r)
    fig.add_trace(go.Bar(x=sshown, y=list(STRESS_BARS), orientation="h", text=stext, textposition="outside",
                         cliponaxis=False, marker=dict(color=[style.PALETTE["purple"], style.PALETTE["green"]],
                                                       line=dict(color="#333", width=1)),
                         hoverinfo="skip", showlegend=False), row=3, col=1)
    fig.update_xaxes(range=[-_X_SPAN, _X_SPAN], showgrid=False, zeroline=False, constrain="domain", row=1, col=1)
    fig.update_yaxes(range=[-36, 44], scaleanchor="x", scaleratio=1, showgrid=False, zeroline=False,
                     constrain="domain", row=1, col=1)
    fig.update_xaxes(range=[0, BAR_MAX_KPA * 1.15], dtick=1, domain=[0.3, 1.0], row=2, col=1)
    fig.update_yaxes(autorange="reversed", row=2, col=1)
    fig.update_xaxes(range=[0, STRESS_MAX_KPA * 1.15], dtick=10, domain=[0.3, 1.0], row=3, col=1)
    fig.update_yaxes(autorange="reversed", row=3, col=1)
    fig.update_layout(height=880, margin=dict(l=20, r=30, t=110, b=20), bargap=0.3,
                      annotations=list(fig.layout.annotations) + _diagram_annotations(r))
    fig.update_layout(title=dict(text="Herniation simulator (teaching model, illustrative numbers)", y=0.985))
    return figure_widget(fig)


ARROW_X, ARROW_TAIL = -44.0, -24.0   # mm: where the load arrow starts (deep side, left)


def _dome_centre(r: Result) -> float:
    return _FASCIA_HALF + 0.8 + m_to_mm(r.outside) / 2


def _dome_text(r: Result) -> str:
    if r.state == "contained":
        return ""
    return f"part outside:<br>{m_to_mm(r.outside):.0f} mm wide" + ("<br>swollen (oedema)" if r.oedema else "")


def _arrow_head(load_kpa: float) -> float:
    return ARROW_TAIL + 3 + 18 * min(load_kpa, 8.0) / 8.0


def _diagram_annotations(r: Result) -> list[dict]:
    a = m_to_mm(r.opening) / 2
    common = dict(xref="x", yref="y", showarrow=False, font=dict(size=13))
    load = pa_to_kpa(r.load)
    return [
        dict(text=_banner(r), xref="paper", yref="paper", x=0.0, y=1.045, xanchor="left", yanchor="bottom",
             showarrow=False, font=dict(size=16, color=STATE_LINE[r.state]), name="banner"),
        dict(text="fascia", x=-_X_SPAN + 1, y=_FASCIA_HALF + 2.5, xanchor="left", name="fascia", **common),
        dict(text=f"opening (neck) {2 * a:.1f} mm", x=a, y=-_FASCIA_HALF, ax=_X_SPAN - 1, ay=-12, axref="x",
             ayref="y", xref="x", yref="y", xanchor="right", showarrow=True, arrowhead=2, arrowwidth=1.5,
             arrowcolor="#333", font=dict(size=13), name="opening"),
        dict(text=_dome_text(r), x=m_to_mm(r.outside) / 2 + 1.5, y=_dome_centre(r), xanchor="left",
             name="dome", **common),
        dict(text="deep side", x=_X_SPAN - 1, y=-33, xanchor="right", name="deep", **common),
        dict(text="towards the skin", x=-_X_SPAN + 1, y=41, xanchor="left", name="skin", **common),
        dict(text=f"\u0394P {load:.1f} kPa<br>({pa_to_mmhg(r.load):.0f} mmHg)", x=ARROW_X, y=_arrow_head(load),
             ax=ARROW_X, ay=ARROW_TAIL, axref="x", ayref="y", xref="x", yref="y", showarrow=load > 0,
             arrowhead=3, arrowsize=1.2, arrowwidth=3, arrowcolor="#0072B2", yanchor="top",
             font=dict(size=13, color="#0072B2"), name="load"),
    ]


def _update_simulator(fig, r: Result, previous: Result | None = None) -> None:
    """Change only what differs from ``previous`` (plotly property updates are the slow part)."""
    p = previous
    ann = {a.name: a for a in fig.layout.annotations if a.name}
    with fig.batch_update():
        if p is None or p.opening != r.opening:
            fig.data[1].x, fig.data[1].y = fascia_outline(m_to_mm(r.opening))
            ann["opening"].update(text=f"opening (neck) {m_to_mm(r.opening):.1f} mm", x=m_to_mm(r.opening) / 2)
        if p is None or (p.state, p.outside, p.oedema) != (r.state, r.outside, r.oedema):
            ann["dome"].update(text=_dome_text(r), x=m_to_mm(r.outside) / 2 + 1.5, y=_dome_centre(r))
        lob = fig.data[2]
        lob.x, lob.y = lobule_outline(r)
        if p is None or p.state != r.state:
            lob.line.color = STATE_LINE[r.state]
            lob.line.dash = "dash" if r.state == "trapped" else "solid"
            ann["banner"].text = _banner(r)
            ann["banner"].font.color = STATE_LINE[r.state]
        fig.data[3].x, fig.data[3].text = _pressure_bars(r)
        fig.data[4].x, fig.data[4].text = _stress_bars(r)
        if p is None or p.load != r.load:
            new = next(n for n in _diagram_annotations(r) if n["name"] == "load")
            ann["load"].update(text=new["text"], y=new["y"], showarrow=new["showarrow"])


def herniation_simulator():
    """Sliders for opening size, pressure difference, lobule size and stiffness, and an oedema
    switch; the figure shows the lobule's state and the stresses (a backmice.widgets tool)."""
    import ipywidgets as w

    from .widgets import summary_html, tool

    controls = _controls()
    r = simulate(*_read(controls))
    fig = simulator_figure(r)
    note = w.HTML(ILLUSTRATIVE_NOTE)
    order = [controls[k] for k in ("opening", "load", "lobule", "stiffness", "oedema")]
    box = tool("Herniation simulator", order, figure=fig, summary=describe(r), extra=(note,))

    def update(_=None):
        result = simulate(*_read(controls))
        _update_simulator(fig, result, box.result)
        box.summary.value = summary_html(describe(result))
        box.result = result

    for c in order:
        c.observe(update, names="value")
    box.named, box.result, box.note, box.update = controls, r, note, update
    return box


# --- 2. the regime map ----------------------------------------------------------------------------

def _colorscale():
    c = _state_colours()
    return [[0.0, c["contained"]], [1 / 3, c["contained"]], [1 / 3, c["protruding"]],
            [2 / 3, c["protruding"]], [2 / 3, c["trapped"]], [1.0, c["trapped"]]]


def _map_labels(grid, cube) -> tuple[list, list, list, list]:
    """x, y, text and text position of one label per state region. A region too thin for its
    label (a strip at an edge) gets a pointer and the text beside it."""
    xs, ys, texts, where = [], [], [], []
    mid = (cube.opening_mm[0] + cube.opening_mm[-1]) / 2
    for name, x, y, fits in region_labels(grid, cube.opening_mm, cube.load_kpa):
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
    """Heat map of the model's states (opening diameter against pressure difference), from the
    precomputed cube, with a marker at ``point`` = (opening mm, load kPa)."""
    import plotly.graph_objects as go
    from .widgets import figure_widget

    from . import style

    style.use()
    c = CONTROLS
    lobule_mm = c["lobule"].default if lobule_mm is None else lobule_mm
    stiffness_kpa = c["stiffness"].default if stiffness_kpa is None else stiffness_kpa
    point = point or (c["opening"].default, c["load"].default)
    cube = regime_cube()
    grid = cube.grid(lobule_mm, stiffness_kpa, oedema)
    fig = go.Figure()
    fig.add_trace(go.Heatmap(x=cube.opening_mm, y=cube.load_kpa, z=grid, zmin=-0.5, zmax=2.5,
                             colorscale=_colorscale(), name="state",
                             colorbar=dict(title=dict(text="state", side="top"), tickvals=[0, 1, 2],
                                           ticktext=[f"{STATE_SYMBOL[s]} {s}" for s in STATES],
                                           orientation="h", x=0.5, xanchor="center", y=-0.25, yanchor="top",
                                           len=0.75, thickness=14, tickfont=dict(size=14)),
                             hovertemplate="opening %{x:.2f} mm<br>\u0394P %{y:.1f} kPa<extra></extra>"))
    fig.add_trace(go.Scatter(x=[point[0]], y=[point[1]], mode="markers+text", name="simulator",
                             marker=dict(symbol="star", size=20, color="white", line=dict(color="black", width=2)),
                             text=["  simulator"], textposition="middle right",
                             textfont=dict(size=14, color="black"), showlegend=False,
                             hovertemplate="simulator: %{x:.1f} mm, %{y:.1f} kPa<extra></extra>"))
    lx, ly, lt, lp = _map_labels(grid, cube)
    fig.add_trace(go.Scatter(x=lx, y=ly, text=lt, textposition=lp, mode="text", name="labels", hoverinfo="skip", showlegend=False,
                             cliponaxis=False,
                             textfont=dict(size=14, color="#111111", shadow="1px 1px 2px white")))
    # a second axis in mmHg (an invisible trace keeps it drawn)
    top = float(cube.load_kpa[-1])
    fig.add_trace(go.Scatter(x=[cube.opening_mm[0]], y=[0], yaxis="y2", mode="markers", marker=dict(opacity=0),
                             hoverinfo="skip", showlegend=False))
    fig.update_layout(
        title=dict(text="Regime map of the teaching model (illustrative numbers)"),
        xaxis=dict(title=dict(text="opening (defect) diameter (mm)"), range=[0.9, 20.1], dtick=2),
        yaxis=dict(title=dict(text="pressure difference \u0394P (kPa)"), range=[-0.05, top + 0.05]),
        yaxis2=dict(title=dict(text="\u0394P (mmHg)"), overlaying="y", side="right",
                    range=[pa_to_mmhg(-50), pa_to_mmhg(kpa_to_pa(top) + 50)], showgrid=False, dtick=10),
        height=510, margin=dict(l=70, r=70, t=60, b=110))
    return figure_widget(fig)


def regime_map(simulator=None):
    """The regime map, linked to a simulator: it shows the simulator's own sliders again, so
    moving them here or there moves the marker; lobule size, stiffness and oedema swap in a
    precomputed map."""
    from .widgets import summary_html, tool

    sim = simulator if simulator is not None else herniation_simulator()
    named = sim.named
    cube = regime_cube()

    def values():
        return (named["lobule"].value, named["stiffness"].value, bool(named["oedema"].value),
                named["opening"].value, named["load"].value)

    lob, stiff, oed, opening, load = values()
    fig = regime_figure(lob, stiff, oed, (opening, load))
    order = [named[k] for k in ("opening", "load", "lobule", "stiffness", "oedema")]
    box = tool("Regime map", order, figure=fig, summary=describe_map(*values()))
    box.shown = (lob, stiff, oed)

    def move(_=None):
        lob, stiff, oed, opening, load = values()
        with fig.batch_update():
            fig.data[1].x, fig.data[1].y = [opening], [load]
            if (lob, stiff, oed) != box.shown:
                grid = cube.grid(lob, stiff, oed)
                fig.data[0].z = grid
                labels = fig.data[2]
                labels.x, labels.y, labels.text, labels.textposition = _map_labels(grid, cube)
                box.shown = (lob, stiff, oed)
        box.summary.value = summary_html(describe_map(lob, stiff, oed, opening, load))

    for c in order:
        c.observe(move, names="value")
    box.named, box.simulator, box.update = named, sim, move
    return box


# --- 3. the Laplace explorer ----------------------------------------------------------------------

LAPLACE_R_MAX_MM = 20.0
LAPLACE_P_MAX_KPA = 10.0
LAPLACE_T_MAX = LAPLACE_P_MAX_KPA * 1000 * LAPLACE_R_MAX_MM / 1000  # N/m, cylinder at the largest values

LAPLACE_NOTE = (
    "<div class='bm-note' style='border-left:4px solid #E69F00;padding:4px 10px;margin:6px 0'>"
    "<b>Physics with illustrative numbers.</b> Laplace's law holds for any thin-walled vessel. The "
    "pressures, radii and wall thicknesses on the sliders (and their starting values) are illustrative, "
    "chosen for practice: no study has measured them in back mice.</div>")


def describe_laplace(pressure_kpa: float, radius_mm: float, thickness_mm: float) -> str:
    P, r, h = kpa_to_pa(pressure_kpa), mm_to_m(radius_mm), mm_to_m(thickness_mm)
    tc, ts = laplace_tension(P, r, "cylinder"), laplace_tension(P, r, "sphere")
    return (f"Physics with illustrative numbers (not measured in back mice). "
            f"Tension against radius at {pressure_kpa:.1f} kPa ({pa_to_mmhg(P):.0f} mmHg): two straight lines "
            f"from zero, the cylinder's twice as steep as the sphere's. At radius {radius_mm:.1f} mm: cylinder "
            f"T = P \u00d7 r = {tc:.1f} N/m, sphere T = P \u00d7 r / 2 = {ts:.1f} N/m. With a {thickness_mm:.1f} mm "
            f"wall the stress is {pa_to_kpa(wall_stress(tc, h)):.1f} kPa (cylinder) and "
            f"{pa_to_kpa(wall_stress(ts, h)):.1f} kPa (sphere).")


def laplace_figure(pressure_kpa: float = 4.0, radius_mm: float = 5.0):
    import plotly.graph_objects as go
    from .widgets import figure_widget

    from . import style

    style.use()
    P = kpa_to_pa(pressure_kpa)
    rr = [0.0, LAPLACE_R_MAX_MM]
    r = mm_to_m(radius_mm)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=rr, y=[laplace_tension(P, mm_to_m(x), "cylinder") for x in rr], mode="lines",
                             name="cylinder (tube): T = P\u00b7r", line=dict(color=style.PALETTE["blue"], width=3)))
    fig.add_trace(go.Scatter(x=rr, y=[laplace_tension(P, mm_to_m(x), "sphere") for x in rr], mode="lines",
                             name="sphere (ball): T = P\u00b7r/2",
                             line=dict(color=style.PALETTE["orange"], width=3, dash="dash")))
    fig.add_trace(go.Scatter(x=[radius_mm], y=[laplace_tension(P, r, "cylinder")], mode="markers+text",
                             marker=dict(symbol="circle", size=13, color=style.PALETTE["blue"],
                                         line=dict(color="black", width=1)),
                             text=[f"{laplace_tension(P, r, 'cylinder'):.1f} N/m"], textposition="middle left",
                             showlegend=False, name="cylinder at r"))
    fig.add_trace(go.Scatter(x=[radius_mm], y=[laplace_tension(P, r, "sphere")], mode="markers+text",
                             marker=dict(symbol="diamond", size=13, color=style.PALETTE["orange"],
                                         line=dict(color="black", width=1)),
                             text=[f"{laplace_tension(P, r, 'sphere'):.1f} N/m"], textposition="middle right",
                             showlegend=False, name="sphere at r"))
    fig.update_layout(
        title=dict(text=f"Laplace's law at {pressure_kpa:.1f} kPa ({pa_to_mmhg(P):.0f} mmHg), illustrative numbers"),
        xaxis=dict(title=dict(text="radius r (mm)"), range=[0, LAPLACE_R_MAX_MM], dtick=2),
        yaxis=dict(title=dict(text="wall tension T (N/m)"), range=[0, LAPLACE_T_MAX * 1.03]),
        legend=dict(x=0.02, y=0.98, bgcolor="rgba(255,255,255,0.9)", bordercolor="#999", borderwidth=1),
        height=420, shapes=[dict(type="line", x0=radius_mm, x1=radius_mm, y0=0, y1=1, yref="paper",
                                 line=dict(color="#555", dash="dot", width=1.5))])
    return figure_widget(fig)


def laplace_explorer():
    """Sliders for pressure, radius and wall thickness; the figure shows tension against radius
    for a cylinder and a sphere (a backmice.widgets tool)."""
    import ipywidgets as w

    from .widgets import summary_html, tool

    st, lay = {"description_width": "13em"}, {"width": "34em"}
    pressure = w.FloatSlider(value=4.0, min=0.5, max=LAPLACE_P_MAX_KPA, step=0.5, readout_format=".1f",
                             description="Pressure P (kPa)", style=st, layout=lay)
    radius = w.FloatSlider(value=5.0, min=0.5, max=LAPLACE_R_MAX_MM, step=0.5, readout_format=".1f",
                           description="Radius r (mm)", style=st, layout=lay)
    thickness = w.FloatSlider(value=1.0, min=0.1, max=3.0, step=0.1, readout_format=".1f",
                              description="Wall thickness h (mm)", style=st, layout=lay)
    fig = laplace_figure(pressure.value, radius.value)
    box = tool("Laplace explorer", [pressure, radius, thickness], figure=fig,
               summary=describe_laplace(pressure.value, radius.value, thickness.value),
               extra=(w.HTML(LAPLACE_NOTE),))

    def update(_=None):
        P, r = kpa_to_pa(pressure.value), mm_to_m(radius.value)
        tc, ts = laplace_tension(P, r, "cylinder"), laplace_tension(P, r, "sphere")
        with fig.batch_update():
            fig.data[0].y = [0.0, laplace_tension(P, mm_to_m(LAPLACE_R_MAX_MM), "cylinder")]
            fig.data[1].y = [0.0, laplace_tension(P, mm_to_m(LAPLACE_R_MAX_MM), "sphere")]
            fig.data[2].x, fig.data[2].y, fig.data[2].text = [radius.value], [tc], [f"{tc:.1f} N/m"]
            fig.data[3].x, fig.data[3].y, fig.data[3].text = [radius.value], [ts], [f"{ts:.1f} N/m"]
            fig.layout.shapes[0].x0 = fig.layout.shapes[0].x1 = radius.value
            fig.layout.title.text = (f"Laplace's law at {pressure.value:.1f} kPa ({pa_to_mmhg(P):.0f} mmHg), "
                                     "illustrative numbers")
        box.summary.value = summary_html(describe_laplace(pressure.value, radius.value, thickness.value))

    for c in (pressure, radius, thickness):
        c.observe(update, names="value")
    box.pressure, box.radius, box.thickness, box.update = pressure, radius, thickness, update
    return box


# --- a static diagram: the parts of a hernia, and a lipoma for comparison ---------------------------

def hernia_parts_figure():
    """Two labelled side views: tissue pushed through an opening (general hernia anatomy) and a
    lipoma (a growth of fat cells above intact fascia). Original drawing; static."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from . import style

    style.use()
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.06,
                        subplot_titles=("A. Tissue pushed through an opening (a hernia)",
                                        "B. A lipoma: a growth of fat cells"))
    fat, deep = style.PALETTE["yellow"], "#F7F1B5"
    for col in (1, 2):
        bx, by = _rect(-30, 30, -22, -_FASCIA_HALF)
        fig.add_trace(go.Scatter(mode="lines", x=bx, y=by, fill="toself", fillcolor=deep, line=dict(width=0), hoverinfo="skip",
                                 showlegend=False), row=1, col=col)
    # A: fascia with an opening, a lobule through it, continuous with the fat beneath
    fx, fy = fascia_outline(8.0)
    fx = [max(-30, min(30, v)) if v is not None else None for v in fx]
    fig.add_trace(go.Scatter(mode="lines", x=fx, y=fy, fill="toself", fillcolor="#9a9a9a",
                             fillpattern=dict(shape="/", fgcolor="#444", bgcolor="#bdbdbd", size=6),
                             line=dict(color="#333", width=1), hoverinfo="skip", showlegend=False), row=1, col=1)
    sx, sy = _rect(-3.2, 3.2, -6, 3)
    cx, cy = _circle(0, 12, 10)
    fig.add_trace(go.Scatter(mode="lines", x=sx + [None] + cx, y=sy + [None] + cy, fill="toself", fillcolor=fat,
                             line=dict(color="#333", width=2), hoverinfo="skip", showlegend=False), row=1, col=1)
    sac_x, sac_y = _circle(0, 12, 11.3)
    fig.add_trace(go.Scatter(x=sac_x, y=sac_y, mode="lines", line=dict(color="#0072B2", width=2, dash="dot"),
                             hoverinfo="skip", showlegend=False), row=1, col=1)
    # B: intact fascia, a separate lump of fat above it
    fx2, fy2 = _rect(-30, 30, -_FASCIA_HALF, _FASCIA_HALF)
    fig.add_trace(go.Scatter(mode="lines", x=fx2, y=fy2, fill="toself", fillcolor="#9a9a9a",
                             fillpattern=dict(shape="/", fgcolor="#444", bgcolor="#bdbdbd", size=6),
                             line=dict(color="#333", width=1), hoverinfo="skip", showlegend=False), row=1, col=2)
    lx, ly = _circle(0, 13, 9)
    fig.add_trace(go.Scatter(mode="lines", x=lx, y=ly, fill="toself", fillcolor=fat, line=dict(color="#333", width=2),
                             fillpattern=dict(shape=".", fgcolor="#8a7d00", bgcolor=fat, size=7),
                             hoverinfo="skip", showlegend=False), row=1, col=2)
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
    for col, (xa, ya) in enumerate((("x", "y"), ("x2", "y2")), start=1):
        fig.update_xaxes(range=[-30, 30], visible=False, row=1, col=col)
        fig.update_yaxes(range=[-22, 38], visible=False, scaleanchor=xa, scaleratio=1, row=1, col=col)
    fig.update_layout(height=430, margin=dict(l=10, r=10, t=60, b=10),
                      annotations=list(fig.layout.annotations) + notes, plot_bgcolor="white")
    return fig
