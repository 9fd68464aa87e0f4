"""Lesson 03: documenting a nodule.

``record_builder()`` is the tool: controls for each item of a nodule record, a schematic back view
that places the nodule in centimetres from the PSIS, and the record line. ``record_text()`` writes
the record (findings only, and which items were not asked); ``record_flags()`` lists the warning
features present, each with its level of the course's ONE urgency scale (``backmice.urgency``).

The warning features and their levels follow the red-flag data of lesson 06
(``assets/data/management_red_flags.yaml``, same ids): the Scottish referral guidelines for
suspected sarcoma (a soft-tissue mass that is growing, 5 cm or more, deep, tethered or fixed, hard
or craggy, fungating, or at the site of a previous excision; skin changes are among what they say
to assess) and NICE NG12 (an unexplained lump that is increasing in size) put a lump on the
urgent suspected-cancer pathway; fever with a red, hot lump is a same-day matter.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

NOT_ASKED = "not asked"

CONSISTENCY = ("soft", "rubbery (elastic)", "firm", "hard or craggy")
MOBILITY = ("moves freely", "tethered (moves only a little, feels anchored underneath)", "fixed (does not move)",
            "not tested")
TENDERNESS = ("not tender", "tender", "very tender")
FAMILIAR = ("reproduces the familiar pain", "does not reproduce the familiar pain", "familiar pain not tested")
GROWTH = (NOT_ASKED, "no change in size noticed", "growing slowly, over many months or years",
          "growing over weeks to months")
DURATION = (NOT_ASKED, "noticed in the last few weeks", "a few months", "about a year or more", "many years")
DEPTH = ("unsure", "above the fascia (in the fat under the skin)", "below the fascia (deep)")
SKIN = (NOT_ASKED, "normal", "red and warm", "breaking through the skin (an open sore over the lump)",
        "other change (for example colour or dimpling)")
FEVER = (NOT_ASKED, "no", "yes, or feeling hot and unwell")
EXCISION = (NOT_ASKED, "no", "yes")
PSIS_X = 4.0  # schematic: half the distance between the two PSIS, in drawing units (illustrative)


@dataclass(frozen=True)
class Flag:
    id: str      # the id of the same warning feature in assets/data/management_red_flags.yaml
    text: str    # what the record and the flag line say
    level: str   # a level id of assets/data/urgency.yaml
    refs: tuple[str, ...]


_SARCOMA = ("nhsscotlandsarcoma",)
FLAGS = {
    "growing": Flag("growing", "growing", "urgent_cancer", ("nhsscotlandsarcoma", "nice2015ng12")),
    "size5": Flag("size5", "5 cm or more across", "urgent_cancer", _SARCOMA),
    "deep_fixed": Flag("deep_fixed", "deep, tethered or fixed", "urgent_cancer", _SARCOMA),
    "hard": Flag("hard", "hard or craggy", "urgent_cancer", _SARCOMA),
    "excision_site": Flag("excision_site", "at the site of a lump removed before", "urgent_cancer", _SARCOMA),
    "fungating": Flag("fungating", "breaking through the skin", "urgent_cancer", _SARCOMA),
    "skin_changes": Flag("skin_changes", "skin changes over the lump", "urgent_cancer", _SARCOMA),
    "fever": Flag("fever", "fever with a red, hot lump (possible infection)", "same_day", ("uptodate2017cellulitis",)),
}


def record_flags(size_cm: float, consistency: str, mobility: str, growth: str = NOT_ASKED, depth: str = "unsure",
                 skin: str = NOT_ASKED, fever: str = NOT_ASKED, excision: str = NOT_ASKED) -> list[Flag]:
    """The warning features in a record, each with its level of the urgency scale, the most pressing first."""
    from . import urgency

    found = []
    if fever.startswith("yes") and skin.startswith("red"):
        found.append(FLAGS["fever"])
    if growth.startswith("growing"):
        found.append(FLAGS["growing"])
    if size_cm >= 5:
        found.append(FLAGS["size5"])
    if depth.startswith("below") or mobility.startswith(("tethered", "fixed")):
        found.append(FLAGS["deep_fixed"])
    if consistency.startswith("hard"):
        found.append(FLAGS["hard"])
    if excision == "yes":
        found.append(FLAGS["excision_site"])
    if skin.startswith("breaking"):
        found.append(FLAGS["fungating"])
    elif skin.startswith(("red", "other")):
        found.append(FLAGS["skin_changes"])
    ranks = {lv.id: lv.rank for lv in urgency.levels()}
    return sorted(found, key=lambda f: ranks[f.level])


def _where(up: float, lateral: float, side: str) -> str:
    def part(v, pos, neg):
        return "level with" if abs(v) < 0.05 else f"{abs(v):g} cm {pos if v > 0 else neg}"
    vertical = part(up, "above", "below")
    horizontal = part(lateral, "lateral to", "medial to")
    if vertical == "level with" and horizontal == "level with":
        return f"over the {side} PSIS"
    if horizontal == "level with":
        return f"{vertical} the {side} PSIS"
    if vertical == "level with":
        return f"{horizontal} the {side} PSIS, at its level"
    return f"{vertical} and {horizontal} the {side} PSIS"


def record_text(side: str, up: float, lateral: float, size_cm: float, consistency: str, mobility: str,
                tenderness: str, familiar: str, number: int, growth: str = NOT_ASKED, duration: str = NOT_ASKED,
                depth: str = "unsure", skin: str = NOT_ASKED, fever: str = NOT_ASKED,
                excision: str = NOT_ASKED) -> str:
    """A documentation line: findings only, no diagnosis; it names the items that were not asked."""
    side = side.lower()
    count = f"{number} nodule{'s' if number != 1 else ''}"
    measured = "the one measured" if number > 1 else "it"
    pressing = "familiar pain not tested" if "not tested" in familiar else f"pressing it {familiar}"
    mobility_text = "mobility not tested" if mobility == "not tested" else mobility
    text = (f"{side.capitalize()} side: {count}; {measured} lies {_where(up, lateral, side)}; "
            f"{size_cm:g} cm across; {consistency}; {mobility_text}; {tenderness}; {pressing}.")
    items = [("Depth", "depth", depth, "unsure"), ("Change in size", "change in size", growth, NOT_ASKED),
             ("How long it has been there", "how long it has been there", duration, NOT_ASKED),
             ("Skin over it", "skin over it", skin, NOT_ASKED), ("Fever", "fever", fever, NOT_ASKED),
             ("Lump removed here before", "a lump removed here before", excision, NOT_ASKED)]
    text += "".join(f" {label}: {value}." for label, _, value, unknown in items if value != unknown)
    missing = [f"{name} ({value})" if value == "unsure" else name
               for _, name, value, unknown in items if value == unknown]
    if mobility == "not tested":
        missing.insert(0, "mobility (not tested)")
    if missing:
        text += f" Not recorded ({NOT_ASKED}, unsure or not tested): {', '.join(missing)}."
    return text + " Findings only, no diagnosis."


def fever_note(fever: str) -> str:
    """Fever is not a lump feature; with back pain it is a red flag of its own (lessons 04 and 06)."""
    from . import urgency

    if not fever.startswith("yes"):
        return ""
    return (f"Fever: if the client also has back pain, fever is a warning sign of spinal infection, level "
            f"\u2018{urgency.name('emergency')}\u2019 (lessons 04 and 06).")


def flags_html(flags: list[Flag], note: str = "") -> str:
    """The flag line: each warning feature with the name of its level, and the level to act on."""
    from . import urgency

    note_html = f"<p style='margin:2px 0'>{html.escape(note)}</p>" if note else ""
    if not flags:
        return f"<div style='border-left:4px solid #D55E00;padding:4px 8px'>{note_html}</div>" if note else ""
    from .references import cite_html

    items = "".join(f"<li>{html.escape(f.text)}: <b>{html.escape(urgency.name(f.level))}</b> "
                    f"<small>({cite_html(f.refs)})</small></li>" for f in flags)
    top = urgency.name(urgency.most_urgent([f.level for f in flags]))
    return ("<div style='border-left:4px solid #D55E00;padding:4px 8px'>"
            f"<p style='margin:2px 0'>\u2691 <b>Warning feature{'s' if len(flags) > 1 else ''}</b>, each with its level "
            "of the course's urgency scale:</p>"
            f"<ul style='margin:2px 0'>{items}</ul>"
            f"<p style='margin:2px 0'>Level to act on (the most pressing): <b>{html.escape(top)}</b>. This is a reason for a doctor to assess "
            "the lump, not a diagnosis; lessons 04 and 06 cover red flags and referral.</p>" + note_html + "</div>")


def flags_summary(flags: list[Flag]) -> str:
    from . import urgency

    if not flags:
        return ""
    listed = "; ".join(f"{f.text} ({urgency.name(f.level)})" for f in flags)
    return f" Warning features: {listed}. Level to act on: {urgency.name(urgency.most_urgent([f.level for f in flags]))}."


def _back_shapes(style) -> list[dict]:
    ink, bone = "#555555", "#f2efe8"
    shapes = []
    for s in (-1, 1):  # iliac crests: from the PSIS up and out, then down to the side
        x0 = s * PSIS_X
        path = f"M {x0},0 C {s * 6},7 {s * 12},9 {s * 16},7.5 S {s * 19.5},4 {s * 20},2.5"
        shapes.append(dict(type="path", path=path, line=dict(color=ink, width=3)))
        shapes.append(dict(type="circle", x0=x0 - 0.8, x1=x0 + 0.8, y0=-0.8, y1=0.8,
                           line=dict(color=ink, width=2), fillcolor=bone))
    shapes.append(dict(type="path", path=f"M {-PSIS_X},1 L {PSIS_X},1 L 0,-12 Z",
                       line=dict(color=ink, width=1.5, dash="dot"), fillcolor="rgba(153,153,153,0.12)"))
    for y in (4, 8, 12, 16):  # lumbar spinous processes
        shapes.append(dict(type="rect", x0=-0.6, x1=0.6, y0=y - 0.7, y1=y + 0.7,
                           line=dict(color=ink, width=1.5), fillcolor=bone))
    shapes.append(dict(type="line", x0=0, x1=0, y0=-12, y1=19, line=dict(color=ink, width=1, dash="dash")))
    shapes.append(dict(type="line", x0=-18, x1=-13, y0=-10, y1=-10, line=dict(color="#000", width=3)))
    return shapes


def record_figure(side: str = "Left", up: float = 2, lateral: float = 2, size_cm: float = 1.5):
    import plotly.graph_objects as go
    from .widgets import figure_widget

    from . import style

    style.use()
    fig = go.Figure(layout=dict(
        height=470, margin=dict(l=10, r=10, t=60, b=10), showlegend=False,
        title=dict(text="Where the nodule is: back view (schematic)"),
        xaxis=dict(visible=False, range=[-22, 22], fixedrange=True),
        yaxis=dict(visible=False, range=[-13, 20], scaleanchor="x", fixedrange=True),
        shapes=_back_shapes(style)))
    labels = [(-PSIS_X - 1.2, -1.2, "left PSIS<br>(dimple)", "bottom left"),
              (PSIS_X + 1.2, -1.2, "right PSIS<br>(dimple)", "bottom right"),
              (-12, 9.6, "left iliac crest", "top center"), (12, 9.6, "right iliac crest", "top center"),
              (0, -5, "sacrum", "middle center"), (1.2, 18.5, "spine (midline)", "middle right"),
              (-15.5, -9.0, "5 cm", "middle center"), (-21, 18.5, "client's LEFT", "middle right"),
              (21, 18.5, "client's RIGHT", "middle left")]
    fig.add_scatter(x=[t[0] for t in labels], y=[t[1] for t in labels], mode="text", text=[t[2] for t in labels],
                    textposition=[t[3] for t in labels], textfont=dict(size=12, color="#333"), hoverinfo="skip")
    blob, guide, label = _record_traces(side, up, lateral, size_cm)
    fig.add_scatter(mode="lines", fill="toself", line=dict(color=style.PALETTE["orange"], width=2),
                    fillcolor="rgba(230,159,0,0.55)", hoverinfo="text", **blob)
    fig.add_scatter(mode="lines", line=dict(color=style.PALETTE["orange"], width=2, dash="dot"),
                    hoverinfo="skip", **guide)
    fig.add_scatter(mode="text", textfont=dict(size=13, color="#000"), hoverinfo="skip", **label)
    fig = figure_widget(fig)
    fig._record_state = (side, up, lateral, size_cm)
    return fig


_CIRCLE = [(math.cos(2 * math.pi * k / 36), math.sin(2 * math.pi * k / 36)) for k in range(37)]


def _record_traces(side: str, up: float, lateral: float, size_cm: float) -> tuple[dict, dict, dict]:
    s = -1 if side.lower() == "left" else 1
    psis_x = s * PSIS_X
    cx, cy, r = psis_x + s * lateral, up, size_cm / 2
    blob = dict(x=[cx + r * c for c, _ in _CIRCLE], y=[cy + r * si for _, si in _CIRCLE],
                hovertext=f"nodule, {size_cm:g} cm")
    guide = dict(x=[psis_x, cx, cx], y=[0, 0, cy])
    label = dict(x=[cx + s * (r + 0.6)], y=[cy + r + 0.6], text=[f"nodule {size_cm:g} cm"],
                 textposition="top left" if s < 0 else "top right")
    return blob, guide, label


def _update_record_figure(fig, side: str, up: float, lateral: float, size_cm: float) -> None:
    if getattr(fig, "_record_state", None) == (side, up, lateral, size_cm):
        return  # unchanged (and never update before the first display; see _update_fagan)
    with fig.batch_update():
        for trace, data in zip(fig.data[1:4], _record_traces(side, up, lateral, size_cm)):
            trace.update(data)
    fig._record_state = (side, up, lateral, size_cm)


def record_builder():
    """Controls for each item of a nodule record; the drawing, the record and the flags follow them."""
    import ipywidgets as w

    from .widgets import summary_html, tool

    st = {"description_width": "initial"}
    wide = w.Layout(width="560px")
    side = w.ToggleButtons(options=["Left", "Right"], value="Left", description="Side:", style=st)
    up = w.FloatSlider(value=2, min=-4, max=10, step=0.5, description="Above (+) or below (\u2212) the PSIS, cm:",
                       style=st, layout=w.Layout(width="480px"))
    lateral = w.FloatSlider(value=2, min=-3, max=12, step=0.5,
                            description="Lateral (+) or medial (\u2212) to the PSIS, cm:", style=st,
                            layout=w.Layout(width="480px"))
    size = w.FloatSlider(value=1.5, min=0.5, max=8, step=0.5, description="Largest diameter, cm:", style=st,
                         layout=w.Layout(width="480px"))
    number = w.BoundedIntText(value=1, min=1, max=9, description="Number of nodules on this side:", style=st,
                              layout=w.Layout(width="300px"))
    consistency = w.Dropdown(options=CONSISTENCY, value="rubbery (elastic)", description="Consistency:", style=st)
    mobility = w.Dropdown(options=MOBILITY, value="moves freely", description="Mobility:", style=st, layout=wide)
    depth = w.Dropdown(options=DEPTH, value="unsure", description="Depth:", style=st, layout=wide)
    tender = w.Dropdown(options=TENDERNESS, value="tender", description="Tenderness:", style=st)
    familiar = w.Dropdown(options=FAMILIAR, value=FAMILIAR[0], description="Pressing it:", style=st,
                          layout=w.Layout(width="auto"))
    growth = w.Dropdown(options=GROWTH, value=NOT_ASKED, description="Change in size:", style=st, layout=wide)
    duration = w.Dropdown(options=DURATION, value=NOT_ASKED, description="How long it has been there:", style=st,
                          layout=wide)
    skin = w.Dropdown(options=SKIN, value=NOT_ASKED, description="Skin over it:", style=st, layout=wide)
    fever = w.Dropdown(options=FEVER, value=NOT_ASKED, description="Fever:", style=st, layout=wide)
    excision = w.Dropdown(options=EXCISION, value=NOT_ASKED, description="Lump removed here before:", style=st,
                          layout=wide)
    felt = [side, up, lateral, size, number, consistency, mobility, depth, tender, familiar]
    asked = [growth, duration, skin, fever, excision]
    controls = felt + asked
    fig = record_figure(side.value, up.value, lateral.value, size.value)
    flags = w.HTML()
    box = None

    def redraw(*_):
        _update_record_figure(fig, side.value, up.value, lateral.value, size.value)
        text = record_text(side.value, up.value, lateral.value, size.value, consistency.value, mobility.value,
                           tender.value, familiar.value, number.value, growth.value, duration.value, depth.value,
                           skin.value, fever.value, excision.value)
        found = record_flags(size.value, consistency.value, mobility.value, growth.value, depth.value, skin.value,
                             fever.value, excision.value)
        note = fever_note(fever.value)
        flags.value = flags_html(found, note)
        box.summary.value = summary_html("Record: " + text + flags_summary(found) + (" " + note if note else ""))
        box.record, box.found = text, found

    box = tool("Document a nodule", controls, figure=fig, extra=(flags,))
    # lay the controls out in two labelled groups (box.controls stays the flat list)
    head = "<p style='margin:8px 0 2px 0'><b>{}</b></p>"
    box.children = (box.children[0],
                    w.VBox([w.HTML(head.format("What you find: where it is and what it feels like")), *felt,
                            w.HTML(head.format("What you ask and look at (choose \u2018not asked\u2019 "
                                               "if you did not ask)")), *asked]),
                    *box.children[2:])
    box.flags = flags
    box.controls_by_name = dict(side=side, up=up, lateral=lateral, size=size, number=number,
                                consistency=consistency, mobility=mobility, depth=depth, tender=tender,
                                familiar=familiar, growth=growth, duration=duration, skin=skin, fever=fever,
                                excision=excision)
    for c in controls:
        c.observe(redraw, names="value")
    redraw()
    return box
