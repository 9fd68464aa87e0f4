"""The nodule record of lesson 03: its items, its warning features and the record text. Pure.

``record_text()`` writes the record (findings only, and which items were not asked); the position
is worded from the nearer PSIS by :func:`backmice.body.position_text`, as everywhere in the course.
``record_flags()`` lists the warning features present, each with its level of the course's ONE
urgency scale (:mod:`backmice.urgency`).

The warning features and their levels follow the red-flag data of lesson 06
(``assets/data/management_red_flags.yaml``, same ids): the Scottish referral guidelines for
suspected sarcoma (a soft-tissue mass that is growing, 5 cm or more, deep, tethered or fixed, hard
or craggy, fungating, or at the site of a previous excision; skin changes are among what they say
to assess) and NICE NG12 (an unexplained lump that is increasing in size) put a lump on the
urgent suspected-cancer pathway; fever with a red, hot lump is a same-day matter.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from .. import body, urgency
from ..references import cite_html

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
PSIS_X = body.PSIS_X  # the course's one PSIS: 4.3 cm from the midline (illustrative)


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


def where(side: str, up: float, lateral: float) -> str:
    """'2 cm lateral to and 2 cm above the left PSIS': the course's one wording (backmice.body)."""
    return body.position_text(body.Position(side.lower(), float(lateral) + 0.0, float(up) + 0.0))


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
    text = (f"{side.capitalize()} side: {count}; {measured} lies {where(side, up, lateral)}; "
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
    if not fever.startswith("yes"):
        return ""
    return (f"Fever: if the client also has back pain, fever is a warning sign of spinal infection, level "
            f"\u2018{urgency.name('emergency')}\u2019 (lessons 04 and 06).")


def flags_html(flags: list[Flag], note: str = "") -> str:
    """The flag line: each warning feature with the name of its level, and the level to act on."""
    note_html = f"<p style='margin:2px 0'>{html.escape(note)}</p>" if note else ""
    if not flags:
        return f"<div style='border-left:4px solid #D55E00;padding:4px 8px'>{note_html}</div>" if note else ""
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
    if not flags:
        return ""
    listed = "; ".join(f"{f.text} ({urgency.name(f.level)})" for f in flags)
    return f" Warning features: {listed}. Level to act on: {urgency.name(urgency.most_urgent([f.level for f in flags]))}."
