"""Documenting a nodule (lesson 03): ``record.record_builder()``.

The tool has a control for each item of a nodule record, a schematic back view (the course's one
pelvis, :mod:`backmice.body`) that places the nodule in centimetres from the PSIS, and the record
line; warning features are flagged with their level of the course's urgency scale.

The rooms:

- ``model.py``: the record's items and options, the warning features (``FLAGS``,
  ``record_flags()``), the record text (``record_text()``, position worded by
  ``backmice.body.position_text``) and the flag line (pure);
- ``figures.py``: the back view (plotly);
- ``tools.py``: ``RecordBuilder``, a :class:`backmice.widgets.Tool`, and ``record_builder()``.

Importing this package imports neither plotly nor ipywidgets: the figures' and tools' names load
on first use.
"""

from __future__ import annotations

from ..lazy import exports
from .model import (CONSISTENCY, DEPTH, DURATION, EXCISION, FAMILIAR, FEVER, FLAGS, GROWTH, MOBILITY, NOT_ASKED,
                    PSIS_X, SKIN, TENDERNESS, Flag, fever_note, flags_html, flags_summary, record_flags, record_text,
                    where)

_LAZY = {
    "figures": ("record_figure", "record_traces", "update_record_figure", "back_shapes"),
    "tools": ("RecordBuilder", "record_builder"),
}
__getattr__, __dir__, _LAZY_NAMES = exports(__name__, _LAZY)

__all__ = ["CONSISTENCY", "DEPTH", "DURATION", "EXCISION", "FAMILIAR", "FEVER", "FLAGS", "GROWTH", "MOBILITY",
           "NOT_ASKED", "PSIS_X", "SKIN", "TENDERNESS", "Flag", "fever_note", "flags_html", "flags_summary",
           "record_flags", "record_text", "where", *_LAZY_NAMES]


