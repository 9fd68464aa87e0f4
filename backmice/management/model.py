"""Lesson 06, the pure part: the data (options, warning features, scope examples), the filters of
the options chart, the nodules of the body chart and the SOAP note. No plots, no widgets.

The three data files are checked by their JSON Schemas (``assets/schemas/management_*.schema.json``,
through :mod:`backmice.schema`); what a schema cannot say stays here: a warning feature's urgency
must be a level id of the course's scale (:mod:`backmice.urgency`) and no two features share an id.

Positions on the body chart come from :mod:`backmice.body` (the course's one PSIS, 4.3 cm from the
midline at y = 0): a nodule is stored in body coordinates and described from the nearer PSIS.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache

from .. import schema, urgency
from ..body import (GRID_STEP, PSIS, PSIS_X, Position, point_from_psis, position_text,  # noqa: F401
                    relative_to_psis, snap)
from ..references import cite_html, cite_text, short_cite  # noqa: F401  (the course's one citation helpers)

# --- the scales of the options chart ------------------------------------------------------------

EVIDENCE_LEVELS = (
    "No study found",
    "Case reports (1-2 patients)",
    "Uncontrolled case series",
    "One small randomised trial",
)
INVASIVENESS = (
    "Nothing done",
    "Hands on, skin intact",
    "Tablets",
    "Needle through the skin",
    "Operation",
)
PROVIDERS = {
    "client": "No one (no treatment)",
    "manual": "A manual therapist",
    "doctor": "A doctor",
    "surgeon": "A surgeon",
}

# the families of warning features, in the order the builder and the letter list them
FAMILIES = {
    "cauda_equina": "Cauda equina syndrome",
    "neuro": "Progressive or widespread nerve problems",
    "infection": "Spinal infection",
    "fracture": "Fracture",
    "cancer": "Cancer",
    "lump": "The lump: features for the urgent suspected-cancer pathway",
    "lump_change": "The lump: other changes",
}
# the same, as the letter names them
FAMILY_SHORT = {"cauda_equina": "cauda equina", "neuro": "nerves", "infection": "infection",
                "fracture": "fracture", "cancer": "cancer", "lump": "lump, suspected-cancer features",
                "lump_change": "lump, other changes"}


@dataclass(frozen=True)
class Option:
    """A management option (a row of management_options.yaml), placed on the two scales."""
    id: str
    name: str
    short: str
    invasiveness: int   # an index of INVASIVENESS
    evidence: int       # an index of EVIDENCE_LEVELS
    provider: str       # a key of PROVIDERS
    what: str
    evidence_text: str
    unknown: str
    refs: tuple[str, ...]

    @property
    def evidence_name(self) -> str:
        return EVIDENCE_LEVELS[self.evidence]

    @property
    def invasiveness_name(self) -> str:
        return INVASIVENESS[self.invasiveness]


@dataclass(frozen=True)
class RedFlag:
    """A warning feature the letter builder asks about (a row of management_red_flags.yaml)."""
    id: str
    label: str          # what the builder shows
    group: str          # the family (a key of FAMILIES)
    urgency: str        # a level id of the urgency scale
    refs: tuple[str, ...]
    short: str = ""     # what the letter lists (the label if empty)

    @property
    def letter_text(self) -> str:
        return self.short or self.label


_CELL = "style='text-align:left;vertical-align:top'"


@dataclass(frozen=True)
class ScopeExample:
    """A scope-of-practice rule from one place or organisation (management_scope.yaml): an example."""
    who: str
    where: str
    profession: str
    says: str
    refs: tuple[str, ...]

    def row_html(self) -> str:
        """The example as a row of the scope table."""
        cells = (f"<b>{html.escape(self.who)}</b>", html.escape(self.where), html.escape(self.profession),
                 html.escape(self.says), f"<small>{cite_html(self.refs)}</small>")
        return "<tr>" + "".join(f"<td {_CELL}>{c}</td>" for c in cells) + "</tr>"


@lru_cache(maxsize=1)
def options() -> tuple[Option, ...]:
    """The management options (the schema checks the scales and the providers)."""
    return tuple(schema.build(Option, r) for r in schema.load("data/management_options.yaml"))


@lru_cache(maxsize=1)
def red_flags() -> tuple[RedFlag, ...]:
    """The warning features, each with a level id of the urgency scale (ValueError otherwise)."""
    out = tuple(schema.build(RedFlag, r) for r in schema.load("data/management_red_flags.yaml"))
    for f in out:
        if f.urgency not in urgency.ids():
            raise ValueError(f"management_red_flags.yaml: {f.id} has unknown urgency {f.urgency!r}: "
                             f"use a level of the scale ({', '.join(urgency.ids())})")
    if len({f.id for f in out}) != len(out):
        raise ValueError("management_red_flags.yaml: two features share an id")
    return out


@lru_cache(maxsize=1)
def scope_examples() -> tuple[ScopeExample, ...]:
    return tuple(schema.build(ScopeExample, r) for r in schema.load("data/management_scope.yaml"))


def family_levels() -> dict:
    """Each family's levels in words, in the scale's order ('Emergency, now or Same day')."""
    out = {}
    for fam in FAMILIES:
        ids = [lv for lv in urgency.ids() if any(f.urgency == lv and f.group == fam for f in red_flags())]
        out[fam] = " or ".join(urgency.name(i) for i in ids)
    return out


# --- 1. options at a glance ------------------------------------------------------------------------

def filter_options(opts=None, *, provider: str = "any", max_invasiveness: int = len(INVASIVENESS) - 1,
                   min_evidence: int = 0) -> list[Option]:
    """The options a learner asked to see (order kept)."""
    opts = options() if opts is None else opts
    if provider != "any" and provider not in PROVIDERS:
        raise ValueError(f"unknown provider {provider!r}")
    return [o for o in opts if (provider == "any" or o.provider == provider)
            and o.invasiveness <= max_invasiveness and o.evidence >= min_evidence]


def options_summary(shown: list[Option], total: int) -> str:
    """In words, what the options chart now shows (its text alternative)."""
    if not shown:
        return (f"No option matches these filters (0 of {total}). Loosen a filter to see more.")
    names = "; ".join(f"{o.short} ({o.evidence_name.lower()}, {o.invasiveness_name.lower()})" for o in shown)
    best = max(o.evidence for o in shown)
    top = ", ".join(o.short for o in shown if o.evidence == best)
    text = (f"Showing {len(shown)} of {total} options: {names}. "
            f"Best evidence among them: {EVIDENCE_LEVELS[best].lower()} ({top}).")
    if not any(o.evidence == len(EVIDENCE_LEVELS) - 1 and o.invasiveness <= 2 for o in shown):
        text += " No option shown combines trial evidence with a non-invasive approach."
    return text


def option_card(opt: Option) -> str:
    """HTML details of one option."""
    e = html.escape
    return (f"<div role='status' aria-live='polite' style='border-left:4px solid #0072B2;padding:4px 10px'>"
            f"<p><b>{e(opt.name)}</b></p>"
            f"<p><b>What it is:</b> {e(opt.what)}</p>"
            f"<p><b>Evidence</b> ({e(opt.evidence_name)}): {e(opt.evidence_text)}</p>"
            f"<p><b>What is unknown:</b> {e(opt.unknown)}</p>"
            f"<p><b>Who provides it:</b> {e(PROVIDERS[opt.provider])}. Who may provide a treatment "
            f"depends on the law where you work.</p>"
            f"<p><small>Sources: {cite_html(opt.refs)}</small></p></div>")


# --- 2. body chart (pure) ----------------------------------------------------------------------------

# what the chart shows (cm, illustrative); the patient's left is on the viewer's left (seen from behind)
X_RANGE = (-18.0, 18.0)
Y_RANGE = (-14.0, 16.0)


# the chart point ``lateral`` cm out from and ``vertical`` cm above the ``side`` PSIS: the body's own
# function, under the name lesson 06's code has always used
chart_point = point_from_psis


FEELS = ("firm and rubbery", "soft", "hard")


@dataclass(frozen=True)
class Nodule:
    """A nodule marked on the chart: position (cm, body coordinates) and what was felt."""
    x: float
    y: float
    size_cm: float = 2.0
    mobile: bool = True
    tender: bool = False
    feel: str = "firm and rubbery"

    def __post_init__(self):
        if not self.size_cm > 0:
            raise ValueError("a nodule's size must be a positive number of cm")
        if self.feel not in FEELS:
            raise ValueError(f"feel must be one of {FEELS}")

    @property
    def position(self) -> Position:
        return relative_to_psis(self.x, self.y)


def describe_nodule(n: Nodule) -> str:
    """'a mobile, non-tender, firm and rubbery nodule about 2 cm across, 3 cm lateral to ... PSIS'."""
    return (f"a {'mobile' if n.mobile else 'fixed'}, {'tender' if n.tender else 'non-tender'}, {n.feel} "
            f"nodule about {n.size_cm:g} cm across, {position_text(n.position)}")


def on_grid(x: float, y: float) -> tuple[float, float]:
    """The chart point nearest (x, y) whose distances from the nearer PSIS are whole half
    centimetres (a point on the midline stays on it), so the chart marks what it reports."""
    pos = relative_to_psis(x, y)
    if pos.side == "midline":
        return 0.0, snap(y)
    x, y = point_from_psis(pos.side, pos.lateral, pos.vertical)
    return round(x, 6) + 0.0, round(y, 6) + 0.0


PALPATION_POSITION = "client standing, trunk bent slightly forward"


def soap_objective(nodules: list[Nodule]) -> str:
    """The O (objective) part of a SOAP note, from the nodules on the body chart."""
    lines = [f"O (objective): palpation of the low back, {PALPATION_POSITION}."]
    if not nodules:
        lines.append("   No nodule marked on the body chart yet.")
    for i, n in enumerate(nodules, 1):
        lines.append(f"   N{i}: {describe_nodule(n)}.")
    if nodules:
        lines.append("   Body chart attached (schematic). Positions are measured from the PSIS.")
    return "\n".join(lines)


def soap_note(nodules: list[Nodule]) -> str:
    """A SOAP note with the objective part filled in and prompts in [brackets] for the rest."""
    return "\n".join([
        "S (subjective): [the client's own words: what they noticed, where, since when, "
        "any change in size, what makes it better or worse]",
        soap_objective(nodules),
        "A (assessment): [your reasoning in words: findings, warning features present or absent, "
        "whether this is within your scope. Not a diagnosis.]",
        "P (plan): [what you did today, consent, referral and its urgency, follow-up]",
    ])


class BodyChart:
    """The nodules on the chart plus the listeners told when they change (the chart tool redraws,
    the letter builder rebuilds its letter)."""

    def __init__(self):
        self.nodules: list[Nodule] = []
        self._listeners = []

    def on_change(self, callback) -> None:
        self._listeners.append(callback)

    def _changed(self):
        for callback in self._listeners:
            callback(self.nodules)

    def add(self, nodule: Nodule) -> None:
        self.nodules.append(nodule)
        self._changed()

    def remove_last(self) -> None:
        if self.nodules:
            self.nodules.pop()
            self._changed()

    def clear(self) -> None:
        self.nodules.clear()
        self._changed()


def chart_summary(nodules: list[Nodule]) -> str:
    if not nodules:
        return ("No nodule marked yet. Click the chart, or type the distances from a PSIS and press "
                "Add nodule.")
    parts = [f"N{i}: {describe_nodule(n)}" for i, n in enumerate(nodules, 1)]
    return f"{len(nodules)} nodule{'s' if len(nodules) != 1 else ''} marked. " + "; ".join(parts) + "."


def soap_html(nodules: list[Nodule]) -> str:
    """The SOAP note as shown beside the chart."""
    return ("<p style='margin:6px 0 2px 0'><b>SOAP note</b> (the objective part is filled in "
            "from the chart; copy it into your notes and complete the rest)</p>"
            f"<pre style='white-space:pre-wrap;word-break:normal;overflow-wrap:break-word;font-size:13px;background:#f6f6f6;padding:6px'>"
            f"{html.escape(soap_note(nodules))}</pre>")


EXAMPLE_NODULE = Nodule(*chart_point("left", 3, 0), size_cm=2, mobile=True, tender=False)


# --- scope examples -----------------------------------------------------------------------------------

def scope_table_html() -> str:
    rows = [s.row_html() for s in scope_examples()]
    head = "<tr>" + "".join(f"<th scope='col' {_CELL}>{h}</th>" for h in (
        "Whose rule", "Where, and what kind of rule", "Profession", "What it says", "Source")) + "</tr>"
    return ("<table class='bm-scope' style='text-align:left'><caption>Scope of practice: examples from "
            "particular places and organisations (not universal rules)</caption>"
            f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>")


def show_scope_examples() -> None:
    """Display the scope-of-practice examples as a table (lesson 06)."""
    from IPython.display import HTML, display

    display(HTML(scope_table_html()))
