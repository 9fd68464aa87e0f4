"""Back Mice: the logic behind an interactive course on episacral lipoma / lumbar fascial fat
herniation ("back mice"). Notebooks stay thin: they hold the narrative and call into these rooms.

Lesson by lesson (each topic is a package: ``model`` holds the data and pure functions and never
imports plotly or ipywidgets, ``figures`` the plotly drawings, ``tools`` the interactive tools,
each a :class:`backmice.widgets.Tool`):

- 00 start here: ``intro`` (names explorer, evidence figure, course map), ``progress_view``
- 01 fascia anatomy: ``anatomy`` (layer explorer, landmark map, find the structure)
- 02 herniation mechanics: ``mechanics`` (hernia parts, Laplace explorer, simulator, regime map)
- 03 presentation and palpation: ``diagnosis`` (presentation figure), ``record`` (nodule record
  builder), ``cases`` (virtual patients)
- 04 differential diagnosis and red flags: ``diagnosis`` (explorer, post-test tool, red-flag
  figure, triage), ``cases``, ``urgency`` (the course's one referral-urgency scale)
- 05 evidence appraisal: ``evidence`` (evidence map, diagnostic playground, regression to the
  mean, web-page rater)
- 06 management and referral: ``management`` (options, scope, body chart, referral letter),
  ``urgency``

Shared cores, written once:

- ``body``: the one PSIS, pelvis outline and "3 cm lateral to the left PSIS" wording
- ``accuracy``: likelihood ratios, odds, post-test probability, predictive values
- ``references``: citations (``[@key]``, short citations, reference lists); ``glossary``: terms
- ``schema``: data files checked by JSON Schemas in ``assets/schemas``, then frozen dataclasses
- ``widgets``: the ``Tool`` base class and the one shape of every tool; ``style``: the plotly theme
- ``urgency``: the referral-urgency scale (``assets/data/urgency.yaml``), by level id
- ``quiz``: self-checks from ``assets/quizzes/``; ``progress``: the learner's attempts (a store)
- ``paths``: where the course's files are

Grading: ``grading`` (reading and scoring typed answers in nbgrader test cells; standard library
only), ``typed`` and ``nbgrader_guard`` (re-scoring in the grader's process), ``authoring``
(assignment cells), ``release`` (``assignments/`` from ``solutions/``), and the instructor's
``instructor`` package (``backmice-course``).

Importing the package itself is cheap; each module imports what it needs.
"""

__version__ = "0.1.0"
