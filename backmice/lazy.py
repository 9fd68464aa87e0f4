"""Lazy names for the topic packages (PEP 562), written once.

A topic package imports its model at once and its figures and tools (plotly, ipywidgets) only
when a lesson first asks for one of their names, so that loading the data or grading never pays
for the plotting libraries::

    __getattr__, __dir__, LAZY = exports(__name__, {"figures": ("landmark_figure",), "tools": ("landmark_map",)})
"""

from __future__ import annotations

import importlib
import sys


def exports(package: str, groups: dict[str, tuple[str, ...]]):
    """(``__getattr__``, ``__dir__``, the lazy names) for ``package``: ``groups`` maps each submodule
    to the names it lends the package."""
    where = {name: module for module, names in groups.items() for name in names}

    def __getattr__(name: str):
        if name in groups:
            return importlib.import_module(f"{package}.{name}")
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{where[name]}"), name)
        setattr(sys.modules[package], name, value)  # found once, then an ordinary attribute
        return value

    def __dir__():
        return sorted(set(vars(sys.modules[package])) | set(where))

    return __getattr__, __dir__, list(where)
