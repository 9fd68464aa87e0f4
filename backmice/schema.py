"""One loader for the course's data files: YAML checked against a JSON Schema, then frozen dataclasses.

Each data file ``assets/<folder>/<name>.yaml`` may have a schema ``assets/schemas/<name>.schema.json``
(JSON Schema draft 2020-12; jsonschema is already a pinned dependency of JupyterLab). A file that
breaks its schema is refused with a plain message naming the file, the place in it and the
problem, e.g. ``diagnosis_tests.yaml, tests/2/sensitivity: 1.4 is greater than the maximum of 1``.
Checks a schema cannot express (a key that must exist in references.bib, ranks in order) stay in
the topic's ``model.py``, after the schema has passed.

A file that has passed is remembered by a digest of its text and its schema's (an empty file
under ``paths.cache_dir()/schema-ok``), and the same pair is not checked again: importing
jsonschema (with the format libraries it pulls in) costs about 0.1 s, a tenth of a lesson's
run-all budget, in every lesson that loads data. Any change to the file or its schema is a new
digest, so it is checked (and refused if broken) before it is used. If the cache cannot be
written (a read-only home, the grading sandbox), every load checks, as before.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import typing
from functools import lru_cache
from pathlib import Path

from . import paths


@lru_cache(maxsize=None)
def _validator(name: str):
    import jsonschema

    path = paths.assets() / "schemas" / f"{name}.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _where(error) -> str:
    return "/".join(str(p) for p in error.absolute_path) or "(top level)"


def check(data, name: str, filename: str | None = None) -> None:
    """Raise ValueError naming every way ``data`` breaks the schema ``assets/schemas/<name>.schema.json``."""
    errors = sorted(_validator(name).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        shown = "; ".join(f"{_where(e)}: {e.message}" for e in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        raise ValueError(f"{filename or name + '.yaml'}, {shown}{more}")


def load(relative: str, name: str | None = None):
    """Read ``assets/<relative>`` (YAML) and check it against its schema (named after the file's stem
    unless ``name`` is given), unless this very text already passed this very schema. Returns the
    parsed data."""
    path = paths.assets() / relative
    name = name or Path(relative).stem
    text = path.read_text(encoding="utf-8")
    data = paths.parse_yaml(text, path.name)
    stamp = _stamp(name, text)
    if stamp is None or not stamp.exists():
        check(data, name, Path(relative).name)
        _remember(stamp)
    return data


_STAMP_VERSION = b"backmice schema-ok 1\0"  # change it to forget every stamp at once


def _stamp(name: str, text: str) -> Path | None:
    """The cache file that says ``text`` passed schema ``name``; None if the schema is unreadable
    (then ``check`` reports it)."""
    try:
        schema_bytes = (paths.assets() / "schemas" / f"{name}.schema.json").read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(_STAMP_VERSION + schema_bytes + b"\0" + text.encode("utf-8")).hexdigest()
    try:
        return paths.cache_dir() / "schema-ok" / f"{name}-{digest}"
    except (RuntimeError, KeyError):  # no home folder to find (a bare sandbox): check every time
        return None


def _remember(stamp: Path | None) -> None:
    if stamp is None:
        return
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    except OSError:  # a read-only cache only means checking again next time
        pass


def build(cls, row: dict, **extra):
    """A frozen dataclass ``cls`` from a validated mapping: keys the class does not name are left
    out; list values become tuples for fields typed as tuples."""
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in extra:
            kwargs[f.name] = extra[f.name]
        elif f.name in row:
            value = row[f.name]
            if isinstance(value, list) and typing.get_origin(hints.get(f.name)) is tuple:
                value = tuple(value)
            kwargs[f.name] = value
    return cls(**kwargs)
