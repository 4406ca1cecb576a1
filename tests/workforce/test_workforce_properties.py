"""Invariants of the model as property tests (Hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from regioplan.workforce import engine, load_params, project_national
from regioplan.workforce.parameters import ParameterSet

SETS = {name: load_params(name) for name in ("gp_2022", "gp_2025", "so_2022", "avg_2022")}
set_names = st.sampled_from(sorted(SETS))
intakes = st.floats(0, 5000, allow_nan=False)


def _balance_years(p: ParameterSet) -> list[int]:
    first = int(np.floor(p.base_year + p.first_balance_offset())) + 1
    return list(range(first, p.base_year + 21))


@settings(max_examples=40, deadline=None)
@given(set_names, intakes, intakes, st.floats(0, 1))
def test_supply_is_linear_in_the_intake(name: str, a: float, b: float, w: float) -> None:
    """S(w a + (1 - w) b) = w S(a) + (1 - w) S(b), in FTE and persons."""
    p = SETS[name]
    sa, sb = (project_national(p, intake=x) for x in (a, b))
    sm = project_national(p, intake=w * a + (1 - w) * b)
    assert np.allclose(sm.supply_fte, w * sa.supply_fte + (1 - w) * sb.supply_fte, rtol=1e-10)
    assert np.allclose(sm.supply_persons, w * sa.supply_persons + (1 - w) * sb.supply_persons)
    assert np.allclose(sm.other_fte, sa.other_fte)  # S_other does not depend on n3


@settings(max_examples=40, deadline=None)
@given(
    set_names, st.data(), st.sampled_from([1, 2, 3, 4, 6]), st.sampled_from(["low", "mid", "high"])
)
def test_gap_is_zero_at_the_equilibrium_intake(
    name: str, data: st.DataObject, x: int, v: str
) -> None:
    p = SETS[name]
    year = data.draw(st.sampled_from(_balance_years(p)))
    n3 = project_national(p, balance_year=year, scenario=x, variant=v).equilibrium_intake
    assume(0 <= n3 <= 1e6)
    run = project_national(p, intake=n3, balance_year=year, scenario=x, variant=v)
    assert run.gap_fte[run.index(year)] == pytest.approx(0.0, abs=1e-9 * run.demand_fte.max())
    assert run.equilibrium_intake == pytest.approx(n3, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(set_names, st.floats(0, 0.3), st.integers(0, 3), st.sampled_from(["female", "male"]))
def test_more_outflow_never_raises_supply(name: str, extra: float, anchor: int, sex: str) -> None:
    """Raising the cumulative outflow of the stock (any anchor on) lowers or keeps supply."""
    p = SETS[name]
    key = f"stock.outflow_{sex}"
    base = p.vector(key)
    more = tuple(min(1.0, u + (extra if i >= anchor else 0.0)) for i, u in enumerate(base))
    a = project_national(p)
    b = project_national(p.replace(**{key: more}))
    assert np.all(b.supply_fte <= a.supply_fte + 1e-9)
    assert np.all(b.supply_persons <= a.supply_persons + 1e-9)


@settings(max_examples=30, deadline=None)
@given(set_names, st.floats(0, 0.2), st.integers(1, 3))
def test_lower_external_yield_never_raises_supply(name: str, drop: float, cohort: int) -> None:
    p = SETS[name]
    key = f"training.cohort{cohort}.external_yield_female"
    lower = tuple(max(0.0, y - drop) for y in p.vector(key))
    a, b = project_national(p), project_national(p.replace(**{key: lower}))
    assert np.all(b.supply_fte <= a.supply_fte + 1e-9)


def test_vectorised_draws_equal_single_runs() -> None:
    """Stacking parameter sets along the draw axis changes nothing."""
    p = SETS["gp_2022"]
    q = p.replace(**{"stock.headcount": 12000.0, "stock.outflow_male": (0.2, 0.4, 0.6, 0.7)})
    va, vb = engine.flat_arrays(p), engine.flat_arrays(q)
    both = {k: np.concatenate([va[k], vb[k]]) for k in va}
    s = engine.supply(p, both)
    assert np.allclose(s.total_fte[0], project_national(p).supply_fte)
    assert np.allclose(s.total_fte[1], project_national(q).supply_fte)
