"""One shape for every interactive tool in the course.

``tool(...)`` returns an ``ipywidgets.VBox`` with the CSS class ``bm-interactive`` and three
attributes that tests, the browser tests and ``make bench`` rely on:

- ``.controls``: the controls a learner uses (sliders, dropdowns, buttons ...), the main one first;
- ``.figure``: the figure widget the controls change (:func:`figure_widget`, or None);
- ``.summary``: an HTML widget that says in words what the figure shows, updated with it (the
  figure's text alternative, announced politely to screen readers);
- ``.labeller``: the slider-naming widget described below, or None.

Every control needs a ``description`` (its accessible name). ipywidgets draws a slider's handle
as a ``div role="slider"`` without a name, so a tool with sliders also carries a tiny invisible
anywidget that copies each slider's label onto its handle (``aria-label``); screen readers then
announce "Defect diameter, slider, 4". Callbacks should do little work: precompute what can be,
and update the figure inside ``figure.batch_update()``.
"""

from __future__ import annotations

import contextlib
import html
import os


def _all(widgets):
    """The widgets and, recursively, their children."""
    for widget in widgets:
        yield widget
        yield from _all(getattr(widget, "children", ()))


def summary_html(text: str) -> str:
    """Text alternative markup for a tool's summary widget."""
    return f"<p role='status' aria-live='polite' class='bm-summary'>{html.escape(text)}</p>"


# Reads labels with textContent, not innerText (which makes the browser lay the page out first), and
# ignores what changes inside a figure: the observer saw every redraw of a tool's figure, and
# relabelling there cost 3-4 ms of forced layout per slider step (Chrome trace of lesson 05's
# regression-to-the-mean tool, measured).
_LABEL_SLIDERS_JS = """
function label(root) {
  for (const s of root.querySelectorAll('.widget-slider')) {
    const text = ((s.querySelector('.widget-label') || {}).textContent || '').replace(/\\s+/g, ' ').trim();
    const handles = s.querySelectorAll('.noUi-handle');
    handles.forEach((h, i) => {
      const name = handles.length > 1 ? `${text} (${i === 0 ? 'lower' : 'upper'} end)` : text;
      if (name && h.getAttribute('aria-label') !== name) h.setAttribute('aria-label', name);
    });
  }
}
const inFigure = (node) => node.nodeType === 1 && node.closest('.js-plotly-plot') !== null;
export default {
  render({ el }) {
    el.style.display = 'none';
    let tries = 0;
    const start = () => {
      const root = el.closest('.bm-interactive');
      if (!root) { if (tries++ < 600) requestAnimationFrame(start); return; }
      label(root);
      new MutationObserver((records) => {
        if (records.some((r) => !inFigure(r.target))) label(root);
      }).observe(root, { childList: true, subtree: true });
    };
    requestAnimationFrame(start);
  }
};
"""
_slider_labeller = None


def slider_labeller():
    """An invisible widget that names the slider handles of the tool it sits in."""
    global _slider_labeller
    if _slider_labeller is None:
        import anywidget

        class SliderLabels(anywidget.AnyWidget):
            _esm = _LABEL_SLIDERS_JS

        _slider_labeller = SliderLabels
    return _slider_labeller()


# Tests set BACKMICE_VALIDATE_FIGURES=1 (tests/conftest.py): there every figure is fully validated.
VALIDATE_FIGURES = os.environ.get("BACKMICE_VALIDATE_FIGURES") == "1"


def _validate_again(obj) -> None:
    """Switch plotly's validation back on in an object and everything below it."""
    from plotly.basedatatypes import BaseFigure, BasePlotlyType

    obj._validate = True
    if isinstance(obj, BaseFigure):
        children = [*obj.data, obj.layout]
    else:
        children = list(getattr(obj, "_compound_props", {}).values())
        for array in getattr(obj, "_compound_array_props", {}).values():
            children.extend(array or ())
    for child in children:
        if isinstance(child, BasePlotlyType):
            _validate_again(child)


def figure_widget(figure=None, layout=None):
    """The course's figure widget (:class:`backmice.figure.Figure`, a ``go.Figure`` that is a
    widget) for a complete figure: a ``go.Figure``, a dict with ``data`` and ``layout``, or a list
    of trace dicts plus ``layout``. Not plotly's ``FigureWidget``: that one redraws every trace on
    every change from Python (backmice/figure.py says why and what ours does instead).

    plotly validates every property of a figure it is handed, even one it has just validated; that
    was most of a lesson's run time (lesson 01: five figures, 0.38 s). Here the widget is built
    without it and validation is then switched back on in the whole object tree, so every later
    change is validated and reaches the browser. Tests build every figure fully validated, so a
    mistake in a figure still fails them.
    """
    from .figure import Figure

    if hasattr(figure, "to_plotly_json"):
        spec = figure.to_plotly_json()
    elif isinstance(figure, dict):
        spec = dict(figure)
    else:
        spec = {"data": list(figure or []), "layout": layout or {}}
    if layout is not None and not isinstance(figure, (list, tuple, type(None))):
        spec["layout"] = layout
    if VALIDATE_FIGURES:
        return Figure(spec)
    widget = Figure(spec, _validate=False)
    _validate_again(widget)
    return widget


def subplot_grid(rows: int = 1, cols: int = 1, *, row_heights=None, column_widths=None,
                 vertical_spacing: float | None = None, horizontal_spacing: float | None = None,
                 titles=()) -> tuple[dict, list, list]:
    """What ``plotly.subplots.make_subplots`` lays out for a plain grid of xy subplots (no spans,
    insets or secondary axes; its defaults), computed as it computes it, so that a figure can be
    built from dicts in one go: (layout axes, subplot-title annotations, each cell's trace axes
    ``{"xaxis": .., "yaxis": ..}``, top row first, left to right).

    Why not make_subplots: it returns a ``go.Figure`` to which traces are then added one by one,
    each checked by plotly property by property; a lesson's figures built that way took 30-120 ms
    each (cProfile in the kernel), from dicts a few ms. tests/test_figure_widget.py compares this
    with make_subplots."""
    if vertical_spacing is None:
        vertical_spacing = (0.5 if titles else 0.3) / rows
    if horizontal_spacing is None:
        horizontal_spacing = 0.2 / cols
    if column_widths is None:
        widths = [(1.0 - horizontal_spacing * (cols - 1)) / cols] * cols
    else:
        total = float(sum(column_widths))
        widths = [(1.0 - horizontal_spacing * (cols - 1)) * (w / total) for w in column_widths]
    if row_heights is None:
        heights = [(1.0 - vertical_spacing * (rows - 1)) / rows] * rows
    else:
        total = float(sum(row_heights))
        heights = [(1.0 - vertical_spacing * (rows - 1)) * (h / total) for h in row_heights][::-1]  # bottom first

    def clamp(a, b):   # plotly's clamp of 1.0000000001 and the like
        return [min(max(a, 0.0), 1.0), min(max(b, 0.0), 1.0)]

    axes, annotations, cells = {}, [], []
    for r in range(rows):                      # the top row first
        b = rows - 1 - r                       # its place from the bottom
        y0 = sum(heights[:b]) + b * vertical_spacing
        y_domain = clamp(y0, y0 + heights[b])
        for c in range(cols):
            x0 = sum(widths[:c]) + c * horizontal_spacing
            x_domain = clamp(x0, x0 + widths[c])
            n = len(cells) + 1
            x, y = ("x", "y") if n == 1 else (f"x{n}", f"y{n}")
            axes[f"xaxis{n if n > 1 else ''}"] = {"domain": x_domain, "anchor": y}
            axes[f"yaxis{n if n > 1 else ''}"] = {"domain": y_domain, "anchor": x}
            cells.append({"xaxis": x, "yaxis": y})
            if len(titles) >= n and titles[n - 1]:
                annotations.append({"y": y_domain[1], "xref": "paper", "x": sum(x_domain) / 2.0, "yref": "paper",
                                    "text": titles[n - 1], "showarrow": False, "font": {"size": 16},
                                    "xanchor": "center", "yanchor": "bottom"})
    return axes, annotations, cells


def static_figure_from(data: list, layout: dict):
    """:func:`static_figure` from complete dicts, built without plotly's first validation pass as
    :func:`figure_widget` does (fully validated in tests), validation then switched back on for any
    later change."""
    if VALIDATE_FIGURES:
        return static_figure(data, layout)
    fig = static_figure(data, layout, _validate=False)
    _validate_again(fig)
    return fig


_static_class = None


def static_figure(data=None, layout=None, **kwargs):
    """A ``go.Figure`` (the same arguments) for a static, non-interactive figure: build it with this
    (or with ``make_subplots(..., figure=static_figure())``) and return it.

    Where plotly would pick its ``plotly_mimetype`` renderer (a Jupyter kernel, as in JupyterLab,
    VS Code or nteract, and no renderer chosen by anyone), the figure is drawn by the course's own
    figure widget (:func:`figure_widget`, plotly.js sent once per kernel), like every tool's:

    - plotly's renderer needs the jupyterlab-plotly front-end extension, whose 4.85 MB of code
      JupyterLab loads at every start before anything else; the student's lab leaves it out
      (backmice.labpage), which opened lesson 00 0.14-0.48 s sooner (docs/performance.md);
    - ``plotly.io.show`` imports nbformat and with it jsonschema at first use: 80-130 ms of a
      lesson's kernel CPU for one static figure (measured with cProfile inside the kernel).

    Anywhere else (Colab, an environment variable, the website's static build, which sets up its
    own renderer) it is shown by plotly as before."""
    global _static_class
    if _static_class is None:
        import plotly.graph_objects as go

        class StaticFigure(go.Figure):
            def _ipython_display_(self):
                if not _plotly_mimetype_by_default():
                    return super()._ipython_display_()
                from IPython.display import display

                display(figure_widget(self))

        _static_class = StaticFigure
    return _static_class(data, layout, **kwargs)


def _plotly_mimetype_by_default() -> bool:
    """True where plotly's own choice of renderer would be ``plotly_mimetype`` (the logic at the end
    of ``plotly/io/_renderers.py``) and nobody has set up renderers (that module not imported)."""
    import sys

    if "plotly.io._renderers" in sys.modules:
        return False
    if any(k in os.environ for k in ("PLOTLY_RENDERER", "COLAB_NOTEBOOK_ID", "AZURE_NOTEBOOKS_HOST",
                                     "COCALC_PROJECT_ID", "DATABRICKS_RUNTIME_VERSION")):
        return False
    if os.path.exists("/kaggle/input"):
        return False
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    return (type(shell).__name__ == "ZMQInteractiveShell" and type(shell).__module__.startswith("ipykernel.")) \
        or "VSCODE_PID" in os.environ or "NTERACT_EXE" in os.environ


_held = None   # the figures made inside held_figures(), whose state waits until it ends


@contextlib.contextmanager
def held_figures():
    """Course figures (backmice.figure.Figure) made inside this block send nothing until it ends,
    then their whole state once.

    A tool (:class:`Tool`) builds its figure and draws its first state before it can be shown, so
    no view exists yet: sending the figure's state at creation, then every edit of the first update,
    then the whole updated figure again serialised it twice for nothing (about 9 ms per anatomy
    figure, measured). Figures made elsewhere send their state at once, as before."""
    global _held
    outer, _held = _held, []
    try:
        yield
    finally:
        mine, _held = _held, outer
        for fig in mine:
            fig._bm_hold = False
            fig.refresh()


def held_figures_list():
    """The list a new figure joins while :func:`held_figures` is on (None when it is not)."""
    return _held


_shared_parts: dict = {}


def shared(kind: str, **props):
    """One Layout or style model (``kind``: "layout", "checkbox", "slider", "html", "toggles",
    "description" for dropdowns and number boxes, "text", "button") for every widget made with the
    same properties, in a kernel. Each ipywidget otherwise gets a Layout and a style
    model of its own, and every model is a message between kernel and browser when a lesson runs
    (about 0.5 ms of kernel CPU each, measured; the 16 tick boxes of a layer explorer were 32
    models, now 2). Only for widgets whose layout and style are never changed afterwards."""
    key = (kind, tuple(sorted(props.items())))
    part = _shared_parts.get(key)
    if part is None or part.comm is None:   # none yet, or closed (Widget.close_all)
        import ipywidgets as w
        from ipywidgets.widgets.widget_bool import CheckboxStyle
        from ipywidgets.widgets.widget_description import DescriptionStyle
        from ipywidgets.widgets.widget_int import SliderStyle
        from ipywidgets.widgets.widget_selection import ToggleButtonsStyle
        from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

        make = {"layout": w.Layout, "checkbox": CheckboxStyle, "slider": SliderStyle, "html": HTMLStyle,
                "toggles": ToggleButtonsStyle, "description": DescriptionStyle, "text": TextStyle,
                "button": w.ButtonStyle}[kind]
        part = _shared_parts[key] = make(**props)
    return part


_box_classes = {}


def box(children=(), *, label: str = "interactive tool", **kwargs):
    """An ``ipywidgets.VBox`` whose plain-text form is one line.

    IPython computes a text/plain form of every widget it displays; for a box holding a plotly
    FigureWidget that means pretty-printing the whole figure (about 80 ms per tool, measured),
    which nobody reads. Use this for anything that holds a figure.
    """
    import ipywidgets as w

    if "VBox" not in _box_classes:
        class Box(w.VBox):
            def __repr__(self):
                return f"<{getattr(self, '_bm_label', 'widget')}: run this notebook in JupyterLab to use it>"

        _box_classes["VBox"] = Box
    widget = _box_classes["VBox"](list(children), **kwargs)
    widget._bm_label = label
    return widget


def tool(title: str, controls: list, figure=None, summary: str = "", extra: tuple = (),
         controls_layout: str = "vbox"):
    """Assemble an interactive tool; see the module docstring."""
    import ipywidgets as w

    for control in controls:
        if hasattr(control, "description") and not str(control.description).strip():
            raise ValueError(f"every control needs a description (accessible name): {control!r}")
    # the heading's and the text alternative's layout and style never change: shared models
    heading = w.HTML(f"<h4 style='margin:4px 0'>{html.escape(title)}</h4>", layout=shared("layout"),
                     style=shared("html"))
    summary_widget = w.HTML(summary_html(summary), layout=shared("layout"), style=shared("html"))
    box_type = w.HBox if controls_layout == "hbox" else w.VBox
    parts = [heading, box_type(list(controls))]
    if figure is not None:
        parts.append(figure)
    parts.append(summary_widget)
    parts.extend(extra)
    labeller = None
    if any(isinstance(c, (w.IntSlider, w.FloatSlider, w.IntRangeSlider, w.FloatRangeSlider,
                          w.SelectionSlider, w.SelectionRangeSlider, w.FloatLogSlider))
           for c in _all([*controls, *extra])):
        labeller = slider_labeller()
        parts.append(labeller)
    widget = box(parts, label=f"interactive tool '{title}'",
                 layout=w.Layout(border="1px solid #ccc", padding="6px 10px", margin="10px 0"))
    widget.add_class("bm-interactive")
    widget.controls, widget.figure, widget.summary = list(controls), figure, summary_widget
    widget.labeller = labeller  # keep it among the children if you lay the box out again
    return widget


class Tool:
    """The base of every interactive tool: its widget, named controls, state, update and layout.

    A tool is a small class. ``build()`` makes the controls (each registered by name with
    :meth:`add`), the figure and any extra widgets; ``update()`` redraws the figure and the summary
    from the controls' values and ``self.state``. The base class assembles the widget with
    :func:`tool` (heading, controls, figure, text alternative, extras, slider labeller), calls
    ``update()`` whenever a watched control changes, and displays as that widget, so a lesson cell
    that ends with ``anatomy.landmark_map()`` shows the tool.

    Tests, the browser tests and ``make bench`` drive a tool by its named controls
    (``t["size"].value = 3``, ``t["check"].click()``) and read ``t.figure``, ``t.summary.value``
    and ``t.state``; ``t.controls`` lists the controls in order, the main one first.
    """

    title = "interactive tool"
    controls_layout = "vbox"   # or "hbox"

    def __init__(self):
        self.named: dict = {}
        self._order: list = []
        self._shown: list = []
        self.figure = None
        self.extra: tuple = ()
        self.state: dict = {}
        with held_figures():   # the figures made here send their state once, after the first update
            self.build()
            self.widget = tool(self.title, [self.named[n] for n in self._shown], figure=self.figure,
                               extra=tuple(self.extra), controls_layout=self.controls_layout)
            self.summary, self.labeller = self.widget.summary, self.widget.labeller
            body = self.body()
            if body is not None:  # a layout of its own between the heading and the figure
                kids = list(self.widget.children)
                kids[1] = body
                self.widget.children = tuple(kids)
            self.update()
        if hasattr(self.figure, "refresh"):
            # a figure made before this tool (not held): the first update's edits went out before
            # any view could listen, so its state goes again and it is drawn as updated, without a
            # round trip to the busy kernel (a held figure has just sent it: nothing to do)
            self.figure.refresh()

    # --- what a tool defines ---------------------------------------------------------------------
    def build(self) -> None:
        """Make the controls (:meth:`add`), ``self.figure`` and ``self.extra``."""
        raise NotImplementedError

    def update(self, change=None) -> None:
        """Redraw from the controls and ``self.state`` (called once after building)."""

    def body(self):
        """A widget laying the controls out differently from one column (None: the default)."""
        return None

    # --- helpers ---------------------------------------------------------------------------------
    def add(self, name: str, control, *, watch: bool = True, on_click=None, shown: bool = True):
        """Register ``control`` as ``self[name]``. ``watch``: a change of its value calls
        :meth:`update`; ``on_click``: the handler of a button; ``shown``: listed among the controls
        in the default layout (and in ``self.controls``)."""
        if name in self.named:
            raise ValueError(f"{type(self).__name__}: two controls named {name!r}")
        self.named[name] = control
        self._order.append(name)
        if shown:
            self._shown.append(name)
        if on_click is not None:
            control.on_click(on_click)
        elif watch and hasattr(control, "observe"):
            control.observe(self.update, names="value")
        return control

    def __getitem__(self, name: str):
        return self.named[name]

    @property
    def controls(self) -> list:
        return [self.named[n] for n in self._shown]

    def set_summary(self, text: str) -> None:
        self.summary.value = summary_html(text)

    # --- display as the widget -------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs):
        from . import static  # the website has no kernel: a figure, its text and a launch link

        if static.active():
            return static.tool_bundle(self)
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} '{self.title}': run this notebook in JupyterLab to use it>"
