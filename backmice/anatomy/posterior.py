"""The landmark map's geometry (pure: no widgets, no plots).

The body is :mod:`backmice.body`, the one back view of the course: centimetres seen from behind,
x from the midline (negative: the client's left), y above the level of the two PSISs, each PSIS
4.3 cm from the midline at y = 0 (illustrative). Its pelvis outline (``body.CREST``,
``body.ILIUM``, ``body.SACRUM``), spinous processes and PSISs are drawn as they are; everything
this map adds on the body (the clickable regions, the sites where back mice are reported, the
rings around the PSIS) is placed in the same coordinates, below.

Above the body, two panels show where studies found the superior cluneal nerves crossing the
iliac crest, one row per measurement, each drawn from its own reference point (the data's
``from:``): rows measured from the midline on the body's own "cm from the midline" axis, rows
measured from the PSIS on an axis of their own that starts at the PSIS (never as offsets from the
midline). :func:`row_x_cm` says where a row sits on its panel; :func:`ring_points` draws the rings
of 2-8 cm around the body's right PSIS that show what such a distance means.
"""

from __future__ import annotations

import math

from .. import body
from .geometry import band, ellipse, linspace, rect
from .model import ClunealRow, band_ends, cluneal_rows, landmarks

PSIS = body.PSIS["right"]      # the PSIS the rings and the PSIS panel refer to: (4.3, 0.0)


def landmark_regions() -> dict[str, list[list[tuple[float, float]]]]:
    """Clickable regions of the posterior view: id -> polygons (both sides where paired)."""
    posterior = band(body.CREST[:5], 0.8)
    lateral = band(body.CREST[4:], 0.8)
    (top_x, top_y), lower = body.SACRUM[1], body.SACRUM[2]
    si = band([(top_x, top_y - 0.2), lower], 0.75)          # along the sacrum's lateral edge
    psis = ellipse(*PSIS, 1.1, 1.1, n=24)
    paraspinal = rect(1.1, 5.4, 3.8, 14.7)                  # beside the lumbar spinous processes
    out = {}
    for rid, poly in (("psis", psis), ("posterior_crest", posterior), ("lateral_crest", lateral),
                      ("si_region", si), ("paraspinal", paraspinal)):
        out[rid] = [poly, body.mirror(poly)]
    out["sacrum"] = [list(body.SACRUM)]
    return out


# Where back mice are reported: a star on the left half of the body for each site, its label.
SITE_XY = {"psis": (-5.5, 1.3), "posterior_crest": (-7.6, 7.1), "lateral_crest": (-15.7, 5.8),
           "si_region": (-4.15, -2.8), "paraspinal": (-3.3, 11.0)}
SITE_TEXT = {"psis": "near the PSIS", "posterior_crest": "posterior crest", "lateral_crest": "lateral crest",
             "si_region": "SI region", "paraspinal": "paraspinal"}
SITE_LABEL_AT = {"psis": (-6.4, 2.6), "posterior_crest": (-8.9, 4.8), "lateral_crest": (-15.2, 1.4),
                 "si_region": (-5.0, -1.7), "paraspinal": (-4.2, 12.6)}
# Rows of the two cluneal panels (y in each panel's own units). Panel "midline" shares the body's
# x axis (cm from the midline); panel "psis" has an axis of its own that starts at the PSIS.
ROW_Y = {"loubser_midline": 3.0, "iwanaga_midline": 2.0, "fifteen_midline": 1.0,
         "loubser_psis": 4.0, "iwanaga_psis": 3.0, "fifteen_psis": 2.0, "tubbs_psis": 1.0}
# One colour per study in both panels (Okabe-Ito; every row is also labelled in words).
STUDY_COLOUR = {"loubser": "blue", "iwanaga": "vermillion", "fifteen": "green", "tubbs": "purple"}
RING_CM = (2, 4, 6, 8)               # the "distance from the PSIS" rings drawn on the body (right side)
PANEL_AXES = {"midline": ("x", "y"), "psis": ("x3", "y3")}


def row_x_cm(row: ClunealRow) -> tuple[float, list[float], tuple[float, float]]:
    """Where a row sits on its own panel's axis, in cm from the row's reference point:
    (reference x, mean xs, band ends). Midline rows are drawn on the body's axis (the midline is
    x = 0); PSIS rows on the PSIS panel's axis (the PSIS is x = 0 there), never on the midline axis."""
    lo, hi = band_ends(row)
    return 0.0, [m / 10 for m in row.means_mm], (lo / 10, hi / 10)


def row_label(row: ClunealRow) -> str:
    """The row's label on the map, with its numbers (its panel's title gives the reference point)."""
    label = row.label + (" \u2020" if row.landmark else "")   # the footnote names the authors' landmark
    if row.sd_mm is None:
        return f"{label}: means {', '.join(f'{m:g}' for m in row.means_mm)} mm"
    return f"{label}: {row.mean_mm:.1f} \u00b1 {row.sd_mm:.1f} mm"


def ring_points(radius_cm: float, n: int = 25) -> list[tuple[float, float]]:
    """A quarter circle of ``radius_cm`` centred on the body's right PSIS (up and out from it)."""
    cx, cy = PSIS
    return [(float(cx + radius_cm * math.cos(a)), float(cy + radius_cm * math.sin(a)))
            for a in linspace(0.0, math.pi / 2, n)]


def panel_box(panel: str) -> tuple[list[float], list[float]]:
    """The outline drawn around a cluneal panel's rows when the cluneal region is selected."""
    ys = [ROW_Y[r.id] for r in cluneal_rows(panel)]
    y0, y1 = min(ys) - 0.55, max(ys) + 0.55
    return [-0.3, 9.9, 9.9, -0.3, -0.3], [y0, y0, y1, y1, y0]


def landmark_summary(selected: str | None, show_sites: bool = True) -> str:
    """The landmark map's text alternative (what it shows, every row in words, the selection)."""
    regions, sites, rows = landmarks()
    parts = ["Schematic posterior view of the low back and pelvis (proportions and the PSIS position are "
             "illustrative): the midline and lumbar spinous processes, the sacrum, the two hip bones with "
             "the iliac crest, each PSIS, the sacroiliac regions and the lumbar paraspinal regions."]
    if show_sites:
        parts.append("Stars on the left half mark where back mice are reported: "
                     + "; ".join(s.label for s in sites) + ".")
    parts.append("Two panels above the body show where studies found the superior cluneal nerves crossing "
                 "the iliac crest, one band per study (mean \u00b1 one standard deviation). The top panel "
                 "shares the body's axis, distance from the midline: "
                 + "; ".join(r.text() for r in cluneal_rows("midline")) + ". The second panel has an axis "
                 "of its own that starts at the PSIS, distance from the PSIS: "
                 + "; ".join(r.text() for r in cluneal_rows("psis")) + ". On the body, dotted quarter "
                 "circles around the right PSIS mark " + ", ".join(f"{r}" for r in RING_CM[:-1])
                 + f" and {RING_CM[-1]} cm from it: a distance from the PSIS is measured from that bony "
                 "point, not from the spine.")
    if selected:
        parts.append(f"Selected: {regions[selected].name}. {regions[selected].short}")
    return " ".join(parts)
