"""One shape for every interactive tool in the course.

``tool(...)`` returns an ``ipywidgets.VBox`` with the CSS class ``bm-interactive`` and three
attributes that tests, the browser tests and ``make bench`` rely on:

- ``.controls``: the controls a learner uses (sliders, dropdowns, buttons ...), the main one first;
- ``.figure``: the plotly ``FigureWidget`` the controls change (or None);
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

import html


def _all(widgets):
    """The widgets and, recursively, their children."""
    for widget in widgets:
        yield widget
        yield from _all(getattr(widget, "children", ()))


def summary_html(text: str) -> str:
    """Text alternative markup for a tool's summary widget."""
    return f"<p role='status' aria-live='polite' class='bm-summary'>{html.escape(text)}</p>"


_LABEL_SLIDERS_JS = """
function label(root) {
  for (const s of root.querySelectorAll('.widget-slider')) {
    const text = (s.querySelector('.widget-label') || {}).innerText || '';
    const handles = s.querySelectorAll('.noUi-handle');
    handles.forEach((h, i) => {
      const name = handles.length > 1 ? `${text.trim()} (${i === 0 ? 'lower' : 'upper'} end)` : text.trim();
      if (name && h.getAttribute('aria-label') !== name) h.setAttribute('aria-label', name);
    });
  }
}
export default {
  render({ el }) {
    el.style.display = 'none';
    let tries = 0;
    const start = () => {
      const root = el.closest('.bm-interactive');
      if (!root) { if (tries++ < 600) requestAnimationFrame(start); return; }
      label(root);
      new MutationObserver(() => label(root)).observe(root, { childList: true, subtree: true });
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


def tool(title: str, controls: list, figure=None, summary: str = "", extra: tuple = (),
         controls_layout: str = "vbox"):
    """Assemble an interactive tool; see the module docstring."""
    import ipywidgets as w

    for control in controls:
        if hasattr(control, "description") and not str(control.description).strip():
            raise ValueError(f"every control needs a description (accessible name): {control!r}")
    heading = w.HTML(f"<h4 style='margin:4px 0'>{html.escape(title)}</h4>")
    summary_widget = w.HTML(summary_html(summary))
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
    box = w.VBox(parts, layout=w.Layout(border="1px solid #ccc", padding="6px 10px", margin="10px 0"))
    box.add_class("bm-interactive")
    box.controls, box.figure, box.summary = list(controls), figure, summary_widget
    box.labeller = labeller  # keep it among the children if you lay the box out again
    return box
