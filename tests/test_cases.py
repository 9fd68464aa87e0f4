"""backmice.cases: the virtual patients (fictional teaching cases) of lessons 03 and 04."""

import pytest

from backmice import cases, references

BIB = references.bibliography()
REQUIRED = {"typical_back_mouse", "atypical_back_mouse", "cluneal_entrapment", "lipoma",
            "sarcoma_red_flags", "lumbar_hernia", "radicular_pain"}


def test_the_issues_cases_exist():
    assert REQUIRED <= set(cases.load()) and len(cases.load()) >= 6


@pytest.mark.parametrize("cid", sorted(REQUIRED))
def test_case_is_complete_and_cites_real_sources(cid):
    case = cases.load()[cid]
    assert len(case["steps"]) >= 2 and all(s["title"] and s["text"] for s in case["steps"])
    keys = set(case["refs"]) | set(references.cited_keys(case["debrief"]))
    assert keys and keys <= BIB.keys(), keys - BIB.keys()
    assert set(references.cited_keys(case["debrief"])) <= set(case["refs"]), "refs lists every key the debrief cites"
    text = (cases.step_html(case, len(case["steps"])))
    assert "fictional" in text


def test_decisions_have_one_best_answer_and_feedback_for_each():
    bests = {c["decision"]["best"] for c in cases.load().values()}
    assert bests == {"urgent", "routine"}  # no case where doing nothing is the best answer for an unassessed lump
    case = cases.load()["sarcoma_red_flags"]
    assert cases.decide(case, "urgent")[0] is True
    best, text = cases.decide(case, "scope")
    assert not best and text.startswith("\u2717") and "Unsafe" in text
    with pytest.raises(ValueError):
        cases.decide(case, "wait")


def test_step_html_reveals_steps_one_by_one():
    case = cases.load()["typical_back_mouse"]
    assert "Step 1." in cases.step_html(case, 1) and "Step 2." not in cases.step_html(case, 1)
    assert "Step 4." in cases.step_html(case, 4)


def test_case_tool_walks_through_a_case():
    box = cases.case_tool(["typical_back_mouse", "sarcoma_red_flags"])
    assert "1 of 4 steps" in box.summary.value and box.decision.layout.display == "none"
    for _ in range(3):
        box.reveal.click()
    assert "All 4 steps shown" in box.summary.value and box.decision.layout.display == ""
    assert box.reveal.layout.display == "none"
    box.submit.click()
    assert "Choose a decision first" in box.debrief.value
    box.decision.value = "routine"
    box.submit.click()
    assert "Best choice" in box.debrief.value and "Debrief" in box.debrief.value
    assert "best choice" in box.summary.value
    box.pick.value = "sarcoma_red_flags"
    assert box.debrief.value == "" and box.decision.value is None and "1 of 3 steps" in box.summary.value


def test_bad_case_file_is_refused(own_assets):
    assets = own_assets(cases.load)
    (assets / "cases").mkdir()
    (assets / "cases" / "x.yaml").write_text("id: y\ndecision: {best: routine, feedback: {}}\nsteps: [a]\n")
    with pytest.raises(ValueError, match="id must be x"):
        cases.load()
