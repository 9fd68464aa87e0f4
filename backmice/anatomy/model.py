"""Lesson 01's data and the decisions made from it (pure: no widgets, no plots).

What a student reads comes from two data files, each checked against its JSON Schema
(``assets/schemas/anatomy_layers.schema.json`` and ``anatomy_landmarks.schema.json``) by
:func:`backmice.schema.load`, then turned into frozen dataclasses:

- ``assets/data/anatomy_layers.yaml``: the two sections of the layer explorer (:class:`Section`)
  and their structures (:class:`Structure`);
- ``assets/data/anatomy_landmarks.yaml``: the landmark map's regions (:class:`Region`), the sites
  where back mice are reported (:class:`Site`) and the superior cluneal nerve crossings, one
  :class:`ClunealRow` per measurement, each with its own reference point (midline or PSIS).

Checks a schema cannot express (every id once, a section naming only known structures, a site
naming a known region) are made here, after the schema has passed; a file that breaks one is
refused with a ValueError that names the file and the problem.
"""

from __future__ import annotations

import html
import random
import textwrap
from dataclasses import dataclass
from functools import lru_cache

from .. import schema
from ..references import short_cite  # the one short-citation helper

LAYERS, LANDMARKS = "anatomy_layers.yaml", "anatomy_landmarks.yaml"


def _words(text: str) -> str:
    """Folded YAML text on one line, single-spaced."""
    return " ".join(text.split())


# --- the layer explorer's text ------------------------------------------------------------------

@dataclass(frozen=True)
class Structure:
    id: str
    name: str
    label: str          # the drawing's label (may hold <br>)
    short: str          # one line, shown on hover
    description: str    # the card
    where: str          # explains a wrong answer in "Find the structure"
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    caption: str
    probe_name: str
    structures: tuple[str, ...]


def _unique(ids, what: str, filename: str) -> None:
    seen = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"{filename}: two {what} share the id {i!r}")
        seen.add(i)


@lru_cache(maxsize=1)
def layers() -> tuple[dict[str, Section], dict[str, Structure]]:
    """(sections by id, structures by id) from anatomy_layers.yaml, read and checked once."""
    raw = schema.load(f"data/{LAYERS}")
    _unique([r["id"] for r in raw["sections"]], "sections", LAYERS)
    _unique([r["id"] for r in raw["structures"]], "structures", LAYERS)
    found = {r["id"]: schema.build(Structure, r, short=r["short"].strip(), description=_words(r["description"]))
             for r in raw["structures"]}
    secs = {r["id"]: schema.build(Section, r) for r in raw["sections"]}
    for sec in secs.values():
        unknown = [s for s in sec.structures if s not in found]
        if unknown:
            raise ValueError(f"{LAYERS}: section {sec.id!r} names structures that are not described: "
                             f"{', '.join(unknown)}")
    return secs, found


def structures() -> dict[str, Structure]:
    """Every structure of both sections, by id (text from anatomy_layers.yaml)."""
    return layers()[1]


def sections() -> dict[str, Section]:
    """The two sections, ``"l4"`` and ``"crest"``, by id."""
    return layers()[0]


# --- the landmark map's text --------------------------------------------------------------------

@dataclass(frozen=True)
class Region:
    id: str
    name: str
    short: str
    description: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Site:
    region: str
    label: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class ClunealRow:
    id: str
    study: str
    label: str                   # short, for the map (the row's panel gives the reference point)
    what: str
    reference: str               # "midline" or "psis" (the data's ``from:``)
    means_mm: tuple[float, ...]  # one mean, or several (Tubbs et al.: three branches, no spread)
    sd_mm: float | None
    refs: tuple[str, ...]
    landmark: str | None = None  # the reference point in the study's own words, if not "PSIS"

    @property
    def mean_mm(self) -> float:
        return self.means_mm[0]

    def point(self) -> str:
        """The reference point in words, as the study named it."""
        if self.reference == "midline":
            return "the midline"
        if self.landmark:
            return f"the \u201c{self.landmark}\u201d (the authors' term; drawn at the PSIS)"
        return "the PSIS"

    def text(self) -> str:
        """The row in words, always with its reference point."""
        point = self.point()
        if self.sd_mm is None:
            values = ", ".join(f"{m:g}" for m in self.means_mm[:-1]) + f" and {self.means_mm[-1]:g} mm"
            return f"{self.study}: {self.what} at {values} from {point}"
        return f"{self.study}: {self.what}, {self.mean_mm:.1f} \u00b1 {self.sd_mm:.1f} mm from {point}"


REFERENCES = ("midline", "psis")


@lru_cache(maxsize=1)
def landmarks() -> tuple[dict[str, Region], tuple[Site, ...], tuple[ClunealRow, ...]]:
    """(regions by id, sites, cluneal rows) from anatomy_landmarks.yaml."""
    raw = schema.load(f"data/{LANDMARKS}")
    _unique([r["id"] for r in raw["regions"]], "regions", LANDMARKS)
    _unique([c["id"] for c in raw["cluneal"]], "cluneal rows", LANDMARKS)
    regions = {r["id"]: schema.build(Region, r, description=_words(r["description"])) for r in raw["regions"]}
    sites = tuple(schema.build(Site, s) for s in raw["sites"])
    for s in sites:
        if s.region not in regions:
            raise ValueError(f"{LANDMARKS}: a site names the region {s.region!r}, which is not described")
    for c in raw["cluneal"]:
        if "means_mm" in c and ("mean_mm" in c or "sd_mm" in c):
            raise ValueError(f"{LANDMARKS}: cluneal row {c['id']!r} gives several means (means_mm), so it "
                             "cannot also give mean_mm or sd_mm")
        if "means_mm" not in c and "mean_mm" not in c:
            raise ValueError(f"{LANDMARKS}: cluneal row {c['id']!r} needs mean_mm (one mean) or means_mm "
                             "(several means)")
    rows = tuple(schema.build(ClunealRow, c, reference=c["from"],
                              means_mm=tuple(float(m) for m in c.get("means_mm") or [c["mean_mm"]]),
                              sd_mm=None if c.get("sd_mm") is None else float(c["sd_mm"]))
                 for c in raw["cluneal"])
    return regions, sites, rows


def cluneal_rows(reference: str | None = None) -> tuple[ClunealRow, ...]:
    """The cluneal crossing rows, optionally only those measured from ``reference``."""
    rows = landmarks()[2]
    if reference is None:
        return rows
    if reference not in REFERENCES:
        raise ValueError("reference is 'midline' or 'psis'")
    return tuple(r for r in rows if r.reference == reference)


def band_ends(row: ClunealRow) -> tuple[float, float]:
    """Mean - SD and mean + SD in mm (the band drawn on the map); the lowest and highest mean with no SD."""
    if row.sd_mm is None:
        return min(row.means_mm), max(row.means_mm)
    return row.mean_mm - row.sd_mm, row.mean_mm + row.sd_mm


# --- citations, cards, hover text ---------------------------------------------------------------

def sources(refs) -> str:
    """Short citations joined by semicolons ('Willard et al. 2012; Bicket et al. 2016')."""
    return "; ".join(short_cite(k) for k in refs)


def card_html(name: str, description: str, refs) -> str:
    """The card under a tool: name, description and its sources (as [@key], like the lesson)."""
    cited = "; ".join(f"{html.escape(short_cite(k))} [@{html.escape(k)}]" for k in refs)
    return (f"<div role='status' aria-live='polite' class='bm-anatomy-card' "
            f"style='border-left:4px solid #0072B2;padding:4px 10px;max-width:60em'>"
            f"<p style='margin:2px 0'><b>{html.escape(name)}</b></p>"
            f"<p style='margin:2px 0'>{html.escape(description)}</p>"
            f"<p style='margin:2px 0'><small>Sources: {cited}</small></p></div>")


def wrap(text: str, width: int = 58) -> str:
    """Escaped text broken into lines of ``width`` characters with <br> (for hover boxes)."""
    return "<br>".join(html.escape(line) for line in textwrap.wrap(text, width))


def hover_text(s: Structure) -> str:
    """What hovering a structure shows: name, one line, sources."""
    return (f"<b>{html.escape(s.name)}</b><br>{wrap(s.short)}<br>"
            f"<i>{wrap('Source: ' + sources(s.refs), 64)}</i><extra></extra>")


def checkbox_text(s: Structure) -> str:
    """A short name for a show/hide box: the label without line breaks or its explanation."""
    text = s.label.replace("-<br>", "").replace("<br>", " ")
    return text.split(" (")[0].split(":")[0].strip()


# --- "Find the structure" -----------------------------------------------------------------------

def the(name: str, start: bool = False) -> str:
    """'the skin', 'the erector spinae' (acronyms such as PSIS keep their capitals)."""
    if name.startswith("A "):
        name = name[2:]
    word = name if name[:2].isupper() else name[0].lower() + name[1:]
    return ("The " if start else "the ") + word


def score_click(target: str, clicked: str | None, section: str = "l4") -> tuple[bool, str]:
    """Score one answer: is ``clicked`` the ``target`` structure? Returns (correct, explanation).

    ``clicked`` is a structure id, or None for a click outside every structure.
    """
    ids = sections()[section].structures
    texts = structures()
    if target not in ids:
        raise ValueError(f"{target!r} is not a structure of section {section!r}")
    if clicked is not None and clicked not in ids:
        raise ValueError(f"{clicked!r} is not a structure of section {section!r}")
    t = texts[target]
    if clicked == target:
        return True, f"\u2713 Right: that is {the(t.name)}. It lies {t.where}. {t.short}"
    if clicked is None:
        return False, f"\u2717 That spot is outside the marked structures. {the(t.name, True)} lies {t.where}."
    c = texts[clicked]
    return False, (f"\u2717 That is {the(c.name)}, not {the(t.name)}. "
                   f"{the(t.name, True)} lies {t.where}.")


def numbering(section: str = "l4", seed: int = 11) -> dict[str, int]:
    """A fixed shuffled numbering of a section's structures (so numbers do not give away the order)."""
    ids = list(sections()[section].structures)
    order = list(range(1, len(ids) + 1))
    random.Random(seed).shuffle(order)
    return dict(zip(ids, order))


def game_order(section: str = "l4", seed: int = 3) -> list[str]:
    """The order in which the game asks for structures (fixed, shuffled)."""
    ids = list(sections()[section].structures)
    random.Random(seed).shuffle(ids)
    return ids
