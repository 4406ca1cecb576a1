"""Bad input is a ValidationError whose problems name the field; nothing is stored."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import World
from regioplan.errors import ValidationError
from regioplan.placement import NotFoundError, RequestInput
from regioplan.placement.validation import reference_problem


def _fields(exc: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [p.field for p in exc.value.problems]


@pytest.mark.parametrize(
    ("reference", "why"),
    [
        ("123456782", "citizen service number"),
        ("BSN12345678", "citizen service number"),
        ("pat-12-03-1941", "date"),
        ("1941-03-12x", "date"),
        ("p120341", "date"),
        ("Jan Jansen", "no spaces"),
        ("jansen", "digit"),
        ("", "empty"),
        ("A" * 41 + "1", "at most 40"),
    ],
)
def test_references_that_could_identify_a_patient_are_refused(reference: str, why: str) -> None:
    problem = reference_problem(reference)
    assert problem is not None and why in problem


@pytest.mark.parametrize("reference", ["HA-2026-0042", "HAP/123", "RCP:77", "x1", "ZH-9.3"])
def test_codes_are_accepted(reference: str) -> None:
    assert reference_problem(reference) is None


@given(st.integers(min_value=10_000_000, max_value=999_999_999))
def test_every_8_or_9_digit_number_is_refused(number: int) -> None:
    assert reference_problem(f"R-{number}") is not None


def test_every_bad_field_of_a_request_is_named(world: World) -> None:
    bad = RequestInput(
        reference="123456782",
        care_type="spa",
        urgency="yesterday",
        municipality="GM9999",
        needs=("dementia", "massage", "dementia"),
    )
    with pytest.raises(ValidationError) as exc:
        world.service.submit_request(world.gp, bad)
    assert _fields(exc) == ["reference", "care_type", "urgency", "municipality", "needs", "needs"]
    assert world.service.list_requests(world.gp) == []


def test_capacity_counts_are_checked_by_field(world: World) -> None:
    s = world.service
    with pytest.raises(ValidationError) as exc:
        s.set_capacity(
            world.manager,
            location_id=world.location,
            bed_type="elv_high",
            physical=4,
            staffed=5,
            occupied=6,
        )
    assert _fields(exc) == ["staffed", "occupied"]
    with pytest.raises(ValidationError) as exc:
        s.set_capacity(
            world.manager,
            location_id=world.location,
            bed_type="elv_high",
            physical=-1,
            staffed=0,
            occupied=0,
        )
    assert _fields(exc) == ["physical"]
    with pytest.raises(ValidationError) as exc:
        s.set_capacity(
            world.manager,
            location_id=world.location,
            bed_type="sauna",
            physical=1,
            staffed=1,
            occupied=0,
        )
    assert _fields(exc) == ["bed_type"]


def test_reasons_and_bed_units_are_checked_by_field(world: World) -> None:
    s = world.service
    rid = world.request()
    with pytest.raises(ValidationError) as exc:
        s.close_request(world.gp, rid, "bored")
    assert _fields(exc) == ["reason"]
    with pytest.raises(ValidationError) as exc:
        s.place_hold(world.gp, rid, 99999)
    assert _fields(exc) == ["bed_unit_id"]
    palliative = world.request(care_type="palliative", reference="HA-81")
    with pytest.raises(ValidationError, match="is a elv_high bed"):
        s.place_hold(world.gp, palliative, world.unit())


def test_organisations_users_and_locations_name_their_bad_fields(world: World) -> None:
    s = world.service
    with pytest.raises(ValidationError) as exc:
        s.add_organisation(None, name="", kind="spa", region="ZK99", municipality="X")
    assert _fields(exc) == ["name", "kind", "region", "municipality"]
    with pytest.raises(ValidationError) as exc:
        s.add_user(None, username="A B", password="short", role="king", organisation_id=1)
    assert _fields(exc) == ["username", "password", "role"]
    with pytest.raises(ValidationError) as exc:
        s.add_location(
            None,
            organisation_id=world.care_org,
            name="L",
            municipality="GM0505",
            lat=40.0,
            features=("sauna",),
        )
    assert _fields(exc) == ["features", "lat"]


def test_text_the_database_cannot_store_is_refused_by_field(world: World) -> None:
    """Control characters and lone surrogates (valid in JSON) never reach the database."""
    s = world.service
    for name in ("Zorg\x00A", "Zorg\ud800"):
        with pytest.raises(ValidationError) as exc:
            s.add_organisation(
                None, name=name, kind="care_org", region="ZK24", municipality="GM0505"
            )
        assert _fields(exc) == ["name"]
    with pytest.raises(ValidationError) as exc:
        s.availability(world.gp, region="ZK\x0024")
    assert _fields(exc) == ["region"]
    with pytest.raises(ValidationError) as exc:
        s.audit_log(world.admin, object_type="bed\x00")
    assert _fields(exc) == ["object_type"]
    from regioplan.placement import AuthenticationError

    for username in ("gp1\x00", "gp\ud800"):
        with pytest.raises(AuthenticationError):
            s.login(username, "whatever")
    with pytest.raises(AuthenticationError):
        s.login("gp1", "pass\ud800word")
    with pytest.raises(AuthenticationError):
        s.authenticate("token\ud800")


def test_an_organisation_is_found_by_its_id(world: World) -> None:
    s = world.service
    care = s.organisation(world.care_org)
    assert care == next(o for o in s.organisations() if o.id == world.care_org)
    assert (care.name, care.kind, care.region, care.municipality) == (
        "Zorggroep Example A",
        "care_org",
        "ZK24",
        "GM0505",
    )
    with pytest.raises(NotFoundError):
        s.organisation(999_999)
