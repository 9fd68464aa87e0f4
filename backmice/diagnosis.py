"""Lessons 03 and 04: test accuracy, the Fagan nomogram and the tools of module 3.

Data live in ``assets/data/diagnosis_*.yaml`` (every number there carries its source); this
module holds the arithmetic (pure functions), the figures and the widget builders:

- ``posttest_tool()``: pre-test probability + test results -> likelihood ratios and the
  post-test probability on a Fagan nomogram (lesson 04);
- ``explorer_tool()``: tick findings; which conditions each supports or argues against (04);
- ``triage_tool()``: red-flag vignettes, decided on the course's referral-urgency scale (04);
- ``presentation_figure()`` (03) and ``redflag_figure()`` (04): static figures.
The virtual patients are in ``backmice.cases``.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from functools import lru_cache

from . import paths, urgency

# --- data ---------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def load(name: str) -> dict:
    """``assets/data/diagnosis_<name>.yaml`` as plain Python data."""
    path = paths.assets() / "data" / f"diagnosis_{name}.yaml"
    return paths.read_yaml(path)


@dataclass(frozen=True)
class Test:
    id: str
    target: str
    name: str
    short: str
    sensitivity: float
    specificity: float
    refs: tuple[str, ...]
    population: str

    @property
    def lr_pos(self) -> float:
        return lr_positive(self.sensitivity, self.specificity)

    @property
    def lr_neg(self) -> float:
        return lr_negative(self.sensitivity, self.specificity)


SHORT = {"slr": "Straight leg raise", "cslr": "Crossed straight leg raise",
         "sicluster": "Sacroiliac provocation cluster", "acr1990": "ACR 1990 criteria"}


@lru_cache(maxsize=1)
def tests() -> dict[str, Test]:
    out = {}
    for t in load("tests")["tests"]:
        sn, sp = float(t["sensitivity"]), float(t["specificity"])
        if not (0 < sn < 1 and 0 < sp < 1):
            raise ValueError(f"{t['id']}: sensitivity and specificity must lie strictly between 0 and 1")
        out[t["id"]] = Test(t["id"], t["target"], t["name"], SHORT.get(t["id"], t["name"]), sn, sp,
                            tuple(t["refs"]), " ".join(t["population"].split()))
    return out


def targets() -> list[dict]:
    return load("tests")["targets"]


# --- diagnostic arithmetic (pure) ----------------------------------------------------------------


def _check_fraction(name: str, x: float) -> float:
    x = float(x)
    if not 0 <= x <= 1:
        raise ValueError(f"{name} must be a proportion between 0 and 1, not {x!r}")
    return x


def lr_positive(sensitivity: float, specificity: float) -> float:
    """LR+ = sensitivity / (1 - specificity); infinite when specificity is 1."""
    sn, sp = _check_fraction("sensitivity", sensitivity), _check_fraction("specificity", specificity)
    return math.inf if sp == 1 else sn / (1 - sp)


def lr_negative(sensitivity: float, specificity: float) -> float:
    """LR- = (1 - sensitivity) / specificity."""
    sn, sp = _check_fraction("sensitivity", sensitivity), _check_fraction("specificity", specificity)
    if sp == 0:
        raise ValueError("LR- is undefined when specificity is 0")
    return (1 - sn) / sp


def to_odds(p: float) -> float:
    p = _check_fraction("probability", p)
    if p == 1:
        raise ValueError("a probability of 1 has infinite odds")
    return p / (1 - p)


def to_probability(odds: float) -> float:
    if odds < 0:
        raise ValueError("odds cannot be negative")
    return 1.0 if math.isinf(odds) else odds / (1 + odds)


def post_test(pre: float, *lrs: float) -> float:
    """Post-test probability after results with likelihood ratios ``lrs`` (multiplied: this
    assumes the results are independent given the condition)."""
    odds = to_odds(pre)
    for lr in lrs:
        if lr < 0:
            raise ValueError("a likelihood ratio cannot be negative")
        odds *= lr
    return to_probability(odds)


def result_lr(test_id: str, result: str) -> float:
    """Likelihood ratio of one test result ('positive' or 'negative')."""
    t = tests()[test_id]
    if result == "positive":
        return t.lr_pos
    if result == "negative":
        return t.lr_neg
    raise ValueError(f"a result is 'positive' or 'negative', not {result!r}")


def evaluate(pre: float, results: dict[str, str]) -> dict:
    """Everything the post-test tool shows, for ``results`` {test id: 'positive'|'negative'}
    (tests 'not done' are simply left out)."""
    steps, p = [], pre
    for test_id, result in results.items():
        lr = result_lr(test_id, result)
        after = post_test(p, lr)
        steps.append({"test": tests()[test_id], "result": result, "lr": lr, "before": p, "after": after})
        p = after
    lr_total = math.prod(s["lr"] for s in steps) if steps else 1.0
    return {"pre": pre, "steps": steps, "lr": lr_total, "post": post_test(pre, lr_total)}


def pct(p: float) -> str:
    """A probability as a readable percentage (more decimals near 0 and 100%)."""
    x = 100 * p
    if x < 1 or x > 99:
        return f"{x:.2g}%" if x < 1 else f"{x:.4g}%"
    return f"{x:.1f}%".replace(".0%", "%")


# --- the Fagan nomogram ------------------------------------------------------------------------------
# Three vertical axes at x = 0, 1, 2. With y_left = -logit(pre), y_mid = ln(LR)/2 and
# y_right = logit(post), the three points lie on one straight line, because
# logit(post) = logit(pre) + ln(LR) (Bayes' theorem in odds form).

P_TICKS = (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 98, 99, 99.5, 99.9)
LR_TICKS = (0.001, 0.005, 0.01, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 500, 1000)
Y_LIMIT = math.log(999)  # logit of 99.9%


def logit(p: float) -> float:
    return math.log(to_odds(p))


def fagan_points(pre: float, lr: float) -> tuple[list[float], list[float]]:
    """x and y of the line on the nomogram (left, middle, right), clipped to the axes."""
    y_left = -logit(pre)
    y_mid = math.log(lr) / 2 if lr > 0 else -math.inf
    y_right = logit(pre) + math.log(lr) if lr > 0 else -math.inf
    clip = lambda y: max(-Y_LIMIT, min(Y_LIMIT, y))  # noqa: E731
    return [0.0, 1.0, 2.0], [clip(y_left), clip(y_mid), clip(y_right)]


def _tick_label(v: float) -> str:
    return f"{v:g}"


def fagan_figure(pre: float = 0.2, lr: float = 1.0):
    """The nomogram as a plotly FigureWidget; trace 4 is the line (updated by the tool)."""
    import plotly.graph_objects as go
    from .widgets import figure_widget

    from . import style

    style.use()
    ax_x, ax_y = [], []
    for x in (0, 1, 2):
        ax_x += [x, x, None]
        ax_y += [-Y_LIMIT, Y_LIMIT, None]
    left = [(-logit(v / 100), v) for v in P_TICKS]
    right = [(logit(v / 100), v) for v in P_TICKS]
    mid = [(math.log(v) / 2, v) for v in LR_TICKS]
    for x, ticks, d in ((0, left, -0.06), (1, mid, 0.06), (2, right, 0.06)):
        for y, _ in ticks:
            ax_x += [x, x + d, None]
            ax_y += [y, y, None]
    ink = "#333333"
    fig = go.Figure(layout=dict(
        height=640, margin=dict(l=10, r=10, t=70, b=20), showlegend=False,
        xaxis=dict(visible=False, range=[-0.75, 2.75], fixedrange=True),
        yaxis=dict(visible=False, range=[-Y_LIMIT - 0.5, Y_LIMIT + 0.5], fixedrange=True),
        title=dict(text="Fagan nomogram"),
        annotations=[dict(x=x, y=Y_LIMIT + 0.45, text=f"<b>{t}</b>", showarrow=False, xanchor="center",
                          yanchor="bottom", font=dict(size=14))
                     for x, t in ((0, "Pre-test probability (%)"), (1, "Likelihood ratio"),
                                  (2, "Post-test probability (%)"))]))
    fig.add_scatter(x=ax_x, y=ax_y, mode="lines", line=dict(color=ink, width=1.5), hoverinfo="skip")
    fig.add_scatter(x=[-0.08] * len(left), y=[y for y, _ in left], mode="text",
                    text=[_tick_label(v) for _, v in left], textposition="middle left",
                    textfont=dict(size=12, color=ink), hoverinfo="skip")
    fig.add_scatter(x=[1.08] * len(mid), y=[y for y, _ in mid], mode="text",
                    text=[_tick_label(v) for _, v in mid], textposition="middle right",
                    textfont=dict(size=12, color=ink), hoverinfo="skip")
    fig.add_scatter(x=[2.08] * len(right), y=[y for y, _ in right], mode="text",
                    text=[_tick_label(v) for _, v in right], textposition="middle right",
                    textfont=dict(size=12, color=ink), hoverinfo="skip")
    line, text = _fagan_line(pre, lr)
    fig.add_scatter(mode="lines+markers", line=dict(color=style.PALETTE["blue"], width=3),
                    marker=dict(size=[11, 11, 13], symbol=["circle", "diamond", "square"],
                                color=style.PALETTE["blue"], line=dict(color="white", width=1)),
                    hoverinfo="text", **line)
    fig.add_scatter(mode="text", textfont=dict(size=13, color=style.PALETTE["blue"]), hoverinfo="skip", **text)
    fig = figure_widget(fig)
    fig._fagan_state = (pre, lr)
    return fig


def _fagan_line(pre: float, lr: float) -> tuple[dict, dict]:
    """Data of the line trace and of its value labels."""
    xs, ys = fagan_points(pre, lr)
    post = post_test(pre, lr)
    line = dict(x=xs, y=ys, hovertext=[f"pre-test {pct(pre)}", f"likelihood ratio {lr:.3g}", f"post-test {pct(post)}"])
    text = dict(x=[-0.52, 1.35, 2.5], y=[y + 0.35 for y in ys],
                text=[f"<b>{pct(pre)}</b>", f"<b>LR {lr:.3g}</b>", f"<b>{pct(post)}</b>"])
    return line, text


def _update_fagan(fig, pre: float, lr: float) -> None:
    # Skip unchanged redraws: an update sent before the widget is first shown inside a box can
    # leave the line undrawn in JupyterLab (seen with plotly 7's FigureWidget), and it costs nothing.
    if getattr(fig, "_fagan_state", None) == (pre, lr):
        return
    line, text = _fagan_line(pre, lr)
    with fig.batch_update():
        fig.data[4].update(line)
        fig.data[5].update(text)
    fig._fagan_state = (pre, lr)


# --- the post-test probability tool -------------------------------------------------------------------

RESULTS = (("not done", ""), ("positive", "positive"), ("negative", "negative"))


def _refs(keys) -> str:
    """Short citations a student can read ('Bicket et al. 2016'), never raw bibliography keys."""
    from .references import short_cite

    return "; ".join(short_cite(k) for k in keys)


_TD = "style='text-align:left;vertical-align:top;padding:4px 8px;border-top:1px solid #ccc'"
_TABLE = "class='bm-table' style='border-collapse:collapse;margin:6px 0;width:100%'"


def _table(caption: str, head: list[str], rows: list[list[str]]) -> str:
    """An accessible HTML table, left-aligned, cells already escaped."""
    th = "".join(f"<th scope='col' {_TD}>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td {_TD}>{c}</td>" for c in r) + "</tr>" for r in rows)
    return (f"<table {_TABLE}><caption style='text-align:left;font-weight:bold'>{caption}</caption>"
            f"<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>")


def test_table_html(target: str) -> str:
    """The tests of one target condition with their accuracy, LRs (computed) and sources."""
    rows = [[html.escape(t.name), f"{t.sensitivity:.3g}", f"{t.specificity:.3g}", f"{t.lr_pos:.2f}",
             f"{t.lr_neg:.2f}", f"<small>{html.escape(t.population)} [{html.escape(_refs(t.refs))}]</small>"]
            for t in tests().values() if t.target == target]
    return _table("Tests for this condition: sensitivity and specificity from the sources; likelihood ratios "
                  "calculated from them",
                  ["Test", "Sensitivity", "Specificity", "LR+", "LR\u2212", "Where the numbers come from"], rows)


def posttest_summary(result: dict) -> str:
    steps = result["steps"]
    if not steps:
        return (f"Pre-test probability {pct(result['pre'])}. No test result chosen, so the likelihood ratio is 1 "
                f"and the post-test probability stays {pct(result['post'])}: the line passes through 1 on the "
                "middle axis and lands on the same value.")
    done = "; ".join(f"{s['test'].short} {s['result']} (LR {s['lr']:.2f})" for s in steps)
    text = (f"Pre-test probability {pct(result['pre'])}. Results: {done}. "
            f"{'Combined likelihood' if len(steps) > 1 else 'Likelihood'} ratio {result['lr']:.2f}. Post-test probability {pct(result['post'])}. "
            f"The line runs from {pct(result['pre'])} on the left axis through {result['lr']:.2f} in the middle "
            f"to {pct(result['post'])} on the right.")
    if len(steps) > 1:
        text += (" Two results were combined by multiplying their likelihood ratios, which assumes they are "
                 "independent; tests of the same thing rarely are, so the result overstates certainty.")
    return text


def posttest_tool(target: str = "sij", pre_percent: float = 20.0):
    """Choose a condition, a pre-test probability and test results; see the post-test probability."""
    import ipywidgets as w

    from .widgets import summary_html, tool

    def wide():  # a fresh Layout per widget: a shared one would hide them all together
        return dict(style={"description_width": "initial"}, layout=w.Layout(width="auto"))

    pick = w.Dropdown(options=[(t["name"], t["id"]) for t in targets()], value=target,
                      description="Condition:", **wide())
    pre = w.FloatSlider(value=pre_percent, min=0.1, max=99.0, step=0.1, description="Pre-test probability (%):",
                        readout_format=".1f", continuous_update=True,
                        style={"description_width": "initial"}, layout=w.Layout(width="520px"))
    selectors = {tid: w.Dropdown(options=RESULTS, value="", description=f"{t.short}:", **wide())
                 for tid, t in tests().items()}
    note, table, warn = w.HTML(), w.HTML(), w.HTML()
    fig = fagan_figure(pre_percent / 100, 1.0)
    box = None

    def results() -> dict[str, str]:
        return {tid: s.value for tid, s in selectors.items() if s.value and tests()[tid].target == pick.value}

    def redraw(*_):
        res = evaluate(pre.value / 100, results())
        _update_fagan(fig, res["pre"], res["lr"])
        warn.value = ("<p class='bm-warning'>\u26a0 <b>Two results combined.</b> Multiplying likelihood ratios "
                      "assumes conditional independence: that one test's result tells you nothing more about the "
                      "other's once you know whether the condition is present. Two leg-raise tests that stretch "
                      "the same nerve are unlikely to be independent, so the combined figure overstates "
                      "certainty. It is a teaching simplification.</p>") if len(res["steps"]) > 1 else ""
        box.summary.value = summary_html(posttest_summary(res))
        box.result = res

    def retarget(*_):
        tg = next(t for t in targets() if t["id"] == pick.value)
        for tid, s in selectors.items():
            s.layout.display = "" if tests()[tid].target == pick.value else "none"
        note.value = f"<p><small>{html.escape(' '.join(tg['pretest_note'].split()))}</small></p>"
        table.value = test_table_html(pick.value)
        redraw()

    controls = [pick, pre, *selectors.values()]
    box = tool("Post-test probability on a Fagan nomogram", controls, figure=fig, extra=(warn, note, table))
    box.pick, box.pre, box.selectors = pick, pre, selectors
    box.warning, box.note, box.table = warn, note, table
    for c in controls[1:]:
        c.observe(redraw, names="value")
    pick.observe(retarget, names="value")
    retarget()
    return box


# --- the differential explorer --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def conditions() -> list[dict]:
    return load("findings")["conditions"]


@lru_cache(maxsize=1)
def findings() -> list[dict]:
    known = {c["id"] for c in conditions()}
    out = load("findings")["findings"]
    for f in out:
        for e in f["effects"]:
            if e["condition"] not in known or e["direction"] not in ("supports", "against"):
                raise ValueError(f"finding {f['id']}: bad effect {e}")
        if f.get("red_flag"):
            urgency.level(f.get("urgency", ""))  # a red flag names a level of the scale (ValueError otherwise)
    return out


def explore(ticked: list[str]) -> dict:
    """For ticked finding ids: per condition, the findings that support it and argue against it."""
    by_id = {f["id"]: f for f in findings()}
    rows = {c["id"]: {"supports": [], "against": []} for c in conditions()}
    flags, assess = [], []
    for fid in ticked:
        f = by_id[fid]
        if f.get("red_flag"):
            flags.append(f)
        if f.get("assess"):
            assess.append(f)
        for e in f["effects"]:
            rows[e["condition"]][e["direction"]].append((f, e))
    level = urgency.most_urgent([f["urgency"] for f in flags])
    return {"rows": rows, "flags": flags, "assess": assess, "urgency": level, "ticked": [by_id[i] for i in ticked]}


def _number(fid: str) -> int:
    return next(i for i, f in enumerate(findings(), 1) if f["id"] == fid)


def explorer_table_html(result: dict) -> str:
    if not result["ticked"]:
        return "<p><i>Tick one or more findings to see what each one suggests.</i></p>"
    names = {c["id"]: c["name"] for c in conditions()}
    parts = []
    if result["flags"]:
        items = "".join(
            f"<li>{html.escape(f['text'])}: <b>{html.escape(urgency.name(f['urgency']))}</b>"
            + (f". {html.escape(' '.join(f['urgency_note'].split()))}" if f.get("urgency_note") else "") + "</li>"
            for f in result["flags"])
        parts.append(f"<div style='border-left:4px solid #D55E00;padding:4px 8px'>\u2691 <b>Red flag"
                     f"{'s' if len(result['flags']) > 1 else ''}</b>, each with its level on the course's urgency "
                     f"scale:<ul>{items}</ul>Refer at the highest level ticked (the fastest): "
                     f"<b>{html.escape(urgency.name(result['urgency']))}</b>. Neither a massage therapist nor a "
                     "chiropractor treats a red flag; both refer (section 5).</div>")
    for f in result["assess"]:
        parts.append(f"<p style='border-left:4px solid #D55E00;padding:4px 8px'>\u25cf <b>Needs medical "
                     f"assessment:</b> {html.escape(f['text'])}. {html.escape(' '.join(f['assess']['why'].split()))} "
                     f"<small>[{html.escape(_refs(f['assess']['refs']))}]</small></p>")
    rows = []
    for f in result["ticked"]:
        for e in f["effects"]:
            mark = "\u25b2&nbsp;supports" if e["direction"] == "supports" else "\u25bc&nbsp;argues&nbsp;against"
            rows.append([f"{_number(f['id'])}. {html.escape(f['text'])}", mark, html.escape(names[e["condition"]]),
                         f"{html.escape(e['why'])} <small>[{html.escape(_refs(e['refs']))}]</small>"])
    parts.append(_table("What each ticked finding suggests", ["Finding", "Direction", "Condition", "Why (sources)"],
                        rows))
    return "".join(parts)


def explorer_summary(result: dict) -> str:
    if not result["ticked"]:
        return "No finding ticked: the chart is empty."
    short = {c["id"]: c["short"] for c in conditions()}
    bits = []
    for cid, r in result["rows"].items():
        if r["supports"] or r["against"]:
            s = ", ".join(str(_number(f["id"])) for f, _ in r["supports"])
            a = ", ".join(str(_number(f["id"])) for f, _ in r["against"])
            bits.append(f"{short[cid]}: " + "; ".join(x for x in (f"supported by {s}" if s else "",
                                                                   f"argued against by {a}" if a else "") if x))
    flag = (f" A red flag is ticked: {urgency.name(result['urgency'])}." if result["flags"] else "")
    flag += "".join(f" Finding {_number(f['id'])} needs medical assessment." for f in result["assess"])
    return f"Findings ticked: {len(result['ticked'])}. " + ". ".join(bits) + "." + flag


def _explorer_traces(result: dict):
    short = {c["id"]: c["short"] for c in conditions()}
    sup, ag = ([], [], [], []), ([], [], [], [])
    for cid, r in result["rows"].items():
        for target, items, sign in ((sup, r["supports"], 1), (ag, r["against"], -1)):
            for k, (f, e) in enumerate(items, 1):
                target[0].append(sign * k)
                target[1].append(short[cid])
                target[2].append(str(_number(f["id"])))
                target[3].append(f"{_number(f['id'])}. {f['text']}<br>{'supports' if sign > 0 else 'argues against'} "
                                 f"{short[cid]}")
    return sup, ag


def explorer_tool(preset: tuple[str, ...] = ()):
    """Tick findings; a chart and a table show which conditions each supports or argues against."""
    import ipywidgets as w
    import plotly.graph_objects as go
    from .widgets import figure_widget

    from . import style
    from .widgets import summary_html, tool

    style.use()
    boxes = {}
    for i, f in enumerate(findings(), 1):
        boxes[f["id"]] = w.Checkbox(value=f["id"] in preset, description=f"{i}. {f['text']}" +
                                    (" \u2691" if f.get("red_flag") else "")
                                    + (" \u25cf" if f.get("assess") else ""), indent=False,
                                    layout=w.Layout(width="auto", margin="0 0 0 0"))
    names = [c["short"] for c in conditions()]
    fig = go.Figure(layout=dict(
        height=600, margin=dict(l=200, r=20, t=60, b=70), showlegend=True,
        legend=dict(orientation="h", y=-0.1, x=0),
        title=dict(text="Which conditions the ticked findings support (\u25b2) or argue against (\u25bc)"),
        xaxis=dict(title="\u2190 argues against     |     supports \u2192", zeroline=True, zerolinewidth=2,
                   zerolinecolor="#333", range=[-3.5, 3.5], dtick=1, showticklabels=False),
        yaxis=dict(categoryorder="array", categoryarray=names[::-1], type="category", range=[-0.5, len(names) - 0.5],
                   tickmode="array", tickvals=names, ticktext=names)))
    first = explore(list(preset))
    (sx, sy, st, sh), (ax, ay, at, ah) = _explorer_traces(first)
    fig.add_scatter(x=sx, y=sy, text=st, hovertext=sh, mode="markers+text", name="\u25b2 finding supports the condition",
                    marker=dict(symbol="triangle-up", size=20, color=style.GOOD, line=dict(color="white", width=1)),
                    textfont=dict(color="#000", size=13), textposition="middle right", hoverinfo="text")
    fig.add_scatter(x=ax, y=ay, text=at, hovertext=ah, mode="markers+text", name="\u25bc finding argues against it",
                    marker=dict(symbol="triangle-down", size=20, color=style.BAD, line=dict(color="white", width=1)),
                    textfont=dict(color="#000", size=13), textposition="middle left", hoverinfo="text")
    fig.add_scatter(x=[0] * len(names), y=names, mode="markers", marker=dict(opacity=0), showlegend=False,
                    hoverinfo="skip")  # keeps every condition on the axis
    fig = figure_widget(fig)
    table = w.HTML()
    box = None

    def reach(sup, ag):
        r = max([abs(x) for x in sup[0] + ag[0]] + [3])
        return [-r - 0.6, r + 0.6]

    fig.layout.xaxis.range = reach(*_explorer_traces(first))

    def redraw(*_, initial=False):
        result = explore([fid for fid, b in boxes.items() if b.value])
        if not initial:  # the first state is built into the figure (see _update_fagan)
            sup, ag = _explorer_traces(result)
            with fig.batch_update():
                for trace, (xs, ys, texts, hovers) in zip(fig.data[:2], (sup, ag)):
                    trace.x, trace.y, trace.text, trace.hovertext = xs, ys, texts, hovers
                fig.layout.xaxis.range = reach(sup, ag)
        table.value = explorer_table_html(result)
        box.summary.value = summary_html(explorer_summary(result))
        box.result = result

    sections, titles = [], []
    for g in load("findings")["groups"]:
        numbers = [i for i, f in enumerate(findings(), 1) if f["group"] == g["id"]]
        sections.append(w.VBox([boxes[findings()[i - 1]["id"]] for i in numbers]))
        titles.append(f"{g['title']} ({numbers[0]}\u2013{numbers[-1]})")
    tabs = w.Tab(children=sections, titles=titles)
    box = tool("Differential explorer", list(boxes.values()), figure=fig, extra=(table,))
    box.children = (box.children[0], w.HTML(f"<small>Findings are grouped in {len(tabs.children)} tabs; "
                                            "\u2691 marks a red flag, \u25cf a finding that needs "
                                            "medical assessment.</small>"), tabs, *box.children[2:])
    box.tabs, box.table = tabs, table
    box.boxes = boxes
    for b in boxes.values():
        b.observe(redraw, names="value")
    redraw(initial=True)
    return box


# --- red-flag triage --------------------------------------------------------------------------------------


def vignettes() -> list[dict]:
    return load("vignettes")["vignettes"]


def choices() -> list[tuple[str, str]]:
    """The triage choices: the levels of the course's urgency scale, (name, id), fastest first."""
    return urgency.choices()


def triage_feedback(vignette: dict, choice: str) -> tuple[bool, str]:
    """(right?, feedback text) for a decision on a vignette."""
    labels = {i: n for n, i in choices()}
    if choice not in labels:
        raise ValueError(f"choose one of {', '.join(labels)}")
    right = choice == vignette["answer"]
    why = " ".join(vignette["why"].split())
    if right:
        head = f"\u2713 Right ({labels[choice]}): "
    else:
        head = (f"\u2717 Not the best choice. The answer is {labels[vignette['answer']]}"
                f"{' (faster than your choice)' if urgency.more_urgent(vignette['answer'], choice) else ''}. ")
    return right, f"{head}{why} [{_refs(vignette['refs'])}]"


def triage_tool():
    """One vignette at a time: choose a level of the course's urgency scale, then read why."""
    import ipywidgets as w

    from .quiz import inline_markdown
    from .widgets import summary_html, tool

    items = vignettes()
    pick = w.Dropdown(options=[(f"Vignette {i}: {v['title']}", i - 1) for i, v in enumerate(items, 1)], value=0,
                      description="Vignette:", style={"description_width": "initial"}, layout=w.Layout(width="auto"))
    decision = w.RadioButtons(options=choices(), value=None,
                              description="Your decision:", style={"description_width": "initial"},
                              layout=w.Layout(width="auto"))
    check = w.Button(description="Check my decision", icon="check", layout=w.Layout(width="auto"))
    text, feedback = w.HTML(), w.HTML()
    key = w.HTML(urgency.key_html())
    answered: dict[int, bool] = {}
    box = None

    def tally() -> str:
        right = sum(answered.values())
        return (f"Vignette {pick.value + 1} of {len(items)}. You have checked {len(answered)} "
                f"vignette{'s' if len(answered) != 1 else ''}; {right} right at your last try.")

    def show(*_):
        v = items[pick.value]
        text.value = (f"<div style='border-left:4px solid #0072B2;padding:4px 10px'><p><b>{html.escape(v['title'])}"
                      f"</b> <small>(fictional)</small></p><p>{inline_markdown(' '.join(v['text'].split()))}</p></div>")
        decision.value = None
        feedback.value = ""
        box.summary.value = summary_html(tally())

    def on_check(*_):
        if decision.value is None:
            feedback.value = "<p role='status'>\u2717 Choose a decision first.</p>"
            return
        right, msg = triage_feedback(items[pick.value], decision.value)
        answered[pick.value] = right
        feedback.value = f"<div role='status' aria-live='polite'><p>{html.escape(msg)}</p></div>"
        box.summary.value = summary_html(tally())

    box = tool("Red-flag triage", [pick, decision, check], extra=(feedback, w.HTML("<b>What the choices mean</b> (the course's one urgency scale)"), key))
    box.children = (box.children[0], w.VBox([pick, text, decision, check]), *box.children[2:])
    box.pick, box.decision, box.check, box.feedback, box.text = pick, decision, check, feedback, text
    box.answered = answered
    pick.observe(show, names="value")
    check.on_click(on_check)
    show()
    return box


# --- static figures -------------------------------------------------------------------------------------


def presentation_figure():
    """Lesson 03: what a case series of 35 people treated for back mice reported (Motyka 2000)."""
    from plotly.subplots import make_subplots

    from . import style

    style.use()
    d = load("presentation")["motyka"]
    fig = make_subplots(rows=2, cols=1, row_heights=[0.55, 0.45], vertical_spacing=0.3,
                        subplot_titles=("Symptoms reported (% of the 35 patients)",
                                        "How long symptoms had lasted before treatment"))
    labels = [s["label"] for s in d["symptoms"]]
    values = [s["percent"] for s in d["symptoms"]]
    fig.add_bar(x=values, y=labels, orientation="h", text=[f"{v}%" for v in values], textposition="outside",
                marker=dict(color=style.PALETTE["blue"], line=dict(color="#333", width=1)),
                hovertemplate="%{y}: %{x}%<extra></extra>", row=1, col=1)
    w = d["duration_weeks"]
    fig.add_scatter(x=[w["low"], w["high"]], y=["range", "range"], mode="lines+markers+text",
                    line=dict(color=style.PALETTE["grey"], width=6), marker=dict(size=14, symbol="line-ns-open"),
                    text=["shortest: 3 weeks", "longest: 10 years"], textposition=["bottom right", "bottom left"],
                    hoverinfo="skip", row=2, col=1)
    fig.add_scatter(x=[w["median"]], y=["range"], mode="markers+text", text=["median: 8 weeks"],
                    textposition="top center", marker=dict(size=16, symbol="diamond", color=style.PALETTE["orange"],
                                                           line=dict(color="#333", width=1)),
                    hoverinfo="skip", row=2, col=1)
    fig.update_xaxes(range=[0, 50], title_text="% of the 35 patients", row=1, col=1)
    fig.update_yaxes(autorange="reversed", row=1, col=1)
    fig.update_xaxes(type="log", range=[math.log10(2), math.log10(800)], title_text="time (logarithmic scale)",
                     tickvals=[3, 8, 26, 52, 104, 260, 521.4],
                     ticktext=["3 wk", "8 wk", "6 mo", "1 yr", "2 yr", "5 yr", "10 yr"], row=2, col=1)
    fig.update_yaxes(visible=False, row=2, col=1)
    fig.update_layout(title="What a case series of 35 people treated for back mice reported (Motyka 2000)",
                      height=470, showlegend=False, margin=dict(l=250, r=40, t=90, b=60))
    return fig


def redflag_figure():
    """Lesson 04: most people with low back pain have a red flag; few have serious disease; some flags weigh more."""
    from plotly.subplots import make_subplots

    from . import style

    style.use()
    d = load("presentation")
    h, dn = d["henschke2009"], d["downie2013_fracture"]
    fig = make_subplots(rows=2, cols=1, row_heights=[0.3, 0.7], vertical_spacing=0.2,
                        subplot_titles=("1172 primary-care patients with acute low back pain (Henschke 2009)",
                                        "Probability of a fracture when the flag is present (Downie 2013)"))
    fig.add_bar(x=[b["percent"] for b in h["bars"]], y=[b["label"] for b in h["bars"]], orientation="h",
                text=[f"{b['percent']}%" for b in h["bars"]], textposition="outside", cliponaxis=False,
                marker=dict(color=[style.PALETTE["orange"], style.PALETTE["vermillion"]],
                            line=dict(color="#333", width=1), pattern=dict(shape=["", "x"])),
                hovertemplate="%{y}: %{x}%<extra></extra>", row=1, col=1)
    flags = dn["flags"]
    fig.add_scatter(x=[f["percent"] for f in flags], y=[f["label"] for f in flags], mode="markers+text",
                    text=[f"{f['percent']}%" for f in flags], textposition="top center", cliponaxis=False,
                    error_x=dict(type="data", symmetric=False, array=[f["high"] - f["percent"] for f in flags],
                                 arrayminus=[f["percent"] - f["low"] for f in flags], color="#555", thickness=2),
                    marker=dict(size=12, symbol="diamond", color=style.PALETTE["blue"], line=dict(color="#333", width=1)),
                    hovertemplate="%{y}: %{x}%<extra></extra>", row=2, col=1)
    fig.update_xaxes(range=[0, 100], title_text="% of patients", row=1, col=1)
    fig.update_yaxes(autorange="reversed", row=1, col=1)
    fig.update_xaxes(range=[0, 100], title_text="post-test probability of fracture, % (line: 95% confidence interval)",
                     row=2, col=1)
    fig.update_yaxes(range=[len(flags) - 0.5, -0.9], row=2, col=1)
    for ann in fig.layout.annotations:  # subplot titles: left-aligned, a little smaller
        ann.update(x=0, xanchor="left", font=dict(size=15))
    fig.update_layout(title="Red flags in low back pain: common, and most carry little weight",
                      height=620, showlegend=False, margin=dict(l=230, r=40, t=90, b=60))
    return fig
