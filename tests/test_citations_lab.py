"""Citations in JupyterLab: the lesson's first cell (style.use()) displays, once per kernel, an
invisible widget (references.citation_widget, backmice/js/citations.js) that shows [@key] as
"(Author Year)" links; the reference list at the end names each entry by the same label.

The browser test in test_browser.py checks a real lesson in JupyterLab; here: the map, the
once-per-kernel rule, the reference list, a real kernel, and the script on a plain page.
"""

import json

import pytest

from backmice import references, static, style
from conftest import ROOT

BIB = references.bibliography()


def test_the_map_covers_every_key_with_its_short_citation_and_link():
    data = references.citation_map()
    assert set(data) == set(BIB)
    for key, ref in data.items():
        assert ref["label"] == references.short_cite(key)
        assert ref["url"] == (references.link(BIB[key]) or "")
        assert ref.get("plain", ref["label"]) == references.short_cite(key, distinct=False)
    assert data["collee1991rct"]["label"] == "Collée et al. 1991a"
    assert data["collee1991rct"]["plain"] == "Collée et al. 1991"
    assert len(json.dumps(data)) < 60_000  # sent to the browser with every lesson


def test_the_widget_carries_the_map_and_the_script():
    widget = references.citation_widget()
    try:
        assert widget.citations == references.citation_map()
        assert "MutationObserver" in widget._esm and "jp-RenderedMarkdown" in widget._esm
        assert repr(widget) == ""  # nothing for nbconvert / nbgrader feedback to print
    finally:
        widget.close()


class Shown(list):
    cell: list


@pytest.fixture
def kernel_display(monkeypatch):
    """Pretend to run in a kernel; collect what is displayed."""
    import IPython.display

    shown, cell = Shown(), [1]
    monkeypatch.setattr(references, "_in_kernel", lambda: True)
    monkeypatch.setattr(references, "_cell", lambda: cell[0])
    monkeypatch.setattr(references, "_citations_shown", None)
    shown.cell = cell
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    yield shown
    for widget in shown:
        widget.close()


def _call_use_from(module_name):
    scope = {"__name__": module_name, "style": style}
    exec("result = style.use()", scope)
    return scope["result"]


def test_use_in_a_notebook_displays_one_widget_per_kernel(kernel_display):
    assert _call_use_from("__main__") == "backmice"
    assert _call_use_from("__main__") == "backmice"  # twice in one cell: one widget
    assert len(kernel_display) == 1
    first = kernel_display[0]
    assert first.citations == references.citation_map() and first.comm is not None
    # the first cell run again (say after the page was reloaded: the old output is gone): a new
    # widget, and the old one is closed, so that one stays alive
    kernel_display.cell[0] = 7
    assert _call_use_from("__main__") == "backmice"
    assert len(kernel_display) == 2 and first.comm is None and kernel_display[1].comm is not None


def test_use_from_the_course_code_displays_nothing(kernel_display):
    # figures call style.use() before drawing: no widget in a tool's output
    assert _call_use_from("backmice.evidence.figures") == "backmice"
    assert kernel_display == []


def test_use_outside_a_kernel_or_in_the_site_build_displays_nothing(kernel_display, monkeypatch):
    monkeypatch.setattr(references, "_in_kernel", lambda: False)
    assert _call_use_from("__main__") == "backmice" and kernel_display == []
    monkeypatch.setattr(references, "_in_kernel", lambda: True)
    monkeypatch.setenv(static.ENV, "1")
    assert _call_use_from("__main__") == "backmice" and kernel_display == []


def test_outside_a_kernel_use_is_harmless():
    assert references._in_kernel() is False
    assert style.use() == "backmice" and references.show_citations() is False


def test_reference_list_names_each_entry_by_its_citation_label():
    keys = ["collee1991rct", "collee1991frequency", "bicket2016"]
    html = references.reference_list_html(keys)
    assert "[@" not in html
    for key in keys:
        assert f'<b class="bm-ref-label" title="@{key}">{references.short_cite(key)}</b>' in html
    missing = references.reference_list_html(["nosuchkey"])
    assert "[@nosuchkey]" in missing and "missing from references.bib" in missing


def test_a_real_kernel_gets_one_invisible_widget_from_the_first_cell():
    """nbclient runs cells the way JupyterLab does: the first cell's style.use() displays the
    widget (once, however often it is called there), a figure's style.use() adds nothing, and
    running style.use() again in a later cell displays a new one."""
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from backmice import references, style\nstyle.use()\nstyle.use()\n"
                                  "print('Ready.')"),
        nbformat.v4.new_code_cell("exec('style.use()', {'__name__': 'backmice.x', 'style': style})"),
        nbformat.v4.new_code_cell("first = references._citations_shown[1]\nstyle.use()\n"
                                  "print(first.comm is None, references._citations_shown[1] is not first)"),
    ])
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    views = [[o for o in c.outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
             for c in nb.cells]
    assert [len(v) for v in views] == [1, 0, 1]
    assert [o.get("text") for o in nb.cells[2].outputs if o["output_type"] == "stream"] == ["True True\n"]
    assert views[0][0]["data"]["text/plain"] == ""
    assert [o.get("text") for o in nb.cells[0].outputs if o["output_type"] == "stream"] == ["Ready.\n"]
    assert all(o["output_type"] != "error" for c in nb.cells for o in c.outputs)


# --- the script, on a plain page ------------------------------------------------------------------

PAGE = """<!doctype html><meta charset="utf-8"><body>
<div class="jp-Notebook" id="nb">
  <div class="jp-RenderedMarkdown" id="md"><p>Back mice [@collee1991rct; @nosuchkey] and
    [@bicket2016] said so [@collee1991rct;
    @bicket2016]. Not <code>[@bicket2016]</code> nor <a href="#">[@bicket2016]</a>
    nor an email a@b.c [see @x]. Unknown [@nosuchkey].</p></div>
  <div class="jp-InputArea-editor"><div class="jp-RenderedHTMLCommon" id="ed">[@bicket2016]</div></div>
  <div class="jp-RenderedText" id="txt">[@bicket2016]</div>
  <div class="jp-OutputArea-child"><div id="host"></div></div>
</div>
<div class="jp-RenderedMarkdown" id="outside">[@bicket2016]</div>
</body>"""


def _fake_model(data):
    return "{ get: k => (%s)[k], on() {}, off() {} }" % json.dumps({"citations": data})


@pytest.fixture(scope="module")
def page():
    from jupyterlab_harness import browser, chromium_available

    if not chromium_available():
        pytest.skip("Debian's chromium is not installed")
    script = (ROOT / "backmice" / "js" / "citations.js").read_text(encoding="utf-8")
    with browser() as context:
        p = context.new_page()
        p.set_content(PAGE)
        p.add_script_tag(content=script.replace("export default", "window.citations ="))
        yield p


def test_the_script_rewrites_rendered_citations_only(page):
    data = references.citation_map()
    page.evaluate("model => { const m = eval('(' + model + ')');"
                  " window.citations.render({model: m, el: document.getElementById('host')}); }",
                  _fake_model(data))
    page.wait_for_function("() => document.querySelector('#md .bm-cite')")
    md = page.inner_text("#md")
    bicket, collee = data["bicket2016"]["label"], data["collee1991rct"]["label"]
    assert f"said so ({collee}; {bicket})." in md.replace("\n", " ")
    assert f"and ({bicket})" in md
    assert "[@collee1991rct; @nosuchkey]" in md and "Unknown [@nosuchkey]" in md  # unknown: as written
    assert "Not [@bicket2016] nor [@bicket2016]" in md.replace("\n", " ")  # code and links untouched
    assert "[see @x]" in md and "a@b.c" in md
    links = page.eval_on_selector_all("#md .bm-cite a", "as => as.map(a => [a.textContent, a.href, a.target, a.rel])")
    assert [collee, data["collee1991rct"]["url"], "_blank", "noopener"] in links
    for untouched in ("#ed", "#txt", "#outside"):
        assert page.inner_text(untouched) == "[@bicket2016]"
    assert page.evaluate("() => getComputedStyle(document.querySelector('.jp-OutputArea-child')).display") == "none"

    # markdown rendered again (after an edit) and outputs added later: rewritten too
    page.evaluate("""() => {
        document.getElementById('md').innerHTML = '<p id="again">Edited [@bicket2016].</p>';
        const out = document.createElement('div');
        out.innerHTML = '<div class="widget-html-content" id="late"><small>Sources: ' +
            'Collée et al. 1991 [@collee1991rct]</small></div>';
        document.getElementById('nb').append(out);
    }""")
    page.wait_for_function("() => document.querySelector('#again .bm-cite') && "
                           "document.querySelector('#late .bm-cite')")
    assert page.inner_text("#again") == f"Edited ({bicket})."
    # a card that already names the source: its words become the link, not said twice
    assert page.inner_text("#late") == f"Sources: {collee}"
