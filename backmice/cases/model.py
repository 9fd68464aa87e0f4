"""The virtual patients' model (lessons 03 and 04): fictional cases in ``assets/cases/*.yaml``. Pure.

Each file is checked by ``assets/schemas/case.schema.json``; what a schema cannot say is checked
here: a case's id is its file name, ``decision.best`` is a level id of the course's urgency scale
(:mod:`backmice.urgency`), and ``decision.feedback`` has an entry for every level.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache

from .. import paths, schema, urgency
from ..quiz import inline_markdown

DECISIONS = tuple(urgency.choices())  # (name, level id), fastest first
VERDICTS = {"best": "\u2713 Best choice.", "other": "\u2717 Not the best choice."}


@dataclass(frozen=True)
class Step:
    """One step of a case's history or examination, revealed in turn."""
    title: str
    text: str


@dataclass(frozen=True)
class Decision:
    """The best level of the urgency scale, and the feedback on every level."""
    best: str        # a level id of the urgency scale
    feedback: dict   # level id -> what the learner reads after choosing it (every level has one)


@dataclass(frozen=True)
class Case:
    """A fictional virtual patient, as in its file ``assets/cases/<id>.yaml``."""
    id: str
    family: str      # the red-flag family it teaches (or 'none')
    title: str
    intro: str
    steps: tuple[Step, ...]
    decision: Decision
    debrief: str
    refs: tuple[str, ...]


def _check(case: dict, filename: str, stem: str) -> None:
    """The checks a schema cannot express."""
    if case["id"] != stem:
        raise ValueError(f"{filename}: id must be {stem}")
    ids = [v for _, v in DECISIONS]
    if case["decision"]["best"] not in ids:
        raise ValueError(f"{filename}: the best decision must be a level of the urgency scale: {', '.join(ids)}")
    if set(case["decision"]["feedback"]) != set(ids):
        raise ValueError(f"{filename}: give feedback for every level of the urgency scale: {', '.join(ids)}")


@lru_cache(maxsize=1)
def load() -> dict[str, Case]:
    """Every case, by id (file order: alphabetical by file name)."""
    cases = {}
    for path in sorted((paths.assets() / "cases").glob("*.yaml")):
        raw = schema.load(f"cases/{path.name}", "case")
        _check(raw, path.name, path.stem)
        cases[raw["id"]] = schema.build(Case, raw, steps=tuple(schema.build(Step, s) for s in raw["steps"]),
                                        decision=schema.build(Decision, raw["decision"]))
    return cases


def _text(s: str) -> str:
    return inline_markdown(" ".join(str(s).split()))


def step_html(case: Case, shown: int) -> str:
    """The first ``shown`` steps of a case."""
    parts = [f"<p><b>{html.escape(case.title)}</b> <small>(fictional teaching case; details are "
             f"illustrative)</small><br><i>{_text(case.intro)}</i></p>"]
    for i, step in enumerate(case.steps[:shown], 1):
        parts.append(f"<p><b>Step {i}. {html.escape(step.title)}.</b> {_text(step.text)}</p>")
    return "<div style='border-left:4px solid #0072B2;padding:4px 10px'>" + "".join(parts) + "</div>"


def decide(case: Case, choice: str) -> tuple[bool, str]:
    """(best?, feedback) for a decision, with the case's debrief."""
    feedback = case.decision.feedback
    if choice not in feedback:
        raise ValueError(f"choose one of {', '.join(feedback)}")
    best = choice == case.decision.best
    text = " ".join(feedback[choice].split())
    return best, f"{VERDICTS['best' if best else 'other']} {text[:1].upper()}{text[1:]}"


def debrief_html(case: Case, choice: str) -> str:
    best, verdict = decide(case, choice)
    return (f"<div role='status' aria-live='polite'><p><b>{html.escape(verdict)}</b></p>"
            f"<p><b>Debrief.</b> {_text(case.debrief)}</p></div>")
