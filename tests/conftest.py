"""Shared fixtures. Every test runs against the repository checkout (ROOT)."""

import os
from pathlib import Path

# Build every plotly figure fully validated in tests (and in the kernels they start), so a
# mistake in a figure fails here; lessons skip that validation for speed (backmice.widgets).
os.environ["BACKMICE_VALIDATE_FIGURES"] = "1"
# The schema cache (backmice.schema) of a test run lives in a throw-away folder: tests never write
# into the contributor's ~/.cache, and every run checks every data file against its schema again.
if "BACKMICE_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["BACKMICE_CACHE_DIR"] = tempfile.mkdtemp(prefix="backmice-test-cache-")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("*/*.ipynb"))


@pytest.fixture(autouse=True)
def _isolated_progress(tmp_path, monkeypatch):
    """No test ever writes to the real ~/.backmice/progress.json."""
    monkeypatch.setenv("BACKMICE_PROGRESS_FILE", str(tmp_path / "progress.json"))
    from backmice import progress

    progress._store = None
    yield
    progress._store = None


@pytest.fixture
def own_assets(tmp_path, monkeypatch):
    """``own_assets(*loaders)``: backmice reads its assets from the test's tmp_path (returned;
    write the files there); the loaders' caches are emptied now and again after the test."""
    from backmice import paths

    used = []

    def use(*loaders):
        monkeypatch.setattr(paths, "assets", lambda: tmp_path)
        for loader in loaders:
            loader.cache_clear()
            used.append(loader)
        return tmp_path

    yield use
    monkeypatch.undo()
    for loader in used:
        loader.cache_clear()


def pytest_configure(config):
    # nbval kernels started by this session must not touch the learner's progress file either
    os.environ.setdefault("BACKMICE_PROGRESS_FILE", str(Path(os.environ.get("TMPDIR", "/tmp")) /
                                                      f"backmice-test-progress-{os.getpid()}.json"))
