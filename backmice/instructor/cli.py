"""``backmice-course``: the instructor's command for a whole class (see ``--help``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .course import Course, CourseError

RECIPE = """\
The instructor's command for the Back Mice course: one class, one assignment at a time.
Run it in the course folder (the one with nbgrader_config.py), or give --root.

A term, step by step (a0_orientation as the example):

  0. backmice-course roster import classlist.csv
        once (and again whenever the class list changes): names, emails, LMS ids, sections;
        due dates and the late-work policy are in nbgrader_config.py (c.LateWork)
  1. backmice-course variant a0_orientation --seed 7
        optional: your own re-keyed copy (options shuffled, numbers re-drawn), because
        solutions/ is public; then use a0_orientation_v7 below
  2. backmice-course release a0_orientation [--exchange]
        makes the student version in assignments/ and records it in the gradebook;
        --exchange also hands it out through nbgrader's exchange (JupyterHub)
  3. backmice-course collect a0_orientation
        copies submissions from the exchange into submitted/<student>/a0_orientation/
        (or put them there yourself)
  4. backmice-course grade a0_orientation
        grades every new submission, in parallel, each within --timeout seconds and
        in a sandbox (bubblewrap: no network, nothing of the course visible);
        prints which submissions need you and why
  5. hand-grade written answers in JupyterLab: Nbgrader > Formgrader
        (flagged submissions are the ones that need attention)
  6. backmice-course feedback a0_orientation [--release]
        feedback/<student>/a0_orientation/*.html, without hidden tests or mark schemes;
        --release hands it back through the exchange
  7. backmice-course export [--format canvas|moodle|blackboard|d2l]
        grades.csv with a status and a reason on every row, or the file your LMS
        imports; late penalties applied (backmice-course extend STUDENT ASSIGNMENT --days N)
  8. backmice-course report a0_orientation
        reports/report.html: score distribution, item analysis, items that look broken

Exit status (every command):
  0  done: all graded
  1  done, but some submissions need attention (listed, with the reason)
  2  could not run (no nbgrader_config.py, gradebook, assignment or submissions)

Several graders at once: keep the gradebook in PostgreSQL (--db-url or
c.CourseDirectory.db_url); see docs/instructors.md.
"""


def _course(args) -> Course:
    return Course.open(Path(args.root) if args.root else None, args.db_url)


def cmd_release(args) -> int:
    from . import exchange

    course = _course(args)
    exchange.generate(course, args.assignment)
    print(f"Student version of {args.assignment} written to {course.release_dir / args.assignment}/ "
          f"and recorded in the gradebook.")
    if args.exchange:
        exchange.release(course, args.assignment, args.exchange_root)
        print(f"Released {args.assignment} to the exchange: students can fetch it now.")
    return 0


def cmd_collect(args) -> int:
    from . import exchange

    students = exchange.collect(_course(args), args.assignment, args.exchange_root)
    print(f"{len(students)} submission(s) of {args.assignment} in submitted/: {', '.join(students) or 'none'}")
    return 0


def _summary(report) -> str:
    from . import gradebook

    graded = [o for o in report.outcomes if not o.skipped]
    lines = [f"{report.assignment}: graded {len(graded)} submission(s) in {report.elapsed:.1f} s "
             f"({report.jobs} at a time)"
             + (f"; {len(report.outcomes) - len(graded)} unchanged since the last run, not graded again"
                if len(graded) < len(report.outcomes) else "") + "."]
    if not report.sandboxed:
        lines.append("  WITHOUT THE SANDBOX (--no-sandbox): every student's code ran unprotected, under "
                     "your account; the export says so on each row graded this way.")
    ok = [o for o in report.outcomes if not o.needs_attention]
    lines.append(f"  {len(ok)} graded normally" + ("" if report.sandboxed else " (unprotected)") + ".")
    if report.attention:
        lines.append(f"  {len(report.attention)} need attention:")
        width = max(len(o.student) for o in report.attention)
        for o in report.attention:
            what = "NOT GRADED" if o.status == gradebook.FAILED else "graded, check"
            lines.append(f"    {o.student:<{width}}  {what}: " + "; ".join(o.reasons))
    for cell, count in report.manual_pending.items():
        lines.append(f"  {count} wait for hand-grading of {cell} (Formgrader).")
    return "\n".join(lines)


def cmd_grade(args) -> int:
    from . import batch, latework

    course = _course(args)
    latework.from_config(course.config)  # a bad c.LateWork setting is named before grading starts
    report = batch.grade(course, args.assignment, jobs=args.jobs, timeout=args.timeout,
                         students=args.student or None, force=args.force,
                         max_output=int(args.max_output * 1e6), progress=not args.quiet,
                         sandbox=not args.no_sandbox)
    print(_summary(report))
    for line in latework.apply_course(course, [args.assignment]):  # from scratch: never twice
        print("  " + line)
    if report.attention:
        print(f"Exit status 1: graded, {len(report.attention)} need attention.")
    return report.exit_status


def cmd_feedback(args) -> int:
    from . import exchange, feedback

    course = _course(args)
    from . import latework

    latework.apply_course(course, [args.assignment])  # the feedback shows the late penalty
    result = course.nbgrader("generate_feedback", args.assignment, "--force")
    if result.returncode != 0:
        raise CourseError(f"nbgrader generate_feedback failed:\n{result.stdout}{result.stderr}")
    leaking = feedback.check_folder(course.feedback_dir)
    if leaking:
        raise CourseError("feedback would show hidden tests or a mark scheme (is "
                          "backmice.instructor.feedback.HideInstructorOnly in GenerateFeedback."
                          f"preprocessors?): {', '.join(leaking)}")
    pages = sorted(course.feedback_dir.glob(f"*/{args.assignment}/*.html"))
    print(f"{len(pages)} feedback page(s) in {course.feedback_dir}/<student>/{args.assignment}/ "
          "(no hidden tests, no mark schemes).")
    if args.release:
        exchange.release_feedback(course, args.assignment, args.exchange_root)
        print("Released to the exchange: students fetch it from the Assignment List.")
    return 0


def cmd_export(args) -> int:
    from . import export

    course = _course(args)
    if args.format != "csv" or args.missing or "LateWork" in course.config:  # LMS layouts, late work
        from . import lms

        return lms.cmd_export(course, args)
    out = Path(args.out) if args.out else course.root / "grades.csv"
    data = export.write(out, course.db_url, course.course_id, args.assignment or None)
    counts = {}
    for row in data:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    print(f"{len(data)} row(s) written to {out}: "
          + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
    attention = counts.get("needs attention", 0) + counts.get("not graded", 0)
    return 1 if attention else 0


def cmd_roster(args) -> int:
    from . import roster

    course = _course(args)
    result = roster.import_file(course.db_url, course.course_id, Path(args.file), args.id_from)
    print(f"Class list {args.file} imported into the gradebook.")
    for line in result.lines():
        print("  " + line)
    return 0


def cmd_extend(args) -> int:
    from . import latework

    return latework.cmd_extend(_course(args), args)


def cmd_report(args) -> int:
    from . import report

    course = _course(args)
    out = Path(args.out) if args.out else course.root / "reports" / "report.html"
    summary = report.write(course, out, args.assignment or None)
    print(f"Class report written to {out}")
    for line in summary.lines():
        print("  " + line)
    return 1 if summary.attention else 0


def cmd_variant(args) -> int:
    from . import variants

    course = _course(args)
    made = variants.make_variant(course.source_dir / args.assignment, args.seed,
                                 out_dir=Path(args.out) if args.out else course.source_dir)
    print(made.describe())
    print(f"Next: backmice-course release {made.assignment}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="backmice-course", description=RECIPE,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--root", help="the course folder (default: the folder with nbgrader_config.py, here or above)")
    p.add_argument("--db-url", help="gradebook URL, e.g. postgresql://grader@db/backmice "
                                    "(default: nbgrader_config.py's, else sqlite gradebook.db)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name, func, help, assignment=True, optional=False):
        s = sub.add_parser(name, help=help, description=help)
        if assignment:
            s.add_argument("assignment", nargs="*" if optional else None,
                           help="assignment id (a folder in solutions/)" + (" (default: all)" if optional else ""))
        s.set_defaults(func=func)
        return s

    s = add("release", cmd_release, "make the student version and record it in the gradebook")
    s.add_argument("--exchange", action="store_true", help="also release it through nbgrader's exchange")
    s.add_argument("--exchange-root", help="exchange folder (default: c.Exchange.root)")
    s = add("collect", cmd_collect, "copy submissions from the exchange into submitted/")
    s.add_argument("--exchange-root", help="exchange folder (default: c.Exchange.root)")
    s = add("grade", cmd_grade, "grade submissions in parallel, each under a hard time limit")
    s.add_argument("--jobs", "-j", type=int, default=None, help="submissions graded at once (default: one more than the number of cores)")
    s.add_argument("--timeout", type=float, default=120.0,
                   help="seconds of wall-clock time per submission before it is stopped (default: 120)")
    s.add_argument("--max-output", type=float, default=20.0,
                   help="megabytes of output per submission before it is stopped (default: 20)")
    s.add_argument("--student", action="append", help="grade only this student (repeatable); always re-grades")
    s.add_argument("--force", action="store_true", help="re-grade submissions that have not changed")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.add_argument("--no-sandbox", action="store_true",
                   help="run students' code WITHOUT the sandbox (unprotected, under your account); "
                        "said in the report and the export")
    s = add("feedback", cmd_feedback, "HTML feedback for each student, without hidden tests or mark schemes")
    s.add_argument("--release", action="store_true", help="also release it through the exchange")
    s.add_argument("--exchange-root", help="exchange folder (default: c.Exchange.root)")
    s = add("export", cmd_export, "grades.csv with a status and reason on every row", optional=True)
    s.add_argument("--out", help="CSV file (default: grades.csv, or grades-<format>.csv, in the course folder)")
    s.add_argument("--format", default="csv", choices=["csv", "canvas", "moodle", "blackboard", "d2l"],
                   help="csv (nbgrader's columns, status, reason) or the grade-import layout of "
                        "Canvas, Moodle, Blackboard or Brightspace (D2L) (default: csv)")
    s.add_argument("--missing", choices=["refuse", "flag"],
                   help="a student with no real score (no submission, needs attention, not yet "
                        "marked): refuse, naming them (default for the LMS formats), or flag: "
                        "empty score and a column saying why")
    s.add_argument("--id", default="email", choices=["email", "idnumber", "username"],
                   help="Moodle only: the column Moodle matches students on (default: email)")
    s = sub.add_parser("roster", help="the class list: backmice-course roster import FILE",
                       description="Import the class list (CSV: student id, names, email, LMS user "
                                   "id, SIS id, login id, section). Every bad row is named and nothing "
                                   "is imported until the file is right; re-importing updates names, "
                                   "never grades.")
    s.add_argument("action", choices=["import"], help="import: read FILE into the gradebook")
    s.add_argument("file", help="the class list, a CSV file")
    s.add_argument("--id-from", help="the column holding the student id, if it is not called "
                                     "student_id (e.g. 'SIS Login ID')")
    s.set_defaults(func=cmd_roster)
    s = sub.add_parser("extend", help="give a student more time on an assignment (late work)",
                       description="Give STUDENT an extension on ASSIGNMENT: their due date moves by "
                                   "--days/--hours; --remove takes it back. Their late penalty is "
                                   "worked out again at once.")
    s.add_argument("student")
    s.add_argument("assignment")
    how = s.add_mutually_exclusive_group(required=True)
    how.add_argument("--days", type=float, help="days of extra time")
    how.add_argument("--hours", type=float, help="hours of extra time")
    how.add_argument("--remove", action="store_true", help="remove the extension")
    s.set_defaults(func=cmd_extend)
    s = add("report", cmd_report, "HTML class report: scores, item analysis, broken-looking items", optional=True)
    s.add_argument("--out", help="HTML file (default: reports/report.html)")
    s = add("variant", cmd_variant, "a re-keyed copy of an assignment (shuffled options, re-drawn numbers)")
    s.add_argument("--seed", type=int, required=True, help="any number; the same seed gives the same variant")
    s.add_argument("--out", help="folder to create the variant in (default: solutions/)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except CourseError as exc:
        print(f"backmice-course: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("backmice-course: stopped.", file=sys.stderr)
        return 2
    except Exception as exc:  # exit status 1 means "graded, some need attention": never this
        import traceback

        traceback.print_exc()
        print(f"backmice-course: could not run: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
