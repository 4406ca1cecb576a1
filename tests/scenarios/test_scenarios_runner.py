"""Runner: seeded Monte Carlo, percentiles, sensitivity ranking, comparisons."""

from __future__ import annotations

import numpy as np
import pytest
from scenarios_tiny import scenario, tiny_region, use

from regioplan.errors import ParameterError
from regioplan.scenarios.files import ParamRange, Scenario, parse_scenario
from regioplan.scenarios.runner import compare_scenarios, run_scenario
from regioplan.scenarios.sweep import sweep
from regioplan.scenarios.uncertainty import sample_values
from regioplan.stats import spearman_columns

TEXT = """
[scenario]
name = "mix"

[[initiative]]
name = "task_reallocation"
start = 2026
ramp_years = 2

[[initiative]]
name = "shared_anw_service"
start = 2027
[initiative.parameters]
adoption = 0.5
"""


def mix():  # type: ignore[no-untyped-def]
    return parse_scenario(TEXT, source="mix.toml")


def test_one_seed_gives_identical_runs_and_another_seed_differs() -> None:
    a = run_scenario(tiny_region(), mix(), draws=200, seed=7)
    b = run_scenario(tiny_region(), mix(), draws=200, seed=7)
    c = run_scenario(tiny_region(), mix(), draws=200, seed=8)
    assert a.to_dict() == b.to_dict()
    assert np.array_equal(a.professions["gp"].gap_quantiles, b.professions["gp"].gap_quantiles)
    assert not np.array_equal(a.professions["gp"].gap_quantiles, c.professions["gp"].gap_quantiles)


def test_percentiles_are_ordered_and_bracket_the_baseline_change() -> None:
    r = run_scenario(tiny_region(), mix(), draws=500, seed=1)
    for pr in r.professions.values():
        q = pr.gap_quantiles
        assert np.all(q[0] <= q[1]) and np.all(q[1] <= q[2])
        assert np.all(q[2] <= pr.baseline_gap + 1e-9)  # both initiatives only close gaps
        assert pr.closed_quantiles[1] == pytest.approx(pr.baseline_gap - q[1])


def test_contributions_at_likely_values_add_up_without_interaction() -> None:
    """Task reallocation (demand) and the ANW service (supply) interact only through the gap sum."""
    r = run_scenario(tiny_region(), mix(), draws=10, seed=1)
    so = r.professions["so"]
    total = so.baseline_gap - so.likely_gap
    assert sum(so.contributions.values()) == pytest.approx(total)
    assert set(so.contributions) == {"task_reallocation", "shared_anw_service"}


def test_sensitivity_ranks_the_widest_parameter_first() -> None:
    """GP: only task reallocation acts; its delegable share (0.02-0.10) moves the gap most."""
    r = run_scenario(tiny_region(), mix(), draws=2000, seed=3)
    gp = r.sensitivity["gp"]
    assert gp[0].parameter == "task_reallocation.delegable_share"
    assert gp[0].at_low < 0 < gp[0].at_high
    assert gp[0].spearman > 0.5
    assert {s.parameter.split(".")[0] for s in gp} == {"task_reallocation"}
    # fixed parameters have no swing and are not ranked
    assert all(s.parameter != "shared_anw_service.adoption" for s in r.sensitivity["so"])


def test_empty_scenario_has_the_baseline_gap_and_no_sensitivity() -> None:
    r = run_scenario(tiny_region(), scenario(), draws=4, seed=1)
    for pr in r.professions.values():
        assert pr.gap_quantiles == pytest.approx(np.tile(pr.baseline_gap, (3, 1)))
    assert all(v == [] for v in r.sensitivity.values())


def test_a_comparison_equals_the_single_runs() -> None:
    other = scenario(use("regional_triage"), name="triage")
    comp = compare_scenarios(tiny_region(), [mix(), other], draws=100, seed=5)
    alone = run_scenario(tiny_region(), other, draws=100, seed=5)
    assert comp.results[1].to_dict() == alone.to_dict()
    rows = comp.table()
    assert {(r["scenario"], r["profession"]) for r in rows} == {
        (s, p) for s in ("mix", "triage") for p in ("gp", "so", "avg")
    }
    assert rows[0]["year"] == 2029
    assert set(comp.to_dict()) == {"region", "year", "units", "table", "scenarios"}


def test_a_comparison_needs_distinct_scenario_names() -> None:
    """Rows are labelled by scenario name: two 'Status quo' rows could not be told apart."""
    a = Scenario("Same", "", (), "a.toml")
    b = Scenario("Same", "", (), "b.toml")
    with pytest.raises(
        ParameterError, match=r"two scenarios are named 'Same' \(a\.toml, b\.toml\)"
    ):
        compare_scenarios(tiny_region(), [a, b], draws=3, seed=1)
    with pytest.raises(ParameterError, match="two scenarios are named 'Same'"):
        sweep(["X"], [a, b], draws=3, baseline=lambda code: tiny_region())


def test_json_names_units_assumptions_and_provenance() -> None:
    d = run_scenario(tiny_region(), mix(), draws=10, seed=1).to_dict()
    assert "FTE" in d["units"]["gap"]
    assert "task_reallocation.delegable_share" in d["assumptions"]
    assert "shared_anw_service.adoption" not in d["assumptions"]  # set in the file
    assert "estimate" in d["provenance"]["scenario_parameters"]
    assert len(d["professions"]["gp"]["gap_fte_p50"]) == 5


def test_bad_draws_and_years_fail() -> None:
    with pytest.raises(ParameterError, match="draws"):
        run_scenario(tiny_region(), mix(), draws=0)
    with pytest.raises(ParameterError, match=r"2025\.\.2029"):
        run_scenario(tiny_region(), mix(), draws=2, year=2050)
    with pytest.raises(ParameterError, match=r"2025\.\.2029"):
        run_scenario(tiny_region(), mix(), draws=2).professions["gp"].at(2031)


def test_sampling_uses_fixed_values_and_the_seed() -> None:
    sc = mix()
    a = sample_values(sc, 50, np.random.default_rng(1))
    b = sample_values(sc, 50, np.random.default_rng(1))
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert np.all(a["shared_anw_service.adoption"] == 0.5)
    r = sc.uses[0].parameters["delegable_share"]
    assert r == ParamRange(0.02, 0.05, 0.10)
    assert a["task_reallocation.delegable_share"].min() >= 0.02


def test_spearman_matches_a_naive_rank_correlation() -> None:
    rng = np.random.default_rng(4)
    x = rng.random((300, 3))
    y = x[:, 0] ** 3 + 0.3 * rng.random(300)
    ours = spearman_columns(x, y)

    def ranks(v: np.ndarray) -> np.ndarray:
        return np.argsort(np.argsort(v)).astype(float)

    naive = [np.corrcoef(ranks(x[:, j]), ranks(y))[0, 1] for j in range(3)]
    assert ours == pytest.approx(naive)
    assert np.isnan(spearman_columns(np.ones((10, 1)), y[:10])[0])


def test_spearman_gives_ties_their_mean_rank() -> None:
    """x = 1, 1, 2, 3 has ranks 0.5, 0.5, 2, 3; y has ranks 0..3."""
    x = np.array([[1.0], [1.0], [2.0], [3.0]])
    y = np.array([1.0, 2.0, 3.0, 4.0])
    rx, ry = np.array([0.5, 0.5, 2.0, 3.0]), np.arange(4.0)
    assert spearman_columns(x, y)[0] == pytest.approx(np.corrcoef(rx, ry)[0, 1])


def test_the_result_records_the_seed_it_was_given() -> None:
    """An int is recorded as is; a SeedSequence by its entropy and spawn key (it was 0 for a
    sequence of ints, and a sweep task's spawn key was lost)."""
    plain = run_scenario(tiny_region(), mix(), draws=5, seed=42, sensitivity=False)
    assert plain.seed == 42 and plain.to_dict()["seed"] == 42
    assert "spawn_key" not in plain.to_dict()
    listed = run_scenario(
        tiny_region(), mix(), draws=5, seed=np.random.SeedSequence([3, 4]), sensitivity=False
    )
    assert listed.seed == (3, 4) and listed.spawn_key == ()
    child = np.random.SeedSequence(7).spawn(3)[2]
    spawned = run_scenario(tiny_region(), mix(), draws=5, seed=child, sensitivity=False)
    assert (spawned.seed, spawned.spawn_key) == (7, (2,))
    assert spawned.to_dict()["spawn_key"] == [2]
    again = run_scenario(
        tiny_region(),
        mix(),
        draws=5,
        seed=np.random.SeedSequence(spawned.seed, spawn_key=spawned.spawn_key),
        sensitivity=False,
    )
    assert again.to_dict() == spawned.to_dict()


def test_defaults_use_the_one_default_seed() -> None:
    import inspect

    from regioplan.scenarios.sweep import sweep_tasks
    from regioplan.settings import DEFAULT_SEED

    for fn in (run_scenario, compare_scenarios, sweep, sweep_tasks):
        assert inspect.signature(fn).parameters["seed"].default == DEFAULT_SEED
