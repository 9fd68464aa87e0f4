"""Re-keyed variants of an assignment, from a seed (solutions/ is public for self-learners).

``make_variant(solutions/a0_orientation, seed=7)`` writes ``solutions/a0_orientation_v7/``: a
valid nbgrader source in which

- every choice, multi-select and ordering item has its options shuffled, in the question's
  lettered list and in the ``check(options=...)``/``grade(key=...)`` calls, with the key remapped
  (the shuffle is drawn again until the key differs from the original's);
- every matching item has its right-hand options shuffled the same way;
- a number item that *declares* how it may vary gets new numbers drawn and its key recomputed.
  The declaration is optional and explicit (``backmice.authoring.item(..., vary=...)`` writes it):
  the question marks each number as ``<!--width-->3<!--/width-->`` (invisible when rendered) and
  the hidden part of the test cell says::

      # vary: width in 2..5 step 0.5, length in 1..3 step 0.5; key = width * length

  (allowed values low, low+step, ... high; the key is a formula of them, evaluated without running
  code). Number items without a declaration keep their numbers;
- the solution cell of every changed item holds the new key, so the variant's own solution
  scores full marks.

Items are left as they are, with the reason reported, when their options refer to each other
("all of the above", "both A and B") or do not appear as a lettered list in the question.
The same seed always gives the same variant.
"""

from __future__ import annotations

import ast
import json
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from backmice import grading, typed

from .course import CourseError

LETTERS = grading.LETTERS
# options that refer to other options: "all of the above", "option B", "A and C"
_PINNED = re.compile(r"(?i:\b(all|none|both|neither|either)\s+of\s+(the\s+)?(above|these|them|those)\b)"
                     r"|\b(?i:options?|answers?|choices?)\s+[A-Z]\b|\b[A-Z]\s*(,|and|or|&)\s*[A-Z]\b")
_VARY = re.compile(r"#\s*vary:\s*(?P<params>.+?);\s*key\s*=\s*(?P<expr>.+?)\s*$", re.M)
_PARAM = re.compile(r"^\s*(?P<name>[A-Za-z_]\w*)\s+in\s+(?P<low>-?[\d.]+)\s*\.\.\s*(?P<high>-?[\d.]+)"
                    r"\s+step\s+(?P<step>[\d.]+)\s*$")


@dataclass
class Variant:
    assignment: str
    folder: Path
    seed: int
    source: str
    keys: dict[str, object] = field(default_factory=dict)      # item -> new key
    changed: dict[str, str] = field(default_factory=dict)      # item -> what changed
    kept: dict[str, str] = field(default_factory=dict)         # item -> why it was kept

    def describe(self) -> str:
        lines = [f"Variant {self.assignment} of {self.source} (seed {self.seed}) written to {self.folder}/"]
        for name, what in self.changed.items():
            lines.append(f"  {name}: {what}; new key {self.keys[name]!r}")
        for name, why in self.kept.items():
            lines.append(f"  {name}: kept as it is ({why})")
        return "\n".join(lines)


# --- source positions --------------------------------------------------------------------------

def _offsets(source: str) -> list[int]:
    starts, total = [0], 0
    for line in source.splitlines(keepends=True):
        total += len(line)
        starts.append(total)
    return starts


def _span(source: str, node: ast.AST) -> tuple[int, int]:
    """Character offsets of ``node`` in ``source`` (ast columns count UTF-8 bytes)."""
    lines, starts = source.splitlines(keepends=True), _offsets(source)

    def pos(line: int, col: int) -> int:
        text = lines[line - 1].encode("utf-8")[:col].decode("utf-8")
        return starts[line - 1] + len(text)

    return pos(node.lineno, node.col_offset), pos(node.end_lineno, node.end_col_offset)


def _replace(source: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    return source


def _call_name(node: ast.Call) -> str | None:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _calls(source: str, item: str):
    """(call name, ast.Call) for check()/grade() calls of ``item`` in a test cell."""
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and _call_name(node) in ("check", "grade") and node.args
                and isinstance(node.args[0], ast.Constant) and node.args[0].value == item):
            yield _call_name(node), node


def _literal_edit(source: str, item: str, call: str, keyword: str, text: str) -> tuple[int, int, str]:
    for name, node in _calls(source, item):
        if name == call:
            for kw in node.keywords:
                if kw.arg == keyword:
                    start, end = _span(source, kw.value)
                    return start, end, text
    raise ValueError(f"{call}({item!r}, {keyword}=...) not found")


def _solution_edit(source: str, item: str, text: str) -> tuple[int, int, str] | None:
    """The value of ``item = ...`` inside the ### BEGIN/END SOLUTION region, to replace."""
    lines = source.split("\n")
    begin = next((i for i, x in enumerate(lines) if "BEGIN SOLUTION" in x), None)
    end = next((i for i, x in enumerate(lines) if "END SOLUTION" in x), None)
    if begin is None or end is None:
        return None
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    found = None
    for stmt in tree.body:
        if (isinstance(stmt, ast.Assign) and begin < stmt.lineno - 1 < end
                and any(isinstance(t, ast.Name) and t.id == item for t in stmt.targets)):
            found = stmt
    if found is None:
        return None
    start, stop = _span(source, found.value)
    return start, stop, text


# --- keys --------------------------------------------------------------------------------------

def _key_text(kind: str, canonical) -> str:
    if kind == "choice":
        return canonical
    if kind in ("multi", "order"):
        return ", ".join(canonical)
    if kind == "match":
        return ", ".join(f"{k}{v}" for k, v in sorted(canonical.items()))
    return canonical


def _number(x: float):
    x = round(float(x), 10)
    return int(x) if x == int(x) else x


def _pinned(options: list[str]) -> str | None:
    for text in options:
        if _PINNED.search(text):
            return f'option "{text}" refers to other options'
    return None


def _relabel(md: str, texts: list[str], new: list[str]) -> str | None:
    """The question with each lettered option ``**A.** text`` given its new text (None if the
    options are not all there exactly once)."""
    tokens = [f"**{LETTERS[i]}.** {t}" for i, t in enumerate(texts)]
    if any(md.count(tok) != 1 for tok in tokens):
        return None
    for i, tok in enumerate(tokens):
        md = md.replace(tok, f"\x00{i}\x00")
    for i, text in enumerate(new):
        md = md.replace(f"\x00{i}\x00", f"**{LETTERS[i]}.** {text}")
    return md


# --- one notebook ------------------------------------------------------------------------------

class _Notebook:
    def __init__(self, nb):
        self.nb = nb
        self.by_id = {}
        for i, cell in enumerate(nb.cells):
            gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if gid:
                self.by_id[gid] = i

    def cell(self, gid):
        return self.nb.cells[self.by_id[gid]] if gid in self.by_id else None

    def tests(self):
        for cell in self.nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
                yield cell

    def answer_cell(self, item: str):
        for cell in self.nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if cell.cell_type == "code" and meta.get("solution") and _solution_edit(cell.source, item, "x"):
                return cell
        return None

    def question_cell(self, item: str, test_cell):
        cell = self.cell(f"{item}_question")
        if cell is not None:
            return cell
        index = self.nb.cells.index(test_cell)
        for cell in reversed(self.nb.cells[:index]):
            if cell.cell_type == "markdown":
                return cell
        return None


def _shuffle(rng: random.Random, n: int, same) -> list[int] | None:
    """A permutation of range(n) for which ``same(perm)`` is False (the key changes)."""
    for _ in range(200):
        perm = list(range(n))
        rng.shuffle(perm)
        if not same(perm):
            return perm
    return None


def _rekey_options(book: _Notebook, test, item: typed.Item, rng: random.Random, v: Variant) -> None:
    kind = item.kind
    field_ = "right" if kind == "match" else "options"
    texts = item.spec.get(field_)
    if not isinstance(texts, (list, tuple)):
        v.kept[item.name] = f"its {field_} are a count, not texts shown in the question"
        return
    texts = [str(t) for t in texts]
    why = _pinned(texts)
    if why:
        v.kept[item.name] = why
        return
    question, answer = book.question_cell(item.name, test), book.answer_cell(item.name)
    if question is None or answer is None:
        v.kept[item.name] = "its question or answer cell was not found"
        return
    old = grading.read_answer(kind, item.key, name="the key", **item.spec)

    def mapped(perm):
        new_letter = {LETTERS[j]: LETTERS[perm.index(j)] for j in range(len(texts))}
        if kind == "choice":
            return new_letter[old]
        if kind == "multi":
            return "".join(sorted(new_letter[x] for x in old))
        if kind == "order":
            return "".join(new_letter[x] for x in old)
        return {k: new_letter[x] for k, x in old.items()}

    perm = _shuffle(rng, len(texts), lambda p: mapped(p) == old)
    if perm is None:
        v.kept[item.name] = "no order of its options changes the key"
        return
    new_texts = [texts[j] for j in perm]
    md = _relabel(question.source, texts, new_texts)
    if md is None:
        v.kept[item.name] = "its options are not listed as **A.** text in the question"
        return
    key = mapped(perm)
    text = _key_text(kind, key)
    question.source = md
    test.source = _replace(test.source, [_literal_edit(test.source, item.name, "check", field_, repr(new_texts)),
                                         _literal_edit(test.source, item.name, "grade", "key", repr(text))])
    answer.source = _replace(answer.source, [_solution_edit(answer.source, item.name, json.dumps(text))])
    v.keys[item.name] = text
    v.changed[item.name] = f"{len(texts)} {'right-hand options' if kind == 'match' else 'options'} shuffled"


def parse_vary(source: str) -> tuple[dict[str, tuple[float, float, float]], str] | None:
    """({name: (low, high, step)}, key formula) from a ``# vary:`` line, or None."""
    m = _VARY.search(source)
    if not m:
        return None
    params = {}
    for part in m.group("params").split(","):
        p = _PARAM.match(part)
        if not p:
            raise ValueError(f"cannot read the vary declaration {part.strip()!r}: "
                             "write it as NAME in LOW..HIGH step STEP")
        low, high, step = (float(p.group(x)) for x in ("low", "high", "step"))
        if step <= 0 or high < low:
            raise ValueError(f"the range of {p.group('name')} is empty")
        params[p.group("name")] = (low, high, step)
    return params, m.group("expr")


def evaluate(formula: str, values: dict[str, float]) -> float:
    """The key formula's value (arithmetic on the named values only; no code is run)."""
    try:
        value = typed.literal(ast.parse(formula, mode="eval").body, dict(values))
    except (SyntaxError, typed._NotLiteral) as exc:
        raise ValueError(f"the key formula {formula!r} is not plain arithmetic of the values: {exc}") from None
    if type(value) not in (int, float):
        raise ValueError(f"the key formula {formula!r} does not give a number")
    return float(value)


def _marker(name: str) -> re.Pattern:
    return re.compile(r"(<!--\s*" + re.escape(name) + r"\s*-->)(.*?)(<!--\s*/" + re.escape(name) + r"\s*-->)", re.S)


def _rekey_number(book: _Notebook, test, item: typed.Item, rng: random.Random, v: Variant) -> None:
    declared = parse_vary(test.source)
    if not declared:
        return  # numbers without a declaration keep their values (not reported as changed)
    params, formula = declared
    question, answer = book.question_cell(item.name, test), book.answer_cell(item.name)
    if question is None or answer is None:
        v.kept[item.name] = "its question or answer cell was not found"
        return
    current = {}
    for name in params:
        found = _marker(name).findall(question.source)
        if not found:
            raise ValueError(f"{item.name}: the question does not mark {name} as <!--{name}-->...<!--/{name}-->")
        current[name] = float(found[0][1])
    tol = float(item.spec.get("tol") or 0)
    if abs(evaluate(formula, current) - float(item.key)) > tol + 1e-9 * max(1.0, abs(float(item.key))):
        raise ValueError(f"{item.name}: key={item.key!r} is not {formula} for the numbers in the question")
    low, high = item.spec.get("low"), item.spec.get("high")
    for _ in range(200):
        values = {}
        for name, (lo, hi, step) in params.items():
            n = int(round((hi - lo) / step))
            values[name] = _number(lo + step * rng.randint(0, n))
        key = _number(evaluate(formula, values))
        sensible = (low is None or key >= low) and (high is None or key <= high)
        if sensible and values != {k: _number(x) for k, x in current.items()} and key != _number(item.key):
            break
    else:
        v.kept[item.name] = "no other numbers in its ranges give a different, sensible key"
        return
    md = question.source
    for name, value in values.items():
        md = _marker(name).sub(lambda m, value=value: f"{m.group(1)}{value}{m.group(3)}", md)
    question.source = md
    test.source = _replace(test.source, [_literal_edit(test.source, item.name, "grade", "key", repr(key))])
    answer.source = _replace(answer.source, [_solution_edit(answer.source, item.name, repr(key))])
    v.keys[item.name] = key
    v.changed[item.name] = "numbers re-drawn (" + ", ".join(f"{k} = {x}" for k, x in values.items()) + ")"


def rekey(nb, seed: int, label: str, v: Variant) -> None:
    """Re-key every item of one notebook in place (see the module doc)."""
    book = _Notebook(nb)
    for test in list(book.tests()):
        try:
            items = [i for i in typed.parse_test_cell(test.source) if i.has_check and i.has_grade]
        except ValueError:
            continue
        for item in items:
            rng = random.Random(f"{label}:{seed}:{item.name}")
            if item.kind in ("choice", "multi", "order", "match"):
                _rekey_options(book, test, item, rng, v)
            elif item.kind == "number":
                _rekey_number(book, test, item, rng, v)


def check_solution(nb) -> list[str]:
    """Problems that would stop the variant's solution from scoring full marks (none expected):
    every item's solution literal must read as its key."""
    problems = []
    book = _Notebook(nb)
    for test in book.tests():
        for item in typed.parse_test_cell(test.source):
            answer = book.answer_cell(item.name)
            if answer is None or not item.has_grade:
                continue
            env: dict = {}
            lines = answer.source.split("\n")
            region = "\n".join(x for x in lines if "SOLUTION" not in x)
            typed.bind_typed_values(region, env)
            value = env.get(item.name, typed.MISSING)
            try:
                got = grading.read_answer(item.kind, value, name=item.name, **item.spec)
                fraction, _ = grading.score_answer(item.kind, got, item.key, **item.spec)
            except (grading.AnswerProblem, ValueError) as exc:
                problems.append(f"{item.name}: {exc}")
                continue
            if fraction != 1.0:
                problems.append(f"{item.name}: the solution scores {fraction:g} of the points")
    return problems


def make_variant(source: Path, seed: int, out_dir: Path | None = None, name: str | None = None) -> Variant:
    """Write the variant of the assignment folder ``source`` (see the module doc)."""
    source = Path(source)
    if not source.is_dir() or not list(source.glob("*.ipynb")):
        raise CourseError(f"no assignment notebooks in {source}/")
    name = name or f"{source.name}_v{seed}"
    target = Path(out_dir or source.parent) / name
    if target.exists():
        raise CourseError(f"{target} already exists: remove it first or choose another seed")
    v = Variant(name, target, seed, source.name)
    notebooks = {}
    for path in sorted(source.glob("*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        try:
            rekey(nb, seed, f"{source.name}/{path.stem}", v)
        except ValueError as exc:
            raise CourseError(f"{path.name}: {exc}") from None
        problems = check_solution(nb)
        if problems:
            raise CourseError(f"{path.name}: the variant's solution would not score full marks: "
                              + "; ".join(problems))
        notebooks[path.name] = nb
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.ipynb"))
    for filename, nb in notebooks.items():
        nbformat.validate(nb)
        nbformat.write(nb, str(target / filename))
    return v
