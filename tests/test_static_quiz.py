"""backmice.static_quiz: the self-checks on the static website (HTML, quiz.js, no kernel).

Every question of every lesson renders with the text, options and order JupyterLab shows; the
key embedded for quiz.js is right by quiz.evaluate; text is escaped; and quiz.js, run in
chromium, gives exactly quiz.evaluate's feedback (fraction, headline, explanations) for every
question on a wide set of responses, and answers a keyboard.
"""

import itertools
import json
import os

import pytest
from bs4 import BeautifulSoup

from backmice import quiz, static_quiz
from backmice.quiz import LETTERS

ALL = [(lesson, q) for lesson in quiz.lessons() for q in quiz.load(lesson)]
IDS = [q.id for _, q in ALL]


def _number(lesson, q):
    return [x.id for x in quiz.load(lesson)].index(q.id) + 1


def _form(lesson, q):
    soup = BeautifulSoup(static_quiz.render(lesson, q.id), "html.parser")
    forms = soup.select("form.bm-sq")
    assert len(forms) == 1
    return soup, forms[0]


def _data(form):
    return json.loads(form.select_one("script.bm-sq-data").string)


def _js_response(q, response):
    """A Python response as quiz.js receives it from the controls."""
    if q.kind == "match":
        return {str(k): v for k, v in response.items()}
    return response


# --- HTML ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lesson, q", ALL, ids=IDS)
def test_every_question_renders_as_in_jupyterlab(lesson, q):
    soup, form = _form(lesson, q)
    legend = form.select_one("fieldset > legend")
    assert legend.get_text(" ", strip=True).startswith(f"Self-check {_number(lesson, q)}.")
    prompt = BeautifulSoup(static_quiz.text_html(q.prompt), "html.parser").get_text(" ", strip=True)
    assert prompt in legend.get_text(" ", strip=True)
    if q.kind in ("choice", "multi"):
        kind = "radio" if q.kind == "choice" else "checkbox"
        inputs = form.select(f"input[type={kind}]")
        assert [i["value"] for i in inputs] == list(LETTERS[:len(q.options)])
        assert len({i["name"] for i in inputs}) == 1
        labels = [form.select_one(f"label[for='{i['id']}']").get_text() for i in inputs]
        assert labels == [f"{LETTERS[i]}. {o.text}" for i, o in enumerate(q.options)]
    elif q.kind in ("match", "order"):
        shown = q.match_choices() if q.kind == "match" else q.order_choices()
        assert [li.get_text() for li in form.select(".bm-sq-choices li")] == [
            f"{LETTERS[i]}. {c}" for i, c in enumerate(shown)]  # visible without opening a list
        selects = form.select("select")
        assert len(selects) == (len(q.pairs) if q.kind == "match" else len(q.items))
        for n, s in enumerate(selects, start=1):
            assert [o.get_text() for o in s.select("option")] == ["(choose)"] + [
                f"{LETTERS[i]}. {c}" for i, c in enumerate(shown)]
            label = form.select_one(f"label[for='{s['id']}']").get_text()
            assert label == (f"Item {n} matches:" if q.kind == "match" else f"Position {n}:")
        if q.kind == "match":
            items = [p.get_text(" ", strip=True) for p in form.select(".bm-sq-item")]
            assert [i.split(" ", 1)[1] for i in items] == [
                BeautifulSoup(static_quiz.text_html(item), "html.parser").get_text(" ", strip=True)
                for item, _, _ in q.pairs]
    else:
        box = form.select_one("input[type=text]")
        assert form.select_one(f"label[for='{box['id']}']").get_text() == "Answer:"
        if q.unit:
            assert form.select_one(f"#{box['aria-describedby']}").get_text() == q.unit
    assert form.select_one("button[type=submit]").get_text() == "Check answer"
    assert form.select_one("button[type=button]").get_text() == "Show the answer"
    region = form.select_one(".bm-sq-feedback")
    assert region["role"] == "status" and region["aria-live"] == "polite" and not region.contents
    # every id in the page is unique, every label points at a control
    ids = [e["id"] for e in soup.select("[id]")]
    assert len(ids) == len(set(ids))
    assert all(soup.select_one(f"[id='{lab['for']}']") for lab in soup.select("label"))
    assert "[@" not in soup.get_text()
    data = _data(form)
    assert data["answer"] == [static_quiz.text_html(x) for x in quiz.answer_text(q)]
    assert not any("[@" in line for line in data["answer"] + data.get("details", []))


@pytest.mark.parametrize("lesson, q", ALL, ids=IDS)
def test_the_key_given_to_the_page_is_right_by_quiz_evaluate(lesson, q):
    data = _data(_form(lesson, q)[1])
    key = data["key"]
    response = {"multi": lambda: list(key), "order": lambda: list(key), "number": lambda: str(key),
                "match": lambda: {int(k): v for k, v in key.items()}}.get(q.kind, lambda: key)()
    assert quiz.evaluate(q, response).correct
    if q.kind in ("choice", "multi"):
        assert len(data["details"]) == len(q.options)  # every option explained


def test_render_keeps_the_order_of_the_lesson_and_refuses_unknown_ids():
    lesson = "05_evidence_appraisal"
    ids = [q.id for q in quiz.load(lesson)]
    soup = BeautifulSoup(static_quiz.render(lesson, ids[3], ids[1]), "html.parser")
    assert [f["data-question"] for f in soup.select("form.bm-sq")] == [ids[1], ids[3]]
    assert len(BeautifulSoup(static_quiz.render(lesson), "html.parser").select("form.bm-sq")) == len(ids)
    with pytest.raises(KeyError, match="no-such"):
        static_quiz.render(lesson, "no-such")


HOSTILE = """\
lesson: 09_hostile
questions:
  - id: 'x"><b>y'
    kind: choice
    objectives: [1]
    prompt: 'Is <script>alert(1)</script> & "quoted" **bold** text safe?'
    options:
      - {text: '<img src=x onerror=alert(2)>', correct: true, why: 'closes </script><script>alert(3)</script> &amp;'}
      - {text: "it's & fine", why: 'a line
          break'}
    why: '</script> again'
  - id: hm
    kind: match
    objectives: [1]
    prompt: Match.
    pairs:
      - {item: '<i>one</i>', match: '<b>A</b>'}
      - {item: 'two & three', match: '"B"'}
"""


def test_text_is_escaped_everywhere(own_assets):
    folder = own_assets(quiz._load)
    (folder / "quizzes").mkdir()
    (folder / "quizzes" / "09_hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    markup = static_quiz.render("09_hostile")
    soup = BeautifulSoup(markup, "html.parser")
    assert [s.get("type") for s in soup.select("script")] == ["application/json"] * 2
    assert not soup.select("img") and not soup.select("[onerror]")
    assert markup.count("</script>") == 2  # only the two data scripts' own end tags
    form = soup.select("form.bm-sq")[0]
    assert form["data-question"] == 'x"><b>y'
    assert "<script>alert(1)</script>" in form.select_one("legend").get_text()
    assert form.select_one("legend b").get_text() == "Self-check 1."  # the quiz's markdown: **bold**
    labels = [lab.get_text() for lab in form.select("label")]
    assert labels == ["A. <img src=x onerror=alert(2)>", "B. it's & fine"]
    data = _data(form)
    assert "&lt;/script&gt;" in data["details"][0]
    for script in soup.select("script"):  # nothing in the data can end the script or open a comment
        assert not set("<>&") & set(script.string)
    options = [o.get_text() for o in soup.select("form.bm-sq")[1].select("select option")]
    assert "A. <b>A</b>" in options or "B. <b>A</b>" in options


def test_assets_exist_and_send_nothing_anywhere():
    assert static_quiz.ASSETS == ["quiz.js", "quiz.css"]
    for name in static_quiz.ASSETS:
        assert (static_quiz.ASSET_DIR / name).is_file()
    js = (static_quiz.ASSET_DIR / "quiz.js").read_text(encoding="utf-8")
    for api in ("fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "localStorage", "sessionStorage",
                "document.cookie", "import(", "http:", "https:"):
        assert api not in js, api
    css = (static_quiz.ASSET_DIR / "quiz.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css


def test_quiz_show_displays_html_on_the_website_and_widgets_otherwise(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    monkeypatch.setenv("BACKMICE_STATIC", "1")
    quiz.show("00_start_here", "sh-run", "sh-names")
    assert len(shown) == 1 and isinstance(shown[0], IPython.display.HTML)
    assert [f["data-question"] for f in BeautifulSoup(shown[0].data, "html.parser").select("form")] == [
        "sh-run", "sh-names"]
    monkeypatch.delenv("BACKMICE_STATIC")
    shown.clear()
    quiz.show("00_start_here", "sh-run")
    assert len(shown) == 1 and not isinstance(shown[0], IPython.display.HTML)


# --- quiz.js in chromium --------------------------------------------------------------------------

NUMBER_TEXTS = [
    "", "   ", "abc", "thirty", "1/2", "-5", "1e400", "-1e400", "1e-7", "123456789", "0.000012345", "1e",
    "1,5", ".5", "5.", "+3", "101", "1e6", "999999.5", "0.00001234567", "60%", "60 %", "60 percent",
    "0.6", "6 cm", "35 mm", "0.035 m", "10 mN/m", "10000 mN/m", "0.1 N/cm", "2 weeks", "14 days",
    "1 min", "x" * 80, "it's", 'say "hi"', "a'b\"c\\d", "tab\there", "\u00e9t\u00e9", "\u200bzero",
    "\U0001F600", "42 mm\u00b2", "8 week", "3.5 cm", "35mm", "2.42", "2,42", "59", "59.9 %",
    "\u00a042\u3000", "5 kg", "4.2 (meaning 4.2 %)", "42", "42%", "0.42", "100", "100.5", "16 kPa",
    "120 mm Hg", "120 mmofHg", "12 cmH20", "1e-3",
]


def _responses(q):
    """Many responses of each kind: every choice, every set of ticks, orders and matches right,
    partly right, wrong and impossible, numbers typed every way we could think of."""
    n = len(q.options) or len(q.items)
    if q.kind == "choice":
        return list(LETTERS[:n])
    if q.kind == "multi":
        return [list(c) for k in range(1, n + 1) for c in itertools.combinations(LETTERS[:n], k)]
    if q.kind == "order":
        key = list(q.key())
        out = [key, list(LETTERS[:n]), key[::-1], [key[0]] * n, key[1:] + key[:1], [key[1], key[0]] + key[2:]]
        out += [key[i:] + key[:i] for i in range(2, n)]
        return out
    if q.kind == "match":
        key = q.key()
        m = len(q.match_choices())
        shift = {k: LETTERS[(LETTERS.index(v) + 1) % m] for k, v in key.items()}
        return [key, {1: key[1]}, {1: shift[1]}, shift, {k: "A" for k in key},
                {**key, 1: shift[1]}, {k: v for k, v in key.items() if k != 1}]
    k, tol, unit = q.answer, q.tol, q.unit or ""
    own = [f"{k:g}", f"{k + tol:g}", f"{k + tol * 1.5:g}", f"{k - tol * 0.999:g}", f"{k:g}".replace(".", ","),
           f"{k:g} {unit}", f"{k:g}{unit}", f"{k * 10:g}", f"{k / 100:g}"]
    return own + NUMBER_TEXTS


@pytest.fixture(scope="module")
def page():
    from jupyterlab_harness import browser, chromium_available

    if not chromium_available():
        if os.environ.get("BACKMICE_REQUIRE_BROWSER"):
            pytest.fail("Debian's chromium is missing: .ci/run installs it (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it")
    body = "".join(static_quiz.render(lesson) for lesson in quiz.lessons())
    with browser() as context:
        p = context.new_page()
        errors = []
        p.on("pageerror", lambda e: errors.append(str(e)))
        p.on("request", lambda r: errors.append("request: " + r.url) if not r.url.startswith("data:") else None)
        p.set_content(static_quiz.standalone_page(body))
        yield p
        assert errors == []


# number questions the lessons do not have yet: a probability, a plain number, a pressure
SYNTHETIC = [("synthetic", quiz.Question(id="p", kind="number", prompt="?", answer=0.42, tol=0.01, low=0, high=1)),
             ("synthetic", quiz.Question(id="plain", kind="number", prompt="?", answer=-3.0, tol=0.5)),
             ("synthetic", quiz.Question(id="mmhg", kind="number", prompt="?", answer=120.0, tol=2.0,
                                         unit="mmHg", low=0, high=300))]


@pytest.mark.browser
def test_javascript_gives_exactly_pythons_feedback_on_every_question(page):
    checked = 0
    for lesson, q in ALL + SYNTHETIC:
        data = static_quiz.data(q, 1)
        responses = _responses(q)
        got = page.evaluate("([d, rs]) => rs.map(r => BackMiceQuiz.evaluate(d, r))",
                            [data, [_js_response(q, r) for r in responses]])
        for response, js in zip(responses, got):
            py = quiz.evaluate(q, response)
            where = f"{q.id} {response!r}"
            assert js["headline"] == py.headline, where
            assert js["fraction"] == pytest.approx(py.fraction, abs=1e-12), where
            assert js["details"] == [static_quiz.text_html(x) for x in py.details], where
            assert js["readable"] == py.readable, where
            checked += 1
    assert checked > 1000


@pytest.mark.browser
def test_javascript_formats_numbers_and_quotes_text_like_python(page):
    from backmice import grading

    numbers = [0.0, -0.0, 1.0, 0.1, 1 / 3, 2 / 3, 123456.0, 999999.5, 1234567.0, 1e-4, 9.99999e-5, 1e-5,
               -42.125, 1e21, 1e100, 5e-324, 0.5, 2.5, 1.000005, 9.9999951, 0.00012345678, 100.0, 6e5]
    got = page.evaluate("xs => xs.map(BackMiceQuiz.fmt)", numbers)
    assert got == [grading._fmt(x) for x in numbers]
    texts = ["plain", "it's", 'say "hi"', "both ' and \"", "back\\slash", "tab\t", "\x00\x1f\x7f\x85\xa0",
             "\u200b\u2028\ufeff", "\U0001F600\U000e0001", "é"]
    assert page.evaluate("ts => ts.map(BackMiceQuiz.pyRepr)", texts) == [repr(t) for t in texts]


@pytest.mark.browser
def test_nothing_chosen_says_so_in_words(page):
    for kind, response in [("choice", ""), ("multi", []), ("match", {}), ("order", ["", "", ""]),
                           ("order", ["A", "", "B"])]:
        lesson, q = next((lesson, q) for lesson, q in ALL if q.kind == kind)
        fb = page.evaluate("([d, r]) => BackMiceQuiz.evaluate(d, r)", [static_quiz.data(q, 1), response])
        assert fb["headline"] == "\u2717 " + static_quiz.EMPTY[kind] and fb["readable"] is False


KEYBOARD = {"choice": ["Space"], "multi": ["Space"], "number": None, "match": ["ArrowDown"],
            "order": ["ArrowDown"]}


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["choice", "multi", "number", "match", "order"])
def test_each_kind_answers_the_keyboard(page, kind):
    """Choose an answer with the keyboard only, press Check with Enter (then Space): the live
    region shows quiz.evaluate's headline; Show the answer shows every explanation."""
    lesson, q = next((lesson, q) for lesson, q in ALL if q.kind == kind)
    form = page.locator(f"form.bm-sq[data-question='{q.id}']")
    first = form.locator("input, select").first
    first.focus()
    if kind == "number":
        page.keyboard.type(f"{q.answer:g}")
        response = f"{q.answer:g}"
    else:
        page.keyboard.press(KEYBOARD[kind][0])
        response = {"choice": "A", "multi": ["A"], "match": {1: "A"}}.get(kind)
    region = form.locator(".bm-sq-feedback")
    button = form.locator("button.bm-sq-check")
    button.focus()
    assert button.evaluate("b => getComputedStyle(b).outlineStyle") != "none"  # focus is visible
    if kind == "order":  # one position chosen: the others still need one
        expected = "\u2717 " + static_quiz.EMPTY["order"]
    else:
        expected = quiz.evaluate(q, response).headline
    for key in ("Enter", "Space"):
        region.evaluate("r => { r.textContent = ''; }")
        page.keyboard.press(key)
        region.locator("p").wait_for(timeout=10_000)
        assert region.locator("p").first.inner_text() == expected
    form.locator("button.bm-sq-show").focus()
    page.keyboard.press("Enter")
    region.locator("li").first.wait_for(timeout=10_000)
    assert region.locator("p").first.inner_text() == "The answer"
    assert region.locator("li").count() == len(quiz.answer_text(q))
