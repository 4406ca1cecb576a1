"""The Dutch message catalogue of the report and the dashboard (assembled in :mod:`.i18n`).

A test checks it has the same keys and placeholders as :mod:`.messages_en`.
"""

from __future__ import annotations

MESSAGES_NL: dict[str, str] = {
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
    "nat.rank": "{profession}: {name} staat op plaats {rank} van {n} {levels} (80%-band {band})",
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
    "ooh.sim.title": "Gesimuleerd: bereikt de huidige organisatie urgente patiënten op tijd? "
    "({year})",
    "ooh.sim.intro": "Een simulatie van een jaar avond-, nacht- en weekendzorg ({reps} "
    "herhalingen, seed {seed}): ongeveer {calls} telefoontjes, beantwoord door triagisten op "
    "{posts} posten, consulten op de dichtstbijzijnde open post en visites met de auto. De posten "
    "en hun bezetting zijn een schatting (er bestaat geen open lijst); de percentages tonen wat "
    "die geschatte organisatie haalt, naast de aantallen contacten hierboven.",
    "ooh.sim.urgency": "Urgentie",
    "ooh.sim.norm": "Norm",
    "ooh.sim.within": "Binnen de norm",
    "ooh.sim.interval": "95%-interval",
    "ooh.sim.mean": "Gemiddelde responstijd",
    "ooh.sim.norm.U1": "binnen 15 minuten",
    "ooh.sim.norm.U2": "binnen 1 uur",
    "ooh.sim.norm.U3": "binnen 3 uur",
    "ooh.sim.norm.U4": "binnen 24 uur",
    "ooh.sim.phone": "Telefoon",
    "ooh.sim.norm.phone": "75% opgenomen binnen 2 minuten",
    "ooh.sim.km": "De visiteauto's rijden ongeveer {km} km per jaar.",
    "ooh.sim.posts": "Geschatte posten (PC4)",
    "ooh.sim.method": "Discrete-eventsimulatie (regioplan.ooh, docs/ooh.md). Vraag: de bevolking "
    "van de regio naar leeftijd en PC4 maal de gepubliceerde contactfrequenties van de "
    "huisartsenpost naar leeftijd en soort (ongeveer 250 per 1.000 per jaar; 40 % telefonisch "
    "advies, 50 % consult, 10 % visite; urgentie U1-U5 1,5/11,1/38,0/21,7/26,3 %, BMC Family "
    "Practice 2015; naar leeftijd Nivel 2017), over de week verdeeld volgens de gepubliceerde "
    "aandelen per tijdstip (vzinfo.nl, Nivel), feestdagen als zondag. Triagegesprek gemiddeld 7,8 "
    "minuten (Brits cijfer, Mohammed e.a. 2012: een aanname); consult- en visiteduur zijn "
    "aannames. Posten: één per algemeen ziekenhuis in de regio (Eurostat/GISCO ziekenhuizen 2019), "
    "een schatting. Bezetting per post en uur: afgestemd op de verwachte vraag bij 75 % bezetting "
    "(60 % voor auto's), minstens één per rol, een schatting. Reistijd: wegafstand als hemelsbrede "
    "afstand x 1,3. Normen van de Nederlandse Triagestandaard; responstijd van het telefoontje tot "
    "het begin van het consult of de aankomst van de auto; het interval is het 95%-"
    "betrouwbaarheidsinterval over de herhalingen. Simuleer uw eigen organisatie met "
    "`regioplan ooh simulate`.",
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
    "sec.elsewhere": "Wat werkt elders",
    "else.intro": "De initiatieven met het grootste geschatte effect in deze regio, en wat regio's "
    "met een vergelijkbaar tekortprofiel al doen. De voorbeelden komen uit {registry} (in "
    "totaal {n}), elk met de openbare bron waarop het steunt; het commando regioplan scan "
    "toont alles.",
    "else.registry.bundled": "het register van regionale initiatieven dat regioplan meelevert",
    "else.registry.database": "de openbare initiatieven van het gedeelde register",
    "else.pending": "Dit deel wordt pas berekend als u het opent: het schat het effect van elk "
    "soort initiatief in deze regio en zoekt de meest gelijkende regio's op (de eerste keer "
    "enkele seconden).",
    "else.show": "Bereken wat werkt elders",
    "else.failed": "Wat werkt elders kon niet worden berekend: {reason}",
    "else.col.type": "Initiatief",
    "else.col.share": "Deel van de tekorten gedicht",
    "else.col.closed": "{profession}: gedicht in fte, P50 [P10 – P90]",
    "else.examples": "Elders in het register, meest gelijkende regio eerst",
    "else.similarity": "gelijkenis {value}",
    "else.bottlenecks": "knelpunten",
    "else.none": "Het register bevat nog geen initiatief van deze typen buiten de regio.",
    "else.note": "Schatting: elk initiatief apart met de scenariomotor op de basisraming van de "
    "regio (start {start}, {ramp} jaar aanloop, parameters met hun bandbreedte, {draws} "
    "trekkingen). Gelijkenis: 1 / (1 + afstand) op het gestandaardiseerde tekortprofiel van de "
    "zorgkantoorregio's (docs/initiatives.md).",
    "else.bn.scaling_up": "opschaling",
    "else.bn.working_across_domains": "domeinoverstijgend werken",
    "else.bn.room_in_rules": "ruimte in regels",
    "else.bn.regional_steering": "regionale sturing",
    "else.stage.idea": "idee",
    "else.stage.preparation": "voorbereiding",
    "else.stage.pilot": "pilot",
    "else.stage.running": "loopt",
    "else.stage.scaled_up": "opgeschaald",
    "else.stage.stopped": "gestopt",
    "sec.placement": "Plaatsingscoördinatie",
    "pl.intro": "Cijfers van de regionale plaatsingsdienst (regioplan placement) over de "
    "aanvragen sinds {first}, stand {generated}. Er is geen gepubliceerde "
    "Nederlandse norm voor de tijd tot plaatsing; dit zijn de eigen cijfers van de "
    "regio.",
    "pl.example": "Voorbeeldgegevens",
    "pl.example.note": "Organisaties in deze regio zijn als voorbeeld aangemerkt (regioplan "
    "placement demo): deze cijfers zijn verzonnen, het zijn geen echte plaatsingen.",
    "pl.col.requests": "Aanvragen",
    "pl.col.placed": "Geplaatst",
    "pl.col.open": "Open",
    "pl.col.median": "Uren tot plaatsing (mediaan)",
    "pl.col.p90": "P90 uren",
    "pl.col.within24": "Binnen 24 uur",
    "pl.col.occupancy": "Bezetting nu",
    "pl.col.occupancy_period": "Bezetting over de periode",
    "pl.col.stale": "Verouderde cijfers nu",
    "pl.col.stale_period": "Verouderd over de periode",
    "pl.not_placed": "Niet geplaatst, naar reden",
    "pl.reason.placed_elsewhere": "elders geplaatst",
    "pl.reason.no_longer_needed": "niet meer nodig",
    "pl.reason.admitted_to_hospital": "opgenomen in ziekenhuis",
    "pl.reason.deceased": "overleden",
    "pl.reason.no_capacity": "geen plek",
    "pl.reason.other": "anders",
    "pl.reason.unknown": "onbekend",
    "pl.note": "Tijd tot plaatsing: van indienen tot opname. Binnen 24 uur: aandeel van de "
    "aanvragen waarvan de uitkomst na 24 uur bekend is. Bezetting nu: bezette gedeeld "
    "door bemande bedden volgens de laatst gemelde cijfers; verouderd nu: aandeel cijfers "
    "dat niet bevestigd is binnen de ingestelde tijd. Over de periode: bezette gedeeld door "
    "bemande beduren, en het aandeel van de cijferuren dat een cijfer verouderd was, uit "
    "elke wijziging in het auditlog van de dienst.",
    "pl.note.period": "De periode loopt van de eerste capaciteitsmelding ({start}) tot "
    "{end} (UTC).",
}

__all__ = ["MESSAGES_NL"]
