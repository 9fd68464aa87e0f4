"""A synthetic class: believable submissions for any assignment, with the exact expected scores.

For tests, the benchmark (``bench/grading.py``) and an instructor's dry run before term. Each
student has an ability (0..1); on each item they type the key with that probability, otherwise a
plausible wrong answer (another option, a shuffled order, a wrong pairing, a wrong number), and
now and then nothing. The expected score of every test cell is computed from the typed answers
with the same pure functions the grader uses (:func:`backmice.nbgrader_guard.typed_score`).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import nbformat

from backmice import grading, typed

LETTERS = grading.LETTERS


def _items(nb) -> list[tuple[str, typed.Item]]:
    """(test cell grade id, item) for every backmice item of a notebook, in order."""
    out = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            try:
                out += [(meta["grade_id"], i) for i in typed.parse_test_cell(cell.source) if i.has_check]
            except ValueError:
                pass
    return out


def _answer(item: typed.Item, key, right: bool, rng: random.Random):
    """A typed value for ``item``: the key, or a plausible wrong answer."""
    kind, spec = item.kind, item.spec
    if right:
        if kind == "number":
            return key
        return key if isinstance(key, str) else ", ".join(f"{k}{v}" for k, v in sorted(key.items()))
    if kind == "number":
        return key + rng.choice([-2, -1, 1, 2]) * max(1, abs(key) * 0.1) + 3 * (spec.get("tol") or 0)
    n = spec["options"] if isinstance(spec.get("options"), int) else len(spec.get("options") or spec.get("right"))
    letters = list(LETTERS[:n])
    if kind == "choice":
        return rng.choice(letters)
    if kind == "multi":
        return ", ".join(sorted(rng.sample(letters, rng.randint(1, n))))
    if kind == "order":
        rng.shuffle(letters)
        return ", ".join(letters)
    if kind == "match":
        return ", ".join(f"{i + 1}{rng.choice(letters)}" for i in range(len(spec["left"])))
    raise ValueError(kind)


def expected_points(item: typed.Item, value) -> float:
    from backmice.nbgrader_guard import typed_score

    return typed_score(item, value)[0]


def submission(release_nb, source_nb, ability: float, rng: random.Random, blank: float = 0.05):
    """(a filled-in copy of the release notebook, {test cell: expected score}, {item: typed value})."""
    nb = nbformat.from_dict(json.loads(json.dumps(release_nb)))
    answers, expected, typed_values = {}, {}, {}
    for gid, item in _items(source_nb):
        key = grading.read_answer(item.kind, item.key, name="key", **item.spec)
        if item.kind == "multi":
            key = ", ".join(key)
        elif item.kind == "order":
            key = ", ".join(key)
        elif item.kind == "number":
            key = item.key
        value = typed.MISSING if rng.random() < blank else _answer(item, key, rng.random() < ability, rng)
        typed_values[item.name] = value
        if value is not typed.MISSING:
            answers[item.name] = f"{item.name} = {json.dumps(value)}"
        expected[gid] = round(expected.get(gid, 0.0) + expected_points(item, value), 2)
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("solution"):
            first = cell.source.split("\n", 1)[0]
            name = first.split("=", 1)[0].strip()
            if name in answers:
                cell.source = answers[name]
    return nb, expected, typed_values


def make_class(root: Path, assignment: str, students: list[str], seed: int = 0,
               release_dir: str = "assignments", source_dir: str = "solutions",
               submitted_dir: str = "submitted") -> dict[str, dict]:
    """Write a submission for each student; returns {student: {"expected": {cell: score},
    "typed": {item: value}}} (one notebook assignments only)."""
    rng = random.Random(seed)
    release_path = next((Path(root) / release_dir / assignment).glob("*.ipynb"))
    source_nb = nbformat.read(str(Path(root) / source_dir / assignment / release_path.name), as_version=4)
    release_nb = nbformat.read(str(release_path), as_version=4)
    out = {}
    for student in students:
        nb, expected, values = submission(release_nb, source_nb, rng.uniform(0.2, 0.95), rng)
        target = Path(root) / submitted_dir / student / assignment / release_path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(target))
        out[student] = {"expected": expected, "typed": values}
    return out
