"""The catalogue: every initiative of the issue, documented, with sources or stated assumptions."""

from __future__ import annotations

import json
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from regioplan.errors import DataError, ParameterError
from regioplan.initiatives import Bottleneck
from regioplan.initiatives.catalogue import (
    LEVER_KINDS,
    catalogue_markdown,
    get_initiative,
    initiatives,
    parse_initiative,
)

REQUIRED = {
    "task_reallocation",
    "regional_triage",
    "regional_stepped_care",
    "shared_anw_service",
    "regional_treatment_service",
    "social_domain_worker_ooh",
    "so_avg_in_primary_care",
    "small_scale_housing_agreements",
    "regional_outpatient_clinic",
    "care_at_a_distance",
    "regional_training",
    "specialised_practice",
}
DOCS = Path(__file__).resolve().parents[2] / "docs" / "scenarios.md"


def test_every_initiative_of_the_issue_is_in_the_catalogue() -> None:
    assert set(initiatives()) == REQUIRED


def test_the_four_bottlenecks_and_five_kinds_are_covered() -> None:
    items = initiatives().values()
    assert {b for i in items for b in i.bottlenecks} == set(Bottleneck)
    assert {i.lever_kind for i in items} <= set(LEVER_KINDS)


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_every_parameter_has_a_range_and_a_source_or_assumption(name: str) -> None:
    item = get_initiative(name)
    assert item.description.strip() and item.mechanism.strip()
    assert "adoption" in item.parameters
    for p in item.parameters.values():
        assert p.bounds[0] <= p.low <= p.likely <= p.high <= p.bounds[1]
        assert p.source.strip() and p.unit.strip() and p.description.strip()
        assert "assumption" in p.status or "sourced" in p.status
        if p.is_assumption and "sourced" not in p.status:
            assert "assumption" in p.source


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_docs_describe_every_initiative(name: str) -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert f"`{name}`" in text


def test_unknown_initiative_names_the_allowed_ones() -> None:
    with pytest.raises(ParameterError, match="allowed: care_at_a_distance"):
        get_initiative("nope")


def _doc(name: str) -> dict:  # type: ignore[type-arg]
    text = (resources.files("regioplan.initiatives") / "catalogue" / f"{name}.toml").read_text()
    return tomllib.loads(text)


def test_a_broken_catalogue_entry_is_a_data_error() -> None:
    doc = _doc("regional_triage")
    doc["effects"][0]["lever"] = "magic"
    with pytest.raises(DataError, match=r"effects\[0\]\.lever"):
        parse_initiative(doc, "x.toml")
    doc = _doc("regional_triage")
    doc["parameters"]["deflection"]["high"] = 0.01
    with pytest.raises(DataError, match=r"parameters\.deflection"):
        parse_initiative(doc, "x.toml")
    doc = _doc("regional_triage")
    doc["effects"][0]["factors"] = ["ooh_share", "unknown"]
    with pytest.raises(DataError, match="unknown factor"):
        parse_initiative(doc, "x.toml")
    doc = _doc("regional_triage")
    doc["parameters"]["deflection"].update(high=1.0, bounds=[0.0, 10.0])
    doc["parameters"]["ooh_share"].update(high=0.5)
    doc["parameters"]["deflection"]["high"] = 5.0
    with pytest.raises(DataError, match="exceeds 1"):
        parse_initiative(doc, "x.toml")


def test_to_dict_is_json_ready() -> None:
    d = get_initiative("regional_treatment_service").to_dict()
    assert d["widens_gap_of"] == ["avg", "so"]
    assert d["effects"][0]["to"] == "so"
    assert {p["name"] for p in d["parameters"]} >= {"adoption", "conversion"}


def test_docs_catalogue_section_equals_the_bundled_catalogue() -> None:
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("<!-- catalogue:start -->\n")[1].split("\n<!-- catalogue:end -->")[0]
    assert section.strip() == catalogue_markdown().strip()


def test_every_assumption_states_its_reasoning() -> None:
    for item in initiatives().values():
        for p in item.parameters.values():
            assert len(p.source.strip()) > len("assumption") + 10, (item.name, p.name)


def test_bottlenecks_are_typed_codes_that_serialise_as_before() -> None:
    """Bottlenecks are :class:`Bottleneck` members; in JSON and text they are the plain codes."""
    item = get_initiative("regional_triage")
    assert all(isinstance(b, Bottleneck) for b in item.bottlenecks)
    assert json.loads(json.dumps(item.to_dict()))["bottlenecks"] == [
        "working_across_domains",
        "regional_steering",
    ]
    assert [b.value for b in Bottleneck] == [
        "scaling_up",
        "working_across_domains",
        "room_in_rules",
        "regional_steering",
    ]


def test_an_unknown_bottleneck_names_the_four_codes() -> None:
    doc = _doc("regional_triage")
    doc["bottlenecks"] = ["money"]
    with pytest.raises(DataError, match="allowed: scaling_up, working_across_domains"):
        parse_initiative(doc, "x.toml")
