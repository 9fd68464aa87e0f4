"""Lesson 00: the names explorer, the evidence chart and the course map."""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache

from . import paths


# --- names explorer ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Name:
    name: str
    first_used: str
    describes: str
    nodule: bool
    refs: tuple[str, ...]


@lru_cache(maxsize=1)
def names() -> tuple[Name, ...]:
    raw = paths.read_yaml(paths.assets() / "data" / "names.yaml")
    return tuple(Name(r["name"], r["first_used"], r["describes"], r["nodule"] in (True, "yes"),
                      tuple(r["refs"])) for r in raw)


def name_card(entry: Name) -> str:
    """HTML description of one name (what the explorer shows)."""
    needs = ("\u2713 Yes: it names a lump you can feel." if entry.nodule else
             "\u2717 No: it names tender spots; a lump is not required. Do not treat it as the same thing.")
    # several sources in one bracket: "(Collée et al. 1991a; Collée et al. 1991b)"
    refs = ("[" + "; ".join(f"@{html.escape(r)}" for r in entry.refs) + "]") if entry.refs else ""
    return (f"<div role='status' aria-live='polite' style='border-left:4px solid #0072B2;padding:4px 10px'>"
            f"<p><b>{html.escape(entry.name)}</b></p>"
            f"<p><b>Used by:</b> {html.escape(entry.first_used)}</p>"
            f"<p><b>What it describes:</b> {html.escape(entry.describes)}</p>"
            f"<p><b>Is a palpable nodule part of the definition?</b> {needs}</p>"
            f"<p><small>Sources: {refs}</small></p></div>")


def names_explorer():
    """A dropdown of names; the card below explains the chosen one (a backmice.widgets tool)."""
    from . import static  # the website has no kernel: every card, one after the other

    if static.active():
        return static.names_explorer()
    import ipywidgets as w

    from .widgets import tool

    entries = names()
    pick = w.Dropdown(options=[(e.name, i) for i, e in enumerate(entries)], value=0,
                      description="Name:", layout={"width": "95%"})
    card = w.HTML(name_card(entries[0]))
    pick.observe(lambda change: setattr(card, "value", name_card(entries[change["new"]])), names="value")
    box = tool("Names used for back mice", [pick], extra=(card,),
               summary="Choose a name to read who used it, what it describes and whether it needs a lump.")
    box.pick, box.card = pick, card
    return box


# --- the evidence chart --------------------------------------------------------------------------

# Bicket, Simmons and Zheng (2016), literature review: what they found, by kind of study.
EVIDENCE_COUNTS = (
    ("Randomised controlled trial", 1),
    ("Cross-sectional studies", 4),
    ("Case reports and case series", 8),
    ("Publications before 1967", 16),
)


def evidence_figure():
    import plotly.graph_objects as go

    from . import style
    from .widgets import static_figure

    style.use()
    labels = [k for k, _ in EVIDENCE_COUNTS]
    counts = [n for _, n in EVIDENCE_COUNTS]
    # static_figure: shown without plotly.io.show's nbformat/jsonschema import (backmice.widgets)
    fig = static_figure(go.Bar(x=counts, y=labels, orientation="h", text=counts, textposition="outside",
                           marker=dict(color=[style.PALETTE["blue"], style.PALETTE["sky"],
                                              style.PALETTE["orange"], style.PALETTE["grey"]],
                                       line=dict(color="#333", width=1)),
                           hovertemplate="%{y}: %{x}<extra></extra>"))
    fig.update_layout(title="What a 2016 literature review found on back mice",
                      xaxis=dict(title="number of publications", range=[0, 19], dtick=2),
                      yaxis=dict(autorange="reversed"), height=320, margin=dict(l=230))
    return fig


# --- the course map --------------------------------------------------------------------------------

def course_map_html() -> str:
    data = paths.read_yaml(paths.assets() / "course.yaml")
    rows = []
    for m in data["modules"]:
        ready = all(paths.lesson_path(lesson).exists() for lesson in m["lessons"])
        lessons = ", ".join(f"<code>lessons/{html.escape(lesson)}.ipynb</code>" for lesson in m["lessons"])
        state = "\u2713 ready" if ready else "\u2026 in preparation"
        rows.append(f"<tr><td><b>{html.escape(m['title'])}</b><br>{lessons}</td>"
                    f"<td style='text-align:right'>{m['minutes']} min</td>"
                    f"<td><code>{html.escape(m['assignment'])}</code></td>"
                    f"<td>{html.escape(m['assesses'])}</td><td>{state}</td></tr>")
    head = ("<tr><th scope='col'>Module</th><th scope='col'>Time</th><th scope='col'>Assignment</th>"
            "<th scope='col'>What is assessed</th><th scope='col'>Status</th></tr>")
    return ("<table class='bm-course-map'><caption>The course map</caption>"
            f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>")


def show_course_map() -> None:
    from . import static  # the website: each lesson linked to its page

    if static.active():
        return static.show_course_map()
    from IPython.display import HTML, display

    display(HTML(course_map_html()))
