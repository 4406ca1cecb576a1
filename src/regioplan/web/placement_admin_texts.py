"""The words of the administrator's pages (:mod:`regioplan.web.placement_admin`), in Dutch
(default) and English, and their validation problems told by field.

:data:`ADMIN_TEXTS` holds the texts of these pages only, under the same keys in both languages
(a test pins that); the words every page shares (the header, the example banner, roles, needs,
the general error texts) stay in :mod:`regioplan.web.placement_texts`.
"""

from __future__ import annotations

from collections.abc import Callable

from regioplan.errors import RegioplanError, ValidationError
from regioplan.web.placement_texts import (
    TEXTS,
    error_text,
    pick_lang,
    reason_text,
    translator,
)

ADMIN_TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "admin.title": "Beheer",
        "admin.intro": "Organisaties, hun locaties en gebruikers van alle regio's. Elke "
        "wijziging komt met uw naam in de audit.",
        "admin.orgs": "Organisaties ({n})",
        "admin.orgs.none": "Nog geen organisaties.",
        "admin.users": "Gebruikers ({n})",
        "admin.users.none": "Nog geen gebruikers.",
        "admin.users.help": "Blokkeren meldt de gebruiker overal af en trekt zijn API-tokens "
        "in; deblokkeren geeft weer toegang met het bestaande wachtwoord. Wachtwoorden en "
        "tokens worden nooit getoond.",
        "admin.col.name": "Naam",
        "admin.col.kind": "Soort",
        "admin.col.region": "Regio",
        "admin.col.municipality": "Gemeente",
        "admin.col.locations": "Locaties",
        "admin.col.users": "Gebruikers",
        "admin.col.username": "Gebruikersnaam",
        "admin.col.role": "Rol",
        "admin.col.organisation": "Organisatie",
        "admin.col.status": "Status",
        "admin.col.password": "Wachtwoord",
        "admin.active": "actief",
        "admin.blocked": "geblokkeerd",
        "admin.must_change": "eenmalig, nog niet gewijzigd",
        "admin.own_password": "eigen wachtwoord",
        "admin.you": "(u)",
        "admin.block": "Blokkeren",
        "admin.unblock": "Deblokkeren",
        "admin.new_org": "Organisatie toevoegen",
        "admin.new_loc": "Locatie toevoegen",
        "admin.new_user": "Gebruiker toevoegen",
        "admin.municipality.help": "Gemeentecode: GM en vier cijfers (bijv. GM0505 voor "
        "Dordrecht); kies uit de lijst of typ de code.",
        "admin.point.help": "Leeg laten: het bevolkingsgewogen midden van de gemeente. "
        "Decimalen met een punt of komma.",
        "admin.features": "Kan bieden (vaste lijst, voor het matchen)",
        "admin.example": "Voorbeeldgegevens (verzonnen, geen echte organisatie): wordt overal "
        "als ‘voorbeeld’ getoond",
        "admin.user.help": "Het wachtwoord maakt de server; het wordt één keer getoond. De "
        "gebruiker kiest bij de eerste aanmelding een eigen wachtwoord.",
        "admin.user.submit": "Toevoegen en eenmalig wachtwoord maken",
        "admin.add": "Toevoegen",
        "admin.none": "geen",
        "msg.organisation": "Organisatie {name} toegevoegd.",
        "msg.location": "Locatie {name} toegevoegd.",
        "msg.blocked": "Gebruiker {name} geblokkeerd; alle sessies en API-tokens zijn ingetrokken.",
        "msg.unblocked": "Gebruiker {name} gedeblokkeerd.",
        "created.title": "Gebruiker {user} toegevoegd",
        "created.password": "Eenmalig wachtwoord",
        "created.handover": "Geef dit wachtwoord buiten dit systeem aan de gebruiker door: "
        "persoonlijk of telefonisch, niet in dezelfde e-mail als de gebruikersnaam.",
        "created.once": "Het wordt alleen nu getoond; de dienst bewaart alleen een hash en kan "
        "het niet opnieuw laten zien. Kwijt? Blokkeer dit account en voeg de gebruiker onder "
        "een nieuwe gebruikersnaam toe.",
        "created.first": "Bij de eerste aanmelding moet de gebruiker een eigen wachtwoord "
        "kiezen; tot dan kan het account niets anders.",
        "created.back": "Terug naar beheer",
        "kind.care_org": "zorgorganisatie",
        "kind.gp_practice": "huisartsenpraktijk",
        "kind.ooh_post": "huisartsenpost",
        "kind.hospital": "ziekenhuis",
        "kind.coordination_desk": "coördinatiepunt",
        "kind.other": "overig",
        "field.name": "Naam",
        "field.kind": "Soort organisatie",
        "field.region": "Regio",
        "field.municipality": "Gemeentecode",
        "field.organisation_id": "Organisatie",
        "field.lat": "Breedtegraad",
        "field.lon": "Lengtegraad",
        "field.features": "Kan bieden",
        "field.example": "Voorbeeldgegevens",
        "field.username": "Gebruikersnaam",
        "field.role": "Rol",
        "field.user_id": "Gebruiker",
        "why.name.length": "moet 1 tot 200 tekens hebben",
        "why.name.control": "mag geen stuurtekens bevatten",
        "why.region": "is geen zorgkantoorregio (ZK01 tot en met ZK31)",
        "why.not_number": "is geen getal (bijv. 51,81)",
        "why.outside": "ligt buiten Nederland",
        "why.username": "3 tot 80 tekens: kleine letters, cijfers en . _ @ -, beginnend met "
        "een letter of cijfer",
        "why.organisation": "kies een organisatie",
        "why.twice": "staat er twee keer in",
        "why.self_block": "u kunt uzelf niet blokkeren; vraag dat een andere beheerder",
    },
    "en": {
        "admin.title": "Administration",
        "admin.intro": "Organisations, their locations and users of every region. Every change "
        "goes into the audit with your name.",
        "admin.orgs": "Organisations ({n})",
        "admin.orgs.none": "No organisations yet.",
        "admin.users": "Users ({n})",
        "admin.users.none": "No users yet.",
        "admin.users.help": "Blocking signs the user out everywhere and revokes their API "
        "tokens; unblocking gives access again with the existing password. Passwords and "
        "tokens are never shown.",
        "admin.col.name": "Name",
        "admin.col.kind": "Kind",
        "admin.col.region": "Region",
        "admin.col.municipality": "Municipality",
        "admin.col.locations": "Locations",
        "admin.col.users": "Users",
        "admin.col.username": "User name",
        "admin.col.role": "Role",
        "admin.col.organisation": "Organisation",
        "admin.col.status": "Status",
        "admin.col.password": "Password",
        "admin.active": "active",
        "admin.blocked": "blocked",
        "admin.must_change": "one-time, not yet changed",
        "admin.own_password": "own password",
        "admin.you": "(you)",
        "admin.block": "Block",
        "admin.unblock": "Unblock",
        "admin.new_org": "Add an organisation",
        "admin.new_loc": "Add a location",
        "admin.new_user": "Add a user",
        "admin.municipality.help": "Municipality code: GM and four digits (e.g. GM0505 for "
        "Dordrecht); pick from the list or type the code.",
        "admin.point.help": "Leave empty: the municipality's population-weighted centre. "
        "Decimals with a point or a comma.",
        "admin.features": "Can offer (fixed list, for matching)",
        "admin.example": "Example data (made up, not a real organisation): shown as ‘example’ "
        "everywhere",
        "admin.user.help": "The server makes the password; it is shown once. The user chooses "
        "their own password at the first sign-in.",
        "admin.user.submit": "Add and make a one-time password",
        "admin.add": "Add",
        "admin.none": "none",
        "msg.organisation": "Organisation {name} added.",
        "msg.location": "Location {name} added.",
        "msg.blocked": "User {name} blocked; every session and API token was revoked.",
        "msg.unblocked": "User {name} unblocked.",
        "created.title": "User {user} added",
        "created.password": "One-time password",
        "created.handover": "Hand this password to the user outside this system: in person or "
        "by telephone, not in the same e-mail as the user name.",
        "created.once": "It is shown only now; the service keeps only a hash and cannot show it "
        "again. Lost? Block this account and add the user under a new user name.",
        "created.first": "At the first sign-in the user must choose their own password; until "
        "then the account can do nothing else.",
        "created.back": "Back to administration",
        "kind.care_org": "care organisation",
        "kind.gp_practice": "GP practice",
        "kind.ooh_post": "GP out-of-hours post",
        "kind.hospital": "hospital",
        "kind.coordination_desk": "coordination desk",
        "kind.other": "other",
        "field.name": "Name",
        "field.kind": "Kind of organisation",
        "field.region": "Region",
        "field.municipality": "Municipality code",
        "field.organisation_id": "Organisation",
        "field.lat": "Latitude",
        "field.lon": "Longitude",
        "field.features": "Can offer",
        "field.example": "Example data",
        "field.username": "User name",
        "field.role": "Role",
        "field.user_id": "User",
        "why.name.length": "must have 1 to 200 characters",
        "why.name.control": "must not contain control characters",
        "why.region": "is not a care-office region (ZK01 to ZK31)",
        "why.not_number": "is not a number (e.g. 51.81)",
        "why.outside": "lies outside the Netherlands",
        "why.username": "3 to 80 characters: lower-case letters, digits and . _ @ -, starting "
        "with a letter or digit",
        "why.organisation": "choose an organisation",
        "why.twice": "is given twice",
        "why.self_block": "you cannot block yourself; ask another administrator",
    },
}

NOT_A_NUMBER = "is not a number"
"""The reason the pages give for a coordinate that does not read as a number."""
NO_ORGANISATION = "choose an organisation"
"""The reason the pages give for a location or user form without an organisation."""

_REASONS: tuple[tuple[str, str], ...] = (
    ("must have 1..", "why.name.length"),
    ("control characters", "why.name.control"),
    ("care-office region code", "why.region"),
    (NOT_A_NUMBER, "why.not_number"),
    ("outside the Netherlands", "why.outside"),
    ("3..80 characters", "why.username"),
    (NO_ORGANISATION, "why.organisation"),
    ("is given twice", "why.twice"),
    ("cannot block yourself", "why.self_block"),
)
"""(part of the service's English reason, key of the page's words)."""


def admin_translator(lang: str) -> Callable[..., str]:
    """``a(key, **values)`` in `lang` (a missing key raises: the test pins both languages)."""
    table = ADMIN_TEXTS[pick_lang(lang)]

    def a(key: str, **values: object) -> str:
        text = table[key]
        return text.format(**values) if values else text

    return a


def admin_field(lang: str, field: str) -> str:
    """The label of form field `field` of these pages (or of the shared ones) in `lang`."""
    key = f"field.{field}"
    return ADMIN_TEXTS[pick_lang(lang)].get(key) or TEXTS[pick_lang(lang)].get(key, field)


def admin_reason(lang: str, field: str, reason: str) -> str:
    """A validation problem's English `reason` as the page's words."""
    a = admin_translator(lang)
    for needle, key in _REASONS:
        if needle in reason:
            return a(key)
    return reason_text(lang, field, reason)


def admin_error_text(
    lang: str, exc: RegioplanError, role: str | None = None
) -> tuple[str, list[str]]:
    """(message, one line per problem) for `exc` in `lang`: validation problems named by the
    field of these forms; every other error as the other pages tell it."""
    if not isinstance(exc, ValidationError):
        return error_text(lang, exc, role)
    lines = [
        f"{admin_field(lang, p.field)}: {admin_reason(lang, p.field, p.reason)}"
        for p in exc.problems
    ]
    return translator(lang)("error.invalid"), lines


__all__ = [
    "ADMIN_TEXTS",
    "NOT_A_NUMBER",
    "NO_ORGANISATION",
    "admin_error_text",
    "admin_field",
    "admin_reason",
    "admin_translator",
]
