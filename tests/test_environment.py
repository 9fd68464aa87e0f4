"""The setup contract: pins agree, Binder can build, make/CI call what they should, nbgrader is
configured as the course needs."""

import importlib.util
import os
import re
import stat
import tomllib
from importlib.metadata import version

import yaml
from traitlets.config import PyFileConfigLoader

from conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _pins(requirements):
    pins = {}
    for req in requirements:
        m = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^;\s]+)", req.strip())
        assert m, f"runtime requirement not pinned exactly: {req}"
        pins[m.group(1).lower().replace("_", "-")] = m.group(2)
    return pins


def _environment_yml_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = [d for d in env["dependencies"] if isinstance(d, dict)][0]["pip"]
    return env, _pins(pip)


def test_environment_yml_and_pyproject_carry_the_same_runtime_pins():
    runtime = _pins(PYPROJECT["project"]["dependencies"])
    env, binder = _environment_yml_pins()
    assert binder == runtime
    assert "python=3.11" in env["dependencies"]
    for needed in ("jupyterlab", "notebook", "ipywidgets", "nbgrader", "plotly", "anywidget", "numpy"):
        assert needed in runtime
    assert runtime["jupyterlab"].startswith("4.") and runtime["notebook"].startswith("7.")
    assert runtime["ipywidgets"].startswith("8.") and runtime["nbgrader"].startswith("0.9.")


def test_installed_versions_are_the_pinned_ones():
    for name, pinned in _pins(PYPROJECT["project"]["dependencies"]).items():
        assert version(name) == pinned, name


def test_test_tools_stay_out_of_the_runtime_and_binder():
    test_extra = [r.split("=")[0].lower() for r in PYPROJECT["project"]["optional-dependencies"]["test"]]
    assert {"pytest", "nbval"} <= set(test_extra)
    _, binder = _environment_yml_pins()
    assert not set(test_extra) & set(binder)
    assert not {"playwright", "axe-playwright-python"} & set(binder)


def test_slow_import_dependency_is_absent():
    # jsonschema >= 4.25 pulls rfc3987-syntax, which adds about a second to every nbformat import
    assert importlib.util.find_spec("rfc3987_syntax") is None
    major, minor = (int(x) for x in version("jsonschema").split(".")[:2])
    assert (major, minor) < (4, 25)


def test_binder_reads_root_files_and_installs_the_package():
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists(), \
        "a binder/ folder would make repo2docker ignore environment.yml and postBuild at the root"
    post = ROOT / "postBuild"
    assert post.stat().st_mode & stat.S_IXUSR
    lines = [x for x in post.read_text().splitlines() if x.strip() and not x.startswith("#")]
    assert lines[0].startswith("set -e"), "postBuild errors are ignored without set -e"
    assert any("pip install" in x and "-e ." in x.replace("--editable", "-e") for x in lines)


def test_readme_shows_the_two_commands_and_a_binder_badge_to_lesson_00():
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme
    badge = re.search(r"https://mybinder\.org/v2/gh/[^)\s]+", readme)
    assert badge and "urlpath=lab/tree/lessons/00_start_here.ipynb" in badge.group(0)
    for step in ("generate_assignment", "autograde", "generate_feedback", "export"):
        assert step in readme, f"the README's instructor workflow lacks {step}"


def test_ci_runs_make_test_and_make_keeps_venv_bin_on_path():
    ci = ROOT / ".ci" / "run"
    assert ci.stat().st_mode & stat.S_IXUSR and "make test" in ci.read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^export PATH := \$\(BIN\):\$\(PATH\)", makefile, flags=re.M)
    # make lab runs the course's launcher (backmice/launcher.py opens lessons/00_start_here.ipynb)
    assert re.search(r"^lab:.*\n\t\$\(BIN\)/python -m backmice lab\b", makefile, flags=re.M)
    assert re.search(r"^test:", makefile, flags=re.M)


def test_student_data_is_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text().split()
    for entry in ("submitted/", "autograded/", "feedback/", "gradebook.db", "exchange/", ".venv/"):
        assert entry in ignored


def test_nbgrader_configuration():
    loader = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT))
    c = loader.load_config()
    assert c.CourseDirectory.source_directory == "solutions"
    assert c.CourseDirectory.release_directory == "assignments"
    assert c.CourseDirectory.course_id == "backmice"
    assert os.path.samefile(c.CourseDirectory.root, ROOT)
    assert c.Execute.store_widget_state is False
    assert 30 <= c.Execute.timeout <= 300
    assert c.OverwriteCells.add_missing_cells is True
    assert "DeprecationWarning" in c.IgnorePattern.pattern
    steps = c.Autograde.autograde_preprocessors
    assert steps.index("backmice.nbgrader_guard.ConfirmTypedAnswers") < steps.index("nbgrader.preprocessors.SaveAutoGrades")
    assert steps.index("nbgrader.preprocessors.Execute") < steps.index("backmice.nbgrader_guard.ConfirmTypedAnswers")


def test_autograde_steps_are_nbgraders_own_plus_the_guard():
    from nbgrader.converters import Autograde
    from traitlets.utils.importstring import import_item

    c = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    ours = [import_item(s) for s in c.Autograde.autograde_preprocessors]
    defaults = list(Autograde.class_traits()["autograde_preprocessors"].default())
    from backmice.nbgrader_guard import ConfirmTypedAnswers

    assert [p for p in ours if p is not ConfirmTypedAnswers] == defaults
    from backmice.nbgrader_guard import RestoreCellFlags

    sanitize = [import_item(s) for s in c.Autograde.sanitize_preprocessors]
    assert [p for p in sanitize if p is not RestoreCellFlags] == list(
        Autograde.class_traits()["sanitize_preprocessors"].default())
    assert sanitize.index(RestoreCellFlags) < sanitize.index(import_item("nbgrader.preprocessors.OverwriteCells"))
