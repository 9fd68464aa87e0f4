"""Lesson 06 (management, scope of practice and referral): data, pure functions and three tools.

- **Options at a glance** (:func:`options_explorer`): every management option placed by how
  invasive it is and how strong its evidence is, with who provides it; filterable.
- **Body chart** (:func:`body_chart`): a schematic posterior view of the low back and pelvis.
  A click (or the keyboard inputs and the *Add nodule* button) marks a nodule; the tool reports
  its position relative to the nearer PSIS and fills the objective part of a SOAP note.
- **Referral letter builder** (:func:`letter_builder`): assembles a letter from the nodules on the
  body chart and, for each warning feature, whether it is present, absent or was not asked about
  (the letter lists the three groups and never calls a feature absent that was not asked); the
  student edits it, checks it and downloads it.

Everything that decides something is a pure function here (tested without a browser):
:func:`relative_to_psis`, :func:`chart_point`, :func:`position_text`, :func:`describe_nodule`,
:func:`soap_note`, :func:`filter_options`, :func:`suggest_urgency` (the level highest on the
course's urgency scale, :mod:`backmice.urgency`, among the features present), :func:`build_letter`,
:func:`check_letter`, :func:`data_uri`, :func:`save_letter`.

The chart's scale is illustrative: it draws each PSIS 5 cm from the midline. Positions are
reported from the PSIS, so they do not depend on that choice, but the drawing is not to scale.
"""

from __future__ import annotations

import datetime as _dt
import html
import re
import urllib.parse
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import paths, urgency
from .references import cite_html, short_cite  # the one short-citation helper

# --- data ---------------------------------------------------------------------------------------

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
# marker symbol for each provider (meaning never by colour alone)
_PROVIDER_SYMBOL = {"client": "circle-open", "manual": "square", "doctor": "diamond", "surgeon": "triangle-up"}


@dataclass(frozen=True)
class Option:
    id: str
    name: str
    short: str
    invasiveness: int
    evidence: int
    provider: str
    what: str
    evidence_text: str
    unknown: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class RedFlag:
    id: str
    label: str          # what the builder shows
    group: str          # the family (a key of FAMILIES)
    urgency: str        # a level id of the urgency scale
    refs: tuple[str, ...]
    short: str = ""     # what the letter lists (the label if empty)

    @property
    def letter_text(self) -> str:
        return self.short or self.label


@dataclass(frozen=True)
class ScopeExample:
    who: str
    where: str
    profession: str
    says: str
    refs: tuple[str, ...]


def _yaml(name: str):
    return paths.read_yaml(paths.assets() / "data" / name)


@lru_cache(maxsize=1)
def options() -> tuple[Option, ...]:
    out = []
    for r in _yaml("management_options.yaml"):
        opt = Option(r["id"], r["name"], r["short"], int(r["invasiveness"]), int(r["evidence"]),
                     r["provider"], r["what"], r["evidence_text"], r["unknown"], tuple(r["refs"]))
        if not (0 <= opt.invasiveness < len(INVASIVENESS) and 0 <= opt.evidence < len(EVIDENCE_LEVELS)):
            raise ValueError(f"management_options.yaml: {opt.id} is off the scales")
        if opt.provider not in PROVIDERS:
            raise ValueError(f"management_options.yaml: {opt.id} has unknown provider {opt.provider!r}")
        out.append(opt)
    return tuple(out)


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


@lru_cache(maxsize=1)
def red_flags() -> tuple[RedFlag, ...]:
    """The warning features, each with a level id of the urgency scale (ValueError otherwise)."""
    out = tuple(RedFlag(r["id"], r["label"], r["group"], r["urgency"], tuple(r["refs"]), r.get("short", ""))
                for r in _yaml("management_red_flags.yaml"))
    for f in out:
        if f.urgency not in urgency.ids():
            raise ValueError(f"management_red_flags.yaml: {f.id} has unknown urgency {f.urgency!r}: "
                             f"use a level of the scale ({', '.join(urgency.ids())})")
        if f.group not in FAMILIES:
            raise ValueError(f"management_red_flags.yaml: {f.id} has unknown group {f.group!r}")
    if len({f.id for f in out}) != len(out):
        raise ValueError("management_red_flags.yaml: two features share an id")
    return out


def _family_levels() -> dict:
    """Each family's levels in words, in the scale's order ('Emergency, now or Same day')."""
    out = {}
    for fam in FAMILIES:
        ids = [lv for lv in urgency.ids() if any(f.urgency == lv and f.group == fam for f in red_flags())]
        out[fam] = " or ".join(urgency.name(i) for i in ids)
    return out



@lru_cache(maxsize=1)
def scope_examples() -> tuple[ScopeExample, ...]:
    return tuple(ScopeExample(r["who"], r["where"], r["profession"], r["says"], tuple(r["refs"]))
                 for r in _yaml("management_scope.yaml"))


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
    names = "; ".join(f"{o.short} ({EVIDENCE_LEVELS[o.evidence].lower()}, "
                      f"{INVASIVENESS[o.invasiveness].lower()})" for o in shown)
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
            f"<p><b>Evidence</b> ({e(EVIDENCE_LEVELS[opt.evidence])}): {e(opt.evidence_text)}</p>"
            f"<p><b>What is unknown:</b> {e(opt.unknown)}</p>"
            f"<p><b>Who provides it:</b> {e(PROVIDERS[opt.provider])}. Who may provide a treatment "
            f"depends on the law where you work.</p>"
            f"<p><small>Sources: {cite_html(opt.refs)}</small></p></div>")


def _label(opt: Option) -> str:
    """Chart label: the short name, broken over two lines if long."""
    words = opt.short.split()
    if len(opt.short) <= 14 or len(words) == 1:
        return opt.short
    half = len(words) // 2
    return " ".join(words[:half]) + "<br>" + " ".join(words[half:])


def _two_lines(label: str) -> str:
    """A tick label broken near its middle (before a bracket if it has one)."""
    if " (" in label:
        return label.replace(" (", "<br>(")
    words = label.split()
    if len(words) < 2:
        return label
    best = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return " ".join(words[:best]) + "<br>" + " ".join(words[best:])


def options_figure():
    """The options chart (a FigureWidget): invasiveness across, evidence up; one trace per provider."""
    import plotly.graph_objects as go
    from .widgets import figure_widget

    from . import style

    style.use()
    colours = {"client": style.PALETTE["grey"], "manual": style.PALETTE["green"],
               "doctor": style.PALETTE["blue"], "surgeon": style.PALETTE["vermillion"]}
    fig = go.Figure()
    for pid, label in PROVIDERS.items():
        fig.add_scatter(x=[], y=[], mode="markers+text", name=f"Provided by: {label.lower()}",
                        marker=dict(symbol=_PROVIDER_SYMBOL[pid], size=18, color=colours[pid],
                                    line=dict(color="#222", width=1.5)),
                        textposition="top center", textfont=dict(size=13),
                        hovertemplate="%{customdata}<extra></extra>", meta=pid)
    # ring around the option whose details are shown
    fig.add_scatter(x=[], y=[], mode="markers", name="Details shown below", hoverinfo="skip",
                    marker=dict(symbol="circle-open", size=34, color="#000", line=dict(width=2.5)))
    fig.update_layout(
        title="Management options: how invasive, and how strong the evidence",
        xaxis=dict(title=dict(text="How invasive (left: least)", standoff=8), range=[-0.6, len(INVASIVENESS) - 0.4],
                   tickvals=list(range(len(INVASIVENESS))), ticktext=[_two_lines(t) for t in INVASIVENESS],
                   tickangle=0, fixedrange=True, automargin=True, zeroline=False),
        yaxis=dict(title=dict(text="Best evidence found", standoff=8), range=[-0.5, len(EVIDENCE_LEVELS) - 0.35],
                   tickvals=list(range(len(EVIDENCE_LEVELS))),
                   ticktext=[_two_lines(t) for t in EVIDENCE_LEVELS], fixedrange=True, automargin=True,
                   zeroline=False),
        width=820, height=600, margin=dict(l=20, r=20, t=60, b=20),
        legend=dict(orientation="h", yanchor="top", y=-0.2, x=0, font=dict(size=13)),
        hovermode="closest", dragmode=False)
    fig.add_annotation(x=0.9, y=len(EVIDENCE_LEVELS) - 1, showarrow=False, font=dict(size=13, color="#444"),
                       text="<i>Empty corner: no non-invasive option<br>has been tested in a trial</i>")
    return figure_widget(fig)


def _fill_options_figure(fig, shown: list[Option], selected: Option | None) -> None:
    with fig.batch_update():
        for trace in fig.data[:len(PROVIDERS)]:
            mine = [o for o in shown if o.provider == trace.meta]
            trace.x = [o.invasiveness for o in mine]
            trace.y = [o.evidence for o in mine]
            trace.text = [_label(o) for o in mine]
            trace.customdata = [f"{o.short}: {EVIDENCE_LEVELS[o.evidence]}; {INVASIVENESS[o.invasiveness]}; "
                                f"{PROVIDERS[o.provider]}" for o in mine]
        ring = fig.data[len(PROVIDERS)]
        on = selected is not None and selected in shown
        ring.x = [selected.invasiveness] if on else []
        ring.y = [selected.evidence] if on else []


def options_explorer():
    """Options at a glance: filters, the chart, a summary in words and the details of one option."""
    import ipywidgets as w

    from .widgets import summary_html, tool

    opts = options()
    wide = {"description_width": "initial"}
    provider = w.Dropdown(options=[("Anyone", "any")] + [(v, k) for k, v in PROVIDERS.items()], value="any",
                          description="Who provides it:", style=wide, layout={"width": "360px"})
    max_inv = w.SelectionSlider(options=[(t, i) for i, t in enumerate(INVASIVENESS)], value=len(INVASIVENESS) - 1,
                                description="Invasive at most:", style=wide, layout={"width": "520px"},
                                continuous_update=False)
    min_ev = w.SelectionSlider(options=[(t, i) for i, t in enumerate(EVIDENCE_LEVELS)], value=0,
                               description="Evidence at least:", style=wide, layout={"width": "520px"},
                               continuous_update=False)
    details = w.Dropdown(options=[(o.name, o.id) for o in opts], value=opts[0].id,
                         description="Details for:", style=wide, layout={"width": "95%"})
    card = w.HTML(option_card(opts[0]))
    fig = options_figure()
    by_id = {o.id: o for o in opts}
    box = tool("Options at a glance", [provider, max_inv, min_ev, details], figure=fig,
               extra=(card,), summary="")

    def refresh(_=None):
        shown = filter_options(opts, provider=provider.value, max_invasiveness=max_inv.value,
                               min_evidence=min_ev.value)
        selected = by_id[details.value]
        _fill_options_figure(fig, shown, selected)
        box.summary.value = summary_html(options_summary(shown, len(opts)))
        box.shown = shown

    def show_details(change):
        card.value = option_card(by_id[change["new"]])
        refresh()

    def clicked(trace, points, _state):
        if points.point_inds:
            mine = [o for o in box.shown if o.provider == trace.meta]
            details.value = mine[points.point_inds[0]].id

    for control in (provider, max_inv, min_ev):
        control.observe(refresh, names="value")
    details.observe(show_details, names="value")
    for trace in fig.data[:len(PROVIDERS)]:
        trace.on_click(clicked)
    refresh()
    box.provider, box.max_invasiveness, box.min_evidence, box.details, box.card = provider, max_inv, min_ev, details, card
    box.on_marker_click = clicked
    return box


# --- 2. body chart: geometry (pure) ----------------------------------------------------------------

PSIS_X = 5.0  # illustrative: the chart draws each PSIS 5 cm from the midline, at height 0
PSIS = {"left": (-PSIS_X, 0.0), "right": (PSIS_X, 0.0)}
# what the chart shows (cm, illustrative); the patient's left is on the viewer's left (seen from behind)
X_RANGE = (-18.0, 18.0)
Y_RANGE = (-14.0, 16.0)
GRID_STEP = 0.5
_MIDLINE_TOL = 0.25


def snap(value: float, step: float = GRID_STEP) -> float:
    """Round to the nearest ``step`` (0.5 cm by default), never giving -0.0."""
    return round(round(value / step) * step, 6) + 0.0


@dataclass(frozen=True)
class Position:
    """A point described from the nearer PSIS: ``lateral`` cm away from the midline (negative:
    medial), ``vertical`` cm above it (negative: below). ``side`` is 'left', 'right' or 'midline'."""
    side: str
    lateral: float
    vertical: float


def relative_to_psis(x: float, y: float) -> Position:
    """Chart point (cm; x < 0 is the patient's left) -> position from the nearer PSIS, to 0.5 cm."""
    x, y = float(x), float(y)
    if abs(x) < _MIDLINE_TOL:
        return Position("midline", snap(-PSIS_X), snap(y - PSIS["left"][1]))
    side = "left" if x < 0 else "right"
    px, py = PSIS[side]
    return Position(side, snap(abs(x) - abs(px)), snap(y - py))


def chart_point(side: str, lateral: float, vertical: float) -> tuple[float, float]:
    """Inverse of :func:`relative_to_psis`: the chart point for an offset from one PSIS."""
    if side not in PSIS:
        raise ValueError("side must be 'left' or 'right'")
    px, py = PSIS[side]
    sign = -1.0 if side == "left" else 1.0
    return (sign * (abs(px) + float(lateral)) + 0.0, py + float(vertical) + 0.0)


def _cm(v: float) -> str:
    return f"{abs(v):g} cm"


def position_text(pos: Position) -> str:
    """'3 cm lateral to and 2 cm above the left PSIS' (and the other cases, in plain words)."""
    near_lat, near_vert = abs(pos.lateral) < _MIDLINE_TOL, abs(pos.vertical) < _MIDLINE_TOL
    updown = "above" if pos.vertical > 0 else "below"
    if pos.side == "midline":
        if near_vert:
            return "on the midline, level with the two PSISs"
        return f"on the midline, {_cm(pos.vertical)} {updown} the level of the two PSISs"
    psis = f"the {pos.side} PSIS"
    across = "lateral" if pos.lateral > 0 else "medial"
    if near_lat and near_vert:
        return f"directly over {psis}"
    if near_lat:
        return f"{_cm(pos.vertical)} directly {updown} {psis}"
    if near_vert:
        return f"{_cm(pos.lateral)} {across} to {psis}, level with it"
    return f"{_cm(pos.lateral)} {across} to and {_cm(pos.vertical)} {updown} {psis}"


FEELS = ("firm and rubbery", "soft", "hard")


@dataclass(frozen=True)
class Nodule:
    """A nodule marked on the chart: position (cm, chart coordinates) and what was felt."""
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


# --- 2. body chart: figure and widget -----------------------------------------------------------------

def _grid():
    """Invisible click targets every 0.5 cm: the cell centres along x and y, and for each cell
    (row = y, column = x) a hover text describing its position."""
    nx = int(round((X_RANGE[1] - X_RANGE[0] - 2) / GRID_STEP)) + 1
    ny = int(round((Y_RANGE[1] - Y_RANGE[0] - 2) / GRID_STEP)) + 1
    xs = [X_RANGE[0] + 1 + i * GRID_STEP for i in range(nx)]
    ys = [Y_RANGE[0] + 1 + j * GRID_STEP for j in range(ny)]
    texts = [[position_text(relative_to_psis(x, y)) for x in xs] for y in ys]
    return xs, ys, texts


_SILHOUETTE = "#7a7a7a"
_BONE = "rgba(200,200,200,0.45)"


def _outline_shapes():
    """Schematic posterior view: body outline, lumbar spinous processes, sacrum, hip bones, midline."""
    def path(points, closed=True):
        d = "M " + " L ".join(f"{x},{y}" for x, y in points)
        return d + (" Z" if closed else "")

    ilium = [(5.0, 0.0), (5.4, 3.5), (7.2, 6.6), (9.8, 8.0), (12.3, 7.5), (13.4, 5.2), (13.0, 0.5), (12.0, -3.8),
             (9.8, -6.2), (7.2, -6.6), (5.6, -4.8), (4.1, -2.6), (4.1, 0.8)]
    body = [(14.2, 15.5), (13.6, 11.0), (14.6, 6.0), (15.9, 1.0), (16.6, -4.0), (16.4, -9.0), (15.6, -13.5)]
    shapes = []
    for s in (-1, 1):  # s = -1: patient's left (the viewer's left)
        shapes.append(dict(type="path", path=path([(s * x, y) for x, y in body], False),
                           line=dict(color=_SILHOUETTE, width=2)))
        shapes.append(dict(type="path", path=path([(s * x, y) for x, y in ilium]),
                           line=dict(color="#555", width=1.5), fillcolor=_BONE, layer="below"))
    shapes.append(dict(type="path", path=path([(-4.3, 2.8), (4.3, 2.8), (3.9, -2.6), (1.4, -8.8), (-1.4, -8.8),
                                               (-3.9, -2.6)]),
                       line=dict(color="#555", width=1.5), fillcolor=_BONE, layer="below"))
    for y in (12.3, 8.8, 5.3):  # lumbar spinous processes L3-L5
        shapes.append(dict(type="rect", x0=-1.3, x1=1.3, y0=y - 0.9, y1=y + 0.9, line=dict(color="#555", width=1.5),
                           fillcolor=_BONE, layer="below"))
    shapes.append(dict(type="line", x0=0, x1=0, y0=Y_RANGE[0] + 0.5, y1=Y_RANGE[1] - 0.5,
                       line=dict(color="#333", width=1.2, dash="dash"), layer="below"))
    shapes.append(dict(type="line", x0=X_RANGE[0] + 1, x1=X_RANGE[1] - 1, y0=0, y1=0,
                       line=dict(color="#333", width=1, dash="dot"), layer="below"))
    return shapes


def body_chart_figure():
    """The body chart FigureWidget. Traces: 0 click grid (invisible), 1 PSIS markers, 2 nodules."""
    import plotly.graph_objects as go
    from .widgets import figure_widget

    from . import style

    style.use()
    fig = go.Figure()
    xs, ys, texts = _grid()
    # The click targets are one transparent heatmap, not thousands of invisible markers: the browser
    # redraws a heatmap in about 30 ms where 4000 markers took about 150 ms after every added nodule.
    fig.add_heatmap(x=xs, y=ys, z=[[0] * len(xs) for _ in ys], customdata=texts, name="click to add a nodule",
                    colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], showscale=False,
                    hovertemplate="%{customdata}<br><i>click to add a nodule here</i><extra></extra>")
    fig.add_scatter(x=[PSIS["left"][0], PSIS["right"][0]], y=[0, 0], mode="markers+text", name="PSIS",
                    text=["left<br>PSIS", "right<br>PSIS"], textposition=["bottom right", "bottom left"],
                    textfont=dict(size=14, color="#000"), showlegend=False, hoverinfo="skip",
                    marker=dict(symbol="diamond", size=14, color=style.PALETTE["blue"],
                                line=dict(color="#000", width=1.5)))
    fig.add_scatter(x=[], y=[], mode="markers+text", name="nodules", showlegend=False, text=[],
                    textposition="middle center", textfont=dict(size=12, color="#000"),
                    marker=dict(symbol="circle", size=[], color=style.PALETTE["orange"], opacity=0.85,
                                line=dict(color="#000", width=2)),
                    hovertemplate="%{customdata}<extra></extra>", customdata=[])
    notes = [
        (-17.6, 15.3, "<b>Patient's LEFT</b>", "left"), (17.6, 15.3, "<b>Patient's RIGHT</b>", "right"),
        (0.8, 15.0, "midline (spine)", "left"),
        (1.7, 12.3, "L3", "left"), (1.7, 8.8, "L4", "left"), (1.7, 5.3, "L5", "left"),
        (0, -5.6, "sacrum", "center"), (-10.2, 9.2, "iliac crest", "center"), (10.2, 9.2, "iliac crest", "center"),
        (-17.6, 0.7, "PSIS level", "left"), (-9.4, -3.4, "hip bone", "center"), (9.4, -3.4, "hip bone", "center"),
    ]
    for x, y, text, align in notes:
        fig.add_annotation(x=x, y=y, text=text, showarrow=False, xanchor=align, font=dict(size=13, color="#222"))
    fig.update_layout(
        title=dict(text="Body chart: low back and pelvis seen from behind<br>"
                        "<sup>Schematic, not to scale; distances illustrative (each PSIS drawn 5 cm "
                        "from the midline)</sup>"),
        shapes=_outline_shapes(), width=640, height=680, showlegend=False, hovermode="closest",
        dragmode=False, margin=dict(l=60, r=20, t=80, b=60),
        xaxis=dict(range=list(X_RANGE), dtick=2, title="cm from the midline (illustrative)", zeroline=False,
                   showgrid=False, fixedrange=True, tickvals=list(range(-16, 17, 4)),
                   ticktext=[str(abs(v)) for v in range(-16, 17, 4)]),
        yaxis=dict(range=list(Y_RANGE), title="cm above (+) or below (\u2212) the PSIS (illustrative)",
                   zeroline=False, showgrid=False, fixedrange=True, scaleanchor="x", scaleratio=1,
                   tickvals=list(range(-12, 16, 4))),
    )
    return figure_widget(fig)


_PX_PER_CM = 15.5  # marker size per cm, roughly the chart's own scale at its fixed size


class BodyChart:
    """Nodules on the chart plus the listeners told when they change (the letter builder)."""

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


EXAMPLE_NODULE = Nodule(*chart_point("left", 3, 0), size_cm=2, mobile=True, tender=False)


def body_chart(example: bool = False):
    """The body chart tool. ``example=True`` starts with one made-up nodule (illustrative)."""
    import ipywidgets as w

    from .widgets import summary_html, tool

    wide = {"description_width": "initial"}
    side = w.ToggleButtons(options=[("Left PSIS", "left"), ("Right PSIS", "right")], value="left",
                           description="Measure from:", style=wide)
    lateral = w.BoundedFloatText(value=3.0, min=-PSIS_X, max=X_RANGE[1] - 1 - PSIS_X, step=0.5, style=wide,
                                 description="cm lateral (negative: medial):", layout={"width": "300px"})
    vertical = w.BoundedFloatText(value=0.0, min=Y_RANGE[0] + 1, max=Y_RANGE[1] - 1, step=0.5, style=wide,
                                  description="cm above (negative: below):", layout={"width": "300px"})
    size = w.BoundedFloatText(value=2.0, min=0.5, max=10.0, step=0.5, description="Size (cm):", style=wide,
                              layout={"width": "180px"})
    mobile = w.Dropdown(options=[("mobile", True), ("fixed", False)], value=True, description="Mobility:",
                        style=wide, layout={"width": "200px"})
    tender = w.Dropdown(options=[("non-tender", False), ("tender", True)], value=False, description="Tenderness:",
                        style=wide, layout={"width": "220px"})
    feel = w.Dropdown(options=list(FEELS), value=FEELS[0], description="Feel:", style=wide,
                      layout={"width": "230px"})
    add = w.Button(description="Add nodule", icon="plus", tooltip="Add a nodule at the distances typed above")
    undo = w.Button(description="Remove last", icon="undo", tooltip="Remove the last nodule added")
    clear = w.Button(description="Clear all", icon="trash", tooltip="Remove every nodule")
    fig = body_chart_figure()
    soap = w.HTML()
    chart = BodyChart()
    howto = w.HTML("<small>Mouse: set the size, mobility, tenderness and feel, then click the chart where "
                   "the nodule is. Keyboard: choose the PSIS, type the distances and press <b>Add "
                   "nodule</b>.</small>")
    controls = [w.HBox([size, mobile, tender, feel], layout={"flex_flow": "row wrap"}),
                w.HBox([side]), w.HBox([lateral, vertical], layout={"flex_flow": "row wrap"}),
                w.HBox([add, undo, clear])]
    soap.layout = w.Layout(width="420px", margin="40px 0 0 12px")
    box = tool("Body chart", controls, figure=fig, summary=chart_summary([]))
    heading, control_box, figure, summary = box.children
    # the SOAP note sits beside the chart (below it on a narrow screen)
    box.children = (heading, howto, control_box, w.Box([figure, soap], layout={"flex_flow": "row wrap"}), summary)

    def redraw(nodules):
        trace = fig.data[2]
        with fig.batch_update():
            trace.x = [n.x for n in nodules]
            trace.y = [n.y for n in nodules]
            trace.text = [f"N{i}" for i in range(1, len(nodules) + 1)]
            trace.marker.size = [max(16.0, n.size_cm * _PX_PER_CM) for n in nodules]
            trace.customdata = [f"N{i}: {describe_nodule(n)}" for i, n in enumerate(nodules, 1)]
        box.summary.value = summary_html(chart_summary(nodules))
        soap.value = ("<p style='margin:6px 0 2px 0'><b>SOAP note</b> (the objective part is filled in "
                      "from the chart; copy it into your notes and complete the rest)</p>"
                      f"<pre style='white-space:pre-wrap;word-break:normal;overflow-wrap:break-word;font-size:13px;background:#f6f6f6;padding:6px'>"
                      f"{html.escape(soap_note(nodules))}</pre>")

    def new_nodule(x, y):
        return Nodule(x, y, size_cm=float(size.value), mobile=bool(mobile.value), tender=bool(tender.value),
                      feel=feel.value)

    def add_typed(_=None):
        chart.add(new_nodule(*chart_point(side.value, lateral.value, vertical.value)))

    def clicked(_trace, points, _state):
        if not points.point_inds:
            return
        x, y = points.xs[0], points.ys[0]
        pos = relative_to_psis(x, y)
        if pos.side in PSIS:  # show the keyboard route what the click meant
            side.value, lateral.value, vertical.value = pos.side, pos.lateral, pos.vertical
        chart.add(new_nodule(snap(x), snap(y)))

    chart.on_change(redraw)
    add.on_click(add_typed)
    undo.on_click(lambda _: chart.remove_last())
    clear.on_click(lambda _: chart.clear())
    fig.data[0].on_click(clicked)
    if example:
        chart.add(EXAMPLE_NODULE)
    else:
        redraw([])
    box.chart, box.soap = chart, soap
    box.side, box.lateral, box.vertical, box.size, box.mobile, box.tender, box.feel = (
        side, lateral, vertical, size, mobile, tender, feel)
    box.add_button, box.undo_button, box.clear_button = add, undo, clear
    box.on_chart_click = clicked
    return box


# --- 3. referral letter (pure) -----------------------------------------------------------------------

# The urgency of a letter is a level of the course's one scale (backmice/urgency.py, by id); its
# letter line, its name and its order all come from there.
ANSWERS = ("not asked", "absent", "present")  # what the letter knows about each warning feature
QUESTIONS = (
    "assess the {lumps} below and consider imaging, such as an ultrasound scan",
    "assess the {lumps} below and advise whether I can continue to massage the area",
    "assess the client's low back pain and the {lumps} below, and advise on my treatment",
)
PROFESSIONS = ("massage therapist", "chiropractor", "student massage therapist (supervised by [name])",
               "student chiropractor (supervised by [name])")
CARE = {"massage therapist": "massage therapy", "chiropractor": "chiropractic care"}
IMPRESSION_PROMPT = "[your working impression of the back problem within chiropractic scope, or delete this line]"


def profession_kind(profession: str | None) -> str:
    """'chiropractor' or 'massage therapist' for any of PROFESSIONS (students included); the
    stricter 'massage therapist' when the profession is unknown."""
    return "chiropractor" if profession and "chiropract" in profession.lower() else "massage therapist"


def suggest_urgency(present) -> str:
    """The level highest on the scale among the features present; 'routine' when none is
    present (a lump not yet assessed by a doctor is still referred)."""
    flags = {f.id: f for f in red_flags()}
    unknown = set(present) - set(flags)
    if unknown:
        raise ValueError(f"unknown warning feature(s): {sorted(unknown)}")
    return urgency.most_urgent([flags[i].urgency for i in present]) or "routine"


@dataclass
class LetterInput:
    recipient: str = "Dr [name], family doctor (GP)"
    client: str = "[client's full name], date of birth [dd/mm/yyyy]"
    profession: str = PROFESSIONS[0]
    question: str = QUESTIONS[0]
    nodules: list = field(default_factory=list)
    answers: dict = field(default_factory=dict)  # feature id -> "present" | "absent" | "not asked" (default)
    urgency: str | None = None       # a level id of the scale; None: use suggest_urgency
    impression: str = ""             # a chiropractor's working impression (within scope); unused otherwise
    history: str = "[what the client noticed, since when, any change in size, symptoms]"
    tried: str = "[treatment so far and the response, or: none]"
    consent: bool = False
    sender: str = "[your name]"
    contact: str = "[phone] | [email] | [practice address]"
    date: str = ""

    def __post_init__(self):
        known = {f.id for f in red_flags()}
        unknown = set(self.answers) - known
        if unknown:
            raise ValueError(f"unknown warning feature(s): {sorted(unknown)}")
        bad = {k: v for k, v in self.answers.items() if v not in ANSWERS}
        if bad:
            raise ValueError(f"each answer must be one of {ANSWERS}, not {bad}")

    def answer(self, flag_id: str) -> str:
        return self.answers.get(flag_id, "not asked")

    @property
    def present(self) -> tuple:
        return tuple(f.id for f in red_flags() if self.answer(f.id) == "present")

    @property
    def absent(self) -> tuple:
        return tuple(f.id for f in red_flags() if self.answer(f.id) == "absent")

    @property
    def not_asked(self) -> tuple:
        return tuple(f.id for f in red_flags() if self.answer(f.id) == "not asked")


def today() -> str:
    d = _dt.date.today()
    return f"{d.day} {d:%B %Y}"


def _join(items) -> str:
    """Items of a list joined by semicolons (labels may contain commas)."""
    return "; ".join(items)


def _grouped(ids) -> str:
    """Feature labels grouped by family: 'Cauda equina: a; b. Fracture: c.'"""
    by_id = {f.id: f for f in red_flags()}
    parts = []
    for fam, name in FAMILY_SHORT.items():
        labels = [by_id[i].letter_text for i in ids if by_id[i].group == fam]
        if labels:
            parts.append(f"{_join(labels)} ({name})")
    return "; ".join(parts)


def build_letter(inp: LetterInput) -> str:
    """The referral letter as plain text. It describes findings; a massage therapist's letter never
    names a diagnosis, a chiropractor's may state a working impression within chiropractic scope but
    describes the lump without naming it (what a lump is lies outside that scope)."""
    suggested = suggest_urgency(inp.present)
    level = urgency.level(inp.urgency or suggested)  # ValueError for a level not on the scale
    role = inp.profession.split(" (")[0]
    kind = profession_kind(inp.profession)
    care = CARE.get(role.removeprefix("student "), "treatment")
    lines = [inp.sender, role[0].upper() + role[1:] + inp.profession[len(role):], inp.contact, "",
             inp.date or today(), "", f"To: {inp.recipient}", f"Re: {inp.client}", "", "Dear Doctor,", ""]
    nodules = inp.nodules
    question = inp.question.replace("{lumps}", "lumps" if len(nodules) > 1 else "lump")
    if kind == "chiropractor":
        scope_line = ("I describe the lump below without naming what it is: what a lump is cannot be told by "
                      "examination alone.")
    else:
        scope_line = ("I have not made a diagnosis, which lies outside my scope as a massage therapist; I describe "
                      "what I found.")
    lines += [f"I am writing about the client named above, who sees me for {care}. I would be grateful if "
              f"you would {question}. {scope_line}", ""]
    line = f"Urgency: {level.letter}"
    if inp.not_asked and level.id == "routine":
        line += (" This holds only for the features I asked about or examined: those I did not ask about are "
                 "listed as not asked, and whether they are present is not known.")
    lines.append(line)
    if urgency.more_urgent(suggested, level.id):
        lines.append(f"[Say why you chose {level.name.lower()} although the features marked present suggest "
                     f"{urgency.name(suggested).lower()}.]")
    lines += ["", f"Findings (palpation, {PALPATION_POSITION}):"]
    if nodules:
        lines += [f"- {describe_nodule(n)[0].upper()}{describe_nodule(n)[1:]}." for n in nodules]
    else:
        lines.append("- [describe the lump: size in cm, mobile or fixed, tender or not, how it feels, "
                     "and where it is from the PSIS]")
    if kind == "chiropractor":
        lines.append(f"Working impression (chiropractic, within my scope): {inp.impression or IMPRESSION_PROMPT}")
    lines += ["", "Warning features (red flags), each asked about or examined unless listed as not asked:",
              f"- Present: {_grouped(inp.present) if inp.present else 'none'}.",
              f"- Asked about or examined, and absent: {_grouped(inp.absent) if inp.absent else 'none'}."]
    if inp.not_asked:
        lines.append(f"- Not asked about or not examined (not known): {_grouped(inp.not_asked)}.")
    lines += ["", f"History: {inp.history}", f"Treatment so far: {inp.tried}", ""]
    lines.append("Consent: the client agreed that I share this information with you." if inp.consent else
                 "Consent: [NOT YET RECORDED. Do not send this letter until the client agrees that you "
                 "share it.]")
    lines += ["", "Please contact me at the details above if you need more information. I will keep a "
                  "copy of this letter in the client's record.", "", "Yours sincerely,", "", inp.sender,
              role[0].upper() + role[1:]]
    return "\n".join(lines)


# Words that name what a lump is, or reassure beyond the findings (the letter describes; a doctor
# diagnoses the lump). They apply to every profession: a lump lies outside chiropractic scope too.
DIAGNOSTIC_WORDS = ("back mouse", "back mice", "lipoma", "episacral", "episacroiliac", "fibro-fatty",
                    "fat herniation", "herniated", "hernia", "benign", "harmless", "malignant", "sarcoma",
                    "tumour", "tumor", "nothing serious", "is definitely", "diagnosed it")
# Words that state a diagnosis of any kind: a chiropractor may (within scope), a massage therapist may not.
DIAGNOSIS_CLAIMS = ("working impression", "working diagnosis", "my diagnosis", "i diagnose", "diagnosis:")


_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
# the sending date: "14 March 2025", "March 14, 2025", "2025-03-14", or a numeric date alone on its line
# (a date of birth inside the "Re:" line does not count)
_DATE = re.compile(rf"\b\d{{1,2}}\s+(?:{_MONTHS})[a-z]*\.?,?\s+(?:19|20)\d\d\b"
                   rf"|\b(?:{_MONTHS})[a-z]*\.?\s+\d{{1,2}},?\s+(?:19|20)\d\d\b"
                   r"|\b(?:19|20)\d\d-\d\d-\d\d\b|^\s*\d{1,2}[/.]\d{1,2}[/.](?:19|20)?\d\d\s*$",
                   re.IGNORECASE | re.MULTILINE)


def _states_a_level(low: str) -> bool:
    """The text names a level of the scale: its name, or the first words of its letter line."""
    for lv in urgency.levels():
        head = lv.letter.split(".")[0].lower()
        if lv.name.lower() in low or head in low:
            return True
    return False


def check_letter(text: str, profession: str | None = None) -> list[str]:
    """Problems a student should fix before sending; an empty list means none was found.
    ``profession``: one of PROFESSIONS (None: read it from the letter, else the stricter massage rules)."""
    issues = []
    low = text.lower()
    if profession is None:
        profession = "chiropractor" if re.search(r"^\s*(student )?chiropractor\b", text, re.I | re.M) else None
    kind = profession_kind(profession)
    named = [w for w in DIAGNOSTIC_WORDS if re.search(r"\b" + re.escape(w) + r"\b", low)]
    if kind == "massage therapist":
        named += [w for w in DIAGNOSIS_CLAIMS if w in low]
    if named and kind == "massage therapist":
        issues.append(f"It names or implies a diagnosis ({', '.join(repr(w) for w in named)}). Massage therapists "
                      "do not diagnose: describe what you found instead; if you quote a doctor's earlier "
                      "diagnosis, say whose it is.")
    elif named:
        issues.append(f"It names or implies what the lump is ({', '.join(repr(w) for w in named)}). A chiropractor "
                      "may state a working impression within chiropractic scope (for example of the back pain), "
                      "but what a lump is lies outside it: describe the lump, or say whose diagnosis you quote.")
    placeholders = re.findall(r"\[[^\]\n]{1,120}\]", text)
    if placeholders:
        issues.append(f"Fill in {len(placeholders)} placeholder{'s' if len(placeholders) != 1 else ''} in "
                      f"[brackets], for example {placeholders[0]}.")
    if not re.search(r"\burgency\b", low) or not _states_a_level(low):
        names = "; ".join(lv.name for lv in urgency.levels())
        issues.append(f"State the urgency as a level of the course's scale ({names}).")
    not_asked = re.search(r"^- not asked about[^\n]*", low, re.M)
    if not_asked and "not asked because" not in low:
        issues.append("Some warning features were not asked about. Ask about them and update the letter, or say "
                      "why you could not (write 'Not asked because ...').")
    if "consent" not in low or "not yet recorded" in low:
        issues.append("Record the client's consent to share this information.")
    if not re.search(r"\b(would be grateful|please|could you|would you)\b", low):
        issues.append("Ask the doctor a clear question (what do you want them to do?).")
    if not _DATE.search(text):
        issues.append("Add the date you send it (for example 14 March 2025).")
    if not re.search(r"(@|\+?\d[\d ()-]{6,}|phone|tel\.?|email)", low):
        issues.append("Add your contact details.")
    if not re.search(r"\b\d+(\.\d+)?\s*cm\b", low):
        issues.append("Give the size and position in centimetres.")
    words = len(text.split())
    if words > LONG_LETTER_WORDS:
        issues.append(f"It is long ({words} words). A short letter is read; keep it to what the doctor needs.")
    return issues


# The generated list of every warning feature adds about 100 words: the length check allows for it.
LONG_LETTER_WORDS = 450


def data_uri(text: str) -> str:
    """A data: URI holding the letter as UTF-8 plain text (for an HTML download link)."""
    return "data:text/plain;charset=utf-8," + urllib.parse.quote(text, safe="")


def download_link_html(text: str, filename: str = "referral_letter.txt") -> str:
    return (f"<a download='{html.escape(filename)}' href='{html.escape(data_uri(text))}' "
            f"style='font-weight:bold'>\u2193 Download the letter as {html.escape(filename)}</a>")


def save_letter(text: str, folder: str | Path | None = None, filename: str = "referral_letter.txt") -> Path:
    """Write the letter next to the notebook (the kernel's working folder) and return the path."""
    path = Path(folder if folder is not None else Path.cwd()) / filename
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return path


def check_html(issues: list[str]) -> str:
    if not issues:
        return "<p role='status' aria-live='polite'>\u2713 No problem found by the checks. Read it once more as the doctor would.</p>"
    items = "".join(f"<li>{html.escape(i)}</li>" for i in issues)
    return (f"<div role='status' aria-live='polite'><p>\u26a0 <b>{len(issues)} thing{'s' if len(issues) != 1 else ''} "
            f"to fix before sending:</b></p><ul>{items}</ul></div>")


def letter_summary(inp: LetterInput, issues: list[str]) -> str:
    level = urgency.name(inp.urgency or suggest_urgency(inp.present))
    n = len(inp.nodules)
    return (f"Letter drafted: urgency {level}; warning features: {len(inp.present)} present, {len(inp.absent)} "
            f"absent, {len(inp.not_asked)} not asked; {n} nodule{'s' if n != 1 else ''} described "
            f"from the body chart; consent {'recorded' if inp.consent else 'not recorded'}; "
            f"{len(issues)} thing{'s' if len(issues) != 1 else ''} to fix.")


def suggestion_html(suggested: str, chosen: str | None) -> str:
    """The suggested level (the highest among the features present) and a warning if the choice is lower."""
    lv = urgency.level(suggested)
    warn = ""
    if chosen and urgency.more_urgent(suggested, chosen):
        warn = (f" \u26a0 Your choice ({html.escape(urgency.name(chosen))}) is lower on the scale than the "
                "features marked present suggest: say why in the letter.")
    return (f"<p role='status' aria-live='polite'>Suggested level: <b>{html.escape(lv.name)}</b> "
            f"({html.escape(lv.when)}).{warn}</p>")


def letter_builder(chart=None, *, date: str | None = None, save_dir: str | Path | None = None):
    """The referral-letter builder. ``chart``: a :func:`body_chart` tool whose nodules it describes."""
    import ipywidgets as w

    from .widgets import summary_html, tool

    base = LetterInput(date=date or today())
    wide = {"description_width": "initial"}
    full = {"width": "98%"}
    sender = w.Text(value=base.sender, description="Your name:", style=wide, layout=full)
    profession = w.Dropdown(options=list(PROFESSIONS), value=base.profession, description="You are a:",
                            style=wide, layout=full)
    contact = w.Text(value=base.contact, description="Your contact details:", style=wide, layout=full)
    date_box = w.Text(value=base.date, description="Date:", style=wide, layout={"width": "260px"})
    recipient = w.Text(value=base.recipient, description="To:", style=wide, layout=full)
    client = w.Text(value=base.client, description="Client:", style=wide, layout=full)
    question = w.Dropdown(options=[((q[0].upper() + q[1:]).replace("{lumps}", "lump(s)"), q) for q in QUESTIONS], value=base.question,
                          description="Your question:", style=wide, layout=full)
    impression = w.Text(value="", description="Working impression (chiropractors only):", style=wide,
                        layout=full, placeholder="within chiropractic scope, for example of the back pain")
    history = w.Textarea(value=base.history, description="History:", style=wide, layout={"width": "98%", "height": "60px"})
    tried = w.Text(value=base.tried, description="Treatment so far:", style=wide, layout=full)
    consent = w.Checkbox(value=False, indent=False, layout=full,
                         description="The client agreed that I share this with their doctor")
    flag_boxes = {}
    flag_rows = []
    flags = red_flags()
    fam_levels = _family_levels()
    for fam, name in FAMILIES.items():
        mine = [f for f in flags if f.group == fam]
        if not mine:
            continue
        flag_rows.append(w.HTML(f"<b>{html.escape(name)}</b> <small>({html.escape(fam_levels[fam])})</small>",
                                layout={"margin": "8px 0 2px 0"}))
        for f in mine:
            toggle = w.ToggleButtons(options=[("Not asked", "not asked"), ("Absent", "absent"), ("Present", "present")],
                                     value="not asked", style={"button_width": "86px"},
                                     layout={"flex": "0 0 auto", "width": "280px"},
                                     tooltips=[f"{f.label}: not asked about or not examined",
                                               f"{f.label}: asked about or examined, and absent",
                                               f"{f.label}: present"])
            flag_boxes[f.id] = toggle
            text = w.HTML(f"<span style='line-height:1.25'>{html.escape(f.label[0].upper() + f.label[1:])}</span>",
                          layout={"flex": "1 1 auto", "width": "auto"})
            flag_rows.append(w.HBox([toggle, text], layout={"margin": "0 0 6px 0", "align_items": "center",
                                                            "flex": "0 0 auto"}))
    level = w.Dropdown(options=[("Use the suggestion", "")] + urgency.choices(), value="",
                       description="Urgency:", style=wide)
    suggestion = w.HTML()
    letter = w.Textarea(description="Letter:", layout={"width": "98%", "height": "640px"},
                        style={"description_width": "initial"})
    checks = w.HTML()
    link = w.HTML()
    save = w.Button(description="Save to file", icon="save",
                    tooltip="Write referral_letter.txt in the folder of this notebook")
    saved = w.HTML()

    left = w.VBox([w.HTML("<b>About the letter</b>"), sender, profession, impression, contact, date_box, recipient,
                   client, question, history, tried, consent, level, suggestion], layout={"width": "42%"})
    flag_refs = list(dict.fromkeys(k for f in flags for k in f.refs))
    sources = w.HTML(f"<small>Warning features and their levels from: {cite_html(flag_refs)}. The levels are "
                     "those of the course's urgency scale (shown above the builder); local pathways differ.</small>")
    right = w.VBox([w.HTML("<b>Warning features</b>: for each one, did you ask about it (or examine it), and "
                           "is it present? Leave <i>Not asked</i> if you did not ask: the letter will say so, "
                           "never that it is absent."),
                    *flag_rows, sources], layout={"width": "58%"})
    note = w.HTML("<small>Make your choices first, then edit the letter itself: changing a choice rebuilds "
                  "the letter from scratch.</small>")
    box = tool("Referral letter builder", [w.HBox([left, right])], summary="",
               extra=(note, letter, checks, w.HBox([save, link]), saved))

    def current() -> LetterInput:
        return LetterInput(recipient=recipient.value, client=client.value, profession=profession.value,
                           question=question.value, nodules=list(chart.chart.nodules) if chart is not None else [],
                           answers={i: t.value for i, t in flag_boxes.items()}, urgency=level.value or None,
                           impression=impression.value, history=history.value, tried=tried.value,
                           consent=consent.value, sender=sender.value, contact=contact.value, date=date_box.value)

    def text_changed(_=None):
        inp = current()
        issues = check_letter(letter.value, inp.profession)
        checks.value = check_html(issues)
        link.value = download_link_html(letter.value)
        box.summary.value = summary_html(letter_summary(inp, issues))
        box.issues = issues

    def rebuild(_=None):
        inp = current()
        impression.layout.display = None if profession_kind(inp.profession) == "chiropractor" else "none"
        suggestion.value = suggestion_html(suggest_urgency(inp.present), inp.urgency)
        text = build_letter(inp)
        if letter.value == text:
            text_changed()
        else:
            letter.value = text  # triggers text_changed

    def save_clicked(_=None):
        try:
            path = save_letter(letter.value, save_dir)
            saved.value = (f"<p role='status'>\u2713 Saved as <code>{html.escape(path.name)}</code> in the folder "
                           "of this notebook.</p>")
        except OSError as exc:
            saved.value = f"<p role='status'>\u26a0 Could not save the file ({html.escape(str(exc))}).</p>"

    for control in (sender, profession, impression, contact, date_box, recipient, client, question, history, tried,
                    consent, level, *flag_boxes.values()):
        control.observe(rebuild, names="value")
    letter.observe(text_changed, names="value")
    save.on_click(save_clicked)
    if chart is not None:
        chart.chart.on_change(lambda _nodules: rebuild())
    rebuild()
    box.letter, box.checks, box.link, box.save_button, box.saved = letter, checks, link, save, saved
    box.flags, box.urgency, box.consent, box.suggestion = flag_boxes, level, consent, suggestion
    box.sender, box.profession, box.contact, box.date, box.recipient, box.client = (
        sender, profession, contact, date_box, recipient, client)
    box.question, box.history, box.tried, box.sources, box.impression = question, history, tried, sources, impression
    box.current = current
    return box


# --- scope examples -----------------------------------------------------------------------------------

_CELL = "style='text-align:left;vertical-align:top'"


def scope_table_html() -> str:
    rows = []
    for s in scope_examples():
        rows.append(f"<tr><td {_CELL}><b>{html.escape(s.who)}</b></td><td {_CELL}>{html.escape(s.where)}</td>"
                    f"<td {_CELL}>{html.escape(s.profession)}</td><td {_CELL}>{html.escape(s.says)}</td>"
                    f"<td {_CELL}><small>{cite_html(s.refs)}</small></td></tr>")
    head = "<tr>" + "".join(f"<th scope='col' {_CELL}>{h}</th>" for h in (
        "Whose rule", "Where, and what kind of rule", "Profession", "What it says", "Source")) + "</tr>"
    return ("<table class='bm-scope' style='text-align:left'><caption>Scope of practice: examples from "
            "particular places and organisations (not universal rules)</caption>"
            f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>")


def show_scope_examples() -> None:
    from IPython.display import HTML, display

    display(HTML(scope_table_html()))
