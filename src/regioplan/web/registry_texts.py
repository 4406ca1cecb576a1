"""The texts of the initiative registry's pages (:mod:`regioplan.web.registry_pages`), Dutch
and English: the page texts by key, and the names of stages, actions, domains and bottlenecks."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from regioplan.initiatives.registry import Domain, Stage
from regioplan.initiatives.vocabulary import Bottleneck

TEXT: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Initiatieven",
        "lead": "Wat regio's doen: het gedeelde register van regionale initiatieven.",
        "filter": "Filter",
        "all": "alle",
        "type": "Soort",
        "stage": "Fase",
        "region": "Regio",
        "search": "Zoek",
        "map": "Kaart van de initiatieven naar soort en fase",
        "count": "{n} initiatieven",
        "name": "Naam",
        "owner": "Eigenaar",
        "programme": "landelijk programma",
        "public": "openbaar",
        "private": "niet openbaar",
        "test_data": "testgegevens",
        "new": "Initiatief toevoegen",
        "edit": "Bewerken",
        "publish": "Openbaar maken",
        "withdraw": "Niet meer openbaar",
        "history": "Geschiedenis",
        "version": "Versie",
        "when": "Wanneer",
        "who": "Wie",
        "action": "Actie",
        "changed": "Gewijzigd",
        "cli": "opdrachtregel",
        "everything": "alles",
        "signin": "Inloggen",
        "signout": "Uitloggen",
        "signed_in": "Ingelogd als {user} ({org})",
        "username": "Gebruikersnaam",
        "password": "Wachtwoord",
        "save": "Opslaan",
        "id": "Kenmerk (a-z, 0-9, -)",
        "summary": "Korte beschrijving",
        "since": "Sinds (JJJJ, JJJJ-MM of JJJJ-MM-DD)",
        "domains": "Domeinen",
        "municipalities": "Gemeenten: GM-codes of regio's (bijv. GM0505, ZK24), "
        "gescheiden door komma's",
        "area_note": "Toelichting op het gebied",
        "organisations": "Deelnemende organisaties (één per regel)",
        "lessons": "Lessen (één per regel)",
        "contact": "Contact",
        "known_facts_note": "Wat de bronnen niet zeggen",
        "problems": "Niet opgeslagen; verbeter:",
        "scan": "Regioscan",
        "scan_lead": "De knelpunten van een regio en wat elders loopt, uit dit register.",
        "scan_region": "Regio (code of naam)",
        "scan_go": "Scan",
        "elsewhere": "Elders",
        "similarity": "gelijkenis",
        "none": "geen",
        "estimate": "Schattingen van het scenariomodel (P50; P10–P90), {draws} trekkingen.",
        "english_note": "",
        "other_lang": "English",
        "back": "Alle initiatieven",
        "sources": "Bronnen",
        "results": "Resultaten",
        "bottlenecks": "Knelpunten",
        "funding": "Financiering",
        "organisations_h": "Organisaties",
        "municipalities_h": "Gemeenten",
        "not_known": "niet bekend uit de bronnen",
        "solved": "Opgelost",
        "version_of": "versie {v}, {when}",
        "paraphrase": "De teksten van de meegeleverde initiatieven zijn Engelse parafrasen van "
        "de bronnen; de bronnen zelf staan onderaan.",
    },
    "en": {
        "title": "Initiatives",
        "lead": "What regions do: the shared registry of regional initiatives.",
        "filter": "Filter",
        "all": "all",
        "type": "Type",
        "stage": "Stage",
        "region": "Region",
        "search": "Search",
        "map": "Map of the initiatives by type and stage",
        "count": "{n} initiatives",
        "name": "Name",
        "owner": "Owner",
        "programme": "national programme",
        "public": "public",
        "private": "not public",
        "test_data": "test data",
        "new": "Add an initiative",
        "edit": "Edit",
        "publish": "Make public",
        "withdraw": "Withdraw from public",
        "history": "History",
        "version": "Version",
        "when": "When",
        "who": "Who",
        "action": "Action",
        "changed": "Changed",
        "cli": "command line",
        "everything": "everything",
        "signin": "Sign in",
        "signout": "Sign out",
        "signed_in": "Signed in as {user} ({org})",
        "username": "User name",
        "password": "Password",
        "save": "Save",
        "id": "Id (a-z, 0-9, -)",
        "summary": "Short description",
        "since": "Since (YYYY, YYYY-MM or YYYY-MM-DD)",
        "domains": "Domains",
        "municipalities": "Municipalities: GM codes or regions (e.g. GM0505, ZK24), "
        "comma separated",
        "area_note": "Note on the area",
        "organisations": "Participating organisations (one per line)",
        "lessons": "Lessons (one per line)",
        "contact": "Contact",
        "known_facts_note": "What the sources do not say",
        "problems": "Not saved; please correct:",
        "scan": "Regional scan",
        "scan_lead": "A region's bottlenecks and what runs elsewhere, from this registry.",
        "scan_region": "Region (code or name)",
        "scan_go": "Scan",
        "elsewhere": "Elsewhere",
        "similarity": "similarity",
        "none": "none",
        "estimate": "Estimates of the scenario model (P50; P10–P90), {draws} draws.",
        "english_note": "",
        "other_lang": "Nederlands",
        "back": "All initiatives",
        "sources": "Sources",
        "results": "Results",
        "bottlenecks": "Bottlenecks",
        "funding": "Funding",
        "organisations_h": "Organisations",
        "municipalities_h": "Municipalities",
        "not_known": "not known from the sources",
        "solved": "Solved",
        "version_of": "version {v}, {when}",
        "paraphrase": "",
    },
}
"""The pages' words in Dutch and English (the registry's own texts are as entered)."""


def _english(members: Iterable[Enum]) -> dict[str, str]:
    """English names of a registry enum's members: their values, words apart."""
    return {m.value: str(m.value).replace("_", " ") for m in members}


STAGE_NAMES: dict[str, dict[str, str]] = {
    "nl": {
        "idea": "idee",
        "preparation": "voorbereiding",
        "pilot": "pilot",
        "running": "loopt",
        "scaled_up": "opgeschaald",
        "stopped": "gestopt",
    },
    "en": _english(Stage),
}
ACTION_NAMES: dict[str, dict[str, str]] = {
    "nl": {
        "create": "aangemaakt",
        "update": "bewerkt",
        "publish": "openbaar gemaakt",
        "unpublish": "niet meer openbaar",
        "import": "geïmporteerd",
        "seed": "geladen uit het meegeleverde register",
    },
    "en": {
        "create": "created",
        "update": "edited",
        "publish": "made public",
        "unpublish": "withdrawn",
        "import": "imported",
        "seed": "loaded from the bundled registry",
    },
}
DOMAIN_NAMES: dict[str, dict[str, str]] = {
    "nl": {
        "gp_care": "huisartsenzorg",
        "elderly_care": "ouderenzorg",
        "disability_care": "gehandicaptenzorg",
        "acute_care": "acute zorg",
        "social_domain": "sociaal domein",
    },
    "en": _english(Domain),
}

BOTTLENECK_NAMES: dict[str, dict[str, str]] = {
    "nl": {
        "scaling_up": "opschaling",
        "working_across_domains": "domeinoverstijgend werken",
        "room_in_rules": "ruimte in regels",
        "regional_steering": "regionale sturing",
    },
    "en": _english(Bottleneck),
}
"""The programme's four bottlenecks in the page's language (the report's words)."""


__all__ = ["ACTION_NAMES", "BOTTLENECK_NAMES", "DOMAIN_NAMES", "STAGE_NAMES", "TEXT"]
