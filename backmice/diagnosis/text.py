"""What the diagnosis tools say in words: accessible HTML tables and the summaries (text
alternatives) of the post-test tool and the differential explorer. Pure: no plotly, no ipywidgets."""

from __future__ import annotations

import html

from .. import urgency
from ..references import cite_text
from .model import conditions, number, pct, tests

_TD = "style='text-align:left;vertical-align:top;padding:4px 8px;border-top:1px solid #ccc'"
_TABLE = "class='bm-table' style='border-collapse:collapse;margin:6px 0;width:100%'"


def _table(caption: str, head: list[str], rows: list[list[str]]) -> str:
    """An accessible HTML table, left-aligned, cells already escaped."""
    th = "".join(f"<th scope='col' {_TD}>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td {_TD}>{c}</td>" for c in r) + "</tr>" for r in rows)
    return (f"<table {_TABLE}><caption style='text-align:left;font-weight:bold'>{caption}</caption>"
            f"<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>")


# --- the post-test tool ----------------------------------------------------------------------------

def test_table_html(target: str) -> str:
    """The tests of one target condition with their accuracy, LRs (computed) and sources."""
    rows = [[html.escape(t.name), f"{t.sensitivity:.3g}", f"{t.specificity:.3g}", f"{t.lr_pos:.2f}",
             f"{t.lr_neg:.2f}", f"<small>{html.escape(t.population)} [{html.escape(cite_text(t.refs))}]</small>"]
            for t in tests().values() if t.target == target]
    return _table("Tests for this condition: sensitivity and specificity from the sources; likelihood ratios "
                  "calculated from them",
                  ["Test", "Sensitivity", "Specificity", "LR+", "LR\u2212", "Where the numbers come from"], rows)


COMBINED_WARNING = (
    "<p class='bm-warning'>\u26a0 <b>Two results combined.</b> Multiplying likelihood ratios "
    "assumes conditional independence: that one test's result tells you nothing more about the "
    "other's once you know whether the condition is present. Two leg-raise tests that stretch "
    "the same nerve are unlikely to be independent, so the combined figure overstates "
    "certainty. It is a teaching simplification.</p>")


def posttest_summary(result: dict) -> str:
    steps = result["steps"]
    if not steps:
        return (f"Pre-test probability {pct(result['pre'])}. No test result chosen, so the likelihood ratio is 1 "
                f"and the post-test probability stays {pct(result['post'])}: the line passes through 1 on the "
                "middle axis and lands on the same value.")
    done = "; ".join(f"{s['test'].short} {s['result']} (LR {s['lr']:.2f})" for s in steps)
    text = (f"Pre-test probability {pct(result['pre'])}. Results: {done}. "
            f"{'Combined likelihood' if len(steps) > 1 else 'Likelihood'} ratio {result['lr']:.2f}. Post-test probability {pct(result['post'])}. "
            f"The line runs from {pct(result['pre'])} on the left axis through {result['lr']:.2f} in the middle "
            f"to {pct(result['post'])} on the right.")
    if len(steps) > 1:
        text += (" Two results were combined by multiplying their likelihood ratios, which assumes they are "
                 "independent; tests of the same thing rarely are, so the result overstates certainty.")
    return text


# --- the differential explorer ------------------------------------------------------------------------

def explorer_table_html(result: dict) -> str:
    if not result["ticked"]:
        return "<p><i>Tick one or more findings to see what each one suggests.</i></p>"
    names = {c.id: c.name for c in conditions()}
    parts = []
    if result["flags"]:
        items = "".join(
            f"<li>{html.escape(f.text)}: <b>{html.escape(urgency.name(f.urgency))}</b>"
            + (f". {html.escape(' '.join(f.urgency_note.split()))}" if f.urgency_note else "") + "</li>"
            for f in result["flags"])
        parts.append(f"<div style='border-left:4px solid #D55E00;padding:4px 8px'>\u2691 <b>Red flag"
                     f"{'s' if len(result['flags']) > 1 else ''}</b>, each with its level on the course's urgency "
                     f"scale:<ul>{items}</ul>Refer at the highest level ticked (the fastest): "
                     f"<b>{html.escape(urgency.name(result['urgency']))}</b>. Neither a massage therapist nor a "
                     "chiropractor treats a red flag; both refer (section 5).</div>")
    for f in result["assess"]:
        parts.append(f"<p style='border-left:4px solid #D55E00;padding:4px 8px'>\u25cf <b>Needs medical "
                     f"assessment:</b> {html.escape(f.text)}. {html.escape(' '.join(f.assess.why.split()))} "
                     f"<small>[{html.escape(cite_text(f.assess.refs))}]</small></p>")
    rows = []
    for f in result["ticked"]:
        for e in f.effects:
            mark = "\u25b2&nbsp;supports" if e.direction == "supports" else "\u25bc&nbsp;argues&nbsp;against"
            rows.append([f"{number(f.id)}. {html.escape(f.text)}", mark, html.escape(names[e.condition]),
                         f"{html.escape(e.why)} <small>[{html.escape(cite_text(e.refs))}]</small>"])
    parts.append(_table("What each ticked finding suggests", ["Finding", "Direction", "Condition", "Why (sources)"],
                        rows))
    return "".join(parts)


def explorer_summary(result: dict) -> str:
    if not result["ticked"]:
        return "No finding ticked: the chart is empty."
    short = {c.id: c.short for c in conditions()}
    bits = []
    for cid, r in result["rows"].items():
        if r["supports"] or r["against"]:
            s = ", ".join(str(number(f.id)) for f, _ in r["supports"])
            a = ", ".join(str(number(f.id)) for f, _ in r["against"])
            bits.append(f"{short[cid]}: " + "; ".join(x for x in (f"supported by {s}" if s else "",
                                                                   f"argued against by {a}" if a else "") if x))
    flag = (f" A red flag is ticked: {urgency.name(result['urgency'])}." if result["flags"] else "")
    flag += "".join(f" Finding {number(f.id)} needs medical assessment." for f in result["assess"])
    return f"Findings ticked: {len(result['ticked'])}. " + ". ".join(bits) + "." + flag
