"""The lessons as static web pages: what every display shows when there is no kernel.

The course website (``make site``, :mod:`backmice.site`) executes the lessons with
``BACKMICE_STATIC=1``. Then every interactive display of a lesson renders as plain HTML that works
in a browser with no Python behind it:

- a :class:`backmice.widgets.Tool` (``Tool._repr_mimebundle_``) becomes its plotly figure (zoom and
  hover still work: plotly.js is served from the site's ``_static``, never a CDN), the figure's
  text alternative as its caption, the tool's cards and tables as they are first drawn, and, in
  place of the controls, a note "Run this lesson to use the controls" with the launch links
  (:mod:`backmice.launch`, the one setting in ``assets/course.yaml``);
- a plain plotly figure (``go.Figure``) renders through the renderer ``backmice_static``, the
  same markup without a CDN;
- the other displays of the lessons call the functions below from their first line: the names
  explorer (every card, not a dropdown), the course map (linked to the lesson pages), the progress
  view (a note: progress is kept only when the lesson runs), key terms, reference lists (one
  anchor per key, ``#ref-<key>``, for the citations of the page to point at) and the urgency
  scale. Self-checks are :mod:`backmice.static_quiz`'s.

Citations ``[@a; @b]`` in any HTML shown here read "(Author Year; Author Year)": linked to the
page's reference list when the lesson cites the key in its text, else to the DOI, PubMed record
or URL. :func:`cite_markdown` does the same to the lessons' markdown in the site's build copy.

Importing this module is cheap (the hooks import it on every display); it imports plotly and
ipywidgets only to render.
"""

from __future__ import annotations

import html
import os
import re

# the course's one citation syntax, defined in backmice.references
from .references import CITATION as _BRACKET
from .references import CITED_KEY as _KEY

ENV = "BACKMICE_STATIC"
RENDERER = "backmice_static"
RUN_NOTE = "Run this lesson to use the controls."

_lesson: str | None = None  # the lesson being executed (activate()), for links and anchors
_labels: dict[str, int] = {}  # accessible names used on this page, to keep each one unique


def active() -> bool:
    """Are the lessons being executed for the static website?"""
    return os.environ.get(ENV) == "1"


def activate(lesson: str | None = None) -> None:
    """Called by the hidden first cell the site build adds to each lesson: remember the lesson
    and make plotly figures render without a CDN. Does nothing outside the site build."""
    global _lesson
    if not active():
        return
    _lesson = lesson
    _labels.clear()
    # The tools still build their widgets (the static HTML is read from them), but no widget
    # talks to a front end: with the kernel's comms, the executed notebook would store every
    # widget's state, plotly's 4.9 MB widget bundle included, and myst-nb would write it into
    # every page (measured: 5 MB a lesson). comm's own default is a comm that sends nothing.
    import comm

    comm.create_comm = comm._create_comm
    import plotly.io as pio
    from plotly.io._base_renderers import MimetypeRenderer

    class StaticRenderer(MimetypeRenderer):
        def to_mimebundle(self, fig_dict):
            return {"text/html": figure_html(fig_dict)}

    pio.renderers[RENDERER] = StaticRenderer()
    pio.renderers.default = RENDERER


def lesson() -> str | None:
    return _lesson


# --- citations ---------------------------------------------------------------------------------

def anchor(key: str) -> str:
    """The id of a key's entry in a page's reference list."""
    return "ref-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)


def _page_keys() -> set[str]:
    if not _lesson:
        return set()
    from .references import lesson_keys

    try:
        return set(lesson_keys(_lesson))
    except FileNotFoundError:
        return set()


def _cite_one(key: str, local: set[str]) -> str:
    from .references import bibliography, link, short_cite

    try:
        text = html.escape(short_cite(key))
    except KeyError:  # the tests catch unknown keys; never print a raw [@key] on the site
        return html.escape(key)
    if key in local:
        return f'<a class="bm-cite" href="#{anchor(key)}">{text}</a>'
    url = link(bibliography()[key])
    return f'<a class="bm-cite" href="{html.escape(url)}">{text}</a>' if url else text


def cite_brackets(text: str, local: set[str] | None = None) -> str:
    """Every ``[@a; @b]`` in ``text`` (markdown or HTML) -> "(Author Year; Author Year)" as
    inline HTML links: to ``#ref-<key>`` for keys in ``local`` (the page's reference list),
    else to the reference's DOI, PubMed record or URL."""
    from .references import short_cite

    local = _page_keys() if local is None else local
    out, pos = [], 0
    for m in _BRACKET.finditer(text):
        keys = _KEY.findall(m.group(1))
        if not keys:
            continue
        before = text[pos:m.start()]
        # "Willard et al. 2012 [@willard2012]" (the tools' cards): link the words already there
        # rather than print "Willard et al. 2012 (Willard et al. 2012)"
        # (also when the words lack the letter that tells two sources of a year apart)
        if len(keys) == 1:
            try:
                said = [html.escape(short_cite(keys[0])), html.escape(short_cite(keys[0], distinct=False))]
            except KeyError:
                said = []
            stripped = before.rstrip()
            said = next((x for x in said if stripped.endswith(x)), None)
            if said:
                out.append(stripped[:-len(said)] + _cite_one(keys[0], local))
                pos = m.end()
                continue
        out.append(before + "(" + "; ".join(_cite_one(k, local) for k in keys) + ")")
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def cite_markdown(source: str, local: set[str]) -> str:
    """A lesson's markdown with its citations written out (the site's build copy); code spans
    and fenced code are left alone."""
    parts = re.split(r"(```.*?```|`[^`\n]*`)", source, flags=re.S)
    return "".join(p if p.startswith("`") else cite_brackets(p, local) for p in parts)


# --- plain HTML output --------------------------------------------------------------------------

class Html:
    """An object that displays as HTML (what a hooked function returns or displays)."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def _repr_mimebundle_(self, **kwargs):
        return {"text/html": self.markup, "text/plain": "(see the course website)"}

    def __repr__(self) -> str:
        return "<static HTML>"


def show_html(markup: str) -> None:
    """Display HTML with its citations written out."""
    from IPython.display import display

    display(Html(cite_brackets(markup)))


def launch_html(lesson: str | None = None) -> str:
    """Links that open this lesson with a kernel: Binder, and the school's hub when one is set."""
    from . import launch

    lesson = lesson or _lesson
    links = [f'<a class="bm-launch" href="{html.escape(launch.binder_url(lesson))}">'
             "Open this lesson on Binder</a>"]
    if launch.hub_url():
        links.append(f'<a class="bm-launch" href="{html.escape(launch.nbgitpuller_url(None, lesson))}">'
                     "Open it on your school's JupyterHub</a>")
    return " ".join(links)


def run_note(lesson: str | None = None) -> str:
    return f'<p class="bm-run-note">{RUN_NOTE} {launch_html(lesson)}</p>'


# --- figures and tools ----------------------------------------------------------------------------

def unique_label(text: str) -> str:
    """An accessible name not yet used on this page ("Landmark map", then "Landmark map (2)"):
    a page's regions must each have their own name (axe: landmark-unique)."""
    n = _labels.get(text, 0) + 1
    _labels[text] = n
    return text if n == 1 else f"{text} ({n})"


def _title_text(layout: dict) -> str:
    title = layout.get("title")
    text = title.get("text") if isinstance(title, dict) else title
    return re.sub(r"<[^>]+>", "", str(text or "")).strip()


# A figure narrower than this shows no more than a stamp; below its minimum width (see
# _min_width) a figure scrolls sideways in its own box instead of squeezing its labels.
SMALLEST = 300
PLOT_AREA = 240   # the narrowest plotting area (px) that still reads, between the margins


def _min_width(layout: dict, data: list, drawn_for: int) -> int:
    """The narrowest a figure may be drawn. Plain charts: their margins (long category labels
    sit in them) plus a plotting area of PLOT_AREA px. Drawings with labels (10 or more
    annotations or text markers) or drawn to scale (an axis anchored to the other) keep 70 % of
    the width they were drawn for: their labels would overlap, or the drawing shrink under them;
    maps of labels (20 or more) keep all of it, up to 640 px (the column on a laptop)."""
    margin = layout.get("margin") or {}
    need = int(margin.get("l", 80)) + int(margin.get("r", 80)) + PLOT_AREA
    labels = len(layout.get("annotations") or [])
    for trace in data:
        if "text" in str(trace.get("mode") or "") and isinstance(trace.get("text"), (list, tuple)):
            labels += len(trace["text"])
    scaled = any(isinstance(v, dict) and v.get("scaleanchor") for k, v in layout.items() if k.startswith("yaxis"))
    if labels >= 20:  # a map of labels: as drawn, or the site's column on a laptop
        need = max(need, min(drawn_for, 640))
    elif labels >= 10 or scaled:
        need = max(need, int(0.7 * drawn_for))
    return min(drawn_for, max(SMALLEST, need))


def figure_html(fig) -> str:
    """A plotly figure (``go.Figure``, ``FigureWidget`` or its dict) as a ``<div>`` and a script
    for the plotly.js the page loads from ``_static``: no CDN, no kernel. The figure takes the
    width of the text column (plotly's ``responsive``: it is redrawn when the window changes),
    down to its minimum width (:func:`_min_width`); on a narrower screen (a phone) it scrolls
    sideways in its own box. The site's script (docs/site/_static/backmice.js) wraps a title
    that no longer fits on one line, and widens the minimum (up to ``data-drawn-for``, the width
    the figure was drawn for) where text beside the plot would be cut off."""
    import plotly.io as pio

    spec = fig.to_plotly_json() if hasattr(fig, "to_plotly_json") else fig
    spec = {"data": list(spec.get("data") or []), "layout": dict(spec.get("layout") or {})}
    drawn_for = int(spec["layout"].pop("width", None) or 640)
    smallest = _min_width(spec["layout"], spec["data"], drawn_for)
    spec["layout"]["autosize"] = True
    plot = pio.to_html(spec, include_plotlyjs=False, full_html=False, validate=False,
                       default_width="100%",
                       config={"responsive": True, "displaylogo": False})
    label = html.escape(unique_label("Figure: " + (_title_text(spec["layout"]) or "chart")), quote=True)
    # focusable, so a keyboard can scroll it sideways (axe: scrollable-region-focusable)
    return (f"<div class='bm-figure-scroll' tabindex='0' role='region' aria-label='{label}'>"
            f"<div class='bm-figure' data-drawn-for='{drawn_for}' style='min-width:{smallest}px'>"
            f"{plot}</div></div>")


def _strip_live(markup: str) -> str:
    """A live region only makes sense where the text changes; on a static page it does not."""
    return re.sub(r"\s(role=['\"]status['\"]|aria-live=['\"]\w+['\"])", "", markup)


def _html_parts(widget, skip: set[int]) -> list[str]:
    """What the HTML widgets below ``widget`` show now (cards, tables, notes, a letter)."""
    import ipywidgets as w

    out = []
    if id(widget) in skip:
        return out
    if isinstance(widget, (w.HTML, w.HTMLMath)):
        value = str(widget.value or "").strip()
        if value and not value.startswith("<style"):
            out.append(_strip_live(value))
    elif isinstance(widget, w.Textarea) and widget.value.strip():
        label = html.escape(widget.description or "")
        out.append(f"<p><b>{label}</b></p><pre class='bm-static-text'>{html.escape(widget.value)}</pre>")
    for child in getattr(widget, "children", ()):
        out.extend(_html_parts(child, skip))
    return out


def tool_html(tool) -> str:
    """A tool as it is first drawn: title, figure with its text alternative as caption, then
    its cards and tables, and the note that replaces its controls."""
    title = html.escape(getattr(tool, "title", "interactive tool"))
    label = html.escape(unique_label(getattr(tool, "title", "interactive tool")), quote=True)
    summary = _strip_live(str(getattr(tool.summary, "value", "") or ""))
    widget = tool.widget
    heading = widget.children[0] if widget.children else None
    skip = {id(x) for x in (heading, tool.summary) if x is not None}
    # the controls are replaced by the note; their own labels are not content
    skip |= {id(c) for c in tool.named.values()}
    extras = "".join(f"<div class='bm-static-part'>{p}</div>" for p in _html_parts(widget, skip))
    if tool.figure is not None:
        body = (f"<figure class='bm-static-figure'>{figure_html(tool.figure)}"
                f"<figcaption class='bm-text-alternative'><span class='bm-label'>In words:</span> "
                f"{summary}</figcaption></figure>")
    else:
        body = f"<div class='bm-text-alternative'>{summary}</div>" if summary else ""
    markup = (f"<section class='bm-static-tool' aria-label='{label}'>"
              f"<p class='bm-static-title'><b>{title}</b></p>{body}{extras}{run_note()}</section>")
    return cite_brackets(markup)


def tool_bundle(tool) -> dict:
    """``Tool._repr_mimebundle_`` on the website."""
    return {"text/html": tool_html(tool), "text/plain": repr(tool)}


# --- the other displays of the lessons ----------------------------------------------------------

def names_explorer() -> Html:
    """Lesson 00's names explorer: every card, one after the other."""
    from .intro import name_card, names

    cards = "".join(f"<div class='bm-static-part'>{_strip_live(name_card(e))}</div>" for e in names())
    return Html(cite_brackets(
        "<section class='bm-static-tool' aria-label='Names used for back mice'>"
        f"<p class='bm-static-title'><b>Names used for back mice</b></p>{cards}{run_note()}</section>"))


SITE_LESSONS = "BACKMICE_SITE_LESSONS"  # set by backmice.site: the lessons the build has pages for


def built_lessons() -> set[str] | None:
    """The lessons that have a page on the website being built (None: not known, every one)."""
    value = os.environ.get(SITE_LESSONS)
    return None if value is None else {x for x in value.split(",") if x}


def card_labels(table: str) -> str:
    """A table whose every body cell carries its column's name (``data-label``), and the class
    ``bm-cards``: on a narrow screen the site's style sheet shows each row as a card of
    labelled lines instead of a table that scrolls sideways."""
    heads = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", table.split("</thead>")[0], flags=re.S)]

    def row(m):
        cells = iter(heads)
        return re.sub(r"<t([dh])(?=[\s>])", lambda c: f"<t{c.group(1)} data-label='{html.escape(next(cells, ''), quote=True)}'", m.group(0))

    head, sep, body = table.partition("</thead>")
    body = re.sub(r"<tr[\s>].*?</tr>", row, body, flags=re.S)
    head = re.sub(r"<table(\s+class=')?", lambda m: "<table class='bm-cards " if m.group(1) else "<table class='bm-cards'", head, count=1)
    return head + sep + body


def show_course_map() -> None:
    """The course map with each lesson linked to its page on the site (the lessons the build
    has pages for: a subset build links no other)."""
    from IPython.display import display

    from . import intro

    built = built_lessons()

    def lesson_link(m):
        lesson, name = m.group(1), m.group(1).replace("_", " ")
        return f"<a href='{lesson}.html'>{name}</a>" if built is None or lesson in built else name

    markup = re.sub(r"<code>lessons/([\w-]+)\.ipynb</code>", lesson_link, intro.course_map_html())
    display(Html(card_labels(markup)))


def show_progress() -> None:
    """The progress view needs a learner: on the website it says where progress is kept."""
    from IPython.display import display

    display(Html("<section class='bm-static-tool' aria-label='Your progress'>"
                 "<p class='bm-static-title'><b>Your progress</b></p>"
                 "<p>When you run the lessons, this shows how many self-checks you have right in "
                 "each lesson. Attempts on this website are not recorded.</p>"
                 f"{run_note()}</section>"))


def glossary_html(terms, *, titles: dict | None = None, linked=()) -> str:
    """Key terms as a definition list, each term with an anchor (``#term-...``). With ``titles``
    (lesson id -> title; the glossary page), each term says which lesson introduces it, linked
    when the lesson is in ``linked`` (the pages built)."""
    rows = []
    for t in terms:
        tid = "term-" + re.sub(r"[^a-z0-9]+", "-", t.term.lower()).strip("-")
        refs = (" [" + "; ".join("@" + r for r in t.refs) + "]") if t.refs else ""
        also = (f" <span class='bm-aliases'>(also: {html.escape(', '.join(t.aliases))})</span>"
                if t.aliases else "")
        where = ""
        if titles is not None:
            name = html.escape(titles.get(t.lesson) or t.lesson.replace("_", " "))
            if t.lesson in linked:
                name = f"<a href='{t.lesson}.html'>{name}</a>"
            where = f" <span class='bm-term-lesson'>Introduced in {name}.</span>"
        rows.append(f"<dt id='{tid}'>{html.escape(t.term)}{also}</dt>"
                    f"<dd>{html.escape(t.definition)}{html.escape(refs)}{where}</dd>")
    return "<dl class='bm-glossary'>" + "".join(rows) + "</dl>"


def show_glossary(lesson: str | None) -> None:
    from . import glossary

    show_html(glossary_html(glossary.load(lesson)))


def references_html(keys: list[str]) -> str:
    """A reference list with one anchor per key, each entry linked to its DOI, PMID or URL."""
    from .references import bibliography, format_entry, link, short_cite

    bib = bibliography()
    rows = []
    for key in keys:
        entry = bib.get(key)
        if entry is None:  # the tests refuse unknown keys; say so rather than print [@key]
            rows.append(f"<li id='{anchor(key)}'>{html.escape(key)} (missing from references.bib)</li>")
            continue
        url = link(entry)
        goto = f" <a href='{html.escape(url)}'>{html.escape(url)}</a>" if url else ""
        rows.append(f"<li id='{anchor(key)}'><span class='bm-ref-label'>{html.escape(short_cite(key))}.</span> "
                    f"{html.escape(format_entry(entry))}{goto}</li>")
    return "<ol class='bm-references'>" + "".join(rows) + "</ol>"


def show_references(lesson: str) -> None:
    from IPython.display import display

    from .references import lesson_keys

    display(Html(references_html(lesson_keys(lesson))))
