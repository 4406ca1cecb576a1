"""The regiobeeld as typed data: what the report, the dashboard and the JSON API show.

A :class:`Regiobeeld` holds numbers only (no language); text is made when it is rendered
(:mod:`regioplan.report` for the HTML/PDF report and the dashboard).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

from regioplan.national import DistancePattern, Fragility, NationalComparison

PEAK_MARGIN = 0.05
"""A gap's peak is named when it exceeds the horizon's gap by more than this share (5 %)."""


@dataclass(frozen=True)
class MunicipalityInfo:
    """A municipality of the region with its nearest training centre per profession."""

    code: str
    name: str
    population: int
    lon: float
    lat: float
    nearest_centre: dict[str, str]
    training_km: dict[str, float]
    """Road-equivalent km to the nearest training centre per profession (estimate)."""


@dataclass(frozen=True)
class Centre:
    """A training centre shown on the region map."""

    profession: str
    centre: str
    city: str
    lon: float
    lat: float
    road_km: float
    """Road-equivalent km from the region's population-weighted centre (estimate)."""


@dataclass(frozen=True)
class PopulationYear:
    """Projected population of one year (persons)."""

    year: int
    total: float
    age_75_plus: float
    age_85_plus: float


@dataclass(frozen=True)
class Population:
    """Population and ageing: structure now (1-1-2024) and, when available, the projection."""

    total: int
    by_age: dict[str, int]
    age_75_plus: int
    age_85_plus: int
    source: str
    projection: tuple[PopulationYear, ...] = ()
    projection_by_age: dict[str, float] = field(default_factory=dict)
    """Projected population by age group in the horizon year (empty if not projected)."""
    by_age_per_year: dict[int, dict[str, float]] = field(default_factory=dict)
    """Projected population by age group for every projected year (empty if not projected)."""
    projection_method: str = ""


@dataclass(frozen=True)
class WorkforceYear:
    """Demand, supply and gap of one profession in one year (FTE); band = P10-P90 of the draws."""

    year: int
    demand_fte: float
    supply_fte: float
    gap_fte: float
    gap_p10: float
    gap_p90: float
    supply_p10: float = float("nan")
    supply_p90: float = float("nan")
    demand_p10: float = float("nan")
    demand_p90: float = float("nan")
    """P10-P90 of supply and demand over the same draws (NaN where not computed)."""


@dataclass(frozen=True)
class Workforce:
    """One profession in the region: supply now, demand and gap per year, inflow needed."""

    profession: str
    supply_persons: float
    supply_fte: float
    supply_provenance: str
    """``estimate``, ``own data`` or ``mixed``."""
    supply_method: str
    years: tuple[WorkforceYear, ...]
    draws: int
    required_inflow: float | None
    """Trainees per year the region would need to start to close the gap by the horizon."""
    current_inflow: float | None
    inflow_method: str
    method: str
    gap_per_10000: dict[str, float] = field(default_factory=dict)
    """Gap per municipality in the last year of `years` (the horizon), in FTE per 10,000
    inhabitants of 1-1-2024 (for the distance question)."""
    balance_year: int | None = None
    """Year by which `required_inflow` closes the gap (the horizon when the model allows)."""

    def at(self, year: int) -> WorkforceYear:
        """The row of `year` (the nearest projected year if `year` is outside the range)."""
        return min(self.years, key=lambda r: abs(r.year - year))

    def peak(self, horizon: int, margin: float = PEAK_MARGIN) -> WorkforceYear | None:
        """The year of the largest gap up to `horizon`, when it lies before the horizon and
        exceeds the horizon's gap by more than `margin` of itself (None otherwise, or when there
        is no shortage)."""
        rows = [r for r in self.years if r.year <= horizon]
        if not rows:
            return None
        top = max(rows, key=lambda r: r.gap_fte)
        last = self.at(horizon)
        if top.gap_fte <= 0 or top.year == last.year:
            return None
        if top.gap_fte - last.gap_fte <= margin * top.gap_fte:
            return None
        return top

    @property
    def first_gap_year(self) -> int | None:
        """First year whose median gap is positive (a shortage), None if never."""
        return next((r.year for r in self.years if r.gap_fte > 0), None)


@dataclass(frozen=True)
class AreaValue:
    """Accessibility of one area."""

    code: str
    name: str
    population: float
    value: float
    lon: float
    lat: float
    short: bool


@dataclass(frozen=True)
class AccessStats:
    """Population-weighted summary of one level's accessibility (unit of :class:`Access`).

    `threshold` is :data:`regioplan.access.regional.SHORT_FRACTION` x the national median: of
    today's estimate for today's section; of the first projected year (the workforce basis) for
    the projection and its 'now', so that now and later are measured with one yardstick.
    """

    level: str
    """``pc4`` or ``municipality``."""
    mean: float
    median: float
    gini: float
    threshold: float
    population: float
    population_below: float
    share_below: float
    short_areas: int


@dataclass(frozen=True)
class AccessYear:
    """Accessibility of one profession projected to 1 January of `year` (an estimate).

    On the basis of the workforce gap: supply is the workforce engine's central run
    (:func:`regioplan.access.region_access` with ``year``), demand the projected population by
    age times the model's need factor, so need grows as the model's demand. `base_stats` is the
    first projected year (`first`) on the same basis: the comparison's 'now'. `requested` is the
    year that was asked for; it differs from `year` when it lay outside the profession's
    projection (`first`..`last`) and was clamped.
    """

    profession: str
    year: int
    requested: int
    first: int
    last: int
    parameter_set: str
    municipalities: tuple[AreaValue, ...]
    stats: dict[str, AccessStats]
    """By level (``pc4``, ``municipality``)."""
    supply_fte: float
    """FTE of the region's own supply points in that year (workforce central run; estimate)."""
    method: str
    base_stats: dict[str, AccessStats] = field(default_factory=dict)
    """By level, the first projected year (`first`) on the same basis and threshold."""
    base_supply_fte: float = float("nan")
    """FTE of the region's supply points in `first` (workforce central run; estimate)."""
    need_factor: float = 1.0
    """Need per use-weighted inhabitant in `year` relative to `first`: the model's
    non-demographic demand growth (:func:`regioplan.access.years.need_factor`)."""

    @property
    def clamped(self) -> bool:
        return self.requested != self.year

    @property
    def change(self) -> float:
        """Relative change of the population-weighted mean access (PC4) from `first` to `year`."""
        s0, s1 = self.base_stats.get("pc4"), self.stats.get("pc4")
        if s0 is None or s1 is None or not s0.mean:
            return float("nan")
        return s1.mean / s0.mean - 1.0


Direction = Literal[-1, 0, 1]
AccessKind = Literal["agree", "scale", "border", "steady"]


@dataclass(frozen=True)
class AccessAndGap:
    """How projected accessibility and the workforce gap move from `first` to `year`.

    ``access_change``: relative change of the population-weighted mean access (PC4);
    ``coverage_change``: of supply / demand in the workforce model (the opposite of the
    relative gap); ``gap``: direction of the gap in FTE (+1 = the shortage grows or a surplus
    shrinks). On one basis access follows coverage; the absolute gap can still grow while
    coverage improves, when demand and supply both grow. ``kind`` is ``"agree"`` when all three
    agree, ``"scale"`` when access follows coverage but the gap in FTE does not, ``"border"`` when
    access and coverage differ (supply across the region's border or where it settles within it)
    and ``"steady"`` when access hardly changes.
    """

    profession: str
    first: int
    year: int
    access_change: float
    coverage_change: float
    gap_first: float
    gap_last: float
    gap: Direction
    kind: AccessKind


@dataclass(frozen=True)
class Access:
    """Spatial accessibility of one profession: per municipality and per PC4 area."""

    profession: str
    method: str
    unit: str
    higher_is_better: bool
    municipalities: tuple[AreaValue, ...]
    pc4: tuple[AreaValue, ...]
    short_rule: str
    short_areas_pc4: int
    short_population_pc4: float
    short_areas_municipality: int
    short_population_municipality: float
    gini: float
    p10_p90: float
    """Ratio of the population's 10th to 90th percentile of access (1 = equal)."""
    stats: dict[str, AccessStats] = field(default_factory=dict)
    """Today's summary by level (``pc4``, ``municipality``)."""


@dataclass(frozen=True)
class DistanceTest:
    """Does `measure` change with the distance to the nearest training centre?"""

    profession: str
    measure: str
    """``access`` or ``gap``."""
    n: int
    rho: float
    p_value: float
    permutations: int
    points: tuple[tuple[str, str, float, float, float], ...]
    """(code, name, km, value, population) per municipality."""


@dataclass(frozen=True)
class OohSimulated:
    """Simulated norm attainment of today's out-of-hours organisation (an estimate: posts at
    hospital sites, staffing sized from demand; :func:`regioplan.ooh.posts.simulate_today`)."""

    config: str
    note: str
    year: int
    replications: int
    seed: int
    posts: tuple[tuple[str, str, str], ...]
    """(id, name, PC4) of the estimated posts."""
    within_norm: dict[str, tuple[float, float, float]]
    """U1..U4: share within the norm (mean, low, high of the 95 % interval over replications)."""
    mean_min: dict[str, float]
    """U1..U5: mean response time in minutes."""
    answer_2_min: tuple[float, float, float]
    km_per_year: float
    calls_per_year: float
    method: str


@dataclass(frozen=True)
class Ooh:
    """Expected contacts with the GP out-of-hours post per year, by type (estimate)."""

    contacts: dict[str, float]
    per_1000: dict[str, float]
    national_per_1000: dict[str, float]
    horizon_contacts: dict[str, float]
    """Same at the horizon from the projected age structure (empty if not projected)."""

    method: str
    sources: tuple[str, ...]
    by_year: dict[int, dict[str, float]] = field(default_factory=dict)
    """Contacts by type for every projected year (empty if not projected)."""
    simulated: OohSimulated | None = None
    """Today's organisation simulated (``build_regiobeeld(..., ooh_replications=N)``)."""

    def at(self, year: int | None) -> dict[str, float]:
        """Contacts by type in `year` (the nearest projected year; now if not projected)."""
        if year is None or not self.by_year:
            return self.horizon_contacts or self.contacts
        return self.by_year[min(self.by_year, key=lambda y: abs(y - year))]


@dataclass(frozen=True)
class ElsewhereType:
    """One initiative type in "Wat werkt elders": the scenario engine's estimate of the gap it
    closes in the region at the horizon, per profession (P10, P50, P90 in FTE; an estimate), the
    ranking key (mean share of the gaps closed at P50) and the region's bottlenecks it fits."""

    type: str
    title: str
    title_nl: str
    share_closed: float
    closed: dict[str, tuple[float, float, float]]
    fits: tuple[str, ...] = ()


@dataclass(frozen=True)
class ElsewhereExample:
    """A registered initiative of one of the types, running in a similar region."""

    id: str
    name: str
    type: str
    stage: str
    since: str
    region: str
    region_name: str
    similarity: float
    bottlenecks: tuple[str, ...]
    results: tuple[tuple[str, str, str], ...]
    """(indicator, value with unit, date) as the registry gives them."""
    source: str


@dataclass(frozen=True)
class ElsewhereSection:
    """The section "Wat werkt elders" (issue #19): the initiative types with the largest estimated
    effect in the region and registered initiatives of those types in the most similar regions
    (:func:`regioplan.regiobeeld.elsewhere.elsewhere_section`)."""

    types: tuple[ElsewhereType, ...]
    examples: tuple[ElsewhereExample, ...]
    similar: tuple[tuple[str, str, float], ...]
    registry_size: int
    start: int
    ramp_years: int
    draws: int
    registry: str = "bundled"
    """Where the registered initiatives come from: ``bundled`` (the registry shipped with
    regioplan) or ``database`` (the public entries of a shared registry database,
    ``regioplan report --registry-db``)."""


@dataclass(frozen=True)
class PlacementFigures:
    """Placement monitoring of the region or of one organisation in it (issue #18): requests,
    hours from request to admission (median, 90th percentile), share placed within 24 hours,
    requests not placed by reason, occupancy and the share of stale availability figures --
    now (the current figures) and over the period (occupied / staffed bed-hours and the share
    of stale figure-hours, rebuilt from the audit log;
    :mod:`regioplan.placement.monitoring`)."""

    level: str
    name: str
    requests: int
    placed: int
    open: int
    hours_median: float | None
    hours_p90: float | None
    share_within_24h: float | None
    not_placed: dict[str, int]
    occupancy_now: float | None
    share_stale_now: float | None
    occupancy_period: float | None = None
    share_stale_period: float | None = None


@dataclass(frozen=True)
class PlacementSection:
    """Regional placement coordination (issue #18): the monitoring of the region's placement
    service, when its database holds data of the region
    (:func:`regioplan.regiobeeld.placement.placement_section`)."""

    region: PlacementFigures
    organisations: tuple[PlacementFigures, ...]
    first_request: str | None
    generated_at: str
    example: bool
    """Whether organisations of the region are example data (``regioplan placement demo``)."""
    capacity_from: str | None = None
    """Start of the period of the occupancy and staleness over the period (UTC, to the minute;
    the first capacity report of the region), None when there is none."""
    capacity_to: str | None = None
    """Its end: the time of the figures."""


@dataclass(frozen=True)
class Regiobeeld:
    """Everything the report and the dashboard show for one region."""

    code: str
    name: str
    level: str
    horizon: int
    seed: int
    version: str
    municipalities: tuple[MunicipalityInfo, ...]
    centres: tuple[Centre, ...]
    population: Population
    workforce: dict[str, Workforce]
    access: dict[str, Access]
    distance: tuple[DistanceTest, ...]
    ooh: Ooh
    sources: tuple[tuple[str, str], ...]
    """(topic, source) pairs."""
    assumptions: tuple[str, ...]
    """Methods of the engines, in their own (English) words."""
    assumption_keys: tuple[str, ...] = ()
    """Fixed assumptions shown in the report's language (catalogue keys ``as.<key>``)."""
    access_projected: dict[str, AccessYear] = field(default_factory=dict)
    """Accessibility per profession in the horizon year (clamped to the profession's
    projection; an estimate)."""
    access_gap: dict[str, AccessAndGap] = field(default_factory=dict)
    """Per profession: do projected accessibility and the gap move the same way
    (:func:`regioplan.regiobeeld.findings.access_and_gap`)?"""
    national: dict[str, NationalComparison] = field(default_factory=dict)
    """Per profession: every region of the comparison's level side by side ("Waar staat de
    regio?", issue #22): the region's own level; the zorgkantoor level for a municipality, a
    COROP area, a custom region and the country."""
    national_own: tuple[str, ...] = ()
    """Codes of the comparison's regions that are (or contain) this region: the region itself, the
    zorgkantoor region(s) holding its municipalities, none for the country."""
    patterns: dict[str, DistancePattern] = field(default_factory=dict)
    """Per profession: does the relative gap grow with the distance to training across the
    regions of the comparison's level (issue #22 item 2)?"""
    fragility: dict[str, Fragility] = field(default_factory=dict)
    """Per profession: how much the region's supply hangs on one physician (issue #22 item 3;
    :func:`regioplan.national.fragility`)."""
    elsewhere: ElsewhereSection | None = None
    """The section "Wat werkt elders" (issue #19), when asked for
    (``build_regiobeeld(..., elsewhere=True)``)."""
    placement: PlacementSection | None = None
    """Regional placement coordination (issue #18), when the regiobeeld was built with a
    placement database holding data of the region (``build_regiobeeld(..., placement=...)``)."""
    timings: dict[str, float] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the schema of ``regioplan report --json`` and the API)."""
        data = dataclasses.asdict(self)
        data.pop("timings", None)
        return data


__all__ = [
    "Access",
    "AccessAndGap",
    "AccessKind",
    "AccessStats",
    "AccessYear",
    "AreaValue",
    "Centre",
    "Direction",
    "DistanceTest",
    "ElsewhereExample",
    "ElsewhereSection",
    "ElsewhereType",
    "MunicipalityInfo",
    "Ooh",
    "OohSimulated",
    "PlacementFigures",
    "PlacementSection",
    "Population",
    "PopulationYear",
    "Regiobeeld",
    "Workforce",
    "WorkforceYear",
]
