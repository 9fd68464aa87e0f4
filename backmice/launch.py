"""Links that open the course somewhere else: Binder, or a school's JupyterHub via nbgitpuller.

Every link is built from the one ``launch:`` section of ``assets/course.yaml`` (repository,
branch, BinderHub, first lesson, optional JupyterHub), so the README's badge, the website's
launch buttons and a school's links cannot drift apart (tests/test_launch.py checks the README).

- :func:`binder_url`: ``<binderhub>/v2/gh/<owner>/<name>/<branch>?urlpath=lab/tree/lessons/<lesson>.ipynb``
- :func:`nbgitpuller_url`: ``<hub>/hub/user-redirect/git-pull?repo=...&branch=...&urlpath=...``,
  the format of nbgitpuller's documentation and link generator
  (https://nbgitpuller.readthedocs.io/en/latest/topic/url-options.html)
- :func:`readme_badge`: the README's Binder badge line
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, urlencode, urlsplit

from backmice import paths

# Binder's (and git's) name for "the repository's default branch"
DEFAULT_BRANCH = "HEAD"


@dataclass(frozen=True)
class Launch:
    repository: str    # https://github.com/<owner>/<name>
    branch: str        # a branch or tag; HEAD means the default branch
    binderhub: str     # https://mybinder.org
    first_lesson: str  # a lesson id: lessons/<first_lesson>.ipynb
    jupyterhub: str    # a school's hub, or "" (no public hub serves this course)


@lru_cache(maxsize=None)
def settings() -> Launch:
    """The ``launch:`` section of assets/course.yaml."""
    data = paths.read_yaml(paths.assets() / "course.yaml")["launch"]
    return Launch(repository=str(data["repository"]).rstrip("/"),
                  branch=str(data.get("branch") or DEFAULT_BRANCH),
                  binderhub=str(data["binderhub"]).rstrip("/"),
                  first_lesson=str(data["first_lesson"]),
                  jupyterhub=str(data.get("jupyterhub") or "").rstrip("/"))


def _github_owner_name(repository: str) -> tuple[str, str]:
    parts = urlsplit(repository)
    owner_name = parts.path.strip("/").removesuffix(".git").split("/")
    if parts.netloc.lower() != "github.com" or len(owner_name) != 2 or not all(owner_name):
        # Binder's `gh` provider (the README's badge) serves GitHub repositories only
        raise ValueError(f"launch.repository must be https://github.com/<owner>/<name>, not {repository!r}")
    return owner_name[0], owner_name[1]


def clone_folder(repository: str | None = None) -> str:
    """The folder git (and so nbgitpuller) clones the repository into: its last path part
    without ``.git``, as nbgitpuller's link generator works it out."""
    return urlsplit(repository or settings().repository).path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")


def _lesson_file(lesson: str | None) -> str:
    return f"lessons/{lesson or settings().first_lesson}.ipynb"


def binder_url(lesson: str | None = None) -> str:
    """Binder link opening ``lesson`` (default: the first lesson) in JupyterLab."""
    s = settings()
    owner, name = _github_owner_name(s.repository)
    ref = quote(s.branch, safe="")
    # `safe="/"`: the path's slashes stay readable (as in the badge); anything else is quoted
    query = urlencode({"urlpath": f"lab/tree/{_lesson_file(lesson)}"}, quote_via=quote, safe="/")
    return f"{s.binderhub}/v2/gh/{quote(owner)}/{quote(name)}/{ref}?{query}"


def hub_url() -> str:
    """The school's JupyterHub from the setting, or "" when none is set (the default)."""
    return settings().jupyterhub


def nbgitpuller_url(hub: str | None, lesson: str | None = None) -> str:
    """nbgitpuller link: the hub clones (or updates) the repository into the student's home,
    then opens ``lesson`` in JupyterLab. ``hub=None`` uses the setting."""
    hub = (hub if hub is not None else hub_url()).rstrip("/")
    if not hub:
        raise ValueError("No JupyterHub is set: put the school's hub URL in launch.jupyterhub "
                         "of assets/course.yaml (no public hub serves this course).")
    if urlsplit(hub).scheme not in ("http", "https"):
        raise ValueError(f"The JupyterHub URL must start with https:// (got {hub!r})")
    s = settings()
    params = {"repo": s.repository}
    if s.branch != DEFAULT_BRANCH:
        # Without `branch` nbgitpuller uses the repository's default branch; it checks a given
        # branch against the remote's heads and tags, where "HEAD" is not one.
        params["branch"] = s.branch
    # The path is relative to the hub's home folder, so it starts with the clone's folder.
    params["urlpath"] = f"lab/tree/{clone_folder(s.repository)}/{_lesson_file(lesson)}"
    return f"{hub}/hub/user-redirect/git-pull?{urlencode(params, quote_via=quote, safe='/')}"


def readme_badge() -> str:
    """The README's Binder badge, exactly as its line reads."""
    return f"[![Open the course on Binder]({settings().binderhub}/badge_logo.svg)]({binder_url()})"
