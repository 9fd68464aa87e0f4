"""assignments/ is exactly what nbgrader generates from solutions/ (never edited by hand)."""

import json

import pytest

from backmice import release
from conftest import ROOT


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    out = tmp_path_factory.mktemp("release")
    release.generate(release.assignment_ids(), release_dir=out)
    return out


def _files(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*")
                  if p.is_file() and ".ipynb_checkpoints" not in p.parts)


def test_same_files(regenerated):
    assert _files(ROOT / "assignments") == _files(regenerated), "run `make assignments` and commit the result"


@pytest.mark.parametrize("assignment", release.assignment_ids())
def test_same_content(regenerated, assignment):
    for committed in sorted((ROOT / "assignments" / assignment).rglob("*")):
        if not committed.is_file():
            continue
        fresh = regenerated / committed.relative_to(ROOT / "assignments")
        if committed.suffix == ".ipynb":
            a, b = json.loads(committed.read_text()), json.loads(fresh.read_text())
            for i, (ca, cb) in enumerate(zip(a["cells"], b["cells"])):
                assert ca == cb, f"{committed.name} cell {i} differs: run `make assignments`"
            assert a == b, f"{committed.name} differs: run `make assignments`"
        else:
            assert committed.read_bytes() == fresh.read_bytes(), committed.name
