"""Every initiative's mechanism on the tiny region, checked against hand-computed numbers.

The tiny region (``scenarios_tiny``): supply 100 FTE and demand 120 FTE in every year 2025-2029
(gap 20), for GP, SO and AVG alike. Initiatives start in 2026 at full effect unless stated.
"""

from __future__ import annotations

import numpy as np
import pytest
from scenarios_tiny import scenario, tiny_region, use, values

from regioplan.scenarios.engine import apply_scenario, intake_response


def gaps(*uses):  # type: ignore[no-untyped-def]
    sc = scenario(*uses)
    out = apply_scenario(tiny_region(), sc, values(sc))
    return {p: o.gap_fte[0] for p, o in out.items()}


def after(g: np.ndarray, value: float) -> None:
    """Gap is 20 in 2025 (before the start) and `value` from 2026 on."""
    assert g[0] == pytest.approx(20.0)
    assert g[1:] == pytest.approx([value] * 4)


def test_empty_scenario_is_the_baseline() -> None:
    for g in gaps().values():
        assert g == pytest.approx([20.0] * 5)


def test_task_reallocation_lowers_demand_of_all_three() -> None:
    """120 x (1 - 0.5 x 0.1 x 0.8) = 115.2 FTE demand."""
    g = gaps(
        use("task_reallocation", adoption=0.5, delegable_share=0.1, substitution_efficiency=0.8)
    )
    for p in ("gp", "so", "avg"):
        after(g[p], 15.2)


def test_regional_triage_frees_gp_out_of_hours_time() -> None:
    """Supply 100 x (1 + 1.0 x 0.1 x 0.1) = 101 FTE; SO untouched."""
    g = gaps(use("regional_triage", adoption=1.0, ooh_share=0.1, deflection=0.1))
    after(g["gp"], 19.0)
    after(g["so"], 20.0)


def test_regional_stepped_care_saves_coordination_per_profession() -> None:
    """GP: 120 x (1 - 0.5 x 0.02 x 0.5) = 119.4; SO: 120 x (1 - 0.5 x 0.06 x 0.5) = 118.2."""
    g = gaps(
        use(
            "regional_stepped_care",
            adoption=0.5,
            gp_coordination_share=0.02,
            so_coordination_share=0.06,
            saving=0.5,
        )
    )
    after(g["gp"], 19.4)
    after(g["so"], 18.2)
    after(g["avg"], 20.0)


def test_shared_anw_service_pools_duty_and_retains_staff() -> None:
    """Gain 0.5 x 0.1 x 0.4 = 2 %; retention keeps 0.5 x 0.1 x 10 = 0.5 FTE of each year's outflow.

    2026: (100 + 0.5) x 1.02 = 102.51; 2029: (100 + 2.0) x 1.02 = 104.04.
    """
    g = gaps(
        use(
            "shared_anw_service",
            adoption=0.5,
            ooh_share=0.1,
            pooling_saving=0.4,
            outflow_reduction=0.1,
        )
    )
    assert g["so"] == pytest.approx([20.0, 17.49, 16.98, 16.47, 15.96])
    assert g["avg"] == pytest.approx(g["so"])
    after(g["gp"], 20.0)


def test_regional_treatment_service_moves_gp_care_to_so_and_avg() -> None:
    """GP demand x (1 - 0.01)(1 - 0.002); SO + 0.01 x 120; AVG + 0.002 x 120 (conversion 1)."""
    g = gaps(
        use(
            "regional_treatment_service",
            adoption=0.5,
            frail_home_share=0.05,
            id_home_share=0.01,
            takeover=0.4,
            conversion=1.0,
        )
    )
    after(g["gp"], 120 * 0.99 * 0.998 - 100)
    after(g["so"], 21.2)
    after(g["avg"], 20.24)


def test_social_domain_worker_takes_social_contacts() -> None:
    """Supply 100 x (1 + 0.5 x 0.1 x 0.1 x 0.5) = 100.25."""
    g = gaps(
        use("social_domain_worker_ooh", adoption=0.5, ooh_share=0.1, social_share=0.1, handled=0.5)
    )
    after(g["gp"], 19.75)


def test_so_avg_in_primary_care_shifts_with_a_conversion_below_one() -> None:
    """GP 120 x 0.98 x 0.995 = 117.012; SO 120 + 0.02 x 0.5 x 120; AVG 120 + 0.005 x 0.5 x 120."""
    g = gaps(
        use(
            "so_avg_in_primary_care",
            adoption=0.5,
            consult_share=0.04,
            avg_consult_share=0.01,
            conversion=0.5,
        )
    )
    after(g["gp"], 17.012)
    after(g["so"], 21.2)
    after(g["avg"], 20.3)


def test_small_scale_housing_agreements_save_coordination() -> None:
    """GP 120 x (1 - 0.02 x 0.2) = 119.52; SO and AVG 120 x (1 - 0.1 x 0.2) = 117.6."""
    g = gaps(
        use(
            "small_scale_housing_agreements",
            adoption=1.0,
            gp_housing_share=0.02,
            so_housing_share=0.1,
            saving=0.2,
        )
    )
    after(g["gp"], 19.52)
    after(g["so"], 17.6)
    after(g["avg"], 17.6)


def test_regional_outpatient_clinic_saves_travel_scaled_by_density() -> None:
    """Supply 100 x (1 + 0.5 x 0.1 x 0.2 x 1.5) = 101.5 for SO and AVG."""
    g = gaps(use("regional_outpatient_clinic", adoption=0.5, travel_share=0.1, visits_replaced=0.2))
    after(g["so"], 18.5)
    after(g["avg"], 18.5)
    after(g["gp"], 20.0)


def test_care_at_a_distance_saves_travel_and_night_duty() -> None:
    """GP gain 0.5 x 0.04 x 0.2 x 1.5 + 0.5 x 0.1 x 0.1 = 1.1 %.

    SO and AVG: 0.5 x 0.1 x 0.2 x 1.5 + 0.5 x 0.1 x 0.1 = 2 %.
    """
    g = gaps(
        use(
            "care_at_a_distance",
            adoption=0.5,
            gp_travel_share=0.04,
            so_travel_share=0.1,
            remote_share=0.2,
            ooh_share=0.1,
            remote_night_share=0.1,
        )
    )
    after(g["gp"], 18.9)
    after(g["so"], 18.0)
    after(g["avg"], 18.0)


def test_regional_training_adds_streams_through_the_per_trainee_curve() -> None:
    """0.5 x (1.0 x 10 x 0.6 + 1.0 x 0.2 x 10) = 4 trainees a year from 2026 (extra places are
    a share of the 10 trainees settling in the region); f3 = 0, 0, 1, 2."""
    kw = {
        "adoption": 0.5,
        "extra_places_share": 1.0,
        "local_settling": 0.6,
        "site_realisation": 1.0,
    }
    g = gaps(use("regional_training", **kw))
    assert g["gp"] == pytest.approx([20.0, 20.0, 20.0, 16.0, 12.0])
    # a start before the first intake year the model can change is moved to it
    early = gaps(use("regional_training", start=2025, **kw))
    assert early["gp"] == pytest.approx(g["gp"])
    late = gaps(use("regional_training", start=2027, **kw))
    assert late["gp"] == pytest.approx([20.0, 20.0, 20.0, 20.0, 16.0])


def test_specialised_practice_concentrates_care_of_special_groups() -> None:
    """GP 120 x (1 - 0.5 x 0.04 x 0.25) = 119.4."""
    g = gaps(use("specialised_practice", adoption=0.5, group_share=0.04, efficiency=0.25))
    after(g["gp"], 19.4)
    after(g["avg"], 20.0)


def test_ramp_up_is_linear_over_the_ramp_years() -> None:
    """Half the effect in the first of two ramp years: 120 x (1 - 0.02) in 2026."""
    g = gaps(
        use(
            "task_reallocation",
            ramp_years=2,
            adoption=0.5,
            delegable_share=0.1,
            substitution_efficiency=0.8,
        )
    )
    assert g["gp"] == pytest.approx([20.0, 17.6, 15.2, 15.2, 15.2])


def test_municipalities_scale_by_their_share_of_demand() -> None:
    """GM0001 holds 25 % of demand: 120 x (1 - 0.04 x 0.25) = 118.8."""
    g = gaps(
        use(
            "task_reallocation",
            municipalities=("GM0001",),
            adoption=0.5,
            delegable_share=0.1,
            substitution_efficiency=0.8,
        )
    )
    after(g["gp"], 18.8)


def test_professions_of_a_use_restrict_its_effects() -> None:
    g = gaps(use("task_reallocation", professions=("so",), adoption=0.5, delegable_share=0.1))
    after(g["gp"], 20.0)
    assert g["so"][1] < 20.0


def test_intake_response_equals_a_naive_sum_over_streams() -> None:
    """Reference: loop over start years and lags (the engine uses one matrix product)."""
    rng = np.random.default_rng(3)
    base = tiny_region().professions["gp"]
    base = type(base)(**{**base.__dict__, "per_intake_fte": np.array([0.0, 0.0, 0.5, 1.5, 2.0])})
    inc = rng.random((4, 5))
    fast = intake_response(base, inc)
    s0 = base.intake_start_index
    moved = inc.copy()
    moved[:, s0] += moved[:, :s0].sum(axis=1)
    moved[:, :s0] = 0
    slow = np.zeros_like(inc)
    for d in range(4):
        for j in range(5):
            for y in range(j, 5):
                if y - j + s0 < 5:
                    slow[d, y] += moved[d, j] * base.per_intake_fte[y - j + s0]
    assert fast == pytest.approx(slow)
