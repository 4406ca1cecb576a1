"""`SolverParams`: how the combined engine (``engine="auto"``) splits its time and picks its
phases by model size. The defaults are the measured values of docs/roster.md; a TOML file sets
any of them, and an empty file equals the defaults::

    params = SolverParams.from_toml(Path("tuning.toml"))   # e.g. large_model = 10
    result = solve(problem, time_limit=60, params=params)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from regioplan.errors import ParameterError


@dataclass(frozen=True, kw_only=True)
class SolverParams:
    """Tuning of ``engine="auto"``; shares are of the time limit, model sizes count duty
    variables (docs/roster.md, "Solving")::

        >>> SolverParams(large_model=10).large_model
        10
        >>> SolverParams.from_toml("") == SolverParams()
        True
    """

    #: whole-model CP-SAT (or CP-SAT on the LP's support) after the start and column generation
    cp_sat_share: float = 1 / 3
    #: CP-SAT's ``linearization_level`` in that phase: 2 is the full LP relaxation
    linearization_level: int = 2
    #: up to this size HiGHS runs from the first second (when column generation does not)
    small_model: int = 800
    #: at most this share for the physician-by-physician start (construct.py) ...
    construct_share: float = 0.25
    #: ... and this one from `large_model` on, where a better start pays more than LNS time
    #: (Instance12 tiled 6x2: 221,733 with half the time against 451,763 with a quarter)
    construct_share_large: float = 0.5
    #: from this size on, whole-model CP-SAT (its presolve alone takes most of its share) and
    #: HiGHS (no root relaxation within a minute) are skipped, so the LNS gets every worker
    large_model: int = 20_000
    #: up to this size column generation runs even when CP-SAT must price some physicians
    #: (it converges within its share on Curtois 4-6, not on 7 and larger); with DP pricing for
    #: every physician it runs on any model below `large_model`
    colgen_model: int = 1_100
    #: column generation without DP pricing for every physician
    colgen_share: float = 0.25
    #: more for a column-generation LP close to converging (colgen.generate)
    colgen_overtime: float = 0.125
    #: column generation and its dive when DP prices every physician
    dive_share: float = 0.4
    #: on large models column generation (DP pricing for every physician) runs up to this size;
    #: above it a round of pricing alone takes longer than the LNS needs to improve the roster
    #: (a year of 180 staff, Instance12 tiled 13x3, 407,628 duties: about 20 s a round)
    colgen_large: int = 200_000
    #: large models that DP cannot price (e.g. fairness rules) run HiGHS beside the LNS up to
    #: this size, for a bound (the 120-GP regional example: 20,118 duty variables)
    mip_large: int = 40_000
    #: a valid start that column generation does not improve (it needs a built one) gets the
    #: LP relaxation's bound and a search where roster and LP disagree, up to this size (the
    #: 120-GP regional example, 20,118 duty variables: LP 2.2 s, proven optimal in seconds)
    lp_guided_model: int = 60_000
    #: at most this share of the time for it
    lp_guided_share: float = 0.8
    #: large models that DP prices get column generation's LP (every worker) and a roster
    #: rounded from it up to this size (Instance12 tiled 2x2, 41,808 duty variables: bound
    #: 15,112 and a roster of 18,498 after 40 s, against PDLP's 14,512 and 23,413) ...
    lp_round_large: int = 60_000
    #: ... and above it, up to this size, the whole model's LP relaxation by PDLP beside the
    #: LNS, rounded the same way (Instance12 tiled 6x2: a roster of 61,318 from PDLP's LP,
    #: where the LNS alone ended at 113,627; column generation needs 5 s a round there)
    lp_large: int = 150_000
    #: above `lp_round_large`, a horizon of two windows (`windows.WINDOW_DAYS`) or more gets
    #: column generation's LP on each window before any roster (their rounding the first
    #: one) when the LP phase leaves this many seconds a window, the windows side by side one
    #: per worker (Instance12 tiled 6x2 at 60 s, six windows of 28 days two at a time:
    #: 7.3-8.1 s each, bound 47,902-47,976, above the 43,543 of the whole model's LP that
    #: PDLP solves; one at a time on both workers, 3.5-4.1 s each, 44,421-45,069;
    #: docs/roster.md, thirteenth round); else the start, then PDLP up to `lp_large`
    window_seconds: float = 8.0
    #: on large models, column generation's LP phase ends at this share of the time limit;
    #: its rounding and the LNS get the rest (Instance12 tiled 2x2 at 60 s, six seeds each:
    #: mean 4.1 % above the bound at 0.5, 3.2 % at 0.6, 5.0 % at 0.7; docs/roster.md)
    large_lp_end: float = 0.6
    #: up to `lp_large`, the windows' LPs end at this share instead (Instance12 tiled 6x2 at
    #: 60 s on a machine half as fast as the thirteenth round's, seeds 0 and 1: bounds 47,736
    #: and 45,755 at 0.7, 47,440 and 47,982 at 0.75, against 37,118-45,853 in seven runs at
    #: 0.6; rosters 55,289-58,490 throughout; 19.6-26.0% above the bound against 24.9-52.0%;
    #: docs/roster.md, fifteenth round). The windows end sooner where their LPs converge:
    #: on a faster machine without subgradient steps 6x2's end after 29.5-30.1 s, which
    #: leaves the chain (`chain_end`) its time: 11.5-13.3% above the bound in three runs,
    #: against 21.0% when they ended at 36 s and the plan was rounded (twenty-first round)
    window_lp_end: float = 0.7
    #: above `lp_large`, the windows' LPs end at this share, which leaves the chain of
    #: windows (`chain_end`) half the time (the year-long tiling at 300 s, with the chain
    #: until 0.95: 10.7% above the bound at 0.45, 10.9% at 0.5; before the chain 20.4% at
    #: 0.5 and 20.1% at 0.6, and at 0.4 the windows' LPs did not converge: bound 151,650
    #: against about 156,000; docs/roster.md, sixteenth and eighteenth rounds)
    large_window_lp_end: float = 0.45
    #: the rounding of the windows' plan adds this multiple of the windows' price of a cover
    #: cell to the reward of a needed duty there (0: the under-weight alone), so a physician
    #: who cannot work all the LP planned for them keeps the scarce duties (Instance12 tiled
    #: 6x2, the same plan, with the prices in the best responses too: 57,382 after them at 1,
    #: 57,419 at 0.5, 57,902 at 2, 57,272 at 4, against 58,962 at 0; docs/roster.md,
    #: seventeenth round)
    round_price_weight: float = 1.0
    #: after the windows' LPs (above `lp_round_large`), the windows are solved again one
    #: after the other until this share of the time, each after the roster of those before
    #: it (`Windows.chain`), when that leaves each `chain_seconds`; else their plan is rounded
    #: (the year-long tiling at 300 s: 11.9% above the bound at 0.9, 10.9% at 0.95, where
    #: the rounding ended at 18.0%; docs/roster.md, eighteenth round). Windows that
    #: converge end early (6x2 on a fast machine: after 30-34 s, 3.9-4.5 s a window left),
    #: and the chain then beats the rounding even at 3.8 s a window (14.3-15.2% above the
    #: bound, against 19.3-21.0%; twenty-first round); slower machines, whose windows take
    #: until `window_lp_end`, leave less than 3 s and round the plan
    chain_end: float = 0.95
    chain_seconds: float = 3.0
    #: a window of the chain gets at most this share of what a window of the first pass
    #: took (the median; at least `chain_seconds`), so that the search and the LNS after the
    #: chain get the rest: past a few seconds a chained window's rounding gains little, they
    #: gain much (Instance12 tiled 3x2 at 60 s: 6.6-9.1% above the bound at 0.6, 8.2% and
    #: 11.1% at 1, 11.6% and 12.4% at 0.45; twenty-second round; the year-long tiling at
    #: 300 s with the search: 8.9% at 0.6, 9.1% at 0.4, 10.6% uncapped without it;
    #: twenty-sixth round)
    chain_window_share: float = 0.6
    #: after the chain and its best responses, CP-SAT's local search searches the chained
    #: windows' LP supports two weeks at a time for this share of the time left, in equal
    #: parts (`LargePhases.search_windows`), and the LNS gets the rest. Since the parts are
    #: searched by local search alone (`large.SEARCH_PARAMETERS`) all of it: Instance12 tiled
    #: 3x2 at 60 s ended 2.5-4.1% above its bound in eight runs (mean 3.5%) against 3.3-5.3%
    #: (mean 4.1%) with 0.75, and from two saved rosters the search ended about 200-300 lower
    #: in 30 s than in 15 s (docs/roster.md, twenty-ninth round; with CP-SAT's tree search in
    #: the parts 0.75 had done best, twenty-fifth round)
    window_search_share: float = 1.0
    #: on large models above `lp_large`, the share of the time for column generation's LP
    #: phase (the bound)
    large_lp_share: float = 0.2
    #: on large models, the share for the LP's dive to a roster after it (0: no dive; the LNS
    #: from the built roster measured better on the tiled instances, docs/roster.md)
    large_dive_share: float = 0.0

    def __post_init__(self) -> None:
        for f in fields(self):
            _check(f.name, getattr(self, f.name), "SolverParams")

    @classmethod
    def from_dict(cls, values: dict[str, Any], *, source: str = "SolverParams") -> SolverParams:
        """Params from a mapping of field names to values; an unknown key, a value of the wrong
        type or out of range raises :class:`~regioplan.errors.ParameterError` naming the key."""
        known = {f.name for f in fields(cls)}
        for key, value in values.items():
            if key not in known:
                raise ParameterError(
                    f"{source}: unknown key {key!r}; allowed keys: {', '.join(sorted(known))}"
                )
            _check(key, value, source)
        given: dict[str, Any] = {k: _KINDS[k](v) for k, v in values.items()}
        return cls(**given)

    @classmethod
    def from_toml(cls, source: str | Path) -> SolverParams:
        """Params from a TOML file (a :class:`~pathlib.Path`) or TOML text (a ``str``) whose
        top-level keys are field names, e.g. ``large_model = 10``."""
        if isinstance(source, Path):
            try:
                text = source.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ParameterError(f"{source}: cannot read solver tuning: {exc}") from exc
            name = str(source)
        else:
            text, name = source, "<solver tuning>"
        try:
            values = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ParameterError(f"{name}: not valid TOML: {exc}") from exc
        return cls.from_dict(values, source=name)


_SECONDS = frozenset(
    {"window_seconds", "chain_seconds"}
)  # the float fields that are seconds, not shares
_MULTIPLES = frozenset({"round_price_weight"})  # ... and those that are multiples

# the kind of each field, from its annotation ("int" or "float")
_KINDS: dict[str, type] = {f.name: int if f.type == "int" else float for f in fields(SolverParams)}


def _check(key: str, value: object, source: str) -> None:
    """Raise a ParameterError naming `key` unless `value` has its kind and range."""
    kind = _KINDS[key]
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    if not numeric or (kind is int and not isinstance(value, int)):
        raise ParameterError(
            f"{source}: {key} must be {'an integer' if kind is int else 'a number'}, got {value!r}"
        )
    assert isinstance(value, int | float)
    if key == "linearization_level" and value not in (0, 1, 2):
        raise ParameterError(f"{source}: {key} must be 0, 1 or 2, got {value!r}")
    if key in _SECONDS:
        if not 0 <= value <= 3600:
            raise ParameterError(f"{source}: {key} must lie in [0, 3600] (seconds), got {value!r}")
    elif key in _MULTIPLES:
        if not 0 <= value <= 100:
            raise ParameterError(
                f"{source}: {key} must lie in [0, 100] (a multiple), got {value!r}"
            )
    elif kind is float and not 0 <= value <= 1:
        raise ParameterError(f"{source}: {key} must lie in [0, 1] (a share), got {value!r}")
    if value < 0:
        raise ParameterError(f"{source}: {key} must be >= 0 duty variables, got {value!r}")


__all__ = ["SolverParams"]
