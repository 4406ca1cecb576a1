"""Initiatives: the catalogue of regional initiatives and the programme's bottleneck vocabulary.

Every initiative of the programme is one documented, parametric intervention
(:func:`initiatives`, :func:`get_initiative`): what it acts on, for which professions, which of
the four recurring bottlenecks (:class:`Bottleneck`) it addresses, and its parameters with their
ranges and sources or stated assumptions. :mod:`regioplan.scenarios` applies them to a region's
workforce projection; this package depends on no engine.

>>> from regioplan.initiatives import Bottleneck, get_initiative
>>> item = get_initiative("regional_triage")
>>> item.lever_kind, Bottleneck.REGIONAL_STEERING in item.bottlenecks
('ooh', True)
"""

from __future__ import annotations

from regioplan.initiatives.catalogue import (
    LEVER_KINDS,
    LEVERS,
    Effect,
    Initiative,
    ParameterSpec,
    get_initiative,
    initiatives,
    parse_initiative,
)
from regioplan.initiatives.vocabulary import Bottleneck

__all__ = [
    "LEVERS",
    "LEVER_KINDS",
    "Bottleneck",
    "Effect",
    "Initiative",
    "ParameterSpec",
    "get_initiative",
    "initiatives",
    "parse_initiative",
]
