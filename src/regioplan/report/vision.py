"""A draft regional vision from a regional scan (issue #19 item 4), in the regiobeeld's style.

:func:`render_vision` turns a :class:`~regioplan.regiobeeld.scan.RegionalScan` and the chosen
initiative types into one self-contained HTML document (Dutch by default, English with
``lang="en"``): the current picture, the gaps, the chosen initiatives, their expected effects with
P10-P90 bands, the bottlenecks to expect and how registered initiatives elsewhere met them, and
the indicators to monitor. The report's machinery makes it: its Jinja environment, stylesheet,
number formatting and summary sentences; :func:`regioplan.report.render.write_pdf` prints it to A4.
The text is a draft for a regional coalition to edit, and says so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

from regioplan.errors import ParameterError
from regioplan.initiatives import Bottleneck, get_initiative
from regioplan.initiatives.registry import InitiativeRecord
from regioplan.initiatives.scan import Band, Elsewhere, TypeEffect
from regioplan.output import format_number
from regioplan.regiobeeld.scan import METHOD, RAMP_YEARS, START_YEAR, RegionalScan
from regioplan.report.i18n import check_lang, fmt_percent
from regioplan.report.render import asset, environment
from regioplan.report.summary import bottlenecks as bottleneck_sentences
from regioplan.report.summary import summary

EXAMPLES_PER_BOTTLENECK = 3

_TEXT: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Regiovisie medisch-generalistische zorg",
        "draft": "Concept om mee te beginnen — te bewerken door de regionale coalitie. Cijfers "
        "zijn schattingen uit regioplan (regiobeeld, scenario's en het register van initiatieven).",
        "made_on": "Gemaakt op {date}; regio {code}, horizon {horizon}, seed {seed}.",
        "sec.picture": "1. Het huidige beeld",
        "sec.gaps": "2. De tekorten",
        "sec.chosen": "3. Gekozen initiatieven",
        "sec.effects": "4. Verwachte effecten, met onzekerheid",
        "sec.bottlenecks": "5. Knelpunten om te verwachten, en hoe anderen ze aanpakten",
        "sec.indicators": "6. Indicatoren om te volgen",
        "sec.own": "7. Wat de regio al doet",
        "sec.method": "Methode en bronnen",
        "picture.bottlenecks": "Waar de cijfers op wijzen",
        "gaps.caption": "Tekort per beroep (benodigde min beschikbare fte; positief = tekort)",
        "col.profession": "Beroep",
        "col.gap_now": "Tekort {year} (fte)",
        "col.gap_h": "Tekort {year} (fte)",
        "col.share": "Aandeel van de vraag",
        "col.access": "Bereikbaarheid t.o.v. NL",
        "col.km": "Km tot opleiding",
        "gaps.region": "Verwachte ANW-contacten per inwoner: {ooh} x het landelijke gemiddelde. "
        "Groei van het aantal 75-plussers tot {year}: {ageing}.",
        "chosen.from_file": "De coalitie koos deze initiatieven (bestand).",
        "chosen.from_scan": "Gekozen: de {n} typen met het grootste geschatte effect in de scan "
        "van deze regio (vervang ze door de eigen keuze met --choose).",
        "col.rank": "Plaats in de scan",
        "col.initiative": "Initiatief",
        "col.acts_on": "Werkt op",
        "col.fits": "Past bij knelpunt van de regio",
        "col.elsewhere": "Elders in het register",
        "effects.intro": "Geschat met de scenariomotor: elk initiatief apart op de basisraming van "
        "de regio, start {start}, {ramp} jaar aanloop, parameters met hun bandbreedte uit de "
        "catalogus; Monte Carlo met {draws} trekkingen (seed {seed}). Balk: P10 tot P90, streep: "
        "P50.",
        "col.gap_base": "Tekort {year} zonder (fte)",
        "col.closed": "Tekort gedicht {year} (fte): P50 [P10 – P90]",
        "col.band": "Bandbreedte",
        "effects.widens": "Een negatieve waarde betekent dat het tekort van dat beroep groter "
        "wordt (taken verschuiven naar dat beroep).",
        "bn.intro": "De vier terugkerende knelpunten van het programma die bij deze initiatieven "
        "horen, met ervaringen uit het register (meest gelijkende regio's eerst). De teksten uit "
        "het register zijn Engelstalige samenvattingen van de genoemde bronnen.",
        "bn.happened": "Wat gebeurde",
        "bn.solved": "Hoe opgelost",
        "bn.unknown": "niet bekend uit de bronnen",
        "bn.none": "Het register bevat nog geen beschreven ervaring met dit knelpunt.",
        "bn.other_type": "(ander type: {type})",
        "ind.intro": "Per initiatief wat te meten, met de uitgangswaarde uit het regiobeeld waar "
        "die er is, en wat andere regio's met dit type al meten.",
        "ind.measured_elsewhere": "Elders gemeten",
        "own.none": "Het register bevat geen lopend initiatief in deze regio.",
        "own.expected": "Verwacht (scenario, vanaf de start): tekort gedicht {year}",
        "own.results": "Gemeten resultaten",
        "own.noresults": "Nog geen gemeten resultaten geregistreerd.",
        "verdict.within": "binnen de verwachte bandbreedte",
        "verdict.below": "onder de verwachte bandbreedte",
        "verdict.above": "boven de verwachte bandbreedte",
        "verdict.not_comparable": "niet te vergelijken met de schatting, die in fte per beroep is",
        "verdict.no_estimate": "geen schatting: het type staat niet in de catalogus",
        "effects.baseline": "Het tekort zonder is de basisraming van de scenariomotor (één "
        "projectie); het kan iets afwijken van de mediaan in sectie 2.",
        "stage.idea": "idee",
        "stage.preparation": "voorbereiding",
        "stage.pilot": "pilot",
        "stage.running": "loopt",
        "stage.scaled_up": "opgeschaald",
        "stage.stopped": "gestopt",
        "method.ranking": "Rangorde: elk type uit de catalogus apart doorgerekend met de "
        "scenariomotor; de sleutel is het gemiddelde over de beroepen met een tekort van het deel "
        "van dat tekort dat bij P50 gedicht wordt (hoogstens 1; een groter tekort telt negatief).",
        "method.similarity": "Gelijkenis: regio's vergeleken op hun tekortprofiel (tekort nu en "
        "aan de horizon, bereikbaarheid en afstand tot opleiding per beroep, ANW-druk, "
        "vergrijzing), elk kenmerk gestandaardiseerd over alle zorgkantoorregio's; gelijkenis = "
        "1 / (1 + afstand).",
        "method.registry": "Register: {n} initiatieven met openbare bronnen; gebruikte bronnen:",
        "lever.ooh": "ANW-belasting",
        "lever.travel": "reistijd",
        "lever.inflow": "instroom",
        "lever.demand": "vraag",
        "lever.supply": "aanbod",
        "prof.gp": "huisarts",
        "prof.so": "specialist ouderengeneeskunde",
        "prof.avg": "arts verstandelijk gehandicapten",
        "fit.workforce_gap": "tekort {profession}",
        "fit.unequal_access": "ongelijke bereikbaarheid",
        "fit.distance_to_training": "afstand tot opleiding",
        "fit.ageing": "vergrijzing",
        "fit.ooh_pressure": "ANW-druk",
        "bottleneck.scaling_up": "Opschaling: initiatieven blijven klein en kwetsbaar",
        "bottleneck.working_across_domains": "Domeinoverstijgend werken (zorg, welzijn, "
        "gemeenten, verzekeraars)",
        "bottleneck.room_in_rules": "Ruimte in regels (bekostiging, regelgeving, "
        "verantwoordelijkheid)",
        "bottleneck.regional_steering": "Regionale sturing (gedeelde visie, data, afspraken)",
        "ind.gap": "Tekort {profession} (fte; regiobeeld {year}: {value})",
        "ind.ooh": "ANW-contacten per 1.000 inwoners en diensten per arts (verwacht nu: {value} x "
        "landelijk)",
        "ind.travel": "Reistijd en bereikbaarheid per gemeente (bereikbaarheid t.o.v. NL, "
        "{profession}: {value})",
        "ind.inflow": "Aios en nieuwe artsen die zich in de regio vestigen (km tot opleiding, "
        "{profession}: {value})",
        "ind.demand": "Overgenomen taken en vrijgekomen artsentijd per deelnemende praktijk of "
        "organisatie",
        "ind.supply": "Beschikbare fte per beroep en vacatures",
        "none": "–",
    },
    "en": {
        "title": "Regional vision for medical-generalist care",
        "draft": "A draft to start from — for the regional coalition to edit. Figures are "
        "estimates from regioplan (regiobeeld, scenarios and the initiative registry).",
        "made_on": "Made on {date}; region {code}, horizon {horizon}, seed {seed}.",
        "sec.picture": "1. The current picture",
        "sec.gaps": "2. The gaps",
        "sec.chosen": "3. Chosen initiatives",
        "sec.effects": "4. Expected effects, with uncertainty",
        "sec.bottlenecks": "5. Bottlenecks to expect, and how others met them",
        "sec.indicators": "6. Indicators to monitor",
        "sec.own": "7. What the region already does",
        "sec.method": "Method and sources",
        "picture.bottlenecks": "What the figures point to",
        "gaps.caption": "Gap per profession (required minus available FTE; positive = shortage)",
        "col.profession": "Profession",
        "col.gap_now": "Gap {year} (FTE)",
        "col.gap_h": "Gap {year} (FTE)",
        "col.share": "Share of demand",
        "col.access": "Access vs NL",
        "col.km": "Km to training",
        "gaps.region": "Expected out-of-hours contacts per inhabitant: {ooh} x the national mean. "
        "Growth of the 75+ population to {year}: {ageing}.",
        "chosen.from_file": "The coalition chose these initiatives (file).",
        "chosen.from_scan": "Chosen: the {n} types with the largest estimated effect in this "
        "region's scan (replace them by your own choice with --choose).",
        "col.rank": "Rank in the scan",
        "col.initiative": "Initiative",
        "col.acts_on": "Acts on",
        "col.fits": "Fits the region's bottleneck",
        "col.elsewhere": "Elsewhere in the registry",
        "effects.intro": "Estimated with the scenario engine: each initiative alone on the "
        "region's baseline, start {start}, {ramp} years ramp-up, parameters with their ranges from "
        "the catalogue; Monte Carlo with {draws} draws (seed {seed}). Bar: P10 to P90, mark: P50.",
        "col.gap_base": "Gap {year} without (FTE)",
        "col.closed": "Gap closed {year} (FTE): P50 [P10 – P90]",
        "col.band": "Band",
        "effects.widens": "A negative value means the profession's gap grows (tasks move to it).",
        "bn.intro": "The programme's four recurring bottlenecks that go with these initiatives, "
        "with experience from the registry (most similar regions first).",
        "bn.happened": "What happened",
        "bn.solved": "How it was solved",
        "bn.unknown": "not known from the sources",
        "bn.none": "The registry holds no described experience with this bottleneck yet.",
        "bn.other_type": "(other type: {type})",
        "ind.intro": "Per initiative what to measure, with the starting value from the regiobeeld "
        "where there is one, and what other regions already measure for this type.",
        "ind.measured_elsewhere": "Measured elsewhere",
        "own.none": "The registry holds no running initiative in this region.",
        "own.expected": "Expected (scenario, from its start): gap closed {year}",
        "own.results": "Measured results",
        "own.noresults": "No measured results registered yet.",
        "verdict.within": "within the expected band",
        "verdict.below": "below the expected band",
        "verdict.above": "above the expected band",
        "verdict.not_comparable": "not comparable with the estimate, which is in FTE per "
        "profession",
        "verdict.no_estimate": "no estimate: the type is not in the catalogue",
        "effects.baseline": "The gap without is the scenario engine's baseline (one projection); "
        "it may differ a little from the median in section 2.",
        "stage.idea": "idea",
        "stage.preparation": "preparation",
        "stage.pilot": "pilot",
        "stage.running": "running",
        "stage.scaled_up": "scaled up",
        "stage.stopped": "stopped",
        "method.ranking": "Ranking: each catalogue type run alone through the scenario engine; "
        "the key is the mean, over professions with a gap, of the share of that gap closed at P50 "
        "(at most 1; a widened gap counts negative).",
        "method.similarity": "Similarity: regions compared on their gap profile (gap now and at "
        "the horizon, access and distance to training per profession, out-of-hours pressure, "
        "ageing), each feature standardised over all zorgkantoor regions; similarity = 1 / (1 + "
        "distance).",
        "method.registry": "Registry: {n} initiatives with public sources; sources used:",
        "lever.ooh": "out-of-hours load",
        "lever.travel": "travel time",
        "lever.inflow": "inflow",
        "lever.demand": "demand",
        "lever.supply": "supply",
        "prof.gp": "GP",
        "prof.so": "elderly-care physician (SO)",
        "prof.avg": "physician for people with intellectual disabilities (AVG)",
        "fit.workforce_gap": "gap of {profession}",
        "fit.unequal_access": "unequal access",
        "fit.distance_to_training": "distance to training",
        "fit.ageing": "ageing",
        "fit.ooh_pressure": "out-of-hours pressure",
        "bottleneck.scaling_up": "Scaling up: initiatives stay small and fragile",
        "bottleneck.working_across_domains": "Working across domains (care, welfare, "
        "municipalities, insurers)",
        "bottleneck.room_in_rules": "Room in the rules (funding, regulation, responsibility)",
        "bottleneck.regional_steering": "Regional steering (shared vision, data, agreements)",
        "ind.gap": "Gap of {profession} (FTE; regiobeeld {year}: {value})",
        "ind.ooh": "Out-of-hours contacts per 1,000 inhabitants and shifts per physician "
        "(expected now: {value} x national)",
        "ind.travel": "Travel time and access per municipality (access vs NL, {profession}: "
        "{value})",
        "ind.inflow": "Trainees and new physicians settling in the region (km to training, "
        "{profession}: {value})",
        "ind.demand": "Tasks taken over and physician time freed per participating practice or "
        "organisation",
        "ind.supply": "Available FTE per profession and vacancies",
        "none": "–",
    },
}


def text(lang: str, key: str, **values: Any) -> str:
    """The vision's text `key` in `lang`, formatted with `values`."""
    return _TEXT[check_lang(lang)][key].format(**values)


def _fit_label(lang: str, fit: str) -> str:
    kind, _, prof = fit.partition(":")
    profession = text(lang, f"prof.{prof}") if prof else ""
    return text(lang, f"fit.{kind}", profession=profession)


def _bar(band: Band, top: float) -> dict[str, float]:
    """Percent positions of a P10-P90 bar and its P50 mark on an axis from min(0, p10) to top."""
    low = min(0.0, band.p10)
    span = (top - low) or 1.0

    def at(x: float) -> float:
        return round(100 * (x - low) / span, 2)

    return {
        "left": at(band.p10),
        "width": max(at(band.p90) - at(band.p10), 0.5),
        "mid": at(band.p50),
        "zero": at(0.0),
    }


def _indicators(lang: str, scan: RegionalScan, effect: TypeEffect) -> list[str]:
    item = get_initiative(effect.type)
    gaps = scan.to_dict()["gaps"]
    prof = item.professions[0]

    def n(value: float | None, digits: int = 1) -> str:
        return format_number(value, lang, digits) if value is not None else text(lang, "none")

    out = [
        text(
            lang,
            "ind.gap",
            profession=text(lang, f"prof.{p}"),
            year=scan.horizon,
            value=n(gaps[p]["gap_horizon_fte"]),
        )
        for p in item.professions
        if p in gaps
    ]
    lever = item.lever_kind
    if lever == "ooh":
        out.append(text(lang, "ind.ooh", value=n(gaps["region"]["ooh_pressure"], 2)))
    elif lever == "travel":
        share = gaps[prof]["access_shortfall"]
        value = fmt_percent(-share, lang, 1, signed=True) if share is not None else "–"
        out.append(text(lang, "ind.travel", profession=text(lang, f"prof.{prof}"), value=value))
    elif lever == "inflow":
        out.append(
            text(
                lang,
                "ind.inflow",
                profession=text(lang, f"prof.{prof}"),
                value=n(gaps[prof]["training_km"], 0),
            )
        )
    elif lever in ("demand", "supply"):
        out.append(text(lang, f"ind.{lever}"))
    return out


def _experiences(
    scan: RegionalScan, chosen: Sequence[str], code: Bottleneck
) -> list[tuple[Elsewhere, str]]:
    """Registry experience with bottleneck `code`: the chosen types' entries first (most similar
    region first), then entries of other types; at most EXAMPLES_PER_BOTTLENECK."""
    first: list[tuple[Elsewhere, str]] = []
    rest: list[tuple[Elsewhere, str]] = []
    for kind, items in scan.elsewhere.items():
        for e in items:
            for b in e.record.bottlenecks:
                if b.code == code:
                    (first if kind in chosen else rest).append((e, kind))
    rest.sort(key=lambda x: -x[0].similarity)
    return (first + rest)[:EXAMPLES_PER_BOTTLENECK]


def vision_context(
    scan: RegionalScan,
    chosen: Sequence[str],
    lang: str,
    *,
    chosen_from_file: bool,
    made_on: date | None = None,
) -> dict[str, Any]:
    """The template context of the vision (see :func:`render_vision`). The vision reads the
    whole regiobeeld (fragility among others): a scan built without some of its parts (the
    lean default of :func:`~regioplan.regiobeeld.scan.scan_region`) is refused, not rendered
    with those parts silently empty."""
    check_lang(lang)
    if scan.left_out:
        parts = ", ".join(sorted(p.value for p in scan.left_out))
        raise ParameterError(
            f"the vision needs the whole regiobeeld; this scan was built without: {parts} "
            "(scan_region(..., leave_out=frozenset()) builds it whole)"
        )
    by_type = {e.type: e for e in scan.ranking}
    unknown = [c for c in chosen if c not in by_type]
    if unknown:
        raise ParameterError(f"not an initiative type of the scan: {', '.join(unknown)}")
    rank = {e.type: i for i, e in enumerate(scan.ranking, 1)}
    effects = [by_type[c] for c in chosen]
    top = max([0.0, *(b.p90 for e in effects for b in e.closed.values())]) or 1.0
    rows: list[dict[str, Any]] = []
    for e in effects:
        item = get_initiative(e.type)
        rows.append(
            {
                "effect": e,
                "item": item,
                "rank": rank[e.type],
                "fits": [_fit_label(lang, f) for f in e.fits],
                "elsewhere": scan.elsewhere.get(e.type, []),
                "bars": {p: _bar(b, top) for p, b in e.closed.items()},
                "indicators": _indicators(lang, scan, e),
                "measured": sorted(
                    {r.indicator for x in scan.elsewhere.get(e.type, []) for r in x.record.results}
                ),
            }
        )
    codes = [b for b in Bottleneck if any(b in get_initiative(c).bottlenecks for c in chosen)]
    cited: dict[str, InitiativeRecord] = {}
    experiences: dict[str, list[tuple[Elsewhere, str]]] = {}
    for code in codes:
        found = _experiences(scan, chosen, code)
        experiences[code.value] = found
        for x, _ in found:
            cited[x.record.id] = x.record
    for e in effects:
        for x in scan.elsewhere.get(e.type, []):
            cited[x.record.id] = x.record
    for o in scan.own:
        cited[o.record.id] = o.record

    def tr(key: str, **values: Any) -> str:
        return text(lang, key, **values)

    def n(value: float | None, digits: int = 0) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return tr("none")
        return format_number(value, lang, digits)

    def pct(share: float | None, digits: int = 1, signed: bool = False) -> str:
        return tr("none") if share is None else fmt_percent(share, lang, digits, signed=signed)

    rb = scan.regiobeeld
    return {
        "lang": lang,
        "t": tr,
        "n": n,
        "pct": pct,
        "scan": scan,
        "rb": rb,
        "gaps": scan.to_dict()["gaps"],
        "first_year": min(w.years[0].year for w in rb.workforce.values()),
        "summary": summary(rb, lang),
        "bottleneck_sentences": bottleneck_sentences(rb, lang),
        "rows": rows,
        "chosen_types": list(chosen),
        "chosen_from_file": chosen_from_file,
        "codes": codes,
        "experiences": experiences,
        "cited": sorted(cited.values(), key=lambda r: r.id),
        "made_on": made_on.isoformat() if made_on is not None else "",
        "start": START_YEAR,
        "ramp": RAMP_YEARS,
        "method": METHOD,
        "css": asset("style.css"),
    }


def render_vision(
    scan: RegionalScan,
    chosen: Sequence[str],
    lang: str = "nl",
    *,
    chosen_from_file: bool = False,
    made_on: date | None = None,
) -> str:
    """The draft vision as one self-contained HTML document in `lang` (nl or en); `made_on`
    (the edge passes today) is printed as the draft's date."""
    ctx = vision_context(scan, chosen, lang, chosen_from_file=chosen_from_file, made_on=made_on)
    return environment().get_template("vision.html").render(ctx)


__all__ = ["render_vision", "text", "vision_context"]
