"""Lesson 05 (evidence appraisal): the models, the data files and the four tools."""

import math
import re

import numpy as np
import pytest
import yaml

from backmice import evidence as ev
from backmice import accuracy, references, schema
from conftest import ROOT

BIB = references.parse_bib((ROOT / "assets" / "references.bib").read_text(encoding="utf-8"))


# --- regression to the mean: the model ------------------------------------------------------------

def test_default_single_arm_shows_a_clear_apparent_improvement():
    r = ev.simulate_trial()
    assert not r.controlled and r.n_control == 0 and r.n_treated == r.n_enrolled > 100
    assert r.apparent_improvement > 1.0            # plainly visible at the default settings
    assert math.isnan(r.arm_difference)


def test_default_control_arm_makes_the_difference_vanish():
    r = ev.simulate_trial(controlled=True)
    assert abs(r.n_treated - r.n_control) <= 1
    assert r.apparent_improvement > 1.0             # the treated arm still "improves" ...
    assert abs(r.arm_difference) < 0.1              # ... but no more than the control arm
    assert abs(r.treated_before - r.control_before) < 0.3


def test_simulation_is_deterministic_for_a_seed_and_changes_with_it():
    a, b = ev.simulate_trial(seed=11), ev.simulate_trial(seed=11)
    assert np.array_equal(a.screening, b.screening) and np.array_equal(a.follow_up, b.follow_up)
    assert not np.array_equal(a.screening, ev.simulate_trial(seed=12).screening)


def test_larger_samples_extend_the_same_population():
    small, big = ev.simulate_trial(500), ev.simulate_trial(2000)
    assert np.array_equal(small.screening, big.screening[:500])


def test_the_default_seeds_draws_are_kept_and_read_back_exactly(tmp_path, monkeypatch):
    """The default seed's random numbers are kept in the cache folder (no numpy.random import in a
    run of the lesson); read back they are the very numbers drawn, and a broken file is drawn again."""
    from backmice.evidence import model

    monkeypatch.setenv("BACKMICE_CACHE_DIR", str(tmp_path))
    seed = model.RTM_DEFAULTS["seed"]
    rng = np.random.default_rng(seed)
    expected = [rng.standard_normal(model.N_MAX) for _ in range(3)] + [rng.random(model.N_MAX)]
    try:
        for step in ("drawn", "read back", "broken file", "short file"):
            if step == "broken file":
                model._default_draws_file().write_bytes(b"\0" * 100)
            elif step == "short file":
                model._default_draws_file().write_bytes(b"\0" * 800)
            model._draws.cache_clear()
            got = model._draws(seed)
            assert all(np.array_equal(a, b) and not a.flags.writeable for a, b in zip(got, expected)), step
            assert model._default_draws_file().stat().st_size == 4 * 8 * model.N_MAX, step
        model._draws(seed + 1)
        assert len(list((tmp_path / "rtm").iterdir())) == 1   # only the default seed is kept
    finally:
        model._draws.cache_clear()


def test_no_fluctuation_means_no_regression_to_the_mean():
    r = ev.simulate_trial(fluctuation=0.0, threshold=6.0)
    assert r.n_enrolled > 0 and r.apparent_improvement == pytest.approx(0.0, abs=1e-12)


def test_apparent_improvement_grows_with_fluctuation_and_threshold():
    by_fluct = [ev.simulate_trial(N, f).apparent_improvement for N, f in [(5000, 0.5), (5000, 1.5), (5000, 2.5)]]
    assert by_fluct[0] < by_fluct[1] < by_fluct[2]
    by_thr = [ev.simulate_trial(5000, 1.5, t).apparent_improvement for t in (5.0, 7.0, 9.0)]
    assert by_thr[0] < by_thr[1] < by_thr[2]


def test_natural_recovery_moves_both_arms_but_not_the_difference():
    base = ev.simulate_trial(controlled=True)
    rec = ev.simulate_trial(controlled=True, recovery=2.0)
    assert rec.apparent_improvement > base.apparent_improvement + 1.5
    assert rec.control_before - rec.control_after > base.control_before - base.control_after + 1.5
    assert abs(rec.arm_difference) < 0.2


def test_a_real_effect_is_detected_by_the_control_arm():
    r = ev.simulate_trial(5000, controlled=True, effect=1.0)
    assert 0.7 < r.arm_difference < 1.3


def test_pain_stays_on_the_0_to_10_scale_and_enrolment_respects_the_threshold():
    r = ev.simulate_trial(5000, 3.0, 8.0, recovery=3.0)
    for a in (r.screening, r.follow_up):
        assert a.min() >= 0 and a.max() <= 10
    assert (r.screening[r.arm > 0] >= 8.0).all() and (r.screening[r.arm == 0] < 8.0).all()


def test_nobody_enrolled_is_reported_in_words():
    r = ev.simulate_trial(100, 0.0, 9.9, usual_sd=0.0)
    assert r.n_enrolled == 0 and math.isnan(r.apparent_improvement)
    assert "Nobody was enrolled" in ev.rtm_summary(r)


def test_simulation_rejects_bad_input():
    with pytest.raises(ValueError):
        ev.simulate_trial(5)
    with pytest.raises(ValueError):
        ev.simulate_trial(ev.N_MAX + 1)
    with pytest.raises(ValueError):
        ev.simulate_trial(fluctuation=-1)



def test_summaries_give_the_numbers_in_words():
    single, ctrl = ev.simulate_trial(), ev.simulate_trial(controlled=True)
    s1, s2 = ev.rtm_summary(single), ev.rtm_summary(ctrl)
    assert f"{single.apparent_improvement:.1f} points" in s1 and "does nothing" in s1
    assert f"{abs(ctrl.arm_difference):.2f} points" in s2 and "control arm" in s2


# --- regression to the mean: the widget --------------------------------------------------------------

def test_rtm_widget_updates_figure_and_summary():
    box = ev.rtm_simulator()
    assert box.controls == [box[n] for n in ("design", "fluctuation", "threshold", "size", "recovery", "seed")]
    design, fluct, thresh, size, recovery, seed = (box[n] for n in ("design", "fluctuation", "threshold", "size",
                                                                      "recovery", "seed"))
    fig = box.figure
    # single arm: no control people, no control average (points without coordinates, drawn as
    # nothing), every trace still visible (a change of visibility redraws the whole figure)
    assert "apparent improvement" in fig.data[6].text[0]
    assert list(fig.data[2].x) == [None] and list(fig.data[4].y) == [None, None]
    assert all(t.visible is not False for t in fig.data)
    first_summary, first_y = box.summary.value, list(fig.data[3].y)
    design.value = True
    assert len(fig.data[2].x) > 1 and None not in fig.data[2].x and None not in fig.data[4].y
    assert all(t.visible is not False for t in fig.data)
    assert "difference between arms" in fig.data[6].text[0]
    assert box.summary.value != first_summary and "control arm" in box.summary.value
    thresh.value = 8.5
    assert list(fig.data[5].x) == [8.5, 8.5] and box.result.threshold == 8.5  # the threshold line
    assert list(fig.data[3].y) != first_y
    fluct.value, size.value, recovery.value, seed.value = 2.0, 3000, 1.0, 99
    assert box.result.n_screened == 3000 and "3000 people screened" in box.summary.value
    assert len(fig.data[0].x) + len(fig.data[1].x) + len(fig.data[2].x) == ev.SCATTER_MAX
    # nobody enrolled (100 people, no fluctuation, threshold 9.5): each enrolled group is one empty point
    fluct.value, size.value, recovery.value, seed.value, thresh.value = 0.0, 100, 0.0, 1, 9.5
    assert box.result.n_enrolled == 0 and "nobody enrolled" in fig.data[6].text[0]
    assert list(fig.data[1].x) == [None] and list(fig.data[2].x) == [None] and len(fig.data[0].x) == 100



# --- evidence map ------------------------------------------------------------------------------------

def test_study_list_loads_and_cites_real_keys():
    items = ev.studies()
    assert len(items) >= 20
    for s in items:
        assert s.key in BIB, s.key
        assert 1930 <= s.year <= 2025 and s.design in ev.DESIGNS and s.status in ev.STATUSES
        assert BIB[s.key].get("year") in (None, str(s.year)) or s.key == "copeman1944", s.key
    assert [s.year for s in items] == sorted(s.year for s in items)


def test_study_list_matches_the_dossier_for_key_studies():
    by_key = {s.key: s for s in ev.studies()}
    rct = by_key["collee1991rct"]
    assert (rct.design, rct.n, rct.status) == ("Randomised controlled trial", 41, "verified")
    assert [s.key for s in ev.studies() if s.design == "Randomised controlled trial"] == ["collee1991rct"]
    assert (by_key["motyka2000"].n, by_key["motyka2000"].design) == (35, "Case series")
    assert by_key["collee1991frequency"].n == 204
    # conflicts are shown, not picked silently
    hg = by_key["hucherson1948"]
    assert (hg.n, hg.n_alt) == (42, 32) and "42" in hg.conflict and "32" in hg.conflict
    assert "or" in hg.n_text and "disagree" in hg.n_text
    herz = by_key["herz1952"]
    assert herz.n == 302 and "270" in herz.conflict and "89" in herz.conflict and "disagree" in herz.n_text
    # papers known only through backmice.info are marked "reported"
    for key in ("sutro1935", "ries1937", "herz1945", "hucherson1948", "dittrich1963", "curtis1993"):
        assert by_key[key].status == "reported", key


def test_reported_status_agrees_with_the_bibliography_notes():
    for s in ev.studies():
        note = BIB[s.key]["note"].upper()
        if s.status == "verified":
            assert note.startswith("VERIFIED"), s.key
        else:
            assert "UNCERTAIN" in note or "BACKMICE.INFO" in note, s.key


def test_design_counts_and_marker_sizes():
    counts = ev.design_counts()
    assert sum(counts.values()) == len(ev.studies()) and counts["Randomised controlled trial"] == 1
    sizes = [ev.marker_size(n) for n in (1, 10, 100, 1000)]
    assert sizes == sorted(sizes) and sizes[0] == 10 and ev.marker_size(None) > 0


def test_labels_do_not_share_a_gap_with_a_label_of_the_same_or_next_year():
    items = ev.studies()
    sides = ev.label_sides(items)
    gaps = {}
    for s in items:
        col = ev.DESIGNS.index(s.design)
        gap = col if sides[s.key] == "middle right" else col - 1
        gaps.setdefault(gap, []).append(s.year)
    for years in gaps.values():
        years.sort()
        assert all(b - a >= 2 for a, b in zip(years, years[1:])), years
    assert len(ev.DESIGNS) - 1 not in gaps              # nothing is written past the last column
    series = [sides[s.key] for s in items if s.design == "Case series"][:5]   # 1944-1948
    assert all(a != b for a, b in zip(series, series[1:]))


def _own_data_file(own_assets, loader, name, data):
    """Assets holding only ``data/<name>.yaml`` (written from ``data``) and its real schema."""
    root = own_assets(loader, schema._validator)
    (root / "data").mkdir()
    (root / "schemas").mkdir()
    real = ROOT / "assets" / "schemas" / f"{name}.schema.json"
    (root / "schemas" / real.name).write_bytes(real.read_bytes())
    (root / "data" / f"{name}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")


def _real_data(name):
    return yaml.safe_load((ROOT / "assets" / "data" / f"{name}.yaml").read_text(encoding="utf-8"))


def test_study_data_file_rejects_bad_rows(own_assets):
    rows = _real_data("evidence_studies")
    rows[0]["design"] = "Anecdote"
    _own_data_file(own_assets, ev.studies, "evidence_studies", rows)
    with pytest.raises(ValueError, match=r"evidence_studies.yaml, 0/design: 'Anecdote' is not one of"):
        ev.studies()


@pytest.mark.parametrize("change, message", [
    (lambda rows: rows[3].update(n_alt=12), r"evidence_studies.yaml, 3: 'conflict' is a required property"),
    (lambda rows: rows[3].update(n=0), r"evidence_studies.yaml, 3/n: 0 is less than the minimum of 1"),
    (lambda rows: rows[3].update(status="rumoured"), r"evidence_studies.yaml, 3/status: 'rumoured' is not one of"),
    (lambda rows: rows.append(dict(rows[0])), r"evidence_studies.yaml: each study appears once"),
])
def test_study_data_file_refuses_in_plain_words(own_assets, change, message):
    rows = _real_data("evidence_studies")
    change(rows)
    _own_data_file(own_assets, ev.studies, "evidence_studies", rows)
    with pytest.raises(ValueError, match=message):
        ev.studies()


def test_study_card_describes_the_study():
    hg = next(s for s in ev.studies() if s.key == "hucherson1948")
    card = ev.study_card(hg)
    assert "Sources disagree" in card and "reported" in card and "[@hucherson1948]" in card
    assert "primary text seen" in ev.study_card(next(s for s in ev.studies() if s.key == "motyka2000"))


def test_evidence_map_figure_has_every_study_once():
    fig = ev.evidence_map_figure()
    n_points = sum(len(fig.data[i].x) for i in range(4))
    assert n_points == len(ev.studies())
    assert len(fig.data[4].x) == sum(s.n_alt is not None for s in ev.studies())
    assert fig.layout.title.text and len(fig.layout.xaxis.ticktext) == len(ev.DESIGNS)


def test_evidence_map_widget_picks_and_filters():
    box = ev.evidence_map()
    assert box.controls == [box["study"], box["show"]]
    pick, show = box["study"], box["show"]
    fig = box.figure
    assert "Collée 1991 (trial)" in box.card.value and list(fig.data[-1].y) == [1991]
    pick.value = "sutro1935"
    assert "Sutro 1935" in box.card.value and list(fig.data[-1].y) == [1935]
    before = box.summary.value
    show.value = "verified"
    assert box.summary.value != before
    visible = [fig.data[i].visible is not False for i in range(5)]
    assert visible == [True, True, False, False, False]   # groups: verified (n known, unknown), reported (...), rings
    show.value = "reported"
    assert [fig.data[i].visible is not False for i in range(5)] == [False, False, True, True, True]


# --- diagnostic accuracy ---------------------------------------------------------------------------------

def test_two_by_two_measures():
    m = ev.two_by_two(30, 20, 10, 140)
    assert m["n"] == 200 and m["prevalence"] == pytest.approx(0.2)
    assert m["sensitivity"] == pytest.approx(0.75) and m["specificity"] == pytest.approx(0.875)
    assert m["ppv"] == pytest.approx(0.6) and m["npv"] == pytest.approx(140 / 150)
    assert m["lr_pos"] == pytest.approx(0.75 / 0.125) and m["lr_neg"] == pytest.approx(0.25 / 0.875)


def test_two_by_two_limits():
    m = ev.two_by_two(10, 0, 0, 10)
    assert m["sensitivity"] == m["specificity"] == 1 and math.isinf(m["lr_pos"]) and m["lr_neg"] == 0
    m = ev.two_by_two(0, 5, 0, 5)
    assert math.isnan(m["sensitivity"]) and m["ppv"] == 0 and math.isnan(m["lr_pos"]) and math.isnan(m["lr_neg"])
    assert math.isnan(ev.two_by_two(0, 0, 0, 5)["ppv"])
    with pytest.raises(ValueError):
        ev.two_by_two(-1, 2, 3, 4)
    with pytest.raises(ValueError):
        ev.two_by_two(1.5, 2, 3, 4)


def test_the_arithmetic_is_the_courses_one():
    """One arithmetic (backmice.accuracy); the table decides how to show what it leaves undefined."""
    assert ev.predictive_values is accuracy.predictive_values
    m = ev.two_by_two(30, 20, 10, 140)
    assert m["lr_pos"] == accuracy.lr_positive(m["sensitivity"], m["specificity"])
    assert m["lr_neg"] == accuracy.lr_negative(m["sensitivity"], m["specificity"])
    with pytest.raises(ValueError):
        accuracy.lr_negative(0.5, 0.0)                      # accuracy refuses ...
    assert math.isnan(ev.two_by_two(5, 5, 5, 0)["lr_neg"])  # ... the table says "undefined"
    assert "undefined" in ev.table_html(5, 5, 5, 0)
    m = ev.two_by_two(0, 0, 5, 5)                            # no true positives and no false ones: 0/0
    assert m["sensitivity"] == 0 and m["specificity"] == 1 and math.isnan(m["lr_pos"])


def test_predictive_values_follow_bayes_and_prevalence():
    m = ev.two_by_two(40, 30, 10, 120)
    ppv, npv = ev.predictive_values(m["sensitivity"], m["specificity"], m["prevalence"])
    assert float(ppv) == pytest.approx(m["ppv"]) and float(npv) == pytest.approx(m["npv"])
    p = np.linspace(0.01, 0.99, 50)
    ppv, npv = ev.predictive_values(0.8, 0.8, p)
    assert np.all(np.diff(ppv) > 0) and np.all(np.diff(npv) < 0)
    ppv0, npv0 = ev.predictive_values(0.8, 0.8, 0.0)
    assert float(ppv0) == 0 and float(npv0) == 1
    with pytest.raises(ValueError):
        ev.predictive_values(0.8, 0.8, 1.5)


def test_table_html_is_an_accessible_table():
    page = ev.table_html(30, 20, 10, 140)
    assert page.count("<caption>") == 2 and "scope='col'" in page and "scope='row'" in page
    assert "60.0%" in page and "infinite" in ev.table_html(10, 0, 0, 10)


def test_diagnostic_widget_updates_figure_table_and_summary():
    box = ev.diagnostic_playground()
    assert box.controls == [box[n] for n in ("tp", "fp", "fn", "tn", "other")]
    tp, fp, fn, tn, other = (box[n] for n in ("tp", "fp", "fn", "tn", "other"))
    fig = box.figure
    assert "PPV 57.1%" in fig.data[2].text[0] and "25.0%" in box.summary.value
    old_curve = list(fig.data[0].y)
    tp.value, fp.value, fn.value, tn.value = 30, 20, 10, 140
    assert "60.0%" in box.table.value and "PPV 60.0%" in fig.data[2].text[0]
    assert list(fig.data[0].y) != old_curve
    s = box.summary.value
    other.value = 0.5
    assert box.summary.value != s and list(fig.data[3].x) == [50.0, 50.0]
    tp.value = fn.value = 0
    assert "needs at least one person with the condition" in box.summary.value and len(fig.data[0].y) == 0


# --- rate a web page ---------------------------------------------------------------------------------------

def test_webpage_data_is_complete_and_fictional():
    data = ev.webpages()
    assert [b.name for b in data.jama] == ["Authorship", "Attribution", "Disclosure", "Currency"]
    assert 1 <= len(data.discern) < 16                      # a subset, said so in the lesson
    assert all(1 <= q.number <= 16 for q in data.discern)
    assert 3 <= len(data.pages) <= 4
    assert "fictional" in data.notice.lower() and "invented" in data.notice
    for p in data.pages:
        html = ev.page_html(p)
        assert "FICTIONAL PAGE" in html and ".example" in p.address


def test_webpage_data_file_rejects_a_rating_without_its_reason(own_assets):
    data = _real_data("evidence_webpages")
    data["pages"][0]["course"]["jama"]["disclosure"] = {"met": False, "why": "cut short", "and more": None}
    _own_data_file(own_assets, ev.webpages, "evidence_webpages", data)
    with pytest.raises(ValueError, match=r"evidence_webpages.yaml, pages/0/course/jama/disclosure: "
                                         r"Additional properties are not allowed \('and more' was unexpected\)"):
        ev.webpages()


@pytest.mark.parametrize("change, message", [
    (lambda d: d["pages"][1]["course"]["discern"]["q4"].update(score=6),
     r"evidence_webpages.yaml, pages/1/course/discern/q4/score: 6 is not one of"),
    (lambda d: d["pages"][0]["course"]["jama"]["currency"].update(met="yes"),
     r"evidence_webpages.yaml, pages/0/course/jama/currency/met: 'yes' is not of type 'boolean'"),
    (lambda d: d["pages"][0]["flaws"].__setitem__(0, {"Reis": "misspelt"}),
     r"evidence_webpages.yaml, pages/0/flaws/0: .* is not of type 'string'"),
    (lambda d: d["pages"][0].update(flaws=[]), r"evidence_webpages.yaml, pages/0/flaws: \[\] should be non-empty"),
    (lambda d: d["jama"].pop(), r"evidence_webpages.yaml, jama: .* is too short"),
    (lambda d: d["pages"][2]["course"]["discern"].pop("q4"),
     r"evidence_webpages.yaml, page news_affiliate: the course must rate every criterion"),
])
def test_webpage_data_file_refuses_in_plain_words(own_assets, change, message):
    data = _real_data("evidence_webpages")
    change(data)
    _own_data_file(own_assets, ev.webpages, "evidence_webpages", data)
    with pytest.raises(ValueError, match=message):
        ev.webpages()


def test_webpage_flaws_cite_real_keys():
    text = (ROOT / "assets" / "data" / "evidence_webpages.yaml").read_text(encoding="utf-8")
    keys = references.cited_keys(text)
    assert keys and all(k in BIB for k in keys)
    assert "Reis" in text and "misspell" in text.lower()    # the deliberate misspelling is named


def test_jama_score_and_course_ratings():
    assert ev.jama_score({"authorship": True, "currency": True}) == 2
    with pytest.raises(ValueError):
        ev.jama_score({"readability": True})
    totals = {p.id: sum(ev.course_rating(p.id)[0].values()) for p in ev.webpages().pages}
    assert totals == {"studio_blog": 0, "health_library": 4, "news_affiliate": 1}


def test_compare_ratings():
    j, d = ev.course_rating("health_library")
    same = ev.compare_ratings("health_library", j, d)
    assert same["jama_agree"] == 4 and same["discern_far"] == [] and same["discern_yours"] == same["discern_course"]
    low = ev.compare_ratings("health_library", {}, {q: 1 for q in d})
    assert low["jama_yours"] == 0 and low["jama_differ"] == ["Authorship", "Attribution", "Disclosure", "Currency"]
    assert "Q4 Sources" in low["discern_far"]
    with pytest.raises(ValueError):
        ev.compare_ratings("health_library", {}, {"q4": 6})
    with pytest.raises(ValueError):
        ev.compare_ratings("health_library", {}, {"q99": 3})


def test_rater_widget_reveals_and_resets():
    box = ev.webpage_rater()
    fig = box.figure
    assert box.controls[0] is box["page"] and box.controls[-1] is box["compare"]
    assert box.jama["authorship"] is box["authorship"] and box.discern["q4"] is box["q4"]
    assert "FICTIONAL" in box.view.value and box.reasons.value == "" and fig.data[1].visible is False
    box["authorship"].value = True
    assert list(fig.data[0].x)[-1] == 1 and "JAMA 1 of 4" in box.summary.value
    box["q4"].value = 5
    assert list(fig.data[2].x)[-1] == 5
    box["compare"].click()
    assert fig.data[1].visible is True and fig.data[3].visible is True and box.state["revealed"]
    assert "course's rating" in box.reasons.value and "Reis" in box.reasons.value
    assert "The course: JAMA 0 of 4" in box.summary.value and "Authorship" in box.summary.value
    box["page"].value = "health_library"
    assert box.reasons.value == "" and fig.data[1].visible is False and not box.state["revealed"]
    assert box["authorship"].value is False and box["q4"].value == 3
    assert list(fig.data[0].x)[-1] == 0 and list(fig.data[2].x)[-1] == 3 and "JAMA 0 of 4" in box.summary.value
    assert "Varnholt" in box.view.value


def test_every_tool_has_the_course_shape():
    for build in (ev.rtm_simulator, ev.evidence_map, ev.diagnostic_playground, ev.webpage_rater):
        box = build()
        assert "bm-interactive" in box.widget._dom_classes and box.figure is not None
        assert "role='status'" in box.summary.value
        for control in box.controls:
            assert str(control.description).strip()


def test_the_model_imports_neither_plotly_nor_ipywidgets():
    import subprocess
    import sys

    code = ("import sys; from backmice import evidence; evidence.studies(); evidence.webpages(); "
            "evidence.two_by_two(1, 2, 3, 4); evidence.simulate_trial(); "
            "print(sorted(m for m in ('plotly', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"
    source = (ROOT / "backmice" / "evidence" / "model.py").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(import|from)\s+(plotly|ipywidgets)", source, re.M)   # not even inside a function


def test_every_public_name_is_reachable_from_the_package():
    for name in ev.__all__:
        assert getattr(ev, name) is not None, name
    assert ev.EvidenceMap is ev.tools.EvidenceMap and ev.rating_figure is ev.figures.rating_figure
    with pytest.raises(AttributeError):
        ev.no_such_tool
    for module in ("__init__", "model", "figures", "tools"):
        path = ROOT / "backmice" / "evidence" / f"{module}.py"
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 600, module


def test_a_new_tool_leaves_its_finished_figure_alone(monkeypatch):
    """Figures are built complete and not changed before they are first shown (plotly 7's widget
    lost data changed before that, in JupyterLab); the first update() only writes the summary."""
    from backmice.evidence import tools

    calls = []
    for name in ("update_rtm_figure", "select_study", "filter_map", "update_diagnostic_figure",
                 "update_rating_figure"):
        monkeypatch.setattr(tools, name, lambda *a, _name=name, **k: calls.append(_name))
    built = [ev.rtm_simulator(), ev.evidence_map(), ev.diagnostic_playground(), ev.webpage_rater()]
    assert calls == []
    for t, words in zip(built, ("people screened", "studies shown", "In this table prevalence", "Your rating")):
        assert words in t.summary.value
    built[0]["threshold"].value = 8.0
    built[3]["compare"].click()
    assert calls == ["update_rtm_figure", "update_rating_figure"]


def _plain_json(fig) -> dict:
    import json

    from plotly.utils import PlotlyJSONEncoder

    return json.loads(json.dumps(fig.to_plotly_json(), cls=PlotlyJSONEncoder))


def test_two_panel_figures_are_laid_out_as_make_subplots_would():
    """The figures are built from dicts (fast); their panels, axes and panel titles are the very
    numbers plotly's make_subplots gives, so the figures look as they did when built with it."""
    from plotly.subplots import make_subplots

    from backmice.evidence import figures

    for fig, widths, spacing in ((figures.rtm_figure(), [0.52, 0.48], 0.12),
                                 (figures.rating_figure(), [0.34, 0.66], 0.2)):
        ours = _plain_json(fig)["layout"]
        titles = [a["text"] for a in ours["annotations"][:2]]
        theirs = make_subplots(rows=1, cols=2, column_widths=widths, horizontal_spacing=spacing,
                               subplot_titles=titles).to_plotly_json()["layout"]
        for axis in ("xaxis", "yaxis", "xaxis2", "yaxis2"):
            assert ours[axis]["domain"] == list(theirs[axis]["domain"]), axis
            assert ours[axis]["anchor"] == theirs[axis]["anchor"], axis
        assert ours["annotations"][:2] == [dict(a) for a in theirs["annotations"]]


def test_an_updated_figure_is_the_figure_built_for_the_new_settings():
    """Builders and updaters draw from the same description of what changes (figures._*_changes):
    a figure moved to new settings by its updater equals one built for them (the rating figure is
    always built empty: there, equals the empty one with the changes written in)."""
    from backmice.evidence import figures as f

    for inputs in ({"controlled": True}, {"threshold": 9.5, "n_screened": 100}, {"threshold": 10.0},
                   {"fluctuation": 0.0, "recovery": 1.0, "seed": 11, "controlled": True}):
        fig = f.rtm_figure()
        f.update_rtm_figure(fig, ev.simulate_trial(**inputs))
        assert _plain_json(fig) == _plain_json(f.rtm_figure(ev.simulate_trial(**inputs))), inputs
    for table in ((5, 30, 10, 120, 0.9), (1, 1, 1, 1, 0.8), (5, 0, 0, 7, 0.99)):
        fig = f.diagnostic_figure()
        f.update_diagnostic_figure(fig, *table)
        assert _plain_json(fig) == _plain_json(f.diagnostic_figure(*table)), table
    for table in ((0, 30, 0, 120, 0.5), (40, 0, 10, 0, 0.05)):   # undefined: the points and curves empty
        fig = f.diagnostic_figure()
        f.update_diagnostic_figure(fig, *table)
        for i in range(4):
            assert list(fig.data[i].y) == [] and (i < 2 or list(fig.data[i].x) == [])
    page = ev.webpages().pages[0].id
    jama = {b.id: i % 2 == 0 for i, b in enumerate(ev.webpages().jama)}
    discern = {q.id: 1 + i % 5 for i, q in enumerate(ev.webpages().discern)}
    for course in (None, ev.course_rating(page)):
        fig = f.rating_figure()
        f.update_rating_figure(fig, jama, discern, course)
        expected = _plain_json(f.rating_figure())
        for i, key, value in f._rating_changes(jama, discern, course):
            expected["data"][i][key] = value
        assert _plain_json(fig) == expected


def test_lesson_labels_the_simulator_as_illustrative():
    import nbformat

    nb = nbformat.read(str(ROOT / "lessons" / "05_evidence_appraisal.ipynb"), as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert re.search(r"model with illustrative parameters", text)
    assert "fictional" in text.lower() and "9 of DISCERN's 16 questions" in text


def test_every_page_can_be_compared_with_the_course():
    """Found by `make bench`: a flaw written 'A: b' in YAML became a dict and broke the button."""
    for page in ev.webpages().pages:
        assert all(isinstance(f, str) for f in page.flaws)
        html_text = ev.reasons_html(page.id)
        assert html_text.count("<li>") >= len(page.flaws)
    box = ev.webpage_rater()
    for option in box["page"].options:
        box["page"].value = option[1] if isinstance(option, tuple) else option
        box["compare"].click()
        assert "The course's rating and reasons" in box.reasons.value


# --- claims checked against their sources (review 2026-12, finding M16; docs/ledger/05) -------------

def _lesson_text():
    import nbformat

    nb = nbformat.read(str(ROOT / "lessons" / "05_evidence_appraisal.ipynb"), as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_schwarzer_false_positive_rate_keeps_its_denominator():
    """Schwarzer 1994 (PMID 7816487): 176 patients, 83 positive on a single block, 26 confirmed.
    The 38% false-positive rate is among the 150 without confirmed facet-joint pain (57 of 150),
    not among all 176 patients (57 of 176, about 32%); the PPV is 26 of 83 (31%)."""
    tp, positives, n = 26, 83, 176
    fp, without = positives - tp, n - tp
    assert (fp, without) == (57, 150)
    assert round(100 * fp / without) == 38 and round(100 * fp / n) == 32 and round(100 * tp / positives) == 31
    text = _lesson_text()
    assert "57 of 150" in text and "about 32%" in text and "26 of 83" in text
    quiz_text = (ROOT / "assets" / "quizzes" / "05_evidence_appraisal.yaml").read_text(encoding="utf-8")
    assert not re.search(r"false positive in about 38% of patients", quiz_text)
    assert "ev-fpr" in quiz_text and "about 32%" in quiz_text


def test_the_only_trial_is_reported_with_both_outcomes():
    """Collee 1991 had two outcomes fixed in advance: pain at day 14 (30.5 v 43.8, p<0.05) and the
    share improved (52% v 30%, not significant). Wherever lesson 05 or a4 gives one, it gives both."""
    import nbformat

    sources = {"lesson": _lesson_text()}
    a4 = nbformat.read(str(ROOT / "solutions" / "a4_evidence" / "a4_evidence.ipynb"), as_version=4)
    sources["a4 q7"] = next(c.source for c in a4.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "q7_question")
    sources["quiz ev-rct"] = (ROOT / "assets" / "quizzes" / "05_evidence_appraisal.yaml").read_text(encoding="utf-8")
    for name, text in sources.items():
        assert "52%" in text and "30%" in text, name
        assert "30.5" in text and "43.8" in text, name
