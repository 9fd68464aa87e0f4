"""Shared fixtures. Every test runs against the repository checkout (ROOT)."""

import os
from pathlib import Path

import pytest

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


def pytest_configure(config):
    # nbval kernels started by this session must not touch the learner's progress file either
    os.environ.setdefault("BACKMICE_PROGRESS_FILE", str(Path(os.environ.get("TMPDIR", "/tmp")) /
                                                      f"backmice-test-progress-{os.getpid()}.json"))
