"""Where the course is and how nbgrader is configured for it.

A course folder holds ``nbgrader_config.py``; nbgrader's configuration is read the way the
``nbgrader`` command reads it (Jupyter's config folders, then the course folder), so every tool
here grades exactly what ``nbgrader autograde`` would.
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from traitlets.config import Config


class CourseError(Exception):
    """The course cannot be used as asked (no configuration, no such assignment...)."""


def find_root(start: Path | None = None) -> Path:
    """The folder holding nbgrader_config.py: ``start`` (default: the current folder) or above."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "nbgrader_config.py").is_file():
            return folder
    raise CourseError(f"no nbgrader_config.py in {here} or any folder above it: "
                      "run this from the course folder, or give --root")


def tools_on_path() -> None:
    """nbgrader shells out to ``alembic`` when it creates a gradebook: make sure this
    interpreter's bin/ is on PATH even when the environment was not activated."""
    bin_dir = str(Path(sys.executable).parent)
    path = os.environ.get("PATH", "")
    if bin_dir not in path.split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + path


def load_config(root: Path) -> Config:
    """nbgrader's configuration as the ``nbgrader`` command sees it from ``root``."""
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config.loader import JSONFileConfigLoader, PyFileConfigLoader

    config = Config()
    for folder in [*reversed(jupyter_config_path()), str(root)]:  # lowest priority first
        for loader in (JSONFileConfigLoader, PyFileConfigLoader):
            name = "nbgrader_config" + (".json" if loader is JSONFileConfigLoader else ".py")
            if os.path.isfile(os.path.join(folder, name)):
                try:
                    config.merge(loader(name, path=folder).load_config())
                except Exception as exc:  # a broken config is the instructor's to fix
                    raise CourseError(f"{os.path.join(folder, name)} cannot be read: {exc}") from exc
    return config


@dataclass
class Course:
    """A course folder with its configuration; ``db_url`` may be overridden (``--db-url``)."""

    root: Path
    config: Config = field(repr=False)
    db_url: str = ""

    @classmethod
    def open(cls, root: Path | None = None, db_url: str | None = None) -> "Course":
        tools_on_path()
        root = find_root(root)
        config = load_config(root)
        cd = config.CourseDirectory
        if "root" in cd:
            root = Path(cd.root).resolve()
        url = db_url or cd.get("db_url") or f"sqlite:///{root / 'gradebook.db'}"
        if db_url:
            config.CourseDirectory.db_url = db_url
        return cls(root=root, config=config, db_url=url)

    # --- names from the configuration -------------------------------------------------------
    def _dir(self, trait: str, default: str) -> str:
        return self.config.CourseDirectory.get(trait, default)

    @property
    def course_id(self) -> str:
        return self.config.CourseDirectory.get("course_id", "")

    @property
    def source_dir(self) -> Path:
        return self.root / self._dir("source_directory", "source")

    @property
    def release_dir(self) -> Path:
        return self.root / self._dir("release_directory", "release")

    @property
    def submitted_dir(self) -> Path:
        return self.root / self._dir("submitted_directory", "submitted")

    @property
    def autograded_dir(self) -> Path:
        return self.root / self._dir("autograded_directory", "autograded")

    @property
    def feedback_dir(self) -> Path:
        return self.root / self._dir("feedback_directory", "feedback")

    @property
    def exchange_root(self) -> str | None:
        return self.config.Exchange.get("root") if "Exchange" in self.config else None

    # --- what is there ----------------------------------------------------------------------
    def source_notebooks(self, assignment: str) -> list[Path]:
        return sorted((self.source_dir / assignment).glob("*.ipynb"))

    def submissions(self, assignment: str) -> list[str]:
        """Student ids with a folder submitted/<student>/<assignment>/."""
        if not self.submitted_dir.is_dir():
            return []
        return sorted(p.name for p in self.submitted_dir.iterdir()
                      if (p / assignment).is_dir() and not p.name.startswith("."))

    def submission_dir(self, student: str, assignment: str) -> Path:
        return self.submitted_dir / student / assignment

    def autograded_path(self, student: str, assignment: str) -> Path:
        return self.autograded_dir / student / assignment

    def nbgrader_env(self) -> dict[str, str]:
        """Environment for nbgrader and its kernels (this interpreter's bin/ first on PATH)."""
        from backmice.release import nbgrader_env

        env = nbgrader_env()
        env.setdefault("JUPYTER_PREFER_ENV_PATH", "1")
        return env

    def nbgrader(self, *args: str, check: bool = False, timeout: float | None = 3600):
        """Run an ``nbgrader`` command in the course folder (with this course's db_url), through
        the course's one runner, :func:`backmice.release.nbgrader`."""
        from backmice.release import nbgrader

        extra = [f"--CourseDirectory.db_url={self.db_url}"] if self.db_url else []
        return nbgrader(*args, *extra, root=self.root, check=check, timeout=timeout, env=self.nbgrader_env())


def fingerprint(folder: Path) -> str:
    """A hash of every file in a submission folder (names and contents)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    return digest.hexdigest()
