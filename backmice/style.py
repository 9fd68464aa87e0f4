"""One look for every figure in the course.

Colours are the Okabe-Ito palette (Okabe & Ito, "Color Universal Design", 2008), which stays
distinguishable for the common forms of colour-vision deficiency. Meaning is never carried by
colour alone: figures also use labels, symbols or patterns. ``use()`` registers the template
"backmice" and makes it plotly's default.
"""

from __future__ import annotations

import sys

PALETTE = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
# Order for categorical data: the strongest contrasts first.
COLORWAY = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "black")]
# Sequential scale for heat maps (light to dark blue), readable in greyscale too.
SEQUENTIAL = [[0.0, "#F7FBFF"], [0.5, "#56B4E9"], [1.0, "#08306B"]]
# Meanings used across lessons (always paired with a word or symbol in the figure).
GOOD, BAD, NEUTRAL = PALETTE["blue"], PALETTE["vermillion"], PALETTE["grey"]

FONT = "Atkinson Hyperlegible, Verdana, DejaVu Sans, Arial, sans-serif"
BASE_SIZE = 15

_registered = False


def template():
    """The course's plotly template (a ``plotly.graph_objects.layout.Template``)."""
    import plotly.graph_objects as go

    return go.layout.Template(
        layout=dict(
            colorway=COLORWAY,
            font=dict(family=FONT, size=BASE_SIZE, color="#1a1a1a"),
            title=dict(font=dict(size=BASE_SIZE + 4), x=0.0, xanchor="left"),
            paper_bgcolor="white",
            plot_bgcolor="white",
            hoverlabel=dict(font=dict(family=FONT, size=BASE_SIZE)),
            legend=dict(font=dict(size=BASE_SIZE - 1)),
            xaxis=dict(showline=True, linecolor="#444", ticks="outside", gridcolor="#e5e5e5",
                       title=dict(font=dict(size=BASE_SIZE))),
            yaxis=dict(showline=True, linecolor="#444", ticks="outside", gridcolor="#e5e5e5",
                       title=dict(font=dict(size=BASE_SIZE))),
            colorscale=dict(sequential=SEQUENTIAL),
            margin=dict(l=60, r=20, t=60, b=50),
        )
    )


def use() -> str:
    """Register the template and make it the default; returns its name.

    Called from a notebook (the lesson's first cell) it also displays the invisible widget that
    shows citations as "(Author Year)", one per kernel (``references.show_citations``); not when
    the course's own code calls it before drawing a figure."""
    global _registered
    import plotly.io as pio

    if not _registered:
        pio.templates["backmice"] = template()
        _registered = True
    if pio.templates.default != "backmice":   # setting it again re-validates a copy (about 1 ms)
        pio.templates.default = "backmice"
    if sys._getframe(1).f_globals.get("__name__") == "__main__":  # a notebook's cell
        from . import references

        references.show_citations()
    return "backmice"
