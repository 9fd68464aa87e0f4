"""Regenerate the student version (assignments/) from the instructor version (solutions/).

    python -m backmice.release --all            # what `make assignments` runs
    python -m backmice.release a1_anatomy       # one assignment
    python -m backmice.release --validate --all # every solution must score full marks

nbgrader does the work (`nbgrader generate_assignment`), with a throw-away gradebook so that an
instructor's real gradebook.db is never touched by regenerating the committed release.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def nbgrader_env() -> dict[str, str]:
    """Environment for nbgrader subprocesses: this interpreter's bin/ first on PATH
    (nbgrader shells out to `alembic`), warnings off so they never reach a graded cell."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.setdefault("PYTHONWARNINGS", "ignore")
    return env


def nbgrader(*args: str, root: Path, check: bool = True, timeout: float | None = 600,
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run an nbgrader command in the course folder ``root`` (the course's one nbgrader runner;
    ``env`` defaults to :func:`nbgrader_env`)."""
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=root, env=env or nbgrader_env(),
                          capture_output=True, text=True, check=check, timeout=timeout)


def assignment_ids(root: Path = ROOT) -> list[str]:
    return sorted(p.name for p in (root / "solutions").iterdir()
                  if p.is_dir() and any(p.glob("*.ipynb")))


def generate(ids: list[str], *, root: Path = ROOT, release_dir: Path | None = None,
             db_url: str | None = None) -> Path:
    """Generate the release of each assignment into ``release_dir`` (default: root/assignments).

    With no ``db_url`` a temporary gradebook is used and thrown away.
    """
    release_dir = Path(release_dir) if release_dir else root / "assignments"
    with tempfile.TemporaryDirectory(prefix="backmice-db-") as tmp:
        url = db_url or f"sqlite:///{Path(tmp) / 'gradebook.db'}"
        for aid in ids:
            target = release_dir / aid
            if target.exists():
                shutil.rmtree(target)  # no stale files from an earlier version
            nbgrader("generate_assignment", aid, "--force", "--log-level=WARN",
                     f"--CourseDirectory.root={root}",
                     f"--CourseDirectory.release_directory={release_dir}",
                     f"--CourseDirectory.db_url={url}", root=root)
    return release_dir


def validate(ids: list[str], *, root: Path = ROOT) -> list[str]:
    """Problems found by `nbgrader validate` on each solution (empty list: all full marks)."""
    problems = []
    for aid in ids:
        for nb in sorted((root / "solutions" / aid).glob("*.ipynb")):
            result = nbgrader("validate", str(nb), root=root, check=False)
            if "Success! Your notebook passes all the tests." not in result.stdout:
                problems.append(f"{nb.relative_to(root)}:\n{result.stdout}{result.stderr}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ids", nargs="*", help="assignment ids (folders in solutions/)")
    parser.add_argument("--all", action="store_true", help="every assignment in solutions/")
    parser.add_argument("--validate", action="store_true", help="check solutions instead of generating")
    args = parser.parse_args(argv)
    ids = assignment_ids() if args.all else args.ids
    if not ids:
        parser.error("name assignment ids, or use --all")
    unknown = [i for i in ids if not (ROOT / "solutions" / i).is_dir()]
    if unknown:
        parser.error(f"no such assignment in solutions/: {', '.join(unknown)}")
    if args.validate:
        problems = validate(ids)
        for p in problems:
            print(p)
        print(f"{len(ids) - len(problems)} of {len(ids)} solution notebooks score full marks.")
        return 1 if problems else 0
    try:
        out = generate(ids)
    except subprocess.CalledProcessError as exc:
        print(exc.stdout, exc.stderr, sep="\n", file=sys.stderr)
        return 1
    print(f"Generated {', '.join(ids)} into {out.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
