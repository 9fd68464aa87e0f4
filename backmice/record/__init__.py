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

import importlib

from .model import (CONSISTENCY, DEPTH, DURATION, EXCISION, FAMILIAR, FEVER, FLAGS, GROWTH, MOBILITY, NOT_ASKED,
                    PSIS_X, SKIN, TENDERNESS, Flag, fever_note, flags_html, flags_summary, record_flags, record_text,
                    where)

_LAZY = {"record_figure": "figures", "record_traces": "figures", "update_record_figure": "figures",
         "back_shapes": "figures", "RecordBuilder": "tools", "record_builder": "tools"}

__all__ = ["CONSISTENCY", "DEPTH", "DURATION", "EXCISION", "FAMILIAR", "FEVER", "FLAGS", "GROWTH", "MOBILITY",
           "NOT_ASKED", "PSIS_X", "SKIN", "TENDERNESS", "Flag", "fever_note", "flags_html", "flags_summary",
           "record_flags", "record_text", "where", *_LAZY]



def __getattr__(name: str):  # PEP 562: the figures' and tools' names are imported on first use
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)


__dir__ = lambda: sorted(set(globals()) | set(_LAZY))  # noqa: E731
