"""Where the course's files are."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


def _is_root(path: Path) -> bool:
    return (path / "assets").is_dir() and (path / "lessons").is_dir()


@lru_cache(maxsize=None)
def course_root() -> Path:
    """The course folder (the one holding assets/ and lessons/).

    ``BACKMICE_ROOT`` wins; then the folders above the current directory (a lesson runs in
    lessons/, a graded notebook in autograded/<student>/<assignment>/); then the folder above
    this package (an editable install, as `make lab` and Binder do it).
    """
    env = os.environ.get("BACKMICE_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if _is_root(folder):
            return folder
    package_parent = Path(__file__).resolve().parent.parent
    if _is_root(package_parent):
        return package_parent
    raise FileNotFoundError(
        "The course files (assets/ and lessons/) were not found. Open the notebooks from the "
        "course folder, or set BACKMICE_ROOT to it.")


def assets() -> Path:
    return course_root() / "assets"


def lesson_path(lesson: str) -> Path:
    """lessons/<lesson>.ipynb for a lesson id such as '00_start_here'."""
    return course_root() / "lessons" / f"{lesson}.ipynb"
