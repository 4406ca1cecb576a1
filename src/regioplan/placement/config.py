"""The vocabulary and the tunable rules of placement coordination.

Fixed lists (roles, organisation kinds, needs, urgencies, reasons) are the domain's words; the
bed types, the hold time, the staleness of availability, the retention before pseudonymisation
and the login limits are a :class:`PlacementConfig`, passed to the service.

>>> cfg = PlacementConfig()
>>> cfg.hold_minutes, cfg.stale_after_hours, cfg.retention_days
(30, 12, 90)
>>> "elv_high" in cfg.bed_types
True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Final

from regioplan.errors import ParameterError

ROLES: Final = (
    "bed_manager",
    "referrer",
    "coordinator",
    "analyst",
    "administrator",
    "programme_coach",
)
"""Roles of a user: bed manager of a care organisation, referrer (GP practice, out-of-hours
post, hospital transfer desk), coordinator of the regional desk, read-only analyst, the
administrator of the service, and the national programme's coach (no placement rights; edits
every initiative of the registry, :mod:`regioplan.registry`)."""

ORG_KINDS: Final = (
    "care_org",
    "gp_practice",
    "ooh_post",
    "hospital",
    "coordination_desk",
    "other",
)
"""Kinds of organisation: a care organisation with locations and beds, the referrers (GP
practice, GP out-of-hours post, hospital transfer desk), the regional coordination desk, and
other (an analyst's or the administrator's own organisation)."""

DEFAULT_BED_TYPES: Final = (
    "elv_low",
    "elv_high",
    "palliative",
    "crisis_respite",
    "grz",
    "long_term",
)
"""Short-stay (ELV) low and high complexity, palliative, crisis/respite, geriatric
rehabilitation (GRZ), long-term care (Wlz): the default list of bed types (configurable)."""

NEEDS: Final = (
    "dementia",
    "challenging_behaviour",
    "isolation",
    "oxygen",
    "bariatric",
    "hoist",
    "wound_care",
    "iv_therapy",
    "tube_feeding",
    "psychiatric_comorbidity",
)
"""The fixed checklist of care needs a request may tick and a location may offer. There is no
free-text field: medical details stay with the referrer."""

URGENCIES: Final = ("acute", "same_day", "within_3_days", "planned")
"""Urgency of a request: within hours, the same day, within three days, planned."""

DECLINE_REASONS: Final = (
    "no_staff",
    "needs_not_met",
    "bed_not_available",
    "patient_not_suitable",
    "other",
)
"""Why a receiving organisation declines a hold."""

CLOSE_REASONS: Final = (
    "placed_elsewhere",
    "no_longer_needed",
    "admitted_to_hospital",
    "deceased",
    "no_capacity",
    "other",
)
"""Why a request closes without a placement through the service (monitoring counts them)."""

RELEASE_REASONS: Final = ("wrong_bed", "patient_changed", "other")
"""Why a coordinator or referrer releases a hold of their own before a decision."""


def _positive(name: str, value: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high:
        raise ParameterError(f"placement {name} = {value!r} out of range; allowed: 1..{high}")


@dataclass(frozen=True)
class PlacementConfig:
    """The rules of one placement service; every field has a sensible default.

    `hold_minutes`: how long a hold lasts before it lapses; `stale_after_hours`: an availability
    figure not confirmed for this long is stale (flagged, sorted last); `retention_days`: closed
    requests are pseudonymised this long after closing; `bed_types`: the configurable list of bed
    types; `login_attempts` failed logins within `login_window_minutes` block a user name (and
    a client address) until the window has passed; `session_hours` and `token_days`: lifetime of
    a page session and of an API token; `argon2_time_cost`/`argon2_memory_kib`: password
    hashing cost (tests lower them).
    """

    hold_minutes: int = 30
    stale_after_hours: int = 12
    retention_days: int = 90
    bed_types: tuple[str, ...] = DEFAULT_BED_TYPES
    login_attempts: int = 5
    login_window_minutes: int = 15
    session_hours: int = 12
    token_days: int = 90
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    travel_max_minutes: int = 180
    extra: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        _positive("hold_minutes", self.hold_minutes, 24 * 60)
        _positive("stale_after_hours", self.stale_after_hours, 24 * 30)
        _positive("retention_days", self.retention_days, 3650)
        _positive("login_attempts", self.login_attempts, 1000)
        _positive("login_window_minutes", self.login_window_minutes, 24 * 60)
        _positive("session_hours", self.session_hours, 24 * 30)
        _positive("token_days", self.token_days, 3650)
        _positive("argon2_time_cost", self.argon2_time_cost, 100)
        _positive("argon2_memory_kib", self.argon2_memory_kib, 4 * 1024 * 1024)
        _positive("travel_max_minutes", self.travel_max_minutes, 24 * 60)
        if not self.bed_types:
            raise ParameterError("placement bed_types is empty; give at least one bed type")
        for bed_type in self.bed_types:
            if not (bed_type.isidentifier() and bed_type.islower() and len(bed_type) <= 40):
                raise ParameterError(
                    f"placement bed type {bed_type!r} must be a lower-case identifier of at "
                    "most 40 characters (e.g. elv_high)"
                )
        if len(set(self.bed_types)) != len(self.bed_types):
            raise ParameterError(f"placement bed_types {list(self.bed_types)} has duplicates")

    @property
    def hold_time(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.hold_minutes)

    @property
    def stale_after(self) -> dt.timedelta:
        return dt.timedelta(hours=self.stale_after_hours)

    @property
    def retention(self) -> dt.timedelta:
        return dt.timedelta(days=self.retention_days)

    @property
    def login_window(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.login_window_minutes)


__all__ = [
    "CLOSE_REASONS",
    "DECLINE_REASONS",
    "DEFAULT_BED_TYPES",
    "NEEDS",
    "ORG_KINDS",
    "RELEASE_REASONS",
    "ROLES",
    "URGENCIES",
    "PlacementConfig",
]
