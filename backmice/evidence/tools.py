"""Lesson 05, the four interactive tools, each a :class:`backmice.widgets.Tool`.

A tool's controls are registered by name (``t["threshold"].value = 8``); it keeps what it shows
in ``self.state`` and redraws its figure only when what the figure shows has changed. The
factories the lesson calls (``evidence.rtm_simulator()`` ...) return the tool, which displays
as its widget.

Controls and texts whose layout and style never change share one Layout or style model per set of
properties (``backmice.widgets.shared``): every widget model is a message to the browser when the
lesson runs.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ..widgets import Tool, shared
from .figures import (diagnostic_figure, evidence_map_figure, filter_map, rating_figure, rtm_figure,
                      select_study, update_diagnostic_figure, update_rating_figure, update_rtm_figure)
from .model import (DEFAULT_TABLE, N_MAX, RTM_DEFAULTS, Study, TrialResult, course_rating, design_counts,
                    diagnostic_summary, map_summary, page, page_html, rating_summary, reasons_html,
                    rtm_summary, simulate_trial, studies, study_card, table_html, webpages)


class RtmSimulator(Tool):
    """Regression to the mean: screen people, enrol those with high pain on the day, give them a
    treatment that does nothing, and watch their average pain fall anyway.

    Controls: ``design`` (False: single arm, True: with a control arm), ``fluctuation``,
    ``threshold``, ``size`` (people screened), ``recovery``, ``seed``. :attr:`result` is the
    simulated study the figure shows."""

    title = "Regression to the mean: a treatment that does nothing"

    def build(self) -> None:
        wide, lay = shared("slider", description_width="16em"), shared("layout", width="34em")
        self.add("design", w.ToggleButtons(
            options=[("Single arm", False), ("With a control arm", True)], value=False,
            description="Study design:", style=shared("toggles", description_width="16em"), layout=shared("layout"),
            tooltips=["Everyone enrolled gets the treatment", "Half get the treatment, half do not"]))
        self.add("fluctuation", w.FloatSlider(value=RTM_DEFAULTS["fluctuation"], min=0.0, max=3.0, step=0.25,
                                              description="Day-to-day fluctuation (SD):", style=wide, layout=lay))
        self.add("threshold", w.FloatSlider(value=RTM_DEFAULTS["threshold"], min=3.0, max=9.5, step=0.5,
                                            description="Enrol if pain on the day \u2265", style=wide, layout=lay))
        self.add("size", w.IntSlider(value=RTM_DEFAULTS["n_screened"], min=100, max=N_MAX, step=100,
                                     description="People screened:", style=wide, layout=lay))
        self.add("recovery", w.FloatSlider(value=RTM_DEFAULTS["recovery"], min=0.0, max=3.0, step=0.25,
                                           description="Natural recovery (points):", style=wide, layout=lay))
        self.add("seed", w.BoundedIntText(value=RTM_DEFAULTS["seed"], min=0, max=10**6, description="Random seed:",
                                          style=shared("description", description_width="16em"),
                                          layout=shared("layout", width="24em")))
        self.state["inputs"] = self._inputs()
        self.state["result"] = simulate_trial(**self.state["inputs"])
        self.figure = rtm_figure(self.result)

    def _inputs(self) -> dict:
        return {"n_screened": self["size"].value, "fluctuation": self["fluctuation"].value,
                "threshold": self["threshold"].value, "recovery": self["recovery"].value,
                "controlled": self["design"].value, "seed": self["seed"].value}

    @property
    def result(self) -> TrialResult:
        """The simulated study the figure and the summary show."""
        return self.state["result"]

    def update(self, change=None) -> None:
        inputs = self._inputs()
        if inputs != self.state["inputs"]:
            self.state["inputs"], self.state["result"] = inputs, simulate_trial(**inputs)
            update_rtm_figure(self.figure, self.result)
        self.set_summary(rtm_summary(self.result))


class EvidenceMap(Tool):
    """The real back-mice studies by year and design, with a study picker and a filter.

    Controls: ``study`` (a study's key), ``show`` ('all', 'verified' or 'reported').
    :attr:`card` is the HTML card of the chosen study (the keyboard and screen-reader alternative
    to hovering); :attr:`study` the chosen :class:`~backmice.evidence.model.Study`;
    :attr:`counts` the number of studies of each design."""

    title = "Evidence map: the studies behind back mice"

    def build(self) -> None:
        self.items = studies()
        self.add("study", w.Dropdown(options=[(f"{s.year} \u00b7 {s.label} \u00b7 {s.design}", s.key)
                                              for s in self.items],
                                     value="collee1991rct", description="Study:", layout=shared("layout", width="42em"),
                                     style=shared("description")))
        self.add("show", w.ToggleButtons(
            options=[("All studies", "all"), ("Primary text seen", "verified"), ("Reported only", "reported")],
            value="all", description="Show:", style=shared("toggles"), layout=shared("layout"),
            tooltips=["Every study", "Only studies whose own abstract or text was read",
                      "Only studies known through a later summary"]))
        self.figure = evidence_map_figure(self["study"].value)
        self.card = w.HTML(study_card(self.study), layout=shared("layout"), style=shared("html"))
        self.extra = (self.card,)
        self.state.update(study=self["study"].value, show="all")   # what the figure shows

    @property
    def study(self) -> Study:
        """The study chosen in the picker."""
        return next(s for s in self.items if s.key == self["study"].value)

    @property
    def counts(self) -> dict[str, int]:
        """How many studies of each design the map holds."""
        return design_counts(self.items)

    def update(self, change=None) -> None:
        if self["study"].value != self.state["study"]:
            self.state["study"] = self["study"].value
            select_study(self.figure, self.study)
            self.card.value = study_card(self.study)
        if self["show"].value != self.state["show"]:
            self.state["show"] = self["show"].value
            filter_map(self.figure, self.items, self["show"].value)
        self.set_summary(map_summary(self.items, self["show"].value))


class DiagnosticPlayground(Tool):
    """A 2x2 table gives sensitivity, specificity, predictive values and likelihood ratios; the
    figure shows how the predictive values move with prevalence.

    Controls: ``tp``, ``fp``, ``fn``, ``tn`` (the four cells) and ``other`` (the prevalence of
    another setting). :attr:`table` is the HTML table of the cells and their measures."""

    title = "Diagnostic accuracy playground"
    CELLS = (("tp", "a: true positives"), ("fp", "b: false positives"), ("fn", "c: false negatives"),
             ("tn", "d: true negatives"))

    def build(self) -> None:
        st, lay = shared("description", description_width="17em"), shared("layout", width="26em")
        for name, description in self.CELLS:
            self.add(name, w.BoundedIntText(value=DEFAULT_TABLE[name], min=0, max=100000, description=description,
                                            style=st, layout=lay))
        self.add("other", w.FloatSlider(value=0.05, min=0.01, max=0.99, step=0.01, readout_format=".0%",
                                        description="Prevalence in another setting:",
                                        style=shared("slider", description_width="17em"),
                                        layout=shared("layout", width="40em")))
        self.state["inputs"] = self._inputs()
        self.figure = diagnostic_figure(*self.state["inputs"])
        self.table = w.HTML(table_html(*self.state["inputs"][:4]), layout=shared("layout"), style=shared("html"))
        self.extra = (self.table,)

    def _inputs(self) -> tuple:
        return tuple(self[name].value for name, _ in self.CELLS) + (self["other"].value,)

    def update(self, change=None) -> None:
        inputs = self._inputs()
        if inputs != self.state["inputs"]:
            self.state["inputs"] = inputs
            update_diagnostic_figure(self.figure, *inputs)
            self.table.value = table_html(*inputs[:4])
        self.set_summary(diagnostic_summary(*inputs))


class WebpageRater(Tool):
    """Rate a fictional web page on the JAMA benchmarks and a subset of DISCERN, then compare
    with the course's rating and read its reasons.

    Controls: ``page`` (a page id), one checkbox per JAMA benchmark and one slider per DISCERN
    question, each named by its id in ``evidence_webpages.yaml`` (``authorship``, ``q4`` ...),
    and the button ``compare``. :attr:`view` shows the page, :attr:`reasons` the course's reasons
    once compared; :attr:`jama` and :attr:`discern` map ids to their controls;
    ``state["revealed"]``: whether the course's rating is shown. Choosing another page resets
    the form."""

    title = "Rate a web page: JAMA benchmarks and DISCERN"

    def build(self) -> None:
        data = webpages()
        first = data.pages[0].id
        self.add("page", w.Dropdown(options=[(p.menu, p.id) for p in data.pages], value=first,
                                    description="Page:", layout=shared("layout", width="34em"),
                                    style=shared("description")), watch=False)
        self["page"].observe(self._new_page, names="value")
        for b in data.jama:
            self.add(b.id, w.Checkbox(value=False, description=f"{b.name}: {b.question}", indent=False,
                                      layout=shared("layout", width="auto"), style=shared("checkbox")))
        for q in data.discern:
            self.add(q.id, w.IntSlider(value=3, min=1, max=5, step=1, description=f"{q.label}:",
                                       style=shared("slider", description_width="12em"),
                                       layout=shared("layout", width="26em")))
        self.add("compare", w.Button(description="Compare with the course", icon="balance-scale", button_style="",
                                     layout=shared("layout", width="auto"), style=shared("button"),
                                     tooltip="Show the course's rating and its reasons"),
                 on_click=self._compare)
        self.view = w.HTML(page_html(page(first)), layout=shared("layout"), style=shared("html"))
        self.reasons = w.HTML("", layout=shared("layout"), style=shared("html"))
        self.figure = rating_figure(first)
        self.extra = (self.reasons,)
        self.state.update(revealed=False, resetting=False)
        self.state["drawn"] = self._drawn()   # what the figure shows

    def body(self):
        """The page first, then the rating form (JAMA ticks, DISCERN sliders beside their questions)."""
        data = webpages()
        question = "<span style='line-height:28px'>{}</span>"
        questions = w.VBox([w.HBox([self[q.id], w.HTML(question.format(html.escape(q.question)),
                                                      layout=shared("layout"), style=shared("html"))],
                                   layout=shared("layout"))
                            for q in data.discern], layout=shared("layout"))
        form = w.VBox([w.HTML("<b>Your rating.</b> JAMA benchmarks: tick each one the page meets.",
                              layout=shared("layout"), style=shared("html")),
                       *self.jama.values(),
                       w.HTML(f"<b>DISCERN</b> ({len(data.discern)} of its 16 questions, paraphrased): "
                              "1 = no, 2 to 4 = partly, 5 = yes.", layout=shared("layout"), style=shared("html")),
                       questions, self["compare"]], layout=shared("layout"))
        return w.VBox([self["page"], self.view, form], layout=shared("layout"))

    @property
    def jama(self) -> dict[str, w.Checkbox]:
        """JAMA benchmark id -> its checkbox."""
        return {b.id: self[b.id] for b in webpages().jama}

    @property
    def discern(self) -> dict[str, w.IntSlider]:
        """DISCERN question id -> its slider."""
        return {q.id: self[q.id] for q in webpages().discern}

    def ratings(self) -> tuple[dict[str, bool], dict[str, int]]:
        """The learner's rating: (JAMA id -> met, DISCERN id -> score)."""
        return ({k: c.value for k, c in self.jama.items()}, {k: s.value for k, s in self.discern.items()})

    def _drawn(self) -> tuple:
        j, d = self.ratings()
        return self["page"].value, tuple(j.items()), tuple(d.items()), self.state["revealed"]

    def update(self, change=None) -> None:
        if self.state["resetting"]:
            return
        page_id, revealed = self["page"].value, self.state["revealed"]
        j, d = self.ratings()
        if self._drawn() != self.state["drawn"]:
            self.state["drawn"] = self._drawn()
            update_rating_figure(self.figure, j, d, course_rating(page_id) if revealed else None)
        self.set_summary(rating_summary(page_id, j, d, revealed))

    def _new_page(self, change=None) -> None:
        self.state["revealed"] = False
        self.view.value = page_html(page(self["page"].value))
        self.reasons.value = ""
        self.state["resetting"] = True      # one redraw for the whole reset, not one per control
        try:
            for c in self.jama.values():
                c.value = False
            for s in self.discern.values():
                s.value = 3
        finally:
            self.state["resetting"] = False
        self.update()

    def _compare(self, _button=None) -> None:
        self.state["revealed"] = True
        self.reasons.value = reasons_html(self["page"].value)
        self.update()


# --- what the lesson calls ----------------------------------------------------------------------

def rtm_simulator() -> RtmSimulator:
    """The regression-to-the-mean simulator."""
    return RtmSimulator()


def evidence_map() -> EvidenceMap:
    """The evidence map with a study picker."""
    return EvidenceMap()


def diagnostic_playground() -> DiagnosticPlayground:
    """The diagnostic accuracy playground."""
    return DiagnosticPlayground()


def webpage_rater() -> WebpageRater:
    """Rate a fictional web page, then compare with the course."""
    return WebpageRater()
