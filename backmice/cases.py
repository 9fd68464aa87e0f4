"""Virtual patients (lessons 03 and 04): fictional cases in ``assets/cases/*.yaml``.

Each case reveals its history and examination step by step, then asks for a decision on the
course's one referral-urgency scale (``backmice.urgency``: emergency, same day, urgent suspected-cancer
referral, routine referral, within scope with safety-netting) and shows the
debrief. A case's ``decision.best`` is a level id and ``decision.feedback`` has an entry for every
level.
``case_tool(ids)`` builds the widget; ``load()``, ``decide()`` and ``step_html()`` are pure.
"""

from __future__ import annotations

import html
from functools import lru_cache

from . import paths, urgency

DECISIONS = tuple(urgency.choices())  # (name, level id), fastest first
VERDICTS = {"best": "\u2713 Best choice.", "other": "\u2717 Not the best choice."}


@lru_cache(maxsize=1)
def load() -> dict[str, dict]:
    """Every case, by id (file order: alphabetical by file name)."""
    cases = {}
    for path in sorted((paths.assets() / "cases").glob("*.yaml")):
        case = paths.read_yaml(path)
        if case.get("id") != path.stem:
            raise ValueError(f"{path.name}: id must be {path.stem}")
        ids = [v for _, v in DECISIONS]
        if case["decision"]["best"] not in ids:
            raise ValueError(f"{path.name}: the best decision must be a level of the urgency scale: {', '.join(ids)}")
        if set(case["decision"]["feedback"]) != set(ids):
            raise ValueError(f"{path.name}: give feedback for every level of the urgency scale: {', '.join(ids)}")
        if not case.get("steps"):
            raise ValueError(f"{path.name}: a case needs steps")
        cases[case["id"]] = case
    return cases


def _text(s: str) -> str:
    from .quiz import inline_markdown

    return inline_markdown(" ".join(str(s).split()))


def step_html(case: dict, shown: int) -> str:
    """The first ``shown`` steps of a case."""
    parts = [f"<p><b>{html.escape(case['title'])}</b> <small>(fictional teaching case; details are "
             f"illustrative)</small><br><i>{_text(case['intro'])}</i></p>"]
    for i, step in enumerate(case["steps"][:shown], 1):
        parts.append(f"<p><b>Step {i}. {html.escape(step['title'])}.</b> {_text(step['text'])}</p>")
    return "<div style='border-left:4px solid #0072B2;padding:4px 10px'>" + "".join(parts) + "</div>"


def decide(case: dict, choice: str) -> tuple[bool, str]:
    """(best?, feedback) for a decision, with the case's debrief."""
    feedback = case["decision"]["feedback"]
    if choice not in feedback:
        raise ValueError(f"choose one of {', '.join(feedback)}")
    best = choice == case["decision"]["best"]
    text = " ".join(feedback[choice].split())
    return best, f"{VERDICTS['best' if best else 'other']} {text[:1].upper()}{text[1:]}"


def debrief_html(case: dict, choice: str) -> str:
    best, verdict = decide(case, choice)
    return (f"<div role='status' aria-live='polite'><p><b>{html.escape(verdict)}</b></p>"
            f"<p><b>Debrief.</b> {_text(case['debrief'])}</p></div>")


def case_tool(ids: tuple[str, ...] | list[str] | None = None):
    """Work through virtual patients: reveal each step, decide, read the debrief."""
    import ipywidgets as w

    from .widgets import summary_html, tool

    cases = load()
    ids = list(ids or cases)
    pick = w.Dropdown(options=[(cases[i]["title"], i) for i in ids], value=ids[0], description="Patient:",
                      style={"description_width": "initial"}, layout=w.Layout(width="auto"))
    reveal = w.Button(description="Next step", icon="arrow-down", layout=w.Layout(width="auto"))
    decision = w.RadioButtons(options=DECISIONS, value=None, description="Your decision:",
                              style={"description_width": "initial"}, layout=w.Layout(width="auto", display="none"))
    submit = w.Button(description="Submit my decision", icon="check",
                      layout=w.Layout(width="auto", display="none"))
    story, debrief = w.HTML(), w.HTML()
    state = {"shown": 1}
    box = None

    def render():
        case = cases[pick.value]
        n = len(case["steps"])
        story.value = step_html(case, state["shown"])
        more = state["shown"] < n
        reveal.layout.display = "" if more else "none"
        if more:
            reveal.description = f"Next step: {case['steps'][state['shown']]['title']}"
        decision.layout.display = "none" if more else ""
        submit.layout.display = "none" if more else ""
        where = (f"{state['shown']} of {n} steps shown." if more else
                 f"All {n} steps shown: choose your decision and submit it.")
        box.summary.value = summary_html(f"{case['title']}. {where}")

    def on_pick(*_):
        state["shown"] = 1
        decision.value = None
        debrief.value = ""
        render()

    def on_reveal(*_):
        state["shown"] = min(state["shown"] + 1, len(cases[pick.value]["steps"]))
        render()

    def on_submit(*_):
        if decision.value is None:
            debrief.value = "<p role='status'>\u2717 Choose a decision first.</p>"
            return
        debrief.value = debrief_html(cases[pick.value], decision.value)
        best, _ = decide(cases[pick.value], decision.value)
        box.summary.value = summary_html(f"{cases[pick.value]['title']}. Decision submitted: "
                                         f"{dict((v, k) for k, v in DECISIONS)[decision.value]}"
                                         f" ({'best choice' if best else 'not the best choice'}). Debrief shown.")

    box = tool("Virtual patients", [pick, reveal, decision, submit], extra=(debrief,))
    box.children = (box.children[0], w.VBox([pick, story, reveal, decision, submit]), *box.children[2:])
    box.pick, box.reveal, box.decision, box.submit, box.story, box.debrief = pick, reveal, decision, submit, story, debrief
    box.state = state
    pick.observe(on_pick, names="value")
    reveal.on_click(on_reveal)
    submit.on_click(on_submit)
    render()
    return box
