"""Loading and validating parameter sets; the SO and AVG sets reproduce the published advice."""

from __future__ import annotations

from pathlib import Path

import pytest

from regioplan.errors import ParameterError
from regioplan.workforce import engine
from regioplan.workforce.national import project_national
from regioplan.workforce.parameters import available_params, load_params, parse_params

FIXTURES = Path(__file__).parent / "fixtures"
GP2022 = (FIXTURES / "params_gp_2022.toml").read_text(encoding="utf-8")


def test_bundled_gp_sets_equal_the_method_files() -> None:
    for year in (2022, 2025):
        bundled = load_params(f"gp_{year}")
        shared = load_params(FIXTURES / f"params_gp_{year}.toml")
        assert bundled.values == shared.values
        assert shared.name == f"gp_{year}"


def test_default_set_per_profession() -> None:
    assert load_params(profession="gp").name == "gp_2025"
    assert load_params(profession="so").name == "so_2022"
    assert load_params(profession="avg").name == "avg_2022"
    assert set(available_params()) == {"gp_2022", "gp_2025", "so_2022", "avg_2022"}


@pytest.mark.parametrize(
    "old, new, key",
    [
        ("share_female = 0.61 ", "share_female = 1.61 ", "stock.share_female"),
        (
            "internal_yield = 0.943            # intern_rendement (",
            "internal_yield = -0.1 # (",
            "training.cohort1.internal_yield",
        ),
        ("balance_year_2 = 2040", "balance_year_2 = 2043", "timeline.balance_year_2"),
        ("balance_year_1 = 2034", "balance_year_1 = 2026", "timeline.balance_year_1"),
        ("headcount = 13492", "headcount = 13492\nhead_count = 1", "stock.head_count"),
        (
            "outflow_male   = [0.17, 0.36, 0.53, 0.65]",
            "outflow_male = [0.17, 0.36]",
            "stock.outflow_male",
        ),
        ("epidemiology = 0.007 ", 'epidemiology = "x" ', "demand.mid.epidemiology"),
        ("horizon_years = 20", "horizon_years = 25", "meta.horizon_years"),
    ],
)
def test_invalid_values_name_the_key(old: str, new: str, key: str) -> None:
    assert old in GP2022
    with pytest.raises(ParameterError, match=key.replace(".", r"\.").replace("[", r"\[")):
        parse_params(GP2022.replace(old, new, 1), source="bad.toml")


def test_missing_key_is_named() -> None:
    text = GP2022.replace("trend_year = 2032", "")
    with pytest.raises(ParameterError, match=r"timeline\.trend_year"):
        parse_params(text)


def test_unknown_section_is_named() -> None:
    with pytest.raises(ParameterError, match=r"stokc\.headcount"):
        parse_params(GP2022 + "\n[stokc]\nheadcount = 1\n")


def test_assumption_must_contain_its_value() -> None:
    text = GP2022 + '\n[assumptions."stock.headcount"]\nlow = 1\nhigh = 2\nreason = "r"\n'
    with pytest.raises(ParameterError, match=r"stock\.headcount"):
        parse_params(text)
    ok = GP2022 + '\n[assumptions."stock.headcount"]\nlow = 13000\nhigh = 14000\nreason = "r"\n'
    assert parse_params(ok).assumptions[0].key == "stock.headcount"


def test_invalid_toml_and_missing_file() -> None:
    with pytest.raises(ParameterError, match="not valid TOML"):
        parse_params("[meta\n")
    with pytest.raises(ParameterError, match="neither a bundled set"):
        load_params("no_such_set")


def test_replace_validates() -> None:
    p = load_params("gp_2022")
    assert p.replace(**{"stock.headcount": 1.0}).scalar("stock.headcount") == 1.0
    with pytest.raises(ParameterError, match="unknown key"):
        p.replace(**{"stock.nope": 1.0})


def _leaving_share(name: str, year: int) -> float:
    p = load_params(name)
    v = engine.flat_arrays(p)
    k = year - p.base_year
    pf = p.scalar("stock.share_female")
    uf = float(engine.l5_from_zero(v["stock.outflow_female"])[0, k])
    um = float(engine.l5_from_zero(v["stock.outflow_male"])[0, k])
    return pf * uf + (1 - pf) * um


def test_so_set_reproduces_capaciteitsplan() -> None:
    """SO: advice 305 trainees/yr, balance year 2040, about 70 % of today's SOs gone by then."""
    run = project_national(load_params("so_2022"))
    assert run.balance_year == 2040
    assert run.equilibrium_intake == pytest.approx(305, abs=1)
    assert _leaving_share("so_2022", 2040) == pytest.approx(0.70, abs=0.005)
    assert run.params.is_estimate and run.provenance["status"].startswith("estimate")


def test_avg_set_reproduces_capaciteitsplan() -> None:
    """AVG: advice 43 trainees/yr, balance year 2034, about 40 % of today's AVGs gone by then."""
    run = project_national(load_params("avg_2022"))
    assert run.balance_year == 2034
    assert run.equilibrium_intake == pytest.approx(43, abs=1)
    assert _leaving_share("avg_2022", 2034) == pytest.approx(0.40, abs=0.005)


def test_every_estimate_value_is_listed_or_sourced() -> None:
    """The SO/AVG sets list their assumptions, each with a reason."""
    for name in ("so_2022", "avg_2022"):
        p = load_params(name)
        keys = {a.key for a in p.assumptions}
        assert "stock.share_female" in keys and "stock.outflow_female" in keys
        assert "demand.mid.unmet_demand" in keys
        for a in p.assumptions:
            assert a.reason


def test_public_api_is_curated() -> None:
    import regioplan.workforce as wf

    assert sorted(wf.__all__) == sorted(
        [
            "SCENARIOS", "VARIANTS", "Assumption", "Band", "Decomposition", "MonteCarloResult",
            "MunicipalBands", "MunicipalShares", "NationalProjection", "ParameterSet",
            "RegionalProjection", "SettlementModel", "available_params", "load_params",
            "monte_carlo", "monte_carlo_municipalities", "municipal_shares", "municipal_supply_fte",
            "parse_params",
            "project_national", "project_region",
        ]
    )  # fmt: skip
    for name in wf.__all__:
        assert hasattr(wf, name)


def test_profession_comes_from_meta_when_there_is_no_code(tmp_path: Path) -> None:
    """The Capaciteitsorgaan files name the profession in words only; a GP file is no SO set."""
    path = tmp_path / "raming.toml"
    path.write_text(GP2022, encoding="utf-8")
    assert load_params(path).profession == "gp"
    assert load_params(path, profession="gp").name == "raming"
    with pytest.raises(ParameterError, match="not a set for profession 'so'"):
        load_params(path, profession="so")


def test_meta_code_must_be_a_profession() -> None:
    text = GP2022.replace("horizon_years = 20", 'horizon_years = 20\ncode = "huisarts"', 1)
    with pytest.raises(ParameterError, match=r"meta\.code = 'huisarts'.*allowed: gp, so, avg"):
        parse_params(text)


def test_unreadable_text_is_a_parameter_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(GP2022.replace("# ", "# é ", 1).encode("latin-1"))
    with pytest.raises(ParameterError, match="cannot read parameter file"):
        load_params(path)


def test_ranges_the_monte_carlo_would_ignore_are_refused() -> None:
    """Timeline ranges are never drawn; demand rates are drawn between the variants."""
    timeline = '\n[assumptions."timeline.trend_year"]\nlow = 2030\nhigh = 2034\nreason = "r"\n'
    with pytest.raises(ParameterError, match=r"timeline\.trend_year.*never drawn"):
        parse_params(GP2022 + timeline)
    demand = '\n[assumptions."demand.mid.epidemiology"]\nlow = 0.0\nhigh = 0.02\nreason = "r"\n'
    with pytest.raises(ParameterError, match=r"demand\.mid\.epidemiology.*variants"):
        parse_params(GP2022 + demand)
    low, mid, high = (
        load_params("gp_2022").scalar(f"demand.{v}.epidemiology") for v in ("low", "mid", "high")
    )
    assert (low, high) != (mid, mid)
    ok = f'\n[assumptions."demand.mid.epidemiology"]\nlow = {low}\nhigh = {high}\nreason = "r"\n'
    assert parse_params(GP2022 + ok).assumptions[0].key == "demand.mid.epidemiology"


@pytest.mark.parametrize("name", ["so_2022", "avg_2022"])
def test_every_unpublished_value_is_a_labelled_assumption(name: str) -> None:
    """Only the published figures (base and balance year, durations, SO intake 2021), the
    unused informational key and the foreign inflow's share female and yields (assumptions
    labelled in the file and the docs, held fixed in the Monte Carlo) go without an
    [assumptions] entry; the demand variants are their own range."""
    p = load_params(name)
    published = {
        "timeline.base_year",
        "timeline.balance_year_2",
        "training.cohort1.duration_years",
        "training.cohort2.duration_years",
        "training.cohort3.duration_years",
        "foreign.yield_unused",
    } | ({"training.cohort1.intake_per_year"} if name == "so_2022" else set())
    fixed = {"foreign.share_female", "foreign.external_yield_female", "foreign.external_yield_male"}
    published |= fixed
    listed = {a.key for a in p.assumptions}
    unlisted = {
        k for k in p.values if k not in listed and not k.startswith(("demand.low", "demand.high"))
    }
    assert unlisted == published


def test_typos_in_keys_and_sections_get_a_suggestion() -> None:
    with pytest.raises(ParameterError, match=r"'stock\.headcont' \(did you mean headcount\?\)"):
        parse_params(GP2022.replace("headcount = 13492", "headcont = 13492", 1))
    with pytest.raises(ParameterError, match=r"no section \[stokc\] \(did you mean stock\?\)"):
        parse_params(GP2022 + "\n[stokc]\nheadcount = 1\n")
