"""The programme's vocabulary as typed codes: the four recurring bottlenecks.

Initiatives name the bottlenecks they address; the regiobeeld names a region's measured
bottlenecks with the same codes, so the two can be matched. A :class:`Bottleneck` is a
:class:`~enum.StrEnum`: it prints, compares and serialises to JSON as its code.

>>> Bottleneck("room_in_rules") is Bottleneck.ROOM_IN_RULES
True
>>> f"{Bottleneck.SCALING_UP}", Bottleneck.SCALING_UP.description
('scaling_up', 'scaling up: initiatives stay small and fragile')
"""

from __future__ import annotations

from enum import StrEnum


class Bottleneck(StrEnum):
    """One of the four recurring bottlenecks of the programme (knelpunt)."""

    SCALING_UP = "scaling_up"
    WORKING_ACROSS_DOMAINS = "working_across_domains"
    ROOM_IN_RULES = "room_in_rules"
    REGIONAL_STEERING = "regional_steering"

    @property
    def description(self) -> str:
        """What the bottleneck means, in one line (English)."""
        return _DESCRIPTIONS[self]


_DESCRIPTIONS: dict[Bottleneck, str] = {
    Bottleneck.SCALING_UP: "scaling up: initiatives stay small and fragile",
    Bottleneck.WORKING_ACROSS_DOMAINS: (
        "working across domains (care, welfare, municipalities, insurers)"
    ),
    Bottleneck.ROOM_IN_RULES: "room in the rules (funding, regulation, responsibility)",
    Bottleneck.REGIONAL_STEERING: (
        "regional steering instruments (shared vision, data, agreements)"
    ),
}


__all__ = ["Bottleneck"]
