"""The distance pattern across the country: does the relative gap grow with the distance to the
nearest training centre of the profession? (issue #22, item 2)

:func:`distance_pattern` takes the units of a level (the regions of a level, or the 342
municipalities with ``level="gemeente"``) from :func:`regioplan.national.compare.compare_regions`
and correlates each unit's population-weighted mean road km to the nearest training centre with
its median relative gap ``(demand - supply) / demand`` in `year` (Spearman's rho with a seeded
two-sided permutation p-value, :func:`regioplan.stats.spearman`, the test the regiobeeld uses
per region). :func:`pattern_sentence` says the result for several professions in plain words
(Dutch or English), generated from the signs and p-values.

What the pattern rests on (`basis`):

* Without own data today's workforce of every unit is the bundled estimate: the national
  headcount allocated by use-weighted population, the same population the demand share comes
  from. Today's relative gap is then (almost) the same everywhere, and whatever pattern there is
  in the first year is an artefact of that allocation, not an observation. Towards the horizon
  the gap spreads because the model settles newly trained physicians by distance to training
  (``t ∝ U (α + (1 − α) exp(−d / L))``): a distance pattern at the horizon is then the model's
  settling assumption, not a finding (basis ``model``).
* Where regions imported their own workforce data, their stock is measured, and so is the part of
  the pattern that comes from today's workforce (basis ``measured`` when every unit has own data,
  ``mixed`` otherwise; `own_data_regions` names the regions). Physicians trained after the first
  year still settle by the model's assumption.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from regioplan.data import Profession
from regioplan.errors import InputError
from regioplan.national.compare import (
    check_draws,
    check_level,
    check_profession,
    compare_regions,
    model_years,
    stock_shares,
)
from regioplan.national.model import DistancePattern, PatternBasis
from regioplan.regions import OwnData
from regioplan.settings import DEFAULT_SEED, LANGS
from regioplan.stats import spearman
from regioplan.workforce.national import DEFAULT_HORIZON

PERMUTATIONS = 9999
ALPHA = 0.05
"""The pattern is shown when the two-sided permutation p-value is below this (5 %)."""


def check_year(profession: str, year: int) -> None:
    first, last = model_years(profession)
    if not first <= year <= last:
        raise InputError(
            f"year {year} is outside the {profession} model's years: allowed {first}..{last}"
        )


def distance_pattern(
    profession: Profession,
    *,
    level: str = "zorgkantoor",
    year: int = DEFAULT_HORIZON,
    draws: int = 1000,
    seed: int = DEFAULT_SEED,
    permutations: int = PERMUTATIONS,
    own_data: Mapping[str, OwnData] | None = None,
) -> DistancePattern:
    """Spearman's rho of distance to training and median relative gap in `year` over the units
    of `level`, with its permutation p-value (`permutations` seeded with `seed`).

    `year` is the horizon of the comparison, or its first year (2025 for GP, 2024 for SO and
    AVG): then the pattern is that of today's gap. `own_data` maps region codes to their own
    data (as :func:`compare_regions`).
    """
    check_level(level)
    check_profession(profession)
    check_draws(draws)
    check_year(profession, year)
    if not 0 <= permutations <= 1_000_000:
        raise InputError(f"permutations = {permutations} is out of range [0, 1000000]")
    first, last = model_years(profession)
    now = year == first
    horizon = min(DEFAULT_HORIZON, last) if now else year
    cmp = compare_regions(
        level, profession, horizon=horizon, draws=draws, seed=seed, own_data=own_data
    )
    points = tuple(
        (r.code, r.name, r.distance_km, (r.gap_now if now else r.gap_horizon).p50, r.population)
        for r in sorted(cmp.rows, key=lambda r: r.code)
    )
    test = spearman(
        [p[2] for p in points], [p[3] for p in points], seed=seed, permutations=permutations
    )
    contributed = stock_shares(profession, own_data).own_regions
    with_own = sum(1 for r in cmp.rows if r.own_data)
    basis: PatternBasis = (
        "model" if with_own == 0 else "measured" if with_own == len(cmp.rows) else "mixed"
    )
    prov = {
        "status": "estimate",
        "test": (
            f"Spearman's rho of the population-weighted mean road km to the nearest {profession} "
            f"training centre and the median relative gap in {year} over the {len(points)} units "
            f"of level {level}; two-sided permutation p-value over {test.permutations} "
            f"permutations (seed {seed}; regioplan.stats.spearman)"
        ),
        "gap": cmp.provenance.get("gap", ""),
        "draws": cmp.provenance.get("draws", ""),
        "basis": basis_sentence_for(basis, contributed, year, first, with_own, len(cmp.rows), "en"),
    }
    return DistancePattern(
        profession=profession,
        level=level,
        year=year,
        n=test.n,
        rho=test.rho,
        p_value=test.p_value,
        permutations=test.permutations,
        points=points,
        basis=basis,
        own_data_regions=contributed,
        provenance=prov,
        own_data_units=with_own,
    )


# ------------------------------------------------------------------ plain words

_NAMES: dict[str, dict[str, str]] = {
    "nl": {"gp": "huisartsen", "so": "SO's", "avg": "AVG's"},
    "en": {"gp": "GPs", "so": "SOs", "avg": "AVGs"},
}
_WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "for": "bij {who}",
        "up": "groeit het tekort met de afstand tot de opleiding",
        "down": "krimpt het tekort met de afstand tot de opleiding",
        "none": "hangt het tekort niet aantoonbaar samen met de afstand tot de opleiding",
        "not": "niet",
        "and": "en",
    },
    "en": {
        "for": "for {who}",
        "up": "the shortage grows with the distance to training",
        "down": "the shortage shrinks with the distance to training",
        "none": "the shortage shows no demonstrable relation with the distance to training",
        "not": "it does not",
        "and": "and",
    },
}


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise InputError(f"unknown language {lang!r}; allowed: {', '.join(LANGS)}")


def _listing(items: Sequence[str], lang: str) -> str:
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {_WORDS[lang]['and']} {items[-1]}"


def direction(pattern: DistancePattern) -> str:
    """``up`` (the gap grows with the distance, shown at 5 %), ``down`` or ``none``."""
    if not pattern.shown:
        return "none"
    return "up" if pattern.rho > 0 else "down"


def pattern_sentence(patterns: Sequence[DistancePattern], lang: str = "nl") -> str:
    """The distance pattern of several professions in one plain sentence, from the signs and the
    p-values, e.g. "Bij huisartsen en SO's groeit het tekort met de afstand tot de opleiding; bij
    AVG's niet." Professions with the same outcome are named together, in the order given."""
    _check_lang(lang)
    if not patterns:
        raise InputError("give at least one distance pattern")
    groups: dict[str, list[str]] = {}
    for p in patterns:
        groups.setdefault(direction(p), []).append(_NAMES[lang][p.profession])
    words = _WORDS[lang]
    order = [k for k in ("up", "down", "none") if k in groups]
    clauses = []
    for i, kind in enumerate(order):
        who = words["for"].format(who=_listing(groups[kind], lang))
        # "...; bij AVG's niet" only after a single clause it can negate
        if kind == "none" and i == 1 and len(order) == 2:
            clauses.append(f"{who} {words['not']}")
        else:
            clauses.append(f"{who} {words[kind]}")
    text = "; ".join(clauses)
    return text[0].upper() + text[1:] + "."


def basis_sentence_for(
    basis: PatternBasis,
    own_regions: Sequence[str],
    year: int,
    first_year: int,
    units_with_own: int,
    units: int,
    lang: str = "nl",
) -> str:
    """What a pattern rests on, in plain words (see :func:`basis_sentence`)."""
    _check_lang(lang)
    later = year > first_year
    who = ", ".join(own_regions)
    if lang == "nl":
        if basis == "model":
            if not later:
                return (
                    "Het patroon berust op aannames van het model, niet op metingen: de huidige "
                    "bezetting is overal de gebundelde schatting (de landelijke bezetting verdeeld "
                    "naar gebruik) en nieuw opgeleide artsen vestigen zich volgens de "
                    "vestigingsaanname van het model."
                )
            return (
                "Het patroon berust op de vestigingsaanname van het model: de huidige bezetting "
                "is overal de gebundelde schatting (de landelijke bezetting verdeeld naar "
                "gebruik), dus verschillen tussen regio's komen uit waar nieuw opgeleide artsen "
                "zich volgens het model vestigen, niet uit metingen."
            )
        if basis == "measured":
            text = f"De huidige bezetting is gemeten met eigen gegevens van {who}"
        else:
            text = (
                f"Deels gemeten met eigen gegevens van {who} ({units_with_own} van {units}); "
                "de rest berust op de schatting en de vestigingsaanname van het model"
            )
        if later:
            text += (
                f"; wie na {first_year} wordt opgeleid, vestigt zich volgens de aanname van "
                "het model"
            )
        return text + "."
    if basis == "model":
        if not later:
            return (
                "The pattern rests on the model's assumptions, not on measurements: today's "
                "workforce is the bundled estimate everywhere (the national workforce allocated "
                "by use) and newly trained physicians settle by the model's settling assumption."
            )
        return (
            "The pattern rests on the model's settling assumption: today's workforce is the "
            "bundled estimate everywhere (the national workforce allocated by use), so "
            "differences between regions come from where the model settles newly trained "
            "physicians, not from measurements."
        )
    if basis == "measured":
        text = f"Today's workforce is measured with own data of {who}"
    else:
        text = (
            f"Partly measured with own data of {who} ({units_with_own} of {units}); the rest "
            "rests on the bundled estimate and the model's settling assumption"
        )
    if later:
        text += f"; physicians trained after {first_year} settle by the model's assumption"
    return text + "."


def basis_sentence(pattern: DistancePattern, lang: str = "nl") -> str:
    """What `pattern` rests on: "berust op de vestigingsaanname van het model" without own data,
    "gemeten met eigen gegevens van ..." with it."""
    first, _ = model_years(pattern.profession)
    return basis_sentence_for(
        pattern.basis,
        pattern.own_data_regions,
        pattern.year,
        first,
        pattern.own_data_units,
        len(pattern.points),
        lang,
    )


__all__ = [
    "ALPHA",
    "PERMUTATIONS",
    "basis_sentence",
    "basis_sentence_for",
    "check_year",
    "direction",
    "distance_pattern",
    "pattern_sentence",
]
