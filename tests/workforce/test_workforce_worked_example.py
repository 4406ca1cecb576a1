"""The worked example of the method document (§10, GP raming 2022) reproduced to 0.01."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from regioplan.workforce import engine
from regioplan.workforce.national import decompose, project_national
from regioplan.workforce.parameters import load_params

FIXTURES = Path(__file__).parent / "fixtures"

# year, persons, supply FTE, demand sc. 6 mid, gap, equilibrium intake mid (§10.2)
TABLE = [
    (2022, 13492.00, 10210.75, 11027.61, 816.86, None),
    (2023, 13959.32, 10544.59, 11715.85, 1171.26, None),
    (2024, 14420.51, 10873.84, 12416.95, 1543.11, None),
    (2025, 14875.55, 11198.49, 13130.89, 1932.40, None),
    (2026, 15337.85, 11528.52, 13857.69, 2329.17, None),
    (2027, 15799.15, 11857.90, 14597.33, 2739.43, None),
    (2028, 16159.82, 12112.69, 15326.87, 3214.18, 6543.43),
    (2029, 16500.64, 12352.80, 16067.48, 3714.69, 3778.96),
    (2030, 16837.20, 12589.78, 16819.17, 4229.39, 2988.97),
    (2031, 17165.94, 12821.01, 17581.94, 4760.93, 2622.92),
    (2032, 17484.76, 13045.05, 18355.79, 5310.74, 2416.36),
    (2033, 17783.48, 13257.15, 18488.32, 5231.17, 2122.84),
    (2034, 18065.37, 13456.55, 18620.86, 5164.31, 1918.81),
    (2035, 18330.57, 13643.34, 18753.39, 5110.05, 1769.66),
    (2036, 18579.12, 13817.56, 18885.92, 5068.36, 1656.62),
    (2037, 18800.70, 13971.15, 19018.45, 5047.30, 1569.87),
    (2038, 19105.62, 14189.33, 19121.17, 4931.84, 1486.07),
    (2039, 19391.14, 14392.78, 19223.88, 4831.10, 1419.15),
    (2040, 19657.46, 14581.65, 19326.59, 4744.94, 1364.93),
    (2041, 19904.70, 14756.06, 19429.31, 4673.25, 1320.55),
    (2042, 20132.98, 14916.07, 19532.02, 4615.95, 1283.95),
]

E_F = [0, 0.99, 0.9825, 0.975, 0.9675, 0.96, 0.948, 0.936, 0.924, 0.912, 0.90,
       0.88, 0.86, 0.84, 0.82, 0.80, 0.78, 0.76, 0.74, 0.72, 0.70]  # fmt: skip
E_M = [0, 0.99, 0.98, 0.97, 0.96, 0.95, 0.942, 0.934, 0.926, 0.918, 0.91,
       0.872, 0.834, 0.796, 0.758, 0.72, 0.682, 0.644, 0.606, 0.568, 0.53]  # fmt: skip


@pytest.fixture(scope="module", params=["bundled", "shared-file"])
def run(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """The bundled copy and the method's file read as it is must give the same numbers."""
    name = "gp_2022" if request.param == "bundled" else FIXTURES / "params_gp_2022.toml"
    return project_national(load_params(name), scenario=6, variant="mid")


def test_yield_curves_match_table_10_1() -> None:
    v = engine.flat_arrays(load_params("gp_2022"))
    ef = engine.yield_curve(v["training.cohort1.external_yield_female"])[0]
    em = engine.yield_curve(v["training.cohort1.external_yield_male"])[0]
    assert np.allclose(ef, E_F, atol=1e-12)
    assert np.allclose(em, E_M, atol=1e-12)


def test_year_by_year_table_10_2(run) -> None:  # type: ignore[no-untyped-def]
    assert run.years == tuple(row[0] for row in TABLE)
    for k, (year, persons, supply, demand, gap, eq) in enumerate(TABLE):
        assert abs(run.supply_persons[k] - persons) < 0.005 + 1e-9, year
        assert abs(run.supply_fte[k] - supply) < 0.005 + 1e-9, year
        assert abs(run.demand_fte[k] - demand) < 0.005 + 1e-9, year
        assert abs(run.gap_fte[k] - gap) < 0.005 + 1e-9, year
        n3 = run.equilibrium_by_year[(6, "mid")][k]
        if eq is None:
            assert math.isnan(n3), year
        else:
            assert abs(n3 - eq) < 0.005 + 1e-9, year


def test_persons_by_route_2040(run) -> None:  # type: ignore[no-untyped-def]
    k = run.index(2040)
    expected = {
        "stock": 7575.49,
        "cohort1": 1845.99,
        "cohort2": 1228.19,
        "cohort3": 9007.78,
        "foreign": 0.0,
    }
    for route, value in expected.items():
        assert run.persons_by_route[route][k] == pytest.approx(value, abs=0.005)


def test_equilibrium_at_2040_table_10_3(run) -> None:  # type: ignore[no-untyped-def]
    k = run.index(2040)
    assert run.supply_fte[k] == pytest.approx(14581.65, abs=0.005)
    assert run.fte_by_route["cohort3"][k] == pytest.approx(6678.90, abs=0.005)
    assert run.other_fte[k] == pytest.approx(7902.76, abs=0.005)
    assert run.per_intake_fte[k] == pytest.approx(8.369545, abs=5e-7)
    for variant, demand, n3 in (
        ("low", 17865.78, 1190.39),
        ("mid", 19326.59, 1364.93),
        ("high", 20946.95, 1558.53),
    ):
        assert run.demand[(6, variant)][k] == pytest.approx(demand, abs=0.005)
        assert run.equilibrium_intake_range[variant] == pytest.approx(n3, abs=0.005)
    assert run.balance_year == 2040
    assert run.equilibrium_intake == pytest.approx(1364.93, abs=0.005)


def test_base_fte() -> None:
    assert float(engine.base_fte(engine.flat_arrays(load_params("gp_2022")))[0]) == pytest.approx(
        10210.7456, abs=1e-9
    )
    assert float(engine.base_fte(engine.flat_arrays(load_params("gp_2025")))[0]) == pytest.approx(
        10768.8582, abs=1e-9
    )


DECOMP = {  # term: (low, mid, high), §10.4
    "outflow": (547.32, 547.32, 547.32),
    "cohort1": (-162.96, -162.96, -162.96),
    "cohort2": (-108.60, -108.60, -108.60),
    "foreign": (0.0, 0.0, 0.0),
    "unmet_demand": (85.40, 97.60, 109.80),
    "demography": (217.48, 219.51, 221.54),
    "epidemiology": (76.14, 107.60, 155.13),
    "socio_cultural": (121.83, 184.45, 248.21),
    "technical": (76.14, 122.97, 155.13),
    "efficiency": (45.69, 61.48, 77.57),
    "horizontal_substitution": (182.74, 215.19, 248.21),
    "working_time_reduction": (200.58, 234.08, 284.36),
    "vertical_substitution": (-91.37, -153.71, -217.19),
}
TOTALS = {
    1: (578.64, 592.87, 607.10),
    2: (1081.18, 1284.56, 1491.36),
    3: (1483.22, 1837.92, 2198.77),
    6: (1190.39, 1364.93, 1558.53),
}
CONTINUED_MID = {
    "epidemiology": 193.67,
    "socio_cultural": 332.01,
    "technical": 221.34,
    "efficiency": 110.67,
    "horizontal_substitution": 387.35,
    "working_time_reduction": 421.34,
    "vertical_substitution": -276.68,
}


@pytest.mark.parametrize("i, variant", list(enumerate(["low", "mid", "high"])))
def test_decomposition_table_10_4(i: int, variant: str) -> None:
    p = load_params("gp_2022")
    s = engine.supply(p, engine.flat_arrays(p))
    d = decompose(p, s, 18, variant)
    assert d.balance_year == 2040
    for term, values in DECOMP.items():
        assert d.terms[term] == pytest.approx(values[i], abs=0.005), term
    for x, values in TOTALS.items():
        assert d.totals[x] == pytest.approx(values[i], abs=0.005), x
    if variant == "mid":
        for term, value in CONTINUED_MID.items():
            assert d.continued[term] == pytest.approx(value, abs=0.005), term


def test_decomposition_totals_equal_equilibrium_intake() -> None:
    run = project_national(load_params("gp_2025"), variant="high")
    k = run.index(run.balance_year)
    assert run.decomposition is not None
    for x, total in run.decomposition.totals.items():
        assert total == pytest.approx(run.equilibrium_by_year[(x, "high")][k], rel=1e-12)


def test_in_training_counts() -> None:
    run = project_national(load_params("gp_2022"))
    t = run.in_training
    # cohort 1: n1 D1 - n1 k while k <= D1 = 3.2
    assert t["cohort1"][0] == pytest.approx(798 * 3.2)
    assert t["cohort1"][3] == pytest.approx(798 * 0.2)
    assert t["cohort1"][4] == 0
    # cohort 2: grows to n2 B, then empties from D2 on
    assert t["cohort2"][2] == pytest.approx(798 * 2)
    assert t["cohort2"][4] == pytest.approx(798 * 2 - 798 * 0.8)
    assert t["cohort2"][6] == 0
    # cohort 3: n3 (k - B) up to D3, then n3 D3
    assert t["cohort3"][2] == 0
    assert t["cohort3"][5] == pytest.approx(798 * 3)
    assert t["cohort3"][6] == pytest.approx(798 * 3.2)


def test_informational_outputs_4_6_and_relative_gap_5_5(run) -> None:  # type: ignore[no-untyped-def]
    """Mean FTE and share female follow from §10.1 in the base year; the relative gap of 2040
    (mid) is S / R - 1 from table 10.3."""
    assert run.mean_fte[0] == pytest.approx(0.7568, abs=1e-9)
    assert run.share_female[0] == pytest.approx(0.61, abs=1e-12)
    assert run.relative_gap(6, "mid")[18] == pytest.approx(14581.65 / 19326.59 - 1, abs=1e-6)
    assert np.allclose(run.relative_gap(6, "mid"), run.supply_fte / run.demand_fte - 1)
