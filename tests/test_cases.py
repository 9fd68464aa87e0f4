"""backmice.cases: the virtual patients (fictional teaching cases) of lessons 03 and 04."""

import pytest

from backmice import cases, references, schema, urgency
from conftest import ROOT

BIB = references.bibliography()
REQUIRED = {"typical_back_mouse", "atypical_back_mouse", "cluneal_entrapment", "lipoma",
            "sarcoma_red_flags", "lumbar_hernia", "radicular_pain", "cauda_equina"}


def test_the_issues_cases_exist():
    assert REQUIRED <= set(cases.load()) and len(cases.load()) >= 6


@pytest.mark.parametrize("cid", sorted(REQUIRED))
def test_case_is_complete_and_cites_real_sources(cid):
    case = cases.load()[cid]
    assert len(case.steps) >= 2 and all(s.title and s.text for s in case.steps)
    keys = set(case.refs) | set(references.cited_keys(case.debrief))
    assert keys and keys <= BIB.keys(), keys - BIB.keys()
    assert set(references.cited_keys(case.debrief)) <= set(case.refs), "refs lists every key the debrief cites"
    text = (cases.step_html(case, len(case.steps)))
    assert "fictional" in text


def test_decisions_are_levels_of_the_one_scale_with_feedback_for_each():
    assert cases.DECISIONS == tuple(urgency.choices())
    for cid, case in cases.load().items():
        assert case.decision.best in urgency.ids(), cid
        assert set(case.decision.feedback) == set(urgency.ids()), cid
    bests = {c.decision.best for c in cases.load().values()}
    # no case where doing nothing is the best answer for an unassessed lump
    assert bests == {"emergency", "urgent_cancer", "routine"}
    case = cases.load()["sarcoma_red_flags"]
    assert case.decision.best == "urgent_cancer" and cases.decide(case, "urgent_cancer")[0] is True
    best, text = cases.decide(case, "scope")
    assert not best and text.startswith("\u2717") and "Unsafe" in text
    with pytest.raises(ValueError):
        cases.decide(case, "urgent")  # the old three-way choice is gone


def test_cauda_equina_case_is_an_emergency_and_names_every_warning_sign():
    case = cases.load()["cauda_equina"]
    assert case.decision.best == "emergency" and case.family == "cauda_equina"
    text = " ".join([case.debrief, *[s.text for s in case.steps]]).lower()
    for sign in ("saddle", "both legs", "urine", "rectum", "sexual"):
        assert sign in text, sign
    assert "emergency department" in " ".join(case.decision.feedback["emergency"].split())


def test_safety_nets_name_what_to_watch_for():
    radicular = " ".join(cases.load()["radicular_pain"].debrief.split()).lower()  # review C2
    for sign in ("saddle", "passing urine", "bowel", "both legs", "sexual", "emergency"):
        assert sign in radicular, sign
    hernia = " ".join(cases.load()["lumbar_hernia"].debrief.split()).lower()  # review M14
    for sign in ("painful", "tense", "pushed back", "vomiting", "emergency"):
        assert sign in hernia, sign
    assert "nhsbordershernia" in cases.load()["lumbar_hernia"].refs


def test_step_html_reveals_steps_one_by_one():
    case = cases.load()["typical_back_mouse"]
    assert "Step 1." in cases.step_html(case, 1) and "Step 2." not in cases.step_html(case, 1)
    assert "Step 4." in cases.step_html(case, 4)


def test_case_tool_walks_through_a_case():
    box = cases.case_tool(["typical_back_mouse", "sarcoma_red_flags"])
    assert "1 of 4 steps" in box.summary.value and box["decision"].layout.display == "none"
    for _ in range(3):
        box["reveal"].click()
    assert "All 4 steps shown" in box.summary.value and box["decision"].layout.display == ""
    assert box["reveal"].layout.display == "none"
    box["submit"].click()
    assert "Choose a decision first" in box.debrief.value
    box["decision"].value = "routine"
    box["submit"].click()
    assert "Best choice" in box.debrief.value and "Debrief" in box.debrief.value
    assert "best choice" in box.summary.value
    box["patient"].value = "sarcoma_red_flags"
    assert box.debrief.value == "" and box["decision"].value is None and "1 of 3 steps" in box.summary.value


def _case_file(own_assets, text):
    """A fake assets folder holding cases/x.yaml (``text``) and the case schema."""
    assets = own_assets(cases.load)
    (assets / "cases").mkdir(exist_ok=True)
    (assets / "schemas").mkdir(exist_ok=True)
    (assets / "schemas" / "case.schema.json").write_bytes((ROOT / "assets" / "schemas" / "case.schema.json").read_bytes())
    schema._validator.cache_clear()
    (assets / "cases" / "x.yaml").write_text(text, encoding="utf-8")


FEEDBACK = "{" + ", ".join(f"{i}: f" for i in urgency.ids()) + "}"
CASE = "family: none\ntitle: t\nintro: i\nsteps: [{title: a, text: b}]\ndebrief: d\nrefs: [curtis2000]\n"


def test_bad_case_file_is_refused(own_assets):
    _case_file(own_assets, f"id: y\ndecision: {{best: routine, feedback: {FEEDBACK}}}\n" + CASE)
    with pytest.raises(ValueError, match="x.yaml: id must be x"):
        cases.load()
    schema._validator.cache_clear()


def test_a_case_must_decide_on_the_scale_with_feedback_for_every_level(own_assets):
    _case_file(own_assets, "id: x\ndecision: {best: urgent, feedback: " + FEEDBACK + "}\n" + CASE)
    with pytest.raises(ValueError, match="x.yaml: the best decision must be a level of the urgency scale"):
        cases.load()
    _case_file(own_assets, "id: x\ndecision: {best: routine, feedback: {routine: f}}\n" + CASE)
    with pytest.raises(ValueError, match="x.yaml: give feedback for every level of the urgency scale"):
        cases.load()
    schema._validator.cache_clear()


def test_a_malformed_case_file_is_refused_in_plain_words(own_assets):
    _case_file(own_assets, f"id: x\ndecision: {{best: routine, feedback: {FEEDBACK}}}\n" + CASE.replace("[{title: a, text: b}]", "[a]"))
    with pytest.raises(ValueError, match=r"x.yaml, steps/0: 'a' is not of type 'object'"):
        cases.load()
    schema._validator.cache_clear()
