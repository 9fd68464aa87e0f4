"""Notebook hygiene and the course's lesson and assignment contracts.

Lessons (lessons/NN_name.ipynb): title, time (30-45 min), numbered objectives, a quiz file whose
questions (with the assignment's items) assess every objective, enough self-checks, at least six
distinct references, key terms that appear in the text, a summary, and a reference list built
from the lesson's own citations.

Assignments (solutions/<id>/<id>.ipynb): valid nbgrader metadata; every graded item is a locked
question stating its points, an answer cell with an empty answer above the solution, and a locked
test cell with a visible check() and a hidden grade() whose points match the cell's; the
instructor notes map every item to lesson objectives.
"""

import json
import re

import nbformat
import pytest
import yaml
from nbgrader.nbgraderformat import MetadataValidator

from backmice import glossary, quiz, references, typed
from conftest import LESSONS, ROOT, SOLUTIONS

ALL_NOTEBOOKS = LESSONS + SOLUTIONS + sorted((ROOT / "assignments").glob("*/*.ipynb"))
# self-checks each lesson must have at least (issues: 6 per lesson, 8 for evidence appraisal)
MIN_SELF_CHECKS = {"00_start_here": 5, "05_evidence_appraisal": 8}
MIN_REFERENCES = 6


def _rel(p):
    return str(p.relative_to(ROOT))


def _text(nb, kind="markdown"):
    return "\n".join(c.source for c in nb.cells if c.cell_type == kind)


def _objectives(nb):
    first = nb.cells[0].source
    m = re.search(r"^## Objectives\s*$(.*?)(?=^## |\Z)", first, flags=re.M | re.S)
    assert m, "the first cell needs an '## Objectives' section"
    return re.findall(r"^\s*(\d+)\.\s+\S", m.group(1), flags=re.M)


def _modules():
    return yaml.safe_load((ROOT / "assets" / "course.yaml").read_text())["modules"]


# --- every notebook -------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_rel)
def test_valid_clean_python3_notebook(path):
    nb = nbformat.read(str(path), as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{_rel(path)} is stored with outputs"
    assert "widgets" not in nb.metadata, "widget state is stored in the notebook"
    assert len(path.read_bytes()) < 200_000


def test_there_is_a_lesson_and_an_assignment():
    assert (ROOT / "lessons" / "00_start_here.ipynb") in LESSONS
    assert (ROOT / "solutions" / "a0_orientation" / "a0_orientation.ipynb") in SOLUTIONS


# --- lessons -------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", LESSONS, ids=_rel)
def test_lesson_structure(path):
    nb = nbformat.read(str(path), as_version=4)
    stem = path.stem
    first = nb.cells[0].source
    assert re.match(rf"# Lesson {stem[:2]} \u00b7 \S", first), "first line: '# Lesson NN \u00b7 Title'"
    minutes = re.search(r"\*\*Time:\*\* about (\d+) minutes", first)
    assert minutes and 30 <= int(minutes.group(1)) <= 45, "state the time: '**Time:** about 30-45 minutes'"
    assert len(_objectives(nb)) >= 3
    headings = re.findall(r"^## (.+)$", _text(nb), flags=re.M)
    assert "Summary" in headings and "References" in headings and "Key terms" in headings
    code = _text(nb, "code")
    assert f'references.show("{stem}")' in nb.cells[-1].source, "end with the reference list"
    assert f'glossary.show("{stem}")' in code


@pytest.mark.parametrize("path", LESSONS, ids=_rel)
def test_lesson_cites_enough_sources(path):
    keys = references.lesson_keys(path.stem)
    assert len(keys) >= MIN_REFERENCES, f"{path.stem} cites {len(keys)} distinct references"


@pytest.mark.parametrize("path", LESSONS, ids=_rel)
def test_self_checks_are_all_shown_and_enough(path):
    nb = nbformat.read(str(path), as_version=4)
    questions = quiz.load(path.stem)
    assert len(questions) >= MIN_SELF_CHECKS.get(path.stem, 6)
    shown = set()
    for call in re.findall(r"quiz\.show\(([^)]*)\)", _text(nb, "code")):
        args = re.findall(r'"([^"]+)"', call)
        assert args[0] == path.stem, f"quiz.show in {path.stem} must name its own lesson"
        shown |= set(args[1:]) if len(args) > 1 else {q.id for q in questions}
    assert shown == {q.id for q in questions}, "every self-check is shown exactly where the lesson wants it"


def _assignment_objectives(stem):
    """Objectives of lesson `stem` assessed by its module's assignment (instructor notes)."""
    covered = set()
    for m in _modules():
        if stem in m["lessons"]:
            for nb_path in (ROOT / "solutions" / m["assignment"]).glob("*.ipynb"):
                notes = _instructor_notes(nbformat.read(str(nb_path), as_version=4))
                for row in notes.values():
                    covered |= {o.split(".")[1] for o in row["objectives"] if o.split(".")[0] == stem[:2]}
    return covered


@pytest.mark.parametrize("path", LESSONS, ids=_rel)
def test_every_objective_is_assessed(path):
    nb = nbformat.read(str(path), as_version=4)
    objectives = set(_objectives(nb))
    by_quiz = {str(o) for q in quiz.load(path.stem) for o in q.objectives}
    assert by_quiz <= objectives, f"self-checks name objectives that do not exist: {by_quiz - objectives}"
    missing = objectives - by_quiz - _assignment_objectives(path.stem)
    assert not missing, f"objectives {sorted(missing)} of {path.stem} are assessed by no self-check or item"


@pytest.mark.parametrize("path", LESSONS, ids=_rel)
def test_key_terms_appear_in_the_lesson(path):
    nb = nbformat.read(str(path), as_version=4)
    text = _text(nb).lower() + " " + " ".join(
        q.prompt.lower() for q in quiz.load(path.stem))
    terms = glossary.load(path.stem)
    assert len(terms) >= 8
    for term in terms:
        spellings = [term.term, *term.aliases]
        assert any(s.lower() in text for s in spellings), f"glossary term '{term.term}' is not used in {path.stem}"


def test_glossary_terms_are_unique_across_lessons():
    terms = [t.term.lower() for t in glossary.load()]
    assert len(terms) == len(set(terms))


def test_course_map_names_existing_or_planned_files_consistently():
    for m in _modules():
        assert 30 <= m["minutes"] <= 45 * len(m["lessons"])
        for lesson in m["lessons"]:
            assert re.fullmatch(r"\d\d_[a-z_]+", lesson)
        if (ROOT / "solutions" / m["assignment"]).exists():
            assert all((ROOT / "lessons" / f"{lesson}.ipynb").exists() for lesson in m["lessons"])


# --- assignments -----------------------------------------------------------------------------------

def _instructor_notes(nb):
    """{item: {'points': float, 'objectives': [...]}} from the 'Notes for instructors' table."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "Notes for instructors" in cell.source:
            rows = {}
            for line in cell.source.splitlines():
                cols = [c.strip() for c in line.strip().strip("|").split("|")]
                if len(cols) == 4 and re.fullmatch(r"q\d+", cols[0]):
                    rows[cols[0]] = {"points": float(cols[2]),
                                     "objectives": re.findall(r"\d\d\.\d+", cols[3])}
            return rows
    raise AssertionError("the assignment needs a 'Notes for instructors' table")


@pytest.mark.parametrize("path", SOLUTIONS, ids=_rel)
def test_assignment_items_follow_the_pattern(path):
    nb = nbformat.read(str(path), as_version=4)
    MetadataValidator().validate_nb(nb)
    cells = nb.cells
    graded = {}
    for i, cell in enumerate(cells):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            assert meta["locked"], f"{meta['grade_id']} must be locked"
            items = typed.parse_test_cell(cell.source)
            assert len(items) == 1, f"{meta['grade_id']}: one item per test cell"
            item = items[0]
            assert item.has_check and item.has_grade, f"{meta['grade_id']}: needs check() and a hidden grade()"
            assert cell.source.index("### BEGIN HIDDEN TESTS") < cell.source.index(f'grade("{item.name}"')
            assert float(item.points) == float(meta["points"]), f"{meta['grade_id']}: points differ"
            answer = cells[i - 1]
            assert answer.metadata["nbgrader"]["solution"] and not answer.metadata["nbgrader"]["grade"]
            stub = "None" if item.kind == "number" else '""'
            assert answer.source.startswith(f"{item.name} = {stub}\n### BEGIN SOLUTION"), answer.source
            question = cells[i - 2]
            pts = f"({item.points:g} point{'s' if item.points != 1 else ''}"
            assert question.cell_type == "markdown" and pts in question.source
            assert question.metadata["nbgrader"]["locked"]
            graded[item.name] = float(item.points)
        if meta.get("task"):
            name = meta["grade_id"].removesuffix("_task")
            assert "=== BEGIN MARK SCHEME ===" in cell.source and "=== END MARK SCHEME ===" in cell.source
            assert f"({meta['points']:g} point" in cell.source
            assert "| Row |" in cell.source or "|---" in cell.source, "a mark scheme with rubric rows"
            graded[name] = float(meta["points"])
    assert any(c.metadata.get("nbgrader", {}).get("grade_id") == "setup" for c in cells)
    notes = _instructor_notes(nb)
    assert notes.keys() == graded.keys(), "instructor notes must list every graded item"
    for name, row in notes.items():
        assert row["points"] == graded[name], f"{name}: points differ between notes and cell"
        assert row["objectives"], f"{name}: name the lesson objective(s) it assesses"
    stated = re.search(r"\*\*Points:\*\* (\d+) marked automatically \+ (\d+) marked by your instructor",
                       cells[0].source)
    auto = sum(p for n, p in graded.items() if not any(
        c.metadata.get("nbgrader", {}).get("grade_id") == f"{n}_task" for c in cells))
    assert stated and float(stated.group(1)) == auto and float(stated.group(2)) == sum(graded.values()) - auto


@pytest.mark.parametrize("path", SOLUTIONS, ids=_rel)
def test_instructor_notes_name_real_objectives(path):
    nb = nbformat.read(str(path), as_version=4)
    for name, row in _instructor_notes(nb).items():
        for ref in row["objectives"]:
            lesson_no, number = ref.split(".")
            [lesson] = [p for p in LESSONS if p.stem.startswith(lesson_no + "_")]
            assert number in _objectives(nbformat.read(str(lesson), as_version=4)), f"{name}: no objective {ref}"


def test_every_solution_has_a_release_and_nothing_else_is_released():
    released = {p.parent.name for p in (ROOT / "assignments").glob("*/*.ipynb")}
    assert released == {p.parent.name for p in SOLUTIONS}


def test_release_keeps_no_solutions_or_hidden_tests():
    for path in sorted((ROOT / "assignments").glob("*/*.ipynb")):
        text = path.read_text(encoding="utf-8")
        for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "MARK SCHEME", "grade("):
            assert marker not in text, f"{_rel(path)} still contains {marker!r}"
        data = json.loads(text)
        assert all(c.get("outputs", []) == [] for c in data["cells"])
