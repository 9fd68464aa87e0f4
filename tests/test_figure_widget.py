"""backmice.figure.Figure, the course's figure widget, without a browser: what it sends for each
kind of change, how it answers a view that asks for the whole figure, how a click reaches the
traces' callbacks; and the hover/click raster of the anatomy sections (thin layers keep their cells).
The browser side is tested in test_browser.py."""

import json

import numpy as np
import pytest

from backmice import anatomy, widgets
from backmice.anatomy.drawings import LINE_HIT, drawing
from backmice.anatomy.figures import hit_raster
from backmice.anatomy.geometry import distance_to_polyline
from backmice.figure import Figure, library


def _figure():
    fig = widgets.figure_widget([dict(type="scatter", x=[1, 2], y=[3, 4], name="a"),
                                 dict(type="scatter", x=[0], y=[0], name="b")],
                                layout=dict(title=dict(text="t"), annotations=[dict(text="n", x=1, y=1)]))
    sent = []
    fig.send = lambda content, buffers=None: sent.append(content)
    return fig, sent


def _payload(msg):
    return json.loads(msg["json"])


def test_figure_widget_is_ours_and_still_a_plotly_figure():
    fig, _ = _figure()
    assert isinstance(fig, Figure)
    spec = fig.to_plotly_json()   # the static site renders tool figures from this
    assert [t["name"] for t in spec["data"]] == ["a", "b"] and spec["layout"]["title"]["text"] == "t"
    assert list(fig.to_dict()["data"][0]["x"]) == [1, 2]
    # no 5 MB bundle per figure: plotly.js travels once per kernel, in one shared widget
    assert len(fig._esm) < 20_000
    other, _ = _figure()
    assert fig._plotly is other._plotly is library() and b"plotly" in library().code[:300]
    assert "IPY_MODEL_" + library().model_id == fig.get_state()["_plotly"]
    # ... as a binary buffer beside the message, not a 4.8 MB string inside its JSON
    from ipywidgets.widgets.widget import _remove_buffers

    state, paths, buffers = _remove_buffers(library().get_state())
    assert paths == [["code"]] and len(buffers[0]) > 1_000_000 and "code" not in state
    # IPython's text form of a widget is one line, not plotly's pretty-printed figure
    assert repr(fig).startswith("<backmice figure") and len(repr(fig)) < 60
    assert "application/vnd.jupyter.widget-view+json" in fig._repr_mimebundle_()


def test_each_change_is_sent_as_exactly_that_change():
    fig, sent = _figure()
    fig.data[0].x = [5, 6]
    assert [m["type"] for m in sent] == ["update"]
    assert _payload(sent[-1]) == {"restyle": {"x": [[5, 6]]}, "relayout": {}, "traces": [0]}
    fig.layout.annotations[0].visible = False
    assert _payload(sent[-1])["relayout"] == {"annotations.0.visible": False}
    with fig.batch_update():   # one message for the whole batch; a trace left alone stays as it is
        fig.data[0].opacity = 0.3
        fig.data[1].visible = False
        fig.layout.title.text = "u"
    u = _payload(sent[-1])
    assert len(sent) == 3 and u["traces"] == [0, 1] and u["relayout"] == {"title.text": "u"}
    assert u["restyle"] == {"opacity": [0.3, "__bm_undefined__"], "visible": ["__bm_undefined__", False]}
    fig.data[0].x = [5, 6]   # no change, nothing sent
    assert len(sent) == 3
    assert [m["seq"] for m in sent] == [1, 2, 3]
    fig.add_scatter(x=[1])   # rare: the whole figure goes
    assert sent[-1]["type"] == "figure" and len(_payload(sent[-1])["data"]) == 3


def test_state_is_the_current_figure_and_a_late_view_is_brought_up_to_date():
    fig, sent = _figure()
    fig.data[0].y = [9, 9]
    state = json.loads(fig.get_state()["_spec"])   # what a new front end (a page reload) is given
    assert state["seq"] == 1 and state["data"][0]["y"] == [9, 9]
    fig._on_message(fig, {"type": "sync", "seq": 1})   # a view drawn at the latest edit: nothing to send
    assert len(sent) == 1
    fig._on_message(fig, {"type": "sync", "seq": 0})   # a view that missed an edit gets the whole figure
    assert sent[-1]["type"] == "figure" and sent[-1]["seq"] == 1
    assert _payload(sent[-1])["data"][0]["y"] == [9, 9]


def test_a_tool_figure_sends_its_state_once_when_the_tool_is_built(monkeypatch):
    # widgets.held_figures: made inside it, a figure sends nothing (no state at creation, no edit
    # of the first update) until the block ends, then its whole, updated state once
    states, sent = [], []
    monkeypatch.setattr(Figure, "send_state", lambda self, key=None: states.append(self._current()))
    monkeypatch.setattr(Figure, "send", lambda self, content, buffers=None: sent.append(content))
    with widgets.held_figures():
        fig = widgets.figure_widget([dict(type="scatter", x=[1, 2], y=[3, 4])])
        fig.data[0].y = [7, 7]
        assert sent == [] and not any(states)   # (traits synced while the widget opens: no figure)
    states = [x for x in states if x]
    assert len(states) == 1 and json.loads(states[0])["data"][0]["y"] == [7, 7]
    fig.data[0].y = [8, 8]   # afterwards every change goes, as before
    assert len(sent) == 1 and _payload(sent[0])["restyle"] == {"y": [[8, 8]]}
    outside = widgets.figure_widget([dict(type="scatter", x=[1], y=[1])])   # not held: state at once
    assert outside._bm_hold is False and json.loads(outside._current())["data"][0]["y"] == [1]


def test_shared_layouts_and_styles_are_one_model_per_kind_and_properties():
    a, b = widgets.shared("layout", width="auto"), widgets.shared("layout", width="auto")
    assert a is b and a.width == "auto" and widgets.shared("layout", width="26em") is not a
    assert widgets.shared("checkbox") is widgets.shared("checkbox") is not widgets.shared("html")


def test_a_click_reaches_every_trace_callback_with_its_own_points():
    fig, _ = _figure()
    calls = []
    for trace in fig.data:
        trace.on_click(lambda trace, points, state: calls.append((trace.name, points.point_inds, points.xs,
                                                                  points.trace_index, state.shift)))
    fig._on_message(fig, {"type": "click", "points": [{"trace": 1, "index": 0, "x": 0, "y": 0}],
                          "device": {"shift": True}})
    assert calls == [("a", [], [], 0, True), ("b", [0], [0], 1, True)]


def test_a_click_on_the_layer_explorer_chooses_the_structure():
    box = anatomy.layer_explorer("l4")
    index = next(i for i, s in box.parts.hit.items() if s == "membranous")
    trace = box.figure.data[index]
    assert trace.type == "heatmap"
    box.figure.click([{"trace": index, "index": [0, 0], "x": trace.x[0], "y": trace.y[0]}])
    assert box["pick"].value == "membranous" and "Membranous" in box.card.value


@pytest.mark.parametrize("section", ["l4", "crest"])
def test_every_structure_owns_cells_and_thin_lines_keep_theirs(section):
    """The hover/click raster: every structure owns cells (even the thinnest layers, lines a few
    pixels wide), and a point on a line belongs to that line."""
    d = drawing(section)
    ids = list(anatomy.sections()[section].structures)
    xs, ys, owner = hit_raster(d, ids)
    assert xs[1] - xs[0] <= 0.06, "cells small enough for thin layers (about 3 px)"
    counts = {sid: int((owner == k).sum()) for k, sid in enumerate(ids)}
    assert all(n > 0 for n in counts.values()), counts
    gx, gy = np.meshgrid(xs, ys)
    for k, sid in enumerate(ids):
        for shape in d.shapes[sid]:
            if shape.kind == "line":
                on_line = distance_to_polyline(gx, gy, shape.points) <= LINE_HIT / 2
                # where two lines cross one of them wins; everywhere else the line owns its band
                assert (owner[on_line] == k).mean() > 0.9, sid
    # the back mouse inside the deep fat owns its own cells (a smaller area inside a larger one)
    if "back_mouse" in ids:
        cx, cy = 4.9, -2.0
        row, col = np.abs(ys - cy).argmin(), np.abs(xs - cx).argmin()
        assert ids[owner[row, col]] == "back_mouse"


def test_section_figure_has_no_invisible_marker_clouds():
    """The hover targets are heatmaps: a full redraw in the browser no longer draws thousands of
    invisible markers (2,700-3,600 per section before)."""
    for section in ("l4", "crest"):
        fig = anatomy.section_figure(section).figure
        markers = sum(len(t.x or ()) for t in fig.data if t.type == "scatter" and "markers" in (t.mode or ""))
        assert markers < 50, markers


def test_json_for_the_browser_has_no_nan():
    """JSON.parse rejects NaN: a gap in a heatmap (NaN in numpy) goes as null, by the fast encoder."""
    from backmice.figure import _json

    assert _json({"z": np.array([[1.0, np.nan]]), "n": np.int64(3)}) == '{"z":[[1.0,null]],"n":3}'
    assert json.loads(_json({"x": [float("nan")]})) == {"x": [None]}


def test_subplot_grid_is_what_make_subplots_lays_out():
    from plotly.subplots import make_subplots

    from backmice.widgets import subplot_grid

    for args, kwargs in [((3, 1), dict(row_heights=[0.62, 0.23, 0.15], vertical_spacing=0.09)),
                         ((1, 2), dict(horizontal_spacing=0.06)), ((2, 3), {}),
                         ((2, 2), dict(row_heights=[1, 3], vertical_spacing=0.1, horizontal_spacing=0.2)),
                         ((1, 2), dict(column_widths=[0.52, 0.48], horizontal_spacing=0.12)),
                         ((1, 2), dict(column_widths=[0.34, 0.66], horizontal_spacing=0.2)),
                         ((2, 3), dict(column_widths=[1, 2, 3], row_heights=[2, 1]))]:
        for titles in ([f"t{i}" for i in range(args[0] * args[1])], ()):
            layout = make_subplots(*args, subplot_titles=titles or None, **kwargs).to_plotly_json()["layout"]
            axes, annotations, cells = subplot_grid(*args, titles=titles, **kwargs)
            assert {k: v for k, v in layout.items() if k not in ("annotations", "template")} == axes
            assert list(layout.get("annotations", ())) == annotations
            assert len(cells) == args[0] * args[1] and cells[0] == {"xaxis": "x", "yaxis": "y"}
