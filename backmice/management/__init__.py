"""Lesson 06 (management, scope of practice and referral): data, pure functions and three tools.

Lesson 06 calls:

- ``management.options_explorer()``: **Options at a glance**, every management option placed by
  how invasive it is and how strong its evidence is, with who provides it; filterable.
- ``management.show_scope_examples()``: the scope-of-practice examples, as a table.
- ``chart = management.body_chart(example=True)``: the **body chart**, a schematic posterior view
  of the low back and pelvis (the course's one body, :mod:`backmice.body`). A click (or the keyboard
  inputs and *Add nodule*) marks a nodule; the tool reports its position from the nearer PSIS and
  fills the objective part of a SOAP note.
- ``management.letter_builder(chart)``: the **referral letter builder**, a letter from the nodules
  on the chart and, for each warning feature, whether it is present, absent or was not asked about
  (never 'absent' by default); the student edits, checks, downloads or saves it.

Where things are:

- :mod:`.model`: the data files (checked by ``assets/schemas/management_*.schema.json``), the
  options' filters, nodules, the SOAP note, the scope table. No plots, no widgets.
- :mod:`.letter`: the referral letter, its urgency (a level of :mod:`backmice.urgency`) and checks.
- :mod:`.figures`: the plotly options chart and body chart.
- :mod:`.tools`: the three tools (:class:`backmice.widgets.Tool` subclasses) and their factories.

The model's and the letter's names are imported here at once; the figures' and tools' names on
first use (PEP 562), so importing the model never imports plotly or ipywidgets.
"""

from __future__ import annotations

from ..lazy import exports
from .letter import (ANSWERS, CARE, DIAGNOSIS_CLAIMS, DIAGNOSTIC_WORDS, IMPRESSION_PROMPT, LONG_LETTER_WORDS,
                     PROFESSIONS, QUESTIONS, LetterInput, build_letter, check_html, check_letter, data_uri,
                     download_link_html, letter_summary, profession_kind, save_letter, suggest_urgency,
                     suggestion_html, today)
from .model import (EVIDENCE_LEVELS, EXAMPLE_NODULE, FAMILIES, FAMILY_SHORT, FEELS, GRID_STEP, INVASIVENESS,
                    PALPATION_POSITION, PROVIDERS, PSIS, PSIS_X, X_RANGE, Y_RANGE, BodyChart, Nodule, Option,
                    Position, RedFlag, ScopeExample, chart_point, chart_summary, cite_html, cite_text,
                    describe_nodule, family_levels, filter_options, on_grid, option_card, options,
                    options_summary, position_text, red_flags, relative_to_psis, scope_examples,
                    scope_table_html, short_cite, show_scope_examples, snap, soap_html, soap_note,
                    soap_objective)

_LAZY = {
    "figures": ("options_figure", "fill_options_figure", "option_label", "body_chart_figure",
                "draw_nodules", "grid", "outline_shapes", "PROVIDER_SYMBOL"),
    "tools": ("OptionsExplorer", "BodyChartTool", "LetterBuilder", "options_explorer",
              "body_chart", "letter_builder"),
}
__getattr__, __dir__, _LAZY_NAMES = exports(__name__, _LAZY)

