"""The course website (``make site``, backmice.site) as a reader meets it.

One build of a subset (home, glossary and the two lessons that exercise the most: lesson 00 with
every kind of display, lesson 05 with the most figures and self-checks), served on loopback and
read in Debian's chromium with every request off the machine refused and recorded:

- the build needs no network (no script, style sheet, image or font from another host) and every
  internal link (a page, or a #anchor in it) resolves;
- every page renders with no console error and no request off the machine, every plotly figure
  draws, no page shows a raw citation key ``[@key]``;
- every self-check answers the keyboard (choose with arrows/Space/typing, reach Check with Tab,
  press it with Enter and with Space) and the mouse, with quiz.evaluate's own feedback;
- axe-core finds no serious or critical violation on any page, light and dark theme
  (self-check answers opened);
- at 390 px (a phone) nothing is wider than the screen. Screenshots of home and the lessons at
  1280 px and 390 px go to tests/screenshots/site/ (git-ignored).
"""

import functools
import http.server
import json
import os
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from backmice import quiz
from backmice.quiz import LETTERS
from conftest import ROOT

LESSONS = ["00_start_here", "05_evidence_appraisal"]
ALL_LESSONS = {p.stem for p in (ROOT / "lessons").glob("*.ipynb")}
PAGES = ["index.html", "glossary.html", *[f"lessons/{x}.html" for x in LESSONS], "genindex.html", "search.html"]
SHOTS = ROOT / "tests" / "screenshots" / "site"
RAW_CITATION = re.compile(r"\[@[\w:-]+")
# The browser asks every host for /favicon.ico by itself; that 404 is no page's doing.
IGNORED_CONSOLE = re.compile(r"favicon\.ico")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    pytest.importorskip("jupyter_book", reason="the site extra is not installed (make test installs it)")
    from backmice import site as builder

    return builder.build(tmp_path_factory.mktemp("site") / "html", only=LESSONS, jobs=2)


def _soup(site, page):
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


# --- the files ----------------------------------------------------------------------------------

def test_the_build_holds_the_pages_and_needs_no_network(site):
    built = sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                   if not p.relative_to(site).parts[0].startswith("_"))
    assert built == sorted(PAGES)
    remote = re.compile(r"^\s*(https?:)?//", re.I)
    fetched = []  # what a browser loads by itself: scripts, styles, images, frames, media, fonts
    for page in PAGES:
        soup = _soup(site, page)
        for tag, attr in [("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
                          ("source", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"),
                          ("object", "data")]:
            for el in soup.find_all(tag):
                if tag == "link" and not set(el.get("rel") or []) & {"stylesheet", "icon", "preload", "modulepreload"}:
                    continue
                if el.get(attr) and remote.match(el[attr]):
                    fetched.append(f"{page}: <{tag} {attr}={el[attr]}>")
        for style in soup.find_all("style"):
            fetched += [f"{page}: {u}" for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", style.text)]
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        fetched += [f"{css.name}: {u}" for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", text)]
        fetched += [f"{css.name}: {u}" for u in re.findall(r"@import\s+['\"]((?:https?:)?//[^'\"]+)", text)]
    assert fetched == []
    # the self-checks' files: copied once, linked once on every page with a self-check
    for page in [f"lessons/{x}.html" for x in LESSONS]:
        soup = _soup(site, page)
        assert soup.select("form.bm-sq"), page
        assert len([s for s in soup.find_all("script", src=True) if "_static/quiz.js" in s["src"]]) == 1, page
        assert len([s for s in soup.find_all("link", href=True) if "_static/quiz.css" in s["href"]]) == 1, page
    assert (site / "_static" / "quiz.js").is_file() and (site / "_static" / "quiz.css").is_file()


def _anchors(soup) -> set[str]:
    return {e["id"] for e in soup.find_all(id=True)} | {e["name"] for e in soup.find_all("a", attrs={"name": True})}


def test_every_internal_link_resolves(site):
    cache, broken, checked = {}, [], 0
    for page in PAGES:
        for a in _soup(site, page).find_all("a", href=True):
            href = a["href"].strip()
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue  # another site (or mailto:): not ours to resolve
            target = (site / page).parent / unquote(parts.path) if parts.path else site / page
            target = target.resolve()
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if target.parent.name == "lessons" and target.stem in ALL_LESSONS and target.stem not in LESSONS:
                continue  # a lesson this subset build leaves out (the full build has it)
            if not target.is_file() or site.resolve() not in target.parents:
                broken.append(f"{page}: {href} (no such file)")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in cache:
                    cache[target] = _anchors(BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser"))
                if unquote(parts.fragment) not in cache[target]:
                    broken.append(f"{page}: {href} (no #{parts.fragment} in {target.name})")
    assert broken == []
    assert checked > 50


# --- in chromium ----------------------------------------------------------------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browse(site):
    """(base URL, browser context, requests refused): the site on loopback, every request to
    another host refused and recorded."""
    from jupyterlab_harness import browser, chromium_available

    if not chromium_available():
        if os.environ.get("BACKMICE_REQUIRE_BROWSER"):
            pytest.fail("Debian's chromium is missing: .ci/run installs it (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    refused = []

    def refuse(r):
        refused.append(r.request.url)
        r.abort()

    try:
        with browser() as context:
            # only what is not ours reaches Python (the browser matches the pattern)
            context.route(re.compile(rf"^(?!{re.escape(base)}/|data:|blob:)"), refuse)
            yield base, context, refused
    finally:
        server.shutdown()
        server.server_close()


def _open(browse, page_path, width=1280, height=900):
    base, context, refused = browse
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    errors = []
    page.on("console", lambda m: errors.append(f"console {m.type}: {m.text} ({m.location.get('url')})")
            if m.type == "error" and not IGNORED_CONSOLE.search(m.location.get("url", "")) else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.goto(f"{base}/{page_path}", wait_until="load")
    # every plotly figure on the page has drawn its SVG (waits for it; fails after 30 s)
    page.wait_for_function("""() => [...document.querySelectorAll('.plotly-graph-div')]
                                  .every(d => d.querySelector('svg.main-svg'))""", timeout=30_000)
    return page, errors


SCREENSHOTS = ["index.html", *[f"lessons/{x}.html" for x in LESSONS]]


def _screenshot(page, page_path, tag):
    SHOTS.mkdir(parents=True, exist_ok=True)
    name = page_path.removesuffix(".html").replace("lessons/", "")
    page.screenshot(path=str(SHOTS / f"{name}-{tag}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.parametrize("page_path", PAGES)
def test_every_page_renders_draws_its_figures_cites_in_words_and_passes_axe(browse, site, page_path):
    """One visit per page (chromium is the slow part): every problem found is listed at the end."""
    from axe_playwright_python.sync_playwright import Axe

    page, errors = _open(browse, page_path)
    problems = {}
    try:
        figures = len(_soup(site, page_path).select(".plotly-graph-div"))
        drawn = page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot')].filter("
                              "p => p.querySelector('svg.main-svg') && p.getBoundingClientRect().width > 0).length")
        if drawn != figures or (page_path.startswith("lessons/") and not figures):
            problems["figures"] = f"{drawn} of {figures} plotly figures drawn"
        raw = RAW_CITATION.findall(page.evaluate("() => document.body.innerText"))
        if raw:
            problems["raw citation keys"] = raw
        if page_path in SCREENSHOTS:
            _screenshot(page, page_path, "desktop")
        if errors:  # before axe: axe-core fetches @import-ed style sheets again, from the wrong folder
            problems["console"] = list(errors)
        shows = page.locator("button.bm-sq-show")
        for i in range(shows.count()):  # axe scans the self-checks' answers too
            shows.nth(i).click()
        if shows.count():
            page.wait_for_function(f"() => document.querySelectorAll('.bm-sq-feedback p').length === {shows.count()}",
                                   timeout=10_000)
        for theme in ("light", "dark"):  # the theme's switch sets data-theme on <html>
            page.evaluate(f"""async () => {{ document.documentElement.dataset.theme = '{theme}';
                await new Promise(requestAnimationFrame);  // colours change by CSS transitions
                await Promise.all(document.getAnimations().map(a => a.finished)); }}""")
            result = Axe().run(page)
            serious = [f"{v['id']} ({v['impact']}): {v['help']}, {len(v['nodes'])} nodes, "
                       f"at {[n['target'] for n in v['nodes'][:4]]}"
                       for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
            if serious:
                problems[f"axe, {theme} theme"] = serious
        if browse[2]:
            problems["requests off the machine"] = list(browse[2])
        assert problems == {}
    finally:
        page.close()


def _shown_ids(lesson: str) -> list[str]:
    """The question ids of every quiz.show(...) in the lesson notebook, in page order."""
    nb = json.loads((ROOT / "lessons" / f"{lesson}.ipynb").read_text(encoding="utf-8"))
    ids = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        for call in re.findall(r"quiz\.show\(([^)]*)\)", "".join(cell["source"])):
            args = re.findall(r"[\"']([^\"']+)[\"']", call)
            ids += args[1:] or [q.id for q in quiz.load(args[0])]
    return ids


def _question(lesson, qid):
    return next(q for q in quiz.load(lesson) if q.id == qid)


def _feedback(page, form, action) -> str:
    """Empty the live region, do ``action``, wait for the feedback and return its headline."""
    region = form.locator(".bm-sq-feedback")
    region.evaluate("r => { r.textContent = ''; }")
    action()
    region.locator("p").first.wait_for(timeout=10_000)
    return region.locator("p").first.inner_text()


def _choose_by_keyboard(page, form, q):
    """Answer with the keyboard only; returns the response as quiz.evaluate takes it."""
    if q.kind in ("choice", "multi"):
        form.locator("input").first.focus()
        page.keyboard.press("Space")
        return "A" if q.kind == "choice" else ["A"]
    if q.kind == "number":
        form.locator("input[type=text]").focus()
        page.keyboard.type(f"{q.answer:g}")
        return f"{q.answer:g}"
    selects = form.locator("select")
    for i in range(selects.count()):
        selects.nth(i).focus()
        for _ in range(1 if q.kind == "match" else i + 1):
            page.keyboard.press("ArrowDown")
    if q.kind == "match":
        return {i + 1: "A" for i in range(selects.count())}
    return list(LETTERS[:selects.count()])


def _tab_to(page, form, selector) -> bool:
    target = form.locator(selector)
    for _ in range(12):
        page.keyboard.press("Tab")
        if target.evaluate("b => b === document.activeElement"):
            return True
    return False


def _choose_by_mouse(page, form, q):
    if q.kind in ("choice", "multi"):
        form.locator("label").last.click()
        last = LETTERS[len(q.options) - 1]
        return last if q.kind == "choice" else ["A", last]
    if q.kind == "number":
        form.locator("input[type=text]").click()
        form.locator("input[type=text]").fill("abc")
        return "abc"
    key = q.key()
    selects = form.locator("select")
    for i in range(selects.count()):
        selects.nth(i).select_option(key[i + 1] if q.kind == "match" else key[i])
    return key if q.kind == "match" else list(key)


@pytest.mark.browser
@pytest.mark.parametrize("lesson", LESSONS)
def test_every_self_check_answers_the_keyboard_and_the_mouse(browse, lesson):
    page, errors = _open(browse, f"lessons/{lesson}.html")
    try:
        forms = page.locator("form.bm-sq")
        assert [forms.nth(i).get_attribute("data-question") for i in range(forms.count())] == _shown_ids(lesson)
        for i in range(forms.count()):
            form = forms.nth(i)
            q = _question(lesson, form.get_attribute("data-question"))
            form.scroll_into_view_if_needed()
            response = _choose_by_keyboard(page, form, q)
            expected = quiz.evaluate(q, response).headline
            assert _tab_to(page, form, "button.bm-sq-check"), f"{q.id}: Check is not reached with Tab"
            assert form.locator("button.bm-sq-check").evaluate("b => getComputedStyle(b).outlineStyle") != "none"
            for key in ("Enter", "Space"):
                assert _feedback(page, form, lambda: page.keyboard.press(key)) == expected, (q.id, key)
            response = _choose_by_mouse(page, form, q)
            expected = quiz.evaluate(q, response).headline
            assert _feedback(page, form, lambda: form.locator("button.bm-sq-check").click()) == expected, q.id
            assert _feedback(page, form, lambda: form.locator("button.bm-sq-show").click()) == "The answer"
            lines = form.locator(".bm-sq-feedback li")
            assert lines.count() == len(quiz.answer_text(q))
            assert RAW_CITATION.findall(form.locator(".bm-sq-feedback").inner_text()) == []
        assert errors == []
    finally:
        page.close()


# The outermost elements of the article that reach past the right edge of the screen, except
# in a table or a named region the reader scrolls sideways on purpose (the theme's wide tables,
# the figures' "scrolls sideways" regions). Anywhere else (a cell's output box scrolls too, but
# nobody expects a paragraph or a self-check to) the text is cut off or the page scrolls sideways.
CUT_OFF_JS = """() => {
  const W = window.innerWidth, article = document.querySelector('article') || document.body, out = [];
  const scrolls = el => { for (let a = el.parentElement; a && a !== article.parentElement; a = a.parentElement) {
      if (/auto|scroll/.test(getComputedStyle(a).overflowX) &&
          a.matches('table, .pst-scrollable-table-container, [role=region][aria-label]')) return true; }
    return false; };
  const over = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.right > W + 1; };
  for (const el of article.querySelectorAll('*')) {
    if (!over(el) || scrolls(el) || (el.parentElement !== article && over(el.parentElement))) continue;
    out.push(el.tagName.toLowerCase() + [...el.classList].map(c => '.' + c).join('') +
             ' reaches ' + Math.round(el.getBoundingClientRect().right) + ' px');
  }
  return out;
}"""


@pytest.mark.browser
def test_on_a_phone_nothing_is_wider_than_the_screen(browse):
    """390 px (a phone): no page scrolls sideways and nothing is cut off at the right edge.
    Full-page screenshots for a person to look at."""
    too_wide = []
    for page_path in SCREENSHOTS:
        page, _ = _open(browse, page_path, width=390, height=844)
        try:
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                too_wide.append(f"{page_path}: the page is {overflow} px too wide")
            too_wide += [f"{page_path}: {x}" for x in page.evaluate(CUT_OFF_JS)]
            _screenshot(page, page_path, "phone")
        finally:
            page.close()
    assert too_wide == []
