"""backmice.diagnosis: accuracy arithmetic, the Fagan nomogram, and the tools of lessons 03-04."""

import dataclasses
import json
import math
import re
import subprocess
import sys

import pytest

from backmice import accuracy, cases, diagnosis as d, quiz, references, schema, urgency
from conftest import ROOT

BIB = references.bibliography()

# The dossier's numbers (anatomy_differentials_appraisal.md 2.5, 2.6, 2.9), all VERIFIED there.
DOSSIER = {"slr": (0.91, 0.26), "cslr": (0.29, 0.88), "sicluster": (0.94, 0.78), "acr1990": (0.884, 0.811)}
# ... and the [calc] likelihood ratios the dossier derives from them
DOSSIER_LR = {"slr": (1.2, 0.35), "cslr": (2.4, 0.81), "sicluster": (4.3, 0.08), "acr1990": (4.7, 0.14)}


# --- data ------------------------------------------------------------------------------------------

def test_test_accuracy_is_exactly_the_dossiers():
    got = {tid: (t.sensitivity, t.specificity) for tid, t in d.tests().items()}
    assert got == DOSSIER


@pytest.mark.parametrize("tid", DOSSIER)
def test_likelihood_ratios_match_the_dossiers_calculation(tid):
    t = d.tests()[tid]
    pos, neg = DOSSIER_LR[tid]
    assert t.lr_pos == pytest.approx(pos, abs=0.05) and t.lr_neg == pytest.approx(neg, abs=0.01)


def test_every_test_belongs_to_a_target_and_every_target_has_a_test():
    targets = {t.id for t in d.targets()}
    assert {t.target for t in d.tests().values()} == targets


def _keys_in(obj):
    """Citation keys in a data structure (mappings, lists, dataclasses): refs lists and [@key] in text."""
    if dataclasses.is_dataclass(obj):
        return _keys_in(dataclasses.asdict(obj))
    if isinstance(obj, dict):
        keys = set(obj.get("refs", [])) if isinstance(obj.get("refs"), (list, tuple)) else set()
        return keys | {k for v in obj.values() for k in _keys_in(v)}
    if isinstance(obj, (list, tuple)):
        return {k for v in obj for k in _keys_in(v)}
    if isinstance(obj, str):
        return set(references.cited_keys(obj))
    return set()


DATA = ["tests", "findings", "vignettes", "presentation"]


@pytest.mark.parametrize("name", DATA)
def test_data_files_cite_real_references(name):
    keys = _keys_in(d.load(name))
    assert keys and keys <= BIB.keys(), keys - BIB.keys()


def test_every_finding_effect_has_a_reason_and_a_source():
    used = set()
    for f in d.findings():
        assert f.effects, f.id
        assert f.group in {g.id for g in d.groups()}
        for e in f.effects:
            assert e.why.strip() and e.refs, (f.id, e)
            used.add(e.condition)
    assert used == {c.id for c in d.conditions()}, "every condition is reachable"
    ids = [f.id for f in d.findings()]
    assert len(ids) == len(set(ids))


def test_findings_do_not_invent_probabilities():
    """Rule-based: reasons may quote sourced numbers, but there is no probability field."""
    for f in d.load("findings")["findings"]:
        for e in f["effects"]:
            assert set(e) == {"condition", "direction", "why", "refs"}


def _findings_file(own_assets, text):
    """A fake assets folder holding diagnosis_findings.yaml (``text``) and its schema."""
    root = own_assets(d.load, d.findings, d.conditions)
    (root / "data").mkdir(exist_ok=True)
    (root / "schemas").mkdir(exist_ok=True)
    name = "diagnosis_findings.schema.json"
    (root / "schemas" / name).write_bytes((ROOT / "assets" / "schemas" / name).read_bytes())
    schema._validator.cache_clear()
    (root / "data" / "diagnosis_findings.yaml").write_text(text, encoding="utf-8")


GOOD_CONDITION = "conditions: [{id: backmouse, name: Back mouse, short: Back mouse, features: f, refs: [curtis2000]}]\n"


def test_bad_effect_is_refused(own_assets):
    _findings_file(own_assets, GOOD_CONDITION + "groups: []\nfindings:\n  - {id: x, group: lump, text: x, effects: "
                   "[{condition: nope, direction: supports, why: w, refs: [curtis2000]}]}\n")
    with pytest.raises(ValueError, match="diagnosis_findings.yaml, finding x: bad effect"):
        d.findings()
    schema._validator.cache_clear()


def test_a_malformed_findings_file_is_refused_in_plain_words(own_assets):
    _findings_file(own_assets, GOOD_CONDITION + "groups: []\nfindings:\n  - {id: x, group: lump, text: x, effects: "
                   "[{condition: backmouse, direction: maybe, why: w, refs: [curtis2000]}]}\n")
    with pytest.raises(ValueError, match=r"diagnosis_findings.yaml, findings/0/effects/0/direction: 'maybe' is not one of"):
        d.findings()
    schema._validator.cache_clear()


# --- arithmetic ---------------------------------------------------------------------------------------

def test_the_arithmetic_is_the_courses_one_copy():
    for name in ("lr_positive", "lr_negative", "to_odds", "to_probability", "post_test", "check_fraction"):
        assert getattr(d, name) is getattr(accuracy, name), name


def test_the_models_import_neither_plotly_nor_ipywidgets():
    code = ("import sys; from backmice import cases, diagnosis, record; diagnosis.tests(); cases.load(); "
            "assert not {'plotly', 'ipywidgets'} & set(sys.modules), sorted({'plotly', 'ipywidgets'} & set(sys.modules))")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_likelihood_ratio_formulas():
    assert d.lr_positive(0.94, 0.78) == pytest.approx(0.94 / 0.22)
    assert d.lr_negative(0.94, 0.78) == pytest.approx(0.06 / 0.78)
    assert d.lr_positive(0.5, 0.5) == pytest.approx(1) and d.lr_negative(0.5, 0.5) == pytest.approx(1)
    assert d.lr_positive(0.9, 1.0) == math.inf
    with pytest.raises(ValueError):
        d.lr_negative(0.9, 0)
    for bad in (-0.1, 1.1):
        with pytest.raises(ValueError, match="proportion"):
            d.lr_positive(bad, 0.5)


def test_odds_round_trip_and_limits():
    for p in (0.001, 0.2, 0.5, 0.9, 0.999):
        assert d.to_probability(d.to_odds(p)) == pytest.approx(p)
    assert d.to_odds(0.2) == pytest.approx(0.25)
    assert d.to_probability(math.inf) == 1.0
    with pytest.raises(ValueError):
        d.to_odds(1)
    with pytest.raises(ValueError):
        d.to_probability(-1)


def test_post_test_worked_examples_of_the_lesson():
    sn, sp = DOSSIER["sicluster"]
    assert d.post_test(0.20, d.lr_positive(sn, sp)) == pytest.approx(0.516, abs=0.001)    # "52%"
    assert d.post_test(0.20, d.lr_negative(sn, sp)) == pytest.approx(0.0189, abs=0.0005)  # "1.9%"
    assert d.post_test(0.25, d.lr_positive(sn, sp)) == pytest.approx(0.5875, abs=0.001)   # self-check dd-posttest


def test_post_test_is_monotonic_and_neutral_at_lr_1():
    pres = [0.01, 0.1, 0.3, 0.5, 0.8, 0.95]
    lrs = [0.05, 0.3, 1, 2.4, 10]
    for p in pres:
        assert d.post_test(p, 1.0) == pytest.approx(p)
        outs = [d.post_test(p, lr) for lr in lrs]
        assert outs == sorted(outs) and all(0 <= x <= 1 for x in outs)
    for lr in lrs:
        outs = [d.post_test(p, lr) for p in pres]
        assert outs == sorted(outs)
    assert d.post_test(0.0, 100) == 0.0
    with pytest.raises(ValueError):
        d.post_test(0.5, -1)


def test_evaluate_chains_results_and_equals_the_product():
    res = d.evaluate(0.2, {"slr": "positive", "cslr": "positive"})
    assert len(res["steps"]) == 2 and res["steps"][1]["before"] == pytest.approx(res["steps"][0]["after"])
    assert res["lr"] == pytest.approx(d.tests()["slr"].lr_pos * d.tests()["cslr"].lr_pos)
    assert res["post"] == pytest.approx(res["steps"][-1]["after"])
    assert d.evaluate(0.2, {})["post"] == pytest.approx(0.2)
    with pytest.raises(ValueError):
        d.result_lr("slr", "maybe")


def test_percent_formatting():
    assert d.pct(0.516) == "51.6%" and d.pct(0.2) == "20%" and d.pct(0.0019) == "0.19%"
    assert d.pct(0.9995) == "99.95%"


def test_fagan_points_are_collinear_and_clipped():
    for p in (0.001, 0.05, 0.2, 0.5, 0.9):
        for lr in (0.01, 0.3, 1, 4.27, 50):
            xs, ys = d.fagan_points(p, lr)
            post = d.post_test(p, lr)
            if 0.001 <= post <= 0.999:
                assert ys[1] == pytest.approx((ys[0] + ys[2]) / 2), (p, lr)
                assert ys[2] == pytest.approx(d.logit(post))
    _, ys = d.fagan_points(0.99, 1000)
    assert max(map(abs, ys)) <= d.Y_LIMIT


def test_fagan_axes_label_pre_test_top_to_bottom_like_the_classic():
    fig = d.fagan_figure()
    left = fig.data[1]
    assert list(left.text)[0] == "0.1" and left.y[0] > left.y[-1]       # 0.1% at the top on the left
    right = fig.data[3]
    assert right.y[0] < right.y[-1]                                    # 99.9% at the top on the right
    titles = [a.text for a in fig.layout.annotations]
    assert any("Pre-test" in t for t in titles) and any("Likelihood ratio" in t for t in titles)
    assert any("Post-test" in t for t in titles) and "Fagan" in fig.layout.title.text


# --- the tools -------------------------------------------------------------------------------------------


def test_posttest_tool_updates_line_and_summary():
    box = d.posttest_tool(target="sij", pre_percent=20)
    line = box.figure.data[4]
    flat = list(line.y)
    assert flat[0] == pytest.approx(-flat[2]) and "No test result" in box.summary.value
    box["sicluster"].value = "positive"
    assert "51.6%" in box.summary.value and list(box.figure.data[5].text)[2] == "<b>51.6%</b>"
    assert list(line.y) != flat
    box["pre"].value = 25
    assert "58.8%" in box.summary.value
    box["sicluster"].value = "negative"
    assert box.state["result"]["post"] < 0.03


def test_posttest_tool_keeps_to_the_chosen_condition_and_warns_on_combining():
    box = d.posttest_tool(target="sij")
    box["sicluster"].value = "positive"
    box["condition"].value = "disc"
    assert box["sicluster"].layout.display == "none" and box["slr"].layout.display == ""
    assert box.state["result"]["steps"] == [] and "conditional independence" not in box.warning.value
    box["slr"].value = "positive"
    box["cslr"].value = "positive"
    assert len(box.state["result"]["steps"]) == 2 and "conditional independence" in box.warning.value
    assert "overstates certainty" in box.summary.value
    assert "Straight leg raise" in box.table.value  # the accuracy table of the chosen condition


def test_tools_with_sliders_keep_the_slider_labeller():
    for box in (d.posttest_tool(),):  # record_builder: tests/test_record.py
        assert box.labeller is not None and box.labeller in box.widget.children



def test_explore_is_rule_based():
    res = d.explore(["mobile", "neuro_deficit"])
    assert [f.id for f, _ in res["rows"]["backmouse"]["supports"]] == ["mobile"]
    assert [f.id for f, _ in res["rows"]["backmouse"]["against"]] == ["neuro_deficit"]
    assert [f.id for f, _ in res["rows"]["radicular"]["supports"]] == ["neuro_deficit"]
    assert [f.id for f in res["flags"]] == ["neuro_deficit"] and res["urgency"] == "routine"
    assert d.explore(["hard_fixed"])["flags"][0].id == "hard_fixed"
    assert d.explore(["hard_fixed"])["urgency"] == "urgent_cancer"
    # the fastest level ticked wins
    assert d.explore(["hard_fixed", "ces_signs", "neuro_deficit"])["urgency"] == "emergency"
    assert d.explore(["mobile"])["flags"] == [] and d.explore(["mobile"])["urgency"] is None


def test_red_flags_name_their_level_and_neuro_deficit_is_one():
    by_id = {f.id: f for f in d.findings()}
    assert by_id["neuro_deficit"].red_flag is True  # review M3
    assert by_id["ces_signs"].urgency == "emergency" and by_id["infection_signs"].urgency == "emergency"
    assert by_id["progressive_deficit"].urgency == "same_day"
    for fid in ("big_growing", "hard_fixed", "recurrent"):
        assert by_id[fid].urgency == "urgent_cancer", fid
    assert "tethered" in by_id["hard_fixed"].text  # review C1
    for f in d.findings():
        if f.red_flag:
            assert f.urgency in urgency.ids(), f.id


def test_groin_pain_needs_medical_assessment_and_does_not_support_a_back_mouse():
    far = next(f for f in d.findings() if f.id == "far_pain")  # review M13
    assert far.assess.why and far.assess.refs
    assert all(e.condition != "backmouse" for e in far.effects)
    res = d.explore(["far_pain"])
    assert "Needs medical" in d.explorer_table_html(res) and "needs medical assessment" in d.explorer_summary(res)


def test_explorer_tool_draws_ticked_findings():
    box = d.explorer_tool()
    assert list(box.figure.data[0].x) == [] and "No finding ticked" in box.summary.value
    box["mobile"].value = True
    box["neuro_deficit"].value = True
    sup, ag = box.figure.data[0], box.figure.data[1]
    assert ("Back mouse" in sup.y) and ("Back mouse" in ag.y) and ("Radicular pain" in sup.y)
    assert all(x > 0 for x in sup.x) and all(x < 0 for x in ag.x)
    assert "Back mouse: supported by 1; argued against by 16" in box.summary.value
    table = box.table.value
    assert "\u25bc" in table and "Bicket et al. 2016" in table and "@" not in table
    box["red_hot"].value = True
    assert "Red flag" in box.table.value and "\u2691" in box.table.value
    assert "Same day" in box.table.value and "A red flag is ticked: Same day" in box.summary.value


def test_explorer_preset_is_drawn_from_the_start_and_grouped_in_tabs():
    box = d.explorer_tool(preset=("mobile", "neuro_deficit"))
    assert box["mobile"].value and len(box.figure.data[0].x) == 2 and len(box.figure.data[1].x) == 1
    assert "argued against by 16" in box.summary.value and "\u25bc" in box.table.value
    assert len(box.tabs.children) == 4 and sum(len(t.children) for t in box.tabs.children) == len(d.findings())
    assert box.tabs.titles[0].startswith("The lump (1")



FAMILIES = {"cauda_equina", "infection", "fracture", "cancer", "neuro_deficit", "lump"}


def test_vignettes_decide_on_the_one_scale_and_are_fictional():
    answers = [v.answer for v in d.vignettes()]
    assert set(answers) == set(urgency.ids()) and len(answers) >= 12  # every level is the answer somewhere
    assert d.choices() == urgency.choices() and "choices" not in d.load("vignettes")
    for v in d.vignettes():
        assert v.why.strip() and v.refs
        assert v.family in FAMILIES | {"none", "skin_infection"}, v.id


def test_every_red_flag_family_has_a_vignette_or_a_virtual_patient():
    covered = {v.family for v in d.vignettes()} | {c.family for c in cases.load().values()}
    assert FAMILIES <= covered, f"red-flag families with no vignette or case: {sorted(FAMILIES - covered)}"
    by_family = {}
    for v in d.vignettes():
        by_family.setdefault(v.family, set()).add(v.answer)
    assert by_family["cauda_equina"] == {"emergency"} and by_family["infection"] == {"emergency"}
    assert by_family["lump"] == {"urgent_cancer"} and by_family["neuro_deficit"] == {"same_day"}


def test_vignettes_teach_what_the_review_asked_for():
    by_id = {v.id: v for v in d.vignettes()}
    ces = " ".join(by_id["v_ces"].text.split()).lower()
    assert "both legs" in ces or "left leg" in ces
    assert "numb" in ces and "urine" in ces
    assert "95% confidence interval" in by_id["v_steroids_fall"].why  # review M15
    flank = " ".join(by_id["v_flank"].why.split())  # review M14
    assert "emergency" in flank and "vomiting" in flank and "pushed back" in flank
    assert "nhsbordershernia" in by_id["v_flank"].refs


def test_triage_feedback_and_tool():
    v = next(v for v in d.vignettes() if v.id == "v_ces")
    right, text = d.triage_feedback(v, "emergency")
    assert right and text.startswith("\u2713 Right (Emergency, now)")
    right, text = d.triage_feedback(v, "routine")
    assert not right and text.startswith("\u2717") and "Emergency, now (faster than your choice)" in text
    assert "Getting It Right First Time (GIRFT) 2023" in text and "@" not in text
    with pytest.raises(ValueError):
        d.triage_feedback(v, "urgent")  # the old three-way choice is gone
    box = d.triage_tool()
    assert [o for o in box["decision"].options] == urgency.choices()
    assert "urgent suspected-cancer" in box.widget.children[-1].value.lower() or any(
        "bm-urgency" in getattr(c, "value", "") for c in box.widget.children)
    box["check"].click()
    assert "Choose a decision first" in box.feedback.value
    box["decision"].value = d.vignettes()[0].answer
    box["check"].click()
    assert "\u2713 Right" in box.feedback.value and "checked 1 vignette; 1 right" in box.summary.value
    box["vignette"].value = 3
    assert box["decision"].value is None and box.feedback.value == "" and "Vignette 4 of" in box.summary.value
    assert "(fictional)" in box.text.value


def test_static_figures_show_the_sources_numbers():
    fig = d.presentation_figure()
    assert list(fig.data[0].x) == [37, 14]
    assert list(fig.data[2].x) == [8] and list(fig.data[1].x) == [3, 521.4]
    fig = d.redflag_figure()
    assert list(fig.data[0].x) == [80.4, 0.9]
    assert list(fig.data[1].x) == [9, 11, 33, 62, 90]
    assert fig.layout.title.text
    assert "95% confidence interval" in fig.layout.xaxis2.title.text  # review M15: not a 'range'


# --- what the lessons show is cited by the lessons -------------------------------------------------------

def _notebook_code(stem):
    nb = json.loads((ROOT / "lessons" / f"{stem}.ipynb").read_text())
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")


def _shown_keys(stem):
    code = _notebook_code(stem)
    keys = set()
    if "diagnosis.presentation_figure()" in code:
        keys |= _keys_in(d.load("presentation")["motyka"])
    if "diagnosis.redflag_figure()" in code:
        keys |= _keys_in({k: v for k, v in d.load("presentation").items() if k != "motyka"})
    if "record.record_builder()" in code:
        keys |= {"nhsscotlandsarcoma"}
    if "diagnosis.posttest_tool()" in code:
        keys |= _keys_in(d.load("tests"))
    if "diagnosis.explorer_tool(" in code:
        keys |= _keys_in(d.load("findings"))
    if "diagnosis.triage_tool()" in code:
        keys |= _keys_in(d.load("vignettes"))
    for call in re.findall(r"cases\.case_tool\(\[([^\]]*)\]\)", code):
        for cid in re.findall(r'"([^"]+)"', call):
            keys |= _keys_in(cases.load()[cid])
    for q in quiz.load(stem):
        keys |= set(references.cited_keys(" ".join([q.prompt, q.why] + [o.why for o in q.options]
                                                   + [p[2] for p in q.pairs])))
    return keys


@pytest.mark.parametrize("stem", ["03_clinical_presentation", "04_differential_diagnosis"])
def test_every_source_a_lesson_shows_is_in_its_reference_list(stem):
    shown = _shown_keys(stem)
    listed = set(references.lesson_keys(stem))
    assert shown, stem
    assert shown <= listed, f"{stem} shows sources its reference list lacks: {sorted(shown - listed)}"
