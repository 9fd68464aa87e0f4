"""Re-keyed variants: options shuffled with the keys remapped, declared numbers re-drawn; each
variant is a valid nbgrader source whose solution scores full marks through the pipeline and
whose release is consistent; the same seed gives the same variant, another seed another key."""

import re
import shutil

import nbformat
import pytest
from nbgrader.api import Gradebook

from backmice import authoring, grading, typed
from backmice.instructor import cli, gradebook, variants
from backmice.release import nbgrader
from course_copy import copy_course

A = "a0_orientation"
N = "a0_numbers"  # a0 plus a number item that declares how it may vary (a fixture, not a0 itself)


def _items(nb):
    out = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            for item in typed.parse_test_cell(cell.source):
                out[item.name] = item
    return out


def _keys(path):
    nb = nbformat.read(str(path), as_version=4)
    return {name: grading.read_answer(i.kind, i.key, **i.spec) for name, i in _items(nb).items()}


def _solution_answers(path):
    """{answer cell id: the solution line} from a source notebook (what a perfect student types)."""
    nb = nbformat.read(str(path), as_version=4)
    out = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("solution"):
            lines = cell.source.split("\n")
            out[meta["grade_id"]] = lines[lines.index("### BEGIN SOLUTION") + 1]
    return out


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = copy_course(tmp_path_factory.mktemp("variants"))
    nb = nbformat.read(str(root / "solutions" / A / f"{A}.ipynb"), as_version=4)
    q7 = authoring.item("q7", "number", "A nodule measures {w} cm by {l} cm. Estimate its area as width "
                        "times length.", points=1, key=6, unit="cm2", low=0, high=100, tol=0.01,
                        vary={"w": (3, 2, 5, 0.5), "l": (2, 1, 3, 0.5)}, key_formula="w * l")
    at = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "q6_task")
    nb.cells[at:at] = q7
    authoring.save(nb, root / "solutions" / N / f"{N}.ipynb")
    return root


@pytest.fixture(scope="module")
def made(course):
    out = {}
    for aid, seed in ((A, 7), (A, 8), (N, 3)):
        assert cli.main(["--root", str(course), "variant", aid, "--seed", str(seed)]) == 0
        out[(aid, seed)] = course / "solutions" / f"{aid}_v{seed}"
    return out


def test_every_choice_item_gets_a_new_key(course, made):
    original = _keys(course / "solutions" / A / f"{A}.ipynb")
    v7 = _keys(made[(A, 7)] / f"{A}.ipynb")
    v8 = _keys(made[(A, 8)] / f"{A}.ipynb")
    for name in ("q1", "q2", "q4", "q5"):
        assert v7[name] != original[name], name
    assert v7["q3"] == original["q3"] == 8.0  # read off a figure: no declared range, unchanged
    assert v7 != v8, "another seed gives another key"


def test_same_seed_same_variant(course, made, tmp_path):
    again = variants.make_variant(course / "solutions" / A, 7, out_dir=tmp_path)
    assert (again.folder / f"{A}.ipynb").read_bytes() == (made[(A, 7)] / f"{A}.ipynb").read_bytes()
    with pytest.raises(variants.CourseError, match="already exists"):
        variants.make_variant(course / "solutions" / A, 7, out_dir=tmp_path)


def test_options_move_with_their_text(course, made):
    """The keyed option's text is the same before and after: only its letter moved."""
    src = _items(nbformat.read(str(course / "solutions" / A / f"{A}.ipynb"), as_version=4))
    var = _items(nbformat.read(str(made[(A, 7)] / f"{A}.ipynb"), as_version=4))
    for name in ("q1", "q2", "q5"):
        old, new = src[name], var[name]
        assert sorted(old.spec["options"]) == sorted(new.spec["options"])
        letters = grading.LETTERS
        old_key = grading.read_answer(old.kind, old.key, **old.spec)
        new_key = grading.read_answer(new.kind, new.key, **new.spec)
        texts = lambda item, key: [item.spec["options"][letters.index(x)] for x in key]  # noqa: E731
        if old.kind == "multi":
            assert sorted(texts(old, old_key)) == sorted(texts(new, new_key))
        else:
            assert texts(old, old_key) == texts(new, new_key)
    old_right, new_right = src["q4"].spec["right"], var["q4"].spec["right"]
    old_key, new_key = (grading.read_answer("match", i.key, **i.spec) for i in (src["q4"], var["q4"]))
    for k in old_key:
        assert old_right[grading.LETTERS.index(old_key[k])] == new_right[grading.LETTERS.index(new_key[k])]


def test_declared_numbers_are_redrawn_and_the_key_recomputed(made):
    nb = nbformat.read(str(made[(N, 3)] / f"{N}.ipynb"), as_version=4)
    question = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "q7_question")
    w = float(re.search(r"<!--w-->([\d.]+)<!--/w-->", question.source).group(1))
    length = float(re.search(r"<!--l-->([\d.]+)<!--/l-->", question.source).group(1))
    key = _items(nb)["q7"].key
    assert key == pytest.approx(w * length) and key != 6
    assert 2 <= w <= 5 and 1 <= length <= 3 and (w * 2) == int(w * 2) and (length * 2) == int(length * 2)
    assert _solution_answers(made[(N, 3)] / f"{N}.ipynb")["q7_answer"] == f"q7 = {key!r}"


@pytest.fixture(scope="module")
def released(course, made):
    for aid in (f"{A}_v7", f"{N}_v3"):
        assert cli.main(["--root", str(course), "release", aid]) == 0
    return course / "assignments"


def test_release_is_consistent(course, made, released):
    for aid, nbname in ((f"{A}_v7", A), (f"{N}_v3", N)):
        source = nbformat.read(str(course / "solutions" / aid / f"{nbname}.ipynb"), as_version=4)
        release = nbformat.read(str(released / aid / f"{nbname}.ipynb"), as_version=4)
        cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in release.cells}
        for name, item in _items(source).items():
            test = cells[f"{name}_test"].source
            assert "HIDDEN TESTS" not in test and "grade(" not in test and "vary" not in test
            shown = typed.parse_test_cell(test)[0]
            assert shown.spec == item.spec  # the student's check() has the shuffled options
            question = cells[f"{name}_question"].source
            listed = item.spec.get("right") if item.kind == "match" else item.spec.get("options")
            if isinstance(listed, list):
                for i, text in enumerate(listed):
                    assert f"**{grading.LETTERS[i]}.** {text}" in question, (aid, name, i)
            answer = cells[f"{name}_answer"].source
            assert "SOLUTION" not in answer and answer.strip() in (f'{name} = ""', f"{name} = None")
    ok = nbgrader("validate", f"solutions/{A}_v7/{A}.ipynb", root=course, check=False)
    assert "Success! Your notebook passes all the tests." in ok.stdout, ok.stdout + ok.stderr
    blank = nbgrader("validate", "--invert", f"assignments/{A}_v7/{A}.ipynb", root=course, check=False)
    assert "Success! The notebook does not pass any tests." in blank.stdout, blank.stdout + blank.stderr


def test_variant_solution_scores_full_marks_and_old_keys_do_not(course, made, released, capsys):
    from course_copy import submit

    for aid, nbname in ((f"{A}_v7", A), (f"{N}_v3", N)):
        right = _solution_answers(course / "solutions" / aid / f"{nbname}.ipynb")
        public = _solution_answers(course / "solutions" / (A if nbname == A else N) / f"{nbname}.ipynb")
        submit(course, aid, "perfect", right)
        submit(course, aid, "copied_public_key", public)
        assert cli.main(["--root", str(course), "grade", aid, "--quiet"]) == 0
        capsys.readouterr()
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "backmice") as gb:
            scores = gradebook.scores(gb, aid)
        tests = [k for k in scores["perfect"] if k.endswith("_test")]
        full = {"q1_test": 1, "q2_test": 2, "q3_test": 1, "q4_test": 3, "q5_test": 2, "q7_test": 1}
        assert {k: scores["perfect"][k] for k in tests} == {k: full[k] for k in tests}, aid
        assert sum(scores["copied_public_key"][k] for k in tests) < sum(full[k] for k in tests) - 3, aid


def test_items_that_refer_to_each_other_are_kept(tmp_path):
    cells = [authoring.md("# t", locked="t"), authoring.setup_cell(),
             *authoring.item("q1", "choice", "Which?", points=1, key="D",
                             options=["Skin", "Fascia", "Fat", "All of the above"])]
    authoring.save(authoring.notebook(cells), tmp_path / "src" / "t1" / "t1.ipynb")
    v = variants.make_variant(tmp_path / "src" / "t1", 1, out_dir=tmp_path / "out")
    assert "q1" in v.kept and "refers to other options" in v.kept["q1"]
    shutil.rmtree(tmp_path / "out")
