"""simulate and compare: seeds, executors, common random numbers, variants, results, the API."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import regioplan.ooh as ooh_api
from regioplan.errors import InputError
from regioplan.executors import DaskExecutor, LocalExecutor, SerialExecutor
from regioplan.ooh import OohConfig, OohResult, Variant, compare, simulate, simulation
from regioplan.ooh.model import effective_config
from regioplan.regions import Region


def test_public_api_is_exactly_the_curated_names() -> None:
    assert sorted(ooh_api.__all__) == [
        "Comparison", "Demand", "Estimate", "Merge", "NORMS_MIN", "OOH_TYPES", "OohConfig",
        "OohRates", "OohResult", "Organisation", "Params", "Post", "ROLES", "Staffing",
        "StaffingRow", "URGENCIES", "Variant", "compare", "demand", "holiday_dates",
        "load_config", "ooh_contacts", "ooh_rates", "parse_config", "prepare", "simulate",
        "week_profile",
    ]  # fmt: skip


def _same(a: OohResult, b: OohResult) -> bool:
    return all(
        x.scalars == y.scalars
        and np.array_equal(x.busy_min, y.busy_min)
        and np.array_equal(x.area_u12, y.area_u12)
        for x, y in zip(a.measures, b.measures, strict=True)
    )


def test_one_seed_one_result_on_every_executor(
    zk24: Region, small_config: OohConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same seed gives identical results in this process, in local worker processes and on a
    (tiny, in-process) Dask cluster, whatever the batching; another seed gives another result."""
    kw = {"year": 2025, "replications": 4, "seed": 3}
    base = simulate(zk24, small_config, **kw)
    monkeypatch.setattr(simulation, "BATCH", 2)  # two tasks of two replications
    with SerialExecutor() as ex:
        assert _same(base, simulate(zk24, small_config, executor=ex, **kw))
    with LocalExecutor(workers=2) as ex:
        assert _same(base, simulate(zk24, small_config, executor=ex, **kw))
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                      dashboard_address=None) as cluster, Client(cluster) as client:  # fmt: skip
        dask = DaskExecutor(client=client)
        assert _same(base, simulate(zk24, small_config, executor=dask, **kw))
    other = simulate(zk24, small_config, **{**kw, "seed": 4})
    assert not _same(base, other)


def test_progress_and_bad_arguments(zk24: Region, small_config: OohConfig) -> None:
    seen: list[int] = []
    simulate(zk24, small_config, year=2025, replications=2, seed=0, progress=seen.append)
    assert seen == [2]  # replications done
    with pytest.raises(InputError, match="replications"):
        simulate(zk24, small_config, year=2025, replications=0, seed=0)
    with pytest.raises(InputError, match="two configurations"):
        compare(zk24, [small_config], year=2025, replications=2, seed=0)


def test_identical_configurations_differ_by_exactly_zero(
    zk24: Region, small_config: OohConfig
) -> None:
    """Common random numbers: the same organisation twice gives a difference of exactly 0."""
    cmp = compare(zk24, [small_config, small_config], year=2025, replications=3, seed=1)
    for key, est in cmp.differences().items():
        assert est.mean == 0.0, key


def _variant(cfg: OohConfig, **kw: object) -> OohConfig:
    return cfg.with_variant(Variant.model_validate(kw))


def test_variants_change_what_they_should(zk24: Region, small_config: OohConfig) -> None:
    """Each variant runs on the same calls: regional triage (one pool of triagists) answers
    faster, a single night post drives further, a shared car pool changes the driving (cars
    take the region's most urgent job, wherever it is); every difference has an interval."""
    variants = {
        "shared_cars": _variant(small_config, cars="shared"),
        "regional_triage": _variant(small_config, triage="regional"),
        "night_post": _variant(small_config, night_post="dordrecht"),
        "merged": _variant(small_config, merge=[{"into": "dordrecht", "posts": ["zwijndrecht"]}]),
    }
    cmp = compare(zk24, [small_config, *variants.values()], year=2025, replications=4, seed=2)
    diffs = {name: cmp.differences(i + 1) for i, name in enumerate(variants)}
    assert diffs["regional_triage"]["answer_within_2_min"].low > 0
    assert diffs["shared_cars"]["km_driven"].mean != 0
    assert np.isfinite(diffs["shared_cars"]["U1_all_within_norm"].high)
    assert diffs["night_post"]["km_driven"].low > 0
    assert all(np.isfinite(d["U2_all_mean_min"].mean) for d in diffs.values())
    assert cmp.results[4].groups.count("zwijndrecht:car") == 0


def test_night_post_moves_the_night_staff(small_config: OohConfig) -> None:
    cfg = _variant(small_config, night_post="gorinchem", night_hours="23-08")
    _posts, staffing, opened = effective_config(cfg)
    tue_3am = 24 + 3
    assert opened[:, tue_3am].tolist() == [False, False, True]
    assert staffing.get("gorinchem", "car")[tue_3am] == 3
    assert staffing.get("dordrecht", "car")[tue_3am] == 0
    assert staffing.get("dordrecht", "car")[24 + 20] == 1


def test_nurse_practitioner_and_social_worker_take_work(
    zk24: Region, small_config: OohConfig
) -> None:
    extra = [
        {"post": p, "role": r, "days": "mon-sun", "hours": "0-24", "count": 1}
        for p in ("dordrecht", "zwijndrecht", "gorinchem")
        for r in ("np", "social_worker")
    ]
    staffed = small_config.model_copy(
        update={"staffing": [*small_config.staffing, *(ooh_api.StaffingRow(**e) for e in extra)]}
    )
    with_np = _variant(staffed, nurse_practitioner=True, social_worker_share=0.5)
    cmp = compare(zk24, [staffed, with_np], year=2025, replications=2, seed=5)
    util = cmp.results[1].utilisation_total()
    assert util["gorinchem:np"].mean > 0.05
    assert util["gorinchem:social_worker"].mean > 0.01
    gp_before = cmp.results[0].utilisation_total()["gorinchem:post_gp"].mean
    assert util["gorinchem:post_gp"].mean < gp_before


def test_shared_so_on_call(zk24: Region, small_config: OohConfig) -> None:
    orgs = [*small_config.organisations,
            ooh_api.Organisation(id="care_b", municipalities=["GM0512"])]  # fmt: skip
    rows = [*small_config.staffing,
            ooh_api.StaffingRow(organisation="care_b", role="so", days="mon-sun", hours="0-24",
                                count=1)]  # fmt: skip
    cfg = small_config.model_copy(update={"organisations": orgs, "staffing": rows})
    shared = _variant(cfg, so_on_call="shared")
    cmp = compare(zk24, [cfg, shared], year=2025, replications=2, seed=6)
    assert cmp.results[0].estimate("so_calls").mean == cmp.results[1].estimate("so_calls").mean
    assert np.isfinite(cmp.difference("so_visit_mean_min").mean)


def test_results_are_json_and_complete(zk24: Region, small_config: OohConfig) -> None:
    res = simulate(zk24, small_config, year=2025, replications=3, seed=0)
    data = json.loads(json.dumps(res.to_dict(), allow_nan=False))
    u1 = data["norms"]["U1"]["within_norm"]
    assert u1["low"] <= u1["mean"] <= u1["high"]
    assert len(data["per_area"]) == len(res.areas)
    assert set(data["by_distance"]) >= {"0-2.5 km", ">= 20 km"}
    assert data["utilisation"]["dordrecht:triagist"]["total"]["mean"] > 0
    assert len(data["utilisation"]["dordrecht:triagist"]["by_hour_of_week"]) == 168
    assert "estimate" in data["provenance"]["configuration"]
    assert data["contacts_expected"]["U0"] > 0
    per_area = res.per_area()
    assert ((per_area["within_norm"] >= 0) | per_area["within_norm"].isna()).all()
    assert res.utilisation().shape == (len(res.groups), 168)


def test_a_users_matrix_with_bare_post_ids_reaches_the_posts(
    zk24: Region, small_config: OohConfig
) -> None:
    """docs/ooh.md: a user's matrix names posts by their ids (``dordrecht``) or as the engine
    does (``post:dordrecht``); both give the same model, equal to the travel times given."""
    from regioplan.access.costs import MatrixCostProvider
    from regioplan.ooh import prepare

    road = prepare(zk24, small_config, year=2025)
    names = [*map(str, road.demand.areas.index), *(f"post:{p}" for p in road.posts)]
    i, j = np.nonzero(np.isfinite(road.travel_min))
    long = pd.DataFrame(
        {"origin": np.array(names)[i], "destination": np.array(names)[j],
         "cost": road.travel_min[i, j]}
    )  # fmt: skip
    bare = long.replace({f"post:{p}": p for p in road.posts})
    assert not bare["destination"].str.startswith("post:").any()
    models = [
        prepare(zk24, small_config, year=2025, provider=MatrixCostProvider(m)) for m in (long, bare)
    ]
    for m in models:
        assert np.array_equal(m.travel_min, road.travel_min)
        assert np.array_equal(m.route_post, road.route_post)
