"""The course theme and the lesson 00 tools."""

import plotly.io as pio

from backmice import intro, style


def _luminance(hex_colour):
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_theme_is_registered_and_default():
    assert style.use() == "backmice" and pio.templates.default == "backmice"
    layout = pio.templates["backmice"].layout
    assert list(layout.colorway) == style.COLORWAY
    assert layout.font.size >= 14


def test_palette_is_okabe_ito_and_distinct():
    assert set(style.COLORWAY) <= set(style.PALETTE.values())
    assert len(set(style.COLORWAY)) == len(style.COLORWAY)
    # good/bad differ in lightness too, so they stay apart in greyscale
    assert abs(_luminance(style.GOOD) - _luminance(style.BAD)) > 0.05


def test_names_explorer_updates_its_card():
    box = intro.names_explorer()
    first = box.card.value
    icps = next(i for i, n in enumerate(intro.names()) if n.name == "Iliac crest pain syndrome")
    box.pick.value = icps
    assert box.card.value != first and "a lump is not required" in box.card.value
    assert sum(not n.nodule for n in intro.names()) == 2


def test_evidence_figure_shows_the_review_counts():
    fig = intro.evidence_figure()
    assert list(fig.data[0].x) == [1, 4, 8, 16]
    assert fig.layout.title.text


def test_course_map_lists_every_module_and_marks_missing_lessons():
    html = intro.course_map_html()
    assert html.count("<tr>") == 7 and "<caption>" in html and "scope='col'" in html
    assert "\u2713 ready" in html  # lesson 00 exists


def test_tool_shape():
    import ipywidgets as w
    import pytest

    from backmice.widgets import tool

    slider = w.IntSlider(description="Size")
    box = tool("A tool", [slider], summary="size is 0")
    assert box.controls == [slider] and box.figure is None and "role='status'" in box.summary.value
    assert "bm-interactive" in box._dom_classes
    with pytest.raises(ValueError, match="accessible name"):
        tool("Bad", [w.IntSlider()])
    assert "bm-interactive" in intro.names_explorer()._dom_classes


def test_tools_with_sliders_name_their_handles():
    import ipywidgets as w

    from backmice.widgets import tool

    plain = tool("No sliders", [w.Dropdown(options=["a", "b"], description="Pick")])
    assert plain.labeller is None
    box = tool("Sliders", [w.FloatSlider(description="Defect diameter (mm)")],
               extra=(w.HBox([w.IntSlider(description="Rating")]),))
    assert box.labeller is not None and box.labeller in box.children
    assert "aria-label" in box.labeller._esm and ".widget-slider" in box.labeller._esm


def test_boxes_holding_figures_have_a_one_line_text_form():
    """IPython computes the text form of every displayed widget; a box with a FigureWidget
    would otherwise pretty-print the whole figure (about 80 ms a tool, measured)."""
    import ipywidgets as w
    import plotly.graph_objects as go

    from backmice.widgets import tool

    fig = go.FigureWidget(data=[go.Scatter(x=list(range(2000)), y=list(range(2000)))])
    box = tool("Big figure", [w.IntSlider(description="n")], figure=fig)
    text = box._repr_mimebundle_()["text/plain"]
    assert text.count("\n") == 0 and len(text) < 120 and "Big figure" in text
