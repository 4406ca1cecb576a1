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
- **Capacity (example data).** Physical, staffed and occupied beds per location and bed type
  (4 to 16 beds of a type, as at a small nursing-home location), drawn with a seeded generator;
  each bed type starts at its usual occupancy, :data:`BED_TYPE_PROFILES` (example values, except
  the palliative beds' 70 %, the average occupancy NIVEL found for palliative terminal care
  facilities in 2004).
- **History (example data).** Fourteen days played in time order. The bed managers go round
  their figures twice a day, about 8 hours apart and not at night, now and then missing one;
  a visit reports the figure, taking in the patients who came and left outside the
  coordination desk since the last visit, or confirms it when nothing changed. So each figure
  is stale for the last hours of every night (the threshold is 12 hours) and after a missed
  round. Requests move through hold, acceptance, admission and discharge (or are closed with a
  reason); an admitted patient stays for the bed type's example length of stay, so most are
  still there now. Two figures have missed the rounds of the last 20 hours, so that the stale
  warning shows; two requests are left open to work on. Occupancy now and over the period
  therefore agree, and about a fifth of the figure-hours are stale.

Users get generated one-time passwords, returned once (the command prints them); the first
sign-in asks each user to choose their own.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import math
import secrets
from collections.abc import Iterator
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
class BedTypeProfile:
    """How the demo's beds of one type fill and empty.

    `occupancy`: the share of the staffed beds occupied that the care organisation keeps them
    at (beds below it are filled by admissions outside the coordination desk);
    `stay_days`: mean length of stay in days (an example value for every bed type);
    `occupancy_source`: where the occupancy comes from."""

    occupancy: float
    stay_days: float
    occupancy_source: str = "example value"


NIVEL_2004 = (
    "Mistiaen P, Francke AL. Verscheidenheid en capaciteitsbenutting in palliatieve terminale "
    "zorgvoorzieningen. Utrecht: NIVEL, 2004 -- average occupancy about 70 %"
)
"""The one published Dutch occupancy figure the demo uses: palliative terminal care facilities
(hospices, 'bijna thuis huizen', palliative units) in 2004, a survey for the ministry of VWS,
https://www.nivel.nl/en/publicatie/verscheidenheid-en-capaciteitsbenutting-palliatieve-terminale-zorgvoorzieningen
(old, and of all such facilities, not of one region)."""

BED_TYPE_PROFILES: dict[str, BedTypeProfile] = {
    "elv_high": BedTypeProfile(0.85, 21.0),
    "elv_low": BedTypeProfile(0.80, 14.0),
    "palliative": BedTypeProfile(0.70, 14.0, NIVEL_2004),
    "grz": BedTypeProfile(0.90, 35.0),
    "crisis_respite": BedTypeProfile(0.65, 10.0),
}
"""Occupancy and length of stay per demo bed type: example values, except the palliative
occupancy (:data:`NIVEL_2004`); for the other bed types we cite no published figure. A
region's own figures come from its monitoring."""

DAY_GAP_HOURS = (7.5, 9.0)
"""Hours between a bed manager's morning and afternoon round (drawn uniformly)."""
NIGHT_GAP_HOURS = (15.0, 16.5)
"""Hours between the afternoon round and the next morning's: no rounds at night."""
MISSED_VISIT = 0.06
"""Chance that a round skips a figure (a busy morning); example value."""
FILL_HOURS = 24.0
"""A bed below its type's usual occupancy is taken by an admission outside the coordination
desk within about this many hours (the mean of an exponential wait); example value."""
STALE_NOW = dt.timedelta(hours=20)
"""The two stale figures miss every round of the last 20 hours; no other figure misses one."""

Process = Iterator[dt.timedelta]
"""A process of the history: a generator that yields how long it waits before going on."""


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

    figures = _first_figures(service, rng, locations, managers, clock.now())
    result.figures = len(figures)
    history = _History(service, rng, coordinator, figures, now)
    timeline = _Timeline(clock, end=now)
    stale = {figures[4].key, figures[-1].key}  # their bed managers missed the last rounds
    for manager in {f.manager.id: f.manager for f in figures}.values():
        times = _round_times(rng, start, now)
        timeline.start(times[0], history.rounds(manager, times, stale))
    timeline.start(
        start,
        history.referrals(timeline, referrers, largest, until=now - dt.timedelta(days=2)),
    )
    # two requests to work on now
    timeline.start(
        now - dt.timedelta(minutes=12),
        history.open_request(referrers[-1], "elv_high", "same_day", seat, ("dementia",)),
    )
    timeline.start(
        now - dt.timedelta(minutes=4),
        history.open_request(gp, "palliative", "acute", largest[1][0], ()),
    )
    timeline.run()
    result.requests = history.requests
    clock.set(now)
    return result


@dataclass(eq=False)
class _Figure:
    """A capacity figure of the demo as its bed manager knows it: `visited` when last reported
    or confirmed, `placed` patients in it who came through the coordination desk."""

    location_id: int
    bed_type: str
    manager: User
    visited: dt.datetime
    placed: int = 0

    @property
    def key(self) -> tuple[int, str]:
        return (self.location_id, self.bed_type)


def _first_figures(
    service: PlacementService,
    rng: np.random.Generator,
    locations: list[int],
    managers: list[User],
    at: dt.datetime,
) -> list[_Figure]:
    """Report every location's figures at the start of the history: type elv_high and two
    others, each occupied at about its type's usual occupancy."""
    figures = []
    for loc, manager in zip(locations, managers, strict=True):
        chosen = ["elv_high", *rng.choice(DEMO_BED_TYPES[1:], size=2, replace=False).tolist()]
        for bed_type in chosen:
            physical = int(rng.integers(4, 17))
            staffed = max(physical - int(rng.integers(0, 3)), 1)
            service.set_capacity(
                manager,
                location_id=loc,
                bed_type=bed_type,
                physical=physical,
                staffed=staffed,
                occupied=int(rng.binomial(staffed, BED_TYPE_PROFILES[bed_type].occupancy)),
            )
            figures.append(_Figure(loc, str(bed_type), manager, at))
    return figures


def _round_times(
    rng: np.random.Generator, start: dt.datetime, now: dt.datetime
) -> list[dt.datetime]:
    """A bed manager's rounds after `start`, oldest first, laid out back from `now` (so the demo
    looks alike whenever it is built): the last 30 to 90 minutes before now, and before it
    alternately a night and a day apart."""
    at = now - dt.timedelta(minutes=float(rng.uniform(30, 90)))
    times: list[dt.datetime] = []
    night = True
    while at > start:
        times.append(at)
        low, high = NIGHT_GAP_HOURS if night else DAY_GAP_HOURS
        at -= dt.timedelta(hours=float(rng.uniform(low, high)))
        night = not night
    return times[::-1]


class _Timeline:
    """Processes run in time order on `clock`, ties in the order they were queued (a counter),
    so one seed gives one history; a step due at or after `end` does not happen."""

    def __init__(self, clock: FixedClock, *, end: dt.datetime) -> None:
        self._clock = clock
        self._end = end
        self._queue: list[tuple[dt.datetime, int, Process]] = []
        self._counter = itertools.count()

    def start(self, at: dt.datetime, process: Process) -> None:
        """Queue `process` to run (its next step) at `at`."""
        if at < self._end:
            heapq.heappush(self._queue, (at, next(self._counter), process))

    def run(self) -> None:
        """Run every step due before the end, in time order."""
        while self._queue:
            at, _, process = heapq.heappop(self._queue)
            self._clock.set(at)
            wait = next(process, None)
            if wait is None:
                continue
            if wait < dt.timedelta(0):
                raise ValueError(f"a demo process asked to wait {wait} (negative) at {at}")
            self.start(at + wait, process)


class _History:
    """The processes of the demo's history: referrals, each request's course, the bed
    managers' rounds; all through the service, as the users would."""

    def __init__(
        self,
        service: PlacementService,
        rng: np.random.Generator,
        coordinator: User,
        figures: list[_Figure],
        now: dt.datetime,
    ) -> None:
        self.service = service
        self.rng = rng
        self.coordinator = coordinator
        self.figures = figures
        self.now = now
        self.requests = 0
        self._by_key = {f.key: f for f in figures}

    def _reference(self) -> str:
        self.requests += 1
        return f"VB-{self.now:%y}-{self.requests:04d}"

    def referrals(
        self,
        timeline: _Timeline,
        referrers: list[User],
        municipalities: list[tuple[str, str]],
        *,
        until: dt.datetime,
    ) -> Process:
        """Requests arriving about every 9 hours until `until`, each starting its course."""
        rng = self.rng
        while True:
            yield dt.timedelta(hours=float(rng.exponential(9.0)))
            now = self.service.now()
            if now > until:
                return
            referrer = referrers[int(rng.integers(len(referrers)))]
            bed_type = "elv_high" if rng.random() < 0.6 else str(rng.choice(DEMO_BED_TYPES[1:]))
            needs = tuple(
                str(n) for n in rng.choice(NEEDS, size=int(rng.integers(0, 3)), replace=False)
            )
            request = RequestInput(
                reference=self._reference(),
                care_type=bed_type,
                urgency=str(rng.choice(("acute", "same_day", "same_day", "within_3_days"))),
                municipality=municipalities[int(rng.integers(len(municipalities)))][0],
                needs=needs,
            )
            timeline.start(now, self.course(referrer, request))

    def course(self, referrer: User, request: RequestInput) -> Process:
        """One request: submitted; closed with a reason, or matched (three tries, some hours
        apart, else closed for want of capacity), held, declined or accepted, admitted, and
        discharged after its stay (when that ends before now)."""
        service, rng, coordinator = self.service, self.rng, self.coordinator
        made = service.submit_request(referrer, request)
        if rng.random() < 0.15:
            yield dt.timedelta(hours=float(rng.uniform(2, 30)))
            reason = str(rng.choice([r for r in CLOSE_REASONS if r != "other"]))
            service.close_request(coordinator, made.id, reason)
            return
        yield dt.timedelta(hours=float(rng.uniform(0.2, 8)))
        for _ in range(3):
            matches = service.match(coordinator, made.id, limit=3)
            if matches:
                break
            yield dt.timedelta(hours=float(rng.uniform(3, 5)))  # the coordinator tries again
        else:
            service.close_request(coordinator, made.id, "no_capacity")
            return
        hold = service.place_hold(coordinator, made.id, matches[0].bed_unit_id)
        figure = self._by_key[(matches[0].location_id, request.care_type)]
        yield dt.timedelta(minutes=float(rng.uniform(5, 25)))
        if rng.random() < 0.12:
            service.decline_hold(figure.manager, hold.id, "no_staff")
            yield dt.timedelta(hours=3)
            service.close_request(coordinator, made.id, "placed_elsewhere")
            return
        service.accept_hold(figure.manager, hold.id)
        yield dt.timedelta(hours=float(rng.gamma(2.0, 5.0)))
        service.admit(figure.manager, hold.id)
        figure.placed += 1
        stay = BED_TYPE_PROFILES[figure.bed_type].stay_days
        yield dt.timedelta(days=float(rng.gamma(2.0, stay / 2)))
        service.discharge(figure.manager, hold.id)
        figure.placed -= 1

    def open_request(
        self,
        referrer: User,
        care_type: str,
        urgency: str,
        municipality: str,
        needs: tuple[str, ...],
    ) -> Process:
        """A request submitted just before now and left open, to work on."""
        request = RequestInput(self._reference(), care_type, urgency, municipality, needs)
        self.service.submit_request(referrer, request)
        yield from ()

    def rounds(
        self, manager: User, times: list[dt.datetime], stale: set[tuple[int, str]]
    ) -> Process:
        """`manager`'s rounds at `times`, a few minutes per figure; a figure in `stale` (by key)
        is missed by the rounds of the last :data:`STALE_NOW`, any other one now and then
        before that."""
        mine = [f for f in self.figures if f.manager.id == manager.id]
        recent = self.now - STALE_NOW
        for at in times:
            yield at - self.service.now()
            for i, figure in enumerate(mine):
                if i:
                    yield dt.timedelta(minutes=float(self.rng.uniform(1, 4)))
                if at > recent:
                    missed = figure.key in stale
                else:
                    missed = bool(self.rng.random() < MISSED_VISIT)
                if not missed:
                    self._visit(figure)

    def _visit(self, figure: _Figure) -> None:
        """The bed manager reports `figure` with the patients who left and came outside the
        coordination desk since the last visit, or confirms it when the count is unchanged."""
        service, rng = self.service, self.rng
        now = service.now()
        current = next(
            a
            for a in service.availability(
                figure.manager,
                organisation_id=figure.manager.organisation_id,
                bed_type=figure.bed_type,
            )
            if a.location_id == figure.location_id
        )
        profile = BED_TYPE_PROFILES[figure.bed_type]
        hours = (now - figure.visited) / dt.timedelta(hours=1)
        figure.visited = now
        others = current.occupied - figure.placed  # not placed through the desk
        left = int(rng.binomial(others, -math.expm1(-hours / (24 * profile.stay_days))))
        occupied = current.occupied - left
        below = max(profile.occupancy * current.staffed - occupied, 0.0)
        came = int(rng.binomial(int(below + rng.random()), -math.expm1(-hours / FILL_HOURS)))
        occupied += min(came, max(current.staffed - current.held - occupied, 0))
        if occupied == current.occupied:
            service.confirm_capacity(
                figure.manager, location_id=figure.location_id, bed_type=figure.bed_type
            )
        else:
            service.set_capacity(
                figure.manager,
                location_id=figure.location_id,
                bed_type=figure.bed_type,
                physical=current.physical,
                staffed=current.staffed,
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


__all__ = [
    "BED_TYPE_PROFILES",
    "CARE_ORGS",
    "NIVEL_2004",
    "BedTypeProfile",
    "Credential",
    "DemoResult",
    "build_demo",
    "create_demo",
]
