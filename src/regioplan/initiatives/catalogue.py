"""The initiative catalogue: every regional initiative as a documented, parametric intervention.

Each initiative lives in one bundled TOML file (``catalogue/<name>.toml``) with its description,
the bottlenecks it addresses, its parameters (low, likely, high, bounds, and the source or the
stated assumption of each) and its *effects*: which lever of the workforce projection it moves,
for which professions, by how much. An effect's magnitude at full adoption is the product of its
``factors`` (parameter names, or region properties named ``region.<name>``); the scenario engine
multiplies it by the initiative's ``adoption``, the covered share of the region and the ramp-up.

>>> from regioplan.initiatives import get_initiative
>>> get_initiative("shared_anw_service").parameters["pooling_saving"].likely
0.33
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, cast

from regioplan.data import PROFESSIONS, Profession
from regioplan.errors import DataError, ParameterError
from regioplan.initiatives.vocabulary import Bottleneck

LEVERS: dict[str, str] = {
    "demand": "required FTE of the profession falls by the magnitude (a share of demand)",
    "shift": "a share of the profession's demand moves to another profession (x conversion)",
    "ooh": "out-of-hours load: a share of working time is freed, supply FTE rises by it",
    "travel": "travel: a share of working time is freed, supply FTE rises by it",
    "retention": "a share of the current workforce's yearly outflow is avoided",
    "intake": "extra trainees per year settle in the region (through the per-trainee curve)",
}
"""The levers of the projection an effect can move, and what the magnitude means."""

SHARE_LEVERS: tuple[str, ...] = ("demand", "shift", "ooh", "travel", "retention")
"""Levers whose magnitude is a share (must stay within [0, 1])."""

LEVER_KINDS: tuple[str, ...] = ("demand", "supply", "inflow", "travel", "ooh")
"""What an initiative mainly acts on (the issue's five kinds)."""

CONTEXT_FACTORS: dict[str, str] = {
    "region.density_scale": (
        "sqrt(national population density / region density), clipped to [0.5, 2]: travel "
        "distance relative to the national mean (estimate)"
    ),
    "region.trainees_settling": (
        "trainees per year who settle in the region in the baseline projection (regional share "
        "of the national intake, from the workforce projection)"
    ),
    "region.site_uplift": (
        "relative rise of the region's share of newly trained professionals when a training site "
        "opens at its population-weighted centre, from the workforce projection's distance-decay "
        "settlement model (estimate; 0 where a training centre is already near)"
    ),
}
"""Region properties an effect may use as a factor."""


@dataclass(frozen=True)
class ParameterSpec:
    """One parameter of an initiative: its range (low, likely, high) and where it comes from."""

    name: str
    description: str
    unit: str
    low: float
    likely: float
    high: float
    bounds: tuple[float, float]
    status: str
    source: str

    @property
    def is_assumption(self) -> bool:
        return "assumption" in self.status

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "unit": self.unit,
            "low": self.low,
            "likely": self.likely,
            "high": self.high,
            "bounds": list(self.bounds),
            "status": self.status,
            "source": self.source,
        }


@dataclass(frozen=True)
class Effect:
    """One effect: `lever` of `professions` moved by the product of `factors`."""

    lever: str
    professions: tuple[Profession, ...]
    factors: tuple[str, ...]
    to: Profession | None = None
    conversion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "lever": self.lever,
            "professions": list(self.professions),
            "factors": list(self.factors),
        }
        if self.to is not None:
            out["to"] = self.to
            out["conversion"] = self.conversion
        return out


@dataclass(frozen=True)
class Initiative:
    """A regional initiative as a parametric intervention on the workforce projection."""

    name: str
    title: str
    title_nl: str
    lever_kind: str
    professions: tuple[Profession, ...]
    bottlenecks: tuple[Bottleneck, ...]
    description: str
    mechanism: str
    parameters: dict[str, ParameterSpec]
    effects: tuple[Effect, ...]

    @property
    def widens(self) -> tuple[Profession, ...]:
        """Professions whose gap this initiative may widen (targets of a demand shift)."""
        return tuple(sorted({e.to for e in self.effects if e.to is not None}))

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "title_nl": self.title_nl,
            "lever_kind": self.lever_kind,
            "professions": list(self.professions),
            "bottlenecks": list(self.bottlenecks),
            "widens_gap_of": list(self.widens),
            "description": self.description.strip(),
            "mechanism": self.mechanism.strip(),
            "parameters": [p.to_dict() for p in self.parameters.values()],
            "effects": [e.to_dict() for e in self.effects],
        }


# -- loading and checking the bundled files ----------------------------------------------------
def _fail(source: str, key: str, reason: str) -> DataError:
    return DataError(f"initiative catalogue {source}: {key}: {reason}")


def _str_tuple(raw: Any, source: str, key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw:
        raise _fail(source, key, "must be a non-empty list")
    for item in raw:
        if item not in allowed:
            raise _fail(source, key, f"{item!r} not allowed; allowed: {', '.join(allowed)}")
    return tuple(raw)


def _professions(raw: Any, source: str, key: str) -> tuple[Profession, ...]:
    return cast(tuple[Profession, ...], _str_tuple(raw, source, key, PROFESSIONS))


def _bottlenecks(raw: Any, source: str) -> tuple[Bottleneck, ...]:
    codes = _str_tuple(raw, source, "bottlenecks", tuple(b.value for b in Bottleneck))
    return tuple(Bottleneck(c) for c in codes)


def _parameter(name: str, raw: Any, source: str) -> ParameterSpec:
    key = f"parameters.{name}"
    if not isinstance(raw, dict):
        raise _fail(source, key, "must be a table")
    try:
        low, likely, high = (float(raw[k]) for k in ("low", "likely", "high"))
        lo, hi = (float(x) for x in raw["bounds"])
        spec = ParameterSpec(
            name=name,
            description=str(raw["description"]),
            unit=str(raw["unit"]),
            low=low,
            likely=likely,
            high=high,
            bounds=(lo, hi),
            status=str(raw["status"]),
            source=str(raw["source"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise _fail(source, key, f"incomplete or not numeric ({exc})") from exc
    if not lo <= low <= likely <= high <= hi:
        raise _fail(source, key, f"need bounds[0] <= low <= likely <= high <= bounds[1], got {raw}")
    return spec


def _effect(i: int, raw: Any, params: dict[str, ParameterSpec], source: str) -> Effect:
    key = f"effects[{i}]"
    if not isinstance(raw, dict) or raw.get("lever") not in LEVERS:
        raise _fail(source, f"{key}.lever", f"allowed: {', '.join(LEVERS)}")
    factors = tuple(raw.get("factors", ()))
    for f in factors:
        if f not in params and f not in CONTEXT_FACTORS:
            raise _fail(source, f"{key}.factors", f"unknown factor {f!r}")
    to = raw.get("to")
    conversion = raw.get("conversion")
    if raw["lever"] == "shift":
        if to not in PROFESSIONS or conversion not in params:
            raise _fail(source, key, "a shift needs `to` (a profession) and `conversion`")
    elif to is not None or conversion is not None:
        raise _fail(source, key, "`to` and `conversion` belong to a shift only")
    profs = _professions(raw.get("professions"), source, f"{key}.professions")
    effect = Effect(raw["lever"], profs, factors, cast(Profession | None, to), conversion)
    if effect.lever in SHARE_LEVERS:
        top = 1.0
        for f in factors:
            top *= params[f].high if f in params else 2.0
        if top > 1.0:
            raise _fail(source, key, f"the magnitude at the high values ({top:.3g}) exceeds 1")
    return effect


def parse_initiative(doc: dict[str, Any], source: str) -> Initiative:
    """Check one catalogue document and build its :class:`Initiative`."""
    try:
        name = str(doc["name"])
        raw_params = doc["parameters"]
        raw_effects = doc["effects"]
    except KeyError as exc:
        raise _fail(source, str(exc), "missing") from exc
    params = {n: _parameter(n, r, source) for n, r in raw_params.items()}
    if "adoption" not in params:
        raise _fail(source, "parameters.adoption", "every initiative needs an adoption share")
    lever_kind = doc.get("lever_kind")
    if lever_kind not in LEVER_KINDS:
        raise _fail(source, "lever_kind", f"allowed: {', '.join(LEVER_KINDS)}")
    return Initiative(
        name=name,
        title=str(doc["title"]),
        title_nl=str(doc["title_nl"]),
        lever_kind=str(lever_kind),
        professions=_professions(doc.get("professions"), source, "professions"),
        bottlenecks=_bottlenecks(doc.get("bottlenecks"), source),
        description=str(doc["description"]),
        mechanism=str(doc["mechanism"]),
        parameters=params,
        effects=tuple(_effect(i, r, params, source) for i, r in enumerate(raw_effects)),
    )


@cache
def initiatives() -> dict[str, Initiative]:
    """Every initiative of the bundled catalogue, by name (sorted)."""
    folder = resources.files("regioplan.initiatives") / "catalogue"
    out: dict[str, Initiative] = {}
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".toml"):
            continue
        source = f"catalogue/{entry.name}"
        try:
            doc = tomllib.loads(entry.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise _fail(source, "-", f"not valid TOML ({exc})") from exc
        item = parse_initiative(doc, source)
        if f"{item.name}.toml" != entry.name:
            raise _fail(source, "name", f"{item.name!r} does not match the file name")
        out[item.name] = item
    return out


def get_initiative(name: str) -> Initiative:
    """One initiative by name; unknown names raise :class:`ParameterError` with the allowed ones."""
    items = initiatives()
    if name not in items:
        raise ParameterError(f"unknown initiative {name!r}; allowed: {', '.join(items)}")
    return items[name]


def catalogue_markdown() -> str:
    """The catalogue as Markdown (the reference section of ``docs/scenarios.md``)."""
    out: list[str] = []
    for item in initiatives().values():
        out.append(f"### `{item.name}`: {item.title}")
        out.append("")
        out.append(
            f"*{item.title_nl}*. Acts on: {item.lever_kind}. Professions: "
            f"{', '.join(item.professions)}. Bottlenecks: {', '.join(item.bottlenecks)}."
        )
        if item.widens:
            out.append(f"**Widens the gap of: {', '.join(item.widens)}** (documented exception).")
        out.append("")
        out.append(" ".join(item.description.split()))
        out.append("")
        out.append("Mechanism: " + " ".join(item.mechanism.split()))
        out.append("")
        out.append("| parameter | unit | low | likely | high | status | source or reasoning |")
        out.append("|---|---|---:|---:|---:|---|---|")
        for p in item.parameters.values():
            source = p.source.replace("|", "/")
            out.append(
                f"| `{p.name}` | {p.unit} | {p.low:g} | {p.likely:g} | {p.high:g} | "
                f"{p.status} | {source} |"
            )
        out.append("")
    return "\n".join(out)


__all__ = [
    "CONTEXT_FACTORS",
    "LEVERS",
    "LEVER_KINDS",
    "SHARE_LEVERS",
    "Effect",
    "Initiative",
    "ParameterSpec",
    "catalogue_markdown",
    "get_initiative",
    "initiatives",
    "parse_initiative",
]
