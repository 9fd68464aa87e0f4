"""Sphinx extension of the course website (loaded from docs/site/_config.yml).

- The launch buttons of sphinx-book-theme build their own URLs; its JupyterHub link always sends
  ``branch=`` (nbgitpuller refuses ``HEAD``). Every launch link is replaced here by
  :mod:`backmice.launch`'s, so the site opens exactly what the README's badge opens.
"""

from __future__ import annotations

from pathlib import PurePosixPath


def _lesson(pagename: str) -> str | None:
    path = PurePosixPath(pagename)
    return path.name if path.parent.name == "lessons" else None


def _launch_links(app, pagename, templatename, context, doctree):
    from backmice import launch

    lesson = _lesson(pagename)
    if lesson is None:
        return
    for group in context.get("header_buttons", []):
        if group.get("label") != "launch-buttons":
            continue
        for button in group.get("buttons", []):
            if button.get("text") == "Binder":
                button["url"] = launch.binder_url(lesson)
            elif button.get("text") == "JupyterHub":
                button["url"] = launch.nbgitpuller_url(None, lesson)


def _theme_options(app, config):
    # No download button: it would hand out the build copy (a hidden set-up cell, the website's
    # static outputs), not the lesson; the launch buttons open the real one.
    config.html_theme_options["use_download_button"] = False


def setup(app):
    app.connect("config-inited", _theme_options)
    # sphinx-external-toc always loads sphinx-multitoc-numbering, which does not say whether it
    # may read in parallel, so Sphinx would execute the lessons one by one (and warn, which fails
    # the -W build). It only renumbers sections after reading, and this book numbers none
    # (_config.yml: use_multitoc_numbering false): reading in parallel is safe.
    multitoc = app.extensions.get("sphinx_multitoc_numbering")
    if multitoc is not None and multitoc.parallel_read_safe is None:
        multitoc.parallel_read_safe = True
    # after the theme's add_launch_buttons (priority 501)
    app.connect("html-page-context", _launch_links, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
