"""The class report: one self-contained HTML page (plotly.js embedded, works offline), laid out
in ``templates/report.html.j2`` (Jinja2, autoescaped: names, reasons and question texts from
the gradebook and the submissions are always escaped).

For each assignment in the gradebook: the distribution of total scores; for each item,
difficulty and discrimination (:mod:`itemstats`), flags for items that look broken, and for
choice items how often each option was picked, read from what students *typed* in their
submitted notebooks (:mod:`backmice.typed`, nothing is executed); the submissions that need
attention, with the reason; and how many wait for hand-grading.

Only submissions with a known score on every item enter the item analysis (one that could not
be graded is listed instead).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry

from backmice import grading, style, typed

from . import gradebook, itemstats
from .questions import Question, prompts
from .course import Course, CourseError


@dataclass
class AssignmentData:
    name: str
    items: list[str]
    max_scores: list[float]
    students: list[str]
    scores: list[list[float]]                 # one row per student in ``students``
    totals: list[float]
    max_total: float
    stats: list[itemstats.ItemStats]
    options: dict[str, dict[str, int]]        # item -> option counts (choice/multi items)
    option_texts: dict[str, list[str]]
    keys: dict[str, str]                      # item -> keyed letter(s)
    attention: list[tuple[str, str, list[str]]]  # (student, status, reasons)
    not_analysed: list[str]
    manual_pending: dict[str, int]
    unmarked: list[str] = field(default_factory=list)  # items left out: not yet marked for all
    questions: dict[str, Question] = field(default_factory=dict)  # item -> its question, in words


@dataclass
class Summary:
    assignments: list[AssignmentData] = field(default_factory=list)

    @property
    def attention(self) -> int:
        return sum(len(a.attention) for a in self.assignments)

    def lines(self) -> list[str]:
        out = []
        for a in self.assignments:
            broken = [(f"{a.questions[s.name].label} ({s.name})" if s.name in a.questions else s.name)
                      for s in a.stats if s.flags]
            out.append(f"{a.name}: {len(a.students)} submission(s) analysed"
                       + (f", items to check: {'; '.join(broken)}" if broken else ", no item looks broken")
                       + (f", {len(a.attention)} need attention" if a.attention else ""))
        return out


def _source_order(course: Course, assignment: str) -> dict[str, tuple[int, int]]:
    """(notebook index, cell index) of every grade id in the instructor's source, for ordering."""
    order = {}
    for n, path in enumerate(course.source_notebooks(assignment)):
        nb = nbformat.read(str(path), as_version=4)
        for i, cell in enumerate(nb.cells):
            gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if gid:
                order[gid] = (n, i)
    return order


def typed_picks(nb, tests: dict[str, str]) -> dict[str, object]:
    """{item name: typed value (or typed.MISSING / typed.NotTyped)} for the backmice items of
    the test cells ``tests`` ({grade id: instructor's source}) in a submitted notebook."""
    env: dict = {}
    seen = {}
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in tests:
            for item in _safe_items(tests[gid]):
                seen[item.name] = env.get(item.name, typed.MISSING)
        else:
            typed.bind_typed_values(cell.get("source", ""), env)
    for source in tests.values():  # a deleted test cell is put back by nbgrader: the final value counts
        for item in _safe_items(source):
            seen.setdefault(item.name, env.get(item.name, typed.MISSING))
    return seen


def _pick(item: typed.Item, value) -> str | None:
    """A choice/multi item's canonical letters, None (no answer) or "?" (unreadable)."""
    if value is typed.MISSING or value in ("", None):
        return None
    if isinstance(value, typed.NotTyped):
        return "?"
    try:
        return grading.read_answer(item.kind, value, **item.spec)
    except (grading.AnswerProblem, ValueError):
        return "?"


def collect(course: Course, assignment: str, gb: Gradebook) -> AssignmentData:
    a = gb.find_assignment(assignment)
    order = _source_order(course, assignment)
    cells = {c.name: c for nb in a.notebooks for c in [*nb.grade_cells, *nb.task_cells]}
    names = sorted(cells, key=lambda n: (order.get(n, (99, 99)), n))
    tops = [float(cells[n].max_score) for n in names]
    book = gradebook.ledger(gb, assignment)
    table = gradebook.scores(gb, assignment)
    attention = [(s, e["status"], e["reasons"]) for (_, s), e in sorted(book.items())
                 if e["status"] != gradebook.GRADED]
    failed = {s for s, status, _ in attention if status == gradebook.FAILED}
    # items not yet marked for every gradable submission (a written answer waiting for a human)
    # are left out, rather than leaving out the students
    candidates = [s for s in sorted(table) if s not in failed]
    unmarked = [n for n in names if any(table[s].get(n) is None for s in candidates)]
    names = [n for n in names if n not in unmarked]
    tops = [float(cells[n].max_score) for n in names]
    students, rows, skipped = [], [], []
    for student in sorted(table):
        row = [table[student].get(n) for n in names]
        if any(x is None for x in row):
            skipped.append(student)
            continue
        students.append(student)
        rows.append([float(x) for x in row])
    stats = itemstats.analyse(names, tops, rows)

    tests = {}
    solution_ids = {c.name for nb in a.notebooks for c in nb.solution_cells}
    for nb in a.notebooks:
        for c in nb.source_cells:
            if c.name in cells and c.name not in solution_ids and c.cell_type == "code":
                tests[c.name] = c.source
    options, texts, keys = {}, {}, {}
    items = {i.name: i for src in tests.values() for i in _safe_items(src)
             if i.kind in ("choice", "multi") and isinstance(i.spec.get("options"), (list, int))}
    picks: dict[str, list] = {name: [] for name in items}
    for student in students:
        for nb_entry in a.notebooks:
            path = course.submission_dir(student, assignment) / f"{nb_entry.name}.ipynb"
            try:
                nb = nbformat.read(str(path), as_version=4)
            except Exception:
                continue
            typed_values = typed_picks(nb, tests)
            for name, item in items.items():
                if name in typed_values:
                    picks[name].append(_pick(item, typed_values[name]))
    for name, item in items.items():
        opts = item.spec["options"]
        letters = grading.LETTERS[:opts if isinstance(opts, int) else len(opts)]
        options[name] = itemstats.option_frequencies(picks[name], letters)
        texts[name] = [] if isinstance(opts, int) else [str(o) for o in opts]
        keys[name] = _key_letters(item) or ""
    return AssignmentData(assignment, names, tops, students, rows, [sum(r) for r in rows], sum(tops),
                          stats, options, texts, keys, attention, skipped, gradebook.manual_pending(gb, assignment),
                          unmarked, prompts(course.source_notebooks(assignment)))


def _safe_items(source: str) -> list[typed.Item]:
    try:
        return typed.parse_test_cell(source)
    except ValueError:
        return []


def _key_letters(item: typed.Item) -> str | None:
    try:
        return grading.read_answer(item.kind, item.key, **item.spec)
    except Exception:
        return None


# --- HTML ------------------------------------------------------------------------------------

def _figures(data: AssignmentData) -> list:
    import plotly.graph_objects as go

    template = style.template()
    figs = []
    hist = go.Figure(go.Histogram(x=data.totals, xbins=dict(start=-0.5, end=data.max_total + 0.5, size=1),
                                  marker_color=style.PALETTE["blue"], name="students"))
    hist.update_layout(template=template, title=f"{data.name}: total scores ({len(data.totals)} students)",
                       xaxis_title=f"total score (of {data.max_total:g})", yaxis_title="students", bargap=0.1)
    figs.append(hist)
    diff = go.Figure(go.Bar(
        x=data.items, y=[s.difficulty for s in data.stats],
        marker_color=[style.BAD if s.flags else style.GOOD for s in data.stats],
        text=[("\u26a0 " if s.flags else "") + f"{s.difficulty:.2f}" for s in data.stats], textposition="outside"))
    diff.update_layout(template=template, title="Difficulty (mean score / maximum; \u26a0 looks broken)",
                       yaxis=dict(range=[0, 1.15], title="difficulty"), xaxis_title="item")
    figs.append(diff)
    for name, counts in data.options.items():
        key = data.keys.get(name, "")
        letters = list(counts)
        labels = [f"{k} (key)" if k in key and len(k) == 1 else k for k in letters]
        fig = go.Figure(go.Bar(x=labels, y=[counts[k] for k in letters],
                               marker_color=[style.GOOD if k in key and len(k) == 1 else style.NEUTRAL for k in letters]))
        fig.update_layout(template=template, title=f"{name}: options picked", yaxis_title="students")
        figs.append(fig)
    return figs


def _environment():
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("backmice.instructor", "templates"),
                             autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)
    env.policies["json.dumps_kwargs"] = {"default": str}  # keys in their own order
    return env


def _section(data: AssignmentData, first: bool) -> dict:
    """What the template shows of one assignment: its data, the questions to list (flagged ones
    first, opened) and its figures (plotly's own HTML; plotly.js once, in the first figure)."""
    import plotly.io as pio
    from markupsafe import Markup

    questions = sorted((s for s in data.stats if s.name in data.questions), key=lambda s: not s.flags)
    figures = [Markup(pio.to_html(fig, full_html=False, include_plotlyjs=(first and i == 0),
                                  config={"displaylogo": False}))
               for i, fig in enumerate(_figures(data))] if data.students else []
    return {"data": data, "questions": questions, "figures": figures}


def render(summary: Summary) -> str:
    """The report's HTML, from templates/report.html.j2 (autoescaped)."""
    data = {a.name: {"items": [s.__dict__ for s in a.stats], "options": a.options, "attention": a.attention,
                     "questions": {k: q.label for k, q in a.questions.items()}}
            for a in summary.assignments}
    return _environment().get_template("report.html.j2").render(
        sections=[_section(a, first=(i == 0)) for i, a in enumerate(summary.assignments)],
        font=style.FONT, failed=gradebook.FAILED, report_data=data)


def build(course: Course, assignments: list[str] | None = None) -> Summary:
    summary = Summary()
    with Gradebook(course.db_url, course.course_id) as gb:
        gradebook.ensure_ledger(gb)
        names = assignments or [a.name for a in gb.assignments]
        for name in names:
            try:
                summary.assignments.append(collect(course, name, gb))
            except MissingEntry:
                raise CourseError(f"{name} is not in the gradebook {course.db_url}") from None
    return summary


def write(course: Course, out: Path, assignments: list[str] | None = None) -> Summary:
    summary = build(course, assignments)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(summary), encoding="utf-8")
    return summary
