"""The virtual-patient tool (lessons 03 and 04): a :class:`backmice.widgets.Tool`."""

from __future__ import annotations

import ipywidgets as w

from ..widgets import Tool
from .model import DECISIONS, Case, debrief_html, decide, load, step_html


class CaseTool(Tool):
    """Work through virtual patients: reveal each step, decide, read the debrief.

    Controls: ``"patient"`` (a case id), ``"reveal"`` (the 'Next step' button), ``"decision"`` (a
    level id of the urgency scale, or None; shown once every step is) and ``"submit"``. ``story``
    shows the steps revealed, ``debrief`` the verdict and debrief; ``state["shown"]`` is how many
    steps are shown.
    """

    title = "Virtual patients"

    def __init__(self, ids=None):
        self.cases = load()
        self.ids = list(ids or self.cases)
        super().__init__()

    def build(self) -> None:
        self.add("patient", w.Dropdown(options=[(self.cases[i].title, i) for i in self.ids], value=self.ids[0],
                                       description="Patient:", style={"description_width": "initial"},
                                       layout=w.Layout(width="auto")))
        self.add("reveal", w.Button(description="Next step", icon="arrow-down", layout=w.Layout(width="auto")),
                 on_click=self.on_reveal)
        self.add("decision", w.RadioButtons(options=DECISIONS, value=None, description="Your decision:",
                                            style={"description_width": "initial"},
                                            layout=w.Layout(width="auto", display="none")), watch=False)
        self.add("submit", w.Button(description="Submit my decision", icon="check",
                                    layout=w.Layout(width="auto", display="none")), on_click=self.on_submit)
        self.story, self.debrief = w.HTML(), w.HTML()
        self.extra = (self.debrief,)

    def body(self):
        return w.VBox([self["patient"], self.story, self["reveal"], self["decision"], self["submit"]])

    @property
    def case(self) -> Case:
        """The case chosen."""
        return self.cases[self["patient"].value]

    def update(self, change=None) -> None:
        """A patient chosen: start again at step 1."""
        self.state["shown"] = 1
        self["decision"].value = None
        self.debrief.value = ""
        self._render()

    def _render(self) -> None:
        case, shown = self.case, self.state["shown"]
        n = len(case.steps)
        self.story.value = step_html(case, shown)
        more = shown < n
        self["reveal"].layout.display = "" if more else "none"
        if more:
            self["reveal"].description = f"Next step: {case.steps[shown].title}"
        self["decision"].layout.display = "none" if more else ""
        self["submit"].layout.display = "none" if more else ""
        where = f"{shown} of {n} steps shown." if more else f"All {n} steps shown: choose your decision and submit it."
        self.set_summary(f"{case.title}. {where}")

    def on_reveal(self, *_) -> None:
        self.state["shown"] = min(self.state["shown"] + 1, len(self.case.steps))
        self._render()

    def on_submit(self, *_) -> None:
        choice = self["decision"].value
        if choice is None:
            self.debrief.value = "<p role='status'>\u2717 Choose a decision first.</p>"
            return
        self.debrief.value = debrief_html(self.case, choice)
        best, _ = decide(self.case, choice)
        self.set_summary(f"{self.case.title}. Decision submitted: {dict((v, k) for k, v in DECISIONS)[choice]}"
                         f" ({'best choice' if best else 'not the best choice'}). Debrief shown.")


def case_tool(ids: tuple[str, ...] | list[str] | None = None) -> CaseTool:
    """Lessons 03 and 04: work through the virtual patients ``ids`` (all of them by default)."""
    return CaseTool(ids)
