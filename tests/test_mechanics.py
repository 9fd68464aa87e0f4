"""backmice.mechanics (lesson 02): Laplace's law, the teaching model, the precomputed regime map
and the three interactive tools (driven without a browser)."""


import numpy as np
import pytest

from backmice import mechanics as m
from backmice.widgets import Tool


# --- units ----------------------------------------------------------------------------------------

def test_unit_conversions_have_the_right_factors_and_round_trip():
    assert m.kpa_to_pa(4) == 4000.0 and m.pa_to_kpa(2500) == 2.5
    assert m.mmhg_to_pa(1) == pytest.approx(133.322)
    assert m.pa_to_mmhg(1000) == pytest.approx(7.5006, abs=1e-3)  # 1 kPa is about 7.5 mmHg (as the lesson says)
    assert m.mm_to_m(5) == pytest.approx(0.005) and m.m_to_mm(0.014) == pytest.approx(14)
    x = np.array([0.5, 3.0, 8.0])
    assert np.allclose(m.pa_to_kpa(m.kpa_to_pa(x)), x)
    assert np.allclose(m.pa_to_mmhg(m.mmhg_to_pa(x)), x)
    assert np.allclose(m.m_to_mm(m.mm_to_m(x)), x)


# --- physics: Laplace's law -------------------------------------------------------------------------

def test_laplace_worked_example_of_the_lesson():
    # P = 4 kPa, r = 5 mm, h = 1 mm: cylinder 20 N/m and 20 kPa, sphere 10 N/m and 10 kPa
    P, r, h = m.kpa_to_pa(4), m.mm_to_m(5), m.mm_to_m(1)
    assert m.laplace_tension(P, r, "cylinder") == pytest.approx(20.0)
    assert m.laplace_tension(P, r, "sphere") == pytest.approx(10.0)
    assert m.wall_stress(m.laplace_tension(P, r, "cylinder"), h) == pytest.approx(20_000.0)
    assert m.wall_stress(m.laplace_tension(P, r, "sphere"), h) == pytest.approx(10_000.0)


def test_laplace_units_are_si():
    # a tension in N/m times a length in m is a force in N: 1 Pa over a 1 m tube of radius 1 m
    assert m.laplace_tension(1.0, 1.0, "cylinder") == 1.0
    # typing mm instead of m would be 1000 times too large: the function does not guess units
    assert m.laplace_tension(4000, 5, "sphere") == pytest.approx(1000 * m.laplace_tension(4000, 0.005, "sphere"))


def test_cylinder_carries_twice_the_tension_of_a_sphere():
    P = np.linspace(100, 8000, 9)
    r = np.linspace(0.0005, 0.02, 9)
    assert np.allclose(m.laplace_tension(P, r, "cylinder"), 2 * m.laplace_tension(P, r, "sphere"))


@pytest.mark.parametrize("shape", m.SHAPES)
def test_laplace_limits_and_monotonicity(shape):
    r = np.linspace(0, 0.02, 50)
    T = m.laplace_tension(3000, r, shape)
    assert T[0] == 0 and np.all(np.diff(T) > 0)            # grows with radius, from zero
    P = np.linspace(0, 10_000, 50)
    T = m.laplace_tension(P, 0.005, shape)
    assert T[0] == 0 and np.all(np.diff(T) > 0)            # grows with pressure, from zero
    assert m.laplace_tension(2 * 3000, 0.005, shape) == pytest.approx(2 * m.laplace_tension(3000, 0.005, shape))


@pytest.mark.parametrize("shape", m.SHAPES)
def test_laplace_pressure_is_the_inverse(shape):
    for P, r in [(500.0, 0.001), (4000.0, 0.005), (8000.0, 0.02)]:
        T = m.laplace_tension(P, r, shape)
        assert m.laplace_pressure(T, r, shape) == pytest.approx(P)
    # a tighter curve needs more pressure for the same tension
    assert m.laplace_pressure(10, 0.002, shape) > m.laplace_pressure(10, 0.004, shape)


def test_wall_stress_and_bad_inputs():
    assert m.wall_stress(16, 0.0005) == pytest.approx(32_000)
    assert m.wall_stress(16, 0.00025) > m.wall_stress(16, 0.0005)   # thinner wall, more stress
    with pytest.raises(ValueError, match="thickness"):
        m.wall_stress(1, 0)
    with pytest.raises(ValueError, match="shape"):
        m.laplace_tension(1, 1, "cube")
    with pytest.raises(ValueError, match="negative"):
        m.laplace_tension(1, -1, "sphere")
    with pytest.raises(ValueError, match="positive"):
        m.laplace_pressure(1, 0, "cylinder")


# --- the teaching model -------------------------------------------------------------------------------

def test_every_illustrative_number_says_so():
    assert set(m.ILLUSTRATIVE) == {"return_pressure", "oedema_factor", "wall_thickness"}
    for p in m.ILLUSTRATIVE.values():
        assert "illustrative" in p.source and p.meaning
    assert "illustrative" in m.ILLUSTRATIVE_NOTE.lower() and "not measured physiology" in m.ILLUSTRATIVE_NOTE
    assert m.OEDEMA_FACTOR > 1 and m.RETURN_PRESSURE > 0 and m.WALL_THICKNESS > 0


def test_squeeze_pressure_limits_and_monotonicity():
    S, D = m.kpa_to_pa(1), m.mm_to_m(14)
    assert m.squeeze_pressure(D, D, S) == 0 and m.squeeze_pressure(2 * D, D, S) == 0   # wide opening: free
    assert m.squeeze_pressure(m.mm_to_m(4), D, S) == pytest.approx(2500)               # 1 kPa x (14/4 - 1)
    d = m.mm_to_m(np.linspace(1, 14, 40))
    p = m.squeeze_pressure(d, D, S)
    assert np.all(np.diff(p) < 0)                                        # narrower opening, more pressure
    assert m.squeeze_pressure(m.mm_to_m(2), D, S) < m.squeeze_pressure(m.mm_to_m(2), 2 * D, S)  # bigger lobule
    assert m.squeeze_pressure(m.mm_to_m(2), D, 2 * S) == pytest.approx(2 * m.squeeze_pressure(m.mm_to_m(2), D, S))
    assert m.squeeze_pressure(m.mm_to_m(2), D, 0) == 0
    with pytest.raises(ValueError):
        m.squeeze_pressure(0, D, S)
    with pytest.raises(ValueError):
        m.squeeze_pressure(D, D, -1)


def _state(opening_mm, load_kpa, lobule_mm=14, stiffness_kpa=1, oedema=False):
    return m.STATES[m.classify(m.kpa_to_pa(load_kpa), m.mm_to_m(opening_mm), m.mm_to_m(lobule_mm),
                               m.kpa_to_pa(stiffness_kpa), oedema)]


def test_classify_limits():
    assert _state(4, 0) == "contained"                  # no load, nothing moves
    assert _state(20, 0) == "contained"
    assert _state(20, 0.1) == "protruding"              # an opening wider than the lobule holds nothing
    assert _state(1, 8, stiffness_kpa=0.25) == "trapped"  # tight neck, big load, soft lobule
    assert _state(1, 8, stiffness_kpa=3) == "contained"   # ... but a stiff lobule stays put


def test_classify_is_monotonic_in_load_and_oedema_only_traps():
    rng = np.random.default_rng(2)
    for _ in range(200):
        d, D = rng.uniform(1, 20), rng.uniform(6, 30)
        S = rng.uniform(0.25, 3)
        loads = np.linspace(0, 8, 60)
        s = m.classify(m.kpa_to_pa(loads), m.mm_to_m(d), m.mm_to_m(D), m.kpa_to_pa(S))
        passed = s > 0
        assert not np.any(passed[:-1] & ~passed[1:]), "more load never pulls a lobule back in"
        s_oedema = m.classify(m.kpa_to_pa(loads), m.mm_to_m(d), m.mm_to_m(D), m.kpa_to_pa(S), True)
        assert np.array_equal(s_oedema > 0, passed), "oedema of the part outside does not change passing"
        assert np.all(s_oedema >= s), "oedema never frees a trapped lobule"


def test_trap_limit_matches_classify():
    for D, S, oedema in [(14, 1, False), (14, 1, True), (20, 2, True), (30, 3, False), (6, 0.25, False)]:
        limit = m.m_to_mm(m.trap_limit(m.mm_to_m(D), m.kpa_to_pa(S), oedema))
        assert _state(limit * 0.98, 8, D, S, oedema) in ("trapped", "contained")
        assert _state(limit * 1.02, 8, D, S, oedema) == "protruding"
    assert m.trap_limit(0.014, 0) == 0.0


def test_the_lessons_try_this_steps_hold():
    # the lesson's "Try this" list and the assignment's keys (q5, q6) describe these states
    assert _state(4, 2) == "contained"
    assert _state(4, 2.4) == "contained" and _state(4, 2.5) == "trapped"
    assert _state(10, 2.5) == "protruding"
    assert _state(8, 3) == "protruding" and _state(8, 3, oedema=True) == "trapped"
    assert _state(5, 3, 12, 1.5) == "trapped"
    assert _state(12, 3, 16, 2) == "protruding" and _state(12, 3, 16, 2, oedema=True) == "trapped"
    # narrowing the opening lowers the neck's wall stress (step 4)
    wide = m.simulate(3000, m.mm_to_m(8), m.mm_to_m(14), 1000)
    narrow = m.simulate(3000, m.mm_to_m(4), m.mm_to_m(14), 1000)
    assert narrow.neck_stress < wide.neck_stress


def test_simulate_uses_laplace_with_si_units():
    r = m.simulate(5000, m.mm_to_m(6), m.mm_to_m(20), 1000, oedema=True)
    assert r.state == "trapped"
    assert r.neck_tension == pytest.approx(5000 * 0.003)                   # tube of radius 3 mm
    assert r.neck_stress == pytest.approx(r.neck_tension / m.WALL_THICKNESS)
    assert r.outside == pytest.approx(0.020 * m.OEDEMA_FACTOR)
    assert r.dome_tension == pytest.approx(5000 * r.outside / 2 / 2)       # sphere of radius outside/2
    assert r.push_back > r.push_out > 0
    contained = m.simulate(1000, m.mm_to_m(4), m.mm_to_m(14), 1000)
    assert contained.state == "contained" and contained.dome_tension == 0 and contained.outside == 0.014
    assert m.simulate(0, m.mm_to_m(4), m.mm_to_m(14), 1000).neck_stress == 0


def test_describe_names_the_state_the_numbers_and_that_it_is_illustrative():
    text = m.describe(m.simulate(5000, m.mm_to_m(6), m.mm_to_m(20), 1000, oedema=True))
    assert "TRAPPED" in text and "illustrative" in text and "38 mmHg" in text and "6.0 mm" in text
    text = m.describe(m.simulate(0, m.mm_to_m(4), m.mm_to_m(14), 1000))
    assert "CONTAINED" in text and "no load" in text


# --- the regime map ----------------------------------------------------------------------------------

def test_regime_cube_covers_every_slider_setting_and_agrees_with_classify():
    cube = m.regime_cube()
    c = m.CONTROLS
    assert cube.states.shape == (len(c["lobule"].values()), len(c["stiffness"].values()), 2,
                                 len(cube.load_kpa), len(cube.opening_mm))
    assert cube.opening_mm[0] == c["opening"].low and cube.opening_mm[-1] == c["opening"].high
    assert cube.load_kpa[0] == c["load"].low and cube.load_kpa[-1] == pytest.approx(c["load"].high)
    rng = np.random.default_rng(0)
    for _ in range(300):
        i, j, k = (rng.integers(n) for n in cube.states.shape[:3])
        y, x = rng.integers(len(cube.load_kpa)), rng.integers(len(cube.opening_mm))
        direct = m.classify(m.kpa_to_pa(cube.load_kpa[y]), m.mm_to_m(cube.opening_mm[x]),
                            m.mm_to_m(cube.lobule_mm[i]), m.kpa_to_pa(cube.stiffness_kpa[j]), bool(k))
        assert cube.states[i, j, k, y, x] == direct
    assert set(np.unique(cube.states)) == {0, 1, 2}
    assert m.regime_cube() is cube  # computed once


def test_region_labels_lie_in_their_regions():
    cube = m.regime_cube()
    for lob, stiff, oed in [(14, 1, False), (20, 2, True), (30, 3, False), (6, 0.25, True), (10, 0.5, False)]:
        grid = cube.grid(lob, stiff, oed)
        labels = m.region_labels(grid, cube.opening_mm, cube.load_kpa)
        assert labels
        for name, x, y, fits in labels:
            if fits:
                col = int(np.argmin(abs(cube.opening_mm - x)))
                row = int(np.argmin(abs(cube.load_kpa - y)))
                assert m.STATES[grid[row, col]] == name


def _every_slice():
    return [(lob, stiff, oed) for lob in m.CONTROLS["lobule"].steps() for stiff in m.CONTROLS["stiffness"].steps()
            for oed in (False, True)]


def test_regime_grid_is_the_cubes_slice_without_numpy():
    cube = m.regime_cube()
    opening, load = m.map_axes()
    assert np.array_equal(cube.opening_mm, opening) and np.array_equal(cube.load_kpa, load)
    assert all(type(v) is float for v in opening + load)
    for lob, stiff, oed in _every_slice():
        grid = m.regime_grid(lob, stiff, oed)
        assert np.array_equal(np.array(grid), cube.grid(lob, stiff, oed)), (lob, stiff, oed)
    # a value between two slider steps picks the nearest step, as the cube does
    assert np.array_equal(np.array(m.regime_grid(14.9, 1.1, True)), cube.grid(14.9, 1.1, True))


def _labels_by_numpy(grid, opening_mm, load_kpa, box=m.LABEL_BOX):
    """region_labels' rule written with numpy (a summed-area table), to check the plain-Python one."""
    grid = np.asarray(grid)
    bh, bw = box
    rows, cols = grid.shape
    labels = []
    for k, name in enumerate(m.STATES):
        mask = grid == k
        if mask.sum() < bh * bw // 2:
            continue
        padded = np.zeros((rows + bh, cols + bw))
        padded[bh // 2:bh // 2 + rows, bw // 2:bw // 2 + cols] = mask
        table = np.zeros((padded.shape[0] + 1, padded.shape[1] + 1))
        table[1:, 1:] = padded.cumsum(0).cumsum(1)
        inside = table[bh:bh + rows, bw:bw + cols] - table[:rows, bw:bw + cols] - table[bh:bh + rows, :cols] \
            + table[:rows, :cols]
        inside = np.where(mask, inside, -1)
        ys, xs = np.nonzero(mask)
        cy, cx = ys.mean(), xs.mean()
        best = inside.max()
        cand_y, cand_x = np.nonzero(inside >= best - 1e-9)
        i = int(np.argmin(((cand_y - cy) / rows) ** 2 + ((cand_x - cx) / cols) ** 2))
        x, y = float(opening_mm[cand_x[i]]), float(load_kpa[cand_y[i]])
        y = min(max(y, load_kpa[0] + 0.3), load_kpa[-1] - 0.3)
        labels.append((name, x, float(y), bool(best >= bh * bw)))
    return labels


def test_region_labels_agree_with_a_numpy_summed_area_table_on_every_map():
    opening, load = m.map_axes()
    for lob, stiff, oed in _every_slice():
        grid = m.regime_grid(lob, stiff, oed)
        assert m.region_labels(grid, opening, load) == _labels_by_numpy(grid, opening, load), (lob, stiff, oed)
    # any grid of states, not only the model's (patches, stripes, a state missing), and other boxes
    rng = np.random.default_rng(1)
    for _ in range(30):
        rows, cols = rng.integers(10, 60), rng.integers(20, 90)
        grid = rng.integers(0, 3, size=(rows, cols))
        grid[rng.integers(rows):, :rng.integers(cols)] = rng.integers(3)
        xs, ys = np.linspace(1, 20, cols), np.linspace(0, 8, rows)
        for box in [(7, 17), (3, 5), (1, 1)]:
            assert m.region_labels(grid, xs, ys, box) == _labels_by_numpy(grid, xs, ys, box)


def test_describe_map_gives_the_trap_limit_and_the_point():
    text = m.describe_map(14, 1.0, False, 4.0, 2.0)
    assert "7.0 mm" in text and "contained region" in text and "illustrative" in text


# --- the tools (no browser) -----------------------------------------------------------------------------

def _assert_tool(t):
    assert isinstance(t, Tool)
    assert "bm-interactive" in t.widget._dom_classes and "role='status'" in t.summary.value
    assert t.figure is not None and t.controls
    for c in t.controls:
        assert c.description.strip()


def test_simulator_updates_figure_and_summary():
    sim = m.herniation_simulator()
    _assert_tool(sim)
    assert "teaching model" in sim.note.value.lower()
    fig = sim.figure
    before_lobule = list(fig.data[2].y)
    before_summary = sim.summary.value
    sim["load"].value = 2.5
    assert sim.result.state == "trapped" and "TRAPPED" in sim.summary.value
    assert list(fig.data[2].y) != before_lobule and sim.summary.value != before_summary
    assert fig.data[2].line.dash == "dash"
    assert fig.data[3].x[0] == pytest.approx(2.5)                       # the load bar
    assert "TRAPPED" in fig.layout.title.text and m.STATE_LINE["trapped"] in fig.layout.title.text  # the banner
    sim["opening"].value = 10
    assert sim.result.state == "protruding" and "PROTRUDING" in fig.layout.title.text
    assert "TRAPPED" not in fig.layout.title.text
    assert fig.data[1].x[1] == pytest.approx(-5.0)                      # the fascia's edge moved
    sim["opening"].value = 8
    sim["load"].value = 3.0
    assert sim.result.state == "protruding"
    sim["oedema"].value = True
    assert sim.result.state == "trapped" and "swollen" in fig.data[m.figures.LABEL_TRACES["dome"]].text[0]
    assert "opening (neck) 8.0 mm" in fig.data[m.figures.LABEL_TRACES["opening"]].text[0]
    assert "3.0 kPa" in fig.data[m.figures.LABEL_TRACES["load"]].text[0]


def test_regime_map_shares_the_simulators_sliders_and_moves_only_the_marker():
    sim = m.herniation_simulator()
    rmap = m.regime_map(sim)
    _assert_tool(rmap)
    assert rmap.controls == [sim[k] for k in ("opening", "load", "lobule", "stiffness", "oedema")]
    fig = rmap.figure
    z_before = np.array(fig.data[0].z)
    sim["opening"].value = 9.0
    sim["load"].value = 5.0
    assert list(fig.data[1].x) == [9.0] and list(fig.data[1].y) == [5.0]
    assert np.array_equal(np.array(fig.data[0].z), z_before)          # the map itself did not change
    assert "opening 9.0 mm, 5.0 kPa" in rmap.summary.value and "protruding region" in rmap.summary.value
    sim["oedema"].value = True
    assert not np.array_equal(np.array(fig.data[0].z), z_before)      # a precomputed map swapped in
    assert np.array_equal(np.array(fig.data[0].z), m.regime_cube().grid(14, 1.0, True))
    assert "oedema on" in rmap.summary.value
    sim["lobule"].value = 30
    assert np.array_equal(np.array(fig.data[0].z), m.regime_cube().grid(30, 1.0, True))
    assert len(fig.data[2].text) >= 1 and all("<b>" in t for t in fig.data[2].text)


def test_laplace_explorer_updates_lines_markers_and_summary():
    box = m.laplace_explorer()
    _assert_tool(box)
    fig = box.figure
    assert fig.data[0].y[-1] == pytest.approx(2 * fig.data[1].y[-1])
    box["pressure"].value = 6.0
    box["radius"].value = 10.0
    assert fig.data[2].y[0] == pytest.approx(60.0) and fig.data[3].y[0] == pytest.approx(30.0)
    assert fig.data[0].y[-1] == pytest.approx(6000 * 0.02)
    assert list(fig.data[4].x) == [10.0, 10.0] and "45 mmHg" in fig.layout.title.text  # the radius line
    box["thickness"].value = 2.0
    assert "30.0 kPa (cylinder)" in box.summary.value and "15.0 kPa (sphere)" in box.summary.value


def test_laplace_explorer_says_its_numbers_are_illustrative():
    box = m.laplace_explorer()
    notes = [c.value for c in box.widget.children if type(c).__name__ == "HTML" and "bm-note" in c.value]
    assert notes and "illustrative" in notes[0] and "no study has measured" in notes[0]
    assert "illustrative" in box.summary.value and "illustrative" in box.figure.layout.title.text
    assert "illustrative" in m.describe_laplace(4.0, 5.0, 1.0)


def test_hernia_parts_figure_labels_every_part():
    fig = m.hernia_parts_figure()
    text = " ".join(a.text for a in fig.layout.annotations)
    for word in ("contents", "sac", "neck", "defect", "lipoma", "assumed"):
        assert word in text


def test_every_change_of_the_simulator_redraws_it_and_the_map():
    """Speed is make bench's (bench/run.py: callback times); here each change must redraw."""
    sim = m.herniation_simulator()
    regime = m.regime_map(sim)
    changes = [("load", 3.0), ("opening", 12.0), ("oedema", True), ("lobule", 20.0), ("stiffness", 2.0)]
    for key, value in changes:
        before = (sim.summary.value, regime.figure.to_plotly_json())
        sim[key].value = value
        assert (sim.summary.value, regime.figure.to_plotly_json()) != before, key


def test_every_tool_gives_its_slider_handles_an_accessible_name():
    # backmice.widgets.tool adds one invisible labeller to every tool with sliders
    sim = m.herniation_simulator()
    for box in (sim, m.regime_map(sim), m.laplace_explorer()):
        helpers = [c for c in box.widget.children if type(c).__name__ == "SliderLabels"]
        assert len(helpers) == 1


# --- the package's layers ------------------------------------------------------------------------------

def test_the_model_needs_neither_plotly_nor_ipywidgets():
    import ast
    import subprocess
    import sys
    from pathlib import Path

    source = Path(m.__file__).with_name("model.py").read_text()
    imported = {a.name.split(".")[0] for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Import) for a in n.names}
    imported |= {(n.module or "").split(".")[0] for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ImportFrom)}
    assert not imported & {"plotly", "ipywidgets", "anywidget"}
    code = ("import sys; from backmice import mechanics as m; m.describe(m.simulate(1000, 0.004, 0.014, 1000)); "
            "m.regime_cube(); bad = [k for k in ('plotly', 'ipywidgets') if k in sys.modules]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_lesson_never_loads_numpy():
    """Lesson 02's tools, figures and callbacks are plain Python (numpy's import was 0.1 s of the
    lesson's kernel CPU); numpy serves arrays handed in and the whole cube only."""
    import os
    import subprocess
    import sys

    code = ("import sys; from backmice import mechanics as m, style; style.use(); m.hernia_parts_figure(); "
            "lap = m.laplace_explorer(); sim = m.herniation_simulator(); rmap = m.regime_map(sim); "
            "[sim.named[k].__setattr__('value', v) for k, v in "
            "[('load', 3.0), ('opening', 9.0), ('lobule', 20.0), ('stiffness', 2.0), ('oedema', True)]]; "
            "lap['radius'].value = 7.0; m.describe_map(14, 1.0, False, 4.0, 2.0); "
            "assert 'numpy' not in sys.modules")
    for validate in ("0", "1"):   # the lesson's way and the tests' (fully validated figures)
        subprocess.run([sys.executable, "-c", code], check=True,
                       env={**os.environ, "BACKMICE_VALIDATE_FIGURES": validate})


def test_numbers_in_numbers_out_and_arrays_in_arrays_out():
    for f in (m.kpa_to_pa, m.pa_to_kpa, m.mmhg_to_pa, m.pa_to_mmhg, m.mm_to_m, m.m_to_mm):
        assert type(f(3)) is float and type(f(np.float64(3))) is float and f(3) == f(np.float64(3))
        assert isinstance(f([1.0, 2.0]), np.ndarray)
    assert type(m.laplace_tension(4000, 0.005, "sphere")) is float
    assert isinstance(m.laplace_tension(np.array([4000.0]), 0.005, "sphere"), np.ndarray)
    assert type(m.squeeze_pressure(0.004, 0.014, 1000)) is float
    assert type(m.classify(2000, 0.004, 0.014, 1000)) is int
    # the plain-number path and the array path give the same numbers
    loads = np.linspace(0, 8000, 17)
    for opening in (0.001, 0.004, 0.0105, 0.02):
        for oedema in (False, True):
            states = m.classify(loads, opening, 0.014, 1000, oedema)
            assert [m.classify(float(P), opening, 0.014, 1000, oedema) for P in loads] == list(states)
    with pytest.raises(ValueError, match="positive"):
        m.squeeze_pressure(0, 0.014, 1000)
    with pytest.raises(ValueError, match="negative"):
        m.squeeze_pressure(0.004, 0.014, -1)


def test_a_new_map_goes_in_one_message_as_batch_update_would_send_it():
    """update_regime swaps a slice in without plotly validating its cells one by one: the figure and
    the message to the browser must be what validated assignments in batch_update give."""
    from backmice.mechanics.figures import _map_labels, regime_figure, update_regime

    sent = []
    fast, slow = regime_figure(), regime_figure()
    for fig, tag in ((fast, "fast"), (slow, "slow")):
        fig._send_update_msg = lambda restyle_data, relayout_data, trace_indexes=None, tag=tag, **kw: \
            sent.append((tag, restyle_data, trace_indexes))
    for lob, stiff, oed, point in [(20, 1.0, False, (4.0, 2.0)), (20, 1.0, True, (4.0, 2.0)),
                                   (20, 1.0, True, (6.0, 2.0)), (6, 3.0, False, (6.0, 2.0))]:
        grid = m.regime_grid(lob, stiff, oed)
        sent.clear()
        update_regime(fast, *point, grid)
        with slow.batch_update():
            slow.data[1].x, slow.data[1].y = [point[0]], [point[1]]
            slow.data[0].z = grid
            labels = slow.data[2]
            labels.x, labels.y, labels.text, labels.textposition = _map_labels(grid)
        (_, a, ta), (_, b, tb) = sent
        assert ta == tb and sorted(a) == sorted(b) and list(a) == list(b)
        for key in a:
            assert [np.asarray(v, dtype=object).tolist() if isinstance(v, (list, tuple)) else v for v in a[key]] == \
                   [np.asarray(v, dtype=object).tolist() if isinstance(v, (list, tuple)) else v for v in b[key]]
        assert fast.to_plotly_json() == slow.to_plotly_json() or \
            __import__("json").loads(fast.to_json()) == __import__("json").loads(slow.to_json())
    sent.clear()
    update_regime(fast, 6.0, 2.0, m.regime_grid(6, 3.0, False))   # nothing changed: nothing sent
    assert sent == []


def test_the_tools_are_tool_classes_with_named_controls():
    sim = m.herniation_simulator()
    rmap = m.regime_map(sim)
    lap = m.laplace_explorer()
    assert isinstance(sim, m.HerniationSimulator) and isinstance(rmap, m.RegimeMap)
    assert isinstance(lap, m.LaplaceExplorer)
    assert rmap.simulator is sim and sim.state["result"] is sim.result
    assert [sim[k] for k in ("opening", "load", "lobule", "stiffness", "oedema")] == sim.controls
    assert [lap[k] for k in ("pressure", "radius", "thickness")] == lap.controls
    assert "run this notebook in JupyterLab" in repr(sim)
    alone = m.regime_map()                          # a map without a simulator makes its own
    assert isinstance(alone.simulator, m.HerniationSimulator)
