"""The interactive tools of lesson 04: the post-test tool, the differential explorer, red-flag triage.

Each tool is a :class:`backmice.widgets.Tool`: named controls (``t["pre"]``), ``t.figure``,
``t.summary`` and ``t.state``; the factory functions the lesson calls return the tool.
"""

from __future__ import annotations

import html

import ipywidgets as w

from .. import urgency
from ..quiz import inline_markdown
from ..widgets import Tool, shared
from . import figures, model, text

RESULTS = (("not done", ""), ("positive", "positive"), ("negative", "negative"))


def _wide() -> dict:  # a fresh Layout per widget: a shared one would hide them all together
    return dict(style={"description_width": "initial"}, layout=w.Layout(width="auto"))


class PosttestTool(Tool):
    """Choose a condition, a pre-test probability and test results; see the post-test probability.

    Controls: ``"condition"`` (a target id), ``"pre"`` (the pre-test probability, %), and one per
    test, named by its id (``"slr"``, ``"sicluster"`` ...: '', 'positive' or 'negative'; only the
    chosen condition's tests are shown). ``warning`` (combining two results), ``note`` (where a
    pre-test probability comes from) and ``table`` (the tests' accuracy) are HTML widgets.
    ``state["result"]`` is the latest :func:`model.evaluate`.
    """

    title = "Post-test probability on a Fagan nomogram"

    def __init__(self, target: str = "sij", pre_percent: float = 20.0):
        self.target, self.pre_percent = target, pre_percent
        super().__init__()

    def build(self) -> None:
        self.add("condition", w.Dropdown(options=[(t.name, t.id) for t in model.targets()], value=self.target,
                                         description="Condition:", **_wide()))
        self.add("pre", w.FloatSlider(value=self.pre_percent, min=0.1, max=99.0, step=0.1,
                                      description="Pre-test probability (%):", readout_format=".1f",
                                      continuous_update=True, style={"description_width": "initial"},
                                      layout=w.Layout(width="520px")))
        for tid, t in model.tests().items():
            self.add(tid, w.Dropdown(options=RESULTS, value="", description=f"{t.short}:", **_wide()))
        self.warning, self.note, self.table = w.HTML(), w.HTML(), w.HTML()
        self.figure = figures.fagan_figure(self.pre_percent / 100, 1.0)
        self.state["drawn"] = (self.pre_percent / 100, 1.0)
        self.extra = (self.warning, self.note, self.table)

    def results(self) -> dict[str, str]:
        """{test id: result} of the chosen condition's tests that have a result."""
        target = self["condition"].value
        return {tid: self[tid].value for tid, t in model.tests().items() if self[tid].value and t.target == target}

    def _retarget(self) -> None:
        target = self["condition"].value
        tg = next(t for t in model.targets() if t.id == target)
        for tid, t in model.tests().items():
            self[tid].layout.display = "" if t.target == target else "none"
        self.note.value = f"<p><small>{html.escape(' '.join(tg.pretest_note.split()))}</small></p>"
        self.table.value = text.test_table_html(target)

    def update(self, change=None) -> None:
        if change is None or change.owner is self["condition"]:
            self._retarget()
        res = model.evaluate(self["pre"].value / 100, self.results())
        if self.state["drawn"] != (res["pre"], res["lr"]):  # unchanged: no redraw (see figures.update_fagan)
            figures.update_fagan(self.figure, res["pre"], res["lr"])
            self.state["drawn"] = (res["pre"], res["lr"])
        self.warning.value = text.COMBINED_WARNING if len(res["steps"]) > 1 else ""
        self.set_summary(text.posttest_summary(res))
        self.state["result"] = res


def posttest_tool(target: str = "sij", pre_percent: float = 20.0) -> PosttestTool:
    """Lesson 04: choose a condition, a pre-test probability and test results; see the post-test probability."""
    return PosttestTool(target, pre_percent)


class ExplorerTool(Tool):
    """Tick findings; a chart and a table show which conditions each supports or argues against.

    Controls: one checkbox per finding, named by the finding's id (``t["mobile"]``), laid out in
    ``tabs`` (one tab per group of findings). ``table`` is the HTML table of what each ticked finding
    suggests; ``state["result"]`` is the latest :func:`model.explore`.
    """

    title = "Differential explorer"

    def __init__(self, preset: tuple[str, ...] = ()):
        self.preset = tuple(preset)
        super().__init__()

    def build(self) -> None:
        for i, f in enumerate(model.findings(), 1):
            mark = (" \u2691" if f.red_flag else "") + (" \u25cf" if f.assess else "")
            self.add(f.id, w.Checkbox(value=f.id in self.preset, description=f"{i}. {f.text}{mark}",
                                         indent=False, layout=shared("layout", width="auto", margin="0 0 0 0"),
                                         style=shared("checkbox")))   # never changed: shared models
        sections, titles = [], []
        for g in model.groups():
            numbers = [i for i, f in enumerate(model.findings(), 1) if f.group == g.id]
            sections.append(w.VBox([self[model.findings()[i - 1].id] for i in numbers]))
            titles.append(f"{g.title} ({numbers[0]}\u2013{numbers[-1]})")
        self.tabs = w.Tab(children=sections, titles=titles)
        self.table = w.HTML()
        self.figure = figures.explorer_figure(self.preset)
        self.extra = (self.table,)

    def body(self):
        return w.VBox([w.HTML(f"<small>Findings are grouped in {len(self.tabs.children)} tabs; \u2691 marks a red "
                              "flag, \u25cf a finding that needs medical assessment.</small>"), self.tabs])

    def update(self, change=None) -> None:
        result = model.explore([f.id for f in model.findings() if self[f.id].value])
        if change is not None:  # the first state is built into the figure (see figures.update_fagan)
            figures.update_explorer(self.figure, result)
        self.table.value = text.explorer_table_html(result)
        self.set_summary(text.explorer_summary(result))
        self.state["result"] = result


def explorer_tool(preset: tuple[str, ...] = ()) -> ExplorerTool:
    """Lesson 04: tick findings (``preset``: ticked from the start); see what each one suggests."""
    return ExplorerTool(preset)


class TriageTool(Tool):
    """One vignette at a time: choose a level of the course's urgency scale, then read why.

    Controls: ``"vignette"`` (its index), ``"decision"`` (a level id, or None) and ``"check"`` (a
    button). ``text`` shows the vignette, ``feedback`` the verdict; ``state["answered"]`` maps each
    checked vignette's index to whether the last try was right.
    """

    title = "Red-flag triage"

    def build(self) -> None:
        self.items = model.vignettes()
        self.add("vignette", w.Dropdown(options=[(f"Vignette {i}: {v.title}", i - 1)
                                                 for i, v in enumerate(self.items, 1)],
                                        value=0, description="Vignette:", **_wide()))
        self.add("decision", w.RadioButtons(options=model.choices(), value=None, description="Your decision:",
                                            **_wide()), watch=False)
        self.add("check", w.Button(description="Check my decision", icon="check", layout=w.Layout(width="auto")),
                 on_click=self.on_check)
        self.text, self.feedback = w.HTML(), w.HTML()
        self.state["answered"] = {}
        self.extra = (self.feedback, w.HTML("<b>What the choices mean</b> (the course's one urgency scale)"),
                      w.HTML(urgency.key_html()))

    def body(self):
        return w.VBox([self["vignette"], self.text, self["decision"], self["check"]])

    def _tally(self) -> str:
        answered = self.state["answered"]
        right = sum(answered.values())
        return (f"Vignette {self['vignette'].value + 1} of {len(self.items)}. You have checked {len(answered)} "
                f"vignette{'s' if len(answered) != 1 else ''}; {right} right at your last try.")

    def update(self, change=None) -> None:
        v = self.items[self["vignette"].value]
        self.text.value = (f"<div style='border-left:4px solid #0072B2;padding:4px 10px'><p><b>"
                           f"{html.escape(v.title)}</b> <small>(fictional)</small></p>"
                           f"<p>{inline_markdown(' '.join(v.text.split()))}</p></div>")
        self["decision"].value = None
        self.feedback.value = ""
        self.set_summary(self._tally())

    def on_check(self, *_) -> None:
        """The 'Check my decision' button."""
        decision = self["decision"].value
        if decision is None:
            self.feedback.value = "<p role='status'>\u2717 Choose a decision first.</p>"
            return
        index = self["vignette"].value
        right, msg = model.triage_feedback(self.items[index], decision)
        self.state["answered"][index] = right
        self.feedback.value = f"<div role='status' aria-live='polite'><p>{html.escape(msg)}</p></div>"
        self.set_summary(self._tally())


def triage_tool() -> TriageTool:
    """Lesson 04: one vignette at a time; choose a level of the urgency scale, then read why."""
    return TriageTool()
