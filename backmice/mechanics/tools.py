"""Lesson 02's three interactive tools, each a :class:`backmice.widgets.Tool`.

- :class:`HerniationSimulator` (``herniation_simulator()``): sliders for the opening, the pressure
  difference, the lobule and its stiffness, and an oedema switch; controls ``"opening"``,
  ``"load"``, ``"lobule"``, ``"stiffness"``, ``"oedema"``.
- :class:`RegimeMap` (``regime_map(sim)``): the same five controls, shared with a simulator, and a
  map of the model's states with the simulator's point on it.
- :class:`LaplaceExplorer` (``laplace_explorer()``): controls ``"pressure"``, ``"radius"``,
  ``"thickness"``.
"""

from __future__ import annotations

import ipywidgets as w

from ..widgets import Tool, shared
from .figures import (laplace_figure, regime_figure, simulator_figure, update_laplace, update_regime,
                      update_simulator)
from .model import (CONTROLS, LAPLACE_P_MAX_KPA, LAPLACE_R_MAX_MM, OEDEMA_FACTOR, RETURN_PRESSURE,
                    WALL_THICKNESS, Result, describe, describe_laplace, describe_map, regime_grid,
                    simulate_shown)

ORDER = ("opening", "load", "lobule", "stiffness", "oedema")   # the simulator's controls, as shown


def _note(html: str) -> str:
    return ("<div class='bm-note' style='border-left:4px solid #E69F00;padding:4px 10px;margin:6px 0'>"
            + html + "</div>")


ILLUSTRATIVE_NOTE = _note(
    "<b>\u26a0 Teaching model, illustrative numbers.</b> This is not measured physiology: no study "
    "has measured the pressures, opening sizes, tissue stiffness or swelling of back mice. The rule "
    "for squeezing through (stiffness \u00d7 (lobule \u00f7 opening \u2212 1)), the push back at rest "
    f"({RETURN_PRESSURE / 1000:.1f} kPa), the swelling factor ({OEDEMA_FACTOR:g}\u00d7) and the wall "
    f"thickness ({WALL_THICKNESS * 1000:g} mm) are illustrative. Only Laplace's law (the wall "
    "tension and stress) is physics.")

LAPLACE_NOTE = _note(
    "<b>Physics with illustrative numbers.</b> Laplace's law holds for any thin-walled vessel. The "
    "pressures, radii and wall thicknesses on the sliders (and their starting values) are illustrative, "
    "chosen for practice: no study has measured them in back mice.")


class HerniationSimulator(Tool):
    """The teaching model of a fat herniation: the lobule's state (contained, protruding, trapped),
    the pressures that decide it and the wall stresses from Laplace's law.

    ``result`` is the :class:`~backmice.mechanics.model.Result` on show (SI units); ``note`` is the
    HTML widget under the figure that says the numbers are illustrative."""

    title = "Herniation simulator"

    def build(self) -> None:
        # the controls' and the note's layout and style models are shared (never changed afterwards):
        # every model is a message to the browser when the lesson runs (backmice.widgets.shared)
        style, layout = shared("slider", description_width="16em"), shared("layout", width="36em")
        for key, c in CONTROLS.items():
            self.add(key, w.FloatSlider(value=c.default, min=c.low, max=c.high, step=c.step,
                                        description=f"{c.label} ({c.unit})", style=style, layout=layout,
                                        readout_format=".2f" if key == "stiffness" else ".1f",
                                        continuous_update=True))
        self.add("oedema", w.Checkbox(value=False, description="Oedema: the part outside swells", indent=False,
                                      layout=shared("layout"), style=shared("checkbox")))
        self.state["result"] = self.simulate()
        self.figure = simulator_figure(self.result)
        self.note = w.HTML(ILLUSTRATIVE_NOTE, layout=shared("layout"), style=shared("html"))
        self.extra = (self.note,)

    def values(self) -> dict:
        """The controls' values in the units shown (mm, kPa), and the oedema switch."""
        return {key: self[key].value for key in ORDER}

    def simulate(self) -> Result:
        return simulate_shown(**self.values())

    @property
    def result(self) -> Result:
        return self.state["result"]

    def update(self, change=None) -> None:
        result = self.simulate()
        if change is not None:   # None: the first call, and the figure was built from these values
            update_simulator(self.figure, result, self.state["result"])
        self.set_summary(describe(result))
        self.state["result"] = result


class RegimeMap(Tool):
    """Every state of the teaching model over opening diameter and pressure difference, for the
    simulator's lobule, stiffness and oedema, with the simulator's point as a star.

    It shows ``simulator``'s own controls again (moving them here or there moves the marker);
    lobule size, stiffness and oedema swap in a slice of the precomputed regime cube.
    ``state["shown"]`` is the (lobule, stiffness, oedema) of the slice on show."""

    title = "Regime map"

    def __init__(self, simulator: HerniationSimulator | None = None):
        self.simulator = simulator if simulator is not None else HerniationSimulator()
        super().__init__()

    def build(self) -> None:
        for key in ORDER:
            self.add(key, self.simulator[key])
        v = self.simulator.values()
        self.figure = regime_figure(v["lobule"], v["stiffness"], bool(v["oedema"]), (v["opening"], v["load"]))
        self.state["shown"] = (v["lobule"], v["stiffness"], bool(v["oedema"]))

    def update(self, change=None) -> None:
        v = self.simulator.values()
        lobule, stiffness, oedema = slice_ = (v["lobule"], v["stiffness"], bool(v["oedema"]))
        grid = None
        if slice_ != self.state["shown"]:
            grid = regime_grid(*slice_)
            self.state["shown"] = slice_
        if change is not None:   # None: the first call, and the figure was built from these values
            update_regime(self.figure, v["opening"], v["load"], grid)
        self.set_summary(describe_map(lobule, stiffness, oedema, v["opening"], v["load"]))


class LaplaceExplorer(Tool):
    """Laplace's law for a cylinder and a sphere: tension against radius at the chosen pressure,
    and the wall stress for the chosen thickness (in the summary)."""

    title = "Laplace explorer"

    def build(self) -> None:
        # one style and one layout model for the three sliders and the note (never changed: shared)
        style, layout = shared("slider", description_width="13em"), shared("layout", width="34em")

        def slider(name, value, low, high, step, description):
            self.add(name, w.FloatSlider(value=value, min=low, max=high, step=step, readout_format=".1f",
                                         description=description, style=style, layout=layout))

        slider("pressure", 4.0, 0.5, LAPLACE_P_MAX_KPA, 0.5, "Pressure P (kPa)")
        slider("radius", 5.0, 0.5, LAPLACE_R_MAX_MM, 0.5, "Radius r (mm)")
        slider("thickness", 1.0, 0.1, 3.0, 0.1, "Wall thickness h (mm)")
        self.figure = laplace_figure(self["pressure"].value, self["radius"].value)
        self.extra = (w.HTML(LAPLACE_NOTE, layout=shared("layout"), style=shared("html")),)

    def update(self, change=None) -> None:
        pressure, radius, thickness = (self[k].value for k in ("pressure", "radius", "thickness"))
        if change is not None:   # None: the first call, and the figure was built from these values
            update_laplace(self.figure, pressure, radius)
        self.set_summary(describe_laplace(pressure, radius, thickness))


def herniation_simulator() -> HerniationSimulator:
    """Sliders for opening size, pressure difference, lobule size and stiffness, and an oedema
    switch; the figure shows the lobule's state and the stresses (a backmice.widgets tool)."""
    return HerniationSimulator()


def regime_map(simulator: HerniationSimulator | None = None) -> RegimeMap:
    """The regime map, linked to a simulator: it shows the simulator's own sliders again, so
    moving them here or there moves the marker; lobule size, stiffness and oedema swap in a
    precomputed map."""
    return RegimeMap(simulator)


def laplace_explorer() -> LaplaceExplorer:
    """Sliders for pressure, radius and wall thickness; the figure shows tension against radius
    for a cylinder and a sphere (a backmice.widgets tool)."""
    return LaplaceExplorer()
