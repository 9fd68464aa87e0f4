"""backmice.site never empties a folder it did not make (no Sphinx or browser needed)."""

import pytest

from backmice import site


def test_a_folder_the_build_did_not_make_is_refused_and_left_alone(tmp_path):
    mine = tmp_path / "Documents"
    mine.mkdir()
    (mine / "letter.txt").write_text("keep me")
    with pytest.raises(ValueError, match="was not made by this build"):
        site.build(mine, only=["00_start_here"])
    assert (mine / "letter.txt").read_text() == "keep me"
    with pytest.raises(ValueError, match="was not made by this build"):
        site.build(tmp_path / "new", only=["00_start_here"], keep=mine)
    assert (mine / "letter.txt").read_text() == "keep me" and not (tmp_path / "new").exists()


def test_new_empty_and_earlier_build_folders_may_be_replaced(tmp_path):
    site._replaceable(tmp_path / "new")
    (tmp_path / "empty").mkdir()
    site._replaceable(tmp_path / "empty")
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    (earlier / site.MARK).touch()
    (earlier / "index.html").write_text("<html></html>")
    site._replaceable(earlier)
