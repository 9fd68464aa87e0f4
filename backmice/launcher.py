"""``python -m backmice lab``: the course on your own computer without ``make`` (Windows too).

It does what ``make lab`` does, with the same files, so either way of starting keeps the other's
environment up to date:

1. ``.venv/.python-ok``: create ``.venv`` with the standard library's venv module and upgrade
   its pip (``pip>=24``, as the Makefile does);
2. ``.venv/.runtime``: when pyproject.toml or the JupyterLab overrides are newer than this stamp
   (make's rule), ``pip install --editable .``; then, on every run, make sure
   assets/jupyterlab/overrides.json is in the environment's JupyterLab settings;
3. start ``python -m jupyterlab`` from the environment on lesson 00, with the arguments and
   environment of :mod:`backmice.labconfig` (student, or ``--instructor``).

Standard library only, and nothing here may be imported before the environment exists but the
standard library and :mod:`backmice.labconfig`: it runs under whatever Python the learner has.
Every expected failure (no venv module, pip failing, no internet) ends with one plain message
and exit status 1, never a traceback; the tools' own output goes to ``.venv/setup.log``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

MINIMUM_PYTHON = (3, 11)
VENV = ".venv"
# The notebook JupyterLab opens: launch.first_lesson in assets/course.yaml (tests/test_launcher.py
# keeps the two equal; this module cannot read YAML). `make lab` runs this launcher too.
FIRST_NOTEBOOK = "lessons/00_start_here.ipynb"
OVERRIDES = "assets/jupyterlab/overrides.json"
PIP_REQUIREMENT = "pip>=24"
# The same stamp files as the Makefile's targets, so `make lab` and this share one environment.
PYTHON_OK = ".python-ok"
RUNTIME = ".runtime"
# What .runtime depends on besides .python-ok (the Makefile rule's prerequisites)
RUNTIME_SOURCES = ("pyproject.toml", OVERRIDES)
LOG = "setup.log"

# Phrases in pip's output when it cannot reach the package index. With --quiet pip hides its
# connection warnings and says only that the index offered no version at all ("from versions:
# none"); a pin that exists but does not fit lists the versions it found instead.
OFFLINE_SIGNS = (
    "(from versions: none)", "NewConnectionError", "Failed to establish a new connection",
    "Temporary failure in name resolution", "Name or service not known", "getaddrinfo failed",
    "Network is unreachable", "ConnectTimeoutError", "Read timed out", "ProxyError",
)


class SetupError(Exception):
    """A failure the learner can act on: its text is the whole message they see."""


# --- pure helpers (tested for both Windows and POSIX on any machine) ------------------------------

def _pure(os_name: str):
    return PureWindowsPath if os_name == "nt" else PurePosixPath


def venv_scripts(venv: PurePath | str, os_name: str = os.name) -> PurePath:
    """The folder of a virtual environment's programs: ``Scripts`` on Windows, ``bin`` elsewhere
    (the venv module's layout; sysconfig's ``nt_venv`` and ``posix_venv`` schemes agree)."""
    return _pure(os_name)(venv) / ("Scripts" if os_name == "nt" else "bin")


def venv_python(venv: PurePath | str, os_name: str = os.name) -> PurePath:
    """The environment's Python: ``Scripts\\python.exe`` on Windows, ``bin/python`` elsewhere."""
    return venv_scripts(venv, os_name) / ("python.exe" if os_name == "nt" else "python")


def lab_settings_dir(venv: PurePath | str, os_name: str = os.name) -> PurePath:
    """Where JupyterLab reads an environment's settings overrides: <sys.prefix>/share/jupyter/lab/settings
    on every platform."""
    return _pure(os_name)(venv) / "share" / "jupyter" / "lab" / "settings"


def is_stale(stamp: Path, *sources: Path) -> bool:
    """make's rule: a stamp is out of date when it is missing or older than any of its sources."""
    if not stamp.exists():
        return True
    made = stamp.stat().st_mtime
    return any(src.exists() and src.stat().st_mtime > made for src in sources)


def looks_offline(output: str) -> bool:
    return any(sign.lower() in output.lower() for sign in OFFLINE_SIGNS)


def too_old(version_info=None) -> str | None:
    """The plain message for a Python older than 3.11, or None."""
    version = tuple(version_info or sys.version_info)[:3]
    if version[:2] >= MINIMUM_PYTHON:
        return None
    found = ".".join(str(v) for v in version)
    return (f"The course needs Python {MINIMUM_PYTHON[0]}.{MINIMUM_PYTHON[1]} or newer; this is Python {found}. "
            "Install a newer Python from https://www.python.org/downloads/ and run the same command "
            "with it (on Windows: py -3.11 -m backmice lab).")


def running_as_root() -> bool:
    """True only for root on POSIX (Windows has no uid; Jupyter refuses root without --allow-root)."""
    geteuid = getattr(os, "geteuid", None)
    return geteuid is not None and geteuid() == 0


def lab_command(python: PurePath | str, root: Path, *, instructor: bool = False, no_browser: bool = False,
                port: int | None = None, as_root: bool = False) -> list[str]:
    """The JupyterLab command line: the Makefile's, plus labconfig's arguments and the options."""
    from backmice import labconfig

    cmd = [str(python), "-m", "jupyterlab", f"--ServerApp.root_dir={root}"]
    if as_root:
        cmd.append("--allow-root")
    cmd.append(FIRST_NOTEBOOK)
    cmd += labconfig.lab_args(instructor)
    if no_browser:
        cmd.append("--no-browser")
    if port is not None:
        cmd.append(f"--port={port}")
    return cmd


def lab_environ(venv: Path, *, instructor: bool = False, base=None) -> dict[str, str]:
    """The environment for JupyterLab: the Makefile's exports (the environment's programs first on
    PATH, because nbgrader runs `alembic` and Jupyter its sub-commands; this environment's
    kernels and extensions preferred), then labconfig's variables."""
    from backmice import labconfig

    env = dict(os.environ if base is None else base)
    env["PATH"] = str(venv_scripts(venv)) + os.pathsep + env.get("PATH", "")
    env["JUPYTER_PREFER_ENV_PATH"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env.update(labconfig.lab_env(instructor))
    return env


# --- setting up the environment ------------------------------------------------------------------

def _run(cmd: list[str], cwd: Path) -> tuple[int, str]:
    """Run a setup step, quietly; (exit status, its output). A program that cannot start counts
    as a failure, not a traceback."""
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
    try:
        done = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              encoding="utf-8", errors="replace")
    except OSError as exc:
        return 1, f"{cmd[0]}: {exc}"
    return done.returncode, done.stdout or ""


def _fail(venv: Path, output: str, message: str) -> SetupError:
    """Keep the tool's output in .venv/setup.log and return the plain message naming it."""
    log = venv / LOG
    try:
        venv.mkdir(parents=True, exist_ok=True)
        log.write_text(output, encoding="utf-8")
        return SetupError(f"{message} (Details: {log})")
    except OSError:
        return SetupError(message)


def _pip_failed(venv: Path, output: str, what: str) -> SetupError:
    if looks_offline(output):
        return _fail(venv, output, f"Could not {what}: this computer seems to be offline, or cannot reach "
                     "the Python package index (pypi.org). The first run downloads the course's packages; "
                     "connect to the internet and run the same command again.")
    return _fail(venv, output, f"Could not {what}: pip failed. Run the same command again; if it fails "
                 "again, ask your instructor and show them the details file.")


def ensure_environment(root: Path, run=_run, say=print) -> Path:
    """Bring ``root/.venv`` up to date as ``make lab`` would; returns the environment's Python."""
    venv = root / VENV
    python = Path(venv_python(venv))
    if is_stale(venv / PYTHON_OK) or not python.exists():
        if importlib.util.find_spec("venv") is None or importlib.util.find_spec("ensurepip") is None:
            # Debian and Ubuntu ship them apart from Python itself
            raise SetupError("This Python cannot create virtual environments (its venv or ensurepip "
                             "module is missing). On Debian or Ubuntu install the python3-venv package; "
                             "elsewhere install Python from https://www.python.org/downloads/.")
        say(f"Creating the course's environment in {venv} (first run only)...")
        code, out = run([sys.executable, "-m", "venv", str(venv)], root)
        if code != 0 or not python.exists():
            raise _fail(venv, out, f"Could not create the virtual environment {venv}")
        code, out = run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", PIP_REQUIREMENT], root)
        if code != 0:
            raise _pip_failed(venv, out, "update pip in the course's environment")
        (venv / PYTHON_OK).touch()
    runtime = venv / RUNTIME
    if is_stale(runtime, *(root / name for name in RUNTIME_SOURCES), venv / PYTHON_OK):
        say("Installing the course's packages with pip (this takes a while the first time)...")
        code, out = run([str(python), "-m", "pip", "install", "--quiet", "--editable", "."], root)
        if code != 0:
            raise _pip_failed(venv, out, "install the course's packages")
        runtime.touch()
    # Every run, not only with the install: a settings file deleted or edited inside .venv comes
    # back (the Makefile copies it with the install; the result is the same file).
    copy_overrides(root, venv)
    return python


def copy_overrides(root: Path, venv: Path) -> None:
    """JupyterLab settings that stop it asking the internet for news and updates."""
    target = Path(lab_settings_dir(venv))
    source = root / OVERRIDES
    try:
        if (target / "overrides.json").is_file() and \
                (target / "overrides.json").read_bytes() == source.read_bytes():
            return
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target / "overrides.json")
    except OSError as exc:
        raise SetupError(f"Could not copy the JupyterLab settings into {target}: {exc.strerror or exc}") from None


# --- running JupyterLab ------------------------------------------------------------------------

def run_lab(cmd: list[str], env: dict[str, str], cwd: Path) -> int:
    """Run JupyterLab until it stops; its exit status. Ctrl+C reaches JupyterLab itself (it asks
    before shutting down), so we keep waiting; a termination request is passed on to it."""
    try:
        proc = subprocess.Popen(cmd, env=env, cwd=cwd)
    except OSError as exc:
        raise SetupError(f"Could not start JupyterLab ({exc.strerror or exc}). Delete the folder "
                         f"{cwd / VENV} and run the same command again.") from None
    previous = signal.signal(signal.SIGTERM, lambda *_: proc.terminate())
    try:
        while True:
            try:
                return proc.wait()
            except KeyboardInterrupt:
                continue
    finally:
        signal.signal(signal.SIGTERM, previous)


def course_root() -> Path:
    """The folder holding this package: the course (a clone or an unzipped download)."""
    root = Path(__file__).resolve().parent.parent
    if not (root / "pyproject.toml").is_file() or not (root / FIRST_NOTEBOOK).is_file():
        raise SetupError("Run this from the course folder (the one holding pyproject.toml, lessons/ "
                         "and backmice/).")
    return root


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)")
    return int(text)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m backmice",
                                description="The Back Mice course on your own computer.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    lab = sub.add_parser("lab", help="set up .venv (first run) and open the course in JupyterLab",
                         description="Set up .venv on the first run (or after pyproject.toml changes), "
                                     "then open lesson 00 in JupyterLab. The same as `make lab`.")
    lab.add_argument("--instructor", action="store_true",
                     help="the instructor's JupyterLab (with nbgrader's Formgrader)")
    lab.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    lab.add_argument("--port", type=_port, metavar="N",
                     help="serve JupyterLab on port N (default: JupyterLab's, 8888 or the next free one)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command != "lab":
        parser().print_help()
        return 2
    try:
        message = too_old()
        if message:
            raise SetupError(message)
        root = course_root()
        python = ensure_environment(root)
        cmd = lab_command(python, root, instructor=args.instructor, no_browser=args.no_browser,
                          port=args.port, as_root=running_as_root())
        return run_lab(cmd, lab_environ(root / VENV, instructor=args.instructor), root)
    except SetupError as exc:
        print(f"backmice: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("backmice: stopped.", file=sys.stderr)
        return 130
