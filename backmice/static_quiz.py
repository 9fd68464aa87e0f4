"""Self-checks on the static website: the questions of ``quiz.show`` as plain HTML, no kernel.

When the lessons are executed for the website (``backmice.static.active()``), ``quiz.show``
displays :func:`render` instead of widgets. Each question is a ``<form>`` of native controls
(radio buttons, tick boxes, drop-down lists, a text box) with the same text, options in the same
order and the same feedback as in JupyterLab; ``static_assets/quiz.js`` gives instant feedback in
the page and ``static_assets/quiz.css`` styles it. The site build includes the files named in
:data:`ASSETS` once per page (from :data:`ASSET_DIR`).

What the JavaScript needs is computed here and embedded as JSON beside each question: the key,
every explanation already rendered as HTML, the full answer ("Show the answer") and, for number
questions, the units the answer may be typed in. quiz.js only reproduces the scoring rules of
``backmice.grading`` (``tests/test_static_quiz.py`` runs it in chromium against
:func:`backmice.quiz.evaluate` on every question). Nothing is sent anywhere and nothing is stored:
attempts on the website are not recorded (``backmice.progress`` is for JupyterLab).

Differences from JupyterLab, all for the reader of a web page: pressing "Check answer" with
nothing chosen says "Choose ..." (the kernel's message speaks of typing between quotes); match
and order questions also list their lettered options in the open (a closed drop-down list shows
one, cut short on a phone); citations read "(Author Year)" as on the rest of the page.
"""

from __future__ import annotations

import html
import itertools
import json
import re
from pathlib import Path

ASSET_DIR = Path(__file__).resolve().parent / "static_assets"
ASSETS = ["quiz.js", "quiz.css"]  # the files the site build copies and links once per page

_ids = itertools.count(1)  # element ids unique within one executed notebook (one page)

KIND_HINTS = {"choice": "Choose one answer.", "multi": "Choose every answer that applies.",
              "match": "Match each item with one option.",
              "order": "Put the items in order, one per position."}

# When "Check answer" is pressed with nothing chosen (quiz.js shows them after \u2717).
EMPTY = {"choice": "Choose an answer first.",
         "multi": "Tick at least one answer first.",
         "match": "Choose a match for at least one item first.",
         "order": "Choose an item for every position first."}


def active() -> bool:
    """Are the lessons being executed for the static website? (``backmice.static.active()``)"""
    from . import static

    return static.active()


# --- text ---------------------------------------------------------------------------------------

def text_html(text: str) -> str:
    """A prompt or explanation: the quiz's inline markdown, with citations written out as the rest
    of the page writes them (``backmice.static.cite_brackets``: "(Author Year)", linked to the
    page's reference list or to the DOI, PubMed record or URL)."""
    from . import static
    from .quiz import inline_markdown

    return static.cite_brackets(inline_markdown(text))


def _attr(value) -> str:
    return html.escape(str(value), quote=True)


def _json_script(data) -> str:
    """JSON safe inside <script>: no '<', '>' or '&' survives literally."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/json" class="bm-sq-data">{text}</script>'


# --- what quiz.js needs -------------------------------------------------------------------------

def _units_for(unit: str | None) -> dict:
    """The units an answer may be typed in: every unit of the same quantity as the question's."""
    from . import grading

    if not unit:
        return {}
    wanted = grading._UNITS.get(grading._unit_key(unit))
    if wanted is None:
        return {}
    return {k: v[1] for k, v in grading._UNITS.items() if v[0] == wanted[0]}


def data(q, number: int) -> dict:
    """Everything quiz.js needs to give the JupyterLab feedback for question ``q``."""
    from . import quiz

    key = q.key()
    d = {"id": q.id, "kind": q.kind, "number": number,
         "answer": [text_html(line) for line in quiz.answer_text(q)], "empty": EMPTY.get(q.kind, "")}
    if q.kind in ("choice", "multi"):
        d["key"] = key
        d["n"] = len(q.options)
        marks = {True: "\u2713", False: "\u2717"}
        d["details"] = [text_html(f"{marks[o.correct]} {quiz.LETTERS[i]}. {o.why}") for i, o in enumerate(q.options)]
    elif q.kind == "order":
        d["key"], d["n"] = key, len(key)
    elif q.kind == "match":
        d["key"] = {str(k): v for k, v in key.items()}
    else:
        d.update(key=key, tol=q.tol, unit=q.unit, low=q.low, high=q.high, units=_units_for(q.unit))
    return d


# --- HTML ---------------------------------------------------------------------------------------

def _options(labels: list[str]) -> str:
    from .quiz import LETTERS

    return '<option value="">(choose)</option>' + "".join(
        f'<option value="{LETTERS[i]}">{LETTERS[i]}. {html.escape(t)}</option>' for i, t in enumerate(labels))


def _choices_list(title: str, labels: list[str]) -> str:
    """The lettered options of a match or order question, visible without opening a list (a
    closed drop-down list shows one option, cut short on a phone)."""
    from .quiz import LETTERS

    items = "".join(f"<li>{LETTERS[i]}. {html.escape(t)}</li>" for i, t in enumerate(labels))
    return f'<p class="bm-sq-choices-title">{title}</p><ul class="bm-sq-choices">{items}</ul>'


def _controls(q, uid: str) -> str:
    from .quiz import LETTERS

    if q.kind in ("choice", "multi"):
        kind = "radio" if q.kind == "choice" else "checkbox"
        return "".join(
            f'<div class="bm-sq-option"><input type="{kind}" id="{uid}-{L}" name="{uid}" value="{L}">'
            f'<label for="{uid}-{L}">{L}. {html.escape(o.text)}</label></div>'
            for L, o in zip(LETTERS, q.options))
    if q.kind == "number":
        placeholder = "a number" if q.unit else "for example 0.42"
        unit = (f' <span class="bm-sq-unit" id="{uid}-unit">{html.escape(q.unit)}</span>' if q.unit else "")
        described = f' aria-describedby="{uid}-unit"' if q.unit else ""
        return (f'<div class="bm-sq-number"><label for="{uid}-answer">Answer:</label> '
                f'<input type="text" id="{uid}-answer" name="{uid}" inputmode="decimal" autocomplete="off" '
                f'spellcheck="false" placeholder="{placeholder}"{described}>{unit}</div>')
    if q.kind == "match":
        options = _options(q.match_choices())
        return _choices_list("The options:", q.match_choices()) + "".join(
            f'<div class="bm-sq-row"><p class="bm-sq-item" id="{uid}-item{i}"><b>{i}.</b> {text_html(item)}</p>'
            f'<label for="{uid}-{i}">Item {i} matches:</label> '
            f'<select id="{uid}-{i}" name="{uid}-{i}" data-item="{i}" aria-describedby="{uid}-item{i}">'
            f"{options}</select></div>"
            for i, (item, _, _) in enumerate(q.pairs, start=1))
    options = _options(q.order_choices())
    return _choices_list("The items, in no particular order:", q.order_choices()) + "".join(
        f'<div class="bm-sq-row"><label for="{uid}-{i}">Position {i}:</label> '
        f'<select id="{uid}-{i}" name="{uid}-{i}" data-position="{i}">{options}</select></div>'
        for i in range(1, len(q.items) + 1))


def question_html(lesson: str, q, number: int) -> str:
    """One question as a form of native controls, its data and an (empty) live feedback region."""
    uid = f"bm-sq-{re.sub(r'[^A-Za-z0-9_-]', '-', q.id)}-{next(_ids)}"
    title = f"Self-check {number}"
    hint = KIND_HINTS.get(q.kind) or ("Type a number" + (f" in {q.unit}." if q.unit else "."))
    return (
        f'<form class="bm-sq bm-sq-{q.kind}" method="dialog" id="{uid}" data-lesson="{_attr(lesson)}" '
        f'data-question="{_attr(q.id)}">'
        + _json_script(data(q, number))
        + f'<fieldset><legend class="bm-sq-prompt"><b>{title}.</b> {text_html(q.prompt)}'
        f'<br><i>{hint}</i></legend>'
        + _controls(q, uid)
        + "</fieldset>"
        '<div class="bm-sq-buttons">'
        f'<button type="submit" class="bm-sq-check">Check answer</button> '
        f'<button type="button" class="bm-sq-show">Show the answer</button></div>'
        '<div class="bm-sq-feedback" role="status" aria-live="polite"></div>'
        "</form>")


def render(lesson: str, *ids: str) -> str:
    """The self-checks of ``quiz.show(lesson, *ids)`` as HTML (all of the lesson's if no ids)."""
    from . import quiz

    body = "".join(question_html(lesson, q, n) for n, q in quiz.select(lesson, *ids))
    # a plain <div>: several self-check cells on a page must not make landmarks of the same name
    return ('<div class="bm-sq-set">'
            '<noscript><p>Checking an answer needs JavaScript, which is switched off in this browser.'
            "</p></noscript>" + body + "</div>")


def show(lesson: str, *ids: str) -> None:
    """Display the self-checks as HTML (what ``quiz.show`` does on the static website)."""
    from IPython.display import HTML, display

    display(HTML(render(lesson, *ids)))


def standalone_page(body: str, title: str = "Self-checks") -> str:
    """A whole HTML page with the assets inlined (for trying the self-checks without the site)."""
    css = (ASSET_DIR / "quiz.css").read_text(encoding="utf-8")
    js = (ASSET_DIR / "quiz.js").read_text(encoding="utf-8")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{css}</style></head>"
            f"<body><main><h1>{html.escape(title)}</h1>{body}</main><script>{js}</script></body></html>")
