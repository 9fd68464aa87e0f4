"""backmice.schema remembers a data file that passed its schema (by a digest of both texts), so a
lesson does not import jsonschema again for it; any change is checked before it is used."""

import subprocess
import sys

import pytest

from backmice import paths, schema
from conftest import ROOT

SCHEMA = '{"type": "object", "properties": {"n": {"type": "integer", "maximum": 3}}, "required": ["n"]}'


@pytest.fixture
def data_dir(own_assets, tmp_path, monkeypatch):
    monkeypatch.setenv("BACKMICE_CACHE_DIR", str(tmp_path / "cache"))
    root = own_assets(schema._validator)
    (root / "schemas").mkdir()
    (root / "schemas" / "thing.schema.json").write_text(SCHEMA)
    (root / "data").mkdir()
    return root


def test_a_file_that_passed_is_remembered_and_still_read(data_dir):
    (data_dir / "data" / "thing.yaml").write_text("n: 2\n")
    assert schema.load("data/thing.yaml") == {"n": 2}
    assert len(list((data_dir / "cache" / "schema-ok").iterdir())) == 1
    assert schema.load("data/thing.yaml") == {"n": 2}  # from the stamp: same answer


def test_a_changed_file_is_checked_again_and_refused(data_dir):
    target = data_dir / "data" / "thing.yaml"
    target.write_text("n: 2\n")
    schema.load("data/thing.yaml")
    target.write_text("n: 7\n")
    with pytest.raises(ValueError, match="thing.yaml, n: 7 is greater than the maximum of 3"):
        schema.load("data/thing.yaml")


def test_a_changed_schema_is_checked_again(data_dir):
    (data_dir / "data" / "thing.yaml").write_text("n: 2\n")
    schema.load("data/thing.yaml")
    (data_dir / "schemas" / "thing.schema.json").write_text(SCHEMA.replace('"maximum": 3', '"maximum": 1'))
    schema._validator.cache_clear()
    with pytest.raises(ValueError, match="greater than the maximum of 1"):
        schema.load("data/thing.yaml")


def test_a_failure_is_never_remembered(data_dir):
    (data_dir / "data" / "thing.yaml").write_text("n: 9\n")
    for _ in range(2):
        with pytest.raises(ValueError):
            schema.load("data/thing.yaml")
    assert not (data_dir / "cache" / "schema-ok").exists()


def test_an_unwritable_cache_only_means_checking_each_time(data_dir, monkeypatch):
    blocker = data_dir / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("BACKMICE_CACHE_DIR", str(blocker / "cache"))
    (data_dir / "data" / "thing.yaml").write_text("n: 1\n")
    assert schema.load("data/thing.yaml") == {"n": 1}


def test_a_remembered_file_does_not_import_jsonschema(tmp_path):
    # What the cache is for: the second process to load the course's landmarks never imports
    # jsonschema (0.1 s per lesson). Two fresh processes, the same cache folder.
    code = ("import sys; from backmice.anatomy import model; model.landmarks(); "
            "print('jsonschema' in sys.modules)")
    env = {"BACKMICE_CACHE_DIR": str(tmp_path / "cache"), "BACKMICE_ROOT": str(ROOT), "PATH": "/usr/bin:/bin"}
    runs = [subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                           cwd=ROOT).stdout.strip() for _ in range(2)]
    assert runs == ["True", "False"]


# --- paths.parse_yaml keeps what a text parsed to (marshal, by a digest of the text) ------------

@pytest.fixture
def yaml_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKMICE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "yaml"


def _no_parser(monkeypatch):
    import yaml

    def refuse(*a, **k):
        raise AssertionError("parsed again")

    monkeypatch.setattr(yaml, "load", refuse)


def test_a_parsed_text_is_read_back_without_parsing(yaml_cache, monkeypatch):
    text = "a: [1, 2.5, true, null]\nb: {c: 'd'}\n"
    first = paths.parse_yaml(text, "x.yaml")
    assert len(list(yaml_cache.iterdir())) == 1
    _no_parser(monkeypatch)
    again = paths.parse_yaml(text, "x.yaml")
    assert again == first == {"a": [1, 2.5, True, None], "b": {"c": "d"}}
    assert again is not first and again["a"] is not first["a"]   # fresh objects, as a parse gives


def test_an_edited_text_is_parsed_and_broken_yaml_still_refused(yaml_cache):
    assert paths.parse_yaml("n: 1\n", "x.yaml") == {"n": 1}
    assert paths.parse_yaml("n: 2\n", "x.yaml") == {"n": 2}
    for _ in range(2):   # never remembered
        with pytest.raises(ValueError, match="x.yaml: not valid YAML"):
            paths.parse_yaml("n: [1\n", "x.yaml")
    assert len(list(yaml_cache.iterdir())) == 2


def test_a_damaged_cache_entry_is_parsed_again(yaml_cache):
    paths.parse_yaml("n: 1\n", "x.yaml")
    (entry,) = yaml_cache.iterdir()
    entry.write_bytes(b"\x00garbage")
    assert paths.parse_yaml("n: 1\n", "x.yaml") == {"n": 1}


def test_values_marshal_cannot_hold_are_parsed_each_time(yaml_cache):
    import datetime

    assert paths.parse_yaml("d: 2026-12-05\n", "x.yaml") == {"d": datetime.date(2026, 12, 5)}
    assert not yaml_cache.exists() or not list(yaml_cache.iterdir())


def test_an_unwritable_yaml_cache_only_means_parsing_each_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("BACKMICE_CACHE_DIR", str(blocker))   # a file: no folder can be made in it
    for _ in range(2):
        assert paths.parse_yaml("n: 1\n", "x.yaml") == {"n": 1}
