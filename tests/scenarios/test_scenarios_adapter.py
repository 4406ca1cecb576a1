"""The baseline from the regional workforce projection: consistent with it and with the nation."""

from __future__ import annotations

import numpy as np
import pytest

from regioplan.regions import list_regions, select_region
from regioplan.scenarios.adapter import baseline_for, region_baseline
from regioplan.workforce.national import project_national
from regioplan.workforce.parameters import load_params
from regioplan.workforce.regional import project_region


def test_baseline_is_the_regional_projection() -> None:
    region = select_region("ZK24")
    base = baseline_for("ZK24")
    for prof in ("gp", "so", "avg"):
        proj = project_region(region, prof)
        b = base.professions[prof]
        assert b.years == tuple(proj.years)
        assert b.supply_fte == pytest.approx(proj.supply_fte)
        assert b.demand_fte == pytest.approx(proj.demand_fte)
        assert sum(b.municipality_share.values()) == pytest.approx(1.0)
    assert 0.5 <= base.density_scale <= 2.0


def test_regions_of_a_level_add_up_to_the_nation() -> None:
    """Stock FTE and settling trainees of the 31 zorgkantoor regions sum to the national run."""
    bases = [region_baseline(r) for r in list_regions("zorgkantoor")]
    for prof in ("gp", "so", "avg"):
        nat = project_national(load_params(profession=prof))
        stock = np.sum([b.professions[prof].stock_fte for b in bases], axis=0)
        assert stock == pytest.approx(nat.fte_by_route["stock"])
        settling = sum(b.professions[prof].trainees_settling for b in bases)
        assert settling == pytest.approx(nat.intake)
        supply = np.sum([b.professions[prof].supply_fte for b in bases], axis=0)
        assert supply == pytest.approx(nat.supply_fte)
        # the per-trainee curve starts after the adjustment year: zero before
        b0 = bases[0].professions[prof]
        assert b0.per_intake_fte[: b0.intake_start_index + 1] == pytest.approx(0.0)


def test_a_training_site_helps_regions_far_from_a_centre_more() -> None:
    """Waardenland (no SO centre) gains more SO settling share than Amsterdam (has one)."""
    far = baseline_for("ZK24").professions["so"].site_uplift
    near = baseline_for("ZK02").professions["so"].site_uplift
    assert far > near >= 0.0
