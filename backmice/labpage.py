"""A Jupyter server extension for the student's lab: its page leaves out front-end extensions the
course does not use.

JupyterLab's page loads the code of every pip-installed (federated) front-end extension it lists
before the application starts, even one that ``disabledExtensions`` switches off (that only skips
its plugins). jupyterlab-plotly's is 4.85 MB, loaded at every start for nothing: the course draws
every figure with its own widget (backmice.figure, plotly.js sent by the kernel once), static
figures included (``widgets.static_figure``). Listing it no more opened lesson 00 0.14-0.48 s
sooner (0.48 s in one set of runs at load 4-6, median of 3; 0.14 s in 4 alternating runs at
load about 2: docs/performance.md, issue 16). nbgrader's and Notebook 7's
front ends, already switched off in the student's lab (backmice.labconfig), are not listed either.

The page's extension list is changed through jupyterlab_server's ``page_config_hook`` (the one
documented way to edit the page config per request; a hook another extension set first still
runs, before this one). backmice.labconfig loads this extension in the student's lab only; the
instructor's lab (`make lab INSTRUCTOR=1`) lists everything installed.
"""

from __future__ import annotations

NAME = "backmice.labpage"

# front-end extensions (package names) the student's page does not list
UNLISTED = ("jupyterlab-plotly", "@jupyter/nbgrader", "@jupyter-notebook/lab-extension")


def _jupyter_server_extension_points():
    return [{"module": NAME}]


def leave_out(page_config: dict) -> dict:
    """``page_config`` without the UNLISTED front-end extensions."""
    listed = page_config.get("federated_extensions")
    if isinstance(listed, list):
        page_config["federated_extensions"] = [e for e in listed
                                               if not (isinstance(e, dict) and e.get("name") in UNLISTED)]
    return page_config


def _load_jupyter_server_extension(serverapp):
    settings = serverapp.web_app.settings
    previous = settings.get("page_config_hook")

    def hook(handler, page_config):
        if previous is not None:
            page_config = previous(handler, page_config)
        return leave_out(page_config)

    settings["page_config_hook"] = hook
    serverapp.log.info("backmice.labpage: the page leaves out %s", ", ".join(UNLISTED))
