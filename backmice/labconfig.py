"""How JupyterLab is started for the course: the student's lab and the instructor's.

One place decides which server and front-end extensions a student's JupyterLab loads and what
the instructor's switch adds back, so `make lab`, `python -m backmice lab`, the browser tests and
`make bench` all start the same JupyterLab. Standard library only: `python -m backmice lab`
imports this before the course's environment exists.

Everything is applied per launch, with documented Jupyter mechanisms, so one install serves both:

- server extensions: `--ServerApp.jpserver_extensions={name: False}` on the command line
  (overrides what the install enabled, for this process only);
- front-end extensions and the build check: a `labconfig/page_config.json` in a folder put first
  on `JUPYTER_CONFIG_PATH` (JupyterLab reads `disabledExtensions`, `buildCheck` and
  `buildAvailable` from every Jupyter config folder).

The student's lab leaves out what only an instructor uses, and what costs start-up time without
serving a lesson (measured in docs/performance.md): nbgrader (its server extensions take about
0.5 s to import, its front end makes requests at every start), the language-server bridge, the
terminal, Notebook 7's pages and buttons, the extension manager and JupyterLab's "build needed?"
check (about 1 s of server CPU while the page loads); its page does not even list the front ends
the course does not use (backmice.labpage: jupyterlab-plotly's 4.85 MB above all). The instructor's lab
(`make lab INSTRUCTOR=1`, `python -m backmice lab --instructor`) loads everything installed.
Both, as the launcher starts them on lesson 00, also load the course's own server extension
backmice.labstart (`lab_args(prestart_kernel=True)`): lesson 00's kernel starts with the server
instead of when the page asks for it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

# assets/jupyterlab/student: the student's JUPYTER_CONFIG_PATH entry (labconfig/page_config.json).
STUDENT_CONFIG = Path(__file__).resolve().parent.parent / "assets" / "jupyterlab" / "student"

# nbgrader's server extensions: Formgrader, the assignment and course lists, Validate.
NBGRADER_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.validate_assignment",
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.course_list",
)
# Server extensions a student's lab does not start (nbgrader's, plus what no lesson uses).
STUDENT_OFF_SERVER_EXTENSIONS = NBGRADER_SERVER_EXTENSIONS + (
    "jupyter_lsp",               # language servers: none is installed, and lessons need none
    "jupyter_server_terminals",  # a shell in the browser: not part of any lesson
    "notebook",                  # Notebook 7's own pages (/tree, /notebooks): the course is JupyterLab
)


def student_page_config() -> dict:
    """The front-end settings of the student's lab (read from the committed JSON file)."""
    return json.loads((STUDENT_CONFIG / "labconfig" / "page_config.json").read_text(encoding="utf-8"))


# The course's server extension for the student's page: it leaves out front-end extensions the
# course does not use (jupyterlab-plotly's 4.85 MB above all), which JupyterLab would load at
# every start even when disabled.
PAGE_EXTENSION = "backmice.labpage"

# The course's own server extension: the kernel of the notebook the lab is started on
# (`jupyter lab lessons/00_start_here.ipynb`) starts with the server, not when the page asks.
PRESTART_EXTENSION = "backmice.labstart"


def lab_args(instructor: bool = False, prestart_kernel: bool = True) -> list[str]:
    """Extra command-line arguments for `jupyter lab` (student: the default).

    ``prestart_kernel`` loads backmice.labstart, which starts the kernel of the notebook given on
    the command line (`make lab` opens lesson 00) while the browser loads JupyterLab; it does
    nothing in a lab started without a notebook. The launcher keeps the default (student's and
    instructor's lab); the browser tests' labs switch it off unless a test asks for it.
    """
    # A Python dict literal is what traitlets parses for a Dict option on the command line; keys
    # not named keep what the install's config enabled.
    extensions = {} if instructor else {**{name: False for name in STUDENT_OFF_SERVER_EXTENSIONS},
                                        PAGE_EXTENSION: True}
    if prestart_kernel:
        extensions[PRESTART_EXTENSION] = True
    if not extensions:
        return []  # the instructor's: everything the install enabled, nbgrader included
    return ["--ServerApp.jpserver_extensions={" + ", ".join(f"{k!r}: {v}" for k, v in extensions.items()) + "}"]


def lab_env(instructor: bool = False) -> dict[str, str]:
    """Extra environment variables for the JupyterLab process.

    The instructor's lab gets the same keys with the student's folder left out, so a caller that
    merges this into an environment inherited from a student's launch cannot keep it by accident.
    """
    current = [p for p in os.environ.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep)
               if p and Path(p) != STUDENT_CONFIG]
    paths = current if instructor else [str(STUDENT_CONFIG), *current]
    return {"JUPYTER_CONFIG_PATH": os.pathsep.join(paths)}


def write_student_defaults(prefix: str | None = None) -> list[Path]:
    """Make the student's lab the default of an environment (Binder: `jupyter lab` is started by
    Binder itself, with no arguments of ours). Writes, under ``prefix``/etc/jupyter, a server
    config that switches the student's server extensions off and the student's page_config.json.
    For environments that serve only students; `make lab` never calls this."""
    etc = Path(prefix or sys.prefix) / "etc" / "jupyter"
    server = etc / "jupyter_server_config.d" / "zz-backmice-student.json"  # read after nbgrader.json
    server.parent.mkdir(parents=True, exist_ok=True)
    server.write_text(json.dumps({"ServerApp": {"jpserver_extensions": {
        **{name: False for name in STUDENT_OFF_SERVER_EXTENSIONS}, PAGE_EXTENSION: True}}},
        indent=2) + "\n", encoding="utf-8")
    page = etc / "labconfig" / "page_config.json"
    page.parent.mkdir(parents=True, exist_ok=True)
    merged = json.loads(page.read_text(encoding="utf-8")) if page.exists() else {}
    wanted = student_page_config()
    for key, value in wanted.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key].update(value)
        else:
            merged[key] = value
    page.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")
    return [server, page]


if __name__ == "__main__":
    # postBuild: `python -m backmice.labconfig --binder` (make lab: `python -m backmice lab`)
    if sys.argv[1:] == ["--binder"]:
        for path in write_student_defaults():
            print("wrote", path)
    else:
        sys.exit("usage: python -m backmice.labconfig --binder")
