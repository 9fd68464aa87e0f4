"""One shape for every interactive tool in the course.

``tool(...)`` returns an ``ipywidgets.VBox`` with the CSS class ``bm-interactive`` and three
attributes that tests, the browser tests and ``make bench`` rely on:

- ``.controls``: the controls a learner uses (sliders, dropdowns, buttons ...), the main one first;
- ``.figure``: the plotly ``FigureWidget`` the controls change (or None);
- ``.summary``: an HTML widget that says in words what the figure shows, updated with it (the
  figure's text alternative, announced politely to screen readers).

Every control needs a ``description`` (its accessible name). Callbacks should do little work:
precompute what can be, and update the figure inside ``figure.batch_update()``.
"""

from __future__ import annotations

import html


def summary_html(text: str) -> str:
    """Text alternative markup for a tool's summary widget."""
    return f"<p role='status' aria-live='polite' class='bm-summary'>{html.escape(text)}</p>"


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
    box = w.VBox(parts, layout=w.Layout(border="1px solid #ccc", padding="6px 10px", margin="10px 0"))
    box.add_class("bm-interactive")
    box.controls, box.figure, box.summary = list(controls), figure, summary_widget
    return box
