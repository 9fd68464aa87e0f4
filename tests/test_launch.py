"""Launch links (backmice.launch): one setting, assets/course.yaml's `launch:`, behind the README's
Binder badge and a school's nbgitpuller links."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from backmice import launch
from conftest import ROOT

BADGE_START = "[![Open the course on Binder]"


@pytest.fixture(autouse=True)
def _fresh_settings():
    # settings() is cached: a test that swapped the assets folder must not leak into the next one
    launch.settings.cache_clear()
    yield
    launch.settings.cache_clear()


def _launch_section():
    return yaml.safe_load((ROOT / "assets" / "course.yaml").read_text(encoding="utf-8"))["launch"]


def _own_launch(own_assets, **changes):
    """A temporary course.yaml whose `launch:` section has ``changes`` applied."""
    data = yaml.safe_load((ROOT / "assets" / "course.yaml").read_text(encoding="utf-8"))
    data["launch"].update(changes)
    folder = own_assets(launch.settings)
    (folder / "course.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")


def test_readme_badge_is_built_from_the_setting():
    lines = [line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
             if line.startswith(BADGE_START)]
    assert lines == [launch.readme_badge()]


def test_setting_holds_the_readme_repository_and_no_public_hub():
    s = _launch_section()
    assert s["repository"] == "https://github.com/backmice/backmice-course"
    assert s["binderhub"] == "https://mybinder.org"
    # no public JupyterHub serves this course: a school sets its own
    assert s["jupyterhub"] == ""
    assert (ROOT / "lessons" / f"{s['first_lesson']}.ipynb").is_file()


def test_binder_url_is_well_formed():
    url = launch.binder_url()
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc) == ("https", "mybinder.org")
    assert parts.path == "/v2/gh/backmice/backmice-course/HEAD"
    assert parse_qs(parts.query, strict_parsing=True) == {"urlpath": ["lab/tree/lessons/00_start_here.ipynb"]}
    assert launch.binder_url("05_evidence_appraisal").endswith("lab/tree/lessons/05_evidence_appraisal.ipynb")


@pytest.mark.parametrize("make", [launch.binder_url, lambda lesson: launch.nbgitpuller_url("https://hub.example.org", lesson)])
def test_lesson_path_is_quoted(make):
    lesson = "07 a&b#c?d=e%"
    url = make(lesson)
    # nothing of the lesson id can end the path, split the query or start a fragment
    assert " " not in url and "#" not in url and url.count("?") == 1
    assert parse_qs(urlsplit(url).query)["urlpath"][0].endswith(f"lessons/{lesson}.ipynb")


def test_nbgitpuller_url_has_the_documented_format():
    # nbgitpuller's docs (topic/url-options) and link generator: <hub>/hub/user-redirect/git-pull
    # with repo, optional branch and urlpath; urlpath is relative to the hub's home folder, so it
    # starts with the folder git clones into.
    url = launch.nbgitpuller_url("https://hub.example.org/")
    assert re.fullmatch(r"https://hub\.example\.org/hub/user-redirect/git-pull\?[^#\s]+", url), url
    query = parse_qs(urlsplit(url).query, strict_parsing=True)
    assert query == {"repo": ["https://github.com/backmice/backmice-course"],
                     "urlpath": ["lab/tree/backmice-course/lessons/00_start_here.ipynb"]}
    # branch HEAD (the default branch) is left out: nbgitpuller then resolves the default branch
    # itself, and it would reject "HEAD", which is not one of the remote's heads or tags
    assert "branch=" not in url


def test_nbgitpuller_names_a_real_branch(own_assets):
    _own_launch(own_assets, branch="spring-2027")
    query = parse_qs(urlsplit(launch.nbgitpuller_url("https://hub.example.org")).query)
    assert query["branch"] == ["spring-2027"]


def test_nbgitpuller_without_a_hub_says_where_to_set_one():
    assert launch.hub_url() == ""
    with pytest.raises(ValueError, match="launch.jupyterhub"):
        launch.nbgitpuller_url(None)
    with pytest.raises(ValueError, match="https://"):
        launch.nbgitpuller_url("hub.example.org")


def test_changing_the_setting_changes_every_link(own_assets):
    before = (launch.binder_url(), launch.readme_badge(), launch.nbgitpuller_url("https://hub.example.org"))
    _own_launch(own_assets, repository="https://github.com/someschool/backmice-fork.git", branch="v2",
                binderhub="https://binder.example.org/", first_lesson="01_fascia_anatomy",
                jupyterhub="https://hub.example.org")
    binder, badge, puller = launch.binder_url(), launch.readme_badge(), launch.nbgitpuller_url(None)
    assert binder == ("https://binder.example.org/v2/gh/someschool/backmice-fork/v2"
                      "?urlpath=lab/tree/lessons/01_fascia_anatomy.ipynb")
    assert badge == f"[![Open the course on Binder](https://binder.example.org/badge_logo.svg)]({binder})"
    assert parse_qs(urlsplit(puller).query) == {
        "repo": ["https://github.com/someschool/backmice-fork.git"], "branch": ["v2"],
        "urlpath": ["lab/tree/backmice-fork/lessons/01_fascia_anatomy.ipynb"]}
    assert puller.startswith("https://hub.example.org/hub/user-redirect/git-pull?")
    assert not set(before) & {binder, badge, puller}


def test_binder_needs_a_github_repository(own_assets):
    _own_launch(own_assets, repository="https://gitlab.com/someschool/backmice-course")
    with pytest.raises(ValueError, match="github.com"):
        launch.binder_url()
