"""Lesson 01 (the package backmice.anatomy): data and its schemas, geometry, the pure decisions, the
landmark map drawn on backmice.body, and the three tools (backmice.widgets.Tool) driven without a
browser: controls by name and value, clicks by calling the tool's on_click with a Points object."""

import base64
import html
import re
import subprocess
import sys

import numpy as np
import pytest
from plotly.callbacks import Points

from backmice import anatomy, body, references, schema, widgets
from backmice.anatomy import geometry
from conftest import ROOT

BIB = references.bibliography()


# --- data files ------------------------------------------------------------------------------------

def test_every_structure_of_every_section_has_text_geometry_and_a_label():
    texts = anatomy.structures()
    for sid, section in anatomy.sections().items():
        d = anatomy.drawing(sid)
        assert set(section.structures) == set(d.shapes) == set(d.labels), sid
        assert len(section.structures) == len(set(section.structures))
        for s in section.structures:
            t = texts[s]
            assert t.name and t.label and t.short and t.description and t.where, s
            assert len(t.short) <= 130, f"{s}: the hover line should stay one line"
        assert "illustrative" in section.caption and "not to scale" in section.caption


def test_every_text_cites_real_references():
    regions, sites, rows = anatomy.landmarks()
    cited = [k for t in anatomy.structures().values() for k in t.refs]
    cited += [k for r in regions.values() for k in r.refs] + [k for s in sites for k in s.refs]
    cited += [k for r in rows for k in r.refs]
    assert cited and all(k in BIB for k in cited), sorted(set(k for k in cited if k not in BIB))
    for t in anatomy.structures().values():
        assert t.refs, t.id


def test_hypotheses_are_labelled_as_such():
    texts = anatomy.structures()
    assert "hypothes" in texts["fenestration"].name.lower()
    assert "hypothes" in texts["fenestration"].description.lower()
    assert "debated" in texts["back_mouse"].name.lower()
    assert "reported" in texts["subfascial_fat"].name.lower()
    # rat data are said to be rat data where innervation is mentioned in a structure's text
    assert "proposal" in texts["prs"].description


def test_landmark_data():
    regions, sites, rows = anatomy.landmarks()
    assert {"psis", "posterior_crest", "lateral_crest", "sacrum", "si_region", "paraspinal", "cluneal"} <= set(regions)
    assert {s.region for s in sites} == {"psis", "posterior_crest", "lateral_crest", "si_region", "paraspinal"}
    assert {r.reference for r in rows} == {"midline", "psis"}
    assert set(anatomy.ROW_Y) == {r.id for r in rows}
    assert set(anatomy.SITE_XY) == set(anatomy.SITE_LABEL_AT) == {s.region for s in sites}


# --- pure helpers ------------------------------------------------------------------------------------

def test_point_in_polygon():
    square = [(0, 0), (2, 0), (2, 2), (0, 2)]
    inside = anatomy.point_in_polygon([1, 3, -0.1, 1.9], [1, 1, 1, 0.1], square)
    assert list(inside) == [True, False, False, True]
    triangle = [(0, 0), (4, 0), (0, 4)]
    assert anatomy.point_in_polygon(1, 1, triangle) and not anatomy.point_in_polygon(3, 3, triangle)
    grid = anatomy.point_in_polygon(*np.meshgrid(np.linspace(-1, 3, 41), np.linspace(-1, 3, 41)), square)
    assert grid.shape == (41, 41) and 300 < grid.sum() < 500


def test_distance_to_polyline():
    line = [(0, 0), (10, 0), (10, 10)]
    d = anatomy.distance_to_polyline([5, 12, -3, 5], [2, 5, 0, 0], line)
    assert d == pytest.approx([2, 2, 3, 0])


def test_band_and_resample():
    band = geometry.band([(0, 0), (10, 0)], 1.0)
    assert anatomy.point_in_polygon(5, 0.9, band) and not anatomy.point_in_polygon(5, 1.1, band)
    pts = geometry.resample([(0, 0), (1, 0)], 0.25)
    assert pts[0] == (0, 0) and pts[-1] == (1, 0) and len(pts) == 5


def _band_numpy(line, half_width):
    """geometry.band as it was written with numpy (the reference for the plain-Python one)."""
    pts = np.array(line, dtype=float)
    d = np.gradient(pts, axis=0)
    n = np.stack([-d[:, 1], d[:, 0]], axis=1)
    n /= np.linalg.norm(n, axis=1, keepdims=True)
    left, right = pts + half_width * n, pts - half_width * n
    return [tuple(map(float, p)) for p in np.vstack([left, right[::-1]])]


def test_plain_python_geometry_gives_numpys_floats():
    """The drawing helpers avoid numpy (so the lesson never loads it) and give the very floats that
    numpy gives: the drawings, the landmark regions and the rings are unchanged to the last bit."""
    for start, stop, n, endpoint in ((0, 2 * np.pi, 48, False), (0, 2 * np.pi, 48, True), (0, np.pi / 2, 25, True),
                                     (-3.0, 7.5, 11, True), (1.0, 1.0, 3, True), (0, 1, 1, True)):
        expected = np.linspace(start, stop, n, endpoint=endpoint).tolist()
        assert geometry.linspace(start, stop, n, endpoint) == expected
    for cx, cy, rx, ry, n, closed in ((4.9, -2.0, 0.95, 0.42, 48, False), (5.9, -3.33, 1.1, 0.21, 48, True),
                                      (4.3, 0.0, 1.1, 1.1, 24, False)):
        t = np.linspace(0, 2 * np.pi, n, endpoint=closed)
        expected = [(float(cx + rx * np.cos(a)), float(cy + ry * np.sin(a))) for a in t]
        assert geometry.ellipse(cx, cy, rx, ry, n, closed) == expected
    lines = [list(body.CREST[:5]), list(body.CREST[4:]), [(0, 0), (10, 0)], [(1.5, 2.0), (3.0, -1.0), (4.0, 7.0)]]
    for line in lines:
        for hw in (0.75, 0.8, 1.0):
            assert geometry.band(line, hw) == _band_numpy(line, hw)
    rng = np.random.default_rng(7)
    for _ in range(2000):
        a = round(float(rng.uniform(-20, 20)), int(rng.integers(1, 4)))
        b, step = a + float(rng.uniform(0, 30)), float(rng.choice([0.2, 0.15, 0.05, 0.01]))
        values = geometry.arange(a, b, step)
        assert values == np.arange(a, b, step).tolist()
        assert [repr(v) for v in geometry.round_half_even(values, 2)] == \
            [repr(v) for v in np.round(np.arange(a, b, step), 2).tolist()]


def test_stored_grids_are_current():
    """hitgrid_data.py holds the hover/click rasters and the tops under the finger as computed now
    (with numpy) from the drawings: after changing a drawing, run `python -m backmice.anatomy.hitgrid`.
    (A stale entry is never used: its key no longer matches, and the figures compute it again.)"""
    from backmice.anatomy import hitgrid
    from backmice.anatomy.hitgrid_data import GRIDS

    computed = hitgrid.computed()
    assert set(GRIDS) == set(computed)
    for name, entry in computed.items():
        stored = GRIDS[name]
        assert stored["key"] == entry["key"], f"{name}: run `python -m backmice.anatomy.hitgrid`"
        for field in ("xs", "ys", "rows", "tops"):
            if field in entry:
                assert tuple(stored[field]) == tuple(entry[field]), name
    # what the figures read is what hit_raster computes, cell for cell
    for section in hitgrid.SECTIONS:
        order = hitgrid.section_order(section)
        assert hitgrid.section_raster(section, order) == hitgrid.compute_section(section, order)
        assert anatomy.structure_tops(section) == anatomy.drawings.compute_tops(section)
    assert hitgrid.landmark_map_raster() == hitgrid.compute_landmark()


def test_a_stale_grid_is_computed_again(monkeypatch):
    from backmice.anatomy import hitgrid, hitgrid_data

    order = hitgrid.section_order("crest")
    monkeypatch.setitem(hitgrid_data.GRIDS, "section crest", {**hitgrid_data.GRIDS["section crest"], "key": "old"})
    assert hitgrid._stored("section crest", hitgrid.section_key("crest", order)) is None
    hitgrid.section_raster.cache_clear()
    try:
        xs, ys, rows = hitgrid.section_raster("crest", order)
        assert (xs, ys, rows) == hitgrid.compute_section("crest", order)
    finally:
        hitgrid.section_raster.cache_clear()


def _z(z):
    """A heatmap's z (a plotly.js typed array, float32) as a numpy array."""
    rows, cols = (int(v) for v in z["shape"].split(","))
    assert z["dtype"] == "f4"
    return np.frombuffer(base64.b64decode(z["bdata"]), dtype="<f4").reshape(rows, cols)


@pytest.mark.parametrize("section", ["l4", "crest"])
def test_hit_heatmaps_cover_exactly_their_structures_cells(section):
    """Each structure's transparent heatmap: 1 on exactly the cells it owns in hit_raster (cut to
    their bounding box), a gap (NaN: no hover, no click) everywhere else."""
    from backmice.anatomy import hitgrid
    from backmice.anatomy.figures import hit_raster

    sf = anatomy.section_figure(section)
    order = hitgrid.section_order(section)
    xs, ys, owner = hit_raster(anatomy.drawing(section), list(order))
    for index, sid in sf.hit.items():
        trace = sf.figure.data[index]
        mask = owner == order.index(sid)
        rows, cols = np.nonzero(mask)
        r0, r1, c0, c1 = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
        z = _z(trace.z)
        assert np.array_equal(~np.isnan(z), mask[r0:r1, c0:c1]) and np.all(z[~np.isnan(z)] == 1), sid
        assert list(trace.x) == xs[c0:c1].tolist() and list(trace.y) == ys[r0:r1].tolist(), sid


def test_typed_z_and_nested_lists_hold_the_same_cells(monkeypatch):
    """figures.TYPED_Z = False (nested lists of 1.0 and None, as the figures once sent) gives the
    same cells as the typed array."""
    from backmice.anatomy import figures, hitgrid

    xs, ys, rows = hitgrid.section_raster("crest", hitgrid.section_order("crest"))
    typed = [figures.hit_heatmap(xs, ys, rows, k) for k in range(1, 11)]
    monkeypatch.setattr(figures, "TYPED_Z", False)
    nested = [figures.hit_heatmap(xs, ys, rows, k) for k in range(1, 11)]
    for t, n in zip(typed, nested):
        z = np.array(n["z"], dtype=float)
        assert np.array_equal(np.isnan(z), np.isnan(_z(t["z"]))) and t["x"] == n["x"] and t["y"] == n["y"]


def test_the_map_shows_and_hides_every_site_label():
    """The stars, their labels (one per site, and the key to the stars) and the labels' lines are
    shown and hidden together, by their coordinates: no annotation is left naming a site."""
    m = anatomy.landmark_map()
    sites = anatomy.landmarks()[1]
    stars, lines, labels = (m.figure.data[i] for i in m.parts.site_traces)
    assert len(stars.x) == len(sites) and list(labels.text[:-1]) == [anatomy.SITE_TEXT[s.region] for s in sites]
    assert "back mice reported here" in labels.text[-1] and len(lines.x) == 3 * len(sites)
    texts = [a.text for a in m.figure.layout.annotations]
    assert not set(texts) & set(labels.text) and not any("reported here" in t for t in texts)
    m["sites"].value = False
    assert all(x is None for i in m.parts.site_traces for x in m.figure.data[i].x)
    m["sites"].value = True
    assert all(list(m.figure.data[i].x) == m.parts.site_xy[i][0] for i in m.parts.site_traces)
    assert all(m.figure.data[i].visible is not False for i in m.parts.site_traces)


def test_the_lesson_never_loads_numpy():
    """Drawing lesson 01's tools reads the stored grids: numpy (about 0.1 s of a fresh kernel's CPU)
    is not imported."""
    code = ("import sys; from backmice import anatomy; anatomy.landmark_map(); anatomy.layer_explorer('l4'); "
            "anatomy.layer_explorer('crest'); anatomy.find_the_structure(); anatomy.reached('l4', 3.0); "
            "print('numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_short_cite():
    assert anatomy.short_cite("willard2012") == "Willard et al. 2012"
    assert anatomy.short_cite("markman1987") == "Markman and Barton 1987"
    assert anatomy.short_cite("mense2019") == "Mense 2019"
    assert anatomy.short_cite("anatomicscniliaccrest").startswith("Anatomic considerations")
    with pytest.raises(KeyError):
        anatomy.short_cite("nosuchkey1999")


def test_card_html_escapes_and_cites_with_keys():
    html = anatomy.card_html("A <b>", "x & y", ["willard2012"])
    assert "A &lt;b&gt;" in html and "x &amp; y" in html and "[@willard2012]" in html
    assert "role='status'" in html


# --- the palpation model ----------------------------------------------------------------------------

@pytest.mark.parametrize("section", ["l4", "crest"])
def test_tops_are_ordered_and_start_at_the_skin(section):
    tops = anatomy.structure_tops(section)
    assert tops[0][0] == "skin" and tops[0][1] < 0.1
    depths = [t for _, t in tops]
    assert depths == sorted(depths)


def test_layer_order_under_the_finger_matches_the_sources():
    """Skin, superficial fat, membranous layer, deep fat, then fascia, aponeurosis and muscle."""
    order = [s for s, _ in anatomy.structure_tops("l4")]
    expected = ["skin", "sat", "membranous", "dat", "superficial_lamina", "prs", "esa", "erector", "vertebra"]
    assert order[:len(expected)] == expected


@pytest.mark.parametrize("section", ["l4", "crest"])
def test_reached_grows_with_depth_and_stops_at_bone(section):
    d = anatomy.drawing(section)
    previous = []
    for depth in np.arange(0, d.max_depth + 0.01, 0.1):
        now = anatomy.reached(section, float(depth))
        assert now[:len(previous)] == previous, "going deeper never loses a layer"
        previous = now
    assert anatomy.reached(section, 0) == []
    deepest = anatomy.reached(section, d.max_depth)
    assert deepest[-1] in d.stops, "at full depth the fingers meet bone"
    assert anatomy.reached(section, 1000) == deepest, "nothing beyond the bone is ever reached"
    with pytest.raises(ValueError):
        anatomy.reached(section, -1)


def test_specific_depths():
    assert anatomy.reached("l4", 0.2) == ["skin"]
    assert "ql" not in anatomy.reached("l4", 9.0), "quadratus lumborum lies beyond the bone here"
    crest = anatomy.reached("crest", 4.5)
    assert crest.index("tlc") < crest.index("scn") < crest.index("crest"), \
        "over the crest the nerve lies between the fused fascia and the bone"


# --- Find the structure -------------------------------------------------------------------------------

def test_score_click():
    ok, text = anatomy.score_click("membranous", "membranous")
    assert ok and text.startswith("\u2713") and "between the superficial fat and the deep fat" in text
    ok, text = anatomy.score_click("membranous", "dat")
    assert not ok and text.startswith("\u2717") and "the deep adipose tissue" in text and "not the membranous layer" in text
    ok, text = anatomy.score_click("esa", None)
    assert not ok and "outside" in text and "The erector spinae aponeurosis lies" in text
    with pytest.raises(ValueError):
        anatomy.score_click("nothing", "skin")
    with pytest.raises(ValueError):
        anatomy.score_click("skin", "crest")  # a crest-section structure is not in the L4 game


def test_the():
    assert anatomy.the("Skin") == "the skin" and anatomy.the("PSIS (x)") == "the PSIS (x)"
    assert anatomy.the("Erector spinae", start=True) == "The erector spinae"
    assert anatomy.the("A back mouse? (its nature is debated)") == "the back mouse? (its nature is debated)"


def test_numbering_and_order_are_fixed_permutations():
    ids = anatomy.sections()["l4"].structures
    numbers = anatomy.numbering("l4")
    assert sorted(numbers.values()) == list(range(1, len(ids) + 1))
    assert [numbers[s] for s in ids] != list(range(1, len(ids) + 1)), "numbers must not give away the order"
    assert anatomy.numbering("l4") == numbers
    order = anatomy.game_order("l4")
    assert sorted(order) == sorted(ids) and order == anatomy.game_order("l4")


# --- the figures -----------------------------------------------------------------------------------

def test_section_figure_parts():
    sf = anatomy.section_figure("l4")
    fig = sf.figure
    assert set(sf.hit.values()) == set(anatomy.sections()["l4"].structures)
    for index, sid in sf.hit.items():
        trace = fig.data[index]
        assert len(trace.x) > 0 and html.escape(anatomy.structures()[sid].name) in trace.hovertemplate
        assert "Source:" in trace.hovertemplate
    texts = [a.text for a in fig.layout.annotations]
    assert any("not to scale" in (t or "") for t in texts) and any("illustrative" in (t or "") for t in texts)
    assert "illustrative" in fig.layout.yaxis.title.text


def test_numbered_figure_hides_the_names():
    sf = anatomy.section_figure("l4", numbered=True)
    names = [anatomy.structures()[s].name for s in anatomy.sections()["l4"].structures]
    shown = " ".join((a.text or "") for a in sf.figure.layout.annotations)
    shown += " ".join(sf.figure.data[i].hovertemplate for i in sf.hit)
    for name in names:
        assert name not in shown
    for sid, n in sf.numbers.items():
        assert f"<b>{n}</b>" in shown


def test_cluneal_rows_keep_their_own_reference_points():
    midline, psis = anatomy.cluneal_rows("midline"), anatomy.cluneal_rows("psis")
    assert len(midline) == 3 and len(psis) == 4
    for r in midline:
        assert "from the midline" in r.text() and "PSIS" not in r.text()
    for r in psis:
        assert ("from the PSIS" in r.text()) != bool(r.landmark), r.id
    loubser = next(r for r in midline if r.id == "loubser_midline")
    assert anatomy.band_ends(loubser) == pytest.approx((61.9, 82.3))
    start, means, ends = anatomy.row_x_cm(loubser)
    assert start == 0 and means == pytest.approx([7.21]) and ends == pytest.approx((6.19, 8.23))
    tubbs = next(r for r in psis if r.id == "tubbs_psis")
    assert tubbs.sd_mm is None and anatomy.band_ends(tubbs) == (50, 73)
    assert anatomy.row_x_cm(tubbs) == (0.0, pytest.approx([5.0, 6.5, 7.3]), (5.0, 7.3))
    with pytest.raises(ValueError):
        anatomy.cluneal_rows("navel")


def test_the_fifteen_cadaver_study_is_quoted_from_both_of_its_landmarks():
    rows = {r.id: r for r in anatomy.cluneal_rows()}
    assert (rows["fifteen_midline"].mean_mm, rows["fifteen_midline"].sd_mm) == (81.0, 9.2)
    psis = rows["fifteen_psis"]
    assert (psis.mean_mm, psis.sd_mm, psis.reference) == (64.7, 5.3, "psis")
    assert "\u201cposterior superior iliac crest\u201d" in psis.text()   # the authors' own words
    assert "\u2020" in anatomy.row_label(psis)


def _own_data(own_assets, name, edit):
    """A copy of assets/data/<name>.yaml (and its schema) changed by ``edit``, read by the loaders."""
    root = own_assets(anatomy.landmarks, anatomy.layers)
    (root / "data").mkdir()
    (root / "schemas").mkdir()
    for kind, suffix in (("schemas", ".schema.json"), ("data", ".yaml")):
        (root / kind / f"{name}{suffix}").write_bytes((ROOT / "assets" / kind / f"{name}{suffix}").read_bytes())
    schema._validator.cache_clear()
    path = root / "data" / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    changed = edit(text)
    assert changed != text, "the edit must change the file"
    path.write_text(changed, encoding="utf-8")


@pytest.fixture
def own_data(own_assets):
    yield lambda name, edit: _own_data(own_assets, name, edit)
    schema._validator.cache_clear()


@pytest.mark.parametrize("name, edit, message", [
    ("anatomy_landmarks", lambda t: t.replace("    from: midline\n", "", 1),
     r"anatomy_landmarks.yaml, cluneal/0: 'from' is a required property"),
    ("anatomy_landmarks", lambda t: t.replace("from: psis", "from: navel", 1),
     r"anatomy_landmarks.yaml, cluneal/3/from: 'navel' is not one of \['midline', 'psis'\]"),
    ("anatomy_landmarks", lambda t: t.replace("sd_mm: 10.2", "sd_mm: -10.2"),
     r"anatomy_landmarks.yaml, cluneal/0/sd_mm: -10.2 is less than or equal to the minimum of 0"),
    ("anatomy_landmarks", lambda t: t.replace("  - region: psis\n", "  - region: psis\n    colour: red\n"),
     r"anatomy_landmarks.yaml, sites/0: Additional properties are not allowed \('colour' was unexpected\)"),
    ("anatomy_layers", lambda t: t.replace("    refs: [freedictionaryerectorspinae]\n", "", 1),
     r"anatomy_layers.yaml, structures/0: 'refs' is a required property"),
    ("anatomy_layers", lambda t: t.replace("structures: [skin, sat,", "structures: [skin, skin, sat,", 1),
     r"anatomy_layers.yaml, sections/0/structures: .* has non-unique elements"),
])
def test_a_malformed_data_file_is_refused_in_plain_words(own_data, name, edit, message):
    """The schema (assets/schemas/anatomy_*.schema.json) names the file, the place and the problem."""
    own_data(name, edit)
    with pytest.raises(ValueError, match=message):
        anatomy.landmarks() if name == "anatomy_landmarks" else anatomy.structures()


@pytest.mark.parametrize("name, edit, message", [
    ("anatomy_layers", lambda t: t.replace("structures: [skin, sat,", "structures: [skin, fat,", 1),
     "anatomy_layers.yaml: section 'l4' names structures that are not described: fat"),
    ("anatomy_layers", lambda t: t.replace("  - id: sat\n", "  - id: skin\n", 1),
     "anatomy_layers.yaml: two structures share the id 'skin'"),
    ("anatomy_landmarks", lambda t: t.replace("  - region: paraspinal\n", "  - region: lumbar\n", 1),
     "anatomy_landmarks.yaml: a site names the region 'lumbar', which is not described"),
    ("anatomy_landmarks", lambda t: t.replace("  - id: iwanaga_psis\n", "  - id: loubser_psis\n", 1),
     "anatomy_landmarks.yaml: two cluneal rows share the id 'loubser_psis'"),
    ("anatomy_landmarks", lambda t: t.replace("    mean_mm: 72.1\n", "", 1),
     "anatomy_landmarks.yaml: cluneal row 'loubser_midline' needs mean_mm (one mean) or means_mm (several means)"),
    ("anatomy_landmarks", lambda t: t.replace("means_mm: [50, 65, 73]", "means_mm: [50, 65, 73]\n    sd_mm: 4.0"),
     "anatomy_landmarks.yaml: cluneal row 'tubbs_psis' gives several means (means_mm), so it cannot also give "
     "mean_mm or sd_mm"),
])
def test_what_a_schema_cannot_say_is_checked_after_it(own_data, name, edit, message):
    own_data(name, edit)
    with pytest.raises(ValueError, match=re.escape(message)):
        anatomy.landmarks() if name == "anatomy_landmarks" else anatomy.sections()


def test_the_shipped_data_files_pass_their_schemas():
    for name in ("anatomy_layers", "anatomy_landmarks"):
        schema.load(f"data/{name}.yaml")


def test_landmark_regions_are_paired_and_clickable():
    regions = anatomy.landmark_regions()
    for rid in ("psis", "posterior_crest", "lateral_crest", "si_region", "paraspinal"):
        left, right = regions[rid]
        assert left == [(-x, y) for x, y in right]
    for side in ("left", "right"):
        assert anatomy.point_in_polygon(*body.PSIS[side], regions["psis"][1 if side == "left" else 0]), side
    assert anatomy.PSIS == body.PSIS["right"] == body.CREST[0], "the crest ends behind at the PSIS"
    assert anatomy.point_in_polygon(0, -2, regions["sacrum"][0])
    assert regions["sacrum"] == [list(body.SACRUM)]


def test_the_landmark_map_draws_the_one_body():
    """The body is backmice.body's: its pelvis outline, spinous processes and two PSISs, unchanged."""
    fig = anatomy.landmark_figure_parts().figure
    on_body = _panel_traces(fig, "x2")

    def drawn(name):
        return [list(zip(t.x, t.y)) for t in on_body if t.name == name]

    closed = [poly + poly[:1] for poly in (body.ILIUM, body.mirror(body.ILIUM))]
    assert sorted(drawn("hip bone")) == sorted(closed)
    assert drawn("Sacrum") == [body.SACRUM + body.SACRUM[:1]]
    crest = drawn("Posterior iliac crest") + drawn("Lateral iliac crest")
    assert sorted(crest) == sorted([body.CREST[:5], body.mirror(body.CREST[:5]), body.CREST[4:],
                                    body.mirror(body.CREST[4:])])
    assert drawn("lumbar spinous processes") == [body.SPINOUS]
    assert sorted(drawn("PSIS")[0]) == sorted(body.PSIS.values())
    # the map's own places on the body are in the same coordinates: each star is where its words say
    for region, (x, y) in anatomy.SITE_XY.items():
        assert x < 0, "stars are on the left half"
        if region == "psis":
            pos = body.relative_to_psis(x, y)
            assert pos.side == "left" and 0 < pos.lateral <= 1.5 and 0 < pos.vertical <= 1.5, pos
        else:
            assert anatomy.point_in_polygon(x, y, anatomy.landmark_regions()[region][1]), region


def test_landmark_summary_is_a_full_text_alternative():
    text = anatomy.landmark_summary("psis")
    for r in anatomy.cluneal_rows():
        assert r.text() in text
    for s in anatomy.landmarks()[1]:
        assert s.label in text
    assert "illustrative" in text and "Selected: PSIS" in text
    assert "Stars" not in anatomy.landmark_summary("psis", show_sites=False)


# --- the tools, driven without a browser -------------------------------------------------------------

def _points(trace) -> int:
    """Points drawn by a trace (a glow without an outline holds one missing point, never nothing)."""
    return sum(x is not None for x in (trace.x or ()))


def _click(box, trace_index):
    trace = box.figure.data[trace_index]
    box.on_click(trace, Points(point_inds=[0], xs=[trace.x[0]], ys=[trace.y[0]], trace_index=trace_index), None)


def test_layer_explorer_depth_slider():
    box = anatomy.layer_explorer("l4")
    sf = box.parts
    assert isinstance(box, widgets.Tool)
    assert box.controls[0] is box["depth"] and box.controls[1] is box["pick"] and box.figure is sf.figure
    assert [box[f"show {s}"] for s in anatomy.sections()["l4"].structures] == list(box.checkboxes.values())
    assert all(getattr(c, "description", "x") for c in box.controls)
    before_y = list(box.figure.data[sf.probe_traces[0]].y)
    before_summary = box.summary.value
    erector = sf.traces["erector"][0]
    assert box.figure.data[erector].opacity == 0.3
    box["depth"].value = 5.0
    assert list(box.figure.data[sf.probe_traces[0]].y) != before_y
    assert box.figure.data[sf.probe_traces[0]].y[2] == -5.0
    assert box.figure.data[erector].opacity == 1.0
    assert box.summary.value != before_summary and "Erector spinae" in box.summary.value
    box["depth"].value = 8.5
    assert "Bone stops the fingers" in box.summary.value
    bone_top = dict(anatomy.structure_tops("l4"))["vertebra"]
    assert box.figure.data[sf.probe_traces[0]].y[2] == -bone_top, "the finger box stops at the bone"


def test_layer_explorer_select_hide_and_click():
    box = anatomy.layer_explorer("l4")
    sf = box.parts
    card = box.card.value
    box["pick"].value = "prs"
    assert box.card.value != card and "paraspinal retinacular sheath" in box.card.value
    assert "[@willard2012]" in box.card.value
    glow = _points(box.figure.data[sf.highlight])
    assert glow > 0 and "Selected:" in box.summary.value
    drawn = {i: list(box.figure.data[i].x) for i in sf.traces["sat"] if i not in sf.hit}
    box.checkboxes["sat"].value = False
    # hidden without a change of visibility (a whole redraw): no coordinates, a target that does
    # not answer the mouse, a transparent label
    assert all(box.figure.data[i].visible is not False for i in sf.traces["sat"])
    assert all(x is None for i in drawn for x in box.figure.data[i].x)
    assert all(box.figure.data[i].hoverinfo == "skip" for i in sf.traces["sat"] if i in sf.hit)
    assert box.figure.layout.annotations[sf.annotations["sat"]].opacity == 0
    assert "Hidden: Superficial adipose tissue" in box.summary.value
    box.checkboxes["sat"].value = True
    assert all(list(box.figure.data[i].x) == xs for i, xs in drawn.items())
    assert all(box.figure.data[i].hoverinfo is None for i in sf.traces["sat"] if i in sf.hit)
    assert box.figure.layout.annotations[sf.annotations["sat"]].opacity == 1
    # hiding the selected structure takes its outline away; showing it again brings the outline back
    box.checkboxes["prs"].value = False
    assert _points(box.figure.data[sf.highlight]) == 0 and box["pick"].value == "prs"
    box.checkboxes["prs"].value = True
    assert _points(box.figure.data[sf.highlight]) == glow
    # a click on the multifidus target selects it (the same route as the dropdown)
    index = next(i for i, s in sf.hit.items() if s == "multifidus")
    _click(box, index)
    assert box["pick"].value == "multifidus" and "Multifidus" in box.card.value
    # a click event reaches every trace; those without points must do nothing
    other = next(i for i, s in sf.hit.items() if s == "skin")
    box.on_click(box.figure.data[other], Points(point_inds=[], xs=[], ys=[], trace_index=other), None)
    assert box["pick"].value == "multifidus"


def test_crest_explorer_starts_where_asked():
    box = anatomy.layer_explorer("crest", selected="tlc", depth=2.0)
    assert box["pick"].value == "tlc" and box["depth"].value == 2.0
    assert "composite" in box.card.value
    box["depth"].value = 4.5
    assert "Superior cluneal nerve" in box.summary.value and "Bone stops" in box.summary.value



def test_landmark_map_select_click_and_sites():
    box = anatomy.landmark_map(region="psis")
    mf = box.parts
    assert box.controls == [box["region"], box["sites"]]
    card, summary = box.card.value, box.summary.value
    box["region"].value = "sacrum"
    assert box.card.value != card and "Sacrum" in box.card.value and box.summary.value != summary
    assert _points(box.figure.data[mf.highlight[0]]) > 0
    box["region"].value = "cluneal"
    assert _points(box.figure.data[mf.highlight[1]]) == 5 and _points(box.figure.data[mf.highlight[2]]) == 5
    assert _points(box.figure.data[mf.highlight[0]]) == 0 and "[@loubserscn]" in box.card.value
    index = next(i for i, r in mf.hit.items() if r == "si_region")
    _click(box, index)
    assert box["region"].value == "si_region"
    box["sites"].value = False
    assert all(x is None for i in mf.site_traces for x in box.figure.data[i].x)
    assert "Stars" not in box.summary.value
    quiet = anatomy.landmark_map(region="cluneal", show_sites=False)
    assert quiet["region"].value == "cluneal" and all(x is None for x in quiet.figure.data[mf.site_traces[0]].x)


def _panel_traces(fig, xaxis):
    return [t for t in fig.data if (t.xaxis or "x") == xaxis]


def test_landmark_map_bands_match_the_data():
    """Midline rows on the panel that shares the body's axis (x, matching x2); PSIS rows on their own (x3)."""
    fig = anatomy.landmark_figure_parts().figure
    assert fig.layout.xaxis.matches == "x2" and fig.layout.xaxis3.matches is None
    for panel, axis in (("midline", "x"), ("psis", "x3")):
        bands = [t for t in _panel_traces(fig, axis) if (t.name or "").endswith(" band")]
        ends = sorted(tuple(np.round(t.x, 2)) for t in bands)
        expected = sorted(tuple(np.round(anatomy.row_x_cm(r)[2], 2)) for r in anatomy.cluneal_rows(panel) if r.sd_mm)
        assert ends == expected, panel
    assert "PSIS" in fig.layout.xaxis3.title.text and "midline" in fig.layout.xaxis.title.text


def test_psis_rows_are_drawn_at_their_distance_from_the_psis():
    """Read back from the figure: every PSIS-referenced band and mean lies its own distance from the
    PSIS drawn in its panel, never from the midline; the rings on the body are centred on the body's PSIS."""
    fig = anatomy.landmark_figure_parts().figure
    panel = _panel_traces(fig, "x3")
    for r in anatomy.cluneal_rows("psis"):
        y = anatomy.ROW_Y[r.id]
        on_row = [t for t in panel if len(t.y) and all(v == y for v in t.y)]
        psis_x = next(t.x[0] for t in on_row if t.name == "reference point" and t.marker.symbol == "circle-open")
        means = next(t for t in on_row if t.name.endswith(" mean"))
        assert [x - psis_x for x in means.x] == pytest.approx([m / 10 for m in r.means_mm]), r.id
        if r.sd_mm is not None:
            band = next(t for t in on_row if t.name.endswith(" band"))
            lo, hi = anatomy.band_ends(r)
            assert (band.x[0] - psis_x, band.x[1] - psis_x) == pytest.approx((lo / 10, hi / 10)), r.id
    # Loubser: 72.1 mm from the midline and 69.6 mm from the PSIS are drawn 2.5 mm apart on their own axes
    mid = {t.name: t for t in _panel_traces(fig, "x") if (t.name or "").endswith(" mean")}
    psi = {t.name: t for t in panel if (t.name or "").endswith(" mean")}
    loubser = "Loubser et al. (27 cadavers) mean"
    assert mid[loubser].x[0] - psi[loubser].x[0] == pytest.approx(0.25)
    # the body: rings of 2, 4, 6 and 8 cm around the right PSIS marker
    body_psis = next(t for t in fig.data if t.name == "PSIS")
    cx, cy = max(body_psis.x), body_psis.y[0]
    assert (cx, cy) == body.PSIS["right"] == anatomy.PSIS, "the rings are centred on the one PSIS"
    for r_cm in anatomy.RING_CM:
        ring = next(t for t in fig.data if t.name == f"{r_cm} cm from the PSIS")
        assert np.hypot(np.array(ring.x) - cx, np.array(ring.y) - cy) == pytest.approx(r_cm)
    # nothing measured from the PSIS is drawn on the midline axes
    targets = [t for t in _panel_traces(fig, "x") if (t.name or "").endswith("(target)")]
    assert len(targets) == 3
    for t in targets:
        words = t.hovertemplate.split("<br><i>Source")[0].replace("<br>", " ")
        assert "from the midline" in words and "PSIS" not in words, t.name
    assert not [t for t in _panel_traces(fig, "x2") if "cluneal nerve" in (t.hovertemplate or "")]
    assert len([t for t in _panel_traces(fig, "x") if (t.name or "").endswith(" mean")]) == 3


def test_find_the_structure_by_number_and_by_click():
    box = anatomy.find_the_structure()
    first = box.target()
    assert anatomy.the(anatomy.structures()[first].name)[4:] in box["task"].value
    assert box.controls == [box["task"], box["answer"], box["next"]]
    wrong = next(s for s in anatomy.sections()["l4"].structures if s != first)
    box["answer"].value = wrong
    assert "\u2717" in box.feedback.value and box.state["tried"] == 1 and box.state["right"] == 0
    assert _points(box.figure.data[box.parts.highlight]) > 0, "the right structure is outlined"
    box["answer"].value = first  # a second try is explained but does not change the score
    assert "\u2713" in box.feedback.value and box.state == {**box.state, "tried": 1, "right": 0}
    box["next"].click()
    second = box.target()
    assert second != first and box.feedback.value == "" and box["answer"].value == ""
    assert anatomy.the(anatomy.structures()[second].name)[4:] in box["task"].value
    index = next(i for i, s in box.parts.hit.items() if s == second)
    _click(box, index)
    assert box.state["right"] == 1 and box.state["tried"] == 2
    assert re.search(r"1 right out of 2", box.summary.value)


def test_every_tool_has_a_text_alternative_and_named_controls():
    for box in (anatomy.layer_explorer("l4"), anatomy.layer_explorer("crest"), anatomy.landmark_map(),
                anatomy.find_the_structure()):
        assert "role='status'" in box.summary.value and len(box.summary.value) > 120
        assert isinstance(box, widgets.Tool) and "bm-interactive" in box.widget._dom_classes
        for control in box.controls:
            if hasattr(control, "description"):
                assert str(control.description).strip()
