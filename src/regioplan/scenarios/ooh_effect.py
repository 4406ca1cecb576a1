"""The scenario hook of the out-of-hours simulation (issue #17 item 9).

The catalogue's ``shared_anw_service`` assumes the share of on-call SO/AVG time that pooling saves
(``pooling_saving``). Where a region has a simulated effect (:func:`regioplan.ooh.pooling.
precomputed`: today's on-call duty per organisation and candidate shared pools, simulated on
common random numbers), a scenario that leaves ``pooling_saving`` at the catalogue's range takes
the simulated saving at equal response instead, as a fixed value; a scenario file that sets the
parameter keeps its own. The simulation's source goes into the result's provenance either way,
also when no shared pool kept the response equal (then the assumption stays).

The effect is read from the bundled file, so a scenario run computes no simulation and stays
fast and deterministic.
"""

from __future__ import annotations

from dataclasses import replace

from regioplan.ooh.pooling import precomputed
from regioplan.scenarios.files import ParamRange, Scenario

INITIATIVE = "shared_anw_service"
PARAMETER = "pooling_saving"


def simulated_effects(scenario: Scenario, region_code: str) -> tuple[Scenario, dict[str, str]]:
    """`scenario` with the simulated pooling saving of `region_code` where it applies, and the
    provenance entries to record (``{label.pooling_saving: source}``)."""
    effect = precomputed().get(region_code)
    if effect is None:
        return scenario, {}
    uses = []
    notes: dict[str, str] = {}
    for use in scenario.uses:
        if use.name != INITIATIVE or PARAMETER not in use.parameters:
            uses.append(use)
            continue
        key = f"{use.label}.{PARAMETER}"
        spec = use.initiative.parameters[PARAMETER]
        saving = effect.get("saving")
        if use.parameters[PARAMETER] != ParamRange.of(spec):
            notes[key] = f"set by the scenario file; {effect['source']}"
            uses.append(use)
        elif saving is None:
            notes[key] = f"catalogue's assumption; {effect['source']}"
            uses.append(use)
        else:
            value = min(max(float(saving), spec.bounds[0]), spec.bounds[1])
            notes[key] = str(effect["source"])
            fixed = ParamRange(value, value, value)
            uses.append(replace(use, parameters={**use.parameters, PARAMETER: fixed}))
    return replace(scenario, uses=tuple(uses)), notes


__all__ = ["INITIATIVE", "PARAMETER", "simulated_effects"]
