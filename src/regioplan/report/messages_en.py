"""The English message catalogue of the report and the dashboard (assembled in :mod:`.i18n`).

A test checks it has the same keys and placeholders as :mod:`.messages_nl`.
"""

from __future__ import annotations

MESSAGES_EN: dict[str, str] = {
    "title": "Regional profile of medical-generalist care",
    "subtitle": "{region} ({level}), {population} inhabitants, base year 2024, horizon {horizon}",
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
    "pop.caption": "Age structure 1-1-2024 (persons per 5-year group; estimate from 2021 shares).",
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
    "ooh.sim.title": "Simulated: does today's organisation reach urgent patients in time? ({year})",
    "ooh.sim.intro": "A simulation of one year of out-of-hours care ({reps} replications, seed "
    "{seed}): about {calls} calls, answered by triagists at {posts} posts, consultations at the "
    "nearest open post and home visits by car. The posts and their staffing are an estimate "
    "(no open list exists); the shares below show what that estimated organisation reaches, "
    "next to the contact counts above.",
    "ooh.sim.urgency": "Urgency",
    "ooh.sim.norm": "Norm",
    "ooh.sim.within": "Within the norm",
    "ooh.sim.interval": "95% interval",
    "ooh.sim.mean": "Mean response",
    "ooh.sim.norm.U1": "within 15 minutes",
    "ooh.sim.norm.U2": "within 1 hour",
    "ooh.sim.norm.U3": "within 3 hours",
    "ooh.sim.norm.U4": "within 24 hours",
    "ooh.sim.phone": "Telephone",
    "ooh.sim.norm.phone": "75% answered within 2 minutes",
    "ooh.sim.km": "Visiting cars drive about {km} km a year.",
    "ooh.sim.posts": "Estimated posts (PC4)",
    "ooh.sim.method": "Discrete-event simulation (regioplan.ooh, docs/ooh.md). Demand: the "
    "region's population by age and PC4 times the published out-of-hours contact rates by age and "
    "type (about 250 per 1,000 a year; 40 % telephone advice, 50 % consultation, 10 % home visit; "
    "urgency U1-U5 1.5/11.1/38.0/21.7/26.3 %, BMC Family Practice 2015; rates by age Nivel 2017) "
    "spread over the week by the published time-of-week shares (vzinfo.nl, Nivel), holidays as "
    "Sundays. Triage call 7.8 minutes on average (UK figure, Mohammed et al. 2012: an assumption); "
    "consultation and visit times are assumptions. Posts: one per general hospital site in the "
    "region (Eurostat/GISCO hospitals 2019), an estimate. Staffing per post and hour: sized from "
    "the expected demand at 75 % occupancy (60 % for cars), at least one of each role, an "
    "estimate. Travel: road distance as great-circle distance x 1.3. Norms of the Dutch triage "
    "standard; response time from the call to the start of the consultation or the car's arrival; "
    "the interval is the 95 % confidence interval over replications. Simulate your own "
    "organisation with `regioplan ooh simulate`.",
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
    "sec.elsewhere": "What works elsewhere",
    "else.intro": "The initiatives with the largest estimated effect in this region, and what "
    "regions with a similar gap profile already do. The examples come from {registry} ({n} in "
    "all), each with the public source it rests on; the command regioplan scan shows "
    "everything.",
    "else.registry.bundled": "the registry of regional initiatives shipped with regioplan",
    "else.registry.database": "the public entries of the shared registry",
    "else.pending": "This part is computed only when you open it: it estimates the effect of "
    "each type of initiative in this region and looks up the most similar regions (a few "
    "seconds the first time).",
    "else.show": "Compute what works elsewhere",
    "else.failed": "What works elsewhere could not be computed: {reason}",
    "else.col.type": "Initiative",
    "else.col.share": "Share of the gaps closed",
    "else.col.closed": "{profession}: closed in FTE, P50 [P10 – P90]",
    "else.examples": "Elsewhere in the registry, most similar region first",
    "else.similarity": "similarity {value}",
    "else.bottlenecks": "bottlenecks",
    "else.none": "The registry holds no initiative of these types outside the region yet.",
    "else.note": "Estimate: each initiative alone through the scenario engine on the region's "
    "baseline (start {start}, {ramp} years ramp-up, parameters with their ranges, {draws} "
    "draws). Similarity: 1 / (1 + distance) on the standardised gap profile of the zorgkantoor "
    "regions (docs/initiatives.md).",
    "else.bn.scaling_up": "scaling up",
    "else.bn.working_across_domains": "working across domains",
    "else.bn.room_in_rules": "room in the rules",
    "else.bn.regional_steering": "regional steering",
    "else.stage.idea": "idea",
    "else.stage.preparation": "preparation",
    "else.stage.pilot": "pilot",
    "else.stage.running": "running",
    "else.stage.scaled_up": "scaled up",
    "else.stage.stopped": "stopped",
    "sec.placement": "Placement coordination",
    "pl.intro": "Figures of the regional placement service (regioplan placement) on the "
    "requests since {first}, as of {generated}. No Dutch baseline for time to "
    "placement is published; these are the region's own figures.",
    "pl.example": "Example data",
    "pl.example.note": "Organisations in this region are marked as examples (regioplan "
    "placement demo): these figures are made up, not real placements.",
    "pl.col.requests": "Requests",
    "pl.col.placed": "Placed",
    "pl.col.open": "Open",
    "pl.col.median": "Hours to placement (median)",
    "pl.col.p90": "P90 hours",
    "pl.col.within24": "Within 24 h",
    "pl.col.occupancy": "Occupancy now",
    "pl.col.occupancy_period": "Occupancy over the period",
    "pl.col.stale": "Stale figures now",
    "pl.col.stale_period": "Stale over the period",
    "pl.not_placed": "Not placed, by reason",
    "pl.reason.placed_elsewhere": "placed elsewhere",
    "pl.reason.no_longer_needed": "no longer needed",
    "pl.reason.admitted_to_hospital": "admitted to hospital",
    "pl.reason.deceased": "deceased",
    "pl.reason.no_capacity": "no capacity",
    "pl.reason.other": "other",
    "pl.reason.unknown": "unknown",
    "pl.note": "Time to placement: from submission to admission. Within 24 h: share of the "
    "requests whose outcome after 24 hours is known. Occupancy now: occupied divided by "
    "staffed beds as last reported; stale now: share of the figures not confirmed within "
    "the configured time. Over the period: occupied divided by staffed bed-hours, and the "
    "share of the figure-hours in which a figure was stale, from every change in the "
    "service's audit log.",
    "pl.note.period": "The period runs from the first capacity report ({start}) to {end} (UTC).",
}

__all__ = ["MESSAGES_EN"]
