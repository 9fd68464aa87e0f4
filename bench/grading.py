"""Benchmark: serial and parallel grading of a synthetic class (run by `make bench`).

    python bench/grading.py --students 60 --json out.json

Builds a throw-away copy of the course, releases the largest assignment present (the most
graded cells), writes a synthetic class (backmice.instructor.synthetic: believable answers,
exact expected scores), then grades it with `backmice-course grade`'s engine (each kernel in
the sandbox, unless --no-sandbox) serially
(--jobs 1) and in parallel (--jobs = cores), the median of several runs where affordable.
Every run's scores are checked against the expected ones: a fast wrong answer fails the bench.
Prints a table; --json writes the numbers (seconds, per submission, CPU seconds per
submission, the load average when it ran: other work on the machine slows everything).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backmice.instructor import batch, gradebook, synthetic  # noqa: E402
from backmice.instructor.course import Course  # noqa: E402

COPIED = ("nbgrader_config.py", "solutions", "assets", "lessons")


def largest_assignment(root: Path) -> str:
    import nbformat

    sizes = {}
    for folder in sorted((root / "solutions").iterdir()):
        notebooks = list(folder.glob("*.ipynb"))
        if len(notebooks) != 1:
            continue  # the synthetic class writes one-notebook assignments
        nb = nbformat.read(str(notebooks[0]), as_version=4)
        graded = sum(1 for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade"))
        sizes[folder.name] = (graded, len(nb.cells))
    if not sizes:
        raise SystemExit("no assignment in solutions/")
    return max(sizes, key=lambda k: (sizes[k], k))


def setup(work: Path, assignment: str | None, students: int, seed: int) -> tuple[Course, str, dict]:
    for name in COPIED:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, work / name)
    assignment = assignment or largest_assignment(work)
    env = {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force"],
                   cwd=work, env=env, check=True, capture_output=True)
    expected = synthetic.make_class(work, assignment, [f"s{i:03d}" for i in range(students)], seed=seed)
    return Course.open(work), assignment, expected


def check(course: Course, assignment: str, expected: dict) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url, course.course_id) as gb:
        scores = gradebook.scores(gb, assignment)
    for student, data in expected.items():
        for cell, want in data["expected"].items():
            got = scores[student][cell]
            if got is None or abs(got - want) > 1e-9:
                raise SystemExit(f"wrong score: {student} {cell} {scores[student][cell]} != {want}")


def run(course: Course, assignment: str, jobs: int, expected: dict, sandbox: bool = True) -> dict:
    start = time.perf_counter()
    report = batch.grade(course, assignment, jobs=jobs, force=True, progress=False, sandbox=sandbox)
    seconds = time.perf_counter() - start
    if report.attention:  # (with --no-sandbox every row says so, but is graded normally)
        raise SystemExit(f"unexpected attention: {[(o.student, o.reasons) for o in report.attention]}")
    check(course, assignment, expected)
    return {"seconds": seconds, "cpu_per_submission": sum(o.cpu for o in report.outcomes) / len(report.outcomes)}


def nbgrader_baseline(course: Course, assignment: str) -> float:
    for d in ("autograded",):
        shutil.rmtree(course.root / d, ignore_errors=True)
    env = {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "nbgrader", "autograde", assignment, "--force"], cwd=course.root,
                   env=env, capture_output=True)
    return time.perf_counter() - start


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--students", type=int, default=60)
    p.add_argument("--assignment", help="default: the largest assignment in solutions/")
    p.add_argument("--repeat", type=int, default=3, help="runs of each mode, if affordable (default 3)")
    p.add_argument("--budget", type=float, default=600, help="seconds to spend at most on repeats (default 600)")
    p.add_argument("--jobs", type=int, default=None, help="parallel jobs (default: as backmice-course grade: cores + 1)")
    p.add_argument("--baseline", action="store_true", help="also time one plain `nbgrader autograde` run")
    p.add_argument("--json", help="write the results here")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--no-sandbox", action="store_true",
                   help="grade without the sandbox (backmice-course grade --no-sandbox), for comparison")
    args = p.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="backmice-bench-"))
    try:
        course, assignment, expected = setup(work, args.assignment, args.students, args.seed)
        jobs = args.jobs or batch.default_jobs()
        load = os.getloadavg()[0]
        results = {"serial": [], "parallel": []}
        spent, started = 0.0, time.perf_counter()
        for i in range(max(1, args.repeat)):
            for mode, n in (("parallel", jobs), ("serial", 1)):
                if i > 0 and time.perf_counter() - started > args.budget:
                    continue
                results[mode].append(run(course, assignment, n, expected, sandbox=not args.no_sandbox))
                print(f"  {mode:8s} run {i + 1}: {results[mode][-1]['seconds']:.1f} s", file=sys.stderr)
        spent = time.perf_counter() - started
        summary = {"assignment": assignment, "students": args.students, "jobs": jobs, "cores": batch.cores(),
                   "sandbox": not args.no_sandbox,
                   "load_average_at_start": round(load, 2), "total_bench_seconds": round(spent, 1)}
        for mode, runs in results.items():
            secs = [r["seconds"] for r in runs]
            summary[mode] = {"runs": len(runs), "median_seconds": round(statistics.median(secs), 2),
                             "all_seconds": [round(s, 2) for s in secs],
                             "seconds_per_submission": round(statistics.median(secs) / args.students, 3),
                             "cpu_seconds_per_submission": round(statistics.median(r["cpu_per_submission"] for r in runs), 3)}
        summary["speedup"] = round(summary["serial"]["median_seconds"] / summary["parallel"]["median_seconds"], 2)
        if args.baseline:
            summary["nbgrader_autograde_seconds"] = round(nbgrader_baseline(course, assignment), 2)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"\nGrading {args.students} submissions of {assignment}, "
          + ("in the sandbox " if summary["sandbox"] else "WITHOUT the sandbox ")
          + f"({summary['cores']} cores, load average {summary['load_average_at_start']} at start)\n")
    print(f"{'mode':<10}{'jobs':>5}{'runs':>6}{'median s':>11}{'s/submission':>14}{'CPU s/submission':>18}")
    for mode, n in (("serial", 1), ("parallel", jobs)):
        m = summary[mode]
        print(f"{mode:<10}{n:>5}{m['runs']:>6}{m['median_seconds']:>11.1f}{m['seconds_per_submission']:>14.2f}"
              f"{m['cpu_seconds_per_submission']:>18.2f}")
    print(f"\nspeed-up {summary['speedup']}x" + (f"; plain nbgrader autograde (one run): "
                                                 f"{summary['nbgrader_autograde_seconds']} s" if args.baseline else ""))
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
