"""Reading and scoring typed answers in nbgrader test cells.

A student answers by typing a value under a question, for example ``q3 = "B"`` or ``q7 = 0.42``.
The locked test cell below it holds two calls::

    check("q3", "choice", options=["Skin", "Membranous layer", "Deep fat"], points=1)
    ### BEGIN HIDDEN TESTS
    grade("q3", key="B")
    ### END HIDDEN TESTS

``check`` (visible in the student's copy) says whether the answer can be read at all, in plain
words; ``grade`` (hidden, restored by nbgrader at autograding) prints the verdict and returns the
points earned, which nbgrader records as (partial) credit.

Kinds of item
-------------
``choice``  one option: ``"B"``, ``" b "``, ``"(b)"``, ``"B)"`` or the option's full text.
``multi``   several options, ``"A, C"`` or ``["A", "C"]``. Partial credit: (right picks minus
            wrong picks) divided by the number of right options, never below 0.
``number``  a number, optionally with a unit (``"4.2 cm"`` or ``"42 mm"`` when the question asks
            for cm); right when within ``tol`` of the key. ``low``/``high`` give the range of
            sensible answers, so that 42 for a probability gets "did you mean 0.42?".
``order``   every option once, in order: ``"C, A, D, B"``. Partial credit: share of positions right.
``match``   numbered items matched to lettered options: ``"1C, 2A, 3B"`` or ``{1: "C", 2: "A"}``.
            Partial credit: share of items matched right.

Hard to subvert
---------------
Test cells run in the same kernel as the student's code, which can do anything before them.

1. Here, in the kernel, an answer is copied into exact built-in values (``str``, ``int``, ``float``,
   ``list``, ``dict`` ...) before anything is compared, using references to the built-ins taken
   when this module was imported. An object that claims to equal everything is refused as
   unreadable; patching ``math`` or ``builtins`` later does not reach the copies.
2. The authority is outside the kernel: after execution, ``backmice.nbgrader_guard`` reads the
   literal the student typed from the notebook source and re-scores it in the grader's own
   process with :func:`read_answer` and :func:`score_answer` (pure functions, no student code
   runs there). If the kernel's verdict is higher (because ``grade`` was replaced, say), the
   typed answer's score is recorded instead.

This module imports only the standard library and stays small: it is loaded beside student code.
"""

import math as _math
import re as _re
import sys as _sys

# References to the real built-ins, taken at import (the read-only setup cell runs before any
# student code), so that later patches to builtins or math do not change how answers are read.
_str, _int, _float, _bool, _dict = str, int, float, bool, dict
_list, _tuple, _set, _frozenset = list, tuple, set, frozenset
_type, _issubclass, _len, _round, _abs = type, issubclass, len, round, abs
_sorted, _print, _repr = sorted, print, repr
_max, _sum, _zip, _all = max, sum, zip, all
_isfinite = _math.isfinite
_getframe = _sys._getframe
_str_copy, _int_copy, _float_copy = str.__str__, int.__int__, float.__float__

__all__ = ["AnswerProblem", "check", "grade", "explain_errors", "read_answer", "score_answer",
           "describe_answer", "KINDS", "EXAMPLES"]

KINDS = ("choice", "multi", "number", "order", "match")
EXAMPLES = {
    "choice": '"B"',
    "multi": '"A, C"',
    "number": "0.42",
    "order": '"C, A, D, B"',
    "match": '"1C, 2A, 3B"',
}
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # the course's one option alphabet (quiz, authoring, instructor)


class AnswerProblem(Exception):
    """An answer that cannot be read. IPython shows it as one plain sentence, no traceback."""

    def _render_traceback_(self):
        return ["\u2717 " + _str(self.args[0])]


class _Unreadable:
    """Stands in for a value that is not a plain built-in (it is never compared with anything)."""

    def __init__(self, what):
        self.what = what


# --- turning any value into plain built-ins -------------------------------------------------

def _type_name(value):
    try:
        return _str_copy(_type(value).__name__)
    except Exception:
        return "unknown"


def _plain(value, depth=0):
    """Exact built-in copy of ``value``, or an ``_Unreadable`` (never runs the value's own code)."""
    t = _type(value)
    if value is None or t is _bool:
        return value
    if depth > 3:
        return _Unreadable("a value nested too deeply")
    try:
        if _issubclass(t, _bool):
            return _Unreadable("a True/False value")
        if _issubclass(t, _str):
            return _str_copy(value)
        if _issubclass(t, _int):
            return _int_copy(value)
        if _issubclass(t, _float):
            return _float_copy(value)
        if t is _list or t is _tuple or t is _set or t is _frozenset:
            items = [_plain(v, depth + 1) for v in value]
            bad = [v for v in items if _type(v) is _Unreadable]
            if bad:
                return _Unreadable("a collection holding " + bad[0].what)
            return _frozenset(items) if t is _set or t is _frozenset else t(items)
        if t is _dict:
            pairs = [(_plain(k, depth + 1), _plain(v, depth + 1)) for k, v in _dict.items(value)]
            bad = [x for pair in pairs for x in pair if _type(x) is _Unreadable]
            if bad:
                return _Unreadable("a collection holding " + bad[0].what)
            return _dict(pairs)
    except Exception:
        pass
    return _Unreadable("an object of type " + _type_name(value))


def _show(value):
    """How a (plain) value is quoted back to the student."""
    if _type(value) is _Unreadable:
        return value.what
    try:
        text = _repr(value)
    except Exception:
        return "a value that cannot be shown"
    return text if _len(text) <= 60 else text[:57] + "..."


def _norm_text(text):
    text = _re.sub(r"\s+", " ", text.strip().lower())
    return text.strip(" .;:!?\"'")


# --- options ----------------------------------------------------------------------------------

def _option_texts(options):
    """Options are given as a list of texts (lettered A, B, C ...) or as a count."""
    if _type(options) is _int:
        if not 2 <= options <= 26:
            raise ValueError("a question needs between 2 and 26 options")
        return [None] * options
    if _type(options) in (_list, _tuple) and 1 <= _len(options) <= 26:
        return [_str(o) for o in options]
    raise ValueError("options must be a list of option texts or a number of options")


def _letters_text(letters, last="and"):
    letters = _list(letters)
    if _len(letters) <= 1:
        return "".join(letters)
    return ", ".join(letters[:-1]) + f" {last} " + letters[-1]


def _one_choice(text, texts, name):
    """Letter for one typed choice (already an exact str), or raise AnswerProblem."""
    letters = LETTERS[:_len(texts)]
    stripped = text.strip()
    if not stripped:
        raise AnswerProblem(f'{name} is empty. Type one letter between the quotes, like "B".')
    # "B", "b", "(b)", "[B]", "B)", "B.", "B:"
    m = _re.fullmatch(r"[(\[]?\s*([A-Za-z])\s*[)\].:]?", stripped)
    if m:
        letter = m.group(1).upper()
        if letter in letters:
            return letter
        raise AnswerProblem(f'{name} is "{stripped}", but the options are {_letters_text(letters, "or")}.')
    # "B) the option's text" or "B. text"
    m = _re.fullmatch(r"[(\[]?\s*([A-Za-z])\s*[)\].:]\s*(.+)", stripped, flags=_re.S)
    if m and m.group(1).upper() in letters:
        letter, rest = m.group(1).upper(), _norm_text(m.group(2))
        own = texts[letters.index(letter)]
        if own is None or own and _norm_text(own).startswith(rest):
            return letter
        raise AnswerProblem(f'{name} says "{stripped}", but option {letter} is "{own}". '
                            'Type just the letter of the option you mean.')
    # the option's full text
    wanted = _norm_text(stripped)
    for letter, own in _zip(letters, texts):
        if own is not None and _norm_text(own) == wanted:
            return letter
    raise AnswerProblem(f'{name} is "{_show(stripped)[1:-1]}", which is not one of the options. '
                        f"Type the letter of your choice ({_letters_text(letters, 'or')}).")


def _read_choice(value, options, name):
    texts = _option_texts(options)
    if _type(value) is not _str:
        raise AnswerProblem(f'{name} should be a letter in quotes, like "B". '
                            f"It is {_show(value)} at the moment.")
    return _one_choice(value, texts, name)


def _split_letters(text, texts):
    """'A, C' / 'A and C' / 'A;C' / 'A C' / 'AC' / an option's text -> tokens (checked later)."""
    text = text.strip()
    if _norm_text(text) in [_norm_text(t) for t in texts if t is not None]:
        return [text]
    parts = [p for p in _re.split(r"\s*(?:,|;|/|&|\+|\band\b)\s*", text) if p.strip()]
    if _len(parts) == 1 and _re.fullmatch(r"[A-Za-z](?:\s+[A-Za-z])+", parts[0]):
        return parts[0].split()
    if _len(parts) == 1 and _re.fullmatch(r"[A-Za-z]{2,26}", parts[0]):
        return _list(parts[0])
    return parts


def _read_letters(value, texts, name, example):
    """A list of letters from a string or a list/tuple/set of choices (order kept)."""
    if _type(value) is _str:
        if not value.strip():
            raise AnswerProblem(f"{name} is empty. Type your letters between the quotes, like {example}.")
        tokens = _split_letters(value, texts)
    elif _type(value) in (_list, _tuple, _frozenset):
        tokens = _list(value)
        if not tokens:
            raise AnswerProblem(f"{name} is empty. Type your letters, like {example}.")
        for token in tokens:
            if _type(token) is not _str:
                raise AnswerProblem(f"{name} should hold letters in quotes, like {example}; "
                                    f"it contains {_show(token)}.")
    else:
        raise AnswerProblem(f"{name} should be letters in quotes, like {example}. "
                            f"It is {_show(value)} at the moment.")
    return [_one_choice(token, texts, name) for token in tokens]


def _read_multi(value, options, name):
    texts = _option_texts(options)
    letters = _read_letters(value, texts, name, EXAMPLES["multi"])
    return "".join(_sorted(_set(letters)))


def _read_order(value, options, name):
    texts = _option_texts(options)
    if _type(value) is _frozenset:
        raise AnswerProblem(f"{name} is a set, which has no order. Use a string like "
                            f"{EXAMPLES['order']} or a list.")
    letters = _read_letters(value, texts, name, EXAMPLES["order"])
    every = LETTERS[:_len(texts)]
    twice = _sorted(_set(x for x in letters if letters.count(x) > 1))
    missing = [x for x in every if x not in letters]
    if twice or missing:
        parts = []
        if twice:
            parts.append(f"lists {_letters_text(twice)} more than once")
        if missing:
            parts.append(f"leaves out {_letters_text(missing)}")
        raise AnswerProblem(f"{name} {' and '.join(parts)}. Put every letter "
                            f"({_letters_text(every)}) exactly once, in order.")
    return "".join(letters)


_PAIR = r"(\d+)\s*(?:->|\u2192|[-:=.)>])?\s*([A-Za-z])\b"


def _read_match(value, left, right, name):
    left_texts = [_str(x) for x in left]
    right_texts = _option_texts(right)
    n = _len(left_texts)
    pairs = []
    if _type(value) is _str:
        if not value.strip():
            raise AnswerProblem(f"{name} is empty. Type pairs like {EXAMPLES['match']}.")
        found = _re.findall(_PAIR, value)
        leftover = _re.sub(_PAIR + r"|[\s,;]", "", value)
        if not found or leftover:
            raise AnswerProblem(f'{name} should list pairs of a number and a letter, like '
                                f'{EXAMPLES["match"]}. It is "{value.strip()}".')
        pairs = [(_int(num), _one_choice(let, right_texts, name)) for num, let in found]
    elif _type(value) is _dict:
        for k, v in value.items():
            if _type(k) is _int:
                num = k
            elif _type(k) is _str and k.strip().isdigit():
                num = _int(k.strip())
            elif _type(k) is _str and _norm_text(k) in [_norm_text(t) for t in left_texts]:
                num = [_norm_text(t) for t in left_texts].index(_norm_text(k)) + 1
            else:
                raise AnswerProblem(f"{name} has {_show(k)} on the left; use the item numbers 1 to {n}.")
            if _type(v) is not _str:
                raise AnswerProblem(f"{name} matches {num} with {_show(v)}; use a letter in quotes.")
            pairs.append((num, _one_choice(v, right_texts, name)))
    else:
        raise AnswerProblem(f"{name} should be pairs in quotes, like {EXAMPLES['match']}. "
                            f"It is {_show(value)} at the moment.")
    result = {}
    for num, letter in pairs:
        if not 1 <= num <= n:
            raise AnswerProblem(f"{name} mentions item {num}, but the items are numbered 1 to {n}.")
        if num in result and result[num] != letter:
            raise AnswerProblem(f"{name} matches item {num} twice ({result[num]} and {letter}). "
                                "Give each item one letter.")
        result[num] = letter
    return result


# --- numbers and units ------------------------------------------------------------------------

# unit -> (quantity, factor to the SI unit)
_UNITS = {
    "mm": ("length", 1e-3), "cm": ("length", 1e-2), "m": ("length", 1.0),
    "mm2": ("area", 1e-6), "cm2": ("area", 1e-4), "m2": ("area", 1.0),
    "pa": ("pressure", 1.0), "kpa": ("pressure", 1e3), "mmhg": ("pressure", 133.322),
    "cmh2o": ("pressure", 98.0665),
    "n/m": ("tension", 1.0), "mn/m": ("tension", 1e-3), "n/cm": ("tension", 100.0),
    "n/mm": ("tension", 1000.0),
    "n": ("force", 1.0), "kn": ("force", 1e3),
    "g": ("mass", 1e-3), "kg": ("mass", 1.0),
    "s": ("time", 1.0), "min": ("time", 60.0), "h": ("time", 3600.0),
    "day": ("time", 86400.0), "days": ("time", 86400.0),
    "week": ("time", 604800.0), "weeks": ("time", 604800.0),
    "%": ("fraction", 0.01), "percent": ("fraction", 0.01),
}


def _unit_key(unit):
    u = unit.strip().lower().replace(" ", "").replace("\u00b2", "2").replace("^2", "2")
    return {"mmofhg": "mmhg", "cmofwater": "cmh2o", "cmh20": "cmh2o"}.get(u, u)


def _fmt(x):
    return f"{x:.6g}"


def _read_number(value, name, unit=None, low=None, high=None):
    unit_txt = f" {unit}" if unit else ""
    example = f"0.42{unit_txt}" if not unit else f"4.2 (meaning 4.2{unit_txt})"
    given_unit = None
    if value is None:
        raise AnswerProblem(f"{name} has no answer yet: replace None with a number, like {example}.")
    t = _type(value)
    if t is _bool:
        raise AnswerProblem(f"{name} is {value}, but a number is needed, like {example}.")
    if t is _int or t is _float:
        x = _float(value)
    elif t is _tuple and _len(value) == 2 and _all(_type(v) is _int for v in value):
        raise AnswerProblem(f"{name} is {_show(value)}: use a dot for decimals, "
                            f"{value[0]}.{value[1]}, not a comma.")
    elif t is _str:
        text = value.strip()
        if not text:
            raise AnswerProblem(f"{name} is empty. Type a number, like {example}.")
        m = _re.fullmatch(r"([-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?)\s*(.*)", text)
        if not m:
            raise AnswerProblem(f'{name} should be a number, like {example}. It is "{_show(text)[1:-1]}".')
        number = m.group(1)
        if "," in number:
            number = number.replace(",", ".")
        x = _float(number)
        if m.group(2):
            given_unit = m.group(2)
    else:
        raise AnswerProblem(f"{name} should be a number, like {example}. It is {_show(value)}.")
    if not _isfinite(x):
        raise AnswerProblem(f"{name} is {_fmt(x)}, which is not a usable number.")
    if given_unit is not None:
        x = _convert(x, given_unit, unit, name)
    if (low is not None and x < low) or (high is not None and x > high):
        hint = ""
        if high == 1 and low == 0 and 1 < x <= 100:
            hint = f" If you meant {_fmt(x)}%, type {_fmt(x / 100)}."
        raise AnswerProblem(f"{name} is {_fmt(x)}{unit_txt}, but a sensible answer lies between "
                            f"{_fmt(low)} and {_fmt(high)}{unit_txt}.{hint}")
    return x


def _convert(x, given, wanted, name):
    g = _unit_key(given)
    if wanted is None:
        if g in ("%", "percent"):
            return x / 100.0
        raise AnswerProblem(f'{name} has a unit ("{given}"), but this answer is a plain number.')
    w = _unit_key(wanted)
    if g == w:
        return x
    if g in _UNITS and w in _UNITS and _UNITS[g][0] == _UNITS[w][0]:
        return x * _UNITS[g][1] / _UNITS[w][1]
    raise AnswerProblem(f'{name} is in "{given}", but the question asks for {wanted}.')


# --- the pure API used by test cells, the grader guard and the lesson quizzes ---------------

def read_answer(kind, value, *, name="Your answer", options=None, left=None, right=None,
                unit=None, low=None, high=None, **_ignored):
    """Read a typed answer into a canonical form, or raise :class:`AnswerProblem`.

    choice -> "B"; multi -> "AC" (sorted letters); order -> "CADB"; number -> float in ``unit``;
    match -> {1: "C", 2: "A"}.
    """
    value = _plain(value)
    if _type(value) is _Unreadable:
        raise AnswerProblem(f"{name} is {value.what}, which cannot be read as an answer. "
                            f"Type it as a plain value, like {name} = {EXAMPLES.get(kind, '...')}.")
    if kind != "number" and (value is None or value == ""):
        raise AnswerProblem(f"{name} has no answer yet. Type it between the quotes, like "
                            f"{name} = {EXAMPLES[kind]}, and run the cell.")
    if kind == "choice":
        return _read_choice(value, options, name)
    if kind == "multi":
        return _read_multi(value, options, name)
    if kind == "order":
        return _read_order(value, options, name)
    if kind == "match":
        return _read_match(value, left, right, name)
    if kind == "number":
        return _read_number(value, name, unit, low, high)
    raise ValueError(f"unknown kind of item: {kind!r} (expected one of {', '.join(KINDS)})")


def score_answer(kind, answer, key, *, tol=None, **spec):
    """Fraction of the points (0..1) and a verdict in words, for an answer from read_answer.

    The key is read with the same rules as the answer, so it may be written like one.
    The verdict never gives the key away.
    """
    key = read_answer(kind, key, name="the key", **spec)
    if kind == "choice":
        right = answer == key
        return (1.0, "correct.") if right else (0.0, "not correct.")
    if kind == "multi":
        good = _len(_set(answer) & _set(key))
        bad = _len(_set(answer) - _set(key))
        fraction = _max(0.0, (good - bad) / _len(key))
        if fraction == 1.0:
            return 1.0, "correct: you chose exactly the right options."
        return fraction, (f"{good} of your choices {'is' if good == 1 else 'are'} right and "
                          f"{bad} {'is' if bad == 1 else 'are'} not; "
                          f"{_len(key) - good} right option{'s' if _len(key) - good != 1 else ''} missed.")
    if kind == "order":
        placed = _sum(1 for a, b in _zip(answer, key) if a == b)
        if placed == _len(key):
            return 1.0, "correct: every item is in its place."
        return placed / _len(key), f"{placed} of {_len(key)} items are in the right place."
    if kind == "match":
        hits = _sum(1 for k, v in key.items() if answer.get(k) == v)
        if hits == _len(key):
            return 1.0, "correct: every pair matches."
        return hits / _len(key), f"{hits} of {_len(key)} pairs match."
    if kind == "number":
        if tol is None:
            raise ValueError("a number item needs a tolerance, tol=")
        if _abs(answer - key) <= tol + 1e-12 * _max(1.0, _abs(key)):
            return 1.0, "correct (within the tolerance)."
        return 0.0, "not within the tolerance of the expected value."
    raise ValueError(f"unknown kind of item: {kind!r}")


def describe_answer(kind, answer, *, options=None, right=None, unit=None, **_ignored):
    """The canonical answer in words, to show the student what was understood."""
    if kind == "choice":
        texts = _option_texts(options)
        own = texts[LETTERS.index(answer)]
        return f'{answer} ("{own}")' if own else answer
    if kind == "multi":
        return _letters_text(_list(answer))
    if kind == "order":
        return ", ".join(answer)
    if kind == "match":
        return ", ".join(f"{k}\u2192{v}" for k, v in _sorted(answer.items()))
    if kind == "number":
        return _fmt(answer) + (f" {unit}" if unit else "")
    return _str(answer)


# --- what test cells call -----------------------------------------------------------------------

_CHECKED = {}
_HERE = globals()


def _namespace():
    """The globals of the notebook code that called check()/grade()."""
    frame = _getframe(1)
    while frame is not None and frame.f_globals is _HERE:
        frame = frame.f_back
    return frame.f_globals if frame is not None else {}


def _lookup(name, kind, namespace):
    if name not in namespace:
        raise AnswerProblem(f"{name} has no answer yet. Type it in the answer cell above, like "
                            f"{name} = {EXAMPLES[kind]}, then run that cell (Shift+Enter) and this one.")
    return namespace[name]


def _validate_spec(kind, points, spec):
    if kind not in KINDS:
        raise ValueError(f"unknown kind of item: {kind!r}")
    if _type(points) not in (_int, _float) or points <= 0:
        raise ValueError("points must be a positive number")
    if kind in ("choice", "multi", "order"):
        _option_texts(spec.get("options"))
    if kind == "match" and not (spec.get("left") and spec.get("right")):
        raise ValueError("a match item needs left= and right=")


def check(name, kind, *, points, **spec):
    """Visible test: can the answer stored in ``name`` be read? Prints what was understood."""
    _validate_spec(kind, points, spec)
    _CHECKED[name] = (kind, points, spec)
    answer = read_answer(kind, _lookup(name, kind, _namespace()), name=name, **spec)
    note = ""
    if kind == "match" and _len(answer) < _len(spec["left"]):
        note = f" ({_len(spec['left']) - _len(answer)} item(s) not matched yet)"
    _print(f"\u2713 {name} reads as {describe_answer(kind, answer, **spec)}{note}. "
           "It will be marked when your work is graded.")


def grade(name, *, key, **extra):
    """Hidden test: print the verdict and return the points earned (nbgrader partial credit)."""
    if name not in _CHECKED:
        raise ValueError(f"grade({name!r}) must follow check({name!r}, ...) in the same cell")
    kind, points, spec = _CHECKED[name]
    spec = {**spec, **extra}
    answer = read_answer(kind, _lookup(name, kind, _namespace()), name=name, **spec)
    fraction, verdict = score_answer(kind, answer, key, **spec)
    earned = _round(points * fraction, 2)
    _print(f"{name}: {verdict} {earned:g} of {points:g} point{'s' if points != 1 else ''}.")
    return _float(earned)


# --- errors in answer cells, in plain words -------------------------------------------------------

_HINTS = {
    "NameError": 'If that is your answer, put it in quotes, for example q1 = "B".',
    "ZeroDivisionError": "Something was divided by zero.",
    "TypeError": "Compare what you typed with the example in the question.",
}


def explain_errors():
    """Show an error in any cell as one plain sentence instead of a Python traceback.

    Called by the assignments' setup cell. The error still counts as an error (a test that
    fails still scores 0); only its display changes. Does nothing outside IPython.
    """
    shell = getattr(__import__("builtins"), "get_ipython", lambda: None)()
    if shell is None:
        return

    def plain(shell, etype, value, tb, tb_offset=None):
        render = getattr(value, "_render_traceback_", None)
        if render is not None:
            lines = render()
        else:
            name = etype.__name__
            hint = _HINTS.get(name, "Compare what you typed with the example in the question.")
            lines = [f"\u2717 This cell could not run ({name}: {value}). {hint}"]
        shell._showtraceback(etype, value, lines)
        return lines

    shell.set_custom_exc((Exception,), plain)
