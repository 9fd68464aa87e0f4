"""Build the course website: ``make site`` or ``python -m backmice.site --out site``.

Jupyter Book 1 (Sphinx, sphinx-book-theme, myst-nb; the ``site`` extra of pyproject.toml) turns
the lessons into static pages, executing each one so the pages show what the code draws. The
build never touches lessons/: it works in a build copy (a temporary folder):

1. ``docs/site/`` is copied in: the book's configuration template (``_config.yml``), the home
   page and glossary templates, the site's CSS (``_static/``) and its Sphinx extension (``_ext/``).
2. Each lesson is copied to ``lessons/<id>.ipynb`` (the same path as in the repository, so the
   launch buttons open the same file) with three changes:
   - a hidden first cell calls :func:`backmice.static.activate` with the lesson's id;
   - citations in the markdown, ``[@a; @b]``, are written out as "(Author Year; Author Year)",
     each linked to its entry in the page's reference list (``#ref-<key>``, the anchors that
     ``references.show`` writes on the site) or, for a key the list does not hold, to its DOI,
     PubMed record or URL (:func:`backmice.static.cite_markdown`). Done here rather than in a
     Sphinx transform because the reference list is itself an output of the notebook: one rule,
     in Python, for both;
   - the lesson's set-up cell is hidden, and the code of the other cells too (a reader sees each
     cell's output; the code is one line calling the package, there when the lesson is run);
   - a note below the title says the page is a read-only copy and how to run the lesson.
3. The home page gets the course map and each lesson's objectives (``assets/course.yaml`` and
   the lessons' "Objectives"); the glossary page every term (:mod:`backmice.glossary`).
4. ``_config.yml`` gets ``repository`` and ``launch_buttons`` from the one ``launch:`` setting
   of ``assets/course.yaml`` (:mod:`backmice.launch`); the JupyterHub button appears when a hub
   is set there. ``_toc.yml`` lists the lessons built.
5. plotly.js (from the installed plotly package), and the self-checks' script and style
   (:mod:`backmice.static_quiz`) go into ``_static``; nothing on a page comes from a CDN.
6. ``jupyter-book config sphinx`` writes conf.py, and Sphinx builds the HTML with the lessons
   executed by myst-nb under ``BACKMICE_STATIC=1`` (:mod:`backmice.static`: every tool renders as
   its figure, its text alternative and launch links), ``-j`` processes at once. A failing cell
   or any Sphinx warning (``-W``: a broken reference, a bad toc) fails the build.

From Python (the site tests): ``build(out, only=["00_start_here"])`` builds a subset.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import paths

SOURCE = "docs/site"
SETUP_TAGS = ["remove-cell"]     # the set-up cell runs, the page does not show it
CODE_TAGS = ["remove-input"]     # the other cells: output only
# No cell is "full-width" (sphinx-book-theme: into the right margin): there the output ran under
# the page's "Contents" sidebar on a laptop and hid part of a figure. Figures take the width of
# the text column instead, down to a minimum width (backmice.static.figure_html).


def lessons() -> list[str]:
    """Every lesson id, in course order (lessons/*.ipynb)."""
    return sorted(p.stem for p in (paths.course_root() / "lessons").glob("*.ipynb"))


def _cell_source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def prepare_lesson(lesson: str, dest: Path) -> None:
    """Write the build copy of one lesson (see the module docstring, step 2)."""
    from . import static
    from .references import lesson_keys

    nb = json.loads(paths.lesson_path(lesson).read_text(encoding="utf-8"))
    local = set(lesson_keys(lesson))
    first_code, first_text = True, True
    for cell in nb["cells"]:
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if cell["cell_type"] == "markdown":
            cell["source"] = static.cite_markdown(_cell_source(cell), local)
            if first_text:
                cell["source"] = _with_read_only_note(cell["source"], lesson)
                first_text = False
        elif cell["cell_type"] == "code":
            wanted = SETUP_TAGS if first_code else CODE_TAGS
            tags.extend(t for t in wanted if t not in tags)
            first_code = False
    hidden = {"cell_type": "code", "execution_count": None, "id": "bm-static-activate",
              "metadata": {"tags": ["remove-cell"]}, "outputs": [],
              "source": f"import backmice.static\nbackmice.static.activate({lesson!r})"}
    nb["cells"].insert(0, hidden)
    nb["metadata"].setdefault("kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"})
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")


def read_only_note(lesson: str) -> str:
    """The note at the top of each lesson page: the text speaks of running cells, the page
    cannot run them."""
    from . import launch

    return (":::{note}\nThis page is a **read-only copy** of the lesson: its code cells are hidden "
            "and each tool shows its first view. To run the cells and use the tools, open the "
            f"lesson with the launch button (the rocket at the top of the page) or "
            f"[on Binder]({launch.binder_url(lesson)}).\n:::\n")


def _with_read_only_note(source: str, lesson: str) -> str:
    """The lesson's first markdown cell with :func:`read_only_note` below its title."""
    m = re.search(r"^#\s+.+$\n?", source, flags=re.M)
    at = m.end() if m else 0
    return source[:at] + "\n" + read_only_note(lesson) + "\n" + source[at:].lstrip("\n")


def objectives(lesson: str) -> str:
    """The "Objectives" section of a lesson's first markdown cell (its numbered list)."""
    nb = json.loads(paths.lesson_path(lesson).read_text(encoding="utf-8"))
    text = next(_cell_source(c) for c in nb["cells"] if c["cell_type"] == "markdown")
    m = re.search(r"^#+\s*Objectives\s*$(.*?)(?=^#|^>|\Z)", text, flags=re.M | re.S)
    return m.group(1).strip() if m else ""


def _title(lesson: str) -> str:
    nb = json.loads(paths.lesson_path(lesson).read_text(encoding="utf-8"))
    first = next(_cell_source(c) for c in nb["cells"] if c["cell_type"] == "markdown")
    m = re.search(r"^#\s+(.+)$", first, flags=re.M)
    return m.group(1).strip() if m else lesson


def home_sections(built: list[str]) -> tuple[str, str]:
    """The home page's course map (a table) and the objectives of each lesson (markdown)."""
    from . import static

    course = paths.read_yaml(paths.assets() / "course.yaml")

    def ref(lesson: str, text: str) -> str:
        return f"[{text}](lessons/{lesson}.ipynb)" if lesson in built else text

    # raw HTML, not a markdown table: each cell carries its column's name, so that on a narrow
    # screen (docs/site/_static/backmice.css) every module reflows into a card of labelled lines
    def link(lesson: str, text: str) -> str:
        text = html.escape(text)
        return f"<a href='lessons/{lesson}.html'>{text}</a>" if lesson in built else text

    cols = ["Module", "Lessons", "Time", "Assignment", "What is assessed"]
    body = []
    for m in course["modules"]:
        links = ", ".join(link(lesson, _title(lesson).split("\u00b7", 1)[0].strip())
                          for lesson in m["lessons"] if paths.lesson_path(lesson).exists())
        cells = [links or "in preparation", f"{m['minutes']} min",
                 f"<code>{html.escape(m['assignment'])}</code>", html.escape(m["assesses"])]
        body.append(f"<tr><th scope='row'>{html.escape(m['title'])}</th>"
                    + "".join(f"<td data-label='{c}'>{v}</td>" for c, v in zip(cols[1:], cells)) + "</tr>")
    head = "".join(f"<th scope='col'>{c}</th>" for c in cols)
    rows = ["## The course map", "", "```{raw} html",
            f"<table class='bm-cards bm-home-map'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>",
            "```"]
    total = sum(m["minutes"] for m in course["modules"])
    rows += ["", f"About {total // 60} h {total % 60:02d} min of lessons in all, plus the assignments."]
    parts = ["## What you will be able to do", ""]
    for m in course["modules"]:
        for lesson in m["lessons"]:
            if not paths.lesson_path(lesson).exists():
                continue
            parts += [f"### {ref(lesson, _title(lesson))}", "",
                      f"*{m['title']}, about {m['minutes']} minutes for the module.*", "",
                      static.cite_markdown(objectives(lesson), set()), ""]
    return "\n".join(rows), "\n".join(parts)


def book_config(template: Path) -> str:
    """The final _config.yml: the template plus the launch setting (the one source)."""
    import yaml

    from . import launch

    config = yaml.safe_load(template.read_text(encoding="utf-8"))
    s = launch.settings()
    # path_to_book "": the build copy mirrors the repository (lessons/<id>.ipynb)
    config["repository"] = {"url": s.repository, "branch": s.branch, "path_to_book": ""}
    config["launch_buttons"] = {"notebook_interface": "jupyterlab", "binderhub_url": s.binderhub,
                                "thebe": False}
    if launch.hub_url():
        config["launch_buttons"]["jupyterhub_url"] = launch.hub_url()
    head = "# Generated by backmice/site.py from docs/site/_config.yml and assets/course.yaml\n"
    return head + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def prepare(work: Path, only: list[str] | None = None) -> list[str]:
    """Fill ``work`` with the book's sources (steps 1 to 5); returns the lessons included."""
    from . import glossary, launch, static

    root = paths.course_root()
    chosen = lessons() if not only else [x for x in lessons() if x in set(only)]
    unknown = set(only or ()) - set(chosen)
    if unknown:
        raise ValueError(f"unknown lesson(s): {', '.join(sorted(unknown))}; known: {', '.join(lessons())}")
    shutil.copytree(root / SOURCE, work, dirs_exist_ok=True)
    for lesson in chosen:
        prepare_lesson(lesson, work / "lessons" / f"{lesson}.ipynb")

    course_map, objs = home_sections(chosen)
    home = (work / "index.md").read_text(encoding="utf-8")
    # the home page cites like a lesson: (Author Year) linked to the source
    home = static.cite_markdown(home, set())
    home = home.replace("<!-- backmice:course-map -->", course_map).replace("<!-- backmice:objectives -->", objs)
    # the first lesson's launch links (backmice.launch: the README badge's URL), as raw HTML
    first = launch.settings().first_lesson
    home = home.replace("<!-- backmice:launch -->", "```{raw} html\n<p class='bm-run-note'>"
                        + static.launch_html(first).replace("this lesson", "the course") + "</p>\n```")
    (work / "index.md").write_text(home, encoding="utf-8")
    terms = glossary.load()
    # a subset build links only to the pages it has
    markup = static.glossary_html(terms, titles={x: _title(x) for x in lessons()}, linked=set(chosen))
    markup = re.sub(r"href='(\d\d_\w+)\.html'", r"href='lessons/\1.html'", static.cite_brackets(markup, set()))
    page = (work / "glossary.md").read_text(encoding="utf-8")
    (work / "glossary.md").write_text(page.replace("<!-- backmice:glossary -->",
                                                   "```{raw} html\n" + markup + "\n```"), encoding="utf-8")

    toc = ["format: jb-book", "root: index", "chapters:"]
    toc += [f"- file: lessons/{lesson}" for lesson in chosen] + ["- file: glossary"]
    (work / "_toc.yml").write_text("\n".join(toc) + "\n", encoding="utf-8")

    import plotly

    static_dir = work / "_static"
    shutil.copy2(Path(plotly.__file__).parent / "package_data" / "plotly.min.js", static_dir / "plotly.min.js")
    try:
        from . import static_quiz
    except ImportError:  # the self-checks' static rendering is optional for the build
        static_quiz = None
    if static_quiz is not None:
        for name in static_quiz.ASSETS:
            source = static_quiz.ASSET_DIR / name
            if source.exists():
                shutil.copy2(source, static_dir / name)
    (work / "_config.yml").write_text(book_config(root / SOURCE / "_config.yml"), encoding="utf-8")
    return chosen


# A folder the build made holds this file; only such a folder (or an empty one) is ever replaced.
MARK = ".backmice-site"


def _replaceable(folder: Path) -> None:
    """Refuse to replace a folder the build did not make (``--out ~/Documents`` must not empty it)."""
    earlier = (folder / MARK).exists() or ((folder / "index.html").is_file() and (folder / "_static").is_dir())
    if folder.exists() and (not folder.is_dir() or (any(folder.iterdir()) and not earlier)):
        raise ValueError(f"{folder} exists and was not made by this build: choose a new or empty folder "
                         "(the build replaces the whole folder it writes)")


def build(out: Path | str, only: list[str] | None = None, *, jobs: int = 1, keep: Path | None = None,
          quiet: bool = True) -> Path:
    """Build the website into ``out`` (replaced) and return it; ``only``: lesson ids to include
    (default: every lesson). ``jobs``: Sphinx processes (lessons execute in parallel). ``keep``:
    a folder for the build copy, kept for inspection (default: a temporary one, removed).
    Raises ValueError for an unknown lesson id and RuntimeError (with Sphinx's output when
    ``quiet``) when the build fails."""
    out = Path(out).resolve()
    root = paths.course_root()
    _replaceable(out)
    work = Path(keep).resolve() if keep else Path(tempfile.mkdtemp(prefix="backmice-site-"))
    if keep:
        _replaceable(work)
        if work.exists():
            shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    (work / MARK).touch()
    try:
        chosen = prepare(work, only)
        env = dict(os.environ, BACKMICE_STATIC="1", BACKMICE_ROOT=str(root),
                   # the build's self-checks and progress never touch the learner's store
                   BACKMICE_PROGRESS_FILE=str(work / "progress.json"),
                   # the lessons this build has pages for (links to the others would break)
                   BACKMICE_SITE_LESSONS=",".join(chosen),
                   JUPYTER_PREFER_ENV_PATH="1", PYDEVD_DISABLE_FILE_VALIDATION="1",
                   # the site's Sphinx extension (docs/site/_ext); conf.py does not add it
                   PYTHONPATH=os.pathsep.join(filter(None, [str(work / "_ext"), os.environ.get("PYTHONPATH")])))
        env.pop("BACKMICE_VALIDATE_FIGURES", None)
        bindir = Path(sys.executable).parent
        env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
        run = dict(env=env, check=True, cwd=work)
        if quiet:
            run.update(stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            subprocess.run([str(bindir / "jupyter-book"), "config", "sphinx", str(work)], **run)
            with open(work / "conf.py", "a", encoding="utf-8") as conf:
                # Jupyter Book always loads these; the site uses neither (no live code, no
                # comments), and sphinx-thebe writes its inline script (a CDN URL) twice per
                # page, a JavaScript error in every browser console.
                conf.write("\nextensions = [e for e in extensions if e not in ('sphinx_thebe', 'sphinx_comments')]\n")
            html = work / "_build" / "html"
            subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-j", str(jobs), "-q",
                            "-W", "--keep-going", "-E", str(work), str(html)], **run)
        except subprocess.CalledProcessError as exc:
            raise RuntimeError(f"the site build failed:\n{exc.stdout or ''}") from None
        if out.exists():
            shutil.rmtree(out)
        # not copied: Sphinx's build state, the theme's source maps (3 MB, for its developers)
        # and its Jinja macro files (templates that land in _static, not pages)
        shutil.copytree(html, out, ignore=shutil.ignore_patterns(".buildinfo", ".doctrees", "*.map",
                                                                 "*webpack-macros.html"))
        (out / MARK).touch()
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    return out


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backmice.site", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="site", help="output folder (replaced; default: site)")
    parser.add_argument("--only", default="", help="comma-separated lesson ids, e.g. 00_start_here,05_evidence_appraisal")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="Sphinx processes")
    parser.add_argument("--keep", default=None, help="keep the build copy in this folder")
    parser.add_argument("--verbose", action="store_true", help="show Sphinx's output")
    args = parser.parse_args(argv)
    only = [x.strip() for x in args.only.split(",") if x.strip()] or None
    start = time.perf_counter()
    try:
        out = build(args.out, only, jobs=args.jobs, keep=args.keep, quiet=not args.verbose)
    except (RuntimeError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"website built in {out} ({_size(out) / 1e6:.1f} MB, {time.perf_counter() - start:.0f} s); "
          f"open {out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
