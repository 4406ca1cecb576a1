"""Direction: more adoption never widens the gap an initiative is meant to close.

The documented exception: a demand *shift* (regional treatment service, SO/AVG in primary
care) closes the GP gap and widens the gap of the profession that takes the work over
(:attr:`Initiative.widens`); for those professions more adoption never *narrows* the gap.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scenarios_tiny import YEARS, scenario, tiny_region, use

from regioplan.initiatives import initiatives
from regioplan.scenarios.engine import apply_scenario

NAMES = sorted(initiatives())


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, dict[str, float], float, float, int, int]:
    name = draw(st.sampled_from(NAMES))
    item = initiatives()[name]
    params = {
        k: draw(st.floats(s.bounds[0], s.bounds[1], allow_nan=False))
        for k, s in item.parameters.items()
        if k != "adoption"
    }
    a1 = draw(st.floats(0.0, 1.0))
    a2 = draw(st.floats(a1, 1.0))
    start = draw(st.sampled_from(YEARS))
    ramp = draw(st.integers(0, 4))
    return name, params, a1, a2, start, ramp


@settings(max_examples=300, deadline=None)
@given(cases())
def test_more_adoption_never_widens_the_targeted_gap(
    case: tuple[str, dict[str, float], float, float, int, int],
) -> None:
    name, params, a1, a2, start, ramp = case
    u = use(name, start=start, ramp_years=ramp, **params)
    sc = scenario(u)
    vals = {f"{name}.{k}": np.array([r.likely, r.likely]) for k, r in u.parameters.items()}
    vals[f"{name}.adoption"] = np.array([a1, a2])
    out = apply_scenario(tiny_region(), sc, vals)
    widens = initiatives()[name].widens
    for prof, o in out.items():
        low, high = o.gap_fte[0], o.gap_fte[1]
        if prof in widens:
            assert np.all(high >= low - 1e-9), (prof, low, high)
        else:
            assert np.all(high <= low + 1e-9), (prof, low, high)


def test_every_shift_target_is_documented_in_the_mechanism() -> None:
    for item in initiatives().values():
        for prof in item.widens:
            assert "widen" in item.mechanism.lower(), item.name
            assert prof.upper() in item.mechanism, (item.name, prof)


@settings(max_examples=100, deadline=None)
@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.integers(0, 2**32 - 1))
def test_more_adoption_of_everything_never_widens_the_gp_gap(a: float, b: float, seed: int) -> None:
    """All twelve initiatives at once, random parameters: GP is no shift target."""
    low, high = sorted((a, b))
    rng = np.random.default_rng(seed)
    uses = []
    for name in NAMES:
        item = initiatives()[name]
        params = {
            k: float(rng.uniform(*s.bounds)) for k, s in item.parameters.items() if k != "adoption"
        }
        uses.append(
            use(name, start=int(rng.choice(YEARS)), ramp_years=int(rng.integers(0, 4)), **params)
        )
    sc = scenario(*uses)
    vals = {}
    for u in uses:
        for k, r in u.parameters.items():
            vals[f"{u.label}.{k}"] = np.array([r.likely, r.likely])
        vals[f"{u.label}.adoption"] = np.array([low, high])
    gp = apply_scenario(tiny_region(), sc, vals)["gp"].gap_fte
    assert np.all(gp[1] <= gp[0] + 1e-9)


def test_the_intake_effect_is_linear_in_the_extra_places() -> None:
    """Supply is linear in the intake (method 6.1), so twice the places close twice the gap."""

    def closed(places: float) -> np.ndarray:
        u = use("regional_training", extra_places_share=places / 10.0, site_realisation=0.0)
        sc = scenario(u)
        vals = {f"{u.label}.{k}": np.array([r.likely]) for k, r in u.parameters.items()}
        return 20.0 - apply_scenario(tiny_region(), sc, vals)["gp"].gap_fte[0]

    assert closed(20.0) == pytest.approx(2 * closed(10.0))
    assert closed(10.0)[-1] > 0
