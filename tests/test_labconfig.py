"""The student's JupyterLab and the instructor's (backmice.labconfig): what each one loads.

The unit tests check the arguments and environment; the others start real JupyterLab servers (no
browser) from the course's install and ask them what they serve: a student's lab must not load
nbgrader (server or front end), the instructor's switch must bring it back on the same install.
"""

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from backmice import labconfig, labpage
from conftest import ROOT
from jupyterlab_harness import READY_JS, browser, chromium_available, copy_course, jupyterlab, page_config

NBGRADER_FRONT_END = "@jupyter/nbgrader"
LESSON_00 = "lessons/00_start_here.ipynb"


def _status(url):
    try:
        return urllib.request.urlopen(url, timeout=30).status
    except urllib.error.HTTPError as e:
        return e.code


def test_student_args_switch_the_instructors_server_extensions_off():
    args = " ".join(labconfig.lab_args(instructor=False))
    for name in labconfig.NBGRADER_SERVER_EXTENSIONS:
        assert f"'{name}': False" in args
    # the launcher's labs (both kinds) start the kernel of the notebook they open on
    assert "'backmice.labstart': True" in args
    assert labconfig.lab_args(instructor=True) == ["--ServerApp.jpserver_extensions={'backmice.labstart': True}"]
    # without it: the instructor's is everything the install enabled, the student's (the browser
    # tests' default) starts no kernel but keeps its page (backmice.labpage)
    assert labconfig.lab_args(instructor=True, prestart_kernel=False) == []
    student = " ".join(labconfig.lab_args(instructor=False, prestart_kernel=False))
    assert "backmice.labstart" not in student and "'backmice.labpage': True" in student


def test_student_env_puts_the_student_page_config_first(monkeypatch):
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", "/somewhere/else")
    student = labconfig.lab_env(instructor=False)["JUPYTER_CONFIG_PATH"].split(":")
    assert student == [str(labconfig.STUDENT_CONFIG), "/somewhere/else"]
    # the instructor's drops it even when the environment it inherits already holds it
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", ":".join(student))
    assert labconfig.lab_env(instructor=True)["JUPYTER_CONFIG_PATH"] == "/somewhere/else"


def test_student_page_config_disables_nbgrader_and_the_build_check():
    config = labconfig.student_page_config()
    assert config["disabledExtensions"][NBGRADER_FRONT_END] is True
    assert config["buildCheck"] is False


def test_labconfig_needs_only_the_standard_library():
    # `python -m backmice lab` imports it before the environment exists: run it with no site
    # packages at all (-S -I), from the repository.
    code = "import sys; sys.path.insert(0, '.'); from backmice import labconfig; labconfig.lab_args(); labconfig.lab_env()"
    subprocess.run([sys.executable, "-S", "-I", "-c", code], cwd=ROOT, check=True)


def test_binder_defaults_are_the_students(tmp_path):
    written = labconfig.write_student_defaults(str(tmp_path))
    server, page = (json.loads(p.read_text()) for p in written)
    assert server["ServerApp"]["jpserver_extensions"]["nbgrader.server_extensions.formgrader"] is False
    assert server["ServerApp"]["jpserver_extensions"]["backmice.labpage"] is True
    assert page["disabledExtensions"][NBGRADER_FRONT_END] is True
    # read after nbgrader's own file in the same folder, so its "off" wins
    assert written[0].name > "nbgrader.json"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return copy_course(tmp_path_factory.mktemp("course"))


@pytest.mark.parametrize("instructor", [False, True], ids=["student", "instructor"])
def test_what_each_lab_serves(course, tmp_path, instructor):
    with jupyterlab(course, tmp_path / "lab", instructor=instructor) as (url, _):
        config = page_config(url)
        disabled = config["disabledExtensions"]
        loaded = {e["name"] for e in config["federated_extensions"]}
        # one install serves both; the student's page does not even list what the course does not
        # use (backmice.labpage): JupyterLab would load its code at every start, disabled or not
        assert {"@jupyter-widgets/jupyterlab-manager", "anywidget"} <= loaded
        if instructor:
            assert {NBGRADER_FRONT_END, "jupyterlab-plotly"} <= loaded
        else:
            assert not loaded & set(labpage.UNLISTED)
        formgrader = _status(url + "/formgrader")
        terminals = _status(url + "/api/terminals")
        if instructor:
            assert NBGRADER_FRONT_END not in disabled
            assert formgrader == 200 and terminals == 200
            assert config["buildCheck"] is True  # JupyterLab's default: nothing of ours applied
        else:
            assert NBGRADER_FRONT_END in disabled
            assert formgrader == 404 and terminals == 404
            assert config["buildCheck"] is False and config["terminalsAvailable"] is False


def test_make_lab_is_the_python_launcher():
    # one way to start the course: `make lab [INSTRUCTOR=1]` runs `python -m backmice lab
    # [--instructor]` (backmice/launcher.py), which applies labconfig's choice
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^lab:.*\n\t(.*)$", makefile, re.M).group(1)
    assert recipe == "$(BIN)/python -m backmice lab $(if $(INSTRUCTOR),--instructor)"


def test_binder_defaults_make_a_plain_jupyter_lab_the_students(course, tmp_path, monkeypatch):
    # Binder starts `jupyter lab` with no arguments of ours: the files postBuild writes must be
    # enough. Written under a throw-away prefix, found through JUPYTER_CONFIG_PATH.
    labconfig.write_student_defaults(str(tmp_path / "prefix"))
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(tmp_path / "prefix" / "etc" / "jupyter"))
    with jupyterlab(course, tmp_path / "lab", instructor=True) as (url, _):  # no student args or env
        config = page_config(url)
        assert NBGRADER_FRONT_END in config["disabledExtensions"]
        assert "jupyterlab-plotly" not in {e["name"] for e in config["federated_extensions"]}
        assert _status(url + "/formgrader") == 404


# --- backmice.labstart: lesson 00's kernel starts with the server (what `make lab` starts) ------

def _sessions(url):
    return json.load(urllib.request.urlopen(url + "/api/sessions", timeout=30))


def _wait_for_session(url, path, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        found = [s for s in _sessions(url) if s["path"] == path]
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"no session for {path} after {seconds} s: {_sessions(url)}")


def _log(work):
    return (work / "jupyterlab.log").read_text()


def test_lesson_00s_prestarted_kernel_is_the_one_jupyterlab_uses(course, tmp_path):
    if not chromium_available():
        if os.environ.get("BACKMICE_REQUIRE_BROWSER"):
            pytest.fail("Debian's chromium is missing: .ci/run installs it (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    with jupyterlab(course, tmp_path / "lab", notebook=LESSON_00) as (url, _):
        # before any browser asks: the server started the session itself, with the kernel
        # lesson 00's metadata names
        session = _wait_for_session(url, LESSON_00)
        kernel = session["kernel"]
        wanted = json.loads((course / LESSON_00).read_text())["metadata"]["kernelspec"]["name"]
        assert kernel["name"] == wanted and session["type"] == "notebook"
        with browser() as context:
            page = context.new_page()
            page.goto(f"{url}/lab/tree/{LESSON_00}")
            page.wait_for_function(READY_JS, timeout=90_000)
            in_page = page.evaluate("""() => {
                const w = window.jupyterapp.shell.currentWidget;
                return {path: w.context.path, kernel: w.sessionContext.session.kernel.id};
            }""")
        assert in_page == {"path": LESSON_00, "kernel": kernel["id"]}
        # connected to, not replaced: still one session and one kernel
        assert [s["kernel"]["id"] for s in _sessions(url)] == [kernel["id"]]
        assert len(json.load(urllib.request.urlopen(url + "/api/kernels", timeout=30))) == 1


def test_labstart_failures_leave_the_server_working(course, tmp_path):
    # a notebook that is not there (named by the option, which wins over the notebook the lab is
    # started on: jupyter_server itself refuses to start on a missing one): logged, no session,
    # and the server serves as before
    with jupyterlab(course, tmp_path / "missing", extra_args=["--BackmiceLabStart.notebook=lessons/no_such.ipynb"],
                    notebook=LESSON_00) as (url, _):
        deadline = time.time() + 10
        while "backmice.labstart: no notebook lessons/no_such.ipynb" not in _log(tmp_path / "missing"):
            assert time.time() < deadline, _log(tmp_path / "missing")
            time.sleep(0.1)
        assert _sessions(url) == []
        assert _status(url + "/api/contents/" + LESSON_00) == 200
        assert _status(url + "/lab") == 200
    # a kernel that is not installed: logged, no session, the server keeps serving
    notebook = course / "lessons" / "zz_unknown_kernel.ipynb"
    data = json.loads((course / LESSON_00).read_text())
    data["metadata"]["kernelspec"]["name"] = "no-such-kernel"
    notebook.write_text(json.dumps(data))
    try:
        with jupyterlab(course, tmp_path / "unknown", notebook="lessons/zz_unknown_kernel.ipynb") as (url, _):
            deadline = time.time() + 10
            while "not installed; not starting one" not in _log(tmp_path / "unknown"):
                assert time.time() < deadline, _log(tmp_path / "unknown")
                time.sleep(0.1)
            assert _sessions(url) == []
            assert _status(url + "/lab") == 200
    finally:
        notebook.unlink()


def test_labstart_leaves_an_existing_session_alone(tmp_path):
    import asyncio
    import logging

    from backmice import labstart

    class Sessions:
        created = 0

        async def session_exists(self, path):
            return True

        async def create_session(self, **_):
            Sessions.created += 1

    class Contents:
        def file_exists(self, path):
            return True

    class App:
        log = logging.getLogger("test-labstart")
        contents_manager = Contents()
        session_manager = Sessions()
        root_dir = str(tmp_path)

    assert asyncio.run(labstart.start_session(App(), LESSON_00)) is None
    assert Sessions.created == 0


def test_labpage_keeps_a_hook_set_before_it():
    # another extension's page_config_hook still runs, then ours
    from types import SimpleNamespace

    seen = []
    settings = {"page_config_hook": lambda handler, config: seen.append(handler) or {**config, "other": 1}}
    app = SimpleNamespace(web_app=SimpleNamespace(settings=settings), log=SimpleNamespace(info=lambda *a: None))
    labpage._load_jupyter_server_extension(app)
    config = settings["page_config_hook"]("handler", {"federated_extensions": [
        {"name": "jupyterlab-plotly"}, {"name": "anywidget"}, "not a dict"]})
    assert seen == ["handler"] and config["other"] == 1
    assert config["federated_extensions"] == [{"name": "anywidget"}, "not a dict"]


def test_labstart_is_off_in_the_browser_tests_labs(course, tmp_path):
    # the harness's default (every other browser test): no extension of ours, no kernel running
    with jupyterlab(course, tmp_path / "lab") as (url, _):
        time.sleep(1)
        assert _sessions(url) == []
    assert "backmice.labstart" not in _log(tmp_path / "lab")
