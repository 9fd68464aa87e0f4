"""The record builder of lesson 03: a :class:`backmice.widgets.Tool`."""

from __future__ import annotations

import ipywidgets as w

from ..widgets import Tool
from . import figures
from .model import (CONSISTENCY, DEPTH, DURATION, EXCISION, FAMILIAR, FEVER, GROWTH, MOBILITY, NOT_ASKED, SKIN,
                    TENDERNESS, fever_note, flags_html, flags_summary, record_flags, record_text)

FELT = ("side", "up", "lateral", "size", "number", "consistency", "mobility", "depth", "tender", "familiar")
ASKED = ("growth", "duration", "skin", "fever", "excision")


class RecordBuilder(Tool):
    """Controls for each item of a nodule record; the drawing, the record and the flags follow them.

    Controls, in order: what is felt (``"side"``, ``"up"``, ``"lateral"`` (cm from the PSIS),
    ``"size"``, ``"number"``, ``"consistency"``, ``"mobility"``, ``"depth"``, ``"tender"``,
    ``"familiar"``) then what is asked (``"growth"``, ``"duration"``, ``"skin"``, ``"fever"``,
    ``"excision"``). ``flags`` is the HTML flag line; ``state["record"]`` the record text and
    ``state["found"]`` the warning features (:func:`model.record_flags`).
    """

    title = "Document a nodule"

    def build(self) -> None:
        st = {"description_width": "initial"}
        wide, slider = (lambda: w.Layout(width="560px")), (lambda: w.Layout(width="480px"))
        self.add("side", w.ToggleButtons(options=["Left", "Right"], value="Left", description="Side:", style=st))
        self.add("up", w.FloatSlider(value=2, min=-4, max=10, step=0.5,
                                     description="Above (+) or below (\u2212) the PSIS, cm:", style=st,
                                     layout=slider()))
        self.add("lateral", w.FloatSlider(value=2, min=-3, max=12, step=0.5,
                                          description="Lateral (+) or medial (\u2212) to the PSIS, cm:", style=st,
                                          layout=slider()))
        self.add("size", w.FloatSlider(value=1.5, min=0.5, max=8, step=0.5, description="Largest diameter, cm:",
                                       style=st, layout=slider()))
        self.add("number", w.BoundedIntText(value=1, min=1, max=9, description="Number of nodules on this side:",
                                            style=st, layout=w.Layout(width="300px")))
        for name, options, value, description, layout in (
                ("consistency", CONSISTENCY, "rubbery (elastic)", "Consistency:", None),
                ("mobility", MOBILITY, "moves freely", "Mobility:", wide()),
                ("depth", DEPTH, "unsure", "Depth:", wide()),
                ("tender", TENDERNESS, "tender", "Tenderness:", None),
                ("familiar", FAMILIAR, FAMILIAR[0], "Pressing it:", w.Layout(width="auto")),
                ("growth", GROWTH, NOT_ASKED, "Change in size:", wide()),
                ("duration", DURATION, NOT_ASKED, "How long it has been there:", wide()),
                ("skin", SKIN, NOT_ASKED, "Skin over it:", wide()),
                ("fever", FEVER, NOT_ASKED, "Fever:", wide()),
                ("excision", EXCISION, NOT_ASKED, "Lump removed here before:", wide())):
            self.add(name, w.Dropdown(options=options, value=value, description=description, style=st,
                                      **({"layout": layout} if layout is not None else {})))
        drawn = self._where()
        self.figure = figures.record_figure(*drawn)
        self.state["drawn"] = drawn
        self.flags = w.HTML()
        self.extra = (self.flags,)

    def body(self):
        """The controls in two labelled groups (``controls`` stays the flat list)."""
        head = "<p style='margin:8px 0 2px 0'><b>{}</b></p>"
        return w.VBox([w.HTML(head.format("What you find: where it is and what it feels like")),
                       *(self[n] for n in FELT),
                       w.HTML(head.format("What you ask and look at (choose \u2018not asked\u2019 "
                                          "if you did not ask)")),
                       *(self[n] for n in ASKED)])

    def _where(self) -> tuple:
        return self["side"].value, self["up"].value, self["lateral"].value, self["size"].value

    def update(self, change=None) -> None:
        v = {name: self[name].value for name in (*FELT, *ASKED)}
        if self._where() != self.state["drawn"]:  # unchanged: no redraw, never before the first display
            figures.update_record_figure(self.figure, *self._where())
            self.state["drawn"] = self._where()
        text = record_text(v["side"], v["up"], v["lateral"], v["size"], v["consistency"], v["mobility"], v["tender"],
                           v["familiar"], v["number"], v["growth"], v["duration"], v["depth"], v["skin"], v["fever"],
                           v["excision"])
        found = record_flags(v["size"], v["consistency"], v["mobility"], v["growth"], v["depth"], v["skin"],
                             v["fever"], v["excision"])
        note = fever_note(v["fever"])
        self.flags.value = flags_html(found, note)
        self.set_summary("Record: " + text + flags_summary(found) + (" " + note if note else ""))
        self.state["record"], self.state["found"] = text, found


def record_builder() -> RecordBuilder:
    """Lesson 03: document a nodule; the drawing, the record line and the warning features follow."""
    return RecordBuilder()
