"""One loader for the course's data files: YAML checked against a JSON Schema, then frozen dataclasses.

Each data file ``assets/<folder>/<name>.yaml`` may have a schema ``assets/schemas/<name>.schema.json``
(JSON Schema draft 2020-12; jsonschema is already a pinned dependency of JupyterLab). A file that
breaks its schema is refused with a plain message naming the file, the place in it and the
problem, e.g. ``diagnosis_tests.yaml, tests/2/sensitivity: 1.4 is greater than the maximum of 1``.
Checks a schema cannot express (a key that must exist in references.bib, ranks in order) stay in
the topic's ``model.py``, after the schema has passed.
"""

from __future__ import annotations

import dataclasses
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
    unless ``name`` is given). Returns the parsed data."""
    path = paths.assets() / relative
    data = paths.read_yaml(path)
    check(data, name or Path(relative).stem, Path(relative).name)
    return data


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
