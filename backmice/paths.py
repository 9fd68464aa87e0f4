"""Where the course's files are."""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
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


def read_yaml(path: Path):
    """Parse a course YAML file with PyYAML's C loader when present (10 to 20 times faster than
    the pure-Python one: it decides how long a lesson takes to load). Malformed YAML raises
    ValueError naming the file."""
    return parse_yaml(Path(path).read_text(encoding="utf-8"), Path(path).name)


def parse_yaml(text: str, filename: str):
    """``read_yaml`` for text already read (``filename`` names it in the error).

    What a text parsed to is kept in ``cache_dir()/yaml``, named by a digest of the text: even with
    the C loader, PyYAML builds the objects in Python (4-20 ms per file, 30-80 ms of a lesson's
    first cells, measured under cProfile in the kernel), reading it back takes about 0.1 ms. Any
    edit is a new digest, so it is parsed (and refused if broken) before it is used. Kept with
    ``marshal`` (plain values only; loading it never runs code, unlike pickle); a result marshal
    cannot hold, or a cache that cannot be read or written (a read-only home, the grading
    sandbox), just means parsing every time.
    """
    cached = _yaml_cache_file(text)
    if cached is not None:
        try:
            return marshal.loads(cached.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            pass
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise ValueError(f"{filename}: not valid YAML ({exc})") from None
    if cached is not None:
        try:
            write_cache_file(cached, marshal.dumps(data))
        except ValueError:  # a value marshal cannot hold (a date, say): not kept
            pass
    return data


# marshal's format belongs to the Python version; a new version of this tag forgets every entry
_YAML_CACHE_TAG = f"backmice yaml 1 python {sys.version_info[0]}.{sys.version_info[1]}\0".encode()


def _yaml_cache_file(text: str) -> Path | None:
    try:
        folder = cache_dir() / "yaml"
    except (RuntimeError, KeyError):  # no home folder to find (a bare sandbox)
        return None
    return folder / (hashlib.sha256(_YAML_CACHE_TAG + text.encode("utf-8")).hexdigest() + ".marshal")


def write_cache_file(path: Path, blob: bytes) -> bool:
    """Write ``blob`` to a file in the cache folder, whole or not at all (a reader never sees half a
    file: written beside it, then renamed). False if it could not be written (a read-only cache
    only means computing again next time)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(blob)
        os.replace(tmp, path)
        return True
    except OSError:
        return False


def cache_dir() -> Path:
    """Where the course keeps what it can recompute (``BACKMICE_CACHE_DIR``, else the user's cache
    folder: ``$XDG_CACHE_HOME/backmice`` or ``~/.cache/backmice``). Never holds a student's work."""
    explicit = os.environ.get("BACKMICE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "backmice"
