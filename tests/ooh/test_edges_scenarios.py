"""The scenario hook (issue #17 item 9): the shared ANW initiative's pooling saving from the
simulation where a region has one, the bundled effect and examples up to date."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from regioplan.ooh import parse_config
from regioplan.ooh.pooling import on_call_hours, precomputed
from regioplan.scenarios import ooh_effect, parse_scenario, run_region

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "ooh"
SCENARIO = """
[scenario]
name = "shared ANW"
[[initiative]]
name = "shared_anw_service"
start = 2026
ramp_years = 0
"""


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"ooh_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_examples_are_up_to_date() -> None:
    for name, text in _script("make_examples").files().items():
        assert (EXAMPLES / name).read_text(encoding="utf-8") == text, name


def test_bundled_pooling_effect_is_the_simulation() -> None:
    """pooling.json regenerates exactly (seeded) from the example configurations."""
    built = json.loads(_script("make_pooling").text())
    assert built["regions"] == precomputed()


def test_on_call_hours_by_hand() -> None:
    config = parse_config(
        {
            "posts": [{"id": "a", "pc4": "3318"}],
            "organisations": [{"id": "o", "municipalities": ["GM0505"]}],
            "staffing": [
                {"post": "a", "role": "triagist", "days": "mon-sun", "hours": "0-24", "count": 1},
                {"organisation": "o", "role": "so", "days": "mon-sun", "hours": "0-24", "count": 2},
            ],
        }
    )
    assert on_call_hours(config, 2025) == 2 * 8760


def _run(monkeypatch: pytest.MonkeyPatch, effect: dict[str, Any] | None, text: str = SCENARIO):
    if effect is not None:
        monkeypatch.setattr(ooh_effect, "precomputed", lambda: {"ZK24": effect})
    return run_region("ZK24", parse_scenario(text), draws=50, seed=3, year=2035)


def test_a_simulated_saving_replaces_the_assumption(monkeypatch: pytest.MonkeyPatch) -> None:
    source = "simulated (test): 0.25 of the on-call hours at equal response"
    with_sim = _run(monkeypatch, {"saving": 0.25, "source": source})
    assert "shared_anw_service.pooling_saving" not in with_sim.assumptions
    assert with_sim.provenance["shared_anw_service.pooling_saving"] == source
    own = SCENARIO + "[initiative.parameters]\npooling_saving = 0.25\n"
    by_file = _run(monkeypatch, {"saving": None, "source": source}, own)
    # the simulated value acts exactly as the same value set in the file
    a, b = with_sim.to_dict()["professions"], by_file.to_dict()["professions"]
    assert a["so"] == b["so"]
    assert by_file.provenance["shared_anw_service.pooling_saving"].startswith("set by the")


def test_no_equal_pool_keeps_the_assumption(monkeypatch: pytest.MonkeyPatch) -> None:
    source = "simulated (test): no shared pool kept the response; the catalogue's assumption"
    result = _run(monkeypatch, {"saving": None, "source": source})
    assert "shared_anw_service.pooling_saving" in result.assumptions
    assert "catalogue's assumption" in result.provenance["shared_anw_service.pooling_saving"]


def test_zk24_takes_the_bundled_simulated_saving(monkeypatch: pytest.MonkeyPatch) -> None:
    """With dispatch to the SO/AVG who reaches the home soonest, one SO/AVG for both example
    organisations at night keeps the visit time (the bundled ZK24 effect): the scenario uses it."""
    bundled = precomputed()["ZK24"]
    assert bundled["chosen"] == "examples/ooh/zk24_so_shared.toml"
    assert 0.0 < bundled["saving"] < 1.0
    result = _run(monkeypatch, None)
    assert "shared_anw_service.pooling_saving" not in result.assumptions
    assert result.provenance["shared_anw_service.pooling_saving"] == bundled["source"]


def test_regions_without_a_simulation_are_untouched() -> None:
    scenario = parse_scenario(SCENARIO)
    same, notes = ooh_effect.simulated_effects(scenario, "ZK01")
    assert same == scenario and notes == {}
