"""The scenario view of issue #22 item 3: how each initiative changes the dependency on one
physician (persons, one physician's share of supply, probability below a floor)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from scenarios_tiny import scenario, tiny_region, use
from typer.testing import CliRunner

from regioplan.cli import app
from regioplan.data import national_figure
from regioplan.errors import ParameterError
from regioplan.regions import select_region
from regioplan.scenarios import compare_scenarios, region_baseline, report_section, run_scenario
from regioplan.scenarios.engine import apply_scenario
from regioplan.scenarios.files import ParamRange
from regioplan.scenarios.uncertainty import sample_values
from regioplan.workforce import load_params, project_region

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "scenarios"
ANW = {"adoption": 0.5, "ooh_share": 0.1, "pooling_saving": 0.4, "outflow_reduction": 0.1}


def test_retention_adds_people_the_efficiency_gain_does_not() -> None:
    """Shared ANW service on the tiny region (see test_scenarios_mechanisms): retention keeps
    0, 0.5, 1.0, 1.5, 2.0 FTE; the 2 % pooling gain makes supply (100 + kept) x 1.02 but adds no
    one. The tiny baseline has no persons, so the national FTE per person converts."""
    sc = scenario(use("shared_anw_service", **ANW))
    r = run_scenario(tiny_region(), sc, draws=20, seed=1, floor_share=1.03)
    dep = r.professions["so"].dependency
    assert dep is not None
    fpp = national_figure("so").fte_per_person
    kept = np.array([0.0, 0.5, 1.0, 1.5, 2.0])
    assert dep.fte_per_person == pytest.approx(np.full(5, fpp))
    assert dep.baseline_persons == pytest.approx(np.full(5, 100 / fpp))
    assert dep.likely_persons == pytest.approx((100 + kept) / fpp)
    assert dep.persons_by_initiative["shared_anw_service"] == pytest.approx((100 + kept) / fpp)
    assert "national FTE per person" in dep.persons_source
    # floor 103 FTE: the baseline (100) is always below; the scenario (100, 102.51, 103.02,
    # 103.53, 104.04) from 2027 on
    assert dep.floor_fte == pytest.approx(103.0)
    assert dep.baseline_p_below.tolist() == [1.0] * 5
    assert dep.p_below.tolist() == [1.0, 1.0, 0.0, 0.0, 0.0]
    rows = dep.at(2029)
    assert [row["kind"] for row in rows] == ["baseline", "initiative", "scenario"]
    assert rows[0]["one_leaves_share"] == pytest.approx(fpp / 100)
    assert rows[-1]["one_leaves_share"] == pytest.approx(fpp / 102)
    assert rows[-1]["one_leaves_change"] == pytest.approx(fpp / 102 - fpp / 100)
    # the service does not reach GPs: no initiative row for them
    gp = r.professions["gp"].dependency
    assert gp is not None and gp.persons_by_initiative == {}
    assert gp.likely_persons == pytest.approx(gp.baseline_persons)


def test_p_below_counts_the_scenario_draws() -> None:
    """With a range on the retention, p_below is the share of the run's own draws below the
    floor: recount them from the same seed."""
    u = use("shared_anw_service", **ANW)
    params = dict(u.parameters)
    params["outflow_reduction"] = ParamRange(0.0, 0.1, 0.4)
    params["adoption"] = ParamRange(0.1, 0.5, 0.9)
    sc = scenario(dataclasses.replace(u, parameters=params))
    region = tiny_region()
    r = run_scenario(region, sc, draws=300, seed=9, floor_share=1.03)
    sampled = sample_values(sc, 300, np.random.default_rng(9))
    supply = apply_scenario(region, sc, sampled)["so"].supply_fte
    dep = r.professions["so"].dependency
    assert dep is not None
    want = np.mean(supply < 103.0, axis=0)
    assert dep.p_below == pytest.approx(want)
    assert dep.p_below_by_initiative["shared_anw_service"] == pytest.approx(want)
    assert 0 < want[-1] < 1


@pytest.mark.parametrize("kwargs", [{"floor_share": 0.0}, {"flag_share": 1.0}])
def test_bad_shares_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ParameterError):
        run_scenario(tiny_region(), scenario(), draws=5, **kwargs)


def test_a_real_region_uses_the_projections_persons() -> None:
    """ZK24's AVG baseline: persons of the regional projection; one AVG carries more than
    10 % of supply today, and regional training lowers that share."""
    zk = select_region("ZK24")
    base = region_baseline(zk, professions=("avg",))
    proj = project_region(zk, "avg", params=load_params(profession="avg"))
    sc = scenario(use("regional_training", start=2025, professions=("avg",)))
    r = run_scenario(base, sc, draws=50, seed=3)
    dep = r.professions["avg"].dependency
    assert dep is not None
    assert dep.baseline_persons == pytest.approx(proj.supply_persons, rel=1e-9)
    first = dep.at(dep.years[0])[0]
    assert first["persons"] < 10 and first["flag"]
    last = dep.at(dep.years[-1])
    assert last[-1]["persons"] > last[0]["persons"]
    assert last[-1]["one_leaves_change"] < 0


def test_report_section_has_the_dependency_table() -> None:
    sc = scenario(use("shared_anw_service", **ANW), name="anw")
    comp = compare_scenarios(tiny_region(), [sc], draws=10, seed=2)
    for lang, word in (("nl", "Afhankelijkheid"), ("en", "Dependency")):
        dep = report_section(comp, lang=lang)["dependency"]
        assert dep["title"].startswith(word) and len(dep["rows"]) == 3
        keys = [c["key"] for c in dep["columns"]]
        assert all(k in row for row in dep["rows"] for k in keys)
        so = dep["rows"][1]
        assert so["persons_with"] > so["persons_without"]
        assert so["share_with"] < so["share_without"]


def test_scenario_run_shows_the_dependency() -> None:
    cli = CliRunner()
    args = ["scenario", "run", "ZK24", str(EXAMPLES / "anw_and_triage.toml"), "--draws", "30"]
    result = cli.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    dep = json.loads(result.stdout)["professions"]["avg"]["dependency"]
    for key in ("baseline_persons", "likely_persons", "p_below", "baseline_p_below", "method"):
        assert key in dep
    assert dep["floor_share"] == 0.9 and dep["flag_share"] == 0.1
    table = cli.invoke(app, args)
    assert table.exit_code == 0, table.output
    assert "Dependency on one physician" in table.stdout
