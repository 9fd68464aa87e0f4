"""Lesson 06, the interactive tools: each a :class:`backmice.widgets.Tool` driven by its named
controls (``t["provider"].value = "doctor"``, ``t["add"].click()``).

- :class:`OptionsExplorer` (``options_explorer()``): filters, the options chart and one option's details.
- :class:`BodyChartTool` (``body_chart()``): a click or the keyboard route marks a nodule; the
  summary and the SOAP note beside the chart follow. ``t.chart`` is the :class:`BodyChart` model.
- :class:`LetterBuilder` (``letter_builder(chart)``): the referral letter from the chart's nodules
  and the present / absent / not-asked answers on every warning feature; the student edits,
  checks, downloads or saves it.

Layout and style models that never change after a tool is built are shared between the widgets
made with the same properties (``backmice.widgets.shared``): every widget model is a message to the
browser when the lesson runs (about 0.25-0.5 ms of kernel CPU each); the three tools went from 264
models to 199 (the letter builder's ``impression`` keeps its own layout: :meth:`LetterBuilder.update`
hides and shows it).
"""

from __future__ import annotations

import html

import ipywidgets as w

from .. import urgency
from ..widgets import Tool, shared
from . import letter as lt
from .figures import body_chart_figure, draw_nodules, fill_options_figure, options_figure
from .model import (EXAMPLE_NODULE, EVIDENCE_LEVELS, FAMILIES, FEELS, INVASIVENESS, PROVIDERS, PSIS, PSIS_X,
                    X_RANGE, Y_RANGE, BodyChart, Nodule, chart_point, chart_summary, cite_html, family_levels,
                    filter_options, on_grid, option_card, options, options_summary, red_flags, relative_to_psis,
                    soap_html)

def _wide(kind: str = "description"):
    """The shared style of a control whose description is as wide as its text."""
    return shared(kind, description_width="initial")


def _plain():
    """The shared default layout (for widgets and boxes whose layout is never changed)."""
    return shared("layout")


def _html(value: str = "", **layout):
    """An HTML output with shared layout and style models (never changed: only its value is)."""
    return w.HTML(value, layout=shared("layout", **layout), style=shared("html"))


class OptionsExplorer(Tool):
    """Options at a glance. Controls: ``provider``, ``max_invasiveness``, ``min_evidence``,
    ``details`` (the option whose card is shown). ``card``: that option's details (HTML);
    ``state["shown"]``: the options the filters let through. A click on a marker shows its option."""

    title = "Options at a glance"

    def build(self) -> None:
        self.opts = options()
        self.by_id = {o.id: o for o in self.opts}
        self.add("provider", w.Dropdown(options=[("Anyone", "any")] + [(v, k) for k, v in PROVIDERS.items()],
                                        value="any", description="Who provides it:", style=_wide(),
                                        layout=shared("layout", width="360px")))
        self.add("max_invasiveness", w.SelectionSlider(
            options=[(t, i) for i, t in enumerate(INVASIVENESS)], value=len(INVASIVENESS) - 1,
            description="Invasive at most:", style=shared("slider", description_width="initial"),
            layout=shared("layout", width="520px"), continuous_update=False))
        self.add("min_evidence", w.SelectionSlider(
            options=[(t, i) for i, t in enumerate(EVIDENCE_LEVELS)], value=0,
            description="Evidence at least:", style=shared("slider", description_width="initial"),
            layout=shared("layout", width="520px"), continuous_update=False))
        self.add("details", w.Dropdown(options=[(o.name, o.id) for o in self.opts], value=self.opts[0].id,
                                       description="Details for:", style=_wide(),
                                       layout=shared("layout", width="95%")))
        self.card = _html(option_card(self.opts[0]))
        self.figure = options_figure()
        self.extra = (self.card,)
        for trace in self.figure.data[:len(PROVIDERS)]:
            trace.on_click(self.marker_clicked)

    def update(self, change=None) -> None:
        shown = filter_options(self.opts, provider=self["provider"].value,
                               max_invasiveness=self["max_invasiveness"].value,
                               min_evidence=self["min_evidence"].value)
        selected = self.by_id[self["details"].value]
        self.card.value = option_card(selected)
        fill_options_figure(self.figure, shown, selected)
        self.set_summary(options_summary(shown, len(self.opts)))
        self.state["shown"] = shown

    def marker_clicked(self, trace, points, _state=None) -> None:
        """A click on a marker of ``trace`` (one provider's options) shows that option's details."""
        if points.point_inds:
            mine = [o for o in self.state["shown"] if o.provider == trace.meta]
            self["details"].value = mine[points.point_inds[0]].id


def options_explorer() -> OptionsExplorer:
    """Options at a glance: filters, the chart, a summary in words and the details of one option."""
    return OptionsExplorer()


class BodyChartTool(Tool):
    """The body chart. Controls: ``size``, ``mobile``, ``tender``, ``feel`` (the next nodule),
    ``side``, ``lateral``, ``vertical`` (the keyboard route: distances from a PSIS) and the buttons
    ``add``, ``undo``, ``clear``. ``chart``: the :class:`BodyChart` model (its ``nodules``, and
    ``on_change`` for listeners such as the letter builder); ``soap``: the SOAP note beside the chart.
    A click on the chart (:meth:`chart_clicked`) adds a nodule where it landed."""

    title = "Body chart"

    def __init__(self, example: bool = False):
        self.example = example
        super().__init__()

    def build(self) -> None:
        self.chart = BodyChart()
        if self.example:
            self.chart.add(EXAMPLE_NODULE)
        self.chart.on_change(lambda _nodules: self.update())
        add = self.add
        wide, button = _wide(), {"style": shared("button"), "layout": _plain()}
        add("size", w.BoundedFloatText(value=2.0, min=0.5, max=10.0, step=0.5, description="Size (cm):",
                                       style=wide, layout=shared("layout", width="180px")), watch=False)
        add("mobile", w.Dropdown(options=[("mobile", True), ("fixed", False)], value=True, description="Mobility:",
                                 style=wide, layout=shared("layout", width="200px")), watch=False)
        add("tender", w.Dropdown(options=[("non-tender", False), ("tender", True)], value=False,
                                 description="Tenderness:", style=wide, layout=shared("layout", width="220px")),
            watch=False)
        add("feel", w.Dropdown(options=list(FEELS), value=FEELS[0], description="Feel:", style=wide,
                               layout=shared("layout", width="230px")), watch=False)
        add("side", w.ToggleButtons(options=[("Left PSIS", "left"), ("Right PSIS", "right")], value="left",
                                    description="Measure from:", style=shared("toggles", description_width="initial"),
                                    layout=_plain()), watch=False)
        add("lateral", w.BoundedFloatText(value=3.0, min=-PSIS_X, max=X_RANGE[1] - 1 - PSIS_X, step=0.5, style=wide,
                                          description="cm lateral (negative: medial):",
                                          layout=shared("layout", width="300px")), watch=False)
        add("vertical", w.BoundedFloatText(value=0.0, min=Y_RANGE[0] + 1, max=Y_RANGE[1] - 1, step=0.5, style=wide,
                                           description="cm above (negative: below):",
                                           layout=shared("layout", width="300px")), watch=False)
        add("add", w.Button(description="Add nodule", icon="plus",
                            tooltip="Add a nodule at the distances typed above", **button), on_click=self.add_typed)
        add("undo", w.Button(description="Remove last", icon="undo", tooltip="Remove the last nodule added",
                             **button), on_click=lambda _: self.chart.remove_last())
        add("clear", w.Button(description="Clear all", icon="trash", tooltip="Remove every nodule", **button),
            on_click=lambda _: self.chart.clear())
        self._chart_figure = body_chart_figure()
        self._chart_figure.data[0].on_click(self.chart_clicked)
        self.soap = _html(width="420px", margin="40px 0 0 12px")

    def body(self):
        # the figure sits in this layout, with the SOAP note beside it (below it on a narrow screen),
        # so the base class is not given it to place
        self.figure = self._chart_figure
        howto = _html("<small>Mouse: set the size, mobility, tenderness and feel, then click the chart where "
                      "the nodule is. Keyboard: choose the PSIS, type the distances and press <b>Add "
                      "nodule</b>.</small>")
        nodule = [self[n] for n in ("size", "mobile", "tender", "feel")]
        wrap = shared("layout", flex_flow="row wrap")
        rows = w.VBox([w.HBox(nodule, layout=wrap),
                       w.HBox([self["side"]], layout=_plain()),
                       w.HBox([self["lateral"], self["vertical"]], layout=wrap),
                       w.HBox([self["add"], self["undo"], self["clear"]], layout=_plain())], layout=_plain())
        return w.VBox([howto, rows, w.Box([self.figure, self.soap], layout=wrap)], layout=_plain())

    def update(self, change=None) -> None:
        nodules = self.chart.nodules
        draw_nodules(self.figure, nodules)
        self.set_summary(chart_summary(nodules))
        self.soap.value = soap_html(nodules)

    def _nodule(self, x: float, y: float) -> Nodule:
        return Nodule(x, y, size_cm=float(self["size"].value), mobile=bool(self["mobile"].value),
                      tender=bool(self["tender"].value), feel=self["feel"].value)

    def add_typed(self, _button=None) -> None:
        """The keyboard route: a nodule at the distances typed from the chosen PSIS."""
        self.chart.add(self._nodule(*chart_point(self["side"].value, self["lateral"].value, self["vertical"].value)))

    def chart_clicked(self, _trace, points, _state=None) -> None:
        """A click on the chart adds a nodule there and shows the keyboard route what it meant."""
        if not points.point_inds:
            return
        x, y = on_grid(points.xs[0], points.ys[0])
        pos = relative_to_psis(x, y)
        if pos.side in PSIS:
            self["side"].value, self["lateral"].value, self["vertical"].value = pos.side, pos.lateral, pos.vertical
        self.chart.add(self._nodule(x, y))


def body_chart(example: bool = False) -> BodyChartTool:
    """The body chart tool. ``example=True`` starts with one made-up nodule (illustrative)."""
    return BodyChartTool(example)


_TOGGLE = [("Not asked", "not asked"), ("Absent", "absent"), ("Present", "present")]


class LetterBuilder(Tool):
    """The referral-letter builder. Controls: ``sender``, ``profession``, ``impression``,
    ``contact``, ``date``, ``recipient``, ``client``, ``question``, ``history``, ``tried``,
    ``consent``, ``urgency`` (a level id, or "" for the suggestion), one ``flag_<id>`` per warning
    feature (also :attr:`flags`), ``letter`` (the text the student edits) and ``save``.
    ``chart``: the :class:`BodyChart` whose nodules it describes (None: none); outputs
    ``suggestion``, ``checks``, ``link``, ``saved``, ``sources``; :attr:`issues` lists what the
    checks found in the current text."""

    title = "Referral letter builder"

    def __init__(self, chart=None, *, date: str | None = None, save_dir=None):
        self.chart = getattr(chart, "chart", chart)  # a body chart tool, or its model
        self.date, self.save_dir = date, save_dir
        super().__init__()

    def build(self) -> None:
        base = lt.LetterInput(date=self.date or lt.today())
        full = shared("layout", width="98%")
        text, desc = _wide("text"), _wide()
        add = self.add
        add("sender", w.Text(value=base.sender, description="Your name:", style=text, layout=full))
        add("profession", w.Dropdown(options=list(lt.PROFESSIONS), value=base.profession, description="You are a:",
                                     style=desc, layout=full))
        # its own layout: update() hides it unless the sender is a chiropractor
        add("impression", w.Text(value="", description="Working impression (chiropractors only):", style=text,
                                 layout=w.Layout(width="98%"),
                                 placeholder="within chiropractic scope, for example of the back pain"))
        add("contact", w.Text(value=base.contact, description="Your contact details:", style=text, layout=full))
        add("date", w.Text(value=base.date, description="Date:", style=text, layout=shared("layout", width="260px")))
        add("recipient", w.Text(value=base.recipient, description="To:", style=text, layout=full))
        add("client", w.Text(value=base.client, description="Client:", style=text, layout=full))
        add("question", w.Dropdown(options=[((q[0].upper() + q[1:]).replace("{lumps}", "lump(s)"), q)
                                            for q in lt.QUESTIONS], value=base.question,
                                   description="Your question:", style=desc, layout=full))
        add("history", w.Textarea(value=base.history, description="History:", style=text,
                                  layout=shared("layout", width="98%", height="60px")))
        add("tried", w.Text(value=base.tried, description="Treatment so far:", style=text, layout=full))
        add("consent", w.Checkbox(value=False, indent=False, layout=full, style=shared("checkbox"),
                                  description="The client agreed that I share this with their doctor"))
        add("urgency", w.Dropdown(options=[("Use the suggestion", "")] + urgency.choices(), value="",
                                  description="Urgency:", style=desc, layout=_plain()))
        self.suggestion = _html()
        flag_rows = self._flag_rows()
        add("letter", w.Textarea(description="Letter:", layout=shared("layout", width="98%", height="640px"),
                                 style=text), watch=False)
        self["letter"].observe(self.text_changed, names="value")
        self.checks, self.link, self.saved = _html(), _html(), _html()
        add("save", w.Button(description="Save to file", icon="save", style=shared("button"), layout=_plain(),
                             tooltip="Write referral_letter.txt in the folder of this notebook"),
            on_click=self.save_clicked)
        flag_refs = list(dict.fromkeys(k for f in red_flags() for k in f.refs))
        self.sources = _html(f"<small>Warning features and their levels from: {cite_html(flag_refs)}. The levels "
                             "are those of the course's urgency scale (shown above the builder); local pathways "
                             "differ.</small>")
        self._right = w.VBox([_html("<b>Warning features</b>: for each one, did you ask about it (or examine it), "
                                    "and is it present? Leave <i>Not asked</i> if you did not ask: the letter will "
                                    "say so, never that it is absent."),
                              *flag_rows, self.sources], layout=shared("layout", width="58%"))
        note = _html("<small>Make your choices first, then edit the letter itself: changing a choice rebuilds "
                     "the letter from scratch.</small>")
        self.extra = (note, self["letter"], self.checks, w.HBox([self["save"], self.link], layout=_plain()),
                      self.saved)
        if self.chart is not None:
            self.chart.on_change(lambda _nodules: self.update())

    def _flag_rows(self) -> list:
        """A heading per family, then one three-state toggle (registered as ``flag_<id>``) per feature."""
        rows, flags, fam_levels = [], red_flags(), family_levels()
        for fam, name in FAMILIES.items():
            mine = [f for f in flags if f.group == fam]
            if not mine:
                continue
            rows.append(w.HTML(f"<b>{html.escape(name)}</b> <small>({html.escape(fam_levels[fam])})</small>",
                               layout=shared("layout", margin="8px 0 2px 0"), style=shared("html")))
            # the 26 rows' layouts and styles are never changed: shared models (8 -> 3 models a row)
            for f in mine:
                toggle = self.add(f"flag_{f.id}", w.ToggleButtons(
                    options=_TOGGLE, value="not asked", style=shared("toggles", button_width="86px"),
                    layout=shared("layout", flex="0 0 auto", width="280px"),
                    tooltips=[f"{f.label}: not asked about or not examined",
                              f"{f.label}: asked about or examined, and absent", f"{f.label}: present"]),
                    shown=False)  # no description: the text beside it names it
                text = w.HTML(f"<span style='line-height:1.25'>{html.escape(f.label[0].upper() + f.label[1:])}</span>",
                              layout=shared("layout", flex="1 1 auto", width="auto"), style=shared("html"))
                rows.append(w.HBox([toggle, text], layout=shared("layout", margin="0 0 6px 0", align_items="center",
                                                                 flex="0 0 auto")))
        return rows

    def body(self):
        left = w.VBox([_html("<b>About the letter</b>"),
                       *[self[n] for n in ("sender", "profession", "impression", "contact", "date", "recipient",
                                           "client", "question", "history", "tried", "consent", "urgency")],
                       self.suggestion], layout=shared("layout", width="42%"))
        return w.HBox([left, self._right], layout=_plain())

    @property
    def flags(self) -> dict:
        """Feature id -> its three-state toggle ("not asked", "absent", "present")."""
        return {f.id: self[f"flag_{f.id}"] for f in red_flags()}

    @property
    def issues(self) -> list:
        """What the checks found in the current letter text (empty: nothing)."""
        return self.state.get("issues", [])

    def current(self) -> lt.LetterInput:
        """The letter's input as the controls and the chart now stand."""
        v = {n: self[n].value for n in ("recipient", "client", "profession", "question", "impression", "history",
                                        "tried", "consent", "sender", "contact", "date")}
        return lt.LetterInput(nodules=list(self.chart.nodules) if self.chart is not None else [],
                              answers={i: t.value for i, t in self.flags.items()},
                              urgency=self["urgency"].value or None, **v)

    def update(self, change=None) -> None:
        """Rebuild the letter from the choices (the student's own edits are replaced)."""
        inp = self.current()
        self["impression"].layout.display = None if lt.profession_kind(inp.profession) == "chiropractor" else "none"
        self.suggestion.value = lt.suggestion_html(lt.suggest_urgency(inp.present), inp.urgency)
        text = lt.build_letter(inp)
        if self["letter"].value == text:
            self.text_changed()
        else:
            self["letter"].value = text  # calls text_changed

    def text_changed(self, _change=None) -> None:
        """The checks, the download link and the summary follow the text as the student edits it."""
        inp, text = self.current(), self["letter"].value
        issues = lt.check_letter(text, inp.profession)
        self.checks.value = lt.check_html(issues)
        self.link.value = lt.download_link_html(text)
        self.set_summary(lt.letter_summary(inp, issues))
        self.state["issues"] = issues

    def save_clicked(self, _button=None) -> None:
        try:
            path = lt.save_letter(self["letter"].value, self.save_dir)
            self.saved.value = (f"<p role='status'>\u2713 Saved as <code>{html.escape(path.name)}</code> in the folder "
                                "of this notebook.</p>")
        except OSError as exc:
            self.saved.value = f"<p role='status'>\u26a0 Could not save the file ({html.escape(str(exc))}).</p>"


def letter_builder(chart=None, *, date: str | None = None, save_dir=None) -> LetterBuilder:
    """The referral-letter builder. ``chart``: a :func:`body_chart` tool whose nodules it describes."""
    return LetterBuilder(chart, date=date, save_dir=save_dir)
