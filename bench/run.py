"""`make bench`: the course's speed and size figures, written to bench/results.json.

Every figure is a median over several runs; ratios are measured side by side in the same run.

1. run-all time of each lesson / run-all time of an empty notebook (target <= 2.0), through
   nbclient with a fresh kernel each time, lesson and empty runs alternating; beside it the
   kernel's CPU seconds for both (steady on a shared machine, where the wall clock is not);
2. Python-side time of every widget callback in the course (target <= 10 ms): the lessons' code
   runs in-process, every control of every tool (backmice.widgets.tool) and every self-check is
   driven, and the time to set a value or click (observers run synchronously) is measured;
3. browser time from an interaction to the updated figure or text, per interactive tool
   (target <= 100 ms), measured inside the page with performance.now(): the first control of the
   tool whose use changes something Python draws (figure, summary, card) is timed; a tool where
   no control changes anything is reported as a failure;
4. JupyterLab launch to an interactive lesson (target <= 3 s): process start to lesson 00 open
   with its kernel idle, the student's lab (backmice.labconfig, what `make lab` starts), and
   the instructor's and a bare JupyterLab of the same install (no course, no third-party
   extension, an empty notebook: the floor) alternating with it for reference;
5. runtime environment size and install time (pip, from the local cache if warm);
6. grading throughput (bench/grading.py), when present.

   With --every-control, 3 is also done for every control of every tool (the same 100 ms target;
   the per-tool figure times only each tool's first control that changes something).

    python bench/run.py [--runs 5] [--skip launch,browser,install,grading] [--only 00_start_here]
                        [--every-control]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
RESULTS = ROOT / "bench" / "results.json"
TARGETS = {"run_all_ratio": 2.0, "callback_ms": 10.0, "browser_ms": 100.0, "launch_s": 3.0,
           "grading_60_s": 30.0}  # issue 14: 60 submissions of a3 in 30 s or less, sandbox on


def lessons(only=None):
    found = sorted((ROOT / "lessons").glob("*.ipynb"))
    return [p for p in found if not only or p.stem in only]


# --- 1. run-all ratio ---------------------------------------------------------------------------

def _run_notebook(nb, cwd):
    """(wall-clock seconds, kernel CPU seconds) of one run-all with a fresh kernel. The kernel's CPU
    time (read just before it is shut down) hardly moves with the machine's load, unlike the wall
    clock, so it is what to compare when the machine is shared."""
    import psutil
    from nbclient import NotebookClient

    class Client(NotebookClient):
        kernel_cpu = None

        async def _async_cleanup_kernel(self):
            try:
                t = psutil.Process(self.km.provisioner.process.pid).cpu_times()
                self.kernel_cpu = t.user + t.system + t.children_user + t.children_system
            except (AttributeError, psutil.Error):
                pass
            await super()._async_cleanup_kernel()

    client = Client(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start, client.kernel_cpu


def run_all_ratios(paths, runs):
    import nbformat

    empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
    empty.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    rows = {}
    for path in paths:
        lesson = nbformat.read(str(path), as_version=4)
        e, l = [], []
        for _ in range(runs):
            e.append(_run_notebook(nbformat.from_dict(empty), path.parent))
            l.append(_run_notebook(nbformat.from_dict(lesson), path.parent))
        rows[path.stem] = {"empty_s": statistics.median(x[0] for x in e),
                           "lesson_s": statistics.median(x[0] for x in l),
                           "ratio": statistics.median(x[0] for x in l) / statistics.median(x[0] for x in e),
                           "load_average": os.getloadavg()[0]}
        if all(x[1] is not None for x in e + l):
            rows[path.stem].update(empty_cpu_s=statistics.median(x[1] for x in e),
                                   lesson_cpu_s=statistics.median(x[1] for x in l))
            rows[path.stem]["cpu_ratio"] = rows[path.stem]["lesson_cpu_s"] / rows[path.stem]["empty_cpu_s"]
        print(f"  run-all {path.stem}: {rows[path.stem]['ratio']:.2f}x", file=sys.stderr)
    return rows


# --- 2. Python-side callback times ------------------------------------------------------------------

def _next_value(control):
    """A different valid value for a control, or None if it is a button."""
    import ipywidgets as w

    if isinstance(control, w.Button):
        return None
    if isinstance(control, (w.IntSlider, w.FloatSlider, w.IntText, w.FloatText, w.BoundedIntText,
                            w.BoundedFloatText)):
        step = getattr(control, "step", 1) or 1
        up = control.value + step
        high = getattr(control, "max", None)
        return up if high is None or up <= high else control.value - step
    if isinstance(control, (w.IntRangeSlider, w.FloatRangeSlider)):
        lo, hi = control.value
        step = control.step or 1
        return (lo, hi - step) if hi - step > lo else (lo, hi)
    if isinstance(control, (w.Checkbox, w.ToggleButton)):
        return not control.value
    if isinstance(control, (w.Dropdown, w.RadioButtons, w.Select, w.ToggleButtons, w.SelectionSlider)):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        others = [v for v in values if v != control.value]
        return others[len(others) // 2] if others else None
    if isinstance(control, (w.SelectMultiple,)):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return tuple(values[:1]) if control.value != tuple(values[:1]) else tuple(values[1:2])
    if isinstance(control, (w.Text, w.Textarea)):
        return (control.value or "") + "1"
    return None


def _time_control(control, repeats):
    import ipywidgets as w

    times = []
    for _ in range(repeats):
        if isinstance(control, w.Button):
            start = time.perf_counter()
            control.click()
        else:
            value = _next_value(control)
            if value is None or value == control.value:
                return None
            start = time.perf_counter()
            control.value = value
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def callback_times(paths, repeats=5):
    """Run each lesson's code in-process and drive every tool and self-check."""
    import nbformat
    from IPython.core.interactiveshell import InteractiveShell

    from backmice import quiz, widgets

    rows = []
    made_tools, made_views = [], []
    real_tool, real_view_init = widgets.tool, quiz.QuestionView.__init__

    def recording_tool(*a, **k):
        box = real_tool(*a, **k)
        made_tools.append((a[0] if a else k.get("title", "?"), box))
        return box

    def recording_view(self, *a, **k):
        real_view_init(self, *a, **k)
        made_views.append(self)

    widgets.tool = recording_tool
    quiz.QuestionView.__init__ = recording_view
    # modules that did `from .widgets import tool` see the recording version through the module
    for name in list(sys.modules):
        mod = sys.modules[name]
        if name.startswith("backmice.") and getattr(mod, "tool", None) is real_tool:
            mod.tool = recording_tool
    shell = InteractiveShell.instance()
    try:
        for path in paths:
            made_tools.clear()
            made_views.clear()
            nb = nbformat.read(str(path), as_version=4)
            os.chdir(path.parent)
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                for cell in nb.cells:
                    if cell.cell_type == "code":
                        result = shell.run_cell(cell.source, store_history=False)
                        if not result.success:
                            raise RuntimeError(f"{path.name}: a cell failed in the benchmark: {result.error_in_exec}")
            for title, box in made_tools:
                for i, control in enumerate(box.controls):
                    ms = _time_control(control, repeats)
                    if ms is not None:
                        rows.append({"lesson": path.stem, "tool": title,
                                     "control": getattr(control, "description", type(control).__name__) or f"#{i}",
                                     "ms": ms})
            for view in made_views:
                start = time.perf_counter()
                view.check()
                rows.append({"lesson": path.stem, "tool": f"self-check {view.q.id}", "control": "Check answer",
                             "ms": (time.perf_counter() - start) * 1000})
            print(f"  callbacks {path.stem}: {len(made_tools)} tools, {len(made_views)} self-checks", file=sys.stderr)
    finally:
        widgets.tool = real_tool
        quiz.QuestionView.__init__ = real_view_init
        os.chdir(ROOT)
    return rows


# --- 3 and 4. the browser -----------------------------------------------------------------------------

MEASURE_JS = """async (el, first) => {
    // Time one interaction: try the tool's controls in order (sliders, dropdowns, radios, checkboxes,
    // toggles, buttons) from index `first` and return the time until the figure or text changes.
    // A control that changes nothing visible within 2 s (a disabled button, a slider at its end,
    // a button that needs an answer first) is skipped; the index used is returned for the next runs.
    // What Python changes: the figure, and the HTML outputs (summary, cards, feedback); not a
    // slider's own readout or a control's state, which the browser updates by itself at once.
    // The time is taken at the start of the first animation frame after the change (the frame that
    // shows it). The check is kept cheap, because it runs on the page's one thread with what it
    // times: the figures and texts are compared only after something in them changed (a
    // MutationObserver), and texts are read with textContent, which needs no layout. Comparing
    // them on every frame (JSON of every figure's data, innerText of every text) cost the page
    // 24-27 ms of a key press in the regression-to-the-mean tool (CPU profile, measured).
    const WATCHED = '.js-plotly-plot, .widget-html, .widget-htmlmath';
    const state = () => [...el.querySelectorAll('.js-plotly-plot')].map(p =>
        JSON.stringify([p.data, p.layout && p.layout.shapes, p.layout && p.layout.annotations])).join('|')
        + '||' + [...el.querySelectorAll('.widget-html, .widget-htmlmath')].map(e => e.textContent).join('|');
    const controls = [...el.querySelectorAll('.widget-slider .noUi-handle, .widget-dropdown select, ' +
        '.widget-radio-box input, .widget-checkbox input, .widget-toggle-button, button')]
        .filter(c => !c.disabled);
    const label = c => (c.getAttribute("aria-label") || c.innerText || c.value || c.tagName).replace(/\\s+/g, " ").trim().slice(0, 40);
    let dirty = false;
    const watch = new MutationObserver(records => {
        for (const r of records) {
            const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
            if (node && node.closest(WATCHED)) { dirty = true; return; }
        }
    });
    watch.observe(el, {subtree: true, childList: true, attributes: true, characterData: true});
    try {
        for (let i = first; i < controls.length; i++) {
            const ctl = controls[i];
            const before = state();
            dirty = false;
            const t0 = performance.now();
            if (ctl.tagName === 'SELECT') {
                const other = [...ctl.options].find(o => o.value !== ctl.value);
                if (!other) continue;
                ctl.value = other.value; ctl.dispatchEvent(new Event('change', {bubbles: true}));
            } else if (ctl.classList.contains('noUi-handle')) {
                ctl.focus();  // one step right, or left when the handle is at its end
                const atEnd = Number(ctl.getAttribute('aria-valuenow')) >= Number(ctl.getAttribute('aria-valuemax'));
                const [key, keyCode] = atEnd ? ['ArrowLeft', 37] : ['ArrowRight', 39];
                // cancelable, like a real key press: the slider then cancels it and JupyterLab's notebook
                // shortcuts skip it. Without it, every slider measurement also ran the notebook command
                // 'move to the heading below' (50-70 ms of cell redrawing no student ever waits for).
                ctl.dispatchEvent(new KeyboardEvent('keydown', {key, keyCode, which: keyCode, bubbles: true, cancelable: true}));
            } else {
                ctl.click();
            }
            const ms = await new Promise(resolve => {
                const check = () => {
                    const now = performance.now();
                    if (dirty) {
                        dirty = false;
                        if (state() !== before) return resolve(now - t0);
                    }
                    if (now - t0 > 2000) resolve(-1);
                    else requestAnimationFrame(check);
                };
                check();
            });
            if (ms >= 0) return {ms, index: i, control: label(ctl)};
        }
        return null;
    } finally {
        watch.disconnect();
    }
}"""


FIRST_NOTEBOOK = "lessons/00_start_here.ipynb"  # what `make lab` opens (backmice.launcher)


def bare_lab(folder: Path) -> tuple[list[str], str]:
    """A bare JupyterLab of the same install, the floor the course's launch is compared with: only
    the jupyterlab server extension (every other one the install enabled switched off), every
    federated (third-party) front-end extension left out (none listed: JupyterLab would load a
    disabled one's code all the same), and JupyterLab's own settings as in the
    student's lab (the same build check off and the same core plugins off, so that the difference
    with the student's lab is the course: its extensions, lesson 00 and its server extensions).
    Returns (extra `jupyter lab` arguments, the JUPYTER_CONFIG_PATH folder it writes in ``folder``)."""
    from jupyter_core.paths import jupyter_config_path, jupyter_path
    from jupyter_server.extension.config import ExtensionConfigManager
    from jupyterlab_server.config import get_federated_extensions

    from backmice import labconfig

    server = ExtensionConfigManager(read_config_path=jupyter_config_path()).get_jpserver_extensions()
    off = {name: False for name in server if name != "jupyterlab"}
    page = labconfig.student_page_config()
    page["disabledExtensions"] = {**page["disabledExtensions"],
                                  **{name: True for name in get_federated_extensions(jupyter_path("labextensions"))}}
    (folder / "labconfig").mkdir(parents=True, exist_ok=True)
    (folder / "labconfig" / "page_config.json").write_text(json.dumps(page, indent=1))
    # JupyterLab loads every listed federated extension's code even when page_config disables it
    # (only its plugins are skipped): the bare lab lists none at all.
    (folder / "labextensions").mkdir(exist_ok=True)  # an empty folder
    return ["--ServerApp.jpserver_extensions=" + repr(off),
            f"--LabApp.labextensions_path={folder / 'labextensions'}"], str(folder)


def empty_notebook(path: Path) -> Path:
    """One empty code cell, kernel python3."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "cells": [{"cell_type": "code", "execution_count": None, "id": "empty", "metadata": {},
                   "outputs": [], "source": []}],
        "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                    "name": "python3"}, "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5}, indent=1))
    return path


@contextlib.contextmanager
def _config_path(folder: str):
    """JUPYTER_CONFIG_PATH for a lab started in this block (the harness reads it from os.environ)."""
    before = os.environ.get("JUPYTER_CONFIG_PATH")
    os.environ["JUPYTER_CONFIG_PATH"] = folder
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("JUPYTER_CONFIG_PATH", None)
        else:
            os.environ["JUPYTER_CONFIG_PATH"] = before


def launch_times(runs):
    """4. launch to an interactive lesson 00: the student's lab (`make lab`, the figure with a
    target) and, alternating with it, the instructor's (`make lab INSTRUCTOR=1`, for reference),
    both started as the launcher starts them: on lesson 00, whose kernel backmice.labstart starts
    with the server. Each is timed with a new browser (nothing cached: a first visit, the figure
    with a target) and with a browser that has loaded JupyterLab from the same address before (its
    HTTP and code caches warm: what a student meets every later day). Alternating with them, for
    reference, a bare JupyterLab of the same install (`bare_lab`: no course, no third-party
    extension) opening an empty notebook in an empty folder, first visit: the floor the course's
    launch cannot go below on this machine."""
    from jupyterlab_harness import browser, copy_course, free_port, jupyterlab, open_notebook

    kinds = ("student", "instructor", "bare")
    cold = {kind: [] for kind in kinds}
    warm = {kind: [] for kind in kinds}
    ports = {kind: free_port() for kind in kinds}  # the same address every time, as for a student

    def launch(context, tmp, work, kind):
        start = time.perf_counter()
        if kind == "bare":
            args, config = bare
            with _config_path(config), jupyterlab(tmp / "bare", work, extra_args=args, instructor=True,
                                                  port=ports[kind]) as (url, _):
                page = context.new_page()
                open_notebook(page, url, "empty.ipynb")
                seconds = time.perf_counter() - start
                page.close()
            return seconds
        with jupyterlab(tmp / "course", work, instructor=kind == "instructor", port=ports[kind],
                        notebook=FIRST_NOTEBOOK) as (url, _):
            page = context.new_page()
            open_notebook(page, url, FIRST_NOTEBOOK)
            seconds = time.perf_counter() - start
            page.close()
        return seconds

    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="backmice-bench-") as tmp, browser() as kept:
        tmp = Path(tmp)
        copy_course(tmp / "course")
        empty_notebook(tmp / "bare" / "empty.ipynb")
        bare = bare_lab(tmp / "bare-config")
        for kind in kinds:  # the kept browser's first visit, not timed
            launch(kept, tmp, tmp / f"lab-{kind}-first", kind)
        for i in range(runs):
            for kind in kinds:
                # a new context has its own empty caches: a first visit (the browser's own start
                # was never timed)
                context = kept.browser.new_context(viewport={"width": 1280, "height": 900})
                try:
                    cold[kind].append(launch(context, tmp, tmp / f"lab-{kind}{i}", kind))
                finally:
                    context.close()
                if kind != "bare":
                    warm[kind].append(launch(kept, tmp, tmp / f"lab-{kind}{i}-warm", kind))
    med = {kind: statistics.median(cold[kind]) for kind in kinds}
    print(f"  launch: student {med['student']:.2f} s (warm {statistics.median(warm['student']):.2f}), "
          f"instructor {med['instructor']:.2f} s (warm {statistics.median(warm['instructor']):.2f}), "
          f"bare JupyterLab {med['bare']:.2f} s", file=sys.stderr)
    return {"launch_s": med["student"], "launch_runs": cold["student"],
            "warm_launch_s": statistics.median(warm["student"]), "warm_launch_runs": warm["student"],
            "instructor_launch_s": med["instructor"], "instructor_launch_runs": cold["instructor"],
            "instructor_warm_launch_s": statistics.median(warm["instructor"]),
            "instructor_warm_launch_runs": warm["instructor"], "load_average_at_start": load,
            "bare_launch_s": med["bare"], "bare_launch_runs": cold["bare"]}


@contextlib.contextmanager
def _lesson_pages(paths):
    """Each lesson open in JupyterLab, run, idle: yields (lesson path, page, its tools)."""
    from jupyterlab_harness import browser, copy_course, jupyterlab, open_notebook, run_all

    with tempfile.TemporaryDirectory(prefix="backmice-bench-") as tmp:
        root = copy_course(Path(tmp) / "course")
        with jupyterlab(root, Path(tmp) / "lab") as (url, _), browser() as context:
            def pages():
                for path in paths:
                    page = context.new_page()
                    try:
                        open_notebook(page, url, f"lessons/{path.name}")
                        run_all(page)
                        page.wait_for_timeout(1500)
                        yield path, page, page.locator(".bm-interactive")
                    finally:
                        page.close()
            yield pages()


def _front(page) -> None:
    """Close any tab a control opened (a link to a source) and bring the lesson back to the front:
    a page behind another tab draws about one frame a second, and every time would read 1 s."""
    for other in page.context.pages:
        if other is not page:
            other.close()
    page.bring_to_front()


def _each_tool(paths, what: str, settle_ms: int = 0):
    """Every tool of every lesson, scrolled into view with its lesson page in front: yields
    (lesson path, page, tool, its title)."""
    with _lesson_pages(paths) as pages:
        for path, page, tools in pages:
            for i in range(tools.count()):
                tool = tools.nth(i)
                _front(page)
                tool.scroll_into_view_if_needed()
                if settle_ms:
                    page.wait_for_timeout(settle_ms)
                yield path, page, tool, tool.locator("h4").first.inner_text()
            print(f"  {what} {path.stem}: {tools.count()} tools", file=sys.stderr)


def browser_figures(paths, runs):
    rows = []
    for path, page, tool, title in _each_tool(paths, "browser"):
        times, first, control = [], 0, None
        for _ in range(runs):
            found = tool.evaluate(MEASURE_JS, first)
            if found is None:
                break
            times.append(found["ms"])
            first, control = found["index"], found["control"]
            page.wait_for_timeout(150)
        rows.append({"lesson": path.stem, "tool": title, "control": control,
                     "ms": statistics.median(times) if times else None, "runs": len(times)})
    return rows


def browser_every_control(paths, presses=4, most=14):
    """Every control of every tool (up to ``most`` per tool), timed as in browser_figures:
    ``presses`` uses of each, the median of all but the first (which also pays for the scroll to
    the tool and JupyterLab making its cell the active one). `--every-control`: about 8 minutes."""
    rows = []
    for path, page, tool, title in _each_tool(paths, "every control", settle_ms=300):
        i = 0
        while i < most:
            times, index, control = [], None, None
            for _ in range(presses):
                found = tool.evaluate(MEASURE_JS, i)
                _front(page)
                if found is None or (index is not None and found["index"] != index):
                    break   # none left, or this one changes nothing more (a toggle already set)
                index, control = found["index"], found["control"]
                times.append(found["ms"])
                page.wait_for_timeout(150)
            if index is None:
                break
            rows.append({"lesson": path.stem, "tool": title, "index": index, "control": control,
                         "ms": statistics.median(times[1:] or times), "all_ms": times})
            i = index + 1
    return rows


# --- 5. environment size and install time ---------------------------------------------------------------

def runtime_install():
    with tempfile.TemporaryDirectory(prefix="backmice-venv-") as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        start = time.perf_counter()
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", str(ROOT)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        size = subprocess.run(["du", "-sm", str(venv)], capture_output=True, text=True).stdout.split()[0]
        return {"install_s": seconds, "size_mb": int(size),
                "note": "pip install of the runtime (no test tools) into a new venv, from pip's cache when warm"}


# --- 6. grading -------------------------------------------------------------------------------------------

def grading(students=60):
    script = ROOT / "bench" / "grading.py"
    if not script.exists():
        return None
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run([sys.executable, str(script), "--students", str(students), "--json", out.name], check=True)
        return json.loads(Path(out.name).read_text())


# --- report ---------------------------------------------------------------------------------------------------

def table(results) -> str:
    lines = ["", f"{'figure':84} {'value':>9} {'target':>7}  ok", "-" * 108]

    def row(name, value, target, fmt="{:.2f}", lower=True):
        ok = "" if target is None else ("yes" if (value <= target if lower else value >= target) else "NO")
        tgt = "" if target is None else fmt.format(target)
        lines.append(f"{name[:84]:84} {fmt.format(value):>9} {tgt:>7}  {ok}")

    for lesson, r in results.get("run_all", {}).items():
        row(f"run-all {lesson} / empty ({r['lesson_s']:.2f} s / {r['empty_s']:.2f} s)", r["ratio"],
            TARGETS["run_all_ratio"])
        if "cpu_ratio" in r:
            row(f"  kernel CPU, lesson / empty ({r['lesson_cpu_s']:.2f} s / {r['empty_cpu_s']:.2f} s)",
                r["cpu_ratio"], None)
    cbs = results.get("callbacks", [])
    if cbs:
        worst = sorted(cbs, key=lambda r: -r["ms"])
        for r in worst[:8]:
            row(f"callback {r['lesson']}: {r['tool']} / {r['control']}", r["ms"], TARGETS["callback_ms"], "{:.1f}")
        row(f"callback median of all {len(cbs)} (ms)", statistics.median(r["ms"] for r in cbs),
            TARGETS["callback_ms"], "{:.1f}")
    for r in results.get("browser", []):
        if r["ms"] is None:  # no control of the tool changed anything visible: a failure, not a pass
            lines.append(f"{('browser ' + r['lesson'] + ': ' + r['tool'])[:84]:84} {'no change':>9} "
                         f"{TARGETS['browser_ms']:>7.0f}  NO")
        else:
            row(f"browser {r['lesson']}: {r['tool']} / {r['control']} (ms)", r["ms"], TARGETS["browser_ms"], "{:.0f}")
    every = results.get("every_control", [])
    if every:
        slow = sorted(every, key=lambda r: -r["ms"])
        over = sum(r["ms"] > TARGETS["browser_ms"] for r in every)
        lines.append(f"every control of every tool: {len(every)} timed, {over} over "
                     f"{TARGETS['browser_ms']:.0f} ms; the slowest:")
        for r in slow[:8]:
            row(f"  {r['lesson'][:2]} {r['tool'][:40]} / #{r['index']} {r['control']} (ms)", r["ms"],
                TARGETS["browser_ms"], "{:.0f}")
    if "launch" in results:
        row("JupyterLab launch to lesson 00 open, kernel idle (s): student's lab, `make lab`",
            results["launch"]["launch_s"], TARGETS["launch_s"])
        if "warm_launch_s" in results["launch"]:
            row("  the same, browser cache warm (a later day) (s)", results["launch"]["warm_launch_s"], None)
            row("  instructor's lab (`make lab INSTRUCTOR=1`, nbgrader on) (s)",
                results["launch"]["instructor_launch_s"], None)
            row("  instructor's lab, browser cache warm (s)", results["launch"]["instructor_warm_launch_s"], None)
        if "bare_launch_s" in results["launch"]:
            row("  bare JupyterLab (same install, no course or 3rd-party extension, empty nb) (s)",
                results["launch"]["bare_launch_s"], None)
    if "install" in results:
        row("runtime install into a new venv (s)", results["install"]["install_s"], None, "{:.0f}")
        row("runtime environment size (MB)", results["install"]["size_mb"], None, "{:.0f}")
    g = results.get("grading")
    if g:
        n = g["students"]
        row(f"grading {g['assignment']}: {n} submissions, {g['jobs']} graders in parallel (s)",
            g["parallel"]["median_seconds"], TARGETS["grading_60_s"], "{:.1f}")
        row(f"grading {g['assignment']}: {n} submissions one at a time (s)", g["serial"]["median_seconds"], None, "{:.1f}")
        row("grading: seconds per submission, parallel", g["parallel"]["seconds_per_submission"], None, "{:.2f}")
        row("grading: speed-up of parallel over serial", g["speedup"], None, "{:.2f}")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--skip", default="", help="comma list of: runall,callbacks,launch,browser,install,grading")
    ap.add_argument("--only", default="", help="comma list of lesson ids")
    ap.add_argument("--every-control", action="store_true",
                    help="also time every control of every tool in the browser (about 8 minutes)")
    args = ap.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    paths = lessons(set(filter(None, args.only.split(","))))
    os.environ["BACKMICE_PROGRESS_FILE"] = str(Path(tempfile.mkdtemp()) / "progress.json")
    # Measure what a student's machine runs after the first import: the package's bytecode written.
    # With PYTHONDONTWRITEBYTECODE set (some shells and CI images set it) a module edited since its
    # .pyc was written would be compiled again in every kernel, tens of ms per lesson.
    import compileall

    compileall.compile_dir(str(ROOT / "backmice"), quiet=1)
    results = {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
               "runs": args.runs, "targets": TARGETS}
    RESULTS.parent.mkdir(exist_ok=True)

    def save():  # after every part, so an interrupted run still leaves what it measured
        RESULTS.write_text(json.dumps(results, indent=1))

    if "runall" not in skip:
        results["run_all"] = run_all_ratios(paths, args.runs)
        save()
    if "callbacks" not in skip:
        results["callbacks"] = callback_times(paths)
        save()
    if "launch" not in skip:
        results["launch"] = launch_times(args.runs)
        save()
    if "browser" not in skip:
        results["browser"] = browser_figures(paths, args.runs)
        save()
    if args.every_control:
        results["every_control"] = browser_every_control(paths)
        save()
    if "install" not in skip:
        results["install"] = runtime_install()
        save()
    if "grading" not in skip:
        results["grading"] = grading()
        save()
    print(table(results))
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
