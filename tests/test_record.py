"""backmice.record: documenting a nodule (lesson 03), its warning features and the record builder.

Moved here from tests/test_diagnosis.py with the record builder (issue 13), and extended with the
fields and flags of review findings C1 and M12: growth, how long, depth, tethered or fixed, skin,
fever, a lump removed at the site before; each flag with its level of the ONE urgency scale.
"""


import pytest

from backmice import paths, record as r, references, urgency
from conftest import ROOT

BIB = references.parse_bib((ROOT / "assets" / "references.bib").read_text(encoding="utf-8"))
BASE = dict(size_cm=2, consistency="rubbery (elastic)", mobility="moves freely")



def _ids(flags):
    return [f.id for f in flags]


# --- the record text -------------------------------------------------------------------------------------

def test_record_text_and_flags():
    text = r.record_text("Left", 2, 2, 1.5, "rubbery (elastic)", "moves freely", "tender",
                         "reproduces the familiar pain", 2)
    assert "2 nodules" in text and "2 cm lateral to and 2 cm above the left PSIS" in text  # body.position_text
    assert "1.5 cm across" in text and "no diagnosis" in text and "back mouse" not in text.lower()
    assert "1 cm directly below the right PSIS" in r.record_text("Right", -1, 0, 1, "soft", "moves freely", "not tender",
                                                       "familiar pain not tested", 1)
    assert r.record_flags(4.5, "firm", "moves freely") == []
    assert _ids(r.record_flags(5, "firm", "moves freely")) == ["size5"]
    assert _ids(r.record_flags(6, "hard or craggy", "fixed (does not move)")) == ["size5", "deep_fixed", "hard"]


def test_the_record_names_every_item_not_asked():
    text = r.record_text("Left", 2, 2, 1.5, "firm", "moves freely", "tender", "reproduces the familiar pain", 1)
    assert ("Not recorded (not asked, unsure or not tested): depth (unsure), change in size, how long it has been "
            "there, skin over it, fever, a lump removed here before.") in text
    text = r.record_text("Left", 2, 2, 1.5, "firm", "not tested", "tender", "reproduces the familiar pain", 1,
                         growth=r.GROWTH[1], duration=r.DURATION[2], depth=r.DEPTH[1], skin="normal", fever="no",
                         excision="no")
    assert "Not recorded" in text and "mobility (not tested)" in text and "change in size" not in text.split(
        "Not recorded")[1]
    full = r.record_text("Left", 2, 2, 1.5, "firm", "moves freely", "tender", "reproduces the familiar pain", 1,
                         growth=r.GROWTH[1], duration=r.DURATION[2], depth=r.DEPTH[1], skin="normal", fever="no",
                         excision="no")
    assert "Not recorded" not in full and r.NOT_ASKED not in full


@pytest.mark.parametrize("field, value, shown", [
    ("growth", "growing over weeks to months", "Change in size: growing over weeks to months."),
    ("growth", "growing slowly, over many months or years", "Change in size: growing slowly"),
    ("duration", "a few months", "How long it has been there: a few months."),
    ("depth", "below the fascia (deep)", "Depth: below the fascia (deep)."),
    ("depth", "above the fascia (in the fat under the skin)", "Depth: above the fascia"),
    ("skin", "red and warm", "Skin over it: red and warm."),
    ("skin", "breaking through the skin (an open sore over the lump)", "Skin over it: breaking through the skin"),
    ("fever", "yes, or feeling hot and unwell", "Fever: yes"),
    ("excision", "yes", "Lump removed here before: yes."),
])
def test_every_new_field_is_written_into_the_record(field, value, shown):
    text = r.record_text("Left", 2, 2, 1.5, "firm", "moves freely", "tender", "reproduces the familiar pain", 1,
                         **{field: value})
    assert shown in text


def test_every_option_of_the_new_fields_is_known():
    assert r.NOT_ASKED in r.GROWTH and r.NOT_ASKED in r.DURATION and r.NOT_ASKED in r.SKIN
    assert r.NOT_ASKED in r.FEVER and r.NOT_ASKED in r.EXCISION and "unsure" in r.DEPTH
    assert any(m.startswith("tethered") for m in r.MOBILITY) and any(m.startswith("fixed") for m in r.MOBILITY)


# --- the warning features --------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, flag", [
    (dict(growth="growing over weeks to months"), "growing"),
    (dict(growth="growing slowly, over many months or years"), "growing"),   # NICE NG12: increasing in size
    (dict(size_cm=5), "size5"),
    (dict(depth="below the fascia (deep)"), "deep_fixed"),
    (dict(mobility="tethered (moves only a little, feels anchored underneath)"), "deep_fixed"),   # C1
    (dict(mobility="fixed (does not move)"), "deep_fixed"),
    (dict(consistency="hard or craggy"), "hard"),
    (dict(excision="yes"), "excision_site"),
    (dict(skin="breaking through the skin (an open sore over the lump)"), "fungating"),
    (dict(skin="other change (for example colour or dimpling)"), "skin_changes"),
    (dict(skin="red and warm"), "skin_changes"),
])
def test_each_warning_feature_is_flagged_for_the_urgent_suspected_cancer_pathway(kwargs, flag):
    found = r.record_flags(**{**BASE, **kwargs})
    assert _ids(found) == [flag]
    assert found[0].level == "urgent_cancer" and urgency.name(found[0].level) == "Urgent suspected-cancer referral"


def test_fever_with_a_red_hot_lump_is_same_day_and_comes_first():
    found = r.record_flags(**{**BASE, "skin": "red and warm", "fever": "yes, or feeling hot and unwell"})
    assert _ids(found) == ["fever", "skin_changes"] and found[0].level == "same_day"
    assert r.record_flags(**{**BASE, "fever": "yes, or feeling hot and unwell"}) == []   # no red lump
    assert "Emergency, now" in r.fever_note("yes, or feeling hot and unwell") and r.fever_note("no") == ""


def test_nothing_is_flagged_for_the_reported_picture_or_for_not_asked():
    assert r.record_flags(**BASE) == []
    assert r.record_flags(**{**BASE, "growth": "no change in size noticed", "depth": "unsure", "skin": "normal",
                             "fever": "no", "excision": "no"}) == []


def test_every_flag_has_a_level_of_the_scale_and_real_sources():
    for flag in r.FLAGS.values():
        assert flag.level in urgency.ids(), flag.id
        assert flag.refs and set(flag.refs) <= set(BIB), flag.id


def test_flags_match_the_red_flag_data_of_lesson_06():
    """Same id, same level as assets/data/management_red_flags.yaml (one source of truth for levels)."""
    data = {f["id"]: f for f in paths.read_yaml(ROOT / "assets" / "data" / "management_red_flags.yaml")}
    for flag in r.FLAGS.values():
        assert flag.id in data, f"{flag.id} is not a red flag of lesson 06"
        assert data[flag.id]["urgency"] == flag.level, flag.id


def test_the_flag_line_names_each_level_and_the_most_urgent():
    found = r.record_flags(**{**BASE, "size_cm": 6, "skin": "red and warm", "fever": "yes, or feeling hot and unwell"})
    shown = r.flags_html(found)
    assert shown.count("<li>") == 3 and "(the most pressing): <b>Same day</b>" in shown
    assert "Urgent suspected-cancer referral" in shown and "rightdecisions.scot.nhs.uk" in shown
    assert "Urgent-referral" not in shown and r.flags_html([]) == ""
    assert "Level to act on: Same day." in r.flags_summary(found)


# --- the tool ----------------------------------------------------------------------------------------------

def test_record_builder_keeps_the_slider_labeller():
    box = r.record_builder()
    assert box.labeller is not None and box.labeller in box.widget.children


def test_record_builder_moves_the_nodule_and_flags():
    box = r.record_builder()
    c = box
    blob = box.figure.data[1]
    centre = lambda: (max(blob.x) + min(blob.x)) / 2  # noqa: E731
    x_left = centre()
    assert x_left == pytest.approx(-(r.PSIS_X + 2))  # 2 cm lateral to the left PSIS
    c["side"].value = "Right"
    assert centre() == pytest.approx(-x_left)
    width = max(blob.x) - min(blob.x)
    c["size"].value = 6
    assert max(blob.x) - min(blob.x) == pytest.approx(6) and width == pytest.approx(1.5)
    assert "Warning features: 5 cm or more across (Urgent suspected-cancer referral)" in box.summary.value
    assert "\u2691" in box.flags.value
    c["size"].value = 2
    assert box.flags.value == "" and "Right side" in box.summary.value


def test_record_builder_records_the_history_and_flags_it():
    box = r.record_builder()
    c = box
    assert "Not recorded" in box.summary.value and "change in size" in box.summary.value
    c["growth"].value = "growing over weeks to months"
    c["mobility"].value = "tethered (moves only a little, feels anchored underneath)"
    c["excision"].value = "yes"
    assert _ids(box.state["found"]) == ["growing", "deep_fixed", "excision_site"]
    assert "Change in size: growing over weeks to months." in box.state["record"]
    c["skin"].value = "red and warm"
    c["fever"].value = "yes, or feeling hot and unwell"
    assert box.state["found"][0].id == "fever" and "(the most pressing): <b>Same day</b>" in box.flags.value
    assert "spinal infection" in box.flags.value
    assert len(box.controls) == 15 and all(getattr(x, "description", "") for x in box.controls)
