"""Parameter sets of the workforce model: TOML files, loaded and validated.

A parameter set is one projection (raming) of one profession in the layout of the
Capaciteitsorgaan's GP files (``params/gp_2022.toml``): sections ``meta``, ``timeline``,
``stock``, ``training.cohort1..3``, ``foreign`` and ``demand.low/mid/high``. Sets that contain
unpublished values carry an ``[assumptions."section.key"]`` table per such value with its range
(``low``, ``high``) and the reason for the value; the Monte Carlo draws over those ranges.

Values are kept flat, keyed by their dotted name (``stock.headcount``,
``training.cohort3.intake_per_year``, ``demand.mid.demography``), because that is how the method
document, the error messages and the Monte Carlo name them.
"""

from __future__ import annotations

import difflib
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from regioplan.errors import ParameterError

HORIZON_YEARS = 20
"""The model computes 21 years, k = 0..20 (method §1)."""

VARIANTS: tuple[str, ...] = ("low", "mid", "high")
SCENARIOS: tuple[int, ...] = (1, 2, 3, 4, 6)
NONDEMOGRAPHIC: tuple[str, ...] = (
    "epidemiology",
    "socio_cultural",
    "technical",
    "efficiency",
    "horizontal_substitution",
    "working_time_reduction",
    "vertical_substitution",
)
"""The seven non-demographic demand rates (method §5.3), in the order of §7."""

BUNDLED: dict[str, str] = {
    "gp_2022": "gp_2022.toml",
    "gp_2025": "gp_2025.toml",
    "so_2022": "so_2022.toml",
    "avg_2022": "avg_2022.toml",
}
"""Bundled parameter sets by name."""

DEFAULT_SET: dict[str, str] = {"gp": "gp_2025", "so": "so_2022", "avg": "avg_2022"}
"""The default parameter set per profession."""

PROFESSION_WORDS: dict[str, tuple[str, ...]] = {
    "gp": ("huisarts", "general practitioner"),
    "so": ("ouderengeneeskunde", "elderly-care", "elderly care"),
    "avg": ("verstandelijk", "intellectual disabilit"),
}
"""Words in ``meta.profession`` that name the profession of a set without ``meta.code``."""

Value = float | tuple[float, ...]

# kind: (lower, upper, length or 0 for a scalar, integer?)
_Kind = tuple[float, float, int, bool]
_FRACTION: _Kind = (0.0, 1.0, 0, False)
_YIELDS: _Kind = (0.0, 1.0, 4, False)
_RATE: _Kind = (-0.5, 0.5, 0, False)
_YEAR: _Kind = (1900.0, 2200.0, 0, True)

_COHORT: dict[str, _Kind] = {
    "intake_per_year": (0.0, 1e6, 0, False),
    "share_female": _FRACTION,
    "duration_years": (0.5, 15.0, 0, False),
    "internal_yield": _FRACTION,
    "external_yield_female": _YIELDS,
    "external_yield_male": _YIELDS,
}
_VARIANT: dict[str, _Kind] = {
    "unmet_demand": (-0.99, 10.0, 0, False),
    "demography": (-0.9, 5.0, 4, False),
    "epidemiology": _RATE,
    "socio_cultural": _RATE,
    "technical": _RATE,
    "efficiency": _RATE,
    "horizontal_substitution": _RATE,
    "working_time_reduction": (-0.5, 0.5, 0, False),
    "vertical_substitution": _RATE,
    "total_excl_working_time": (-1.0, 1.0, 0, False),
}
SCHEMA: dict[str, dict[str, _Kind]] = {
    "timeline": {
        "base_year": _YEAR,
        "adjustment_year": _YEAR,
        "trend_year": _YEAR,
        "balance_year_1": _YEAR,
        "balance_year_2": _YEAR,
    },
    "stock": {
        "headcount": (0.0, 1e7, 0, False),
        "share_female": _FRACTION,
        "fte_female": (0.0, 1.5, 5, False),
        "fte_male": (0.0, 1.5, 5, False),
        "outflow_female": (0.0, 1.0, 4, False),
        "outflow_male": (0.0, 1.0, 4, False),
    },
    **{f"training.cohort{c}": dict(_COHORT) for c in (1, 2, 3)},
    "foreign": {
        "inflow_per_year": (0.0, 1e6, 0, False),
        "share_female": _FRACTION,
        "yield_unused": _FRACTION,
        "external_yield_female": _YIELDS,
        "external_yield_male": _YIELDS,
    },
    **{f"demand.{v}": dict(_VARIANT) for v in VARIANTS},
}
"""Every numeric key: (lower bound, upper bound, list length or 0, integer)."""

_OPTIONAL = {"demand.low.total_excl_working_time", "demand.mid.total_excl_working_time",
             "demand.high.total_excl_working_time", "foreign.yield_unused"}  # fmt: skip
_META_REQUIRED = {
    "projection": str,
    "profession": str,
    "projection_year": int,
    "horizon_years": int,
}
_META_OPTIONAL = {"status": str, "sources": list, "calibration": str, "notes": str, "code": str}


@dataclass(frozen=True)
class Assumption:
    """An unpublished parameter value: its dotted key, range and the reason for the value."""

    key: str
    low: Value
    high: Value
    reason: str


@dataclass(frozen=True)
class ParameterSet:
    """One projection of one profession: the flat, validated values of a parameter file.

    >>> p = load_params("gp_2022")
    >>> (p.name, p.base_year, p.scalar("stock.headcount"), p.balance_years)
    ('gp_2022', 2022, 13492.0, (2034, 2040))
    """

    name: str
    meta: Mapping[str, Any]
    values: Mapping[str, Value]
    assumptions: tuple[Assumption, ...] = ()
    source: str = field(default="bundled", compare=False)

    # -- access -------------------------------------------------------------------------------
    def scalar(self, key: str) -> float:
        v = self.values[key]
        if isinstance(v, tuple):
            raise ParameterError(f"{self.name}: {key} is a list, not a number")
        return float(v)

    def vector(self, key: str) -> tuple[float, ...]:
        v = self.values[key]
        if not isinstance(v, tuple):
            raise ParameterError(f"{self.name}: {key} is a number, not a list")
        return v

    def year(self, key: str) -> int:
        return int(self.scalar(f"timeline.{key}"))

    @property
    def base_year(self) -> int:
        return self.year("base_year")

    @property
    def adjustment_offset(self) -> int:
        """B = adjustment_year - base_year."""
        return self.year("adjustment_year") - self.base_year

    @property
    def trend_offset(self) -> int:
        """T = trend_year - base_year."""
        return self.year("trend_year") - self.base_year

    @property
    def balance_years(self) -> tuple[int, int]:
        return (self.year("balance_year_1"), self.year("balance_year_2"))

    @property
    def years(self) -> tuple[int, ...]:
        """The 21 calendar years base_year .. base_year + 20."""
        return tuple(range(self.base_year, self.base_year + HORIZON_YEARS + 1))

    @property
    def profession(self) -> str | None:
        """Profession code (gp, so, avg): ``meta.code``, else the words of ``meta.profession``
        (the Capaciteitsorgaan files have no code), else the set's name; None if unknown.

        >>> p = load_params("gp_2022")  # meta.profession = "huisartsgeneeskunde (...)", no code
        >>> p.meta.get("code"), p.profession
        (None, 'gp')
        """
        code = self.meta.get("code")
        if code:
            return str(code)
        text = str(self.meta.get("profession", "")).lower()
        named = [p for p, words in PROFESSION_WORDS.items() if any(w in text for w in words)]
        if len(named) == 1:
            return named[0]
        prefix = self.name.split("_", 1)[0]
        return prefix if prefix in DEFAULT_SET else None

    def duration(self, cohort: int) -> float:
        return self.scalar(f"training.cohort{cohort}.duration_years")

    def first_balance_offset(self) -> float:
        """Balance years must lie after B + D3 (method §6.2)."""
        return self.adjustment_offset + self.duration(3)

    @property
    def is_estimate(self) -> bool:
        """True when any value is a labelled assumption."""
        return bool(self.assumptions)

    def replace(self, **changes: Value) -> ParameterSet:
        """A copy with the dotted keys in `changes` (``stock__headcount`` or via a dict) replaced.

        Keys may be passed with ``__`` for ``.``:
        ``p.replace(**{"training.cohort3.intake_per_year": 900.0})``.
        """
        values = dict(self.values)
        for raw, value in changes.items():
            key = raw.replace("__", ".")
            if key not in values:
                raise ParameterError(f"{self.name}: unknown key {key!r}")
            values[key] = value
        # a replaced value is the caller's, no longer an assumption with a range
        kept = tuple(
            a for a in self.assumptions if a.key not in {k.replace("__", ".") for k in changes}
        )
        new = ParameterSet(self.name, self.meta, values, kept, self.source)
        _check_consistency(new, self.source)
        return new


# -- loading ----------------------------------------------------------------------------------
def available_params() -> tuple[str, ...]:
    """Names of the bundled parameter sets."""
    return tuple(BUNDLED)


def load_params(
    name_or_path: str | Path | None = None, *, profession: str | None = None
) -> ParameterSet:
    """Load a bundled set by name (``gp_2025``) or a TOML file by path, validated.

    Without a name the profession's default set is loaded (GP: raming 2025).

    >>> load_params(profession="gp").name
    'gp_2025'
    """
    if name_or_path is None:
        prof = profession or "gp"
        if prof not in DEFAULT_SET:
            raise ParameterError(f"unknown profession {prof!r}; allowed: {', '.join(DEFAULT_SET)}")
        name_or_path = DEFAULT_SET[prof]
    text_name = str(name_or_path)
    if text_name in BUNDLED:
        res = resources.files("regioplan.workforce").joinpath("params", BUNDLED[text_name])
        params = parse_params(
            res.read_text(encoding="utf-8"), name=text_name, source=f"bundled:{text_name}"
        )
    else:
        path = Path(name_or_path)
        if not path.is_file():
            raise ParameterError(
                f"parameter set {text_name!r} is neither a bundled set ({', '.join(BUNDLED)}) "
                "nor a readable file"
            )
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ParameterError(f"{path}: cannot read parameter file: {exc}") from exc
        params = parse_params(text, name=path.stem.removeprefix("params_"), source=str(path))
    own = params.profession
    if profession is not None and own is not None and own != profession:
        raise ParameterError(
            f"parameter set {text_name!r} is not a set for profession {profession!r}: it is for "
            f"{own!r} (meta.code or meta.profession = {params.meta.get('profession')!r})"
        )
    return params


def parse_params(text: str, *, name: str = "params", source: str = "<string>") -> ParameterSet:
    """Parse and validate the TOML text of a parameter set."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ParameterError(f"{source}: not valid TOML: {exc}") from exc
    meta = _parse_meta(doc.pop("meta", None), source)
    raw_assumptions = doc.pop("assumptions", {})
    values: dict[str, Value] = {}
    flat = _flatten(doc)
    for key in flat:
        section, _, leaf = key.rpartition(".")
        if section not in SCHEMA:
            raise ParameterError(
                f"{source}: unknown key {key!r}: no section [{section}]{_guess(section, SCHEMA)}; "
                f"allowed sections: meta, {', '.join(SCHEMA)}, assumptions"
            )
        if leaf not in SCHEMA[section]:
            raise ParameterError(
                f"{source}: unknown key {key!r}{_guess(leaf, SCHEMA[section])}; allowed keys in "
                f"[{section}]: {', '.join(SCHEMA[section])}"
            )
    for section, keys in SCHEMA.items():
        for leaf, kind in keys.items():
            key = f"{section}.{leaf}"
            if key not in flat:
                if key in _OPTIONAL:
                    continue
                raise ParameterError(f"{source}: missing key {key!r}")
            values[key] = _check_value(key, flat[key], kind, source)
    assumptions = _parse_assumptions(raw_assumptions, values, source)
    params = ParameterSet(name, meta, values, assumptions, source)
    _check_consistency(params, source)
    return params


def _guess(name: str, allowed: Mapping[str, Any]) -> str:
    """`` (did you mean headcount?)`` for a near miss, else ``""``."""
    close = difflib.get_close_matches(name, list(allowed), n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def _flatten(doc: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in doc.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, f"{key}."))
        else:
            out[key] = v
    return out


def _parse_meta(meta: Any, source: str) -> dict[str, Any]:
    if not isinstance(meta, dict):
        raise ParameterError(f"{source}: missing section [meta]")
    for key, typ in _META_REQUIRED.items():
        if not isinstance(meta.get(key), typ):
            raise ParameterError(f"{source}: meta.{key} is missing or not a {typ.__name__}")
    for key, value in meta.items():
        allowed = {**_META_REQUIRED, **_META_OPTIONAL}
        if key not in allowed:
            raise ParameterError(
                f"{source}: unknown key 'meta.{key}'; allowed: {', '.join(allowed)}"
            )
        if not isinstance(value, allowed[key]):
            raise ParameterError(f"{source}: meta.{key} must be a {allowed[key].__name__}")
    if "code" in meta and meta["code"] not in DEFAULT_SET:
        raise ParameterError(
            f"{source}: meta.code = {meta['code']!r} is not a profession; allowed: "
            f"{', '.join(DEFAULT_SET)}"
        )
    if meta["horizon_years"] != HORIZON_YEARS:
        raise ParameterError(
            f"{source}: meta.horizon_years = {meta['horizon_years']}; the model's horizon is "
            f"fixed at {HORIZON_YEARS}"
        )
    return dict(meta)


def _number(key: str, raw: Any, kind: _Kind, source: str) -> float:
    lo, hi, _, integer = kind
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ParameterError(f"{source}: {key} = {raw!r} is not a number")
    value = float(raw)
    if not math.isfinite(value) or not lo <= value <= hi:
        raise ParameterError(f"{source}: {key} = {raw!r} is out of range [{lo:g}, {hi:g}]")
    if integer and value != int(value):
        raise ParameterError(f"{source}: {key} = {raw!r} must be a whole year")
    return value


def _check_value(key: str, raw: Any, kind: _Kind, source: str) -> Value:
    length = kind[2]
    if length == 0:
        return _number(key, raw, kind, source)
    if not isinstance(raw, list) or len(raw) != length:
        raise ParameterError(f"{source}: {key} must be a list of {length} numbers, got {raw!r}")
    return tuple(_number(f"{key}[{i}]", x, kind, source) for i, x in enumerate(raw))


def _parse_assumptions(
    raw: Any, values: Mapping[str, Value], source: str
) -> tuple[Assumption, ...]:
    if not isinstance(raw, dict):
        raise ParameterError(f"{source}: [assumptions] must be a table")
    out: list[Assumption] = []
    for key, spec in _flatten_assumptions(raw).items():
        if key not in values:
            raise ParameterError(f"{source}: assumptions.{key!r} names no parameter")
        if not isinstance(spec, dict) or set(spec) != {"low", "high", "reason"}:
            raise ParameterError(
                f"{source}: assumptions.{key!r} needs exactly the keys low, high, reason"
            )
        section, _, leaf = key.rpartition(".")
        kind = SCHEMA[section][leaf]
        low = _check_value(f"assumptions.{key}.low", spec["low"], kind, source)
        high = _check_value(f"assumptions.{key}.high", spec["high"], kind, source)
        value = values[key]
        triples = zip(_as_tuple(low), _as_tuple(value), _as_tuple(high), strict=True)
        if not all(lo <= v <= hi for lo, v, hi in triples):
            raise ParameterError(
                f"{source}: assumptions.{key}: value {value} is not within [low, high] = "
                f"[{low}, {high}]"
            )
        if not isinstance(spec["reason"], str) or not spec["reason"].strip():
            raise ParameterError(f"{source}: assumptions.{key}.reason must be a non-empty text")
        _check_drawn_range(key, low, high, values, source)
        out.append(Assumption(key, low, high, spec["reason"].strip()))
    return tuple(out)


def _check_drawn_range(
    key: str, low: Value, high: Value, values: Mapping[str, Value], source: str
) -> None:
    """Refuse a range the Monte Carlo would silently ignore.

    The timeline and the training durations fix the model's structure and are never drawn, so
    their range must be the value itself. Demand rates are drawn between the low and high
    variants, so an assumption on a demand rate must have exactly that range.
    """
    section, _, leaf = key.rpartition(".")
    if section == "timeline" or leaf == "duration_years":
        if _as_tuple(low) != _as_tuple(values[key]) or _as_tuple(high) != _as_tuple(values[key]):
            raise ParameterError(
                f"{source}: assumptions.{key}: low and high must both equal the value "
                f"{values[key]}; the timeline and training durations are never drawn"
            )
    elif section.startswith("demand."):
        variants = [_as_tuple(values[f"demand.{v}.{leaf}"]) for v in VARIANTS]
        lo = tuple(min(xs) for xs in zip(*variants, strict=True))
        hi = tuple(max(xs) for xs in zip(*variants, strict=True))
        if not (_close(_as_tuple(low), lo) and _close(_as_tuple(high), hi)):
            raise ParameterError(
                f"{source}: assumptions.{key}: range [{low}, {high}] differs from the low and "
                f"high variants [{_untuple(lo)}, {_untuple(hi)}]; the Monte Carlo draws demand "
                "rates between the variants, so set low and high to them"
            )


def _close(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return all(math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12) for x, y in zip(a, b, strict=True))


def _untuple(v: tuple[float, ...]) -> Value:
    return v[0] if len(v) == 1 else v


def _flatten_assumptions(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Assumption keys are quoted dotted names; accept nested tables too."""
    out: dict[str, Any] = {}
    for k, v in raw.items():
        if isinstance(v, dict) and "reason" not in v:
            out.update({f"{k}.{kk}": vv for kk, vv in _flatten_assumptions(v).items()})
        else:
            out[k] = v
    return out


def _as_tuple(v: Value) -> tuple[float, ...]:
    return v if isinstance(v, tuple) else (v,)


def _check_consistency(p: ParameterSet, source: str) -> None:
    b = p.base_year
    for key in ("adjustment_year", "trend_year"):
        y = p.year(key)
        if not b <= y <= b + HORIZON_YEARS:
            raise ParameterError(
                f"{source}: timeline.{key} = {y} lies outside the horizon {b}..{b + HORIZON_YEARS}"
            )
    first = p.first_balance_offset()
    for key in ("balance_year_1", "balance_year_2"):
        y = p.year(key)
        if not b + first < y <= b + HORIZON_YEARS:
            raise ParameterError(
                f"{source}: timeline.{key} = {y} must lie after base_year + (adjustment_year - "
                f"base_year) + cohort3 duration = {b + first:g} and not after "
                f"{b + HORIZON_YEARS} (base_year + {HORIZON_YEARS})"
            )
    if p.balance_years[0] > p.balance_years[1]:
        raise ParameterError(
            f"{source}: timeline.balance_year_1 = {p.balance_years[0]} is after "
            f"timeline.balance_year_2 = {p.balance_years[1]}"
        )
    for v in VARIANTS:
        wt = p.scalar(f"demand.{v}.working_time_reduction")
        if wt * p.trend_offset >= 1:
            raise ParameterError(
                f"{source}: demand.{v}.working_time_reduction = {wt} times the trend years "
                f"({p.trend_offset}) reaches 100 %"
            )


def check_balance_year(p: ParameterSet, year: int) -> int:
    """The offset k* of a balance `year`, or a ParameterError naming the allowed range."""
    b = p.base_year
    first = p.first_balance_offset()
    if not b + first < year <= b + HORIZON_YEARS:
        lo = b + math.floor(first) + 1
        raise ParameterError(
            f"balance year {year} is outside {lo}..{b + HORIZON_YEARS} for parameter set "
            f"{p.name!r} (after the first cohort-3 graduates, within the horizon)"
        )
    return year - b


__all__ = [
    "BUNDLED",
    "DEFAULT_SET",
    "HORIZON_YEARS",
    "NONDEMOGRAPHIC",
    "SCENARIOS",
    "SCHEMA",
    "VARIANTS",
    "Assumption",
    "ParameterSet",
    "available_params",
    "check_balance_year",
    "load_params",
    "parse_params",
]
