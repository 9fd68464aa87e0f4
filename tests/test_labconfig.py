"""The student's JupyterLab and the instructor's (backmice.labconfig): what each one loads.

The unit tests check the arguments and environment; the others start real JupyterLab servers (no
browser) from the course's install and ask them what they serve: a student's lab must not load
nbgrader (server or front end), the instructor's switch must bring it back on the same install.
"""

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from backmice import labconfig
from conftest import ROOT
from jupyterlab_harness import copy_course, jupyterlab, page_config

NBGRADER_FRONT_END = "@jupyter/nbgrader"


def _status(url):
    try:
        return urllib.request.urlopen(url, timeout=30).status
    except urllib.error.HTTPError as e:
        return e.code


def test_student_args_switch_the_instructors_server_extensions_off():
    args = " ".join(labconfig.lab_args(instructor=False))
    for name in labconfig.NBGRADER_SERVER_EXTENSIONS:
        assert f"'{name}': False" in args
    assert labconfig.lab_args(instructor=True) == []


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
        assert NBGRADER_FRONT_END in loaded  # installed either way: one install serves both
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
        assert NBGRADER_FRONT_END in page_config(url)["disabledExtensions"]
        assert _status(url + "/formgrader") == 404
