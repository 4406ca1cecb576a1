"""The engines' sources and methods in the report's language.

The engines and :mod:`regioplan.regiobeeld.sections` describe how a number was made in English
sentences (``Regiobeeld.sources``, each section's ``method``). The report renders them in its own
language through :data:`PHRASES`: each phrase is a regular expression over the engines' wording
with a Dutch and an English template. Its named groups are the values: ``n_*`` a number in the
engine's English notation (written again with :func:`regioplan.output.format_number`, with as
many decimals as the engine gave), ``p_*`` a profession code, ``s_*`` step weights
(``10:1,20:0.68``); other groups (codes, dates, names) and web addresses are kept as they are.

>>> engine_text("supply: 0.0 FTE own data, 249.8 FTE estimate", "nl")
'aanbod: 0,0 fte eigen gegevens, 249,8 fte schatting'
>>> engine_text("national headcount 13,492 (2021-01-01; assumption)", "en")
'national headcount 13,492 (2021-01-01; assumption)'

A phrase the table does not know stays as the engine wrote it; ``tests/report/
test_report_dutch.py`` fails on English in the Dutch report, so new engine wording gets its
phrase here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from regioplan.output import format_number
from regioplan.report.i18n import check_lang, t


@dataclass(frozen=True)
class Phrase:
    """One piece of the engines' wording (`pattern`) and its text in Dutch and English."""

    pattern: str
    nl: str
    en: str


_DATE = r"\d{1,2}-\d{1,2}-\d{4}"
_NUM = r"\d[\d,]*(?:\.\d+)?"

PHRASES: tuple[Phrase, ...] = (
    Phrase(r"https?://[^\s;)]+", "{0}", "{0}"),  # web addresses stay as they are
    # where the region stands (regioplan.national): before the workforce's shorter phrases
    Phrase(
        rf"(?P<n_draws>{_NUM}) Monte Carlo draws \(seed (?P<seed>\d+)\): triangular draws over "
        r"the variants and the assumptions' ranges, settlement \(decay length, base share\) "
        r"drawn per draw; the draws of monte_carlo\(region=\.\.\., vary_settlement=True\) for "
        r"every region at once",
        "{draws} Monte-Carlotrekkingen (seed {seed}) over de varianten, de bandbreedtes van de "
        "aannames en de vestiging (vervallengte, basisaandeel): die van monte_carlo(region=..., "
        "vary_settlement=True) van elke regio, voor alle regio's tegelijk",
        "{draws} Monte Carlo draws (seed {seed}): triangular draws over the variants and the "
        "assumptions' ranges, settlement (decay length, base share) drawn per draw; the draws of "
        "monte_carlo(region=..., vary_settlement=True) for every region at once",
    ),
    Phrase(
        r"relative gap \(demand - supply\) / demand in (?P<y1>\d{4}) and (?P<y2>\d{4}), "
        r"P10/P50/P90 over the draws \(regioplan\.workforce, regional split by municipal "
        r"shares\)",
        "relatief tekort (vraag min aanbod) / vraag in {y1} en {y2}, P10/P50/P90 over de "
        "trekkingen (regioplan.workforce, regionale verdeling naar gemeentelijke aandelen)",
        "relative gap (demand - supply) / demand in {y1} and {y2}, P10/P50/P90 over the draws "
        "(regioplan.workforce, regional split by municipal shares)",
    ),
    Phrase(
        r"rank by relative gap in (?P<y>\d{4}) within every draw \(1 = largest shortage, ties "
        r"share their mean rank\), P10/P50/P90 over the draws",
        "plaats naar relatief tekort in {y} binnen elke trekking (1 = grootste tekort; gelijke "
        "delen hun gemiddelde plaats), P10/P50/P90 over de trekkingen",
        "rank by relative gap in {y} within every draw (1 = largest shortage, ties share their "
        "mean rank), P10/P50/P90 over the draws",
    ),
    Phrase(
        r"today's E2SFCA per municipality for the whole country \(regioplan\.access\), "
        r"population-weighted per region; vs national: divided by the national "
        rf"population-weighted mean \((?P<n_mean>{_NUM}) FTE per 10,000\)",
        "bereikbaarheid in het peiljaar (E2SFCA per gemeente, regioplan.access), "
        "bevolkingsgewogen per regio en gedeeld door het landelijk gemiddelde ({mean} fte per "
        "10.000)",
        "accessibility in the base year (E2SFCA per municipality for the whole country, "
        "regioplan.access), population-weighted per region and divided by the national "
        "population-weighted mean ({mean} FTE per 10,000)",
    ),
    Phrase(
        r"growth of the 75\+ population from (?P<y1>\d{4}) to (?P<y2>\d{4}) "
        r"\(regioplan\.demography projection\)",
        "groei van het aantal 75-plussers van {y1} tot {y2} (prognose van regioplan.demography)",
        "growth of the 75+ population from {y1} to {y2} (regioplan.demography projection)",
    ),
    Phrase(
        r"population-weighted mean road km to the nearest (?P<p_prof>gp|so|avg) training centre "
        r"\(regioplan\.regions\.training_distance_km, estimate\)",
        "afstand: bevolkingsgewogen gemiddelde wegkilometers tot het dichtstbijzijnde "
        "opleidingscentrum {prof} (regioplan.regions.training_distance_km; schatting)",
        "population-weighted mean road km to the nearest {prof} training centre "
        "(regioplan.regions.training_distance_km, estimate)",
    ),
    Phrase(
        r"none: today's workforce is the bundled estimate",
        "geen eigen gegevens: de bezetting in het eerste modeljaar is overal de meegeleverde "
        "schatting",
        "no own data: the workforce of the first model year is the bundled estimate everywhere",
    ),
    Phrase(
        r"own data of (?P<codes>[\w, ]+?) \(stock shares as each region's own projection has "
        r"them\)",
        "eigen gegevens van {codes} (bestandsaandelen zoals de eigen prognose van elke regio ze "
        "heeft)",
        "own data of {codes} (stock shares as each region's own projection has them)",
    ),
    Phrase(
        r"Spearman's rho of the population-weighted mean road km to the nearest "
        r"(?P<p_prof>gp|so|avg) training centre and the median relative gap in (?P<year>\d{4}) "
        r"over the (?P<n_units>\d+) units of level (?P<level>\w+); two-sided permutation "
        rf"p-value over (?P<n_perm>{_NUM}) permutations \(seed (?P<seed>\d+); "
        r"regioplan\.stats\.spearman\)",
        "afstandspatroon: Spearmans rho van die afstand ({prof}) en het mediane relatieve "
        "tekort in {year} over {units} eenheden ({level}); tweezijdige p uit {perm} permutaties "
        "(seed {seed}; regioplan.stats.spearman)",
        "Spearman's rho of the population-weighted mean road km to the nearest {prof} "
        "training centre and the median relative gap in {year} over the {units} units of level "
        "{level}; two-sided permutation p-value over {perm} permutations (seed {seed}; "
        "regioplan.stats.spearman)",
    ),
    # population and its sources
    Phrase(
        r"cohort-component projection, 5-year groups, yearly steps \((?P<doc>[\w/.]+)\)",
        "cohort-componentenprognose in 5-jaarsgroepen en stappen van een jaar ({doc})",
        "cohort-component projection, 5-year groups, yearly steps ({doc})",
    ),
    Phrase(
        rf"base: CBS population (?P<date>{_DATE}) by municipality",
        "basis: CBS-bevolking {date} per gemeente",
        "base: CBS population {date} by municipality",
    ),
    Phrase(
        r"ages estimated from (?P<year>\d{4}) PC4 shares",
        "leeftijden geschat uit de PC4-aandelen van {year}",
        "ages estimated from {year} PC4 shares",
    ),
    Phrase(
        rf"ages estimated from (?P<year>\d{{4}}) PC4 ages aged to (?P<date>{_DATE})",
        "leeftijden geschat uit de PC4-leeftijden van {year}, doorgeschoven naar {date}",
        "ages estimated from {year} PC4 ages aged to {date}",
    ),
    Phrase(r"migration: yes", "met migratie", "migration: yes"),
    Phrase(r"migration: no", "zonder migratie", "migration: no"),
    Phrase(
        r"\(regioplan\.demography, estimate\)",
        "(regioplan.demography; schatting)",
        "(regioplan.demography, estimate)",
    ),
    Phrase(rf"population (?P<date>{_DATE})", "bevolking op {date}", "population {date}"),
    Phrase(
        r"CBS/PDOK wijkenbuurten (?P<year>\d{4}) boundaries",
        "grenzen uit CBS/PDOK wijkenbuurten {year}",
        "CBS/PDOK wijkenbuurten {year} boundaries",
    ),
    Phrase(
        r"region mapping derived by area overlap",
        "indeling in regio's afgeleid uit de overlap van de gebieden",
        "region mapping derived by area overlap",
    ),
    Phrase(
        rf"CBS (?P<table>\w+) population by PC4 and 5-year age group (?P<date>{_DATE})",
        "CBS {table}, bevolking per PC4 en 5-jaarsgroep op {date}",
        "CBS {table} population by PC4 and 5-year age group {date}",
    ),
    Phrase(
        rf"shares applied to the (?P<date>{_DATE}) municipal totals",
        "aandelen toegepast op de gemeentelijke totalen van {date}",
        "shares applied to the {date} municipal totals",
    ),
    Phrase(
        rf"aged to (?P<date>{_DATE}) with the demography engine and scaled to the "
        rf"(?P<date2>{_DATE}) municipal totals",
        "met het demografiemodel doorgeschoven naar {date} en geschaald naar de gemeentelijke "
        "totalen van {date2}",
        "aged to {date} with the demography engine and scaled to the {date2} municipal totals",
    ),
    # training centres
    Phrase(
        r"compiled from Capaciteitsorgaan, Verenso and UMC sites",
        "samengesteld uit de websites van het Capaciteitsorgaan, Verenso en de UMC's",
        "compiled from Capaciteitsorgaan, Verenso and UMC sites",
    ),
    Phrase(
        r"coordinates Eurostat/GISCO healthcare services (?P<year>\d{4})",
        "coördinaten uit Eurostat/GISCO, zorginstellingen {year}",
        "coordinates Eurostat/GISCO healthcare services {year}",
    ),
    # the estimate of the workforce now (regioplan.regions.workforce)
    Phrase(
        rf"estimate: national headcount (?P<n_persons>{_NUM}) \((?P<date>[\d-]+); ",
        "schatting: landelijk {persons} personen ({date}; ",
        "estimate: national headcount {persons} ({date}; ",
    ),
    Phrase(r"source: ", "bron: ", "source: "),
    Phrase(
        rf"assumption \(range (?P<n_lo>{_NUM})-(?P<n_hi>{_NUM})\)",
        "aanname (bandbreedte {lo}–{hi})",
        "assumption (range {lo}-{hi})",
    ),
    Phrase(r"\(assumptions\)", "(aannames)", "(assumptions)"),
    Phrase(r"assumption\b", "aanname", "assumption"),
    Phrase(r"\) allocated by ", ") verdeeld naar ", ") allocated by "),
    Phrase(
        r"GP practice contacts per person per year by age, Nivel Zorgregistraties (?P<year>\d{4}) "
        r"\(staatvenz\.nl\)",
        "huisartscontacten per persoon per jaar naar leeftijd (Nivel Zorgregistraties {year}, "
        "staatvenz.nl)",
        "GP practice contacts per person per year by age, Nivel Zorgregistraties {year} "
        "(staatvenz.nl)",
    ),
    Phrase(
        r"population aged 80\+ \(proxy for elderly-care physician demand\)",
        "inwoners van 80 jaar en ouder (benadering van de vraag naar specialisten "
        "ouderengeneeskunde)",
        "population aged 80+ (proxy for elderly-care physician demand)",
    ),
    Phrase(
        r"total population \(no age-specific rate available\)",
        "alle inwoners (geen leeftijdsspecifiek cijfer beschikbaar)",
        "total population (no age-specific rate available)",
    ),
    Phrase(
        rf"FTE = headcount x (?P<n_fte>{_NUM}) FTE per person",
        "fte = personen x {fte} fte per persoon",
        "FTE = headcount x {fte} FTE per person",
    ),
    Phrase(r"imported data: ", "eigen gegevens: ", "imported data: "),
    # the workforce projection (regioplan.workforce)
    Phrase(
        r"parameter set (?P<pset>\w+) \(regioplan\.workforce\), scenario (?P<scenario>\w+), "
        r"(?P<n_draws>\d+) Monte Carlo draws \(seed (?P<seed>\d+)\)",
        "parameterset {pset} (regioplan.workforce), scenario {scenario}, {draws} "
        "Monte-Carlotrekkingen (seed {seed})",
        "parameter set {pset} (regioplan.workforce), scenario {scenario}, {draws} Monte Carlo "
        "draws (seed {seed})",
    ),
    Phrase(
        r"triangular draws over the variants and the assumptions' ranges \((?P<doc>[\w/.]+)\)",
        "trekkingen uit driehoeksverdelingen over de varianten en de bandbreedtes van de aannames "
        "({doc})",
        "triangular draws over the variants and the assumptions' ranges ({doc})",
    ),
    Phrase(
        r"settlement: decay length and base share drawn over their ranges",
        "vestiging: vervallengte en basisaandeel getrokken over hun bandbreedtes",
        "settlement: decay length and base share drawn over their ranges",
    ),
    Phrase(
        r"settlement: region's settling share held at the model's value",
        "vestiging: het vestigingsaandeel van de regio vast op de waarde van het model",
        "settlement: region's settling share held at the model's value",
    ),
    Phrase(
        r"regional split: distance decay (?P<formula>t ∝ U \(α \+ \(1-α\) exp\(-d/L\)\)), "
        rf"L = (?P<n_decay>{_NUM}) km, α = (?P<n_base>{_NUM})",
        "regionale verdeling: afstandsverval {formula}, L = {decay} km, α = {base}",
        "regional split: distance decay {formula}, L = {decay} km, α = {base}",
    ),
    Phrase(
        r"d = road km to the nearest (?P<p_profession>\w+) training centre",
        "d = wegkilometers tot het dichtstbijzijnde opleidingscentrum ({profession})",
        "d = road km to the nearest {profession} training centre",
    ),
    Phrase(
        r"demand share: regioplan\.demography projection x regioplan\.regions\.usage_weights",
        "vraagaandeel: bevolkingsprognose (regioplan.demography) x gebruiksgewichten "
        "(regioplan.regions.usage_weights)",
        "demand share: regioplan.demography projection x regioplan.regions.usage_weights",
    ),
    Phrase(
        r"Training inflow needed: median over the draws of the trainees per year who must settle "
        r"in the region for its gap to close in the ",
        "Benodigde opleidingsinstroom: de mediaan over de trekkingen van het aantal aios per jaar "
        "dat zich in de regio moet vestigen om het tekort te sluiten in het ",
        "Training inflow needed: median over the draws of the trainees per year who must settle "
        "in the region for its gap to close in the ",
    ),
    Phrase(
        r"Training inflow needed: median over the draws of the trainees per year who must settle "
        r"in the Netherlands for its gap to close in the ",
        "Benodigde opleidingsinstroom: de mediaan over de trekkingen van het aantal aios per jaar "
        "dat zich in Nederland moet vestigen om het tekort te sluiten in het ",
        "Training inflow needed: median over the draws of the trainees per year who must settle "
        "in the Netherlands for its gap to close in the ",
    ),
    Phrase(
        r"balance year (?P<year>\d{4}) \(the horizon\)",
        "evenwichtsjaar {year} (de horizon)",
        "balance year {year} (the horizon)",
    ),
    Phrase(
        r"balance year (?P<year>\d{4}) \(the horizon (?P<horizon>\d{4}) is not allowed: "
        r"(?P<reason>[^)]*)\)",
        "evenwichtsjaar {year} (de horizon {horizon} kan het model niet als evenwichtsjaar "
        "gebruiken)",
        "balance year {year} (the horizon {horizon} is not allowed: {reason})",
    ),
    Phrase(
        rf"at the (?P<year>\d{{4}}) intake: the region's share \((?P<n_share>{_NUM})\) of the "
        rf"current national intake of (?P<n_intake>{_NUM}) trainees per year under the "
        "settlement model",
        "bij de instroom van {year}: het aandeel van de regio ({share}) in de huidige landelijke "
        "instroom van {intake} aios per jaar volgens het vestigingsmodel",
        "at the {year} intake: the region's share ({share}) of the current national intake of "
        "{intake} trainees per year under the settlement model",
    ),
    Phrase(
        rf"\(estimate; at the national equilibrium intake it would be (?P<n_eq>{_NUM})\)",
        "(schatting; bij de landelijke evenwichtsinstroom zouden het er {eq} zijn)",
        "(estimate; at the national equilibrium intake it would be {eq})",
    ),
    # accessibility (regioplan.access)
    Phrase(
        r"(?P<method>\w+) \(regioplan\.access\), weights (?P<s_weights>[\d.:,]+), catchment "
        rf"(?P<n_catchment>{_NUM}) min",
        "{method} (regioplan.access), gewichten naar reistijd {weights}, verzorgingsgebied "
        "{catchment} min",
        "{method} (regioplan.access), weights {weights}, catchment {catchment} min",
    ),
    Phrase(
        rf"travel costs: estimate: great-circle distance x (?P<n_circuity>{_NUM}) circuity at "
        rf"(?P<n_urban>{_NUM}) km/h \(urban\) / (?P<n_rural>{_NUM}) km/h \(rural\)",
        "reistijden: schatting: hemelsbrede afstand x {circuity} (omwegfactor) bij {urban} km/u "
        "(stedelijk) / {rural} km/u (landelijk)",
        "travel costs: estimate: great-circle distance x {circuity} circuity at {urban} km/h "
        "(urban) / {rural} km/h (rural)",
    ),
    Phrase(
        r"travel costs: own travel-time matrix",
        "reistijden: eigen reistijdenmatrix",
        "travel costs: own travel-time matrix",
    ),
    Phrase(
        rf"supply: (?P<n_own>{_NUM}) FTE own data, (?P<n_estimate>{_NUM}) FTE estimate",
        "aanbod: {own} fte eigen gegevens, {estimate} fte schatting",
        "supply: {own} FTE own data, {estimate} FTE estimate",
    ),
    Phrase(
        rf"(?P<method>\w+) \(regioplan\.access\) projected to (?P<date>{_DATE}): population: ",
        "{method} (regioplan.access), prognose voor {date}: bevolking: ",
        "{method} (regioplan.access) projected to {date}: population: ",
    ),
    Phrase(
        rf"regioplan\.demography cohort-component projection to (?P<date>{_DATE}) per "
        r"municipality and 5-year age group \(with migration\)",
        "cohort-componentenprognose (regioplan.demography) tot {date} per gemeente en "
        "5-jaarsgroep (met migratie)",
        "regioplan.demography cohort-component projection to {date} per municipality and 5-year "
        "age group (with migration)",
    ),
    Phrase(
        r"each area's (?P<year>\d{4}) ages scaled by its municipality's growth per age group",
        "de leeftijden van {year} in elk gebied geschaald met de groei per leeftijdsgroep van "
        "de gemeente",
        "each area's {year} ages scaled by its municipality's growth per age group",
    ),
    Phrase(
        r"demand: projected ages x age-specific use / the (?P<year>\d{4}) national mean use "
        r"\(so more elderly means more demand\)",
        "vraag: geprojecteerde leeftijden x leeftijdsspecifiek gebruik / het landelijk "
        "gemiddelde gebruik van {year} (meer ouderen is meer vraag)",
        "demand: projected ages x age-specific use / the {year} national mean use (so more "
        "elderly means more demand)",
    ),
    Phrase(
        rf" x need factor (?P<n_need>{_NUM}): the workforce model's national demand growth since "
        r"(?P<year>\d{4}) \(parameter set (?P<pset>\w+), scenario (?P<scenario>\w+), variant "
        r"(?P<variant>\w+), incl\. its non-demographic trends\) / the growth of the national "
        r"use-weighted population, so that need grows as the model's demand",
        " x behoeftefactor {need}: de groei van de landelijke vraag in het zorgverlenersmodel "
        "sinds {year} (parameterset {pset}, scenario {scenario}, variant {variant}, inclusief "
        "de niet-demografische trends) / de groei van de landelijke gebruiksgewogen bevolking, "
        "zodat de behoefte groeit zoals de vraag in het model",
        " x need factor {need}: the workforce model's national demand growth since {year} "
        "(parameter set {pset}, scenario {scenario}, variant {variant}, incl. its "
        "non-demographic trends) / the growth of the national use-weighted population, so that "
        "need grows as the model's demand",
    ),
    Phrase(
        r"compared with (?P<year>\d{4}) on the same basis; threshold (?P<n_fraction>[\d.]+) x "
        r"the national median of (?P<year2>\d{4}) on that basis",
        "vergeleken met {year} op dezelfde grondslag; drempel {fraction} x de landelijke mediaan "
        "van {year2} op die grondslag",
        "compared with {year} on the same basis; threshold {fraction} x the national median of "
        "{year2} on that basis",
    ),
    Phrase(
        r"supply: regioplan\.workforce central projection: parameter set (?P<pset>\w+), scenario "
        r"(?P<scenario>\w+), variant (?P<variant>\w+) \(no random draws\), split over "
        r"municipalities as (?P<formula>s_m x stock\(Y\) \+ t_m x trained\(Y\)) "
        r"\(regioplan\.workforce\.municipal_shares\)",
        "aanbod: centrale prognose van regioplan.workforce: parameterset {pset}, scenario "
        "{scenario}, variant {variant} (zonder trekkingen), over de gemeenten verdeeld als "
        "s_m x bestand(J) + t_m x opgeleid(J) (regioplan.workforce.municipal_shares)",
        "supply: regioplan.workforce central projection: parameter set {pset}, scenario "
        "{scenario}, variant {variant} (no random draws), split over municipalities as {formula} "
        "(regioplan.workforce.municipal_shares)",
    ),
    Phrase(
        r"own-data points keep their shares of their municipality, elsewhere one point at the "
        r"municipality centre",
        "punten uit eigen gegevens houden hun aandeel in hun gemeente, elders staat één punt in "
        "het midden van de gemeente",
        "own-data points keep their shares of their municipality, elsewhere one point at the "
        "municipality centre",
    ),
    Phrase(
        r"given FTE per municipality \(fte_by_municipality\); own-data points keep their shares",
        "opgegeven fte per gemeente (fte_by_municipality); punten uit eigen gegevens houden hun "
        "aandeel",
        "given FTE per municipality (fte_by_municipality); own-data points keep their shares",
    ),
    # out-of-hours contacts (regioplan.ooh)
    Phrase(
        rf"national rate (?P<n_rate>{_NUM}) contacts per 1000 inhabitants per year split by the "
        r"published shares of telephone advice, consultation and home visit",
        "landelijk {rate} contacten per 1.000 inwoners per jaar, verdeeld naar de gepubliceerde "
        "aandelen telefonisch advies, consult en visite",
        "national rate {rate} contacts per 1,000 inhabitants per year split by the published "
        "shares of telephone advice, consultation and home visit",
    ),
    Phrase(
        r"published age-specific rates for consultations 0-4 and for telephone advice and visits "
        r"85\+",
        "gepubliceerde leeftijdsspecifieke cijfers voor consulten van 0-4-jarigen en voor "
        "telefonisch advies en visites bij 85-plussers",
        "published age-specific rates for consultations 0-4 and for telephone advice and visits "
        "85+",
    ),
    Phrase(
        r"other ages follow the age profile of daytime GP contacts, scaled to the national rate",
        "de andere leeftijden volgen het leeftijdsprofiel van huisartscontacten overdag, "
        "geschaald naar het landelijke cijfer",
        "other ages follow the age profile of daytime GP contacts, scaled to the national rate",
    ),
    # the label every estimate carries
    Phrase(r"\(estimate\)", "(schatting)", "(estimate)"),
    Phrase(r"\bestimate\b", "schatting", "estimate"),
)


@cache
def _compiled() -> tuple[tuple[re.Pattern[str], Phrase], ...]:
    return tuple((re.compile(p.pattern), p) for p in PHRASES)


def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def _steps(text: str, lang: str) -> str:
    """Step weights ``10:1,20:0.68`` as ``10 min: 1, 20 min: 0,68`` in `lang`."""
    out = []
    for step in text.split(","):
        limit, _, weight = step.partition(":")
        out.append(f"{_number(limit, lang)} min: {_number(weight, lang)}")
    return ", ".join(out)


def _number(text: str, lang: str) -> str:
    return format_number(float(text.replace(",", "")), lang, _decimals(text))


def _value(name: str, text: str, lang: str) -> str:
    if name.startswith("n_"):
        return _number(text, lang)
    if name.startswith("p_"):
        return t(lang, f"prof.short.{text}")
    if name.startswith("s_"):
        return _steps(text, lang)
    return text


def _render(match: re.Match[str], phrase: Phrase, lang: str) -> str:
    values = {
        k.split("_", 1)[1] if k[:2] in ("n_", "p_", "s_") else k: _value(k, v, lang)
        for k, v in match.groupdict().items()
    }
    template = phrase.nl if lang == "nl" else phrase.en
    return template.format(match.group(0), **values)


def engine_text(text: str, lang: str) -> str:
    """An engine's source or method sentence `text` in `lang`, phrase by phrase.

    One pass from left to right: at each position the first phrase of :data:`PHRASES` that
    matches is written in `lang`; text no phrase matches is kept.
    """
    check_lang(lang)
    phrases = _compiled()
    out: list[str] = []
    pos = 0
    while pos < len(text):
        inside_word = pos > 0 and text[pos - 1].isalnum() and text[pos].isalnum()
        for pattern, phrase in () if inside_word else phrases:
            match = pattern.match(text, pos)
            if match and match.end() > pos:
                out.append(_render(match, phrase, lang))
                pos = match.end()
                break
        else:
            out.append(text[pos])
            pos += 1
    return "".join(out)


__all__ = ["PHRASES", "Phrase", "engine_text"]
