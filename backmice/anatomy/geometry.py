"""Plane geometry for the drawings of lesson 01 (pure: no plots).

Points are (x, y) pairs; a polygon or a polyline is a list of them. :func:`point_in_polygon`,
:func:`distance_to_polyline` and :func:`near_polyline` accept numpy arrays (or grids from
``np.meshgrid``) for x and y and answer for every point at once; they import numpy when first
called. The drawing helpers (:func:`rect`, :func:`ellipse`, :func:`band`, :func:`resample`,
:func:`xy`) are plain Python, so that drawing a lesson's figures never loads numpy (about 0.1 s of
a fresh kernel's CPU, measured): their results are the very floats numpy gave (``math.cos`` and
``math.sin`` are the C library's, numpy's ``linspace`` and ``gradient`` are reproduced step by
step; tests/test_anatomy.py compares them with numpy).
"""

from __future__ import annotations

import math


def point_in_polygon(x, y, polygon):
    """Even-odd rule: True where (x, y) lies inside the closed polygon [(x, y), ...]."""
    import numpy as np

    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    x, y = np.broadcast_arrays(x, y)
    px = np.array([p[0] for p in polygon], dtype=float)
    py = np.array([p[1] for p in polygon], dtype=float)
    inside = np.zeros(x.shape, dtype=bool)
    j = len(px) - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        for i in range(len(px)):
            crosses = (py[i] > y) != (py[j] > y)
            x_cross = (px[j] - px[i]) * (y - py[i]) / (py[j] - py[i]) + px[i]
            inside ^= crosses & (x < x_cross)
            j = i
    return inside


def distance_to_polyline(x, y, line):
    """Shortest distance from (x, y) to an open polyline [(x, y), ...]."""
    import numpy as np

    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    x, y = np.broadcast_arrays(x, y)
    best = np.full(x.shape, np.inf)
    for (x0, y0), (x1, y1) in zip(line[:-1], line[1:]):
        dx, dy = x1 - x0, y1 - y0
        length2 = dx * dx + dy * dy
        t = np.zeros(x.shape) if length2 == 0 else np.clip(((x - x0) * dx + (y - y0) * dy) / length2, 0, 1)
        best = np.minimum(best, np.hypot(x - (x0 + t * dx), y - (y0 + t * dy)))
    return best


def near_polyline(xs, ys, line, reach):
    """On the grid ``np.meshgrid(xs, ys)`` (``xs``, ``ys`` ascending): True where the point is within
    ``reach`` of the open polyline; the same answer as ``distance_to_polyline(gx, gy, line) <= reach``.

    Each segment is measured only over the cells of its bounding box widened by ``reach`` (and one
    cell more, against rounding): no cell outside it can be that close. The hover/click rasters of
    lesson 01's sections spent about 30 ms per figure measuring every line against every cell
    (0.3 ms instead, measured)."""
    import numpy as np

    xs = np.asarray(xs, dtype=float)
    ys = np.asarray(ys, dtype=float)
    near = np.zeros((len(ys), len(xs)), dtype=bool)
    cell = max(float(np.max(np.diff(xs), initial=0)), float(np.max(np.diff(ys), initial=0)))
    margin = reach + cell
    for (x0, y0), (x1, y1) in zip(line[:-1], line[1:]):
        c0, c1 = np.searchsorted(xs, min(x0, x1) - margin), np.searchsorted(xs, max(x0, x1) + margin, "right")
        r0, r1 = np.searchsorted(ys, min(y0, y1) - margin), np.searchsorted(ys, max(y0, y1) + margin, "right")
        if c0 >= c1 or r0 >= r1:
            continue
        gx, gy = np.meshgrid(xs[c0:c1], ys[r0:r1])
        near[r0:r1, c0:c1] |= distance_to_polyline(gx, gy, [(x0, y0), (x1, y1)]) <= reach
    return near


def rect(x0, x1, y0, y1) -> list[tuple[float, float]]:
    """The four corners of an axis-aligned rectangle."""
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def linspace(start: float, stop: float, n: int, endpoint: bool = True) -> list[float]:
    """``np.linspace(start, stop, n, endpoint=endpoint)`` as a list, float for float."""
    div = (n - 1) if endpoint else n
    step = (stop - start) / div if div > 0 else 0.0
    out = [k * step + start for k in range(n)]
    if endpoint and n > 1:
        out[-1] = stop
    return out


def arange(start: float, stop: float, step: float) -> list[float]:
    """``np.arange(start, stop, step)`` for floats, as a list, float for float: numpy sets the first
    two values, then fills ``start + i * ((start + step) - start)``."""
    n = max(0, math.ceil((stop - start) / step))
    second = start + step
    delta = second - start
    return [start, second][:n] + [start + i * delta for i in range(2, n)]


def round_half_even(values, decimals: int) -> list[float]:
    """``np.round(values, decimals)`` as a list (numpy: rint(v * 10**decimals) / 10**decimals)."""
    f = 10.0 ** decimals
    out = []
    for v in values:
        r = float(round(v * f))   # round() of a float: to the nearest integer, halves to even, like rint
        out.append(math.copysign(r, v * f) / f if r == 0 else r / f)
    return out


def ellipse(cx, cy, rx, ry, n=48, closed=False) -> list[tuple[float, float]]:
    """``n`` points round an ellipse (the first repeated at the end when ``closed``)."""
    return [(float(cx + rx * math.cos(a)), float(cy + ry * math.sin(a)))
            for a in linspace(0.0, 2 * math.pi, n, endpoint=closed)]


def band(line, half_width) -> list[tuple[float, float]]:
    """A polygon of width 2*half_width around a polyline (for clickable bands). The normal at each
    point is numpy's ``gradient`` of the points (central differences, one-sided at the ends)."""
    pts = [(float(x), float(y)) for x, y in line]
    last = len(pts) - 1
    left, right = [], []
    for i, (x, y) in enumerate(pts):
        (x0, y0), (x1, y1) = pts[max(i - 1, 0)], pts[min(i + 1, last)]
        div = 2.0 if 0 < i < last else 1.0
        dx, dy = (x1 - x0) / div, (y1 - y0) / div
        norm = math.sqrt(-dy * -dy + dx * dx)
        nx, ny = -dy / norm, dx / norm
        left.append((x + half_width * nx, y + half_width * ny))
        right.append((x - half_width * nx, y - half_width * ny))
    return left + right[::-1]


def resample(line, step) -> list[tuple[float, float]]:
    """Points every ``step`` along a polyline (for hover/click targets on thin lines)."""
    out = []
    for (x0, y0), (x1, y1) in zip(line[:-1], line[1:]):
        n = max(1, int(math.hypot(x1 - x0, y1 - y0) / step))
        out += [(x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n) for k in range(n)]
    out.append(tuple(line[-1]))
    return out


def xy(points, close=False) -> tuple[list, list]:
    """The x and y lists of a point list (the first point repeated at the end when ``close``)."""
    pts = list(points) + ([points[0]] if close else [])
    return [p[0] for p in pts], [p[1] for p in pts]
