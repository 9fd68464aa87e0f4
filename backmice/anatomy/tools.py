"""Lesson 01's three interactive tools, each a :class:`backmice.widgets.Tool`.

- :class:`LayerExplorer` (``layer_explorer("l4")`` or ``("crest")``): controls ``"depth"`` (the
  finger depth slider), ``"pick"`` (*Read about*) and ``"show <id>"`` (one show/hide box per
  structure, also in ``.checkboxes``); hovering a structure names it, clicking it reads about it.
- :class:`LandmarkMap` (``landmark_map()``): controls ``"region"`` and ``"sites"``; clicking a
  region on the map chooses it.
- :class:`FindTheStructure` (``find_the_structure()``): controls ``"task"`` (what to find),
  ``"answer"`` (the number on the drawing) and ``"next"``; clicking a structure answers too.
  ``state`` holds ``index``, ``answered``, ``right``, ``tried`` and ``last``.

Each tool keeps the card or feedback under its figure in ``.card`` / ``.feedback``, the figure's
index in ``.parts`` (:class:`~.figures.SectionFigure` or :class:`~.figures.MapFigure`) and
``.on_click(trace, points, state)``, the handler every click target of its figure calls (tests
call it with a ``plotly.callbacks.Points``). A click and the dropdown take the same route: the
click sets the dropdown, whose change updates the tool.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ..widgets import Tool, shared
from .figures import (drawn_xy, landmark_figure_parts, outline_of, section_figure, set_depth, set_glow,
                      set_shown, set_sites_shown)
from .geometry import xy
from .model import card_html, checkbox_text, game_order, landmarks, score_click, sections, structures, the
from .posterior import landmark_regions, landmark_summary, panel_box
from .drawings import drawing, explorer_summary, reached, structure_tops


def _owner(change):
    return None if change is None else change["owner"]


class _Clickable(Tool):
    """A tool whose figure's click targets (``self.parts.hit``: trace index -> id) all call
    :meth:`on_click`, which hands the id to :meth:`clicked`."""

    def _listen(self) -> None:
        fig = self.figure
        self._trace_to_id = {id(fig.data[i]): key for i, key in self.parts.hit.items()}
        for i in self.parts.hit:
            fig.data[i].on_click(self.on_click)

    def on_click(self, trace, points, _state=None) -> None:
        # a click event reaches every trace of the figure; those without points do nothing
        if points.point_inds:
            key = self.parts.hit.get(points.trace_index) or self._trace_to_id.get(id(trace))
            if key:
                self.clicked(key)

    def clicked(self, key: str) -> None:
        raise NotImplementedError


# --- the layer explorer ---------------------------------------------------------------------------

class LayerExplorer(_Clickable):
    """Two schematic sections: show or hide each structure, hover or click it (or choose it in
    *Read about*) for its name, one line and its sources, and move *Finger depth* to highlight
    what the fingers press through."""

    def __init__(self, section: str = "l4", *, selected: str | None = None, depth: float | None = None):
        self.section = section
        self.drawing, self.sec, self.texts = drawing(section), sections()[section], structures()
        self.ids = list(self.sec.structures)
        self._start = (selected or self.ids[0], self.drawing.start_depth if depth is None else depth)
        self.title = f"Layer explorer: {self.sec.title}"
        super().__init__()

    def build(self) -> None:
        d, texts = self.drawing, self.texts
        self.parts = section_figure(self.section)
        self.figure = self.parts.figure
        selected, depth = self._start
        self.add("depth", w.FloatSlider(value=depth, min=0.0, max=d.max_depth, step=0.1,
                                        description="Finger depth", readout_format=".1f",
                                        continuous_update=True, style={"description_width": "initial"},
                                        layout={"width": "34em"}))
        self.add("pick", w.Dropdown(options=[(texts[s].name, s) for s in self.ids], value=selected,
                                    description="Read about:", style={"description_width": "initial"},
                                    layout={"width": "auto"}))
        self.checkboxes = {s: self.add(f"show {s}", w.Checkbox(value=True, description=checkbox_text(texts[s]),
                                                               indent=False, layout=shared("layout", width="auto"),
                                                               style=shared("checkbox")))
                           for s in self.ids}
        self.card = w.HTML()
        self.extra = (self.card,)
        self.bone_top = min((t for s, t in structure_tops(self.section) if s in d.stops), default=d.max_depth)
        self.state = {"faded": set(), "selected": None, "hidden": set()}
        self.drawn = None   # the structures' coordinates, kept when one is first hidden
        self._listen()

    def body(self):
        grid = w.GridBox(list(self.checkboxes.values()),
                         layout=w.Layout(grid_template_columns="repeat(3, auto)", grid_gap="0 14px"))
        return w.VBox([self["depth"], self["pick"], w.VBox([w.HTML("<b>Show or hide:</b>"), grid])])

    def hidden(self) -> list[str]:
        return [s for s in self.ids if not self.checkboxes[s].value]

    def update(self, change=None) -> None:
        owner = _owner(change)
        if owner is None or owner is self["depth"]:
            self._set_depth(self["depth"].value)
        if owner is None or owner is self["pick"]:
            self._select(self["pick"].value)
        for sid, box in self.checkboxes.items():
            if owner is box:
                self._show(sid, bool(box.value))
        self.set_summary(explorer_summary(self.section, self["depth"].value, self.state["selected"],
                                          self.hidden()))

    def _set_depth(self, value: float) -> None:
        d, sf, fig = self.drawing, self.parts, self.figure
        now = set(reached(self.section, value))
        value = min(value, self.bone_top)   # the box stops at the bone, like the fingers
        faded = {s for s in self.ids if s not in now}
        changed = faded ^ self.state["faded"]
        # one batch, one redraw in the browser: the finger's traces and the opacity of what it reached
        # (scatter data and style only: the figure widget redraws just those traces)
        with fig.batch_update():
            set_depth(sf, d, value)
            for s in changed:
                for i in sf.traces[s]:
                    if i not in sf.hit:
                        fig.data[i].opacity = 0.3 if s in faded else 1.0
        self.state["faded"] = faded

    def _glow(self, sid: str, on: bool = True) -> None:
        """Outline ``sid`` (the selected structure) with a dark glow, or take the glow away."""
        set_glow(self.figure, self.parts.highlight, *(outline_of(self.drawing, sid) if on else ([], [])))

    def _select(self, sid: str) -> None:
        if sid == self.state["selected"]:
            return
        self.state["selected"] = sid
        self._glow(sid)
        t = self.texts[sid]
        self.card.value = card_html(t.name, t.description, t.refs)

    def _show(self, sid: str, visible: bool) -> None:
        sf, fig = self.parts, self.figure
        if visible:
            self.state["hidden"].discard(sid)
        else:
            self.state["hidden"].add(sid)
        if self.drawn is None:
            self.drawn = drawn_xy(fig, sf)
        set_shown(fig, sf, sid, visible, self.drawn)
        if self.state["selected"] == sid:
            self._glow(sid, visible)

    def clicked(self, sid: str) -> None:
        self["pick"].value = sid   # the dropdown's change selects it (one route for both)


def layer_explorer(section: str = "l4", *, selected: str | None = None, depth: float | None = None) -> LayerExplorer:
    """The layer explorer for section ``"l4"`` or ``"crest"``, starting on ``selected`` at ``depth``."""
    return LayerExplorer(section, selected=selected, depth=depth)


# --- "Find the structure" -------------------------------------------------------------------------

class FindTheStructure(_Clickable):
    """The game: the drawing (numbers in place of names) asks for a structure; the student clicks
    it or chooses its number; :func:`~.model.score_click` scores and explains. The first answer to
    each task counts."""

    title = "Find the structure"

    def __init__(self, section: str = "l4"):
        self.section = section
        self.drawing, self.texts = drawing(section), structures()
        self.order = game_order(section)
        super().__init__()

    def build(self) -> None:
        self.parts = section_figure(self.section, numbered=True)
        self.figure, self.numbers = self.parts.figure, self.parts.numbers
        by_number = sorted(self.numbers.items(), key=lambda kv: kv[1])
        # the task comes first, above the drawing; the answer dropdown is the keyboard route
        self.add("task", w.HTML(description="Task:"), watch=False)
        self.add("answer", w.Dropdown(options=[("choose a number", "")] + [(str(n), s) for s, n in by_number],
                                      value="", description="Your answer (number on the drawing):",
                                      style={"description_width": "initial"}, layout={"width": "auto"}))
        self.add("next", w.Button(description="Next structure", icon="arrow-right", layout={"width": "auto"},
                                  tooltip="Ask for the next structure"), on_click=self.next)
        self.feedback = w.HTML("")
        self.extra = (self.feedback,)
        self.state = {"index": 0, "answered": False, "right": 0, "tried": 0, "last": None}
        self._listen()

    def target(self) -> str:
        """The structure asked for now."""
        return self.order[self.state["index"] % len(self.order)]

    def task_html(self) -> str:
        n = self.state["index"] % len(self.order) + 1
        return (f"<span style='font-size:1.05em'>{n} of {len(self.order)}: find the "
                f"<b>{html.escape(the(self.texts[self.target()].name)[4:])}</b>. Click it on the drawing, or "
                f"choose its number below.</span>")

    def summary_text(self) -> str:
        return (f"{sections()[self.section].title}, with numbers 1 to {len(self.order)} in place of names. "
                f"Task: find {the(self.texts[self.target()].name)}. Score: {self.state['right']} right out of "
                f"{self.state['tried']} answered.")

    def update(self, change=None) -> None:
        if change is None:
            self["task"].value = self.task_html()
        elif change["owner"] is self["answer"] and change["new"]:
            self.answer_with(change["new"])
        self.set_summary(self.summary_text())

    def answer_with(self, clicked: str | None) -> tuple[bool, str]:
        """Score an answer to the current task (a structure id, or None for a click outside)."""
        state, target = self.state, self.target()
        correct, text = score_click(target, clicked, self.section)
        if not state["answered"]:
            state["answered"] = True
            state["tried"] += 1
            state["right"] += int(correct)
        state["last"] = (correct, text)
        number = f" (number {self.numbers[target]})" if not correct else ""
        self.feedback.value = (f"<div role='status' aria-live='polite'><p>{html.escape(text)}{number}</p>"
                               f"<p><b>Score:</b> {state['right']} right out of {state['tried']}. "
                               "The dark outline on the drawing shows the structure asked for.</p></div>")
        set_glow(self.figure, self.parts.highlight, *outline_of(self.drawing, target))
        self.set_summary(self.summary_text())
        return correct, text

    def next(self, _button=None) -> None:
        """Ask for the next structure."""
        self.state["index"] += 1
        self.state["answered"] = False
        self["task"].value = self.task_html()
        self.feedback.value = ""
        set_glow(self.figure, self.parts.highlight)
        self["answer"].value = ""   # its change only refreshes the summary
        self.set_summary(self.summary_text())

    def clicked(self, sid: str) -> None:
        self.answer_with(sid)


def find_the_structure(section: str = "l4") -> FindTheStructure:
    """The game "Find the structure" on section ``section``."""
    return FindTheStructure(section)


# --- the landmark map -----------------------------------------------------------------------------

class LandmarkMap(_Clickable):
    """A schematic posterior view (:mod:`backmice.body`) with the landmarks, the sites where back
    mice are reported, and the superior cluneal nerve crossings, each study from its own reference
    point. Choose or click a region to read about it."""

    title = "Landmark map"

    def __init__(self, *, region: str = "psis", show_sites: bool = True):
        self._start = (region, show_sites)
        super().__init__()

    def build(self) -> None:
        self.regions = landmarks()[0]
        self.parts = landmark_figure_parts()
        self.figure = self.parts.figure
        region, show_sites = self._start
        self.add("region", w.Dropdown(options=[(r.name, rid) for rid, r in self.regions.items()], value=region,
                                      description="Region:", style={"description_width": "initial"},
                                      layout={"width": "auto"}))
        self.add("sites", w.Checkbox(value=show_sites, description="Show where back mice are reported (\u2605)",
                                     indent=False, layout={"width": "auto"}))
        self.card = w.HTML()
        self.extra = (self.card,)
        self.state = {"region": None, "sites": True}
        self._listen()

    @staticmethod
    def outline(rid: str):
        """(body, midline panel, PSIS panel) outlines of a selected region, each as (xs, ys)."""
        if rid == "cluneal":
            return ([], []), panel_box("midline"), panel_box("psis")
        xs, ys = [], []
        for poly in landmark_regions()[rid]:
            x, y = xy(poly, close=True)
            xs += x + [None]
            ys += y + [None]
        return (xs, ys), ([], []), ([], [])

    def update(self, change=None) -> None:
        rid, sites = self["region"].value, bool(self["sites"].value)
        fig = self.figure
        if rid != self.state["region"]:
            self.state["region"] = rid
            with fig.batch_update():
                for index, (xs, ys) in zip(self.parts.highlight, self.outline(rid)):
                    set_glow(fig, index, xs, ys)
            r = self.regions[rid]
            self.card.value = card_html(r.name, r.description, r.refs)
        if sites != self.state["sites"]:
            self.state["sites"] = sites
            set_sites_shown(fig, self.parts, sites)
        self.set_summary(landmark_summary(rid, sites))

    def clicked(self, rid: str) -> None:
        self["region"].value = rid


def landmark_map(*, region: str = "psis", show_sites: bool = True) -> LandmarkMap:
    """The landmark map, starting on ``region``, with or without the sites of back mice."""
    return LandmarkMap(region=region, show_sites=show_sites)
