"""The instructor's side of the course: one command for a whole class (``backmice-course``).

Modules (each small, each documented):

- ``cli``: the ``backmice-course`` command (roster, release, collect, grade, feedback, extend,
  export, report, variant); its ``--help`` is the recipe.
- ``course``: where the course is, its nbgrader configuration, its submissions.
- ``batch``: grading many submissions in parallel, each under a hard time limit, with a progress bar.
- ``job``: ``GradingJob``, one submission to grade, as the batch hands it to a grader (typed; JSON
  across the fork server).
- ``worker``: grading one submission (nbgrader's own Autograde converter, so the course's
  preprocessors apply) into a private gradebook, and naming what went wrong.
- ``sandbox``: every kernel that runs a student's code while grading runs in a bubblewrap sandbox
  (read-only environment, nothing of the course visible, no network, limits); set in
  ``nbgrader_config.py`` so plain ``nbgrader autograde`` uses it too.
- ``forkserver``: a single-threaded server that forks one warmed-up grader per submission.
- ``procs``: process groups and killing a submission's whole process tree (the process table
  through psutil).
- ``gradebook``: private gradebook copies, writing results into the course gradebook without
  losing manual grades, the record of which submissions need attention, and what waits for
  hand-grading (the one count, for the summary, the export and the report).
- ``feedback``: feedback that never shows hidden tests or mark schemes (``strip_regions``: the
  one place those regions are cut out).
- ``itemstats`` (pure maths) and ``report`` (plotly figures in ``templates/report.html.j2``, a
  Jinja2 template with autoescape): the class report.
- ``variants``: re-keyed variants of an assignment from a seed.
- ``exchange``: nbgrader's file exchange (release, collect, feedback) for a JupyterHub class.
- ``export``: grades.csv with a status for every row.
- ``roster``: the class list (names, emails, LMS and SIS ids, sections), imported all or nothing.
- ``lms``: the grade-import files of Canvas, Moodle, Blackboard and Brightspace (D2L), never a silent 0.
- ``latework``: due dates, late deductions with a cap and a grace period, and extensions.
- ``questions``: each graded item's question in words, for the report.
- ``synthetic``: a believable class with exact expected scores (tests, ``bench/grading.py``, a dry run).
"""
