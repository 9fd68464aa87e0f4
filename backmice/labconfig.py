"""How JupyterLab is started for the course: the student's lab and the instructor's.

One place decides which server and front-end extensions a student's JupyterLab loads and what
the instructor's switch adds back, so `make lab`, `python -m backmice lab`, the browser tests and
`make bench` all start the same JupyterLab. Standard library only: `python -m backmice lab`
imports this before the course's environment exists.
"""

from __future__ import annotations


def lab_args(instructor: bool = False) -> list[str]:
    """Extra command-line arguments for `jupyter lab` (student: the default)."""
    return []


def lab_env(instructor: bool = False) -> dict[str, str]:
    """Extra environment variables for the JupyterLab process."""
    return {}
