"""`python -m backmice lab` (backmice/launcher.py): the way in without make, for Windows too."""

from __future__ import annotations

import ast
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
import venv
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest
import yaml

from backmice import launcher
from conftest import ROOT

# What the launcher needs of the course: the package, pyproject.toml (and the README it names),
# the assets (overrides, the student's JupyterLab config) and the lessons. Not tests/ (23 MB).
COURSE_PARTS = ("pyproject.toml", "README.md", "backmice", "assets", "lessons")
IGNORE = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.egg-info")


def copy_course(dst: Path) -> Path:
    dst.mkdir(parents=True)
    for name in COURSE_PARTS:
        src = ROOT / name
        (shutil.copytree(src, dst / name, ignore=IGNORE) if src.is_dir() else shutil.copy2(src, dst / name))
    return dst


def plain_python_path(folder: Path) -> str:
    """A PATH holding only `python` (the interpreter under the test environment, as a learner's
    system Python would be): no make, no jupyter, no pip on it."""
    folder.mkdir()
    (folder / "python").symlink_to(Path(sys.executable).resolve())
    assert shutil.which("make", path=str(folder)) is None
    return str(folder)


def clean_env(tmp: Path, **extra) -> dict[str, str]:
    """No Jupyter, pip or course setting of this machine leaks in; nothing is written to $HOME."""
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    env = {"HOME": str(home), "USERPROFILE": str(home), "JUPYTER_CONFIG_DIR": str(tmp / "jcfg"),
           "JUPYTER_DATA_DIR": str(tmp / "jdata"), "JUPYTER_RUNTIME_DIR": str(tmp / "jrun"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "jws"), "BACKMICE_PROGRESS_FILE": str(tmp / "progress.json"),
           "PIP_CONFIG_FILE": os.devnull, "LANG": "C.UTF-8"}
    for name in ("TMPDIR", "SYSTEMROOT"):
        if name in os.environ:
            env[name] = os.environ[name]
    env.update(extra)
    return env


# --- venv layout: Windows and POSIX, on any machine -------------------------------------------

def test_venv_paths_windows():
    assert launcher.venv_python(r"C:\Users\ana\backmice\.venv", "nt") == \
        PureWindowsPath(r"C:\Users\ana\backmice\.venv\Scripts\python.exe")
    assert launcher.lab_settings_dir(r"C:\c\.venv", "nt") == PureWindowsPath(r"C:\c\.venv\share\jupyter\lab\settings")


def test_venv_paths_posix():
    assert launcher.venv_python("/home/ana/backmice/.venv", "posix") == PurePosixPath("/home/ana/backmice/.venv/bin/python")
    assert launcher.lab_settings_dir("/c/.venv", "posix") == PurePosixPath("/c/.venv/share/jupyter/lab/settings")


def test_venv_paths_follow_sysconfig_and_venv(tmp_path):
    # sysconfig's venv schemes (Python 3.11+) name the scripts folder of each platform
    for os_name, scheme in (("nt", "nt_venv"), ("posix", "posix_venv")):
        scripts = sysconfig.get_path("scripts", scheme, vars={"base": "B", "platbase": "B"})
        assert launcher.venv_scripts("B", os_name).name == Path(scripts).name
    # and on this machine the venv module itself agrees (ensure_directories only makes folders)
    context = venv.EnvBuilder().ensure_directories(tmp_path / ".venv")
    assert Path(context.bin_path) == Path(launcher.venv_scripts(context.env_dir))


# --- the stamps: make's rule, the Makefile's files ------------------------------------------------

def test_stamp_rule(tmp_path):
    source, stamp = tmp_path / "pyproject.toml", tmp_path / ".runtime"
    source.write_text("x")
    assert launcher.is_stale(stamp, source)            # never made
    stamp.touch()
    os.utime(source, (1_000_000, 1_000_000))
    os.utime(stamp, (2_000_000, 2_000_000))
    assert not launcher.is_stale(stamp, source)        # made after the source changed
    os.utime(source, (3_000_000, 3_000_000))
    assert launcher.is_stale(stamp, source)            # source changed since


def test_stamps_are_the_makefiles():
    # `make lab` and `python -m backmice lab` share .venv: same stamp files, same prerequisites
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(rf"^\$\(VENV\)/{re.escape(launcher.PYTHON_OK)}:\s*$", makefile, re.M)
    runtime = re.search(rf"^\$\(VENV\)/{re.escape(launcher.RUNTIME)}:(.*)$", makefile, re.M)
    assert runtime, "the Makefile has no .runtime rule"
    assert set(runtime.group(1).split()) == {*launcher.RUNTIME_SOURCES, f"$(VENV)/{launcher.PYTHON_OK}"}
    assert f'"{launcher.PIP_REQUIREMENT}"' in makefile


def test_first_notebook_is_the_launch_setting():
    # `make lab` runs this launcher too (tests/test_labconfig.py), so there is no second copy
    first = yaml.safe_load((ROOT / "assets" / "course.yaml").read_text(encoding="utf-8"))["launch"]["first_lesson"]
    assert launcher.FIRST_NOTEBOOK == f"lessons/{first}.ipynb"


class FakeTools:
    """Stands in for `python -m venv` and pip: records each command and, for venv, makes the
    environment's python file the way venv would."""

    def __init__(self, fail_on=None, output=""):
        self.calls, self.fail_on, self.output = [], fail_on, output

    def __call__(self, cmd, cwd):
        self.calls.append(cmd[1:])
        if self.fail_on and self.fail_on in " ".join(cmd):
            return 1, self.output
        if cmd[1:3] == ["-m", "venv"]:
            python = Path(launcher.venv_python(Path(cmd[3])))
            python.parent.mkdir(parents=True, exist_ok=True)
            python.touch()
        return 0, ""


def _mini_course(tmp_path) -> Path:
    root = tmp_path / "course"
    (root / "assets" / "jupyterlab").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\n")
    shutil.copy2(ROOT / launcher.OVERRIDES, root / launcher.OVERRIDES)
    return root


def test_setup_runs_each_step_once_then_only_when_pyproject_changes(tmp_path):
    root = _mini_course(tmp_path)
    tools = FakeTools()
    python = launcher.ensure_environment(root, run=tools, say=lambda *_: None)
    assert python == Path(launcher.venv_python(root / ".venv"))
    assert tools.calls == [["-m", "venv", str(root / ".venv")],
                           ["-m", "pip", "install", "--quiet", "--upgrade", "pip>=24"],
                           ["-m", "pip", "install", "--quiet", "--editable", "."]]
    settings = Path(launcher.lab_settings_dir(root / ".venv")) / "overrides.json"
    assert settings.read_bytes() == (ROOT / launcher.OVERRIDES).read_bytes()

    tools.calls.clear()
    launcher.ensure_environment(root, run=tools, say=lambda *_: None)
    assert tools.calls == []                            # up to date: straight to JupyterLab

    settings.unlink()
    later = (root / ".venv" / ".runtime").stat().st_mtime + 10
    os.utime(root / "pyproject.toml", (later, later))   # a new pin
    launcher.ensure_environment(root, run=tools, say=lambda *_: None)
    assert tools.calls == [["-m", "pip", "install", "--quiet", "--editable", "."]]
    assert settings.is_file()


def test_setup_remakes_an_environment_whose_python_is_gone(tmp_path):
    # e.g. a .venv made on another computer, or by a Python since uninstalled
    root = _mini_course(tmp_path)
    launcher.ensure_environment(root, run=FakeTools(), say=lambda *_: None)
    Path(launcher.venv_python(root / ".venv")).unlink()
    tools = FakeTools()
    launcher.ensure_environment(root, run=tools, say=lambda *_: None)
    assert tools.calls[0][:2] == ["-m", "venv"]


# --- plain messages, never a traceback -------------------------------------------------------

OFFLINE_PIP = """WARNING: Retrying (Retry(total=0)) after connection broken by 'NewConnectionError(...: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution')'
ERROR: Could not find a version that satisfies the requirement pip>=24 (from versions: none)
ERROR: No matching distribution found for pip>=24"""


def test_offline_pip_gives_one_plain_message_and_keeps_the_details(tmp_path):
    root = _mini_course(tmp_path)
    with pytest.raises(launcher.SetupError) as err:
        launcher.ensure_environment(root, run=FakeTools(fail_on="--upgrade", output=OFFLINE_PIP), say=lambda *_: None)
    message = str(err.value)
    assert "offline" in message and "run the same command again" in message
    assert (root / ".venv" / "setup.log").read_text(encoding="utf-8") == OFFLINE_PIP
    assert not (root / ".venv" / ".python-ok").exists()  # the next run tries again


@pytest.mark.parametrize("output", [
    "error: subprocess-exited-with-error",
    # reached the index, but no listed version fits (e.g. a Python too new for a pin)
    "ERROR: Could not find a version that satisfies the requirement numpy==2.4.6 (from versions: 2.3.0, 2.3.1)\n"
    "ERROR: No matching distribution found for numpy==2.4.6",
])
def test_other_pip_failure_is_not_called_offline(tmp_path, output):
    root = _mini_course(tmp_path)
    with pytest.raises(launcher.SetupError) as err:
        launcher.ensure_environment(root, run=FakeTools(fail_on="--editable", output=output), say=lambda *_: None)
    assert "pip failed" in str(err.value) and "offline" not in str(err.value)
    assert not (root / ".venv" / ".runtime").exists()


def test_missing_venv_module_is_explained(tmp_path, monkeypatch):
    real = launcher.importlib.util.find_spec
    monkeypatch.setattr(launcher.importlib.util, "find_spec", lambda name, *a: None if name == "ensurepip" else real(name, *a))
    with pytest.raises(launcher.SetupError, match="python3-venv"):
        launcher.ensure_environment(_mini_course(tmp_path), run=FakeTools(), say=lambda *_: None)


def test_main_prints_one_line_and_exits_1(tmp_path, monkeypatch, capsys):
    def offline(root, **_):
        raise launcher.SetupError("Could not install the course's packages: this computer seems to be offline")

    monkeypatch.setattr(launcher, "ensure_environment", offline)
    assert launcher.main(["lab"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("backmice: Could not install") and "Traceback" not in err


def test_old_python_gets_a_sentence(monkeypatch, capsys):
    from backmice import __main__ as entry

    assert launcher.too_old((3, 11, 0)) is None and launcher.too_old((3, 13, 1)) is None
    assert "Python 3.9.7" in launcher.too_old((3, 9, 7))
    monkeypatch.setattr(sys, "version_info", (3, 9, 7, "final", 0))
    assert entry.main(["lab"]) == 1
    err = capsys.readouterr().err
    assert "needs Python 3.11 or newer; this is Python 3.9.7" in err and "py -3.11 -m backmice lab" in err


def test_entry_point_parses_with_old_python_grammar():
    # an old Python must reach the version check, not fail on syntax it cannot read
    ast.parse((ROOT / "backmice" / "__main__.py").read_text(encoding="utf-8"), feature_version=(3, 6))


def test_launcher_imports_with_the_standard_library_only():
    # -S: no site-packages at all, as with a system Python before .venv exists
    code = ("import sys; from pathlib import Path; import backmice.__main__, backmice.launcher as l;"
            "cmd = l.lab_command('py', Path('.'), instructor=False); env = l.lab_environ(Path('.venv'));"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in {'yaml', 'jupyterlab', 'traitlets', 'numpy'}))")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    done = subprocess.run([sys.executable, "-S", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_lab_command_is_the_makefiles_plus_labconfig():
    from backmice import labconfig

    root = Path("/course")
    cmd = launcher.lab_command("py", root, instructor=True, no_browser=True, port=8899, as_root=True)
    assert cmd[:6] == ["py", "-m", "jupyterlab", f"--ServerApp.root_dir={root}", "--allow-root", launcher.FIRST_NOTEBOOK]
    assert cmd[6:] == [*labconfig.lab_args(True), "--no-browser", "--port=8899"]
    student = launcher.lab_command("py", root)
    assert "--allow-root" not in student and student[5:] == labconfig.lab_args(False)
    env = launcher.lab_environ(Path("/c/.venv"), base={"PATH": "/usr/bin"})
    assert env["PATH"].split(os.pathsep)[0] == str(launcher.venv_scripts(Path("/c/.venv")))
    assert env["JUPYTER_PREFER_ENV_PATH"] == "1"
    assert {k: env[k] for k in labconfig.lab_env(False)} == labconfig.lab_env(False)


def test_bad_port_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as stop:
        launcher.main(["lab", "--port", "99999"])
    assert stop.value.code == 2 and "not a port number" in capsys.readouterr().err


# --- end to end, with a plain Python and no make -------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _reuse_test_environment(course: Path) -> None:
    """A .venv made cheaply: the venv module without pip, whose site-packages points at this test
    environment's (a .pth line runs site.addsitedir), and the Makefile's stamps made after the
    copy: the launcher takes it as set up, so there is no network and no install."""
    target = course / ".venv"
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(target)
    purelib = Path(sysconfig.get_path("purelib", "venv", vars={"base": str(target), "platbase": str(target)}))
    (purelib / "_backmice_test_env.pth").write_text(f"import site; site.addsitedir({sysconfig.get_path('purelib')!r})\n")
    # JupyterLab's built front end and the extensions live under <prefix>/share/jupyter: link
    # them in, all but lab/settings, which the launcher must write itself.
    share = Path(sys.prefix) / "share" / "jupyter"
    for item in share.iterdir():
        if item.name != "lab":
            (target / "share" / "jupyter").mkdir(parents=True, exist_ok=True)
            (target / "share" / "jupyter" / item.name).symlink_to(item)
    (target / "share" / "jupyter" / "lab").mkdir(parents=True)
    for item in (share / "lab").iterdir():
        if item.name != "settings":
            (target / "share" / "jupyter" / "lab" / item.name).symlink_to(item)
    (target / launcher.PYTHON_OK).touch()
    (target / launcher.RUNTIME).touch()


def _get(url: str, token: str, raw: bool = False):
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=5) as answer:
        body = answer.read()
    return body.decode("utf-8") if raw else json.loads(body)


@pytest.mark.skipif(os.name == "nt", reason="symlinks and SIGTERM: the Windows paths are the unit tests above")
def test_python_m_backmice_lab_serves_lesson_00_without_make(tmp_path):
    course = copy_course(tmp_path / "course")
    _reuse_test_environment(course)
    marker = f"served-from-{secrets.token_hex(4)}.txt"   # proves which folder is the server's root
    (course / marker).write_text("x")
    token, port = secrets.token_hex(16), _free_port()
    env = clean_env(tmp_path, PATH=plain_python_path(tmp_path / "bin"), JUPYTER_TOKEN=token)
    log_path = tmp_path / "launcher.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([str(tmp_path / "bin" / "python"), "-m", "backmice", "lab", "--no-browser", f"--port={port}"],
                                cwd=course, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):  # a wait for start-up (up to 2 minutes on a busy machine), not a speed check
            if proc.poll() is not None:
                pytest.fail("the launcher exited:\n" + log_path.read_text())
            try:
                status = _get(url + "/api/status", token)
                break
            except (OSError, ValueError):
                time.sleep(0.1)
        else:
            pytest.fail("JupyterLab never answered:\n" + log_path.read_text())
        assert "started" in status
        lesson = _get(f"{url}/api/contents/{launcher.FIRST_NOTEBOOK}?content=0", token)
        assert (lesson["type"], lesson["path"]) == ("notebook", launcher.FIRST_NOTEBOOK)
        assert _get(f"{url}/api/contents/{marker}?content=0", token)["type"] == "file"
        # the page the browser is sent to: JupyterLab's front end, opening lesson 00
        page = _get(f"{url}/lab/tree/{launcher.FIRST_NOTEBOOK}", token, raw=True)
        assert '"treePath": "lessons/00_start_here.ipynb"' in page, page[:2000]
        settings = Path(launcher.lab_settings_dir(course / ".venv")) / "overrides.json"
        assert settings.read_bytes() == (ROOT / launcher.OVERRIDES).read_bytes()

        proc.send_signal(signal.SIGTERM)  # the launcher passes it on; JupyterLab shuts down
        assert proc.wait(60) == 0, log_path.read_text()
        with pytest.raises(urllib.error.URLError):
            _get(url + "/api/status", token)
    finally:
        # Whatever happened, nothing of this test keeps running: the launcher and JupyterLab are
        # in the session the test started (start_new_session), and only that is signalled.
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        if proc.poll() is None:
            proc.wait(30)
    assert "Traceback" not in log_path.read_text()


@pytest.mark.skipif(os.name == "nt", reason="symlinked python on PATH")
def test_first_run_offline_ends_with_one_plain_message(tmp_path):
    # The real thing: venv creates .venv (ensurepip needs no network), then pip cannot reach its
    # index (a closed local port stands in for "no internet").
    course = copy_course(tmp_path / "course")
    closed = _free_port()
    env = clean_env(tmp_path, PATH=plain_python_path(tmp_path / "bin"),
                    PIP_INDEX_URL=f"http://127.0.0.1:{closed}/simple", PIP_RETRIES="0", PIP_TIMEOUT="5",
                    PIP_NO_CACHE_DIR="1")
    done = subprocess.run([str(tmp_path / "bin" / "python"), "-m", "backmice", "lab", "--no-browser"],
                          cwd=course, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("backmice: Could not update pip") and "offline" in lines[0], done.stderr
    assert (course / ".venv" / "setup.log").is_file() and not (course / ".venv" / ".python-ok").exists()
    assert Path(launcher.venv_python(course / ".venv")).exists()


# --- the student path uses nothing POSIX-only ----------------------------------------------------

POSIX_ONLY_MODULES = {"fcntl", "pwd", "grp", "resource", "termios", "tty", "pty", "posix", "crypt", "spwd",
                      "syslog", "nis", "readline"}
POSIX_ONLY_ATTRS = {
    "os": {"fork", "forkpty", "setsid", "setpgrp", "setpgid", "getpgid", "killpg", "getuid", "geteuid", "getgid",
           "getegid", "setuid", "setgid", "chown", "lchown", "fchown", "mkfifo", "mknod", "nice", "wait3", "wait4",
           "WNOHANG", "getloadavg", "sysconf", "pathconf", "statvfs", "sched_getaffinity", "sched_setaffinity",
           "register_at_fork", "openpty", "ttyname", "ctermid", "getpriority", "setpriority", "posix_spawn",
           # present on Windows, but the caller exits at once instead of being replaced: a console
           # gets its prompt back while JupyterLab still runs, and Ctrl+C goes astray
           "execv", "execve", "execvp", "execvpe", "execl", "execle", "execlp", "execlpe"},
    "signal": {"SIGKILL", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGCHLD", "SIGPIPE", "SIGSTOP",
               "SIGCONT", "SIGTSTP", "SIGXCPU", "alarm", "setitimer", "getitimer", "pause", "pthread_kill",
               "pthread_sigmask", "sigwait", "sigtimedwait", "siginterrupt"},
}
POSIX_ONLY_KEYWORDS = {"preexec_fn", "start_new_session", "process_group", "pass_fds", "user", "group", "umask"}
POSIX_ONLY_START_METHODS = {"fork", "forkserver"}
# file -> names it may use unguarded, with the reason
ALLOWED: dict[str, dict[str, str]] = {}
# The instructor's package is not on a student's path: its grading sandbox is made of Linux
# namespaces and resource limits (docs/instructors.md).
STUDENT_PATH_EXCLUDED = ("instructor",)


def _guarded(node, parents) -> bool:
    """Inside `if os.name ...` / `sys.platform` / `hasattr(...)`, or a try that catches
    ImportError or AttributeError: a platform check someone wrote on purpose."""
    while node in parents:
        parent = parents[node]
        if isinstance(parent, (ast.If, ast.IfExp)) and \
                re.search(r"os\.name|sys\.platform|hasattr\(|platform\.system", ast.unparse(parent.test)):
            return True
        if isinstance(parent, ast.Try) and node in parent.body and any(
                h.type is not None and re.search(r"ImportError|AttributeError|ModuleNotFoundError", ast.unparse(h.type))
                for h in parent.handlers):
            return True
        node = parent
    return False


def posix_only_uses(source: str) -> list[str]:
    tree = ast.parse(source)
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    found = []
    for node in ast.walk(tree):
        what = None
        if isinstance(node, ast.Import):
            what = next((a.name for a in node.names if a.name.split(".")[0] in POSIX_ONLY_MODULES), None)
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in POSIX_ONLY_MODULES:
                what = node.module
            elif node.module in POSIX_ONLY_ATTRS:
                what = next((f"{node.module}.{a.name}" for a in node.names if a.name in POSIX_ONLY_ATTRS[node.module]), None)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
                node.attr in POSIX_ONLY_ATTRS.get(node.value.id, ()):
            what = f"{node.value.id}.{node.attr}"
        elif isinstance(node, ast.keyword) and node.arg in POSIX_ONLY_KEYWORDS:
            what = f"{node.arg}="
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in ("get_context", "set_start_method") and node.args and \
                isinstance(node.args[0], ast.Constant) and node.args[0].value in POSIX_ONLY_START_METHODS:
            what = f"{node.func.attr}({node.args[0].value!r})"
        if what and not _guarded(node, parents):
            found.append(f"{what} (line {node.lineno})")
    return found


def test_the_scan_finds_posix_only_code():
    # the scanner itself: each kind is caught, and a guarded use is not
    assert posix_only_uses("import os\nos.fork()") == ["os.fork (line 2)"]
    assert posix_only_uses("import fcntl") == ["fcntl (line 1)"]
    assert posix_only_uses("from os import getuid") == ["os.getuid (line 1)"]
    assert posix_only_uses("import signal\nsignal.SIGKILL") == ["signal.SIGKILL (line 2)"]
    assert posix_only_uses("subprocess.Popen(c, start_new_session=True)") == ["start_new_session= (line 1)"]
    assert posix_only_uses("multiprocessing.get_context('fork')") == ["get_context('fork') (line 1)"]
    assert posix_only_uses("import os\nif os.name == 'posix':\n    os.getuid()") == []
    assert posix_only_uses("try:\n    import fcntl\nexcept ImportError:\n    fcntl = None") == []
    assert posix_only_uses("getattr(os, 'geteuid', None)") == []


def test_student_path_uses_no_posix_only_api():
    package = ROOT / "backmice"
    problems = {}
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package)
        if rel.parts[0] in STUDENT_PATH_EXCLUDED:
            continue
        allowed = ALLOWED.get(rel.as_posix(), {})
        found = [f for f in posix_only_uses(path.read_text(encoding="utf-8")) if f.split(" ")[0] not in allowed]
        if found:
            problems[rel.as_posix()] = found
    assert not problems, f"POSIX-only code a Windows learner would hit (guard it, or allowlist it with a reason): {problems}"


# --- the README's way in without make ----------------------------------------------------------

def test_readme_gives_the_commands_without_make():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "py -3.11 -m backmice lab" in readme and "python3 -m backmice lab" in readme
    assert "launch.jupyterhub" in readme or "`jupyterhub:`" in readme
