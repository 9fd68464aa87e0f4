"""The course as a person meets it: every lesson in a real JupyterLab, in Debian's chromium.

For each notebook in lessons/: open it, run all cells, no error output, every widget view
rendered, every interactive tool (backmice.widgets.tool, class bm-interactive) answers one real
interaction (keyboard on a slider, a dropdown choice, a tick, a click) with a visible change in
its figure's data or its text. A screenshot per lesson goes to tests/screenshots/ (git-ignored).
Then nbgrader's JupyterLab extensions (formgrader, the student's assignment list), and an
accessibility scan (axe-core) of our content.
"""

import os
import re
import time

import pytest

from backmice.release import nbgrader
from conftest import LESSONS, ROOT
from jupyterlab_harness import (browser, chromium_available, copy_course, error_outputs, interact,
                                jupyterlab, open_notebook, run_all, tool_state, widget_views)

SHOTS = ROOT / "tests" / "screenshots"
pytestmark = pytest.mark.browser

# JupyterLab's own interface has known axe violations (jupyterlab/jupyterlab#16888, #16890, #16891:
# toolbar buttons without names, tab lists, landmark structure; CodeMirror editors). We scan only
# what this course puts on the page: rendered markdown and cell outputs.
AXE_CONTEXT = {
    "include": [[".jp-Notebook .jp-MarkdownOutput"], [".jp-Notebook .jp-OutputArea-output"]],
    "exclude": [[".jp-InputArea"], [".jp-InputPrompt"], [".jp-OutputPrompt"], [".jp-Collapser"],
                [".jp-cell-toolbar"]],
}


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    if not chromium_available():
        if os.environ.get("BACKMICE_REQUIRE_BROWSER"):
            pytest.fail("Debian's chromium is missing: .ci/run installs it (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it")
    root = copy_course(tmp_path_factory.mktemp("course"))
    exchange = tmp_path_factory.mktemp("exchange")
    exchange.chmod(0o777)
    with open(root / "nbgrader_config.py", "a") as fh:
        fh.write(f"\nc.Exchange.root = {str(exchange)!r}\n")
    nbgrader("generate_assignment", "a0_orientation", "--force", root=root)
    nbgrader("release_assignment", "a0_orientation", "--force", root=root)
    SHOTS.mkdir(exist_ok=True)
    with jupyterlab(root, tmp_path_factory.mktemp("lab")) as (url, _):
        with browser() as context:
            yield url, context


def _screenshot(page, name):
    height = page.evaluate("""() => { const s = document.querySelector('.jp-WindowedPanel-outer');
                                      return s ? s.scrollHeight + 200 : 2000; }""")
    page.set_viewport_size({"width": 1280, "height": min(max(int(height), 900), 30000)})
    page.evaluate("() => { const s = document.querySelector('.jp-WindowedPanel-outer'); if (s) s.scrollTop = 0; }")
    page.wait_for_timeout(800)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size({"width": 1280, "height": 900})


def _open_lesson(page, url, notebook):
    """Open ``notebook`` (a path under the course), run all its cells, let widgets and figures render
    (they do after the kernel is idle)."""
    open_notebook(page, url, notebook)
    run_all(page)
    page.wait_for_timeout(1500)


def _tool(page, heading):
    """The interactive tool whose heading contains ``heading``."""
    return page.locator(".bm-interactive", has=page.locator("h4", has_text=heading)).first


@pytest.mark.parametrize("lesson", [p.name for p in LESSONS])
def test_lesson_runs_renders_and_responds(lab, lesson):
    url, context = lab
    page = context.new_page()
    try:
        _open_lesson(page, url, f"lessons/{lesson}")
        assert error_outputs(page) == []
        views = widget_views(page)
        assert views["total"] > 0 and views["rendered"] == views["total"], views["broken"]
        tools = page.locator(".bm-interactive")
        assert tools.count() > 0, "a lesson without a single interactive tool"
        for i in range(tools.count()):
            tool = tools.nth(i)
            tool.scroll_into_view_if_needed()
            title = tool.locator("h4").first.inner_text()
            tried = []
            for attempt in range(12):  # a control already set, or one that needs its button, may change nothing: try the next
                before = tool_state(tool)
                done = interact(page, tool, attempt)
                if done is None:
                    break
                tried.append(done)
                deadline = time.time() + 5
                while tool_state(tool) == before and time.time() < deadline:
                    page.wait_for_timeout(100)
                if tool_state(tool) != before:
                    break
            assert tool_state(tool) != before, f"{lesson}: '{title}' did not change after {tried}"
        _screenshot(page, lesson.removesuffix(".ipynb"))
    finally:
        page.close()


def test_a_mouse_click_on_a_figure_reaches_the_course(lab):
    """A mouse click on the body chart (a transparent heatmap of click targets) reaches Python and
    adds a nodule where it landed."""
    url, context = lab
    page = context.new_page()
    try:
        _open_lesson(page, url, "lessons/06_management_and_referral.ipynb")
        chart = _tool(page, "Body chart")
        chart.scroll_into_view_if_needed()
        summary = chart.locator(".bm-summary")
        before = summary.inner_text()
        plot = chart.locator(".js-plotly-plot .nsewdrag").first
        box = plot.bounding_box()
        page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.45)
        page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.45)
        deadline = time.time() + 10
        while summary.inner_text() == before and time.time() < deadline:
            page.wait_for_timeout(100)
        after = summary.inner_text()
        assert after != before and "N2" in after and "left PSIS" in after, after
    finally:
        page.close()


def test_formgrader_lists_the_course_assignments(lab):
    # Formgrader is the instructor's: `make lab INSTRUCTOR=1`, on the same course folder.
    from jupyterlab_harness import twin

    url, context = lab
    with twin(url, instructor=True) as instructor_url:
        page = context.new_page()
        try:
            page.goto(f"{instructor_url}/formgrader")
            page.wait_for_selector("text=a0_orientation", timeout=30_000)
            assert "Manage Assignments" in page.content()
        finally:
            page.close()


def test_students_assignment_list_works(lab):
    # nbgrader's assignment list (the exchange) is a class tool: the instructor's switch turns
    # it on for a class that uses the exchange (docs/instructors.md); a self-learner's lab has none.
    from jupyterlab_harness import twin

    url, context = lab
    with twin(url, instructor=True) as instructor_url:
        page = context.new_page()
        try:
            open_notebook(page, instructor_url, "lessons/00_start_here.ipynb")
            page.evaluate("window.jupyterapp.commands.execute('nbgrader:open-assignment-list')")
            released = page.locator("#released_assignments_list")
            released.locator("text=a0_orientation").wait_for(timeout=30_000)
            assert released.locator("button", has_text="Fetch").count() == 1
        finally:
            page.close()


@pytest.mark.parametrize("lesson", [p.name for p in LESSONS])
def test_accessibility_of_our_content(lab, lesson):
    from axe_playwright_python.sync_playwright import Axe

    url, context = lab
    page = context.new_page()
    try:
        _open_lesson(page, url, f"lessons/{lesson}")
        result = Axe().run(page, context=AXE_CONTEXT)
        serious = [v for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
        assert not serious, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in serious]
        unnamed = page.evaluate("""() => {
            const named = el => (el.getAttribute('aria-label') || '').trim() ||
                (el.getAttribute('aria-labelledby') && document.getElementById(el.getAttribute('aria-labelledby'))) ||
                (el.id && document.querySelector(`label[for="${el.id}"]`)?.innerText.trim()) ||
                el.closest('label')?.innerText.trim() || (el.title || '').trim() ||
                (el.tagName === 'BUTTON' && el.innerText.trim());
            return [...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output :is(input, select, textarea, button)')]
                .filter(el => el.type !== 'hidden' && !named(el)).map(el => el.outerHTML.slice(0, 160));
        }""")
        assert unnamed == [], unnamed
        no_alt = page.evaluate("""() => [...document.querySelectorAll(
            '.jp-Notebook .jp-MarkdownOutput img, .jp-Notebook .jp-OutputArea-output img')]
            .filter(i => getComputedStyle(i).display !== 'none' && i.getAttribute('aria-hidden') !== 'true')
            .filter(i => !(i.getAttribute('alt') || '').trim()).map(i => i.outerHTML.slice(0, 160))""")
        assert no_alt == [], no_alt
    finally:
        page.close()


def test_screenshots_are_not_committed():
    assert "tests/screenshots/" in (ROOT / ".gitignore").read_text().split()
    assert not re.search(r"screenshots/.*\.png", os.popen(f"git -C {ROOT} ls-files").read())


# (tool heading, structure id, a point on it in the drawing's units): the thinnest layers, lines
# 3-3.5 px wide, some squeezed between neighbours 15 px apart
THIN_LAYERS = [("Layer explorer: Across the low back", "esa", 4.0, -3.38),
               ("Layer explorer: Across the low back", "middle_layer", 8.9, -7.565),
               ("Layer explorer: Vertical section", "membranous", 10.0, -1.42),
               ("Layer explorer: Vertical section", "scn", 12.0, -0.883)]


def test_a_mouse_click_on_a_thin_layer_reads_about_that_layer(lab):
    """The layer explorers' hover and click targets (transparent heatmaps, backmice.anatomy.figures)
    keep thin layers apart: a real mouse click on each of the thinnest layers of both sections goes
    through the course's figure widget to Python and shows that layer's card."""
    from backmice.anatomy import structures

    url, context = lab
    page = context.new_page()
    try:
        _open_lesson(page, url, "lessons/01_fascia_anatomy.ipynb")
        # the kernel sends the hit grids in plotly.js's typed-array form; the figure widget hands
        # plotly.js plain arrays (it redraws figures holding typed arrays about twice as slowly)
        grids = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(gd =>
            (gd.data || []).filter(t => t.type === 'heatmap').map(t => Array.isArray(t.z) &&
                t.z.every(row => Array.isArray(row))))""")
        assert grids and all(grids), grids
        for heading, sid, x, y in THIN_LAYERS:
            tool = _tool(page, heading)
            tool.scroll_into_view_if_needed()
            name = structures()[sid].name
            card = tool.locator(".widget-html").last
            assert name not in card.inner_text(), f"{sid} already shown: the click would prove nothing"
            at = tool.evaluate("""(el, [x, y]) => {
                const gd = el.querySelector('.js-plotly-plot'), r = gd.getBoundingClientRect();
                const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
                return [r.left + xa._offset + xa.l2p(x), r.top + ya._offset + ya.l2p(y)];
            }""", [x, y])
            page.mouse.move(at[0] - 30, at[1])
            page.mouse.move(*at)
            page.mouse.click(*at)
            deadline = time.time() + 10
            while name not in card.inner_text() and time.time() < deadline:
                page.wait_for_timeout(100)
            assert name in card.inner_text(), (sid, card.inner_text()[:200])
    finally:
        page.close()


def test_hiding_a_layer_hides_its_drawing_label_and_target(lab):
    """A layer explorer's checkbox hides a structure by its coordinates, its target's hoverinfo and
    its label's opacity (backmice.anatomy.figures.set_shown), which the figure widget applies in
    two cheap steps (Plotly.animate, then Plotly.update: backmice/js/figure.js). In the page:
    drawing without coordinates, target skipped by the mouse, label transparent; and back."""
    from backmice.anatomy import structures

    url, context = lab
    page = context.new_page()
    name = structures()["esa"].name
    read = """(el, name) => { const gd = el.querySelector('.js-plotly-plot');
        const ann = gd._fullLayout.annotations.find(a => a.text === name);
        const mine = gd.data.map((t, i) => i).filter(i => (gd.data[i].name || '').startsWith(name));
        return {label: ann ? ann.opacity : null,
                drawn: mine.filter(i => gd.data[i].type === 'scatter').map(i => gd.data[i].x.some(v => v !== null)),
                target: mine.filter(i => gd.data[i].type === 'heatmap').map(i => gd.data[i].hoverinfo || null)}; }"""
    try:
        _open_lesson(page, url, "lessons/01_fascia_anatomy.ipynb")
        tool = _tool(page, "Layer explorer: Across")
        tool.scroll_into_view_if_needed()
        shown = tool.evaluate(read, name)
        assert shown["label"] == 1 and shown["drawn"] and all(shown["drawn"]) and "skip" not in shown["target"], shown
        tool.locator(".widget-checkbox", has_text=name).first.locator("input").click()
        deadline = time.time() + 10
        while tool.evaluate(read, name)["label"] != 0 and time.time() < deadline:
            page.wait_for_timeout(100)
        hidden = tool.evaluate(read, name)
        assert hidden["label"] == 0 and not any(hidden["drawn"]) and hidden["target"] == ["skip"], hidden
        tool.locator(".widget-checkbox", has_text=name).first.locator("input").click()
        deadline = time.time() + 10
        while tool.evaluate(read, name)["label"] != 1 and time.time() < deadline:
            page.wait_for_timeout(100)
        assert tool.evaluate(read, name) == shown
    finally:
        page.close()


def test_a_figure_out_of_sight_catches_up(lab):
    """One slider moves two figures far apart on the page (lesson 02's simulator and its regime map).
    A figure out of sight applies its edits when the page is idle or when it comes into view
    (backmice/js/figure.js); this checks that none are lost: after three key presses on the
    simulator, the regime map's star stands at the new opening, both while still out of sight and
    once scrolled to."""
    url, context = lab
    page = context.new_page()
    star_x = """el => { const gd = el.querySelector('.js-plotly-plot'); return gd.data[1].x[0]; }"""
    try:
        _open_lesson(page, url, "lessons/02_herniation_mechanics.ipynb")
        sim = _tool(page, "Herniation simulator")
        regime = _tool(page, "Regime map")
        sim.scroll_into_view_if_needed()
        handle = sim.locator(".widget-slider .noUi-handle").first
        assert "Opening" in handle.get_attribute("aria-label")
        start = float(handle.get_attribute("aria-valuenow"))
        assert regime.evaluate(star_x) == pytest.approx(start)
        out_of_sight = regime.evaluate("""el => { const r = el.querySelector('.js-plotly-plot').getBoundingClientRect();
                                                  return r.top > innerHeight || r.bottom < 0; }""")
        assert out_of_sight, "the regime map is in sight: this test would not test the deferred edits"
        handle.focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(60)
        deadline = time.time() + 10
        while float(handle.get_attribute("aria-valuenow")) == start and time.time() < deadline:
            page.wait_for_timeout(50)
        now = float(handle.get_attribute("aria-valuenow"))
        assert now > start
        deadline = time.time() + 10   # out of sight: applied when the page is idle
        while regime.evaluate(star_x) != pytest.approx(now) and time.time() < deadline:
            page.wait_for_timeout(100)
        assert regime.evaluate(star_x) == pytest.approx(now)
        regime.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        assert regime.evaluate(star_x) == pytest.approx(now)
    finally:
        page.close()


CITE_TEXT_JS = """() => [...document.querySelectorAll(
        '.jp-Notebook .jp-RenderedMarkdown, .jp-Notebook .jp-OutputArea-output')]
    .filter(e => e.offsetParent !== null).map(e => e.innerText).join('\\n')"""


def _cited_screenshots(page, lesson):
    """The first two cells whose text cites, and the reference list, for a person to look at."""
    cells = page.locator(".jp-Notebook .jp-Cell", has=page.locator(".bm-cite"))
    for i in range(min(2, cells.count())):
        cells.nth(i).scroll_into_view_if_needed()
        cells.nth(i).screenshot(path=str(SHOTS / f"citations-{lesson}-{i}.png"))
    refs = page.locator(".bm-references").last
    refs.scroll_into_view_if_needed()
    refs.screenshot(path=str(SHOTS / f"citations-{lesson}-references.png"))


def test_citations_read_as_author_year_links_in_jupyterlab(lab):
    """A lesson's [@key] citations (markdown, tools' cards, glossary, reference list) read as
    "(Collée et al. 1991b; ...)" links once its first cell ran (style.use(): the invisible widget of
    backmice/js/citations.js), also in a markdown cell rendered again after an edit."""
    from backmice import references

    url, context = lab
    page = context.new_page()
    try:
        open_notebook(page, url, "lessons/00_start_here.ipynb")
        run_all(page)
        page.wait_for_selector(".jp-Notebook .jp-RenderedMarkdown .bm-cite a", timeout=60_000)
        page.wait_for_timeout(1500)  # widgets and figures render after the kernel is idle
        left = re.findall(r"\[@[\w:-]+", page.evaluate(CITE_TEXT_JS))
        assert left == [], f"citations still written as keys: {left[:5]}"
        collee = page.locator(".jp-RenderedMarkdown a", has_text=re.compile(r"^Collée et al\. 1991[ab]?$"))
        assert collee.count() >= 2
        assert collee.first.get_attribute("href").startswith("https://")
        assert collee.first.get_attribute("target") == "_blank"
        # the reference list names each entry the way the text cites it
        labels = page.locator(".bm-references .bm-ref-label")
        assert labels.count() == len(references.lesson_keys("00_start_here"))
        assert "Collée et al. 1991a" in labels.all_inner_texts()
        assert error_outputs(page) == []
        _cited_screenshots(page, "00_start_here")

        # a markdown cell edited and rendered again is rewritten again
        page.evaluate("""() => {
            const nb = window.jupyterapp.shell.currentWidget.content;
            const cell = nb.widgets.find(c => c.model.type === 'markdown' &&
                                              c.model.sharedModel.getSource().includes('@collee1991rct'));
            cell.rendered = false;
            cell.model.sharedModel.setSource('Edited by the test [@bicket2016; @collee1991rct].');
            cell.rendered = true;
        }""")
        edited = page.locator(".jp-RenderedMarkdown p", has_text="Edited by the test")
        edited.locator(".bm-cite").wait_for(timeout=30_000)
        expected = f"Edited by the test ({references.short_cite('bicket2016')}; Collée et al. 1991a)."
        assert edited.inner_text() == expected
        assert edited.locator("a").count() == 2

        open_notebook(page, url, "lessons/05_evidence_appraisal.ipynb")
        run_all(page)
        page.wait_for_selector(".jp-Notebook .jp-RenderedMarkdown .bm-cite a", timeout=60_000)
        page.wait_for_timeout(1500)
        assert re.findall(r"\[@[\w:-]+", page.evaluate(CITE_TEXT_JS)) == []
        _cited_screenshots(page, "05_evidence_appraisal")
    finally:
        page.close()
