"""The instructor's side of the course: one command for a whole class (``backmice-course``).

Modules (each small, each documented):

- ``cli``: the ``backmice-course`` command (release, collect, grade, feedback, export, report,
  variant); its ``--help`` is the recipe.
- ``course``: where the course is, its nbgrader configuration, its submissions.
- ``batch``: grading many submissions in parallel, each under a hard time limit, with a progress bar.
- ``worker``: grading one submission (nbgrader's own Autograde converter, so the course's
  preprocessors apply) into a private gradebook, and naming what went wrong.
- ``forkserver``: a single-threaded server that forks one warmed-up grader per submission.
- ``procs``: process groups and killing a submission's whole process tree.
- ``gradebook``: private gradebook copies, writing results into the course gradebook without
  losing manual grades, and the record of which submissions need attention.
- ``feedback``: feedback that never shows hidden tests or mark schemes.
- ``itemstats`` (pure maths) and ``report`` (HTML with plotly): the class report.
- ``variants``: re-keyed variants of an assignment from a seed.
- ``exchange``: nbgrader's file exchange (release, collect, feedback) for a JupyterHub class.
- ``export``: grades.csv with a status for every row.
- ``synthetic``: a believable class with exact expected scores (tests, ``bench/grading.py``, a dry run).
"""
