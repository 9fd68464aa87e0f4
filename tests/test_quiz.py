"""backmice.quiz: question files, scoring and the widgets (driven without a browser)."""

import textwrap

import pytest

from backmice import paths, progress, quiz

ALL = [(lesson, q) for lesson in quiz.lessons() for q in quiz.load(lesson)]


def test_every_lesson_has_a_quiz_file_and_every_quiz_a_lesson():
    lessons = {p.stem for p in (paths.course_root() / "lessons").glob("*.ipynb")}
    assert set(quiz.lessons()) == lessons


@pytest.mark.parametrize("lesson, q", ALL, ids=[q.id for _, q in ALL])
def test_every_question_accepts_its_key_and_explains_every_option(lesson, q):
    key = q.key()
    response = {"order": lambda: list(key), "number": lambda: str(key)}.get(q.kind, lambda: key)()
    feedback = quiz.evaluate(q, response)
    assert feedback.correct and feedback.headline.startswith("\u2713")
    assert quiz.answer_text(q)
    if q.kind in ("choice", "multi"):
        assert all(o.why for o in q.options)


def _q(lesson, qid):
    return next(q for q in quiz.load(lesson) if q.id == qid)


def test_wrong_partial_and_unreadable_feedback_in_words():
    names = _q("00_start_here", "sh-names")
    partly = quiz.evaluate(names, ["A"])
    assert 0 < partly.fraction < 1 and partly.headline.startswith("\u25d0 Partly right")
    wrong = quiz.evaluate(_q("00_start_here", "sh-run"), "B")
    assert wrong.fraction == 0 and wrong.headline.startswith("\u2717 Not quite")
    assert wrong.details and wrong.details[0].startswith("\u2717 B.")
    typed = quiz.evaluate(_q("00_start_here", "sh-saline"), "thirty")
    assert not typed.readable and "should be a number" in typed.headline


def test_shuffled_options_are_stable_and_never_in_the_original_order():
    q = _q("00_start_here", "sh-claims")
    assert q.match_choices() == q.match_choices()
    assert q.match_choices() != [m for _, m, _ in q.pairs]


def test_widget_check_records_progress_and_gives_feedback():
    [view] = quiz.views("00_start_here", "sh-rct")
    view.radio.value = "A"
    view.check_button.click()
    assert "\u2717 Not quite" in view.feedback.value and "role='status'" in view.feedback.value
    view.radio.value = "B"
    view.check_button.click()
    assert "\u2713 Correct" in view.feedback.value
    assert progress.store().best_scores("00_start_here") == {"sh-rct": 1.0}
    view.answer_button.click()
    assert "B. People with low back pain" in view.feedback.value


def test_every_kind_of_widget_reads_its_controls():
    names, saline, claims = quiz.views("00_start_here", "sh-names", "sh-saline", "sh-claims")
    names.boxes[0].value = names.boxes[1].value = names.boxes[3].value = True
    assert names.check().correct
    saline.text.value = "30 %"
    assert saline.check().correct
    saline.text.value = "hello"
    assert not saline.check().readable  # a plain message, nothing recorded
    for dropdown, letter in zip(claims.dropdowns, "".join(claims.q.key()[i] for i in (1, 2, 3))):
        dropdown.value = letter
    assert claims.check().correct
    assert [a["question"] for a in progress.store().attempts] == ["sh-names", "sh-saline", "sh-claims"]


def _controls(widget):
    children = getattr(widget, "children", None)
    if children is None:
        return [widget]
    return [c for child in children for c in _controls(child)]


def test_every_control_has_a_label():
    for view in quiz.views("00_start_here"):
        controls = [c for c in _controls(view.widget)
                    if type(c).__name__ in ("RadioButtons", "Checkbox", "Text", "Dropdown", "Button")]
        assert controls
        for c in controls:
            assert c.description.strip(), type(c).__name__
        assert view.check_button.description and view.check_button.tooltip


def test_unsaved_progress_does_not_break_the_quiz(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("BACKMICE_PROGRESS_FILE", str(blocker / "progress.json"))  # parent is a file
    progress._store = None
    [view] = quiz.views("00_start_here", "sh-run")
    view.radio.value = "A"
    assert view.check().correct
    assert "could not be saved" in view.feedback.value


@pytest.mark.parametrize("body, words", [
    ("questions: 3", "list of 'questions'"),
    ("questions:\n  - {id: x, kind: essay, prompt: p, objectives: [1]}", "kind must be one of"),
    ("questions:\n  - {id: x, kind: choice, prompt: p, objectives: [1], options: [{text: a, why: w}, {text: b, why: w}]}",
     "exactly one correct"),
    ("questions:\n  - {id: x, kind: choice, prompt: p, objectives: [1], options: [{text: a, correct: true}, {text: b, why: w}]}",
     "every option needs a why"),
    ("questions:\n  - {id: x, kind: number, prompt: p, objectives: [1], answer: 3}", "answer and tol"),
    ("questions:\n  - {id: x, kind: number, prompt: p, answer: 3, tol: 1}", "objectives"),
    ("questions: [ {", "not valid YAML"),
])
def test_broken_quiz_files_are_reported_clearly(tmp_path, monkeypatch, body, words):
    (tmp_path / "assets" / "quizzes").mkdir(parents=True)
    (tmp_path / "lessons").mkdir()
    (tmp_path / "assets" / "quizzes" / "99_test.yaml").write_text("lesson: 99_test\n" + textwrap.dedent(body))
    monkeypatch.setenv("BACKMICE_ROOT", str(tmp_path))
    paths.course_root.cache_clear()
    try:
        with pytest.raises(ValueError, match=words):
            quiz.load("99_test")
    finally:
        paths.course_root.cache_clear()


def test_inline_markdown_escapes_html():
    assert quiz.inline_markdown("**a** <script>") == "<b>a</b> &lt;script&gt;"


def test_show_brings_the_wrapping_style(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    quiz.show("00_start_here", "sh-run")
    [box] = shown
    assert "white-space: normal" in box.children[0].value and ".bm-quiz .widget-radio-box" in box.children[0].value
    assert "bm-quiz" in box.children[1]._dom_classes
