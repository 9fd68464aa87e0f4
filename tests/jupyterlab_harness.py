"""A real JupyterLab and Debian's chromium, for the browser tests and `make bench`.

The server runs on a free loopback port, without a token, with throw-away Jupyter config, data,
runtime and settings folders, in a temporary copy of the course (JupyterLab autosaves: the
repository's notebooks must never be touched). Cell windowing is switched off so that every
output is in the page. It is the student's JupyterLab (backmice.labconfig: what `make lab`
starts) unless ``instructor=True`` (`make lab INSTRUCTOR=1`: nbgrader's Formgrader and lists).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from backmice import labconfig  # noqa: E402  (standard library only, like `make lab`)

CHROMIUM = os.environ.get("BACKMICE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
COURSE_PARTS = ("lessons", "assets", "solutions", "assignments", "nbgrader_config.py")


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


def copy_course(dst: Path) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for name in COURSE_PARTS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dst / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        else:
            shutil.copy2(src, dst / name)
    return dst


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SETTINGS = {
    # every cell and output stays in the page (no virtual scrolling)
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                       "checkForUpdates": False},
}


# What each running server was started with (base url -> root, work folder, instructor), so a
# test can start the other kind of lab on the same course folder (`twin`).
STARTED: dict[str, tuple[Path, Path, bool]] = {}


@contextmanager
def jupyterlab(root: Path, work: Path, extra_args=(), instructor: bool = False, port: int | None = None,
               notebook: str | None = None):
    """Start JupyterLab serving ``root``, the student's unless ``instructor``, on ``port`` (default:
    a free one); yields (base_url, seconds it took to answer).

    ``notebook`` (a path under ``root``): start the lab on that notebook as `make lab` does with
    lesson 00 (`python -m jupyterlab <notebook>`, and backmice.labstart starting its kernel with the
    server, so opening it connects to that kernel). Default: neither (no kernel runs before a test
    opens a notebook)."""
    work.mkdir(parents=True, exist_ok=True)
    settings = work / "settings"
    for name, value in SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    config = work / "jupyter_server_config.py"
    config.write_text("\n".join([
        "c.ServerApp.token = ''", "c.ServerApp.password = ''", "c.ServerApp.open_browser = False",
        "c.ServerApp.ip = '127.0.0.1'", "c.ServerApp.disable_check_xsrf = True",
        "c.LabApp.expose_app_in_browser = True", "c.ServerApp.allow_root = True",
        "c.LanguageServerManager.autodetect = False",
    ]))
    port = port or free_port()
    env = dict(os.environ,
               JUPYTER_CONFIG_DIR=str(work / "config"), JUPYTER_DATA_DIR=str(work / "data"),
               JUPYTER_RUNTIME_DIR=str(work / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTERLAB_WORKSPACES_DIR=str(work / "workspaces"), JUPYTER_PREFER_ENV_PATH="1",
               BACKMICE_PROGRESS_FILE=str(work / "progress.json"),
               PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    env.update(labconfig.lab_env(instructor))
    env.pop("BACKMICE_ROOT", None)
    log = open(work / "jupyterlab.log", "w")
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "jupyterlab", f"--port={port}", f"--config={config}",
                             f"--ServerApp.root_dir={root}", *([notebook] if notebook else []),
                             *labconfig.lab_args(instructor, prestart_kernel=notebook is not None), *extra_args],
                            cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            if proc.poll() is not None:
                raise RuntimeError("JupyterLab exited; see " + str(work / "jupyterlab.log"))
            try:
                urllib.request.urlopen(url + "/api/status", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("JupyterLab did not answer within 30 s")
        STARTED[url] = (root, work, instructor)
        yield url, time.perf_counter() - start
    finally:
        STARTED.pop(url, None)
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextmanager
def twin(url: str, instructor: bool = True):
    """Another JupyterLab on the course folder of the one at ``url`` (the same nbgrader config and
    exchange), the instructor's by default; yields its base url."""
    root, work, _ = STARTED[url]
    kind = "instructor" if instructor else "student"
    with jupyterlab(root, work.parent / f"{work.name}-{kind}-{free_port()}", instructor=instructor) as (other, _):
        yield other


def page_config(url: str, path: str = "/lab") -> dict:
    """The page config JupyterLab's server hands the front end (extensions it loads, disables)."""
    import html
    import re

    text = urllib.request.urlopen(url + path, timeout=30).read().decode()
    found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', text, re.S)
    return json.loads(html.unescape(found.group(1)))


@contextmanager
def browser(width=1280, height=900):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = b.new_context(viewport={"width": width, "height": height})
            yield context
        finally:
            b.close()


# --- driving a notebook ------------------------------------------------------------------------

READY_JS = """() => {
    const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
    return !!(w && w.context && w.context.isReady && w.content && k &&
              k.connectionStatus === 'connected' && k.status === 'idle');
}"""


def open_notebook(page, url: str, path: str, timeout=90_000):
    """Open a notebook and wait until it is the current widget with a connected, idle kernel."""
    page.goto(f"{url}/lab/tree/{path}?reset")
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=timeout)
    page.wait_for_function(READY_JS, timeout=timeout)


def run_all(page, timeout=180):
    # fire the command without awaiting its promise (it can stay pending long after the cells ran)
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    wait_idle(page, timeout)


def wait_idle(page, timeout=180):
    """Until every code cell shows an execution count (not blank, not [*])."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        done = page.evaluate("""() => [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
                                     .every(e => /^\\[\\d+\\]:$/.test(e.textContent.trim()))""")
        if done:
            return
        page.wait_for_timeout(200)
    raise TimeoutError("cells still running or not run")


def error_outputs(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"],' +
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]')]
        .map(e => e.innerText.slice(0, 500))""")


def widget_views(page) -> dict:
    """Widget outputs in the notebook model, and how many rendered properly in the page."""
    return page.evaluate("""() => {
        const nb = window.jupyterapp.shell.currentWidget.content;
        let expected = 0;
        for (const cell of nb.widgets) {
            const outputs = cell.model.outputs ? cell.model.outputs.toJSON() : [];
            expected += outputs.filter(o => o.data && o.data['application/vnd.jupyter.widget-view+json']).length;
        }
        const panels = [...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output.lm-Panel')];
        // an ipywidget (its elements' classes start with widget-) or a course figure (a static
        // figure is the figure widget alone: a drawn plotly.js plot)
        const ok = panels.filter(o => (o.querySelector('[class*="widget-"]') ||
                                       o.querySelector('.js-plotly-plot .main-svg')) &&
                                      !/Error displaying widget|Loading widget/.test(o.innerText));
        return {total: expected, rendered: ok.length,
                broken: panels.filter(o => !ok.includes(o)).map(o => o.innerText.slice(0, 200))};
    }""")


def plotly_figures(page) -> int:
    return page.evaluate("() => document.querySelectorAll('.js-plotly-plot').length")


def tool_state(tool) -> str:
    """Everything a change could show: the figure's data and layout shapes, and the tool's text."""
    return tool.evaluate("""el => {
        const plots = [...el.querySelectorAll('.js-plotly-plot')];
        const data = plots.map(p => JSON.stringify([p.data, p.layout && p.layout.shapes,
                                                    p.layout && p.layout.annotations]));
        return data.join('|') + '||' + el.innerText;
    }""")


CANDIDATES_JS = """el => {
    const seen = new Set(), out = [];
    const add = (sel, kind) => el.querySelectorAll(sel).forEach(e => {
        if (!seen.has(e) && e.offsetParent !== null) { seen.add(e); out.push(kind); e.setAttribute('data-bm-candidate', out.length - 1); }
    });
    add('.widget-slider .noUi-handle', 'slider');
    add('.widget-dropdown select, select', 'select');
    add('.widget-toggle-buttons button:not(.mod-active)', 'button');
    add('input[type=checkbox]:not(:checked), input[type=radio]:not(:checked)', 'tick');
    add('button:not(.mod-active)', 'button');
    add('input[type=number], input[type=text]', 'text');
    return out;
}"""


def interact(page, tool, attempt=0):
    """Use one of the tool's controls the way a person would (sliders first, then dropdowns,
    unselected toggles, unticked boxes, buttons, text); ``attempt`` picks the next candidate.
    Returns what was done, or None when there is no further candidate."""
    kinds = tool.evaluate(CANDIDATES_JS)
    if attempt >= len(kinds):
        return None
    control = tool.locator(f"[data-bm-candidate='{attempt}']").first
    kind = kinds[attempt]
    if kind == "slider":
        control.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        return "slider: two steps right with the keyboard"
    if kind == "select":
        options = control.evaluate("s => [...s.options].map(o => o.value)")
        current = control.evaluate("s => s.value")
        control.select_option(value=next(v for v in options if v != current))
        return "dropdown: another option"
    if kind == "tick":
        control.check()
        return "tick box or radio: chosen"
    if kind == "text":
        control.fill(str(int(float(control.input_value() or 0)) + 1))
        control.press("Enter")
        return "typed a new value"
    control.click()
    return "button: " + control.inner_text().strip()[:40]
