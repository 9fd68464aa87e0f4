"""Which question each graded item belongs to, in words (for the class report).

In the instructor's source notebook a test cell (``q1_test``) follows its answer cell, which
follows the question (a markdown cell); a written task (``q6_task``) is itself the question.
:func:`prompts` returns, for every graded cell id, the question's heading ("Question 1"), its
first words ("The only randomised controlled trial in this field compared...") and its whole
text (markdown, with mark schemes and hidden tests left out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .feedback import strip_regions

WORDS = 10


@dataclass(frozen=True)
class Question:
    cell: str           # the graded cell's id (q1_test)
    heading: str        # "Question 1", or "" when the prompt has no heading
    words: str          # the first words of the prompt, plain text
    text: str           # the whole prompt (markdown), without mark schemes

    @property
    def label(self) -> str:
        """What the report shows: 'Question 1: The only randomised ...'."""
        return f"{self.heading}: {self.words}" if self.heading else self.words


def _plain(markdown: str) -> str:
    text = re.sub(r"<[^>]+>", " ", markdown)                       # html (and <!--w--> marks)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)              # images
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)           # links: keep their words
    text = re.sub(r"[*_`>#|]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def describe(cell_id: str, markdown: str, words: int = WORDS) -> Question:
    text, _ = strip_regions(markdown)
    lines = text.strip().splitlines()
    heading = ""
    if lines and lines[0].lstrip().startswith("#"):
        heading = re.sub(r"\s*\(.*\)\s*$", "", _plain(lines[0]))   # "Question 1 (1 point)" -> "Question 1"
        lines = lines[1:]
    body = _plain("\n".join(lines))
    cut = body.split(" ")
    first = " ".join(cut[:words]) + (" ..." if len(cut) > words else "")
    return Question(cell_id, heading, first, text.strip())


def from_notebook(nb) -> dict[str, Question]:
    """{graded cell id: Question} for one source notebook."""
    out, prompt = {}, None
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        gid = meta.get("grade_id")
        source = cell.get("source", "")
        if cell.get("cell_type") == "markdown":
            if meta.get("task") or (meta.get("grade") and gid):
                out[gid] = describe(gid, source)        # a written task is its own question
                prompt = None
            elif source.strip():
                prompt = source
        elif meta.get("grade") and gid:
            out[gid] = describe(gid, prompt or "")
    return out


def prompts(notebooks: list[Path]) -> dict[str, Question]:
    """{graded cell id: Question} over an assignment's source notebooks (unreadable ones skipped)."""
    out = {}
    for path in notebooks:
        try:
            nb = nbformat.read(str(path), as_version=4)
        except Exception:
            continue
        out.update(from_notebook(nb))
    return out
