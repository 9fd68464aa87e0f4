"""backmice.management (lesson 06): data files, geometry, SOAP note, letter, and the three tools."""

import itertools
import re
import urllib.parse
from html import escape

import pytest
from plotly.callbacks import Points

from backmice import management as m
from backmice import references, schema, urgency
from conftest import ROOT

BIB = references.bibliography()


def _points(xs, ys, inds=None):
    inds = list(range(len(xs))) if inds is None else inds
    return Points(point_inds=inds, xs=list(xs), ys=list(ys), trace_name="", trace_index=0)


# --- data files -------------------------------------------------------------------------------------

def test_options_cover_the_issue_and_cite_real_sources():
    opts = m.options()
    ids = [o.id for o in opts]
    assert len(ids) == len(set(ids))
    assert {"leave", "analgesics", "la", "la_steroid", "needling", "manual", "excision"} <= set(ids)
    for o in opts:
        assert o.refs and all(k in BIB for k in o.refs), o.id
        assert 0 <= o.evidence < len(m.EVIDENCE_LEVELS) and 0 <= o.invasiveness < len(m.INVASIVENESS)
        assert o.provider in m.PROVIDERS and o.what and o.evidence_text and o.unknown
    by_id = {o.id: o for o in opts}
    # the only randomised trial is the anaesthetic-versus-saline one, and it is the best evidence here
    assert [o.id for o in opts if o.evidence == 3] == ["la"]
    assert "collee1991rct" in by_id["la"].refs and "30.5" in by_id["la"].evidence_text
    assert "recur" in by_id["excision"].unknown.lower() or "come back" in by_id["excision"].unknown


def test_red_flags_and_scope_examples_load_and_cite_real_sources():
    flags = m.red_flags()
    assert {f.id for f in flags} >= {"growing", "size5", "deep_fixed", "hard", "excision_site", "ces_retention"}
    assert all(f.refs and all(k in BIB for k in f.refs) for f in flags)
    assert all("nhsscotlandsarcoma" in f.refs for f in flags if f.group == "lump")
    scope = m.scope_examples()
    keys = {k for s in scope for k in s.refs}
    assert keys >= {"cmtostandards", "mtbokscope", "nwhsu2019handbook", "mcintoshabmp", "gcc2016code",
                    "georgiacode43912", "ccpreferral"}
    assert keys <= set(BIB)
    assert all(s.where and s.profession in ("Massage therapy", "Chiropractic") for s in scope)


def test_bad_data_files_are_refused(own_assets):
    root = own_assets(m.options, m.red_flags, m.scope_examples, schema._validator)
    data = root / "data"
    data.mkdir()
    (root / "schemas").mkdir()
    for name in ("management_options", "management_red_flags", "management_scope"):
        (root / "schemas" / f"{name}.schema.json").write_bytes(
            (ROOT / "assets" / "schemas" / f"{name}.schema.json").read_bytes())
    (data / "urgency.yaml").write_text((ROOT / "assets" / "data" / "urgency.yaml").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    (data / "management_options.yaml").write_text(
        "- {id: x, name: X, short: X, invasiveness: 9, evidence: 0, provider: client, what: w,"
        " evidence_text: e, unknown: u, refs: [bicket2016]}\n")
    (data / "management_red_flags.yaml").write_text(
        "- {id: x, label: x, group: lump, urgency: prompt, refs: [bicket2016]}\n")
    with pytest.raises(ValueError, match="management_options.yaml, 0/invasiveness: 9 is greater than the maximum of 4"):
        m.options()
    with pytest.raises(ValueError, match="unknown urgency 'prompt'.*emergency, same_day"):
        m.red_flags()
    # what a schema says in plain words: the file, the place in it and the problem
    (data / "management_red_flags.yaml").write_text(
        "- {id: x, label: x, group: lumps, urgency: routine, refs: [bicket2016]}\n")
    m.red_flags.cache_clear()
    with pytest.raises(ValueError, match=r"management_red_flags.yaml, 0/group: 'lumps' is not one of"):
        m.red_flags()
    (data / "management_scope.yaml").write_text("- {who: x, where: y, profession: Massage therapy, refs: [k]}\n")
    with pytest.raises(ValueError, match=r"management_scope.yaml, 0: 'says' is a required property"):
        m.scope_examples()


def test_short_citations():
    assert m.short_cite("collee1991rct") == "Collée et al. 1991a"  # and collee1991frequency: 1991b
    assert m.short_cite("rovers2023") == "Rovers and Prall 2023"
    with pytest.raises(KeyError):  # one helper for the course (backmice.references), strict on unknown keys
        m.short_cite("no-such-key")
    html = m.cite_html(["collee1991rct", "staal2008"])
    assert "https://pubmed.ncbi.nlm.nih.gov/1833543/" in html and html.count("<a ") == 2


# --- 1. options at a glance -----------------------------------------------------------------------------

def test_filters():
    every = m.filter_options()
    assert len(every) == len(m.options())
    assert {o.id for o in m.filter_options(provider="manual")} == {"manual"}
    assert {o.id for o in m.filter_options(max_invasiveness=0)} == {"leave"}
    assert {o.id for o in m.filter_options(min_evidence=3)} == {"la"}
    assert m.filter_options(provider="surgeon", min_evidence=3) == []
    with pytest.raises(ValueError):
        m.filter_options(provider="barber")


def test_filters_are_monotonic():
    counts_ev = [len(m.filter_options(min_evidence=e)) for e in range(len(m.EVIDENCE_LEVELS))]
    counts_inv = [len(m.filter_options(max_invasiveness=i)) for i in range(len(m.INVASIVENESS))]
    assert counts_ev == sorted(counts_ev, reverse=True) and counts_ev[0] > counts_ev[-1]
    assert counts_inv == sorted(counts_inv) and counts_inv[0] < counts_inv[-1]


def test_options_summary_and_card():
    text = m.options_summary(m.filter_options(), len(m.options()))
    assert text.startswith(f"Showing {len(m.options())} of {len(m.options())}")
    assert "Best evidence among them: one small randomised trial (Anaesthetic injection)" in text
    assert "No option shown combines trial evidence with a non-invasive approach" in text
    assert "No option matches" in m.options_summary([], 8)
    la = next(o for o in m.options() if o.id == "la")
    card = m.option_card(la)
    assert la.name in card and "One small randomised trial" in card and "What is unknown" in card
    assert "Collée et al. 1991" in card and "depends on the law where you work" in card


def test_options_explorer_filters_the_figure_and_shows_details():
    box = m.options_explorer()
    fig = box.figure
    n_traces = len(m.PROVIDERS)

    def shown():
        return sorted(t for trace in fig.data[:n_traces] for t in trace.text)

    assert len(shown()) == len(m.options())
    first = box.summary.value
    box["provider"].value = "doctor"
    assert len(shown()) == 4 and box.summary.value != first and "Showing 4 of 8" in box.summary.value
    box["min_evidence"].value = 3
    assert shown() == ["Anaesthetic<br>injection"]
    box["provider"].value, box["min_evidence"].value = "any", 0
    card = box.card.value
    box["details"].value = "excision"
    assert box.card.value != card and "Surgical excision" in box.card.value
    ring = fig.data[n_traces]
    assert (list(ring.x), list(ring.y)) == ([4], [2])
    # a click on a marker shows that option's details
    manual_trace = next(t for t in fig.data[:n_traces] if t.meta == "manual")
    box.marker_clicked(manual_trace, _points([1], [2], [0]), None)
    assert box["details"].value == "manual" and "manual therapy" in box.card.value.lower()
    box.marker_clicked(manual_trace, _points([], [], []), None)  # a click elsewhere changes nothing
    assert box["details"].value == "manual"


# --- 2. body chart geometry ---------------------------------------------------------------------------------

def test_relative_to_psis_examples_and_mirror_symmetry():
    # the course's one PSIS (backmice.body): 4.3 cm from the midline, at y = 0
    assert m.PSIS == {"left": (-4.3, 0.0), "right": (4.3, 0.0)}
    assert m.relative_to_psis(-7.3, 2) == m.Position("left", 3.0, 2.0)
    assert m.relative_to_psis(7.3, 2) == m.Position("right", 3.0, 2.0)
    assert m.relative_to_psis(-3.3, -1) == m.Position("left", -1.0, -1.0)
    assert m.relative_to_psis(0.1, 3).side == "midline"
    for x, y in itertools.product([-12.3, -6.1, -3.3], [-4.2, 0.0, 7.7]):
        left, right = m.relative_to_psis(x, y), m.relative_to_psis(-x, y)
        assert (left.lateral, left.vertical) == (right.lateral, right.vertical)


def test_chart_point_is_the_inverse_of_relative_to_psis():
    for side in ("left", "right"):
        for lat in [-4, -1, 0, 0.5, 3, 11.5]:
            for vert in [-12, -1.5, 0, 2, 14]:
                x, y = m.chart_point(side, lat, vert)
                assert (x < 0) == (side == "left")
                assert m.relative_to_psis(x, y) == m.Position(side, lat, vert)
    with pytest.raises(ValueError):
        m.chart_point("middle", 1, 1)


def test_snap_rounds_to_half_centimetres_without_negative_zero():
    assert m.snap(2.26) == 2.5 and m.snap(2.24) == 2.0 and m.snap(-1.3) == -1.5
    assert str(m.snap(-0.1)) == "0.0"


@pytest.mark.parametrize("pos, text", [
    (m.Position("left", 3, 2), "3 cm lateral to and 2 cm above the left PSIS"),
    (m.Position("right", -1.5, -1), "1.5 cm medial to and 1 cm below the right PSIS"),
    (m.Position("left", 3, 0), "3 cm lateral to the left PSIS, level with it"),
    (m.Position("right", 0, 2.5), "2.5 cm directly above the right PSIS"),
    (m.Position("left", 0, 0), "directly over the left PSIS"),
    (m.Position("midline", -5, 4), "on the midline, 4 cm above the level of the two PSISs"),
    (m.Position("midline", -5, 0), "on the midline, level with the two PSISs"),
])
def test_position_text(pos, text):
    assert m.position_text(pos) == text


def test_nodule_description_and_validation():
    n = m.Nodule(*m.chart_point("left", 3, 0), size_cm=2, mobile=True, tender=False)
    assert m.describe_nodule(n) == ("a mobile, non-tender, firm and rubbery nodule about 2 cm across, "
                                    "3 cm lateral to the left PSIS, level with it")
    fixed = m.Nodule(*m.chart_point("right", 1, -2), size_cm=5.5, mobile=False, tender=True, feel="hard")
    assert m.describe_nodule(fixed).startswith("a fixed, tender, hard nodule about 5.5 cm across")
    with pytest.raises(ValueError):
        m.Nodule(0, 0, size_cm=0)
    with pytest.raises(ValueError):
        m.Nodule(0, 0, feel="squishy")


def test_soap_note_fills_the_objective_part():
    nodules = [m.EXAMPLE_NODULE, m.Nodule(*m.chart_point("right", 2, -1.5), size_cm=1.5, tender=True)]
    note = m.soap_note(nodules)
    s, o, a, p = (note.index(k) for k in ("S (subjective)", "O (objective)", "A (assessment)", "P (plan)"))
    assert s < o < a < p
    assert "N1: a mobile, non-tender" in note and "N2: a mobile, tender" in note
    assert "2 cm lateral to and 1.5 cm below the right PSIS" in note and "Not a diagnosis" in note
    assert "No nodule marked" in m.soap_objective([])


# --- 2. body chart tool -----------------------------------------------------------------------------------

def test_body_chart_figure_is_labelled_and_schematic():
    fig = m.body_chart_figure()
    grid, psis, nodules = fig.data
    assert list(psis.x) == [m.PSIS["left"][0], m.PSIS["right"][0]] and list(psis.text) == ["left<br>PSIS", "right<br>PSIS"]
    assert "not to scale" in fig.layout.title.text.lower() and "illustrative" in fig.layout.title.text
    texts = {a.text for a in fig.layout.annotations}
    assert {"<b>Patient's LEFT</b>", "<b>Patient's RIGHT</b>", "sacrum"} <= texts
    assert grid.type == "heatmap" and len(grid.x) * len(grid.y) > 1000 and min(grid.x) < -15 and max(grid.x) > 15
    assert len(grid.z) == len(grid.customdata) == len(grid.y) and len(grid.z[0]) == len(grid.x)
    row, col = list(grid.y).index(2.0), list(grid.x).index(m.chart_point("left", 3, 2)[0])
    assert grid.customdata[row][col] == "3 cm lateral to and 2 cm above the left PSIS"
    # every click target is a whole half centimetre from the nearer PSIS (or on the midline)
    for x in grid.x:
        pos = m.relative_to_psis(x, 0)
        assert pos.side == "midline" or m.chart_point(pos.side, pos.lateral, 0)[0] == pytest.approx(x, abs=1e-9), x
    assert grid.showscale is False and all(c[1] == "rgba(0,0,0,0)" for c in grid.colorscale)  # invisible
    assert len(nodules.x) == 0
    # the hover text of every cell is that of its own position (the grid reads columns and rows once)
    assert [list(r) for r in grid.customdata] == [[m.position_text(m.relative_to_psis(x, y)) for x in grid.x]
                                                  for y in grid.y]


def test_body_chart_keyboard_route_click_undo_and_clear():
    box = m.body_chart(example=True)
    trace = box.figure.data[2]
    assert len(trace.x) == 1 and "N1: a mobile, non-tender" in box.summary.value
    before = box.summary.value
    box["side"].value, box["lateral"].value, box["vertical"].value = "right", 2.0, -1.5
    box["size"].value, box["tender"].value = 4.0, True
    box["add"].click()
    assert (trace.x[-1], trace.y[-1]) == (6.3, -1.5) == m.chart_point("right", 2, -1.5)
    assert list(trace.text) == ["N1", "N2"]
    assert box.summary.value != before and "2 cm lateral to and 1.5 cm below the right PSIS" in box.summary.value
    assert "N2: a mobile, tender" in box.soap.value
    assert trace.marker.size[1] > trace.marker.size[0]  # a 4 cm nodule is drawn bigger than a 2 cm one
    # a mouse click on the chart adds a nodule there and shows the keyboard route what it meant
    box.chart_clicked(box.figure.data[0], _points([-8.8], [3.0], [7]), None)
    assert len(trace.x) == 3 and (trace.x[-1], trace.y[-1]) == (-8.8, 3.0) == m.chart_point("left", 4.5, 3)
    assert (box["side"].value, box["lateral"].value, box["vertical"].value) == ("left", 4.5, 3.0)
    assert "4.5 cm lateral to and 3 cm above the left PSIS" in box.summary.value
    # a click between targets marks the nearest whole half centimetre from the PSIS, as it reports
    box.chart_clicked(box.figure.data[0], _points([-9.4], [3.1], [7]), None)
    assert (trace.x[-1], trace.y[-1]) == m.chart_point("left", 5, 3) and box["lateral"].value == 5.0
    box["undo"].click()
    box.chart_clicked(box.figure.data[0], _points([], [], []), None)  # a click on another trace
    assert len(trace.x) == 3
    box["undo"].click()
    assert len(trace.x) == 2 and len(box.chart.nodules) == 2
    box["clear"].click()
    assert len(trace.x) == 0 and "No nodule marked yet" in box.summary.value


def test_body_chart_tells_its_listeners():
    box = m.body_chart()
    seen = []
    box.chart.on_change(lambda nodules: seen.append(len(nodules)))
    box["add"].click()
    box["add"].click()
    box["undo"].click()
    assert seen == [1, 2, 1]


# --- 3. referral letter ---------------------------------------------------------------------------------------

def _all(state):
    return {f.id: state for f in m.red_flags()}


def test_every_red_flag_names_a_level_of_the_scale_and_each_family_is_present():
    ids = set(urgency.ids())
    flags = m.red_flags()
    assert all(f.urgency in ids for f in flags)
    assert {f.group for f in flags} == set(m.FAMILIES)
    # the families the course requires, with the features the review asked for
    by_id = {f.id: f for f in flags}
    ces = {"ces_saddle", "ces_retention", "ces_urinary_incontinence", "ces_bowel_incontinence",
           "ces_bilateral_legs", "ces_sexual"}
    assert ces <= {f.id for f in flags if f.group == "cauda_equina"}
    assert all(by_id[i].urgency == "emergency" for i in ces)
    assert all("nhslothianlumbarredflags" in by_id[i].refs for i in ces)
    assert {"fever_back_pain", "iv_drug_use", "immunosuppression", "recent_procedure_or_infection"} <= {
        f.id for f in flags if f.group == "infection"}
    assert {"significant_trauma", "corticosteroids", "older_osteoporosis"} <= {
        f.id for f in flags if f.group == "fracture"}
    assert {"cancer_history", "weight_loss"} <= {f.id for f in flags if f.group == "cancer"}
    assert by_id["leg_weakness"].group == "neuro" and by_id["leg_weakness"].urgency == "same_day"
    lump = {f.id for f in flags if f.group == "lump"}
    assert {"growing", "size5", "deep_fixed", "hard", "excision_site", "fungating", "skin_changes"} <= lump
    assert all(by_id[i].urgency == "urgent_cancer" for i in lump)
    assert by_id["fever"].urgency == "same_day" and by_id["hernia_trapped"].urgency == "emergency"
    # no feature's text names a diagnosis the letter checker would refuse
    for f in flags:
        assert not any(re.search(r"\b" + re.escape(w) + r"\b", f.label.lower() + " " + f.letter_text.lower())
                       for w in m.DIAGNOSTIC_WORDS), f.id


def test_suggestion_is_the_most_urgent_present_feature():
    assert m.suggest_urgency(()) == "routine"
    assert m.suggest_urgency(("growing",)) == "urgent_cancer"
    assert m.suggest_urgency(("growing", "ces_retention")) == "emergency"
    assert m.suggest_urgency(("fever",)) == "same_day"
    assert m.suggest_urgency(("leg_weakness", "cancer_history")) == "same_day"
    for f in m.red_flags():
        assert m.suggest_urgency((f.id,)) == f.urgency
    with pytest.raises(ValueError):
        m.suggest_urgency(("sneezing",))


def test_a_cauda_equina_sign_is_an_emergency_never_anything_slower():
    for f in m.red_flags():
        if f.group == "cauda_equina":
            assert m.suggest_urgency((f.id, "growing")) == "emergency"
            text = m.build_letter(_complete(answers={**_all("absent"), f.id: "present"}))
            assert f"Urgency: {urgency.level('emergency').letter}" in text


def test_adding_a_warning_feature_never_lowers_urgency():
    ids = [f.id for f in m.red_flags()]
    rank = {lv.id: lv.rank for lv in urgency.levels()}
    for r in range(0, 3):
        for combo in itertools.combinations(ids[::3], r):
            for extra in ids:
                assert rank[m.suggest_urgency(combo + (extra,))] <= rank[m.suggest_urgency(combo)]


def _complete(**kw):
    base = dict(recipient="Dr P. Shah, family doctor (GP)", client="Ms Dana Kerr, date of birth 02/05/1978",
                nodules=[m.EXAMPLE_NODULE], history="Noticed a year ago; aches after sitting.",
                tried="None.", consent=True, sender="Alex Moreno", contact="01234 567890 | alex@example.org",
                date="14 March 2025", answers=_all("absent"))
    base.update(kw)
    return m.LetterInput(**base)


def _section(text, head):
    line = next((ln for ln in text.splitlines() if ln.startswith(head)), "")
    return line


def test_the_urgency_line_comes_from_the_scale():
    for lv in urgency.levels():
        text = m.build_letter(_complete(urgency=lv.id))
        assert f"Urgency: {lv.letter}" in text
    text = m.build_letter(_complete(answers={**_all("absent"), "growing": "present"}))
    assert f"Urgency: {urgency.level('urgent_cancer').letter}" in text
    with pytest.raises(ValueError, match="unknown urgency level"):
        m.build_letter(_complete(urgency="prompt"))


def test_letter_lists_present_absent_and_not_asked_and_never_calls_not_asked_absent():
    answers = {**_all("not asked"), "growing": "present", "ces_saddle": "absent", "leg_weakness": "absent"}
    text = m.build_letter(_complete(answers=answers))
    present = _section(text, "- Present:")
    absent = _section(text, "- Asked about or examined, and absent:")
    unknown = _section(text, "- Not asked about or not examined (not known):")
    assert "growth over recent weeks or months" in present
    assert "saddle numbness" in absent and "leg weakness" in absent and "growth" not in absent
    assert "new urinary incontinence" in unknown and "fever with the back pain" in unknown
    by_id = {f.id: f for f in m.red_flags()}
    for f in m.red_flags():
        state = answers[f.id]
        where = {"present": present, "absent": absent, "not asked": unknown}[state]
        others = [s for k, s in {"present": present, "absent": absent, "not asked": unknown}.items() if k != state]
        assert by_id[f.id].letter_text in where, f.id
        # a feature not asked is never listed as absent (labels are distinct, so a plain search suffices)
        if state == "not asked":
            assert by_id[f.id].letter_text not in absent, f.id
    # the default is "not asked": an empty answer sheet says nothing is absent
    blank = m.build_letter(_complete(answers={}))
    assert "- Asked about or examined, and absent: none." in blank and "- Present: none." in blank
    assert "is not known" in blank  # the routine line says it holds only for what was asked
    assert any("not asked about" in i for i in m.check_letter(blank))
    # explaining why not clears that problem
    explained = blank + "\nNot asked because the client had to leave early."
    assert not any("not asked about" in i for i in m.check_letter(explained))
    # every feature asked: no not-asked line at all
    complete = m.build_letter(_complete())
    assert "Not asked about" not in complete and "- Present: none." in complete
    with pytest.raises(ValueError):
        m.LetterInput(answers={"growing": "maybe"})
    with pytest.raises(ValueError):
        m.LetterInput(answers={"sneezing": "present"})


def test_letter_describes_findings_and_never_diagnoses():
    ids = [f.id for f in m.red_flags()]
    for present in [(), ("growing",), ("growing", "excision_site"), ("ces_retention",), tuple(ids)]:
        for consent in (True, False):
            answers = {**_all("absent"), **dict.fromkeys(present, "present")}
            text = m.build_letter(_complete(answers=answers, consent=consent))
            low = text.lower()
            assert not any(re.search(r"\b" + re.escape(w) + r"\b", low) for w in m.DIAGNOSTIC_WORDS), present
            assert "3 cm lateral to the left PSIS" in text and "about 2 cm across" in text
            assert f"Urgency: {urgency.level(m.suggest_urgency(present)).letter}" in text
            assert "I have not made a diagnosis" in text and "14 March 2025" in text
            assert ("agreed that I share" in text) == consent


def test_letter_wording_follows_the_profession():
    massage = m.build_letter(_complete())
    assert "outside my scope as a massage therapist" in massage and "Working impression" not in massage
    chiro = m.build_letter(_complete(profession="chiropractor", impression="mechanical low back pain"))
    assert "Working impression (chiropractic, within my scope): mechanical low back pain" in chiro
    assert "without naming what it is" in chiro and "I have not made a diagnosis" not in chiro
    assert m.check_letter(chiro) == [] and m.check_letter(chiro, "chiropractor") == []
    # the same working impression in a massage therapist's letter is a diagnosis
    assert any("Massage therapists do not diagnose" in i for i in m.check_letter(chiro, "massage therapist"))
    # a chiropractor naming what the lump is still gets a (profession-aware) warning
    named = m.check_letter(chiro + "\nThe lump is a lipoma.", "chiropractor")
    assert any("what the lump is" in i and "working impression within chiropractic scope" in i for i in named)
    student = m.build_letter(_complete(profession=m.PROFESSIONS[3]))
    assert "Student chiropractor (supervised by [name])" in student and "chiropractic care" in student
    assert m.IMPRESSION_PROMPT in student  # a chiropractor is asked for an impression, or to delete the line


def test_letter_questions_urgency_override_and_errors():
    text = m.build_letter(_complete(question=m.QUESTIONS[0]))
    assert "assess the lump below and consider imaging, such as an ultrasound scan" in text
    two = m.build_letter(_complete(nodules=[m.EXAMPLE_NODULE, m.EXAMPLE_NODULE]))
    assert "assess the lumps below" in two
    assert "Urgency: SAME DAY" in m.build_letter(_complete(urgency="same_day"))
    # a level lower than the features suggest asks the writer to say why
    lower = m.build_letter(_complete(answers={**_all("absent"), "ces_saddle": "present"}, urgency="routine"))
    assert "[Say why you chose routine referral although" in lower and "emergency, now" in lower
    assert any("placeholder" in i for i in m.check_letter(lower))
    with pytest.raises(ValueError):
        m.build_letter(_complete(urgency="whenever"))
    assert "[describe the lump" in m.build_letter(_complete(nodules=[]))


def test_check_letter_finds_what_is_missing():
    good = m.build_letter(_complete())
    assert m.check_letter(good) == []
    assert any("diagnosis" in i for i in m.check_letter(good + "\nThis is a back mouse."))
    assert any("placeholder" in i for i in m.check_letter(m.build_letter(m.LetterInput(date="1 May 2025"))))
    assert any("consent" in i for i in m.check_letter(m.build_letter(_complete(consent=False))))
    assert any("date" in i for i in m.check_letter(good.replace("14 March 2025", "today")))
    for date in ("March 14, 2025", "2025-03-14", "14/03/2025"):
        assert m.check_letter(good.replace("14 March 2025", date)) == [], date
    assert any("urgency" in i for i in m.check_letter(good.replace("Urgency", "Speed")))
    # the urgency must be a level of the scale: the old words are not
    no_level = good.replace("Urgency: ROUTINE.", "Urgency: prompt.")
    issue = next(i for i in m.check_letter(no_level) if "urgency" in i)
    assert all(lv.name in issue for lv in urgency.levels())
    assert m.check_letter(good.replace("Urgency: ROUTINE.", "Urgency: Same day.")) == []
    assert any("long" in i for i in m.check_letter(good + " word" * 400))
    assert any("centimetres" in i for i in m.check_letter(good.replace(" cm", " inches")))


def test_data_uri_round_trip_and_download_link():
    text = "Dear Doctor,\nA lump 3 cm lateral to the left PSIS; Ms O'Neil & café #1 100%?"
    uri = m.data_uri(text)
    assert uri.startswith("data:text/plain;charset=utf-8,")
    body = uri.split(",", 1)[1]
    assert not any(c in body for c in " \n'\"#&?<>") and urllib.parse.unquote(body) == text
    link = m.download_link_html(text)
    assert "download='referral_letter.txt'" in link and body in link


def test_save_letter_writes_next_to_the_notebook(tmp_path, monkeypatch):
    path = m.save_letter("Line one\nLine two", tmp_path)
    assert path == tmp_path / "referral_letter.txt" and path.read_text(encoding="utf-8") == "Line one\nLine two\n"
    monkeypatch.chdir(tmp_path)
    assert m.save_letter("x").parent == tmp_path


def test_letter_builder_follows_the_chart_the_flags_and_the_edits(tmp_path):
    chart = m.body_chart(example=True)
    box = m.letter_builder(chart, date="14 March 2025", save_dir=tmp_path)
    assert "3 cm lateral to the left PSIS" in box["letter"].value and "ROUTINE" in box["letter"].value
    assert "https://www.rightdecisions.scot.nhs.uk/" in box.sources.value
    # one three-state control per feature, every one starting at "not asked"
    assert set(box.flags) == {f.id for f in m.red_flags()}
    assert all(t.value == "not asked" and set(t.options) == {("Not asked", "not asked"), ("Absent", "absent"),
                                                              ("Present", "present")} for t in box.flags.values())
    assert "- Asked about or examined, and absent: none." in box["letter"].value
    assert "Not asked about or not examined" in box["letter"].value and "not asked about" in box.checks.value
    # the urgency choices are the scale's levels
    assert [v for _, v in box["urgency"].options][1:] == list(urgency.ids())
    first_summary = box.summary.value
    chart["side"].value, chart["lateral"].value, chart["vertical"].value = "right", 2.0, 0.0
    chart["add"].click()
    assert "2 cm lateral to the right PSIS" in box["letter"].value and "2 nodules described" in box.summary.value
    box["flag_growing"].value = "present"
    assert "URGENT SUSPECTED-CANCER REFERRAL" in box["letter"].value
    assert "<b>Urgent suspected-cancer referral</b>" in box.suggestion.value
    assert box.summary.value != first_summary and "1 present" in box.summary.value
    box["flag_ces_saddle"].value = "absent"
    assert "saddle numbness" in _section(box["letter"].value, "- Asked about or examined, and absent:")
    box["flag_ces_retention"].value = "present"
    assert "EMERGENCY" in box["letter"].value and "<b>Emergency, now</b>" in box.suggestion.value
    box["urgency"].value = "routine"
    assert "lower on the scale" in box.suggestion.value and "ROUTINE" in box["letter"].value
    assert "[Say why you chose" in box["letter"].value
    box["urgency"].value = ""
    issues = len(box.issues)
    box["consent"].value = True
    assert "agreed that I share" in box["letter"].value and len(box.issues) == issues - 1
    # the chiropractor's working impression appears only for chiropractors
    assert box["impression"].layout.display == "none"
    box["profession"].value = "chiropractor"
    assert box["impression"].layout.display is None and m.IMPRESSION_PROMPT in box["letter"].value
    # layouts are shared between controls that never change theirs: hiding the impression hides nothing else
    box["profession"].value = m.PROFESSIONS[0]
    assert box["impression"].layout.display == "none"
    others = [box[n] for n in box.named if n != "impression"] + [chart[n] for n in chart.named]
    assert all(c.layout is not box["impression"].layout and c.layout.display is None for c in others)
    box["profession"].value = "chiropractor"
    box["impression"].value = "mechanical low back pain"
    assert "within my scope): mechanical low back pain" in box["letter"].value
    box["profession"].value = m.PROFESSIONS[0]
    # the student's own edits: the checks and the download link follow the text
    box["letter"].value = box["letter"].value + "\nIt is probably a lipoma."
    assert "names or implies a diagnosis" in box.checks.value
    assert urllib.parse.quote("probably a lipoma") in box.link.value
    box["save"].click()
    saved = (tmp_path / "referral_letter.txt").read_text(encoding="utf-8")
    assert saved.rstrip("\n").endswith("It is probably a lipoma.") and "\u2713 Saved" in box.saved.value


def test_letter_builder_without_a_chart_and_save_errors(tmp_path):
    box = m.letter_builder(date="1 May 2025", save_dir=tmp_path / "missing-folder")
    assert "[describe the lump" in box["letter"].value and "placeholder" in box.checks.value
    box["save"].click()
    assert "Could not save" in box.saved.value


def test_scope_table_presents_examples_as_examples():
    html = m.scope_table_html()
    assert "not universal rules" in html and html.count("<tr>") == len(m.scope_examples()) + 1
    for s in m.scope_examples():
        assert escape(s.where) in html and escape(s.who) in html


def test_the_tools_are_tools_with_named_controls_and_the_model_needs_no_widgets():
    import subprocess
    import sys

    from backmice.widgets import Tool

    chart = m.body_chart()
    for t in (m.options_explorer(), chart, m.letter_builder(chart)):
        assert isinstance(t, Tool) and t.controls and all(getattr(c, "description", "x") for c in t.controls)
        assert "bm-interactive" in t.widget._dom_classes
    assert chart.figure is not None and chart.figure in chart.widget.children[1].children[2].children
    code = ("import sys; from backmice import management as m; m.options(); m.red_flags(); "
            "m.build_letter(m.LetterInput()); print('plotly' in sys.modules, 'ipywidgets' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_the_tools_callbacks_change_what_they_show():
    """Speed is make bench's (bench/run.py: callback times); here each callback must act."""
    chart = m.body_chart()
    box = m.letter_builder(chart, date="1 May 2025")
    explorer = m.options_explorer()
    for i in range(3):
        points = len(chart.chart.nodules)
        letter, options = box.summary.value, explorer.summary.value
        chart["add"].click()
        box["flag_growing"].value = ["present", "absent", "not asked"][i % 3]
        explorer["provider"].value = ["doctor", "any", "doctor"][i % 3]
        assert len(chart.chart.nodules) == points + 1
        assert box.summary.value != letter
