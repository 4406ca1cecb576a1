"""Projected accessibility and the workforce gap on one basis (issue #16 item 1).

ZK24 showed GP access up 18.7 % to 2040 while the GP gap grew from 16.5 to 55.6 FTE: access
compared the model's supply with today's estimate and counted demand from the population alone.
Now both years take the workforce model's supply and a need that grows as the model's demand.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from regioplan.access.regional import region_access_years
from regioplan.access.years import need_factor, year_range
from regioplan.data import PROFESSIONS
from regioplan.regiobeeld import Regiobeeld
from regioplan.regiobeeld.findings import STEADY, access_kind
from regioplan.regions import country, list_regions
from regioplan.report import render_html
from regioplan.workforce import load_params, project_national, project_region
from regioplan.workforce.national import DEFAULT_HORIZON


def _mean(run) -> float:  # type: ignore[no-untyped-def]
    a = run.areas
    return float(np.average(a["score"], weights=a["population"]))


@pytest.mark.parametrize("profession", PROFESSIONS)
def test_need_grows_nationally_as_the_model_s_demand(profession: str) -> None:
    """Closed form: summed over the country, need-weighted demand grows as the model's demand,
    so the national supply per need equals supply / demand of the model up to a constant."""
    first = year_range(profession).first
    assert need_factor(profession, first) == pytest.approx(1.0)
    nat = project_national(load_params(profession=profession))
    runs = region_access_years(
        country(), profession, [first, DEFAULT_HORIZON], level="municipality"
    )
    demand = {y: float(r.areas["demand"].sum()) for y, r in runs.items()}
    model = {y: float(nat.demand_fte[nat.index(y)]) for y in runs}
    assert demand[DEFAULT_HORIZON] / demand[first] == pytest.approx(
        model[DEFAULT_HORIZON] / model[first], rel=2e-3
    )


def test_zk24_access_and_gap_point_the_same_way(rb: Regiobeeld) -> None:
    """GP and SO: the gap grows and access falls; AVG: the model's supply outgrows demand (a
    surplus by 2040) and access rises. No 'access up' next to a growing shortage ratio."""
    gp, so, avg = (rb.access_gap[p] for p in ("gp", "so", "avg"))
    assert gp.access_change < -STEADY and gp.coverage_change < -STEADY and gp.gap == 1
    assert so.access_change < -STEADY and so.gap == 1
    assert avg.access_change > STEADY and avg.coverage_change > STEADY and avg.gap == -1
    assert {a.kind for a in (gp, so, avg)} == {"agree"}
    # 'now' of the comparison is on the gap's basis: the model's supply of the first year
    py = rb.access_projected["gp"]
    assert py.base_supply_fte == pytest.approx(rb.workforce["gp"].at(py.first).supply_fte, rel=0.1)


def test_access_and_gap_agree_in_every_zorgkantoor_region() -> None:
    """For all 31 zorgkantoor regions and the three professions: the change of the regional
    mean access to 2040 has the direction of the model's supply / demand (the opposite of the
    relative gap), or both changes are small and the report names the difference ('border')."""
    for region in list_regions("zorgkantoor"):
        for prof in PROFESSIONS:
            first = year_range(prof).first
            runs = region_access_years(region, prof, [first, DEFAULT_HORIZON], level="municipality")
            access = _mean(runs[DEFAULT_HORIZON]) / _mean(runs[first]) - 1
            pr = project_region(region, prof)
            i0, i1 = pr.years.index(first), pr.years.index(DEFAULT_HORIZON)
            s, d = pr.supply_fte, pr.demand_fte
            coverage = (s[i1] / d[i1]) / (s[i0] / d[i0]) - 1
            gap = int(np.sign(pr.gap_fte[i1] - pr.gap_fte[i0]))
            kind = access_kind(access, coverage, gap)  # type: ignore[arg-type]
            where = f"{region.code} {prof}: access {access:+.3f}, coverage {coverage:+.3f}"
            assert abs(access - coverage) < 0.15, where
            if kind == "border":
                assert max(abs(access), abs(coverage)) < 0.05, where


def test_the_report_explains_access_and_gap_in_opposite_directions(rb: Regiobeeld) -> None:
    """Where the gap in FTE grows although access improves, the report says why in words."""
    gp = rb.access_gap["gp"]
    scaled = dataclasses.replace(gp, access_change=0.05, coverage_change=0.04, kind="scale")
    border = dataclasses.replace(gp, access_change=0.02, coverage_change=-0.02, kind="border")
    for case, words in ((scaled, "en toch verbetert de bereikbaarheid"), (border, "net buiten")):
        html = render_html(dataclasses.replace(rb, access_gap={**rb.access_gap, "gp": case}))
        section = html.split('<section id="access">')[1].split('data-profession="gp"')[1]
        assert f'class="access-gap" data-kind="{case.kind}"' in section
        assert words in section
    plain = render_html(rb)
    assert 'class="access-gap"' not in plain  # ZK24 agrees everywhere: nothing to explain
