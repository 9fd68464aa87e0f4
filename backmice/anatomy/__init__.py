"""Lesson 01: fascia anatomy of the lumbosacral region.

Three interactive tools (:mod:`.tools`, each a :class:`backmice.widgets.Tool`):

- :func:`layer_explorer` (two schematic sections, ``"l4"`` across the low back and ``"crest"``
  across the posterior iliac crest): show or hide each structure, hover or click it (or choose it
  in the *Read about* dropdown) for its name, one line and its sources, and move the *Finger depth*
  slider to highlight what the fingers press through.
- :func:`landmark_map`: a schematic posterior view of :mod:`backmice.body` (the course's one
  PSIS, 4.3 cm from the midline at y = 0, and its pelvis outline) with the sites where back mice
  are reported, and one band per study for where the superior cluneal nerves cross the crest,
  each drawn from that study's own reference point (the data's ``from:``): rows measured from the
  midline in a panel on the body's own "distance from the midline" axis, rows measured from the
  PSIS in a panel whose axis starts at the PSIS (never as offsets from the midline), and rings of
  2-8 cm around the body's PSIS to show what such a distance means.
- :func:`find_the_structure`: the drawing asks for a structure; the student clicks it or chooses
  its number; :func:`score_click` scores and explains.

The package:

- :mod:`.model`: the data (``assets/data/anatomy_layers.yaml`` and ``anatomy_landmarks.yaml``,
  each checked by its schema in ``assets/schemas``), cards, hover text, scoring;
- :mod:`.geometry`: polygons and polylines;
- :mod:`.hitgrid`: the hover/click rasters and the tops under the finger, computed with numpy and
  stored in ``hitgrid_data.py`` (``python -m backmice.anatomy.hitgrid`` writes it), so that the
  lesson never loads numpy;
- :mod:`.drawings`: the two schematic sections and the palpation model;
- :mod:`.posterior`: the landmark map's places on the body and its cluneal panels;
- :mod:`.figures`: the plotly figures; :mod:`.tools`: the tools.

The drawings are schematic: every thickness, depth and position is illustrative (the figures say
so). Everything that decides something is a pure function, testable without a browser:
:func:`point_in_polygon`, :func:`distance_to_polyline`, :func:`structure_tops`, :func:`reached`,
:func:`score_click`, :func:`card_html`, :func:`cluneal_rows`, :func:`band_ends`,
:func:`row_x_cm`, :func:`ring_points`. Callbacks only look up precomputed answers and update the
figure inside ``batch_update()``.
"""

from __future__ import annotations

from ..lazy import exports
from ..references import short_cite
from .geometry import distance_to_polyline, point_in_polygon
from .model import (ClunealRow, Region, Section, Site, Structure, band_ends, card_html, checkbox_text,
                    cluneal_rows, game_order, hover_text, landmarks, layers, numbering, score_click, sections,
                    structures, the)
from .posterior import (PANEL_AXES, PSIS, RING_CM, ROW_Y, SITE_LABEL_AT, SITE_TEXT, SITE_XY, STUDY_COLOUR,
                        landmark_regions, landmark_summary, ring_points, row_label, row_x_cm)
from .drawings import Drawing, Label, Shape, drawing, explorer_summary, profile_text, reached, structure_tops

# the figures and tools (plotly, ipywidgets) load on first use, so the model stays light (PEP 562)
_LAZY = {
    "figures": ("FIG_WIDTH", "MapFigure", "SectionFigure", "crest_figure", "game_figure",
                "l4_figure", "landmark_figure", "landmark_figure_parts", "section_figure"),
    "tools": ("FindTheStructure", "LandmarkMap", "LayerExplorer", "find_the_structure",
              "landmark_map", "layer_explorer"),
}
__getattr__, __dir__, _LAZY_NAMES = exports(__name__, _LAZY)

__all__ = [
    # tools
    "layer_explorer", "landmark_map", "find_the_structure", "LayerExplorer", "LandmarkMap", "FindTheStructure",
    # data and text
    "Structure", "Section", "Region", "Site", "ClunealRow", "layers", "structures", "sections", "landmarks",
    "cluneal_rows", "band_ends", "short_cite", "card_html", "hover_text", "checkbox_text",
    # the sections and the palpation model
    "Shape", "Label", "Drawing", "drawing", "structure_tops", "reached", "profile_text", "explorer_summary",
    # "Find the structure"
    "score_click", "the", "numbering", "game_order",
    # the landmark map
    "PSIS", "SITE_XY", "SITE_TEXT", "SITE_LABEL_AT", "ROW_Y", "STUDY_COLOUR", "RING_CM", "PANEL_AXES",
    "landmark_regions", "row_x_cm", "row_label", "ring_points", "landmark_summary",
    # geometry and figures
    "point_in_polygon", "distance_to_polyline", "FIG_WIDTH", "SectionFigure", "MapFigure", "section_figure",
    "l4_figure", "crest_figure", "game_figure", "landmark_figure_parts", "landmark_figure",
]

