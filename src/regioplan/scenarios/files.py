"""Scenario files: which initiatives, with which parameters, from which year, where.

A scenario file is TOML::

    [scenario]
    name = "Shared ANW and training"
    description = "..."

    [[initiative]]
    name = "shared_anw_service"      # an initiative of the catalogue
    start = 2027                     # first year with an effect
    ramp_years = 3                   # years to full effect (0: at once)
    professions = ["so"]             # optional subset of the initiative's professions
    municipalities = ["GM0505"]      # optional; default: the whole region
    [initiative.parameters]
    adoption = 0.6                                        # a fixed value ...
    pooling_saving = { low = 0.25, likely = 0.33, high = 0.4 }   # ... or an own range

Parameters that the file does not set keep the catalogue's range. Every problem in a file is
reported at once, as a :class:`~regioplan.errors.ValidationError` naming the file, line, key and
the allowed values.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from regioplan.errors import InputError, ParameterError, Problem, ValidationError
from regioplan.initiatives.catalogue import Initiative, ParameterSpec, initiatives

YEAR_RANGE = (2000, 2100)
"""Start years a file may name at all; the run also checks them against the projection."""
MAX_RAMP_YEARS = 20

_TOP_KEYS = ("scenario", "initiative")
_SCENARIO_KEYS = ("name", "description")
_USE_KEYS = ("name", "label", "start", "ramp_years", "professions", "municipalities", "parameters")


@dataclass(frozen=True)
class ParamRange:
    """A parameter's range for one scenario: low <= likely <= high (all equal when fixed)."""

    low: float
    likely: float
    high: float

    @property
    def fixed(self) -> bool:
        return self.low == self.high

    @classmethod
    def of(cls, spec: ParameterSpec) -> ParamRange:
        return cls(spec.low, spec.likely, spec.high)


@dataclass(frozen=True)
class InitiativeUse:
    """One initiative as a scenario uses it."""

    initiative: Initiative
    start: int
    ramp_years: int
    professions: tuple[str, ...]
    municipalities: tuple[str, ...] | None
    parameters: dict[str, ParamRange]
    label: str

    @property
    def name(self) -> str:
        return self.initiative.name

    def ramp(self, years: tuple[int, ...]) -> list[float]:
        """Share of full effect per year: 0 before `start`, linear to 1 over `ramp_years`."""
        out = []
        for y in years:
            if y < self.start:
                out.append(0.0)
            elif self.ramp_years == 0:
                out.append(1.0)
            else:
                out.append(min(1.0, (y - self.start + 1) / self.ramp_years))
        return out


@dataclass(frozen=True)
class Scenario:
    """A named combination of initiatives; `source` is the file it came from."""

    name: str
    description: str
    uses: tuple[InitiativeUse, ...]
    source: str = "<memory>"

    @property
    def parameter_keys(self) -> tuple[str, ...]:
        """``label.parameter`` of every parameter, in a fixed order (the Monte Carlo columns)."""
        return tuple(f"{u.label}.{p}" for u in self.uses for p in u.parameters)


# -- parsing -----------------------------------------------------------------------------------
class _Lines:
    """Find the line of a key in the file text (tomllib gives none) for error messages."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.blocks = [i for i, ln in enumerate(self.lines) if ln.strip() == "[[initiative]]"]

    def find(self, key: str, block: int | None = None) -> int | None:
        """Line of `key` in initiative `block`, or (None) before the first ``[[initiative]]``."""
        lo = 0 if block is None or block >= len(self.blocks) else self.blocks[block]
        hi = len(self.lines)
        if block is not None and block + 1 < len(self.blocks):
            hi = self.blocks[block + 1]
        elif block is None and self.blocks:
            hi = self.blocks[0]  # scenario keys: never a line of an initiative
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for i in range(lo, hi):
            if pattern.match(self.lines[i]):
                return i + 1
        return None if block is None else lo + 1


def _number(raw: Any) -> float | None:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return None
    return float(raw)


def _param_range(spec: ParameterSpec, raw: Any) -> tuple[ParamRange | None, str]:
    lo, hi = spec.bounds
    allowed = f"a number in [{lo:g}, {hi:g}] or {{low, likely, high}} within it"
    value = _number(raw)
    if value is not None:
        if not lo <= value <= hi:
            return None, f"{value:g} is out of range; allowed: {allowed} ({spec.unit})"
        return ParamRange(value, value, value), ""
    if isinstance(raw, dict):
        extra = set(raw) - {"low", "likely", "high"}
        vals = [_number(raw.get(k)) for k in ("low", "likely", "high")]
        if extra or any(v is None for v in vals):
            return None, f"{raw!r} is not valid; allowed: {allowed}"
        low, likely, high = (float(v) for v in vals if v is not None)
        if not lo <= low <= likely <= high <= hi:
            return None, f"{raw!r} breaks {lo:g} <= low <= likely <= high <= {hi:g}"
        return ParamRange(low, likely, high), ""
    return None, f"{raw!r} is not valid; allowed: {allowed}"


def _parse_use(
    i: int, raw: Any, source: str, lines: _Lines, problems: list[Problem]
) -> InitiativeUse | None:
    where = f"initiative[{i}]"

    def add(key: str, reason: str) -> None:
        problems.append(Problem(source, lines.find(key, i), f"{where}.{key}", reason))

    if not isinstance(raw, dict):
        add("name", "must be a table [[initiative]]")
        return None
    catalogue = initiatives()
    name = raw.get("name")
    if not isinstance(name, str) or name not in catalogue:
        what = (
            "unknown initiative" if isinstance(name, str) else "must be an initiative's name, not"
        )
        add("name", f"{what} {name!r}; allowed: {', '.join(catalogue)}")
        return None
    item = catalogue[name]
    n_before = len(problems)
    for key in sorted(set(raw) - set(_USE_KEYS)):
        add(key, f"unknown key; allowed: {', '.join(_USE_KEYS)}")
    start = raw.get("start")
    if isinstance(start, bool) or not isinstance(start, int):
        add("start", f"{start!r} must be a calendar year (integer)")
    elif not YEAR_RANGE[0] <= start <= YEAR_RANGE[1]:
        add("start", f"{start} is not a possible year; allowed: {YEAR_RANGE[0]}..{YEAR_RANGE[1]}")
    ramp = raw.get("ramp_years", 0)
    if isinstance(ramp, bool) or not isinstance(ramp, int) or not 0 <= ramp <= MAX_RAMP_YEARS:
        add("ramp_years", f"{ramp!r} must be an integer in 0..{MAX_RAMP_YEARS}")
    profs = raw.get("professions", list(item.professions))
    if not isinstance(profs, list) or not profs or any(p not in item.professions for p in profs):
        add("professions", f"{profs!r}; allowed: a non-empty subset of {list(item.professions)}")
    munis = raw.get("municipalities")
    if munis is not None and (
        not isinstance(munis, list) or not munis or not all(isinstance(m, str) for m in munis)
    ):
        add("municipalities", f"{munis!r} must be a non-empty list of codes or names")
    params = {k: ParamRange.of(s) for k, s in item.parameters.items()}
    raw_params = raw.get("parameters", {})
    if not isinstance(raw_params, dict):
        add("parameters", "must be a table [initiative.parameters]")
        raw_params = {}
    for key, value in raw_params.items():
        field = f"{where}.parameters.{key}"
        if key not in item.parameters:
            reason = f"unknown parameter of {name}; allowed: {', '.join(item.parameters)}"
            problems.append(Problem(source, lines.find(key, i), field, reason))
            continue
        rng, reason = _param_range(item.parameters[key], value)
        if rng is None:
            problems.append(Problem(source, lines.find(key, i), field, reason))
        else:
            params[key] = rng
    label = raw.get("label", name)
    if not isinstance(label, str) or not re.fullmatch(r"[A-Za-z0-9_-]+", label):
        add("label", f"{label!r} must be a word of letters, digits, '_' or '-'")
    if len(problems) > n_before:
        return None
    return InitiativeUse(
        initiative=item,
        start=int(start),  # type: ignore[arg-type]
        ramp_years=int(ramp),
        professions=tuple(profs),
        municipalities=None if munis is None else tuple(munis),
        parameters=params,
        label=str(label),
    )


def parse_scenario(text: str, *, source: str = "<string>") -> Scenario:
    """Parse and check the text of a scenario file; `source` names it in error messages."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(
            [Problem(source, None, "-", f"not valid TOML: {exc}")],
            summary=f"{source}: cannot read the scenario file",
        ) from exc
    lines = _Lines(text)
    problems: list[Problem] = []
    for key in sorted(set(doc) - set(_TOP_KEYS)):
        problems.append(
            Problem(source, lines.find(key), key, f"unknown key; allowed: {', '.join(_TOP_KEYS)}")
        )
    head = doc.get("scenario", {})
    if not isinstance(head, dict) or not isinstance(head.get("name"), str) or not head["name"]:
        problems.append(Problem(source, lines.find("name"), "scenario.name", "a name is required"))
        head = head if isinstance(head, dict) else {}
    for key in sorted(set(head) - set(_SCENARIO_KEYS)):
        problems.append(
            Problem(source, lines.find(key), f"scenario.{key}", f"allowed: {_SCENARIO_KEYS}")
        )
    raw_uses = doc.get("initiative", [])
    if not isinstance(raw_uses, list):
        problems.append(Problem(source, None, "initiative", "use [[initiative]] tables"))
        raw_uses = []
    uses = [_parse_use(i, r, source, lines, problems) for i, r in enumerate(raw_uses)]
    first: dict[str, int] = {}
    for i, u in enumerate(uses):
        if u is None:
            continue
        if u.label in first:
            key = "label" if "label" in raw_uses[i] else "name"
            problems.append(
                Problem(
                    source,
                    lines.find(key, i),
                    f"initiative[{i}].label",
                    f"{u.label!r} used twice (also initiative[{first[u.label]}]); give each "
                    'use of an initiative its own label = "..."',
                )
            )
        first.setdefault(u.label, i)
    if problems:
        raise ValidationError(problems, summary=f"{source}: {len(problems)} problem(s)")
    return Scenario(
        name=str(head["name"]),
        description=str(head.get("description", "")),
        uses=tuple(u for u in uses if u is not None),
        source=source,
    )


def load_scenario(path: str | Path) -> Scenario:
    """Read and check a scenario file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"{p}: scenario file not found") from exc
    except OSError as exc:
        raise InputError(f"{p}: cannot read the scenario file ({exc})") from exc
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{p}: the scenario file is not UTF-8 (byte {exc.start}); save it as UTF-8"
        ) from exc
    return parse_scenario(text, source=str(p))


def check_years(scenario: Scenario, years: tuple[int, ...]) -> None:
    """Every start year must fall within the projection's years; else a ParameterError."""
    for i, use in enumerate(scenario.uses):
        if not years[0] <= use.start <= years[-1]:
            raise ParameterError(
                f"{scenario.source}: initiative[{i}].start = {use.start} ({use.label}) is outside "
                f"the projection; allowed: {years[0]}..{years[-1]}"
            )


def resolve_municipalities(
    scenario: Scenario, codes: tuple[str, ...], names: Mapping[str, str]
) -> Scenario:
    """`scenario` with municipality names replaced by codes; entries outside the region fail.

    `codes` are the region's municipality codes and `names` maps code -> name.
    """
    by_name = {n.casefold(): c for c, n in names.items()}
    uses = []
    for i, use in enumerate(scenario.uses):
        if use.municipalities is None:
            uses.append(use)
            continue
        resolved = []
        for entry in use.municipalities:
            code = entry if entry in codes else by_name.get(entry.casefold())
            if code is None or code not in codes:
                listed = [f"{c} ({names.get(c, '?')})" for c in codes[:12]]
                more = f" ... ({len(codes)} in all)" if len(codes) > 12 else ""
                raise ParameterError(
                    f"{scenario.source}: initiative[{i}].municipalities: {entry!r} is not a "
                    f"municipality of the region; allowed: {', '.join(listed)}{more}"
                )
            resolved.append(code)
        uses.append(replace(use, municipalities=tuple(resolved)))
    return replace(scenario, uses=tuple(uses))


__all__ = [
    "MAX_RAMP_YEARS",
    "YEAR_RANGE",
    "InitiativeUse",
    "ParamRange",
    "Scenario",
    "check_years",
    "load_scenario",
    "parse_scenario",
    "resolve_municipalities",
]
