"""The course's one referral-urgency scale (``assets/data/urgency.yaml``).

Every part of the course that says how fast a client should see a doctor names a level of this
scale by its id: the red-flag data, the triage vignettes, the virtual patients, the record and
letter builders, quizzes, glossaries and mark schemes. Nothing else defines a timing word.

Pure: no widgets, no plots. ``key_html()`` renders the scale as a small HTML table for lessons.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache

from . import schema


@dataclass(frozen=True)
class Level:
    id: str
    rank: int          # 1 = most urgent
    name: str          # what a student reads, e.g. "Same day"
    when: str          # how fast
    action: str        # what the client is told to do
    letter: str        # the referral letter's urgency line
    refs: tuple[str, ...]


@lru_cache(maxsize=1)
def levels() -> tuple[Level, ...]:
    """Every level, most urgent first. A malformed file is refused in plain words (schema.load)."""
    raw = schema.load("data/urgency.yaml")
    out = tuple(schema.build(Level, r, name=" ".join(r["name"].split()), when=" ".join(r["when"].split()),
                             action=" ".join(r["action"].split()), letter=" ".join(r["letter"].split()))
                for r in raw["levels"])
    if [lv.rank for lv in out] != list(range(1, len(out) + 1)):
        raise ValueError("urgency.yaml: ranks must run 1, 2, 3 ... in file order (most urgent first)")
    if len({lv.id for lv in out}) != len(out):
        raise ValueError("urgency.yaml: two levels share an id")
    return out


def ids() -> tuple[str, ...]:
    return tuple(lv.id for lv in levels())


def level(level_id: str) -> Level:
    """The level with this id; a ValueError naming the known ids otherwise."""
    for lv in levels():
        if lv.id == level_id:
            return lv
    raise ValueError(f"unknown urgency level {level_id!r}: use one of {', '.join(ids())}")


def name(level_id: str) -> str:
    return level(level_id).name


def most_urgent(level_ids) -> str | None:
    """The most urgent of the given level ids (None for none)."""
    found = [level(i) for i in level_ids]
    return min(found, key=lambda lv: lv.rank).id if found else None


def more_urgent(a: str, b: str) -> bool:
    """True when level ``a`` is more urgent than level ``b``."""
    return level(a).rank < level(b).rank


def choices() -> list[tuple[str, str]]:
    """(name, id) pairs, most urgent first: the options of a decision control."""
    return [(lv.name, lv.id) for lv in levels()]


def key_html(cite: bool = True) -> str:
    """The scale as an HTML table (level, how fast, what the client does), most urgent first."""
    rows = "".join(
        f"<tr><th scope='row' style='text-align:left;padding:2px 8px'>{lv.rank}. {html.escape(lv.name)}</th>"
        f"<td style='text-align:left;padding:2px 8px'>{html.escape(lv.when)}</td>"
        f"<td style='text-align:left;padding:2px 8px'>{html.escape(lv.action)}</td></tr>" for lv in levels())
    refs = sorted({k for lv in levels() for k in lv.refs})
    source = ""
    if cite:
        from .references import cite_html

        source = f"<p><small>Sources: {cite_html(refs)}. Follow your own region's pathway where it differs.</small></p>"
    return ("<table class='bm-urgency'><caption style='text-align:left'><b>The course's referral-urgency "
            "scale</b> (most urgent first)</caption><thead><tr><th scope='col' style='text-align:left'>Level</th><th scope='col' "
            "style='text-align:left'>How fast</th><th scope='col' style='text-align:left'>What the client does</th></tr></thead><tbody>" + rows + "</tbody></table>" + source)


def show() -> None:
    """Display the scale in a notebook."""
    from . import static  # the website: the same table, its citations written out

    if static.active():
        return static.show_html(key_html())
    from IPython.display import HTML, display

    display(HTML(key_html()))
