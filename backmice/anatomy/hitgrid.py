"""Lesson 01's grid computations, stored: the hover/click rasters and the tops under the finger.

The rasters that say which structure (or landmark region) owns each small cell of a figure
(:func:`backmice.anatomy.figures.hit_raster`, cells of 0.05 units, and the landmark map's,
0.15 cm), and :func:`backmice.anatomy.drawings.structure_tops`, are pure functions of the drawing
data. Computing them needs numpy and 40-60 ms; importing numpy alone costs a fresh kernel about
0.1 s of CPU, so the lesson reads them from ``hitgrid_data.py`` instead (written by
``python -m backmice.anatomy.hitgrid``), and never imports numpy.

Each stored result carries a key: a hash of everything it was computed from (the shapes, their
order, the cell size and reach, the finger's column). When the drawing changes, the key no longer
matches and the result is computed again (with numpy), so a stale file never gives wrong answers,
only a slower first figure; tests/test_anatomy.py fails until the file is written again.

A raster is ``(xs, ys, rows)``: the cell centres across and up, and one ``bytes`` per row of ``ys``
whose byte ``c`` is 1 + the owner's index at ``xs[c]`` (0: no owner).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

VERSION = 1       # change it when a computation changes (every stored key changes with it)
DATA = "hitgrid_data.py"


def _key(*parts) -> str:
    return hashlib.sha256(repr((VERSION,) + parts).encode()).hexdigest()[:24]


def _shapes(d, ids) -> tuple:
    return tuple((sid, tuple((s.kind, repr(s.points)) for s in d.shapes[sid])) for sid in ids)


def _stored(name: str, key: str):
    try:
        from .hitgrid_data import GRIDS
    except ImportError:   # not written yet
        return None
    entry = GRIDS.get(name)
    return entry if entry is not None and entry["key"] == key else None


def _unrle(text: str) -> bytes:
    """``"0*12,3*40"`` -> 12 zero bytes then 40 bytes of 3."""
    return b"".join(bytes((int(v),)) * int(n) for v, n in (run.split("*") for run in text.split(",")))


def _rle(row: bytes) -> str:
    runs, start = [], 0
    for i in range(1, len(row) + 1):
        if i == len(row) or row[i] != row[start]:
            runs.append(f"{row[start]}*{i - start}")
            start = i
    return ",".join(runs)


def _rows(owner) -> tuple[bytes, ...]:
    """A numpy owner raster (-1: none) as one bytes per row (0: none, else 1 + the owner)."""
    import numpy as np

    if owner.max() >= 255:
        raise ValueError("at most 254 owners in a raster")
    return tuple(bytes(row) for row in (np.asarray(owner) + 1).astype(np.uint8))


# --- the two sections ---------------------------------------------------------------------------------

def section_key(section: str, order: tuple) -> str:
    from .drawings import drawing
    from .figures import HIT_STEP, LINE_REACH

    return _key("section", section, HIT_STEP, LINE_REACH, tuple(order), _shapes(drawing(section), order))


def compute_section(section: str, order: tuple):
    from .drawings import drawing
    from .figures import hit_raster

    xs, ys, owner = hit_raster(drawing(section), list(order))
    return tuple(xs.tolist()), tuple(ys.tolist()), _rows(owner)


@lru_cache(maxsize=4)
def section_raster(section: str, order: tuple):
    """(xs, ys, rows) of :func:`~.figures.hit_raster` for a section, structures in ``order``."""
    entry = _stored(f"section {section}", section_key(section, order))
    if entry is None:
        return compute_section(section, order)
    return tuple(entry["xs"]), tuple(entry["ys"]), tuple(_unrle(r) for r in entry["rows"])


# --- the landmark map ---------------------------------------------------------------------------------

def landmark_key() -> str:
    from .figures import MAP_STEP
    from .posterior import landmark_regions

    return _key("landmark", MAP_STEP, repr(landmark_regions()))


def compute_landmark():
    from .figures import landmark_raster

    xs, ys, owner = landmark_raster()
    return tuple(xs.tolist()), tuple(ys.tolist()), _rows(owner)


@lru_cache(maxsize=1)
def landmark_map_raster():
    """(xs, ys, rows) of :func:`~.figures.landmark_raster` (owners in ``landmark_regions()`` order)."""
    entry = _stored("landmark", landmark_key())
    if entry is None:
        return compute_landmark()
    return tuple(entry["xs"]), tuple(entry["ys"]), tuple(_unrle(r) for r in entry["rows"])


# --- the tops under the finger ------------------------------------------------------------------------

def tops_key(section: str) -> str:
    from .drawings import LINE_HIT, drawing

    d = drawing(section)
    return _key("tops", section, d.probe, d.probe_half_width, d.yrange, LINE_HIT, _shapes(d, list(d.shapes)))


def stored_tops(section: str):
    """:func:`~.drawings.structure_tops` at the drawing's own finger column, if stored and current."""
    entry = _stored(f"tops {section}", tops_key(section))
    return None if entry is None else tuple((sid, depth) for sid, depth in entry["tops"])


# --- writing the file ---------------------------------------------------------------------------------

SECTIONS = ("l4", "crest")


def section_order(section: str) -> tuple:
    """The order of a section's hit targets in its figure: areas first, then lines."""
    from .drawings import drawing
    from .model import sections

    d, ids = drawing(section), sections()[section].structures
    return tuple([s for s in ids if d.shapes[s][0].kind == "area"] +
                 [s for s in ids if d.shapes[s][0].kind == "line"])


def computed() -> dict:
    """Every stored result, computed now (with numpy), by name."""
    from .drawings import compute_tops

    out = {}
    for section in SECTIONS:
        order = section_order(section)
        xs, ys, rows = compute_section(section, order)
        out[f"section {section}"] = {"key": section_key(section, order), "xs": xs, "ys": ys,
                                     "rows": tuple(_rle(r) for r in rows)}
    xs, ys, rows = compute_landmark()
    out["landmark"] = {"key": landmark_key(), "xs": xs, "ys": ys, "rows": tuple(_rle(r) for r in rows)}
    for section in SECTIONS:
        out[f"tops {section}"] = {"key": tops_key(section), "tops": compute_tops(section)}
    return out


def _lines(values, per_line: int = 8, indent: str = "         ") -> str:
    items = [repr(v) for v in values]
    return ",\n".join(indent + ", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line))


def _split(row: str, width: int = 96) -> str:
    """A long run-length row as adjacent string literals on several lines (one string in Python)."""
    parts, line = [], ""
    for run in row.split(","):
        if line and len(line) + len(run) + 1 > width:
            parts.append(line + ",")
            line = run
        else:
            line = f"{line},{run}" if line else run
    parts.append(line)
    return "\n          ".join(repr(p) for p in parts)


def source(results: dict) -> str:
    """The text of hitgrid_data.py for ``results`` (as :func:`computed` gives them)."""
    out = ['"""Generated by `python -m backmice.anatomy.hitgrid` (see hitgrid.py): do not edit."""', "",
           "GRIDS = {"]
    for name, entry in results.items():
        out.append(f"    {name!r}: {{")
        out.append(f"        'key': {entry['key']!r},")
        if "tops" in entry:
            out.append(f"        'tops': (\n{_lines(entry['tops'], 4)},\n        ),")
        else:
            out.append(f"        'xs': (\n{_lines(entry['xs'])},\n        ),")
            out.append(f"        'ys': (\n{_lines(entry['ys'])},\n        ),")
            out.append("        'rows': (")
            out += [f"         {_split(row)}," for row in entry["rows"]]
            out.append("        ),")
        out.append("    },")
    out.append("}")
    return "\n".join(out) + "\n"


def write() -> str:
    """Compute every result and write hitgrid_data.py next to this file; returns its path."""
    from pathlib import Path

    path = Path(__file__).with_name(DATA)
    path.write_text(source(computed()), encoding="utf-8")
    return str(path)


if __name__ == "__main__":
    print("wrote", write())
