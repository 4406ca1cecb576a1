"""The words of the placement pages, in Dutch (default) and English, and the service's errors
told in the page's language.

:data:`TEXTS` (kept in :mod:`regioplan.web.placement_words`) holds every text a page shows
under the same keys in both languages (a test pins that); :data:`TERMS` the domain's words
(bed types, needs, urgencies, states, reasons, roles); :func:`error_text` turns a
:class:`~regioplan.errors.RegioplanError` into a message for a person, naming the field and
what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from regioplan.errors import RegioplanError, ValidationError
from regioplan.placement import (
    AuthenticationError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    RateLimitedError,
)
from regioplan.web.placement_words import TEXTS

LANGS: tuple[str, ...] = ("nl", "en")
DEFAULT_LANG = "nl"

TERMS: dict[str, dict[str, str]] = {
    "nl": {
        # bed types
        "elv_low": "ELV laagcomplex",
        "elv_high": "ELV hoogcomplex",
        "palliative": "palliatief",
        "crisis_respite": "crisis/respijt",
        "grz": "geriatrische revalidatie (GRZ)",
        "long_term": "langdurige zorg (Wlz)",
        # needs
        "dementia": "dementie",
        "challenging_behaviour": "onbegrepen gedrag",
        "isolation": "isolatie",
        "oxygen": "zuurstof",
        "bariatric": "bariatrisch",
        "hoist": "tillift",
        "wound_care": "wondzorg",
        "iv_therapy": "infuustherapie",
        "tube_feeding": "sondevoeding",
        "psychiatric_comorbidity": "psychiatrische comorbiditeit",
        # urgencies
        "acute": "acuut (binnen uren)",
        "same_day": "dezelfde dag",
        "within_3_days": "binnen 3 dagen",
        "planned": "gepland",
        # request states and hold statuses
        "open": "open",
        "held": "gereserveerd",
        "accepted": "geaccepteerd",
        "admitted": "opgenomen",
        "closed": "gesloten",
        "expired": "verlopen",
        "declined": "geweigerd",
        "released": "vrijgegeven",
        "discharged": "ontslagen",
        # reasons
        "no_staff": "geen personeel",
        "needs_not_met": "zorgbehoefte niet te bieden",
        "bed_not_available": "bed niet beschikbaar",
        "patient_not_suitable": "patiënt past niet",
        "other": "anders",
        "placed_elsewhere": "elders geplaatst",
        "no_longer_needed": "niet meer nodig",
        "admitted_to_hospital": "opgenomen in ziekenhuis",
        "deceased": "overleden",
        "no_capacity": "geen plek",
        "wrong_bed": "verkeerd bed",
        "patient_changed": "situatie patiënt veranderd",
        "unknown": "onbekend",
        # roles
        "bed_manager": "beddenbeheerder",
        "referrer": "verwijzer",
        "coordinator": "coördinator",
        "analyst": "analist",
        "administrator": "beheerder",
        "programme_coach": "programmacoach",
    },
    "en": {
        "elv_low": "short stay, low complexity",
        "elv_high": "short stay, high complexity",
        "palliative": "palliative",
        "crisis_respite": "crisis/respite",
        "grz": "geriatric rehabilitation",
        "long_term": "long-term care",
        "dementia": "dementia",
        "challenging_behaviour": "challenging behaviour",
        "isolation": "isolation",
        "oxygen": "oxygen",
        "bariatric": "bariatric",
        "hoist": "hoist",
        "wound_care": "wound care",
        "iv_therapy": "IV therapy",
        "tube_feeding": "tube feeding",
        "psychiatric_comorbidity": "psychiatric comorbidity",
        "acute": "acute (within hours)",
        "same_day": "same day",
        "within_3_days": "within 3 days",
        "planned": "planned",
        "open": "open",
        "held": "held",
        "accepted": "accepted",
        "admitted": "admitted",
        "closed": "closed",
        "expired": "expired",
        "declined": "declined",
        "released": "released",
        "discharged": "discharged",
        "no_staff": "no staff",
        "needs_not_met": "care needs cannot be met",
        "bed_not_available": "bed not available",
        "patient_not_suitable": "patient not suitable",
        "other": "other",
        "placed_elsewhere": "placed elsewhere",
        "no_longer_needed": "no longer needed",
        "admitted_to_hospital": "admitted to hospital",
        "deceased": "deceased",
        "no_capacity": "no capacity",
        "wrong_bed": "wrong bed",
        "patient_changed": "patient's situation changed",
        "unknown": "unknown",
        "bed_manager": "bed manager",
        "referrer": "referrer",
        "coordinator": "coordinator",
        "analyst": "analyst",
        "administrator": "administrator",
        "programme_coach": "programme coach",
    },
}

ACTIONS: dict[str, dict[str, str]] = {
    "nl": {
        "request.submit": "aanvraag ingediend",
        "request.hold": "bed gereserveerd",
        "request.accept": "reservering geaccepteerd",
        "request.decline": "reservering geweigerd",
        "request.release": "reservering vrijgegeven",
        "request.expire": "reservering verlopen",
        "request.admit": "opgenomen",
        "request.close": "aanvraag gesloten",
        "request.pseudonymise": "gepseudonimiseerd",
        "capacity.set": "capaciteit gemeld",
        "capacity.confirm": "capaciteit bevestigd",
        "capacity.admit": "bezetting +1 (opname)",
        "capacity.discharge": "bezetting −1 (ontslag)",
        "hold.discharge": "ontslag",
        "organisation.create": "organisatie toegevoegd",
        "location.create": "locatie toegevoegd",
        "user.create": "gebruiker toegevoegd",
        "user.block": "gebruiker geblokkeerd",
        "user.activate": "gebruiker gedeblokkeerd",
        "session.create": "aangemeld",
        "session.revoke": "afgemeld",
        "api.create": "API-token uitgegeven",
        "api.revoke": "API-token ingetrokken",
    },
    "en": {
        "request.submit": "request submitted",
        "request.hold": "bed held",
        "request.accept": "hold accepted",
        "request.decline": "hold declined",
        "request.release": "hold released",
        "request.expire": "hold expired",
        "request.admit": "admitted",
        "request.close": "request closed",
        "request.pseudonymise": "pseudonymised",
        "capacity.set": "capacity reported",
        "capacity.confirm": "capacity confirmed",
        "capacity.admit": "occupied +1 (admission)",
        "capacity.discharge": "occupied −1 (discharge)",
        "hold.discharge": "discharge",
        "organisation.create": "organisation added",
        "location.create": "location added",
        "user.create": "user added",
        "user.block": "user blocked",
        "user.activate": "user unblocked",
        "session.create": "signed in",
        "session.revoke": "signed out",
        "api.create": "API token issued",
        "api.revoke": "API token revoked",
    },
}


def pick_lang(value: str | None) -> str:
    """`value` when it is a language of the pages, else Dutch."""
    return value if value in LANGS else DEFAULT_LANG


def translator(lang: str) -> Callable[..., str]:
    """``t(key, **values)`` in `lang` (a missing key raises: the test pins both languages)."""
    table = TEXTS[pick_lang(lang)]

    def t(key: str, **values: object) -> str:
        text = table[key]
        return text.format(**values) if values else text

    return t


def term(lang: str, word: str | None) -> str:
    """The domain word `word` (bed type, need, state, reason, role) in `lang`; unknown words
    (e.g. a configured bed type) as they are."""
    if word is None:
        return ""
    return TERMS[pick_lang(lang)].get(word, word.replace("_", " "))


def action_text(lang: str, action: str) -> str:
    """An audit action (``request.hold``) in `lang`, or the key itself when unknown."""
    return ACTIONS[pick_lang(lang)].get(action, action)


_DATE = re.compile(r"contains a date \(([^)]*)\)")


def reason_text(lang: str, field: str, reason: str) -> str:
    """A validation problem's English `reason` as the page's words."""
    t = translator(lang)
    if field == "reference":
        for needle, key in (
            ("is empty", "why.reference.empty"),
            ("characters; at most", "why.reference.long"),
            ("may hold only", "why.reference.chars"),
            ("at least one digit", "why.reference.digit"),
            ("citizen service number", "why.reference.bsn"),
        ):
            if needle in reason:
                return t(key)
        found = _DATE.search(reason)
        if found:
            return t("why.reference.date", value=found.group(1))
    if field == "new_password":
        for needle, key in (
            ("at least", "why.password.short"),
            ("same as the current", "why.password.same"),
            ("differ", "why.password.differ"),
        ):
            if needle in reason:
                return t(key)
    if "is not a municipality code" in reason:
        return t("why.municipality")
    if "is not one of" in reason or "is not on the checklist" in reason:
        return t("why.choice")
    if "exceeds physical beds" in reason:
        return t("why.exceeds")
    if "must be a whole number" in reason:
        return t("why.number")
    return t("why.other")


def field_text(lang: str, field: str) -> str:
    """The label of form field `field` in `lang`."""
    key = f"field.{field}"
    table = TEXTS[pick_lang(lang)]
    return table.get(key, field)


def error_text(lang: str, exc: RegioplanError, role: str | None = None) -> tuple[str, list[str]]:
    """(message, one line per problem) for `exc`, in `lang`; the English original is shown
    apart as the technical message."""
    t = translator(lang)
    message = str(exc)
    if isinstance(exc, RateLimitedError):
        return t("error.rate", minutes=max(1, -(-exc.retry_after // 60))), []
    if isinstance(exc, AuthenticationError):
        if "password" in message or "user" in message:
            return t("error.login"), []
        return t("error.session"), []
    if isinstance(exc, ForbiddenError):  # told apart by the machine-readable code
        if exc.code == "csrf":
            return t("error.csrf"), []
        if exc.code == "password_change_required":
            return t("error.password_change"), []
        return t("error.forbidden", role=term(lang, role) if role else "?"), []
    if isinstance(exc, ConflictError):  # one text per code; "conflict" is the general one
        return t("error.conflict" if exc.code == "conflict" else f"error.conflict.{exc.code}"), []
    if isinstance(exc, NotFoundError):
        return t("error.not_found"), []
    if isinstance(exc, ValidationError):
        lines = [
            f"{field_text(lang, p.field)}: {reason_text(lang, p.field, p.reason)}"
            for p in exc.problems
        ]
        return t("error.invalid"), lines
    return t("error.other"), []


def labels(lang: str, words: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every domain word in `lang` (for a template's select boxes)."""
    return dict(TERMS[pick_lang(lang)]) | dict(words or {})


__all__ = [
    "ACTIONS",
    "DEFAULT_LANG",
    "LANGS",
    "TERMS",
    "TEXTS",
    "action_text",
    "error_text",
    "field_text",
    "labels",
    "pick_lang",
    "reason_text",
    "term",
    "translator",
]
