"""The report's and dashboard's message catalogue (nl, en) and number formatting.

Numbers are formatted by :func:`regioplan.output.format_number`, shared with the CLI.

Dutch formats numbers as ``1.234,5`` and English as ``1,234.5``. Every user-facing string of the
report and the dashboard is looked up here, so both languages stay complete: a test checks that
the two catalogues have the same keys.

>>> fmt_percent(0.1234, "nl"), fmt_percent(0.1234, "en")
('12,3%', '12.3%')
"""

from __future__ import annotations

import math
from typing import Any

from regioplan.errors import InputError
from regioplan.output import format_number
from regioplan.settings import LANGS

CATALOGUE: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Regiobeeld medisch-generalistische zorg",
        "subtitle": "{region} ({level}), {population} inwoners, peiljaar 2024, horizon {horizon}",
        "generated": "Gemaakt met regioplan {version}; seed {seed}",
        "level.zorgkantoor": "zorgkantoorregio",
        "level.ggd": "GGD-regio",
        "level.provincie": "provincie",
        "level.corop": "COROP-gebied",
        "level.gemeente": "gemeente",
        "level.land": "land",
        "level.custom": "eigen regio",
        "prof.gp": "Huisarts",
        "prof.so": "Specialist ouderengeneeskunde",
        "prof.avg": "Arts verstandelijk gehandicapten",
        "prof.plural.gp": "huisartsen",
        "prof.plural.so": "specialisten ouderengeneeskunde",
        "prof.plural.avg": "artsen verstandelijk gehandicapten",
        "acc.short_list": "Postcodegebieden met een tekort, slechtst bereikbaar eerst "
        "(hoogstens {n} getoond)",
        "acc.pc4": "Postcode",
        "acc.value": "Bereikbaarheid",
        "prof.short.gp": "Huisarts",
        "prof.short.so": "SO",
        "prof.short.avg": "AVG",
        "sec.summary": "Wat de cijfers betekenen",
        "sec.map": "De regio",
        "sec.population": "Bevolking en vergrijzing",
        "sec.workforce": "Zorgverleners: aanbod, vraag en tekort",
        "sec.access": "Bereikbaarheid",
        "sec.distance": "De afstandsvraag",
        "sec.ooh": "Druk op de ANW-zorg (avond, nacht, weekend)",
        "sec.sources": "Bronnen, methoden en aannames",
        "sec.national": "Waar staat de regio?",
        "nat.levels.zorgkantoor": "zorgkantoorregio's",
        "nat.levels.ggd": "GGD-regio's",
        "nat.levels.provincie": "provincies",
        "nat.levels.gemeente": "gemeenten",
        "nat.intro": "Alle {n} {levels} per beroep: het relatieve tekort in {year} (vraag min "
        "aanbod, gedeeld door de vraag; negatief = overschot; schatting), met de 80%-band uit "
        "{draws} Monte-Carlotrekkingen. Plaats 1 = het grootste relatieve tekort; de band van de "
        "plaats komt uit de rangorde binnen elke trekking.",
        "nat.intro.own": "{region}: dik omlijnd op de kaarten, grijs onderlegd in de grafieken.",
        "nat.intro.contained": "{region} is zelf geen {level}; dik omlijnd en grijs onderlegd: "
        "{regions}, waarin {region} ligt.",
        "nat.intro.country": "Nederland als geheel heeft geen plaats tussen de {levels}; de zinnen "
        "noemen per beroep de regio met het grootste en die met het kleinste relatieve tekort.",
        "nat.map.title": "Relatief tekort {profession} in {year} per regio ({levels})",
        "nat.legend.title": "Relatief tekort (mediaan)",
        "nat.legend.subtitle": "vraag min aanbod, als % van de vraag",
        "nat.legend.surplus": "overschot (< {value})",
        "nat.chart.title": "Relatief tekort {profession} in {year}, regio's op volgorde van plaats",
        "nat.chart.x": "relatief tekort {year} (% van de vraag)",
        "nat.chart.rank": "plaats (80%-band)",
        "nat.chart.caption": "Punt = mediaan van het relatieve tekort in {year}, lijn = "
        "80%-band (P10–P90); rechts de plaats met haar 80%-band; op volgorde van de mediane "
        "plaats.",
        "nat.tip": "{name}: relatief tekort {year} {gap} (80%-band {band}); plaats {rank} van "
        "{n} (80%-band {rank_band})",
        "nat.rank": "{profession}: {name} staat op plaats {rank} van {n} {levels} (80%-band "
        "{band})",
        "nat.extremes": "{profession}: het grootste relatieve tekort in {year} heeft {top} "
        "({top_gap}; plaats {top_rank}, 80%-band {top_band}), het kleinste {bottom} "
        "({bottom_gap}); de mediaan van de {n} {levels} is {median}.",
        "nat.table.caption": "{region} ({code}) en de mediaan van de {levels} (schatting; "
        "de mediaan is die van de regio's, geen landelijk totaal).",
        "nat.table.what": "Indicator",
        "nat.table.median": "mediaan",
        "nat.row.gap_now": "Relatief tekort, eerste modeljaar",
        "nat.row.gap_horizon": "Relatief tekort {year}",
        "nat.row.access": "Bereikbaarheid {year} (% van landelijk)",
        "nat.row.ageing": "Groei 75-plussers 2024–{year}",
        "nat.row.distance": "Afstand tot opleiding (wegequivalent)",
        "nat.pattern.head": "Het afstandspatroon over het land",
        "nat.basis.model": "Basis: het patroon berust op de vestigingsaanname van het model. De "
        "bezetting in het eerste modeljaar is overal de meegeleverde schatting (de landelijke "
        "bezetting verdeeld naar gebruik); verschillen tussen de regio's komen dus uit waar nieuw "
        "opgeleide artsen zich volgens het model vestigen, niet uit metingen.",
        "nat.basis.measured": "Basis: de bezetting in het eerste modeljaar is gemeten met eigen "
        "gegevens van {regions}; wie daarna wordt opgeleid, vestigt zich volgens de aanname van "
        "het model.",
        "nat.basis.mixed": "Basis: deels gemeten met eigen gegevens van {regions} ({units} van de "
        "{n} regio's); de rest berust op de schatting en de vestigingsaanname van het model, en "
        "wie na het eerste modeljaar wordt opgeleid, vestigt zich volgens die aanname.",
        "nat.pattern.result": "{profession}: rho = {rho}, p {p}",
        "nat.pattern.test": "Spearman-rangcorrelatie van afstand tot opleiding en relatief "
        "tekort {year}, {n} {levels}, p uit {permutations} permutaties:",
        "meth.national": "Waar staat de regio? ({profession})",
        "sec.scenarios": "Scenario's: wat sluit het tekort?",
        "scen.intro": "Het tekort in fte (vraag min aanbod; positief is een tekort) zonder en met "
        "de initiatieven van elk scenariobestand, met de onzekerheidsband P10-P90 uit de "
        "parameterbereiken van de initiatieven.",
        "nav.contents": "Inhoud",
        "map.caption": "Gemeenten in {region} en de dichtstbijzijnde opleidingscentra per beroep. "
        "Afstand: wegequivalent (hemelsbreed x 1,3; schatting).",
        "map.legend.centre": "opleidingscentrum",
        "map.far_note": "Centra buiten het kaartbeeld staan gestreept aan de rand, met pijl "
        "in hun richting en de afstand vanaf het bevolkingszwaartepunt van de regio.",
        "acc.legend.relative": "% = van de landelijke mediaan ({median})",
        "acc.caption_pc4_hex": "Bereikbaarheid per postcodegebied (PC4), samengevat in zeshoeken "
        "van circa {km} km: het bevolkingsgewogen gemiddelde van de {n} PC4-gebieden.",
        "acc.cell": "{n} PC4-gebieden, {pop} inwoners: gemiddeld {value} {unit}",
        "table.municipality": "Gemeente",
        "table.population": "Inwoners",
        "table.centre": "Dichtstbijzijnde opleiding",
        "pop.caption": "Leeftijdsopbouw 1-1-2024 (aantal personen per 5-jaarsgroep; schatting "
        "uit aandelen 2021).",
        "pop.total": "Inwoners 1-1-2024",
        "pop.share75": "Aandeel 75+",
        "pop.share85": "Aandeel 85+",
        "pop.growth": "Groei van 75+ en 85+ tot {horizon}",
        "pop.group": "Groep",
        "pop.now": "2024",
        "pop.change": "Verandering",
        "pop.persons": "personen",
        "wf.supply": "Aanbod peiljaar {year}",
        "wf.supply_model": "Aanbod {year} in het model",
        "wf.supply_note": "Het tekort is vraag min aanbod in het model. Het model verdeelt de "
        "landelijke beroepsomvang van zijn parameterset over de regio's; daardoor wijkt zijn "
        "aanbod ({model} fte in {first}) af van het aanbod {where} in peiljaar {base} ({table} "
        "fte).",
        "wf.demand_h": "Vraag {horizon}",
        "wf.gap_h": "Tekort {horizon}",
        "wf.surplus_h": "Overschot {horizon}",
        "wf.peak": "Grootste tekort, {year}",
        "wf.gap_band": "80%-band (P10–P90)",
        "wf.inflow": "Benodigde opleidingsinstroom",
        "wf.inflow_unit": "aios per jaar",
        "wf.inflow_now": "bij de instroom van {year}: {value}",
        "wf.fte": "fte",
        "wf.persons": "personen",
        "wf.provenance.own": "eigen gegevens",
        "wf.provenance.estimate": "schatting",
        "wf.provenance.mixed": "deels eigen gegevens, deels schatting",
        "wf.gap_caption": "Tekort per jaar in fte (vraag min aanbod; positief = tekort), mediaan "
        "met 80%-onzekerheidsband (P10–P90) uit {draws} Monte-Carlotrekkingen.",
        "wf.chart.year": "jaar",
        "wf.chart.gap": "tekort (fte)",
        "wf.chart.sd": "aanbod en vraag (fte)",
        "wf.chart.sd_title": "Aanbod en vraag",
        "wf.chart.supply": "aanbod",
        "wf.chart.demand": "vraag",
        "wf.chart.key": "{series}: mediaan (lijn) en 80%-band P10–P90 (vlak)",
        "wf.sd_caption": "Aanbod en vraag per jaar in fte, mediaan met 80%-band (P10–P90) uit "
        "{draws} Monte-Carlotrekkingen; het tekort hieronder is vraag min aanbod.",
        "wf.band_covers": "Wat de band omvat: alleen wat het model laat variëren, namelijk de "
        "bandbreedtes van de parameterset van het zorgverlenersmodel en de vestiging van nieuwe "
        "artsen. Niet daarin: beleid, veranderingen in zorgvraag of werkwijze buiten die "
        "bandbreedtes, en fouten in de startgegevens. De werkelijke onzekerheid is dus groter.",
        "wf.band_narrow": "De band van het tekort in {year} is smal ({lo} – {hi} fte, {share} "
        "van de vraag): dat zegt meer over het model, dat hier weinig laat variëren, dan over "
        "de toekomst.",
        "acc.caption": "Bereikbaarheid per gemeente: {unit}. Donkerder en dichter gearceerd = "
        "slechter bereikbaar.",
        "acc.caption_pc4": "Bereikbaarheid per postcodegebied (PC4), als punten; grootte naar "
        "inwoners.",
        "acc.short": "Gebieden met een tekort",
        "acc.short_pop": "Inwoners in gebieden met een tekort",
        "acc.gini": "Gini-coëfficiënt (0 = gelijk verdeeld, 1 = zeer ongelijk)",
        "acc.rule": "< {fraction} x landelijke mediaan",
        "acc.p10p90": "Verhouding P10/P90 van de bereikbaarheid per inwoner (1 = gelijk)",
        "acc.level.municipality": "gemeente",
        "acc.level.pc4": "PC4",
        "acc.proj.head": "Bereikbaarheid in {year} (prognose, schatting)",
        "acc.proj.clamped": "{requested} valt buiten de prognose voor deze beroepsgroep "
        "({first}–{last}, parameterset {pset}); getoond is {year}.",
        "acc.proj.what": "Indicator",
        "acc.proj.now": "{year} (vertrekpunt)",
        "acc.proj.change": "Verandering",
        "acc.proj.points": "{value} procentpunt",
        "acc.proj.mean": "Gemiddelde per inwoner (PC4; {unit})",
        "acc.proj.median": "Mediaan per inwoner (PC4; {unit})",
        "acc.proj.gini": "Gini-coëfficiënt (PC4)",
        "acc.proj.share": "Aandeel inwoners onder de drempel (PC4)",
        "acc.proj.pop": "Inwoners onder de drempel (PC4; personen)",
        "acc.proj.munis": "Gemeenten onder de drempel",
        "acc.proj.note": "Beide jaren op dezelfde basis als het tekort: het aanbod is de "
        "centrale prognose van het zorgverlenersmodel ({fte0} fte {where} in {first}, {fte} "
        "fte in {year}), de zorgvraag de bevolkingsprognose naar leeftijd maal de groei van de "
        "vraag in het model buiten de vergrijzing (factor {need} in {year}). Dat model start van "
        "zijn eigen verdeling van de beroepsgroep, niet van de schatting voor {base} hierboven "
        "(zie Zorgverleners). Drempel in beide jaren: {fraction} x de landelijke mediaan in "
        "{first} op die basis ({value} op PC4-niveau), één vaste maat.",
        "acc.proj.scale_up": "Het tekort (vraag min aanbod) groeit van {gap0} naar {gap1} fte, "
        "en toch verbetert de bereikbaarheid: vraag en aanbod groeien allebei, het aanbod naar "
        "verhouding harder, zodat een groter deel van de zorgvraag gedekt is.",
        "acc.proj.scale_down": "Het tekort (vraag min aanbod) daalt van {gap0} naar {gap1} fte, "
        "en toch wordt de bereikbaarheid slechter: het aanbod daalt naar verhouding harder dan de "
        "vraag, zodat een kleiner deel van de zorgvraag gedekt is.",
        "acc.proj.border": "Bereikbaarheid en tekort wijzen hier verschillende kanten op "
        "(bereikbaarheid {change}, aanbod gedeeld door vraag in het model {coverage}): de "
        "bereikbaarheid telt ook zorgverleners net buiten de regio mee en hangt af van waar "
        "binnen de regio zij werken; het tekort telt alleen de regio als geheel.",
        "acc.proj.caption": "Bereikbaarheid per gemeente in {year} (schatting), in de klassen van "
        "de kaart van {base} hierboven: donkerder dan daar = slechter bereikbaar dan in {base}.",
        "dist.caption": "Bereikbaarheid per gemeente tegen de afstand tot het dichtstbijzijnde "
        "opleidingscentrum ({profession}).",
        "dist.axis.x": "afstand tot opleiding (km)",
        "dist.axis.y": "bereikbaarheid",
        "dist.axis.gap": "tekort (fte per 10.000 inw.)",
        "dist.head.access": "De bereikbaarheid ({unit})",
        "dist.head.gap": "Het tekort in {year} (fte per 10.000 inwoners)",
        "dist.caption.gap": "Tekort per gemeente in {year} tegen de afstand tot het "
        "dichtstbijzijnde opleidingscentrum ({profession}).",
        "dist.test": "Spearman-rangcorrelatie tussen afstand en {what}: rho = {rho} "
        "(n = {n} gemeenten, p {p}).",
        "dist.yes": "In deze regio neemt {what} aantoonbaar {direction} met de afstand tot de "
        "opleiding (p < 0,05).",
        "dist.no": "In deze regio is er geen aantoonbaar verband tussen de afstand tot de "
        "opleiding en {what} (p {p}).",
        "dist.too_few": "Te weinig gemeenten ({n}) om het verband te toetsen.",
        "dist.gap_note": "Let op: het tekort of overschot per gemeente komt uit het "
        "zorgverlenersmodel, dat aanneemt dat nieuwe artsen zich minder vaak ver van de "
        "opleiding vestigen; dit verband zit dus deels in de aanname. De toets op de "
        "bereikbaarheid gebruikt die aanname niet.",
        "dist.what.access": "de bereikbaarheid",
        "dist.axis.surplus": "overschot (fte per 10.000 inw.)",
        "dist.head.surplus": "Het overschot in {year} (fte per 10.000 inwoners)",
        "dist.caption.surplus": "Overschot per gemeente in {year} tegen de afstand tot het "
        "dichtstbijzijnde opleidingscentrum ({profession}).",
        "dist.what.surplus": "het overschot per 10.000 inwoners",
        "dist.axis.gap_mixed": "tekort (fte per 10.000 inw.; negatief = overschot)",
        "dist.tip.gap": "fte per 10.000 inw. ({year})",
        "dist.what.gap": "het tekort per 10.000 inwoners",
        "dist.up": "toe",
        "dist.down": "af",
        "ooh.caption": "Verwachte contacten met de huisartsenpost per jaar, naar soort, uit de "
        "leeftijdsopbouw en gepubliceerde contactcijfers (schatting).",
        "ooh.type.phone": "Telefonisch advies",
        "ooh.type.consult": "Consult op de post",
        "ooh.type.visit": "Visite",
        "ooh.total": "Totaal",
        "ooh.per1000": "per 1.000 inwoners",
        "ooh.year": "Contacten per jaar",
        "sum.largest_gap": "In {horizon} is het tekort naar verhouding het grootst bij de "
        "{profession}: {gap} fte, {share} van de vraag (80%-band {lo} tot {hi} fte).",
        "sum.largest_abs": "In aantallen is het tekort in {horizon} het grootst bij de "
        "{profession}: {gap} fte, {share} van de vraag.",
        "sum.no_gap": "Voor geen van de beroepen verwachten we in {horizon} een tekort.",
        "sum.when": "Het tekort bij de {profession} ontstaat rond {year}.",
        "sum.when_now": "Het tekort bij de {profession} bestaat in {year} al.",
        "sum.peak": "Het tekort bij de {profession} is het grootst rond {year}: {gap} fte; in "
        "{horizon} is het {last} fte.",
        "sum.fragile": "Bij de {profession} hangt veel af van één arts: één arts draagt ongeveer "
        "{share} van het aanbod in {year} ({persons} personen; gemarkeerd boven {flag}). "
        "Vertrekt er één, dan daalt de bereikbaarheid van het slechtst bediende tiende van de "
        "inwoners met ongeveer {drop}.",
        "sum.surplus": "Bij de {profession} verwacht het model in {horizon} geen tekort maar een "
        "overschot van {surplus} fte ({share} van de vraag; {band}).",
        "sum.surplus_band": "80%-band: een overschot van {lo} tot {hi} fte",
        "sum.surplus_band_mixed": "80%-band: van een tekort van {short} fte tot een overschot "
        "van {hi} fte",
        "sum.where": "De bereikbaarheid van de {profession} is het slechtst in {areas}.",
        "sum.ageing": "Het aantal 75-plussers groeit van {now} in {base} naar {then} in {horizon} "
        "({change}); het aantal 85-plussers van {now85} naar {then85} ({change85}).",
        "sum.inflow": "Om het tekort bij de {profession} in {horizon} te sluiten moeten zich "
        "ongeveer {inflow} nieuw opgeleide artsen per jaar {where} vestigen; bij de "
        "opleidingsinstroom van {year} zijn dat er naar verwachting {now}.",
        "sum.ooh": "De huisartsenpost kan rekenen op ongeveer {total} contacten per jaar, "
        "waarvan {visits} visites.",
        "sum.distance": "Verder van de opleiding is de bereikbaarheid van de {profession} "
        "aantoonbaar slechter (rho = {rho}, p {p}).",
        "sum.bottlenecks": "Knelpunten",
        "bn.workforce": "Tekort aan {profession}: regionale opleidingsplaatsen, taakherschikking "
        "(VS/PA) en behoud van oudere artsen.",
        "sum.pc4_areas": "de postcodegebieden {codes}",
        "bn.access_anywhere": "Ongelijke bereikbaarheid: zorg op afstand, gedeelde "
        "praktijkvoorzieningen, vestigingsbeleid.",
        "bn.access": "Ongelijke bereikbaarheid ({areas}): zorg op afstand, gedeelde "
        "praktijkvoorzieningen, vestigingsbeleid.",
        "bn.distance": "Afstand tot de opleiding: opleiden in de regio (opleidingsplaatsen en "
        "-praktijken buiten de UMC-steden).",
        "bn.ooh": "ANW-druk: regionale samenwerking in diensten, triage en visites.",
        "bn.ageing": "Sterke groei van 85-plussers: ouderenzorg thuis, SO in de eerste lijn.",
        "note.method": "methode",
        "note.source": "bron",
        "src.engine_text": "Bronnen en methoden zoals de rekenmodules ze vastleggen; namen van "
        "parametersets, tabellen en modules en webadressen blijven zoals ze zijn.",
        "meth.population": "Bevolkingsprognose",
        "meth.ooh": "ANW-contacten",
        "meth.workforce": "Zorgverleners {profession}",
        "meth.access": "Bereikbaarheid {profession}",
        "topic:population": "Bevolking",
        "topic:training centres": "Opleidingscentra",
        "topic:out-of-hours rates": "ANW-contactcijfers",
        "topic:workforce gp": "Zorgverleners huisarts",
        "topic:workforce so": "Zorgverleners SO",
        "topic:workforce avg": "Zorgverleners AVG",
        "src.attribution": "Naamsvermelding",
        "src.sources": "Bronnen",
        "src.methods": "Methoden",
        "src.assumptions": "Aannames",
        "src.estimate_note": "Cijfers met het label 'schatting' zijn berekend, niet gemeten; de "
        "methode staat erbij.",
        "as.road": "Afstanden zijn wegequivalent: hemelsbreed x {circuity} (schatting).",
        "as.age": "Leeftijdsopbouw 2024: CBS-leeftijdsaandelen 2021 per postcodegebied toegepast "
        "op de gemeentelijke totalen van 2024.",
        "as.ooh": "ANW-contacten: landelijk gepubliceerde contactcijfers naar soort, met "
        "leeftijdsspecifieke cijfers waar gepubliceerd, toegepast op de leeftijdsopbouw van de "
        "regio (schatting).",
        "as.distance": "De afstandsvraag: Spearman-rangcorrelatie over de gemeenten van de regio, "
        "tweezijdige p-waarde uit 9.999 permutaties (vaste seed).",
        "as.travel": "Reistijden zijn geschat uit afstand en snelheid (stedelijk 30, landelijk "
        "60 km/u); per verbinding ongeveer ±30% ten opzichte van een routeplanner: te lang "
        "over snelwegen, te kort rond water en rivieren. Regionale totalen zijn robuuster dan "
        "losse gebieden.",
        "as.short": "Een gebied heeft een tekort als de bereikbaarheid lager is dan {fraction} x "
        "de landelijke mediaan (bevolkingsgewogen) op hetzelfde niveau.",
        "as.band": "De onzekerheidsband (P10–P90) komt uit trekkingen over de bandbreedtes van "
        "de parameters van het zorgverlenersmodel en van het vestigingsmodel (waar nieuwe artsen "
        "zich vestigen); een parameterset zonder eigen bandbreedtes (huisarts) heeft alleen die "
        "laatste onzekerheid.",
        "where.region": "in de regio",
        "where.country": "in Nederland",
        "where.province": "in de provincie",
        "where.municipality": "in de gemeente",
        "dash.pick": "Kies een regio",
        "dash.profession": "Beroep",
        "dash.year": "Jaar",
        "dash.lang": "Taal",
        "dash.open_report": "Download regiobeeld (HTML)",
        "dash.loading": "Bezig met berekenen…",
        "dash.api": "JSON-API en documentatie",
        "unit.km": "km",
        "unit:FTE per 10,000 use-weighted inhabitants": "fte per 10.000 gebruiksgewogen inwoners",
        "unit:FTE within reach": "fte binnen bereik",
        "unit.persons": "personen",
        "unit.contacts": "contacten",
    },
    "en": {
        "title": "Regional profile of medical-generalist care",
        "subtitle": "{region} ({level}), {population} inhabitants, base year 2024, horizon "
        "{horizon}",
        "generated": "Made with regioplan {version}; seed {seed}",
        "level.zorgkantoor": "care-office region",
        "level.ggd": "public-health region",
        "level.provincie": "province",
        "level.corop": "COROP area",
        "level.gemeente": "municipality",
        "level.land": "country",
        "level.custom": "custom region",
        "prof.gp": "General practitioner",
        "prof.so": "Elderly-care physician",
        "prof.avg": "Physician for people with intellectual disability",
        "prof.plural.gp": "GPs",
        "prof.plural.so": "elderly-care physicians",
        "prof.plural.avg": "physicians for people with intellectual disability",
        "acc.short_list": "Postcode areas short of care, worst access first (at most {n} shown)",
        "acc.pc4": "Postcode",
        "acc.value": "Accessibility",
        "prof.short.gp": "GP",
        "prof.short.so": "SO",
        "prof.short.avg": "AVG",
        "sec.summary": "What the figures mean",
        "sec.map": "The region",
        "sec.population": "Population and ageing",
        "sec.workforce": "Physicians: supply, demand and gap",
        "sec.access": "Accessibility",
        "sec.distance": "The distance question",
        "sec.ooh": "Out-of-hours pressure (evening, night, weekend)",
        "sec.sources": "Sources, methods and assumptions",
        "sec.national": "Where does the region stand?",
        "nat.levels.zorgkantoor": "care-office regions",
        "nat.levels.ggd": "public-health regions",
        "nat.levels.provincie": "provinces",
        "nat.levels.gemeente": "municipalities",
        "nat.intro": "All {n} {levels} per profession: the relative gap in {year} (demand minus "
        "supply, divided by demand; negative = surplus; estimate), with the 80% band from "
        "{draws} Monte Carlo draws. Rank 1 = the largest relative gap; the rank's band comes "
        "from the order within every draw.",
        "nat.intro.own": "{region}: outlined thick on the maps, on a grey ground in the charts.",
        "nat.intro.contained": "{region} is not a {level} itself; outlined thick and on a grey "
        "ground: {regions}, where {region} lies.",
        "nat.intro.country": "The Netherlands as a whole has no rank among the {levels}; the "
        "sentences name per profession the region with the largest and the one with the smallest "
        "relative gap.",
        "nat.map.title": "Relative gap {profession} in {year} per region ({levels})",
        "nat.legend.title": "Relative gap (median)",
        "nat.legend.subtitle": "demand minus supply, as % of demand",
        "nat.legend.surplus": "surplus (< {value})",
        "nat.chart.title": "Relative gap {profession} in {year}, regions in order of rank",
        "nat.chart.x": "relative gap {year} (% of demand)",
        "nat.chart.rank": "rank (80% band)",
        "nat.chart.caption": "Dot = median of the relative gap in {year}, line = 80% band "
        "(P10–P90); at the right the rank with its 80% band; in order of the median rank.",
        "nat.tip": "{name}: relative gap {year} {gap} (80% band {band}); rank {rank} of {n} "
        "(80% band {rank_band})",
        "nat.rank": "{profession}: {name} ranks {rank} of {n} {levels} (80% band {band})",
        "nat.extremes": "{profession}: the largest relative gap in {year} is {top}'s ({top_gap}; "
        "rank {top_rank}, 80% band {top_band}), the smallest {bottom}'s ({bottom_gap}); the "
        "median of the {n} {levels} is {median}.",
        "nat.table.caption": "{region} ({code}) and the median of the {levels} (estimate; the "
        "median is that of the regions, not a national total).",
        "nat.table.what": "Indicator",
        "nat.table.median": "median",
        "nat.row.gap_now": "Relative gap, the model's first year",
        "nat.row.gap_horizon": "Relative gap {year}",
        "nat.row.access": "Accessibility {year} (% of national)",
        "nat.row.ageing": "Growth aged 75+, 2024–{year}",
        "nat.row.distance": "Distance to training (road equivalent)",
        "nat.pattern.head": "The distance pattern across the country",
        "nat.basis.model": "Basis: the pattern rests on the model's settling assumption. The "
        "workforce of the first model year is the bundled estimate everywhere (the national "
        "workforce allocated by use), so differences between the regions come from where the "
        "model settles newly trained physicians, not from measurements.",
        "nat.basis.measured": "Basis: the workforce of the first model year is measured with own "
        "data of {regions}; physicians trained after it settle by the model's assumption.",
        "nat.basis.mixed": "Basis: partly measured with own data of {regions} ({units} of the {n} "
        "regions); the rest rests on the bundled estimate and the model's settling assumption, "
        "and physicians trained after the first model year settle by that assumption.",
        "nat.pattern.result": "{profession}: rho = {rho}, p {p}",
        "nat.pattern.test": "Spearman rank correlation of distance to training and relative "
        "gap {year}, {n} {levels}, p from {permutations} permutations:",
        "meth.national": "Where does the region stand? ({profession})",
        "sec.scenarios": "Scenarios: what closes the gap?",
        "scen.intro": "The gap in FTE (demand minus supply; positive is a shortage) without and "
        "with the initiatives of each scenario file, with the P10-P90 uncertainty band from the "
        "initiatives' parameter ranges.",
        "nav.contents": "Contents",
        "map.caption": "Municipalities of {region} and the nearest training centres per "
        "profession. Distance: road equivalent (great circle x 1.3; estimate).",
        "map.legend.centre": "training centre",
        "map.far_note": "Centres outside the frame are drawn dashed at its edge, with an arrow "
        "in their direction and the distance from the region's population-weighted centre.",
        "acc.legend.relative": "% = of the national median ({median})",
        "acc.caption_pc4_hex": "Accessibility per postcode area (PC4), summarised in hexagons of "
        "about {km} km: the population-weighted mean of the {n} PC4 areas.",
        "acc.cell": "{n} PC4 areas, {pop} inhabitants: mean {value} {unit}",
        "table.municipality": "Municipality",
        "table.population": "Inhabitants",
        "table.centre": "Nearest training",
        "pop.caption": "Age structure 1-1-2024 (persons per 5-year group; estimate from 2021 "
        "shares).",
        "pop.total": "Inhabitants 1-1-2024",
        "pop.share75": "Share 75+",
        "pop.share85": "Share 85+",
        "pop.growth": "Growth of 75+ and 85+ to {horizon}",
        "pop.group": "Group",
        "pop.now": "2024",
        "pop.change": "Change",
        "pop.persons": "persons",
        "wf.supply": "Supply, base year {year}",
        "wf.supply_model": "Supply {year} in the model",
        "wf.supply_note": "The gap is demand minus the model's supply. The model divides the "
        "national workforce of its parameter set among the regions, so its supply ({model} FTE "
        "in {first}) differs from the supply {where} in the base year {base} ({table} FTE).",
        "wf.demand_h": "Demand {horizon}",
        "wf.gap_h": "Gap {horizon}",
        "wf.surplus_h": "Surplus {horizon}",
        "wf.peak": "Largest gap, {year}",
        "wf.gap_band": "80% band (P10–P90)",
        "wf.inflow": "Training inflow needed",
        "wf.inflow_unit": "trainees per year",
        "wf.inflow_now": "at the {year} intake: {value}",
        "wf.fte": "FTE",
        "wf.persons": "persons",
        "wf.provenance.own": "own data",
        "wf.provenance.estimate": "estimate",
        "wf.provenance.mixed": "partly own data, partly estimate",
        "wf.gap_caption": "Gap per year in FTE (demand minus supply; positive = shortage), median "
        "with 80% uncertainty band (P10–P90) from {draws} Monte Carlo draws.",
        "wf.chart.year": "year",
        "wf.chart.gap": "gap (FTE)",
        "wf.chart.sd": "supply and demand (FTE)",
        "wf.chart.sd_title": "Supply and demand",
        "wf.chart.supply": "supply",
        "wf.chart.demand": "demand",
        "wf.chart.key": "{series}: median (line) and 80% band P10–P90 (area)",
        "wf.sd_caption": "Supply and demand per year in FTE, median with 80% band (P10–P90) from "
        "{draws} Monte Carlo draws; the gap below is demand minus supply.",
        "wf.band_covers": "What the band covers: only what the model varies, namely the ranges "
        "of the workforce model's parameter set and where new physicians settle. Not in it: "
        "policy, changes in demand or ways of working beyond those ranges, and errors in the "
        "starting data. The real uncertainty is therefore larger.",
        "wf.band_narrow": "The band of the gap in {year} is narrow ({lo} – {hi} FTE, {share} of "
        "demand): that says more about the model, which varies little here, than about the "
        "future.",
        "acc.caption": "Accessibility per municipality: {unit}. Darker and denser hatching = "
        "worse access.",
        "acc.caption_pc4": "Accessibility per postcode area (PC4), as dots sized by population.",
        "acc.short": "Areas short of care",
        "acc.short_pop": "Inhabitants in areas short of care",
        "acc.gini": "Gini coefficient (0 = equal, 1 = very unequal)",
        "acc.rule": "< {fraction} x national median",
        "acc.p10p90": "Ratio P10/P90 of access per inhabitant (1 = equal)",
        "acc.level.municipality": "municipality",
        "acc.level.pc4": "PC4",
        "acc.proj.head": "Accessibility in {year} (projection, estimate)",
        "acc.proj.clamped": "{requested} lies outside the projection for this profession "
        "({first}–{last}, parameter set {pset}); shown: {year}.",
        "acc.proj.what": "Indicator",
        "acc.proj.now": "{year} (start)",
        "acc.proj.change": "Change",
        "acc.proj.points": "{value} percentage points",
        "acc.proj.mean": "Mean per inhabitant (PC4; {unit})",
        "acc.proj.median": "Median per inhabitant (PC4; {unit})",
        "acc.proj.gini": "Gini coefficient (PC4)",
        "acc.proj.share": "Share of inhabitants below the threshold (PC4)",
        "acc.proj.pop": "Inhabitants below the threshold (PC4; persons)",
        "acc.proj.munis": "Municipalities below the threshold",
        "acc.proj.note": "Both years on the basis of the gap: supply is the central workforce "
        "projection ({fte0} FTE {where} in {first}, {fte} FTE in {year}), need the "
        "population projection by age times the model's demand growth beyond ageing (factor "
        "{need} in {year}). That model starts from its own split of the profession, not from "
        "the estimate for {base} above (see Physicians). Threshold in both years: {fraction} x the "
        "national median in {first} on that basis ({value} at PC4 level), one fixed yardstick.",
        "acc.proj.scale_up": "The gap (demand minus supply) grows from {gap0} to {gap1} FTE, and "
        "yet access improves: demand and supply both grow, supply relatively faster, so a larger "
        "part of the need is covered.",
        "acc.proj.scale_down": "The gap (demand minus supply) falls from {gap0} to {gap1} FTE, "
        "and yet access worsens: supply falls relatively faster than demand, so a smaller part "
        "of the need is covered.",
        "acc.proj.border": "Access and the gap point in different directions here (access "
        "{change}, supply divided by demand in the model {coverage}): access also counts "
        "physicians just outside the region and depends on where within the region they work; "
        "the gap counts only the region as a whole.",
        "acc.proj.caption": "Accessibility per municipality in {year} (estimate), in the classes "
        "of the {base} map above: darker than there = worse access than in {base}.",
        "dist.caption": "Accessibility per municipality against the distance to the nearest "
        "training centre ({profession}).",
        "dist.axis.x": "distance to training (km)",
        "dist.axis.y": "accessibility",
        "dist.axis.gap": "gap (FTE per 10,000 inh.)",
        "dist.head.access": "Accessibility ({unit})",
        "dist.head.gap": "The gap in {year} (FTE per 10,000 inhabitants)",
        "dist.caption.gap": "Gap per municipality in {year} against the distance to the "
        "nearest training centre ({profession}).",
        "dist.test": "Spearman rank correlation between distance and {what}: rho = {rho} "
        "(n = {n} municipalities, p {p}).",
        "dist.yes": "In this region {what} demonstrably {direction} with the distance to training "
        "(p < 0.05).",
        "dist.no": "In this region there is no demonstrable relation between the distance to "
        "training and {what} (p {p}).",
        "dist.too_few": "Too few municipalities ({n}) to test the relation.",
        "dist.gap_note": "Note: the gap or surplus per municipality comes from the workforce "
        "model, which assumes that new physicians settle less often far from training; the "
        "relation is thus partly built into that assumption. The accessibility test does not "
        "use it.",
        "dist.what.access": "accessibility",
        "dist.axis.surplus": "surplus (FTE per 10,000 inh.)",
        "dist.head.surplus": "The surplus in {year} (FTE per 10,000 inhabitants)",
        "dist.caption.surplus": "Surplus per municipality in {year} against the distance to the "
        "nearest training centre ({profession}).",
        "dist.what.surplus": "the surplus per 10,000 inhabitants",
        "dist.axis.gap_mixed": "gap (FTE per 10,000 inh.; negative = surplus)",
        "dist.tip.gap": "FTE per 10,000 inh. ({year})",
        "dist.what.gap": "the gap per 10,000 inhabitants",
        "dist.up": "increases",
        "dist.down": "decreases",
        "ooh.caption": "Expected contacts with the GP out-of-hours post per year, by type, from "
        "the age structure and published contact rates (estimate).",
        "ooh.type.phone": "Telephone advice",
        "ooh.type.consult": "Consultation at the post",
        "ooh.type.visit": "Home visit",
        "ooh.total": "Total",
        "ooh.per1000": "per 1,000 inhabitants",
        "ooh.year": "Contacts per year",
        "sum.largest_gap": "In {horizon} the gap relative to demand is largest for the "
        "{profession}: {gap} FTE, {share} of demand (80% band {lo} to {hi} FTE).",
        "sum.largest_abs": "In FTE the gap in {horizon} is largest for the {profession}: {gap} "
        "FTE, {share} of demand.",
        "sum.no_gap": "No profession is expected to have a gap in {horizon}.",
        "sum.when": "The {profession} gap appears around {year}.",
        "sum.when_now": "The {profession} gap exists already in {year}.",
        "sum.peak": "The {profession} gap is largest around {year}: {gap} FTE; in {horizon} it is "
        "{last} FTE.",
        "sum.fragile": "For the {profession} much hangs on one physician: one carries about "
        "{share} of supply in {year} ({persons} persons; flagged above {flag}). If one leaves, "
        "access of the worst-served tenth of the inhabitants falls by about {drop}.",
        "sum.surplus": "For the {profession} the model expects no gap in {horizon} but a surplus "
        "of {surplus} FTE ({share} of demand; {band}).",
        "sum.surplus_band": "80% band: a surplus of {lo} to {hi} FTE",
        "sum.surplus_band_mixed": "80% band: from a gap of {short} FTE to a surplus of {hi} FTE",
        "sum.where": "Access to the {profession} is worst in {areas}.",
        "sum.ageing": "The number of people aged 75+ grows from {now} in {base} to {then} in "
        "{horizon} ({change}); aged 85+ from {now85} to {then85} ({change85}).",
        "sum.inflow": "To close the {profession} gap by {horizon} about {inflow} newly trained "
        "physicians per year must settle {where}; at the {year} training intake about {now} are "
        "expected to.",
        "sum.ooh": "The GP out-of-hours post can expect about {total} contacts per year, "
        "{visits} of them home visits.",
        "sum.distance": "Farther from training, access to the {profession} is demonstrably "
        "worse (rho = {rho}, p {p}).",
        "sum.bottlenecks": "Bottlenecks",
        "bn.workforce": "Shortage of {profession}: regional training places, task reallocation "
        "(NP/PA) and retention of older physicians.",
        "sum.pc4_areas": "the postcode areas {codes}",
        "bn.access_anywhere": "Unequal access: care at a distance, shared practice facilities, "
        "settlement policy.",
        "bn.access": "Unequal access ({areas}): care at a distance, shared practice facilities, "
        "settlement policy.",
        "bn.distance": "Distance to training: train in the region (training places and practices "
        "outside the university cities).",
        "bn.ooh": "Out-of-hours pressure: regional collaboration in duty services, triage and home "
        "visits.",
        "bn.ageing": "Strong growth of people aged 85+: elderly care at home, SO in primary care.",
        "note.method": "method",
        "note.source": "source",
        "src.engine_text": "Sources and methods as the engines record them; names of parameter "
        "sets, tables and modules and web addresses are kept as they are.",
        "meth.population": "Population projection",
        "meth.ooh": "Out-of-hours contacts",
        "meth.workforce": "Workforce {profession}",
        "meth.access": "Accessibility {profession}",
        "topic:population": "Population",
        "topic:training centres": "Training centres",
        "topic:out-of-hours rates": "Out-of-hours contact rates",
        "topic:workforce gp": "Workforce GP",
        "topic:workforce so": "Workforce SO",
        "topic:workforce avg": "Workforce AVG",
        "src.attribution": "Attribution",
        "src.sources": "Sources",
        "src.methods": "Methods",
        "src.assumptions": "Assumptions",
        "src.estimate_note": "Figures labelled 'estimate' are computed, not measured; their method "
        "is given next to them.",
        "as.road": "Distances are road equivalents: great-circle distance x {circuity} (estimate).",
        "as.age": "Age structure 2024: CBS 2021 age shares per postcode area applied to the 2024 "
        "municipal totals.",
        "as.ooh": "Out-of-hours contacts: nationally published contact rates by type, with "
        "age-specific rates where published, applied to the region's age structure (estimate).",
        "as.distance": "The distance question: Spearman rank correlation over the region's "
        "municipalities, two-sided p-value from 9,999 permutations (fixed seed).",
        "as.travel": "Travel times are estimated from distance and speed (urban 30, rural "
        "60 km/h); per trip roughly ±30% against a router: too long over motorways, too short "
        "around water and rivers. Regional totals are more robust than single areas.",
        "as.short": "An area is short of care when its access is below {fraction} x the national "
        "population-weighted median at the same level.",
        "as.band": "The uncertainty band (P10–P90) comes from draws over the ranges of the "
        "workforce model's parameters and of the settlement model (where new physicians "
        "settle); a parameter set without ranges of its own (GP) carries only the latter.",
        "where.region": "in the region",
        "where.country": "in the Netherlands",
        "where.province": "in the province",
        "where.municipality": "in the municipality",
        "dash.pick": "Pick a region",
        "dash.profession": "Profession",
        "dash.year": "Year",
        "dash.lang": "Language",
        "dash.open_report": "Download regional profile (HTML)",
        "dash.loading": "Computing…",
        "dash.api": "JSON API and documentation",
        "unit.km": "km",
        "unit:FTE per 10,000 use-weighted inhabitants": "FTE per 10,000 use-weighted inhabitants",
        "unit:FTE within reach": "FTE within reach",
        "unit.persons": "persons",
        "unit.contacts": "contacts",
    },
}


def check_lang(lang: str) -> str:
    """`lang` if supported, else an InputError listing the supported languages."""
    if lang not in LANGS:
        raise InputError(f"unknown language {lang!r}; allowed: {', '.join(LANGS)}")
    return lang


def t(lang: str, key: str, **values: Any) -> str:
    """The message `key` in `lang`, with `values` filled in."""
    text = CATALOGUE[check_lang(lang)][key]
    return text.format(**values) if values else text


def unit(lang: str, text: str) -> str:
    """An engine's unit string in `lang` (unchanged when the catalogue does not know it)."""
    return CATALOGUE[check_lang(lang)].get(f"unit:{text}", text)


def topic(lang: str, text: str) -> str:
    """A source topic of the regiobeeld in `lang` (unchanged when the catalogue lacks it)."""
    return CATALOGUE[check_lang(lang)].get(f"topic:{text}", text)


def fmt_percent(share: float | None, lang: str, digits: int = 1, *, signed: bool = False) -> str:
    """`share` (0.123) as a percentage ('12,3%' in Dutch, '12.3%' in English)."""
    if share is None or not math.isfinite(share):
        return "–"
    number = format_number(share * 100, lang, digits)
    return (fmt_signed(share * 100, lang, digits) if signed else number) + "%"


def fmt_signed(value: float | None, lang: str, digits: int = 0) -> str:
    """`value` with its sign: '+0,011', '−3', and no sign where it rounds to zero ('0,000').

    >>> fmt_signed(0.0114, "nl", 3), fmt_signed(-2.0, "en"), fmt_signed(-0.0004, "nl", 3)
    ('+0,011', '−2', '0,000')
    """
    text = format_number(value, lang, digits)
    if value is None or text.startswith(("−", "–")) or not text.strip("0.,"):
        return text
    return "+" + text


def fmt_p(p: float, lang: str) -> str:
    """A p-value with its relation sign: '= 0,026' or '< 0,001' (write it after 'p ')."""
    if p < 0.001:
        return "< " + format_number(0.001, lang, 3)
    return "= " + format_number(p, lang, 3)


__all__ = [
    "CATALOGUE",
    "LANGS",
    "check_lang",
    "fmt_p",
    "fmt_percent",
    "fmt_signed",
    "t",
    "topic",
    "unit",
]
