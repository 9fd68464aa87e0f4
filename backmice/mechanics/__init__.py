"""Lesson 02, herniation mechanics: Laplace's law and a teaching model of a fat herniation.

Lesson 02 (``lessons/02_herniation_mechanics.ipynb``) calls, in this order:

- ``mechanics.hernia_parts_figure()``: the parts of a hernia beside a lipoma (a static figure);
- ``mechanics.laplace_explorer()``: Laplace's law for a cylinder and a sphere (a tool);
- ``sim = mechanics.herniation_simulator()``: the teaching model's simulator (a tool);
- ``mechanics.regime_map(sim)``: every state of the model, linked to that simulator (a tool).

Where things live:

- :mod:`.model`: units, Laplace's law, the teaching model and its illustrative numbers, the
  regime cube (numpy) and its slices and region labels in plain Python, and the tools' text
  alternatives (pure: no plotly, no widgets; the lesson never loads numpy);
- :mod:`.figures`: the plotly figures and the functions that redraw them;
- :mod:`.tools`: the interactive tools (:class:`backmice.widgets.Tool` subclasses) and the
  factories the lesson calls.

The model's names are imported here at once; the figures' and tools' names on first use, so
``from backmice.mechanics import simulate`` imports neither plotly nor ipywidgets.
"""

from __future__ import annotations

from ..lazy import exports
from .model import (CONTROLS, ILLUSTRATIVE, LABEL_BOX, LAPLACE_P_MAX_KPA, LAPLACE_R_MAX_MM, LAPLACE_T_MAX,
                    M_PER_MM, MAP_LOAD_STEP, MAP_OPENING_STEP, OEDEMA_FACTOR, PA_PER_KPA, PA_PER_MMHG,
                    RETURN_PRESSURE, SHAPES, STATE_SYMBOL, STATE_TEXT, STATES, WALL_THICKNESS, Control,
                    Parameter, RegimeCube, Result, classify, describe, describe_laplace, describe_map,
                    kpa_to_pa, laplace_pressure, laplace_tension, m_to_mm, map_axes, mm_to_m, mmhg_to_pa,
                    outside_diameter, pa_to_kpa, pa_to_mmhg, region_labels, regime_cube, regime_grid, simulate,
                    simulate_shown, squeeze_pressure, trap_limit, wall_stress)

_LAZY = {
    "figures": ("simulator_figure", "update_simulator", "regime_figure", "update_regime",
                "laplace_figure", "update_laplace", "hernia_parts_figure", "lobule_outline",
                "fascia_outline", "STATE_LINE", "PRESSURE_BARS", "STRESS_BARS", "BAR_MAX_KPA",
                "STRESS_MAX_KPA", "BANNER_TEXT"),
    "tools": ("herniation_simulator", "regime_map", "laplace_explorer", "HerniationSimulator",
              "RegimeMap", "LaplaceExplorer", "ILLUSTRATIVE_NOTE", "LAPLACE_NOTE"),
}
__getattr__, __dir__, _LAZY_NAMES = exports(__name__, _LAZY)

__all__ = [
    "CONTROLS", "ILLUSTRATIVE", "LABEL_BOX", "LAPLACE_P_MAX_KPA", "LAPLACE_R_MAX_MM", "LAPLACE_T_MAX", "M_PER_MM",
    "MAP_LOAD_STEP", "MAP_OPENING_STEP", "OEDEMA_FACTOR", "PA_PER_KPA", "PA_PER_MMHG", "RETURN_PRESSURE",
    "SHAPES", "STATE_SYMBOL", "STATE_TEXT", "STATES", "WALL_THICKNESS", "Control", "Parameter", "RegimeCube",
    "Result", "classify", "describe", "describe_laplace", "describe_map", "kpa_to_pa", "laplace_pressure",
    "laplace_tension", "m_to_mm", "map_axes", "mm_to_m", "mmhg_to_pa", "outside_diameter", "pa_to_kpa",
    "pa_to_mmhg", "region_labels", "regime_cube", "regime_grid", "simulate", "simulate_shown",
    "squeeze_pressure", "trap_limit", "wall_stress", *_LAZY_NAMES,
]

