"""Plane geometry for the drawings of lesson 01 (pure: numpy only, no plots).

Points are (x, y) pairs; a polygon or a polyline is a list of them. The functions accept numpy
arrays (or grids from ``np.meshgrid``) for x and y and answer for every point at once.
"""

from __future__ import annotations

import numpy as np


def point_in_polygon(x, y, polygon) -> np.ndarray:
    """Even-odd rule: True where (x, y) lies inside the closed polygon [(x, y), ...]."""
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


def distance_to_polyline(x, y, line) -> np.ndarray:
    """Shortest distance from (x, y) to an open polyline [(x, y), ...]."""
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


def near_polyline(xs, ys, line, reach) -> np.ndarray:
    """On the grid ``np.meshgrid(xs, ys)`` (``xs``, ``ys`` ascending): True where the point is within
    ``reach`` of the open polyline; the same answer as ``distance_to_polyline(gx, gy, line) <= reach``.

    Each segment is measured only over the cells of its bounding box widened by ``reach`` (and one
    cell more, against rounding): no cell outside it can be that close. The hover/click rasters of
    lesson 01's sections spent about 30 ms per figure measuring every line against every cell
    (0.3 ms instead, measured)."""
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


def ellipse(cx, cy, rx, ry, n=48, closed=False) -> list[tuple[float, float]]:
    """``n`` points round an ellipse (the first repeated at the end when ``closed``)."""
    t = np.linspace(0, 2 * np.pi, n, endpoint=closed)
    return [(float(cx + rx * np.cos(a)), float(cy + ry * np.sin(a))) for a in t]


def band(line, half_width) -> list[tuple[float, float]]:
    """A polygon of width 2*half_width around a polyline (for clickable bands)."""
    pts = np.array(line, dtype=float)
    d = np.gradient(pts, axis=0)
    n = np.stack([-d[:, 1], d[:, 0]], axis=1)
    n /= np.linalg.norm(n, axis=1, keepdims=True)
    left, right = pts + half_width * n, pts - half_width * n
    return [tuple(map(float, p)) for p in np.vstack([left, right[::-1]])]


def resample(line, step) -> list[tuple[float, float]]:
    """Points every ``step`` along a polyline (for hover/click targets on thin lines)."""
    out = []
    for (x0, y0), (x1, y1) in zip(line[:-1], line[1:]):
        n = max(1, int(np.hypot(x1 - x0, y1 - y0) / step))
        out += [(x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n) for k in range(n)]
    out.append(tuple(line[-1]))
    return out


def xy(points, close=False) -> tuple[list, list]:
    """The x and y lists of a point list (the first point repeated at the end when ``close``)."""
    pts = list(points) + ([points[0]] if close else [])
    return [p[0] for p in pts], [p[1] for p in pts]
