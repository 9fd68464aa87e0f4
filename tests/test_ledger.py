"""The claim ledger (docs/ledger/*.yaml) covers every citation a student reads.

Each `[@key]` in a lesson or assignment and each key in a `refs:` list (quizzes, glossaries, data,
cases) needs a ledger entry for the same file and key: the record that someone opened the source
and checked the sentence against it. See docs/ledger/README.md.
"""

from __future__ import annotations

import json
import re

import pytest

from backmice import paths, references
from conftest import ROOT

LEDGER = ROOT / "docs" / "ledger"
BIB = references.parse_bib((ROOT / "assets" / "references.bib").read_text(encoding="utf-8"))
VERDICTS = {"confirmed", "changed", "softened", "removed"}
FIELDS = ("file", "at", "claim", "key", "source_says", "where", "verdict")
LESSONS = sorted(p.stem for p in (ROOT / "lessons").glob("*.ipynb"))


def _entries():
    out = []
    for path in sorted(LEDGER.glob("*.yaml")):
        data = paths.read_yaml(path)
        for i, e in enumerate(data.get("entries") or []):
            out.append((path.name, i, e))
    return out


def test_one_ledger_per_lesson():
    assert sorted(p.stem for p in LEDGER.glob("*.yaml")) == LESSONS


@pytest.mark.parametrize("lesson", LESSONS)
def test_ledger_entries_are_well_formed(lesson):
    data = paths.read_yaml(LEDGER / f"{lesson}.yaml")
    assert data.get("lesson") == lesson and data.get("audited")
    assert data.get("entries"), f"{lesson}: no entries"
    for i, e in enumerate(data["entries"]):
        where = f"{lesson}.yaml entry {i + 1}"
        missing = [f for f in FIELDS if not str(e.get(f) or "").strip()]
        assert not missing, f"{where} lacks {missing}"
        assert e["verdict"] in VERDICTS, f"{where}: verdict {e['verdict']!r}"
        assert e["key"] in BIB, f"{where}: unknown key {e['key']!r}"
        assert (ROOT / e["file"]).is_file(), f"{where}: no file {e['file']!r}"


def _yaml_keys(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "refs" and isinstance(v, list):
                yield from (str(x) for x in v)
            else:
                yield from _yaml_keys(v)
    elif isinstance(node, list):
        for v in node:
            yield from _yaml_keys(v)
    elif isinstance(node, str):
        yield from references.cited_keys(node)


def _citations():
    """(file, key) for every citation a student can read."""
    pairs = set()
    for nb in sorted((ROOT / "lessons").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*/*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells)
        rel = str(nb.relative_to(ROOT))
        pairs |= {(rel, k) for k in references.cited_keys(text)}
        pairs |= {(rel, k) for m in re.finditer(r"refs\s*=\s*[\[(]([^\])]*)[\])]", text)
                  for k in re.findall(r"['\"]([A-Za-z0-9_:\-]+)['\"]", m.group(1))}
    for y in sorted((ROOT / "assets").glob("*/*.yaml")):
        rel = str(y.relative_to(ROOT))
        pairs |= {(rel, k) for k in _yaml_keys(paths.read_yaml(y))}
    return pairs


def test_every_citation_has_a_ledger_entry():
    covered = {(e["file"], e["key"]) for _, _, e in _entries()}
    missing = sorted(_citations() - covered)
    assert not missing, (f"{len(missing)} citations have no ledger entry (docs/ledger/README.md), e.g.:\n"
                         + "\n".join(f"  {f}: {k}" for f, k in missing[:40]))
