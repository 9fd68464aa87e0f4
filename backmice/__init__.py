"""Back Mice: the logic behind an interactive course on episacral lipoma / lumbar fascial fat
herniation ("back mice").

Notebooks stay thin: they hold the narrative and call into these modules.

- ``grading``: reading and scoring typed answers in nbgrader test cells (standard library only)
- ``typed``, ``nbgrader_guard``: re-scoring typed answers in the grader's process
- ``quiz``: self-check questions for lessons, from ``assets/quizzes/``
- ``progress``: a self-learner's quiz attempts, kept in a local file
- ``style``: the course's plotly theme (colour-blind-safe)
- ``references``, ``glossary``: citations from ``assets/references.bib``, terms from ``assets/glossary/``
- ``release``: regenerate ``assignments/`` from ``solutions/``

Importing the package itself is cheap; each module imports what it needs.
"""

__version__ = "0.1.0"
