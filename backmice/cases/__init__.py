"""Virtual patients (lessons 03 and 04): fictional cases in ``assets/cases/*.yaml``.

Lesson 03 calls ``cases.case_tool(["typical_back_mouse", "atypical_back_mouse"])``, lesson 04
``cases.case_tool([...])`` with five more. Each case reveals its history and examination step by
step, then asks for a decision on the course's one referral-urgency scale (:mod:`backmice.urgency`)
and shows the debrief.

The rooms:

- ``model.py``: ``load()`` (each file checked by ``assets/schemas/case.schema.json``, then by the
  rules a schema cannot say), ``decide()``, ``step_html()``, ``debrief_html()`` (pure);
- ``tools.py``: ``CaseTool``, a :class:`backmice.widgets.Tool`, and ``case_tool()``.

Importing this package does not import ipywidgets: the tool's names load on first use.
"""

from __future__ import annotations

from ..lazy import exports
from .model import DECISIONS, VERDICTS, Case, Decision, Step, debrief_html, decide, load, step_html

_LAZY = {
    "tools": ("CaseTool", "case_tool"),
}
__getattr__, __dir__, _LAZY_NAMES = exports(__name__, _LAZY)

__all__ = ["DECISIONS", "VERDICTS", "Case", "Decision", "Step", "debrief_html", "decide", "load", "step_html",
           *_LAZY_NAMES]


