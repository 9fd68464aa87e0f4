"""Lesson 05 (evidence appraisal): how strong is the evidence about back mice, and how to judge it.

The lesson (``lessons/05_evidence_appraisal.ipynb``) shows four interactive tools, in this order:

1. ``evidence_map()``: the real back-mice studies (``assets/data/evidence_studies.yaml``) by
   year, design and size, with an appraisal of each.
2. ``diagnostic_playground()``: a 2x2 table -> sensitivity, specificity, predictive values and
   likelihood ratios, and how predictive values move with prevalence.
3. ``rtm_simulator()``: regression to the mean. Simulated people with fluctuating pain are
   screened, those whose pain is high on the day are enrolled, and they get a treatment with no
   effect at all. Their average pain still falls; with a randomised control arm the difference
   between the arms is close to zero. The model and every parameter are ILLUSTRATIVE (a teaching
   model, not fitted to any data); the lesson says so next to the tool.
4. ``webpage_rater()``: the learner rates a fictional web page (``evidence_webpages.yaml``) on the
   JAMA benchmarks and a subset of DISCERN questions, then compares with the course's rating.

Where things are:

- ``model.py``: the simulated trial (``simulate_trial``, ``TrialResult``), the studies
  (``studies``, ``Study``), the 2x2 table (``two_by_two``; the arithmetic is
  ``backmice.accuracy``'s), the pages (``webpages``, ``compare_ratings``), and the words and HTML
  the tools show. No plotly, no ipywidgets.
- ``figures.py``: the plotly figures and the functions that update them.
- ``tools.py``: the four tools, each a ``backmice.widgets.Tool`` with named controls.

``from backmice import evidence`` then ``evidence.two_by_two(...)`` or ``evidence.evidence_map()``:
the model's names are imported here at once, the figures' and tools' names only when first used
(so importing the model never imports plotly or ipywidgets).
"""

from __future__ import annotations

from ..lazy import exports
from .model import (DEFAULT_TABLE, DESIGNS, N_MAX, PAIN_MAX, PAIN_MIN, PREVALENCE_GRID, RTM_DEFAULTS,
                    SCATTER_MAX, STATUSES, USUAL_MEAN, USUAL_SD, Benchmark, Page, Question, Rating, Study,
                    TrialResult, Webpages, compare_ratings, course_rating, design_counts,
                    diagnostic_summary, jama_score, label_sides, map_groups, map_summary, marker_size, page,
                    page_html, pct, predictive_values, pts, rating_summary, reasons_html, rtm_box_text,
                    rtm_summary, simulate_trial, studies, study_card, table_html, two_by_two, webpages)

_LAZY = {
    "figures": ("rtm_figure", "update_rtm_figure", "evidence_map_figure", "select_study",
                "filter_map", "diagnostic_figure", "update_diagnostic_figure", "rating_figure",
                "update_rating_figure"),
    "tools": ("rtm_simulator", "evidence_map", "diagnostic_playground", "webpage_rater",
              "RtmSimulator", "EvidenceMap", "DiagnosticPlayground", "WebpageRater"),
}
__getattr__, __dir__, _LAZY_NAMES = exports(__name__, _LAZY)

__all__ = [name for name in globals() if not name.startswith("_") and name not in ("annotations", "model", "exports")]
__all__ += _LAZY_NAMES
