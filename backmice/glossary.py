"""The course glossary: one YAML file per lesson in ``assets/glossary/`` (the terms that lesson
introduces), each entry ``term``, ``definition`` and optionally ``aliases`` and ``refs``.

``show(lesson)`` lists a lesson's key terms; ``show()`` the whole glossary, A to Z.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from . import paths


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    lesson: str
    aliases: tuple[str, ...] = field(default=())
    refs: tuple[str, ...] = field(default=())


def _read(path: Path) -> list[Term]:
    data = paths.read_yaml(path) or []
    if not isinstance(data, list):
        raise ValueError(f"{path.name}: expected a list of terms")
    terms = []
    for i, raw in enumerate(data, 1):
        if not isinstance(raw, dict) or not raw.get("term") or not raw.get("definition"):
            raise ValueError(f"{path.name}: entry {i} needs a term and a definition")
        unknown = set(raw) - {"term", "definition", "aliases", "refs"}
        if unknown:
            raise ValueError(f"{path.name}: entry {raw['term']!r} has unknown fields {sorted(unknown)}")
        terms.append(Term(str(raw["term"]), str(raw["definition"]).strip(), path.stem,
                          tuple(raw.get("aliases") or ()), tuple(raw.get("refs") or ())))
    return terms


def load(lesson: str | None = None) -> list[Term]:
    """Terms of one lesson (file order) or of every lesson (A to Z)."""
    folder = paths.assets() / "glossary"
    if lesson is not None:
        return _read(folder / f"{lesson}.yaml")
    terms = [t for p in sorted(folder.glob("*.yaml")) for t in _read(p)]
    return sorted(terms, key=lambda t: t.term.lower())


def to_html(terms: list[Term]) -> str:
    rows = []
    for t in terms:
        refs = "".join(f" [@{html.escape(r)}]" for r in t.refs)
        # JupyterLab floats <dt> into a narrow column; keep each term on its own full line
        rows.append(f"<dt style='float:none;width:auto'><b>{html.escape(t.term)}</b></dt>"
                    f"<dd style='margin:0 0 .6em 1.5em'>{html.escape(t.definition)}{refs}</dd>")
    return "<dl class='bm-glossary'>" + "".join(rows) + "</dl>"


def show(lesson: str | None = None) -> None:
    from . import static  # the website: anchors per term, citations written out

    if static.active():
        return static.show_glossary(lesson)
    from IPython.display import HTML, display

    display(HTML(to_html(load(lesson))))
