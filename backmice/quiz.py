"""Self-check questions for lessons.

Questions live in ``assets/quizzes/<lesson>.yaml`` (one file per lesson), not in notebooks::

    lesson: 01_fascia_anatomy
    questions:
      - id: fa-layers
        kind: choice            # choice | multi | number | match | order
        objectives: [2]         # the lesson objectives this question assesses
        prompt: Which layer ...?
        options:
          - {text: Skin, why: "..."}
          - {text: Membranous layer, correct: true, why: "..."}

``number`` questions give ``answer``, ``tol`` and optionally ``unit``, ``low``, ``high``;
``match`` questions give ``pairs`` (``item``/``match``, optional ``why``) and ``distractors``;
``order`` questions give ``items`` in the right order. Every question may have ``why``
(shown after answering) and ``refs`` (citation keys).

Answers are read and scored by the same rules as graded work (``backmice.grading``), so "b",
"(b)" and "B)" mean the same everywhere. Anything typed gets a plain message, never a traceback.
Feedback is given in words and symbols (\u2713 \u25d0 \u2717), never by colour alone; every control has a
label a screen reader can announce.

Why our own engine: the closest library, jupyterquiz, renders questions in client-side
JavaScript and cannot report attempts back to Python, so it cannot feed a progress view.
No other library we found captures attempts either. Attempts go to ``backmice.progress``.
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import grading, paths, progress

KINDS = ("choice", "multi", "number", "match", "order")
LETTERS = grading.LETTERS


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool = False
    why: str = ""


def _shuffled(items: list[str], seed: str) -> list[str]:
    """The same shuffle every time for a given seed, and never the original order."""
    original, items = list(items), list(items)
    rng = random.Random(seed)
    for _ in range(50):
        rng.shuffle(items)
        if items != original:
            break
    return items


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    prompt: str
    objectives: tuple[int, ...] = ()
    options: tuple[Option, ...] = ()          # choice, multi
    answer: float | None = None               # number
    tol: float | None = None
    unit: str | None = None
    low: float | None = None
    high: float | None = None
    pairs: tuple[tuple[str, str, str], ...] = ()  # match: (item, match, why)
    distractors: tuple[str, ...] = ()
    items: tuple[str, ...] = ()               # order: right order
    why: str = ""
    refs: tuple[str, ...] = field(default=())

    # -- what the learner sees ------------------------------------------------------------------
    def match_choices(self) -> list[str]:
        """Right-hand options of a match question, in a fixed shuffled order (never the pairs' order)."""
        return _shuffled([m for _, m, _ in self.pairs] + list(self.distractors), self.id)

    def order_choices(self) -> list[str]:
        """Items of an order question in a fixed shuffled order (never already right)."""
        return _shuffled(list(self.items), self.id)

    # -- keys in grading's terms ----------------------------------------------------------------
    def spec(self) -> dict:
        if self.kind in ("choice", "multi"):
            return {"options": [o.text for o in self.options]}
        if self.kind == "order":
            return {"options": self.order_choices()}
        if self.kind == "match":
            return {"left": [p[0] for p in self.pairs], "right": self.match_choices()}
        return {"unit": self.unit, "low": self.low, "high": self.high, "tol": self.tol}

    def key(self):
        if self.kind == "choice":
            return next(LETTERS[i] for i, o in enumerate(self.options) if o.correct)
        if self.kind == "multi":
            return "".join(LETTERS[i] for i, o in enumerate(self.options) if o.correct)
        if self.kind == "order":
            shown = self.order_choices()
            return "".join(LETTERS[shown.index(item)] for item in self.items)
        if self.kind == "match":
            right = self.match_choices()
            return {i + 1: LETTERS[right.index(m)] for i, (_, m, _) in enumerate(self.pairs)}
        return self.answer


# --- loading and checking the question files -----------------------------------------------------

def _problem(path: Path, qid: str, message: str) -> ValueError:
    return ValueError(f"{path.name}, question {qid}: {message}")


def _question(path: Path, raw: dict) -> Question:
    qid = str(raw.get("id", "?"))
    kind = raw.get("kind")
    if kind not in KINDS:
        raise _problem(path, qid, f"kind must be one of {', '.join(KINDS)}")
    if not raw.get("prompt"):
        raise _problem(path, qid, "needs a prompt")
    objectives = raw.get("objectives") or []
    if not objectives or not all(isinstance(o, int) and o > 0 for o in objectives):
        raise _problem(path, qid, "objectives must list the lesson objective numbers it assesses")
    common = dict(id=qid, kind=kind, prompt=str(raw["prompt"]).strip(), objectives=tuple(objectives),
                  why=str(raw.get("why", "")).strip(), refs=tuple(raw.get("refs") or ()))
    if kind in ("choice", "multi"):
        options = tuple(Option(str(o["text"]), bool(o.get("correct", False)), str(o.get("why", "")).strip())
                        for o in raw.get("options") or [])
        right = sum(o.correct for o in options)
        if len(options) < 2:
            raise _problem(path, qid, "needs at least two options")
        if kind == "choice" and right != 1:
            raise _problem(path, qid, "a choice question needs exactly one correct option")
        if kind == "multi" and right < 1:
            raise _problem(path, qid, "a multi question needs at least one correct option")
        if any(not o.why for o in options):
            raise _problem(path, qid, "every option needs a why (its explanation)")
        return Question(options=options, **common)
    if kind == "number":
        if not isinstance(raw.get("answer"), (int, float)) or not isinstance(raw.get("tol"), (int, float)):
            raise _problem(path, qid, "a number question needs answer and tol")
        return Question(answer=float(raw["answer"]), tol=float(raw["tol"]), unit=raw.get("unit"),
                        low=raw.get("low"), high=raw.get("high"), **common)
    if kind == "match":
        pairs = tuple((str(p["item"]), str(p["match"]), str(p.get("why", "")).strip())
                      for p in raw.get("pairs") or [])
        if len(pairs) < 2:
            raise _problem(path, qid, "a match question needs at least two pairs")
        return Question(pairs=pairs, distractors=tuple(str(d) for d in raw.get("distractors") or ()), **common)
    items = tuple(str(i) for i in raw.get("items") or [])
    if len(items) < 3 or len(set(items)) != len(items):
        raise _problem(path, qid, "an order question needs at least three different items")
    return Question(items=items, **common)


@lru_cache(maxsize=32)
def _load(path: str, mtime: float) -> tuple[Question, ...]:
    p = Path(path)
    data = paths.read_yaml(p)
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise ValueError(f"{p.name}: expected 'lesson' and a list of 'questions'")
    if data.get("lesson") != p.stem:
        raise ValueError(f"{p.name}: 'lesson' must be {p.stem}")
    questions = tuple(_question(p, raw) for raw in data["questions"])
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{p.name}: question ids must be unique")
    for q in questions:  # the key must be readable by the grading rules
        grading.read_answer(q.kind, q.key(), name=f"the key of {q.id}", **q.spec())
    return questions


def quiz_path(lesson: str) -> Path:
    return paths.assets() / "quizzes" / f"{lesson}.yaml"


def load(lesson: str) -> tuple[Question, ...]:
    path = quiz_path(lesson)
    return _load(str(path), path.stat().st_mtime)


def lessons() -> list[str]:
    return sorted(p.stem for p in (paths.assets() / "quizzes").glob("*.yaml"))


# --- evaluating a response (pure: what the widgets call) ------------------------------------------

@dataclass
class Feedback:
    fraction: float
    headline: str
    details: list[str] = field(default_factory=list)
    readable: bool = True

    @property
    def correct(self) -> bool:
        return self.fraction >= 1.0


def evaluate(q: Question, response) -> Feedback:
    """Score a response. ``response`` is a letter (choice), letters (multi), typed text (number),
    {item number: letter} (match) or a list of letters by position (order); ``None`` or
    empty means not answered."""
    try:
        answer = grading.read_answer(q.kind, response, name="Your answer", **q.spec())
    except grading.AnswerProblem as problem:
        return Feedback(0.0, "\u2717 " + str(problem), readable=False)
    fraction, verdict = grading.score_answer(q.kind, answer, q.key(), **q.spec())
    if fraction >= 1.0:
        headline = "\u2713 Correct."
    elif fraction > 0:
        headline = "\u25d0 Partly right: " + verdict
    else:
        headline = "\u2717 Not quite. " + ("Try again, or show the answer." if q.kind != "number"
                                          else "Check your working and try again.")
    return Feedback(fraction, headline, _details(q, answer))


def _details(q: Question, answer) -> list[str]:
    """Explanations of what the learner chose (all options are explained by show_answer)."""
    if q.kind in ("choice", "multi"):
        chosen = answer if q.kind == "multi" else [answer]
        lines = []
        for c in chosen:
            option = q.options[LETTERS.index(c)]
            mark = "\u2713" if option.correct else "\u2717"
            lines.append(f"{mark} {c}. {option.why}")
        return lines
    return []


def answer_text(q: Question) -> list[str]:
    """The full answer with every explanation (for 'Show the answer')."""
    lines = []
    if q.kind in ("choice", "multi"):
        for i, o in enumerate(q.options):
            mark = "\u2713 right" if o.correct else "\u2717 wrong"
            lines.append(f"{LETTERS[i]}. {o.text} ({mark}): {o.why}")
    elif q.kind == "number":
        unit = f" {q.unit}" if q.unit else ""
        lines.append(f"The answer is {q.answer:g}{unit} (accepted within \u00b1{q.tol:g}{unit}).")
    elif q.kind == "match":
        for item, match, why in q.pairs:
            lines.append(f"{item} \u2192 {match}" + (f": {why}" if why else ""))
    else:
        lines.append("Right order: " + " \u2192 ".join(q.items))
    if q.why:
        lines.append(q.why)
    return lines


# --- rendering -------------------------------------------------------------------------------------

def inline_markdown(text: str) -> str:
    """Escape, then allow **bold**, *italic* and `code` (all a question needs)."""
    out = html.escape(text)
    out = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", out)
    out = re.sub(r"(?<!\*)\*(?!\s)(.+?)(?<!\s)\*(?!\*)", r"<i>\1</i>", out)
    out = re.sub(r"`(.+?)`", r"<code>\1</code>", out)
    return out.replace("\n", "<br>")


_SHARED: dict = {}


def _shared():
    """Layout and style models shared by every self-check in a kernel.

    Each ipywidget otherwise gets its own Layout and Style model, and every model is a message
    between kernel and browser: a self-check went from about 25 models to about 10.
    """
    if not _SHARED:
        import ipywidgets as w
        from ipywidgets.widgets.widget_bool import CheckboxStyle
        from ipywidgets.widgets.widget_description import DescriptionStyle
        from ipywidgets.widgets.widget_string import HTMLStyle, LabelStyle, TextStyle

        _SHARED.update(
            auto=w.Layout(width="auto"), plain=w.Layout(), text=w.Layout(width="22em"),
            row=w.Layout(margin="0 0 6px 0"),
            box=w.Layout(border="1px solid #bbb", padding="8px 12px", margin="12px 0", width="auto"),
            html=HTMLStyle(), label=LabelStyle(), button=w.ButtonStyle(), text_style=TextStyle(),
            desc=DescriptionStyle(), wide_desc=DescriptionStyle(description_width="initial"),
            tick=CheckboxStyle(),
        )
    return _SHARED


class QuestionView:
    """One question as widgets. ``respond()`` and ``check()`` work without a browser."""

    def __init__(self, lesson: str, q: Question, number: int | None = None):
        import ipywidgets as w

        self.lesson, self.q = lesson, q
        title = f"Self-check {number}" if number else "Self-check"
        kind_hint = {"choice": "Choose one answer.", "multi": "Choose every answer that applies.",
                     "number": "Type a number" + (f" in {q.unit}." if q.unit else "."),
                     "match": "Match each item with one option.",
                     "order": "Put the items in order, one per position."}[q.kind]
        sh = _shared()
        self.prompt = w.HTML(f"<div class='bm-quiz-prompt'><b>{title}.</b> {inline_markdown(q.prompt)}"
                             f"<br><i>{kind_hint}</i></div>", layout=sh["plain"], style=sh["html"])
        self.inputs = self._inputs(w, sh)
        self.check_button = w.Button(description="Check answer", icon="check", layout=sh["auto"],
                                     style=sh["button"], tooltip=f"Check your answer to {title.lower()}")
        self.answer_button = w.Button(description="Show the answer", icon="eye", layout=sh["auto"],
                                      style=sh["button"], tooltip="Show the right answer with every explanation")
        self.feedback = w.HTML(value="", layout=sh["plain"], style=sh["html"])
        self.check_button.on_click(lambda _: self.check())
        self.answer_button.on_click(lambda _: self.show_answer())
        self.widget = w.VBox([self.prompt, *self.inputs,
                              w.HBox([self.check_button, self.answer_button], layout=sh["plain"]),
                              self.feedback], layout=sh["box"])
        self.widget.add_class("bm-quiz")
        self.last: Feedback | None = None

    def _inputs(self, w, sh):
        q = self.q
        if q.kind == "choice":
            self.radio = w.RadioButtons(options=[(f"{LETTERS[i]}. {o.text}", LETTERS[i])
                                                 for i, o in enumerate(q.options)],
                                        value=None, description="Answer:", layout=sh["auto"], style=sh["desc"])
            return [self.radio]
        if q.kind == "multi":
            self.boxes = [w.Checkbox(value=False, description=f"{LETTERS[i]}. {o.text}", indent=False,
                                     layout=sh["auto"], style=sh["tick"]) for i, o in enumerate(q.options)]
            return self.boxes
        if q.kind == "number":
            self.text = w.Text(value="", placeholder="for example 0.42" if not q.unit else "a number",
                               description="Answer:", layout=sh["text"], style=sh["text_style"])
            return [w.HBox([self.text, w.Label(q.unit or "", layout=sh["plain"], style=sh["label"])],
                           layout=sh["plain"])]
        if q.kind == "match":
            choices = q.match_choices()
            options = [("(choose)", "")] + [(f"{LETTERS[i]}. {c}", LETTERS[i]) for i, c in enumerate(choices)]
            self.dropdowns, rows = [], []
            for i, (item, _, _) in enumerate(q.pairs):
                dropdown = w.Dropdown(options=options, value="", description=f"Item {i + 1} matches:",
                                      style=sh["wide_desc"], layout=sh["auto"])
                self.dropdowns.append(dropdown)
                rows.append(w.VBox([w.HTML(f"<b>{i + 1}.</b> {inline_markdown(item)}", layout=sh["plain"],
                                           style=sh["html"]), dropdown], layout=sh["row"]))
            return rows
        shown = q.order_choices()
        options = [("(choose)", "")] + [(f"{LETTERS[i]}. {c}", LETTERS[i]) for i, c in enumerate(shown)]
        self.dropdowns = [w.Dropdown(options=options, value="", description=f"Position {i + 1}:",
                                     style=sh["wide_desc"], layout=sh["auto"])
                          for i in range(len(shown))]
        return self.dropdowns

    def response(self):
        q = self.q
        if q.kind == "choice":
            return self.radio.value or ""
        if q.kind == "multi":
            return [LETTERS[i] for i, b in enumerate(self.boxes) if b.value]
        if q.kind == "number":
            return self.text.value
        if q.kind == "match":
            chosen = {i + 1: d.value for i, d in enumerate(self.dropdowns) if d.value}
            return chosen or ""
        chosen = [d.value for d in self.dropdowns]
        if not any(chosen):
            return ""
        if "" in chosen:
            return _IncompleteOrder(chosen)
        return chosen

    def check(self) -> Feedback:
        response = self.response()
        if isinstance(response, _IncompleteOrder):
            fb = Feedback(0.0, "\u2717 Choose an item for every position first.", readable=False)
        else:
            fb = evaluate(self.q, response)
        saved = ""
        if fb.readable:
            try:
                progress.store().record(self.lesson, self.q.id, fb.fraction)
                if progress.store().notice:
                    saved = f"<p>\u26a0 {html.escape(progress.store().notice)}</p>"
            except OSError as exc:
                saved = f"<p>\u26a0 Your progress could not be saved ({html.escape(str(exc))}).</p>"
        self.last = fb
        self.feedback.value = self._feedback_html(fb.headline, fb.details) + saved
        return fb

    def show_answer(self) -> None:
        self.feedback.value = self._feedback_html("The answer", answer_text(self.q))

    @staticmethod
    def _feedback_html(headline: str, lines: list[str]) -> str:
        items = "".join(f"<li>{inline_markdown(x)}</li>" for x in lines)
        return (f"<div role='status' aria-live='polite' class='bm-quiz-feedback'>"
                f"<p><b>{inline_markdown(headline)}</b></p>" + (f"<ul>{items}</ul>" if items else "") + "</div>")


class _IncompleteOrder(list):
    pass


def select(lesson: str, *ids: str) -> list[tuple[int, Question]]:
    """(number in the lesson, question) for the given ids, in the lesson's order (all of them if
    none are given); a KeyError names ids the lesson does not have. The notebook's views and the
    website's self-checks (backmice.static_quiz) number and choose questions alike."""
    questions = load(lesson)
    numbered = [(i + 1, q) for i, q in enumerate(questions)]
    if ids:
        unknown = [i for i in ids if i not in {q.id for q in questions}]
        if unknown:
            raise KeyError(f"no question {', '.join(unknown)} in {lesson}")
        numbered = [(n, q) for n, q in numbered if q.id in ids]
    return numbered


def views(lesson: str, *ids: str) -> list[QuestionView]:
    """Views for the given question ids of a lesson (all of them if none are given)."""
    return [QuestionView(lesson, q, n) for n, q in select(lesson, *ids)]


# ipywidgets gives radio and tick-box labels a fixed one-line height, so a long option would
# overlap the next one; inside a self-check, labels wrap and grow instead.
QUIZ_CSS = """<style>
.bm-quiz .widget-radio-box label { height: auto !important; white-space: normal; line-height: 1.35;
  padding: 3px 0; display: flex; flex-direction: row-reverse; justify-content: flex-end;
  align-items: flex-start; gap: 6px; }
.bm-quiz .widget-radio-box input { margin: 3px 0 0 0; flex-shrink: 0; }
.bm-quiz .widget-checkbox { height: auto !important; }
.bm-quiz .widget-checkbox label { height: auto !important; white-space: normal; line-height: 1.35;
  display: flex; align-items: flex-start; padding: 3px 0; }
.bm-quiz .widget-checkbox input { margin-top: 3px; flex-shrink: 0; }
.bm-quiz .widget-dropdown select { white-space: normal; }
</style>"""


def show(lesson: str, *ids: str) -> None:
    """Display self-check questions of a lesson (all of them if no ids are given)."""
    from . import static_quiz  # the website: the same questions as HTML, no kernel

    if static_quiz.active():
        return static_quiz.show(lesson, *ids)
    import ipywidgets as w
    from IPython.display import display

    from .widgets import box

    display(box([w.HTML(QUIZ_CSS), *[v.widget for v in views(lesson, *ids)]], label="self-checks"))
