"""Diagnosis (module 3): presentation, the differential, test accuracy and red flags.

Lesson 03 (clinical presentation) calls ``presentation_figure()``; the record builder is in
:mod:`backmice.record` and the virtual patients in :mod:`backmice.cases`. Lesson 04 (differential
diagnosis) calls ``explorer_tool(preset=...)`` (tick findings: which conditions each supports or
argues against), ``posttest_tool()`` (pre-test probability and test results -> likelihood ratios and
the post-test probability on a Fagan nomogram), ``redflag_figure()`` and ``triage_tool()`` (red-flag
vignettes decided on the course's urgency scale, :mod:`backmice.urgency`).

The rooms:

- ``model.py``: the data (``assets/data/diagnosis_*.yaml``, checked by their JSON Schemas), the
  tests' accuracy, the explorer's rules, the nomogram's geometry and triage feedback (pure);
- ``text.py``: what the tools say in words: HTML tables and summaries (pure);
- ``figures.py``: the plotly figures (nomogram, explorer chart, the two static figures);
- ``tools.py``: the interactive tools, each a :class:`backmice.widgets.Tool`.

The accuracy arithmetic (``lr_positive``, ``post_test`` ...) is :mod:`backmice.accuracy`'s,
re-exported here. Importing this package imports neither plotly nor ipywidgets: the figures' and
tools' names load on first use.
"""

from __future__ import annotations

from ..lazy import exports
from ..accuracy import check_fraction, lr_negative, lr_positive, post_test, to_odds, to_probability
from .model import (LR_TICKS, P_TICKS, SHORT, Y_LIMIT, Assess, Condition, Effect, Finding, Group, Target, Test,
                    Vignette, choices, conditions, evaluate, explore, fagan_points, findings, groups, load, logit,
                    number, pct, presentation, result_lr, targets, tests, triage_feedback, vignettes)
from .text import explorer_summary, explorer_table_html, posttest_summary, test_table_html

_LAZY = {
    "figures": ("fagan_figure", "update_fagan", "explorer_figure", "update_explorer",
                "explorer_traces", "presentation_figure", "redflag_figure"),
    "tools": ("PosttestTool", "posttest_tool", "ExplorerTool", "explorer_tool", "TriageTool",
              "triage_tool", "RESULTS"),
}
__getattr__, __dir__, _LAZY_NAMES = exports(__name__, _LAZY)

__all__ = ["LR_TICKS", "P_TICKS", "SHORT", "Y_LIMIT", "Assess", "Condition", "Effect", "Finding", "Group", "Target",
           "Test", "Vignette", "check_fraction", "choices", "conditions", "evaluate",
           "explore", "explorer_summary", "explorer_table_html", "fagan_points", "findings", "groups", "load", "logit",
           "lr_negative", "lr_positive", "number", "pct", "post_test", "posttest_summary", "presentation",
           "result_lr", "targets", "test_table_html", "tests", "to_odds", "to_probability", "triage_feedback",
           "vignettes", *_LAZY_NAMES]


