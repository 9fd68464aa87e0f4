"""A self-learner's progress: every self-check attempt, kept in a small local JSON file.

The file is ``~/.backmice/progress.json`` unless ``BACKMICE_PROGRESS_FILE`` names another.
It is written atomically (a temporary file, then a rename), so a crash never leaves half a file.
A file that cannot be read is never deleted: it is set aside next to the original under a
``.unreadable-<time>`` name, a fresh record starts, and the learner is told so in plain words.

This module is the store only (no widgets, no plots, no quizzes), so the quiz engine can record
an attempt without an import cycle. The progress view of lesson 00 (``show()``) is in
:mod:`backmice.progress_view`.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

VERSION = 1


def default_path() -> Path:
    env = os.environ.get("BACKMICE_PROGRESS_FILE")
    return Path(env).expanduser() if env else Path.home() / ".backmice" / "progress.json"


@dataclass
class LessonProgress:
    lesson: str
    total: int
    right: int
    tried: int  # tried at least once but never fully right

    @property
    def untried(self) -> int:
        return max(0, self.total - self.right - self.tried)


class ProgressStore:
    """Attempts per lesson and question. ``notice`` holds a message for the learner, if any."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else default_path()
        self.notice: str | None = None
        self.attempts: list[dict] = []
        self._load()

    # -- reading --------------------------------------------------------------------------------
    def _load(self) -> None:
        if not self.path.exists():
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            attempts = data["attempts"]
            if data.get("version") != VERSION or not isinstance(attempts, list):
                raise ValueError("unknown format")
            for a in attempts:
                if not (isinstance(a, dict) and isinstance(a.get("lesson"), str)
                        and isinstance(a.get("question"), str)
                        and isinstance(a.get("score"), (int, float)) and 0 <= a["score"] <= 1):
                    raise ValueError("unknown format")
            self.attempts = attempts
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
            self._set_aside()

    def _set_aside(self) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.stem}.unreadable-{stamp}{self.path.suffix}")
        try:
            os.replace(self.path, aside)
            where = f"It was kept as {aside.name}, next to it."
        except OSError:
            where = "It was left where it is."
        self.attempts = []
        self.notice = (f"Your saved progress ({self.path}) could not be read, so a fresh record "
                       f"has started. {where} Your lessons and answers are not affected.")

    # -- writing --------------------------------------------------------------------------------
    def record(self, lesson: str, question: str, score: float) -> None:
        """Add one attempt (score 0..1) and save. Raises OSError if the file cannot be written."""
        score = min(1.0, max(0.0, float(score)))
        self.attempts.append({"lesson": lesson, "question": question, "score": score,
                              "time": time.strftime("%Y-%m-%dT%H:%M:%S")})
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".progress-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"version": VERSION, "attempts": self.attempts}, fh, indent=1)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    # -- summaries ------------------------------------------------------------------------------
    def best_scores(self, lesson: str) -> dict[str, float]:
        best: dict[str, float] = {}
        for a in self.attempts:
            if a["lesson"] == lesson:
                best[a["question"]] = max(best.get(a["question"], 0.0), a["score"])
        return best

    def summary(self, questions: dict[str, list[str]]) -> list[LessonProgress]:
        """``questions``: lesson -> its question ids (attempts at unknown ids are ignored)."""
        rows = []
        for lesson, ids in questions.items():
            best = self.best_scores(lesson)
            right = sum(1 for q in ids if best.get(q, 0.0) >= 1.0)
            tried = sum(1 for q in ids if q in best and best[q] < 1.0)
            rows.append(LessonProgress(lesson, len(ids), right, tried))
        return rows


_store: ProgressStore | None = None


def store() -> ProgressStore:
    """The learner's store, shared by every quiz in this kernel."""
    global _store
    if _store is None or _store.path != default_path():
        _store = ProgressStore()
    return _store


def reset() -> None:
    """Forget the cached store: the next :func:`store` reads the file again (other lessons may
    have written to it)."""
    global _store
    _store = None


def text_summary(rows: list[LessonProgress]) -> str:
    if not rows:
        return "No self-checks found."
    parts = [f"{r.lesson.replace('_', ' ')}: {r.right} of {r.total} right, {r.tried} tried"
             for r in rows]
    return "; ".join(parts) + "."


def show() -> None:
    """The progress view of lesson 00 (it lives in :mod:`backmice.progress_view`, which reads the
    quizzes; this module stays a pure store that the quiz engine can import)."""
    from .progress_view import show as _show

    _show()
