"""``regioplan placement demo ZK24``: a placement service to try, filled for one region.

What it creates, and what is real:

- **Hospitals (real).** Every general hospital site of the region in the bundled Eurostat/GISCO
  list (2019) becomes a referring organisation (its transfer desk) seated in the site's
  municipality, named as the source names it. They refer; they hold no beds here.
- **Nursing homes (examples).** No open list of nursing-home locations with their bed types
  exists, so the care organisations and their locations are **examples**: named
  "Voorbeeld-zorggroep …", placed at the centres of the region's largest municipalities,
  flagged ``example`` (the pages tag every one of them "voorbeeld").
- **Coordination desk, GP practice, analyst, administrator (examples).**
- **Capacity (example data).** Staffed and occupied beds per location and bed type, drawn with
  a seeded generator around an occupancy of about 90 % (bed counts of a small nursing-home
  location: 4 to 16 beds of a type); two figures are left unconfirmed for 20 hours so that the
  stale warning shows.
- **History (example data).** Requests of the past 14 days moved through hold, acceptance,
  admission and discharge (or closed with a reason), so that the monitoring page has figures;
  two requests are left open to work on.

Users get generated one-time passwords, returned once (the command prints them); the first
sign-in asks each user to choose their own.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

import numpy as np

from regioplan.errors import ParameterError
from regioplan.placement import CLOSE_REASONS, NEEDS, PlacementConfig, PlacementService, User
from regioplan.placement.validation import RequestInput
from regioplan.store import Database, FixedClock, open_database

HISTORY_DAYS = 14
CARE_ORGS = 3
"""Example care organisations; each gets locations in the region's largest municipalities."""
DEMO_BED_TYPES = ("elv_high", "elv_low", "palliative", "grz", "crisis_respite")


@dataclass(frozen=True)
class Credential:
    """A demo user and the one-time password it was created with."""

    username: str
    password: str
    role: str
    organisation: str


@dataclass
class DemoResult:
    """What :func:`build_demo` made."""

    region: str
    region_name: str
    hospitals: list[str] = field(default_factory=list)
    care_locations: int = 0
    figures: int = 0
    requests: int = 0
    credentials: list[Credential] = field(default_factory=list)


def _hospital_sites(region: str) -> list[tuple[str, str, float, float]]:
    """(hospital, municipality code, lat, lon) of the region's general hospitals: one site per
    hospital (its first general-hospital site in the source), real data."""
    from regioplan.regions import select_region
    from regioplan.regions.facilities import region_hospitals

    chosen = select_region(region)
    sites = region_hospitals(chosen)
    sites = sites[sites["facility_type"].astype(str).str.contains("ziekenhuis", case=False)]
    pc4_municipality = chosen.pc4["municipality"]
    out: dict[str, tuple[str, str, float, float]] = {}
    for _, row in sites.iterrows():
        name = str(row["hospital_name"]).strip()
        try:
            pc4 = int(str(row["postcode"])[:4])
        except ValueError:
            continue
        code = str(pc4_municipality.get(pc4, ""))
        if name not in out and code.startswith("GM"):
            out[name] = (name, code, float(row["lat"]), float(row["lon"]))
    return list(out.values())


def _largest(region: str, count: int) -> list[tuple[str, str]]:
    from regioplan.data import municipalities

    table = municipalities()
    rows = table[table["zorgkantoor_code"] == region].sort_values(
        "population_2024", ascending=False
    )
    return [(str(c), str(n)) for c, n in rows["name"].head(count).items()]


def _slug(text: str) -> str:
    keep = "".join(ch if ch.isalnum() else "-" for ch in text.lower())
    return "-".join(part for part in keep.split("-") if part)[:30]


def build_demo(
    db: Database,
    clock: FixedClock,
    region: str,
    *,
    seed: int = 1,
    config: PlacementConfig | None = None,
) -> DemoResult:
    """Fill the empty database `db` (whose clock is `clock`, standing at "now") with the demo
    of care-office region `region`; the clock is moved through the history and back to now."""
    from regioplan.placement.geography import region_codes

    if region not in region_codes():
        raise ParameterError(f"region {region!r} is not a care-office region code (ZK01..ZK31)")
    service = PlacementService(db, config)
    if service.organisations():
        raise ParameterError(
            f"the database {db.url} already holds organisations; the demo needs an empty one"
        )
    rng = np.random.default_rng(seed)
    now = clock.now()
    start = now - dt.timedelta(days=HISTORY_DAYS)
    clock.set(start - dt.timedelta(hours=1))
    largest = _largest(region, 6)
    seat = largest[0][0]
    region_name = _region_name(region)
    result = DemoResult(region=region, region_name=region_name)

    def org(name: str, kind: str, municipality: str, example: bool) -> int:
        return service.add_organisation(
            None, name=name, kind=kind, region=region, municipality=municipality, example=example
        ).id

    def user(username: str, role: str, organisation_id: int, organisation: str) -> User:
        password = secrets.token_urlsafe(12)
        created = service.add_user(
            None,
            username=username,
            password=password,
            role=role,
            organisation_id=organisation_id,
            one_time=True,  # printed once: the first sign-in asks for an own password
        )
        result.credentials.append(Credential(username, password, role, organisation))
        return created

    desk_name = f"RCP {region_name} (voorbeeld)"
    desk = org(desk_name, "coordination_desk", seat, True)
    coordinator = user("coordinator", "coordinator", desk, desk_name)
    practice_name = f"Huisartsenpraktijk Voorbeeld {largest[0][1]}"
    practice = org(practice_name, "gp_practice", seat, True)
    gp = user("huisarts", "referrer", practice, practice_name)
    referrers = [gp]
    for name, municipality, _lat, _lon in _hospital_sites(region):
        hospital = org(name, "hospital", municipality, False)
        result.hospitals.append(name)
        referrers.append(user(f"transfer.{_slug(name)}", "referrer", hospital, name))
    office_name = f"Beheer plaatsingsdienst {region_name} (voorbeeld)"
    office = org(office_name, "other", seat, True)
    user("analist", "analyst", office, office_name)
    user("beheerder", "administrator", office, office_name)

    managers: list[User] = []
    locations: list[int] = []
    letters = "ABCDEFGH"
    for i in range(CARE_ORGS):
        name = f"Voorbeeld-zorggroep {letters[i]}"
        care = org(name, "care_org", largest[i % len(largest)][0], True)
        manager = user(f"bedden.{letters[i].lower()}", "bed_manager", care, name)
        for j in range(2):
            code, place = largest[(i + j * CARE_ORGS) % len(largest)]
            features = tuple(
                str(n) for n in rng.choice(NEEDS, size=int(rng.integers(2, 6)), replace=False)
            )
            loc = service.add_location(
                None,
                organisation_id=care,
                name=f"Locatie {place} (voorbeeld {letters[i]}{j + 1})",
                municipality=code,
                features=features,
                example=True,
            ).id
            locations.append(loc)
            managers.append(manager)
    result.care_locations = len(locations)

    # capacity at the start of the history: enough room for the example requests
    types: dict[int, list[str]] = {}
    for loc, manager in zip(locations, managers, strict=True):
        chosen = ["elv_high", *rng.choice(DEMO_BED_TYPES[1:], size=2, replace=False).tolist()]
        types[loc] = chosen
        for bed_type in chosen:
            physical = int(rng.integers(4, 17))
            service.set_capacity(
                manager,
                location_id=loc,
                bed_type=bed_type,
                physical=physical,
                staffed=physical,
                occupied=0,
            )
    by_location = dict(zip(locations, managers, strict=True))

    # the history: requests of the past days, most placed, some closed
    count = 0
    t = start
    while True:
        t += dt.timedelta(hours=float(rng.exponential(9.0)))
        if t > now - dt.timedelta(days=2):
            break
        clock.set(t)
        referrer = referrers[int(rng.integers(len(referrers)))]
        bed_type = "elv_high" if rng.random() < 0.6 else str(rng.choice(DEMO_BED_TYPES[1:]))
        needs = tuple(
            str(n) for n in rng.choice(NEEDS, size=int(rng.integers(0, 3)), replace=False)
        )
        count += 1
        made = service.submit_request(
            referrer,
            RequestInput(
                reference=f"VB-{now:%y}-{count:04d}",
                care_type=bed_type,
                urgency=str(rng.choice(("acute", "same_day", "same_day", "within_3_days"))),
                municipality=largest[int(rng.integers(len(largest)))][0],
                needs=needs,
            ),
        )
        if rng.random() < 0.15:
            clock.set(t + dt.timedelta(hours=float(rng.uniform(2, 30))))
            reason = str(rng.choice([r for r in CLOSE_REASONS if r != "other"]))
            service.close_request(coordinator, made.id, reason)
            continue
        matches = service.match(coordinator, made.id, limit=3)
        if not matches:
            clock.set(t + dt.timedelta(hours=6))
            service.close_request(coordinator, made.id, "no_capacity")
            continue
        pick = matches[0]
        clock.set(t + dt.timedelta(hours=float(rng.uniform(0.2, 8))))
        hold = service.place_hold(coordinator, made.id, pick.bed_unit_id)
        manager = by_location[pick.location_id]
        clock.advance(dt.timedelta(minutes=float(rng.uniform(5, 25))))
        if rng.random() < 0.12:
            service.decline_hold(manager, hold.id, "no_staff")
            clock.set(clock.now() + dt.timedelta(hours=3))
            service.close_request(coordinator, made.id, "placed_elsewhere")
            continue
        service.accept_hold(manager, hold.id)
        clock.advance(dt.timedelta(hours=float(rng.gamma(2.0, 5.0))))
        service.admit(manager, hold.id)
        leave = clock.now() + dt.timedelta(days=float(rng.uniform(2, 8)))
        if leave < now - dt.timedelta(hours=21):
            clock.set(leave)
            service.discharge(manager, hold.id)
    result.requests = count

    # today's figures: occupancy around 90 %, two of them left unconfirmed for 20 hours
    clock.set(now - dt.timedelta(hours=20))
    stale = {(locations[1], types[locations[1]][1]), (locations[-1], types[locations[-1]][2])}
    for moment in ("stale", "fresh"):
        if moment == "fresh":
            clock.set(now - dt.timedelta(minutes=float(rng.uniform(5, 90))))
        for loc in locations:
            for bed_type in types[loc]:
                if ((loc, bed_type) in stale) != (moment == "stale"):
                    continue
                _report(service, by_location[loc], loc, bed_type, rng)
                result.figures += 1

    # two requests to work on now
    clock.set(now - dt.timedelta(minutes=12))
    service.submit_request(
        referrers[-1],
        RequestInput(f"VB-{now:%y}-{count + 1:04d}", "elv_high", "same_day", seat, ("dementia",)),
    )
    clock.set(now - dt.timedelta(minutes=4))
    service.submit_request(
        gp,
        RequestInput(f"VB-{now:%y}-{count + 2:04d}", "palliative", "acute", largest[1][0], ()),
    )
    result.requests += 2
    clock.set(now)
    return result


def _report(
    service: PlacementService, manager: User, loc: int, bed_type: str, rng: np.random.Generator
) -> None:
    current = next(
        a
        for a in service.availability(manager, organisation_id=manager.organisation_id)
        if a.location_id == loc and a.bed_type == bed_type
    )
    admitted_now = current.occupied  # admissions of the history counted in
    physical = current.physical
    staffed = max(physical - int(rng.integers(0, 3)), 1)
    occupied = min(staffed, max(admitted_now, round(staffed * float(rng.uniform(0.75, 1.0)))))
    service.set_capacity(
        manager,
        location_id=loc,
        bed_type=bed_type,
        physical=physical,
        staffed=max(staffed, occupied),
        occupied=occupied,
    )


def _region_name(region: str) -> str:
    from regioplan.regions import select_region

    return str(select_region(region).name)


def create_demo(
    url: str, region: str, *, seed: int = 1, config: PlacementConfig | None = None
) -> DemoResult:
    """Open (and migrate) the database at `url`, fill it with the demo and close it."""
    clock = FixedClock(dt.datetime.now(dt.UTC).replace(microsecond=0))
    db = open_database(url, clock=clock)
    try:
        return build_demo(db, clock, region, seed=seed, config=config)
    finally:
        db.close()


__all__ = ["CARE_ORGS", "Credential", "DemoResult", "build_demo", "create_demo"]
