"""Feedback that shows students their results, never the hidden tests or the mark scheme.

nbgrader's feedback is the autograded notebook as HTML: each test cell appears with the source
nbgrader restored from the gradebook, hidden tests included, and each written task with its
mark scheme and model answer. :class:`HideInstructorOnly` (in ``GenerateFeedback.preprocessors``,
see nbgrader_config.py) removes, in the feedback only:

- the ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` region of every cell;
- the ``=== BEGIN MARK SCHEME ===`` ... ``=== END MARK SCHEME ===`` region of every cell;
- from the outputs of test cells: tracebacks (which quote source lines) become their one-line
  message, and any line quoting the hidden code (``grade(...)``, ``key=``) is dropped.

The verdicts printed by ``grade()`` ("q1: not correct. 0 of 1 point.") and the messages of
``check()`` stay: they never contain the key. Scores are unchanged (they come from the gradebook).
"""

from __future__ import annotations

import re
from pathlib import Path

from nbgrader.preprocessors import NbGraderPreprocessor

REGIONS = (("BEGIN HIDDEN TESTS", "END HIDDEN TESTS"), ("BEGIN MARK SCHEME", "END MARK SCHEME"))
# Text that must never reach a student: the hidden call and the key argument.
FORBIDDEN = re.compile(r"\bgrade\s*\(|\bkey\s*=|HIDDEN TESTS|MARK SCHEME")


def strip_regions(source: str) -> tuple[str, list[str]]:
    """(source without hidden-test and mark-scheme regions, the removed lines)."""
    kept, removed, inside = [], [], None
    for line in source.split("\n"):
        if inside is None:
            start = next((r for r in REGIONS if r[0] in line), None)
            if start:
                inside = start[1]
                removed.append(line)
            else:
                kept.append(line)
        else:
            removed.append(line)
            if inside in line:
                inside = None
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept), removed


def _clean_text(text: str, hidden: list[str]) -> str:
    keep = []
    for line in text.split("\n"):
        if FORBIDDEN.search(line) or any(h in line for h in hidden):
            continue
        keep.append(line)
    return "\n".join(keep)


def _is_grade(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


class HideInstructorOnly(NbGraderPreprocessor):
    """Strip hidden tests and mark schemes from the feedback (see the module doc)."""

    def preprocess_cell(self, cell, resources, index):
        source, removed = strip_regions(cell.get("source", ""))
        cell.source = source
        if cell.get("cell_type") != "code" or not _is_grade(cell):
            return cell, resources
        hidden = [x.strip() for x in removed if len(x.strip()) > 3]
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "stream":
                out["text"] = _clean_text(out.get("text", ""), hidden)
            elif kind == "error":
                plain = [x for x in out.get("traceback", []) if x.startswith("\u2717")]
                evalue = _clean_text(str(out.get("evalue", "")), hidden)
                out["evalue"] = evalue
                out["traceback"] = [_clean_text(x, hidden) for x in plain] or [f"\u2717 {out.get('ename', 'Error')}: {evalue}"]
            elif kind in ("execute_result", "display_data"):
                data = out.get("data", {})
                for mime in list(data):
                    if isinstance(data[mime], str) and mime.startswith("text/"):
                        data[mime] = _clean_text(data[mime], hidden)
        return cell, resources


# In a rendered page: a hidden grade("q1", key=...) call, or a region's delimiter.
_LEAK = re.compile(r"""\bgrade\s*\(\s*["'][^"']*["']\s*,\s*key\s*=|HIDDEN TESTS|MARK SCHEME""")


def leaks(html: str) -> list[str]:
    """Lines of a feedback page that would show hidden tests or a mark scheme (should be none)."""
    import html as _html

    text = _html.unescape(re.sub(r"<[^>]+>", "", html))
    return [line.strip() for line in text.splitlines() if _LEAK.search(line)]


def check_folder(folder: Path) -> dict[str, list[str]]:
    """{feedback file: leaking lines} for every HTML file under ``folder``."""
    found = {}
    for page in sorted(Path(folder).rglob("*.html")):
        bad = leaks(page.read_text(encoding="utf-8", errors="replace"))
        if bad:
            found[str(page)] = bad
    return found
