"""backmice.progress: attempts kept in a local file; damaged files are set aside, never lost."""

import json

from backmice import progress, progress_view
from backmice.progress import LessonProgress, ProgressStore


def test_record_and_summarise(tmp_path):
    store = ProgressStore(tmp_path / "p.json")
    store.record("00_start_here", "a", 0.5)
    store.record("00_start_here", "a", 1.0)
    store.record("00_start_here", "b", 0.0)
    again = ProgressStore(tmp_path / "p.json")
    assert again.notice is None and len(again.attempts) == 3
    [row] = again.summary({"00_start_here": ["a", "b", "c"]})
    assert (row.right, row.tried, row.untried) == (1, 1, 1)


def test_missing_file_is_a_fresh_start_without_a_notice(tmp_path):
    store = ProgressStore(tmp_path / "none" / "p.json")
    assert store.attempts == [] and store.notice is None


def test_corrupt_file_is_set_aside_with_a_plain_notice(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('{"version": 1, "attempts": [ {"lesson": ')
    store = ProgressStore(path)
    assert store.attempts == []
    assert "could not be read" in store.notice and "fresh record" in store.notice
    kept = list(tmp_path.glob("p.unreadable-*.json"))
    assert len(kept) == 1 and kept[0].read_text().startswith('{"version": 1')  # nothing lost
    store.record("x", "y", 1.0)
    assert json.loads(path.read_text())["attempts"][0]["question"] == "y"


def test_wrong_shape_counts_as_unreadable(tmp_path):
    path = tmp_path / "p.json"
    for bad in ('[]', '{"version": 2, "attempts": []}', '{"version": 1, "attempts": [{"lesson": 1}]}',
                '{"version": 1, "attempts": [{"lesson": "a", "question": "b", "score": 7}]}', "\xff\xfe"):
        path.write_bytes(bad.encode("latin-1"))
        assert ProgressStore(path).notice is not None


def test_writes_are_atomic(tmp_path, monkeypatch):
    path = tmp_path / "p.json"
    ProgressStore(path).record("a", "b", 1.0)
    before = path.read_text()

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(json, "dump", boom)
    store = ProgressStore(path)
    try:
        store.record("a", "c", 1.0)
    except OSError:
        pass
    assert path.read_text() == before and not list(tmp_path.glob(".progress-*"))


def test_progress_view_figure_and_text():
    rows = [LessonProgress("00_start_here", 6, 2, 1), LessonProgress("01_fascia_anatomy", 8, 0, 0)]
    fig = progress_view.figure(rows)
    assert [list(t.x) for t in fig.data] == [[2, 0], [1, 0], [3, 8]]
    assert [t.name[0] for t in fig.data] == ["\u2713", "\u25cb", "\u2013"]  # not colour alone
    assert progress.text_summary(rows) == "00 start here: 2 of 6 right, 1 tried; 01 fascia anatomy: 0 of 8 right, 0 tried."


def test_course_questions_cover_every_quiz():
    questions = progress_view.course_questions()
    assert "00_start_here" in questions and len(questions["00_start_here"]) >= 5
