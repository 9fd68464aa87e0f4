"""The course's own figure widget: a plotly figure that redraws only what changed.

Why not plotly's ``FigureWidget``: its front end (``plotly/package_data/widgetbundle.js``) adds a
key ``_doNotReportToPy`` to every update it gets from Python, so plotly.js treats each change as
unknown and recomputes and redraws every trace (150-195 ms for a change that takes 17-26 ms
through ``Plotly.update``, measured; docs/performance.md). It also ships its 5 MB bundle, with
plotly.js inside, as a synced trait of every figure.

:class:`Figure` is a ``go.Figure`` that is also an anywidget, like plotly's own
``BaseFigureWidget`` but with only what the course uses:

- Python -> browser: plotly's figure classes already report every change (``fig.data[i].x = ...``,
  ``fig.layout.shapes = ...``, a whole ``with fig.batch_update():`` block) to the hooks
  ``_send_restyle_msg``, ``_send_relayout_msg`` and ``_send_update_msg``; each becomes one message
  with exactly those properties. The browser applies a change to scatter or bar traces' data and
  style alone with ``Plotly.animate`` (no full redraw: 25 against 75 ms in the layer explorer,
  measured), anything else with ``Plotly.update``, which recomputes the whole figure: so what a
  control moves is best drawn as a trace, not a layout shape or an annotation. Adding, deleting
  or moving traces (rare) sends the whole figure (``Plotly.react``).
- browser -> Python: clicks only, dispatched to ``trace.on_click`` callbacks as plotly does (every
  trace is called; the clicked ones get the points).
- plotly.js reaches the browser once per kernel, in one :class:`PlotlyLibrary` widget every
  figure refers to, and is evaluated once per page.
- The figure's state (``_spec``) is computed when a front end asks for it (a new view, a page
  reload), never sent on a change: a view drawn late, or after edits it missed, asks Python for
  the whole figure (``sync``) and is brought up to date.

``fig.to_plotly_json()`` / ``to_dict()`` are plotly's own (static renderings use them).
"""

from __future__ import annotations

import json
from pathlib import Path

import anywidget
import plotly
import plotly.graph_objects as go
import traitlets
from ipywidgets import DOMWidget, widget_serialization
from plotly.basedatatypes import Undefined
from plotly.callbacks import InputDeviceState, Points

from . import widgets

_JS = Path(__file__).parent / "js" / "figure.js"
_UNDEFINED = "__bm_undefined__"   # the front end turns it back into undefined (a trace left as it is)


def _plain(value):
    if hasattr(value, "tolist"):   # numpy arrays and scalars; NaN (a gap in a heatmap) as null
        if getattr(value, "dtype", None) is not None and value.dtype.kind == "f":
            import numpy as np

            missing = np.isnan(value)
            if missing.any():
                return np.where(missing, None, value).tolist()
        return value.tolist()
    raise TypeError(type(value).__name__)


def _json(obj) -> str:
    """JSON for the browser. The standard library's encoder first (a tool's callback sends one of
    these per change: it must be quick); plotly's, which also turns NaN into null and knows dates,
    pandas and the rest, when that one cannot."""
    try:
        return json.dumps(obj, default=_plain, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError):
        from plotly.io.json import to_json_plotly

        return to_json_plotly(obj)


class PlotlyLibrary(anywidget.AnyWidget):
    """plotly.js for the browser, once per kernel (every :class:`Figure` refers to it).

    The code travels as bytes, which widgets send as a binary buffer beside the message: as a
    string, the kernel JSON-escaped and encoded its 4.8 MB (about 45 ms of CPU once per kernel:
    32 ms json.dumps, 13 ms UTF-8, measured in a plain Python process) and the front end parsed it
    back; the browser decodes the bytes with TextDecoder."""

    _esm = "export default {};"
    version = traitlets.Unicode().tag(sync=True)
    code = traitlets.Bytes().tag(sync=True)


_library = None


def library() -> PlotlyLibrary:
    global _library
    if _library is None or _library.comm is None:
        code = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()
        head = code[:200].decode("utf-8", "replace")
        version = head.split("plotly.js v", 1)[-1].split()[0] if "plotly.js v" in head else "?"
        _library = PlotlyLibrary(version=version, code=code)
    return _library


class Figure(go.Figure, anywidget.AnyWidget):
    """A plotly figure shown as a widget; see the module docstring."""

    _esm = _JS
    _spec = traitlets.Unicode("").tag(sync=True)       # filled in by get_state, never synced on change
    _plotly = traitlets.Instance(PlotlyLibrary).tag(sync=True, **widget_serialization)

    @traitlets.default("_plotly")
    def _default_plotly(self):
        return library()

    def __init__(self, data=None, layout=None, **kwargs):
        self._bm_seq = 0
        self._bm_state_seq = None
        held = widgets.held_figures_list()
        self._bm_hold = held is not None           # made inside widgets.held_figures(): its state goes at its end
        super().__init__(data, layout, **kwargs)   # opens the widget before the figure has data ...
        self.on_msg(self._on_message)
        if self._bm_hold:
            held.append(self)
        else:
            self.refresh()                         # ... so its state goes now

    def refresh(self) -> None:
        """Send the whole figure as the widget's state if edits were made since it was last sent
        (a tool calls this once it has drawn its first state, before it is shown): views drawn
        from it then need no round trip to the kernel, which is busy while a notebook runs."""
        if self.comm is not None and not self._bm_hold and self._bm_state_seq != self._bm_seq:
            self.send_state("_spec")

    # --- the state a front end asks for ------------------------------------------------------------
    def _current(self) -> str:
        if "_data" not in self.__dict__:   # while BaseFigure.__init__ opens the widget
            return ""
        self._bm_state_seq = self._bm_seq
        return _json({"seq": self._bm_seq, "data": self._data, "layout": self._layout})

    def get_state(self, key=None, drop_defaults=False):
        state = super().get_state(key, drop_defaults)
        if "_spec" in state:
            state["_spec"] = self._current()
        return state

    # --- Python -> browser: plotly's hooks ---------------------------------------------------------
    def _bm_send(self, kind: str, payload: dict | None = None) -> None:
        self._bm_seq += 1
        if self.comm is None or self._bm_hold:   # held: the whole state goes when held_figures() ends
            return
        if kind == "figure":
            self.send({"type": "figure", "seq": self._bm_seq,
                       "json": _json({"data": self._data, "layout": self._layout})})
        else:
            self.send({"type": "update", "seq": self._bm_seq, "json": _json(payload)})

    @staticmethod
    def _restyle(style: dict) -> dict:
        return {k: [_UNDEFINED if v is Undefined else v for v in vals] if isinstance(vals, list) else vals
                for k, vals in (style or {}).items()}

    def _send_restyle_msg(self, style, trace_indexes=None, source_view_id=None):
        self._bm_send("update", {"restyle": self._restyle(style), "relayout": {},
                              "traces": self._normalize_trace_indexes(trace_indexes)})

    def _send_relayout_msg(self, layout, source_view_id=None):
        self._bm_send("update", {"restyle": {}, "relayout": layout, "traces": None})

    def _send_update_msg(self, restyle_data, relayout_data, trace_indexes=None, source_view_id=None):
        self._bm_send("update", {"restyle": self._restyle(restyle_data), "relayout": relayout_data or {},
                              "traces": self._normalize_trace_indexes(trace_indexes)})

    def _send_addTraces_msg(self, new_traces_data):
        self._bm_send("figure")

    def _send_deleteTraces_msg(self, delete_inds):
        self._bm_send("figure")

    def _send_moveTraces_msg(self, current_inds, new_inds):
        self._bm_send("figure")

    def _send_animate_msg(self, styles_data, relayout_data, trace_indexes, animation_opts):
        self._bm_send("figure")

    # --- browser -> Python --------------------------------------------------------------------------
    def _on_message(self, _widget, content, _buffers=None) -> None:
        kind = content.get("type")
        if kind == "sync":
            if content.get("seq") != self._bm_seq:
                self.send({"type": "figure", "seq": self._bm_seq,
                           "json": _json({"data": self._data, "layout": self._layout})})
        elif kind == "click":
            self.click(content.get("points", []), InputDeviceState(**(content.get("device") or {})))

    def click(self, points: list[dict], state=None) -> None:
        """Dispatch a click, as plotly's FigureWidget does: every trace's ``on_click`` callbacks are
        called, with the points clicked on that trace (``{"trace", "index", "x", "y"}`` each)."""
        by_trace = {i: {"point_inds": [], "xs": [], "ys": [], "trace_name": t.name, "trace_index": i}
                    for i, t in enumerate(self.data)}
        for p in points:
            if p.get("trace") in by_trace:
                entry = by_trace[p["trace"]]
                entry["point_inds"].append(p.get("index"))
                entry["xs"].append(p.get("x"))
                entry["ys"].append(p.get("y"))
        for i, entry in by_trace.items():
            self.data[i]._dispatch_on_click(Points(**entry), state)

    # --- display as a widget, not as plotly's static figure ----------------------------------------
    _repr_mimebundle_ = DOMWidget._repr_mimebundle_

    _ipython_display_ = None   # plotly's would render a static copy instead of the widget

    def show(self, *args, **kwargs):
        return self

    def __repr__(self) -> str:
        # IPython computes a text form of every widget it shows; plotly's pretty-prints the figure
        return f"<backmice figure: {len(self.data)} traces>"


def figure(spec: dict, *, validate: bool = True) -> Figure:
    """A :class:`Figure` from a figure dict (``data``, ``layout``)."""
    return Figure(spec) if validate else Figure(spec, _validate=False)
