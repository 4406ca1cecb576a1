"""The words of the placement pages, in Dutch (default) and English, and the service's errors
told in the page's language.

:data:`TEXTS` holds every text a page shows under the same keys in both languages (a test
pins that); :data:`TERMS` the domain's words (bed types, needs, urgencies, states, reasons,
roles); :func:`error_text` turns a :class:`~regioplan.errors.RegioplanError` into a message
for a person, naming the field and what is wrong.
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

LANGS: tuple[str, ...] = ("nl", "en")
DEFAULT_LANG = "nl"

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "app": "Regionale plaatsingscoördinatie",
        "switch": "English",
        "login.title": "Aanmelden",
        "login.username": "Gebruikersnaam",
        "login.password": "Wachtwoord",
        "login.submit": "Aanmelden",
        "login.intro": "Meld u aan met het account dat uw organisatie of het regionaal "
        "coördinatiepunt u gaf.",
        "logout": "Afmelden",
        "signed_in": "Aangemeld als {user} ({role}, {org})",
        "nav.requests": "Aanvragen",
        "nav.beds": "Bedden",
        "nav.availability": "Beschikbaarheid",
        "nav.monitoring": "Monitoring",
        "nav.audit": "Audit",
        "nav.admin": "Beheer",
        "live.on": "Live: pagina werkt zichzelf bij",
        "live.off": "Live-verbinding verbroken; opnieuw verbinden…",
        "live.updated": "Bijgewerkt om {time}",
        "example.banner": "Voorbeeldgegevens: organisaties, locaties en cijfers gemarkeerd met "
        "‘voorbeeld’ zijn verzonnen om de dienst te tonen, geen echte gegevens.",
        "example": "voorbeeld",
        "stale": "verouderd",
        "stale.warning": "Niet bevestigd sinds {age}: dit cijfer kan niet kloppen.",
        "age.minutes": "{n} min",
        "age.hours": "{n} uur",
        "age.days": "{n} dagen",
        "req.title": "Aanvragen",
        "req.new": "Nieuwe aanvraag",
        "req.reference": "Eigen kenmerk",
        "req.reference.help": "Een code uit uw eigen systeem (bijv. HA-2026-0042). Geen naam, "
        "BSN of geboortedatum: die horen hier niet.",
        "req.care_type": "Soort bed",
        "req.urgency": "Urgentie",
        "req.municipality": "Gewenste gemeente",
        "req.needs": "Zorgbehoeften (vaste lijst; geen vrije tekst)",
        "req.submit": "Aanvraag indienen",
        "req.none": "Nog geen aanvragen.",
        "req.col.id": "Nr.",
        "req.col.reference": "Kenmerk",
        "req.col.referrer": "Verwijzer",
        "req.col.created": "Ingediend",
        "req.col.state": "Status",
        "req.col.bed": "Bed",
        "req.open": "Openen",
        "req.detail": "Aanvraag {id}",
        "req.hold": "Reservering",
        "req.hold.expires": "vervalt om {time}",
        "req.matches": "Passende bedden",
        "req.matches.help": "Gerangschikt op: actuele cijfers vóór verouderde, dan passendheid "
        "(aandeel van de zorgbehoeften dat de locatie biedt), dan reistijd vanaf de gewenste "
        "gemeente (schatting over de weg), dan meer vrije bedden.",
        "req.matches.none": "Geen bed van deze soort is nu te reserveren.",
        "req.matches.closed": "Deze aanvraag heeft al een reservering of is afgesloten.",
        "match.location": "Locatie",
        "match.organisation": "Organisatie",
        "match.fit": "Passend",
        "match.missing": "ontbreekt: {needs}",
        "match.travel": "Reistijd",
        "match.minutes": "{n} min",
        "match.free": "Vrij",
        "match.hold": "Reserveren",
        "release": "Reservering vrijgeven",
        "release.reason": "Reden",
        "close": "Aanvraag sluiten",
        "close.reason": "Reden",
        "beds.title": "Bedden van {org}",
        "beds.incoming": "Binnenkomende reserveringen",
        "beds.incoming.none": "Geen reserveringen voor uw bedden.",
        "beds.capacity": "Capaciteit per locatie en soort bed",
        "beds.capacity.help": "Beschikbaar = bemand − bezet. Elk cijfer draagt wie het "
        "bevestigde en wanneer; na {hours} uur zonder bevestiging heet het verouderd.",
        "beds.add": "Cijfer voor een nieuwe soort bed",
        "beds.save": "Opslaan",
        "beds.confirm": "Bevestigen",
        "beds.none": "Uw organisatie heeft nog geen locaties.",
        "cap.location": "Locatie",
        "cap.bed_type": "Soort bed",
        "cap.physical": "Fysiek",
        "cap.staffed": "Bemand",
        "cap.occupied": "Bezet",
        "cap.available": "Beschikbaar",
        "cap.held": "Gereserveerd",
        "cap.offerable": "Nu te reserveren",
        "cap.confirmed": "Bevestigd",
        "cap.confirmed_by": "door {user}, {age} geleden",
        "hold.accept": "Accepteren",
        "hold.decline": "Weigeren",
        "hold.admit": "Opname",
        "hold.discharge": "Ontslag (bed vrij)",
        "hold.reason": "Reden",
        "hold.placed": "Gereserveerd door {user} om {time}",
        "avail.title": "Beschikbaarheid in de regio",
        "avail.help": "Verouderde cijfers staan onderaan, met een waarschuwing.",
        "avail.none": "Nog geen capaciteit gemeld.",
        "audit.title": "Audit",
        "audit.help": "Elke wijziging, met wie en wanneer; de laatste {n} eerst. Het eigen "
        "kenmerk van een aanvraag staat nooit in de audit.",
        "audit.none": "Geen auditregels die u mag zien.",
        "audit.when": "Tijd",
        "audit.who": "Wie",
        "audit.action": "Handeling",
        "audit.object": "Object",
        "audit.change": "Wijziging",
        "audit.system": "systeem",
        "mon.title": "Monitoring",
        "mon.period": "Periode (aanvragen ingediend, en bezetting, van … tot)",
        "mon.start": "Van",
        "mon.end": "Tot (niet inbegrepen)",
        "mon.show": "Tonen",
        "mon.csv": "Download als CSV",
        "mon.help": "Tijd tot plaatsing: van indienen tot opname (mediaan en 90e percentiel, in "
        "uren). Binnen 24 uur: aandeel geplaatst binnen 24 uur van de aanvragen waarvan de "
        "uitkomst na 24 uur bekend is. Bezetting nu: bezette / bemande bedden van de huidige "
        "cijfers; over de periode: bezette / bemande beduren, uit elke wijziging in het "
        "auditlog (tussen haakjes het gemiddeld aantal bezette en bemande bedden). Verouderd "
        "nu: aandeel cijfers dat nu verouderd is; over de periode: aandeel van de cijferuren "
        "dat een cijfer verouderd was. Er is geen gepubliceerde Nederlandse norm voor de tijd "
        "tot plaatsing; dit zijn de eigen cijfers van de regio.",
        "mon.level": "Niveau",
        "mon.name": "Naam",
        "mon.requests": "Aanvragen",
        "mon.placed": "Geplaatst",
        "mon.open": "Open",
        "mon.median": "Mediaan uren",
        "mon.p90": "P90 uren",
        "mon.within24": "Binnen 24 uur",
        "mon.not_placed": "Niet geplaatst (reden)",
        "mon.occupancy_now": "Bezetting nu",
        "mon.occupancy_period": "Bezetting over de periode",
        "mon.stale_now": "Verouderd nu",
        "mon.stale_period": "Verouderd over de periode",
        "mon.capacity_period": "Bezetting en verouderde cijfers over de periode: van {start} "
        "tot {end} (UTC); een cijfer is verouderd als het meer dan {hours} uur niet is "
        "bevestigd.",
        "mon.capacity_none": "Bezetting over de periode: geen (de periode begint na nu, of er "
        "zijn nog geen capaciteitscijfers gemeld).",
        "mon.mean": "gem.",
        "mon.hours": "u",
        "mon.none": "Geen gegevens in deze periode.",
        "level.region": "regio",
        "level.organisation": "organisatie",
        "msg.submitted": "Aanvraag {id} is ingediend.",
        "msg.held": "Bed gereserveerd; de ontvangende organisatie kan nu accepteren of weigeren.",
        "msg.released": "Reservering vrijgegeven.",
        "msg.closed": "Aanvraag gesloten.",
        "msg.accepted": "Reservering geaccepteerd.",
        "msg.declined": "Reservering geweigerd.",
        "msg.admitted": "Opname vastgelegd; de aanvraag is afgesloten.",
        "msg.discharged": "Ontslag vastgelegd; het bed is weer vrij.",
        "msg.capacity": "Capaciteit opgeslagen.",
        "msg.confirmed": "Cijfer bevestigd.",
        "msg.signed_out": "U bent afgemeld.",
        "error.title": "Er ging iets mis",
        "error.detail": "Technische melding (Engels)",
        "error.login": "Gebruikersnaam of wachtwoord onjuist.",
        "error.session": "Uw sessie is verlopen of u bent niet aangemeld; meld u opnieuw aan.",
        "error.rate": "Te veel mislukte aanmeldpogingen. Probeer het over {minutes} minuten "
        "opnieuw.",
        "error.csrf": "Dit formulier is verlopen. Laad de pagina opnieuw en probeer het nog eens.",
        "error.forbidden": "Dit mag u niet met uw rol ({role}) of voor deze organisatie.",
        "error.conflict": "Dit kon niet: iemand anders was u voor, of de aanvraag is intussen "
        "verder. Er is niets gewijzigd; de pagina toont de actuele stand.",
        "error.conflict.bed_taken": "Dit bed is intussen door een andere aanvraag gereserveerd "
        "of bezet. Kies een ander bed.",
        "error.conflict.no_bed_left": "Op deze locatie is geen bed van dit type meer vrij. Kies "
        "een andere locatie.",
        "error.conflict.has_hold": "Voor deze aanvraag is al een bed gereserveerd; geef dat "
        "eerst vrij.",
        "error.conflict.transition": "Deze stap kan niet vanuit de huidige status van de aanvraag.",
        "error.conflict.hold_state": "Deze reservering staat niet (meer) in de status die deze "
        "stap nodig heeft, of is verlopen.",
        "error.conflict.stale_version": "Dit is intussen door iemand anders gewijzigd. Er is "
        "niets gewijzigd; de pagina toont de actuele stand.",
        "error.conflict.retry": "Een andere wijziging aan dezelfde bedden kwam op hetzelfde "
        "moment. Er is niets gewijzigd; probeer het opnieuw.",
        "error.conflict.duplicate": "Deze naam is al in gebruik; kies een andere.",
        "error.not_found": "Niet gevonden, of u mag het niet zien.",
        "error.invalid": "De invoer klopt niet:",
        "error.number": "moet een heel getal van 0 of meer zijn",
        "error.date": "‘{value}’ is geen datum (JJJJ-MM-DD)",
        "error.period": "de einddatum ligt vóór de begindatum",
        "error.other": "De server kon dit niet afhandelen.",
        "error.back": "Terug",
        "why.reference.empty": "is leeg; geef uw eigen kenmerk (bijv. HA-2026-0042)",
        "why.reference.long": "is te lang (ten hoogste 40 tekens)",
        "why.reference.chars": "mag alleen letters, cijfers en . _ / # : - bevatten (geen "
        "spaties: een kenmerk is een code, geen naam)",
        "why.reference.digit": "moet minstens één cijfer bevatten (een kenmerk is een code, "
        "geen naam)",
        "why.reference.bsn": "lijkt op een burgerservicenummer (8 of 9 cijfers achter elkaar); "
        "gebruik uw eigen kenmerk",
        "why.reference.date": "bevat een datum ({value}); een kenmerk mag geen geboortedatum "
        "bevatten",
        "why.municipality": "is geen gemeentecode (GM en vier cijfers, bijv. GM0505)",
        "why.choice": "is geen toegestane keuze",
        "why.exceeds": "is meer dan het aantal fysieke bedden",
        "why.number": "moet een heel getal van 0 of meer zijn",
        "why.other": "is ongeldig",
        "field.reference": "Eigen kenmerk",
        "field.care_type": "Soort bed",
        "field.urgency": "Urgentie",
        "field.municipality": "Gemeente",
        "field.needs": "Zorgbehoeften",
        "field.physical": "Fysiek",
        "field.staffed": "Bemand",
        "field.occupied": "Bezet",
        "field.reason": "Reden",
        "field.bed_type": "Soort bed",
        "field.start": "Van",
        "field.end": "Tot",
        "field.location": "Locatie",
        "choose": "— kies —",
        "nav.password": "Wachtwoord wijzigen",
        "pw.title": "Wachtwoord wijzigen",
        "pw.intro": "Kies een eigen wachtwoord van minstens 10 tekens (een zin is goed). Uw "
        "andere sessies worden daarna afgemeld.",
        "pw.one_time": "U bent aangemeld met een eenmalig wachtwoord. Kies eerst een eigen "
        "wachtwoord; daarna kunt u verder.",
        "pw.old": "Huidig wachtwoord",
        "pw.new": "Nieuw wachtwoord",
        "pw.repeat": "Nieuw wachtwoord (nogmaals)",
        "pw.submit": "Wachtwoord opslaan",
        "msg.password": "Uw wachtwoord is gewijzigd; uw andere sessies zijn afgemeld.",
        "error.password_change": "Kies eerst een eigen wachtwoord in plaats van het eenmalige.",
        "why.password.short": "moet minstens 10 tekens hebben",
        "why.password.same": "is gelijk aan het huidige wachtwoord",
        "why.password.differ": "de twee nieuwe wachtwoorden zijn niet gelijk",
        "field.new_password": "Nieuw wachtwoord",
    },
    "en": {
        "app": "Regional placement coordination",
        "switch": "Nederlands",
        "login.title": "Sign in",
        "login.username": "User name",
        "login.password": "Password",
        "login.submit": "Sign in",
        "login.intro": "Sign in with the account your organisation or the regional "
        "coordination desk gave you.",
        "logout": "Sign out",
        "signed_in": "Signed in as {user} ({role}, {org})",
        "nav.requests": "Requests",
        "nav.beds": "Beds",
        "nav.availability": "Availability",
        "nav.monitoring": "Monitoring",
        "nav.audit": "Audit",
        "nav.admin": "Administration",
        "live.on": "Live: this page updates itself",
        "live.off": "Live connection lost; reconnecting…",
        "live.updated": "Updated at {time}",
        "example.banner": "Example data: organisations, locations and figures marked "
        "‘example’ are made up to show the service, not real data.",
        "example": "example",
        "stale": "stale",
        "stale.warning": "Not confirmed for {age}: this figure may be wrong.",
        "age.minutes": "{n} min",
        "age.hours": "{n} h",
        "age.days": "{n} days",
        "req.title": "Requests",
        "req.new": "New request",
        "req.reference": "Own reference",
        "req.reference.help": "A code from your own system (e.g. HA-2026-0042). No name, BSN "
        "or date of birth: they do not belong here.",
        "req.care_type": "Bed type",
        "req.urgency": "Urgency",
        "req.municipality": "Preferred municipality",
        "req.needs": "Care needs (fixed list; no free text)",
        "req.submit": "Submit request",
        "req.none": "No requests yet.",
        "req.col.id": "No.",
        "req.col.reference": "Reference",
        "req.col.referrer": "Referrer",
        "req.col.created": "Submitted",
        "req.col.state": "State",
        "req.col.bed": "Bed",
        "req.open": "Open",
        "req.detail": "Request {id}",
        "req.hold": "Hold",
        "req.hold.expires": "expires at {time}",
        "req.matches": "Matching beds",
        "req.matches.help": "Ranked by: fresh figures before stale ones, then fit (share of the "
        "care needs the location offers), then travel time from the preferred municipality "
        "(road-time estimate), then more free beds.",
        "req.matches.none": "No bed of this type can be held now.",
        "req.matches.closed": "This request already has a hold or is closed.",
        "match.location": "Location",
        "match.organisation": "Organisation",
        "match.fit": "Fit",
        "match.missing": "missing: {needs}",
        "match.travel": "Travel time",
        "match.minutes": "{n} min",
        "match.free": "Free",
        "match.hold": "Hold",
        "release": "Release hold",
        "release.reason": "Reason",
        "close": "Close request",
        "close.reason": "Reason",
        "beds.title": "Beds of {org}",
        "beds.incoming": "Incoming holds",
        "beds.incoming.none": "No holds on your beds.",
        "beds.capacity": "Capacity per location and bed type",
        "beds.capacity.help": "Available = staffed − occupied. Every figure carries who "
        "confirmed it and when; after {hours} hours without confirmation it is stale.",
        "beds.add": "Figure for a new bed type",
        "beds.save": "Save",
        "beds.confirm": "Confirm",
        "beds.none": "Your organisation has no locations yet.",
        "cap.location": "Location",
        "cap.bed_type": "Bed type",
        "cap.physical": "Physical",
        "cap.staffed": "Staffed",
        "cap.occupied": "Occupied",
        "cap.available": "Available",
        "cap.held": "Held",
        "cap.offerable": "Can be held now",
        "cap.confirmed": "Confirmed",
        "cap.confirmed_by": "by {user}, {age} ago",
        "hold.accept": "Accept",
        "hold.decline": "Decline",
        "hold.admit": "Admit",
        "hold.discharge": "Discharge (bed free)",
        "hold.reason": "Reason",
        "hold.placed": "Held by {user} at {time}",
        "avail.title": "Availability in the region",
        "avail.help": "Stale figures are listed last, with a warning.",
        "avail.none": "No capacity reported yet.",
        "audit.title": "Audit",
        "audit.help": "Every change, with who and when; the latest {n} first. A request's own "
        "reference is never in the audit.",
        "audit.none": "No audit rows you may read.",
        "audit.when": "Time",
        "audit.who": "Who",
        "audit.action": "Action",
        "audit.object": "Object",
        "audit.change": "Change",
        "audit.system": "system",
        "mon.title": "Monitoring",
        "mon.period": "Period (requests submitted, and occupancy, from … to)",
        "mon.start": "From",
        "mon.end": "To (not included)",
        "mon.show": "Show",
        "mon.csv": "Download as CSV",
        "mon.help": "Time to placement: from submission to admission (median and 90th "
        "percentile, in hours). Within 24 h: share placed within 24 hours of the requests whose "
        "24-hour outcome is known. Occupancy now: occupied / staffed beds of the current "
        "figures; over the period: occupied / staffed bed-hours, from every change in the "
        "audit log (in brackets the mean occupied and staffed beds). Stale now: share of the "
        "figures stale now; over the period: share of the figure-hours in which a figure was "
        "stale. No Dutch baseline for time to placement is published; these are the region's "
        "own figures.",
        "mon.level": "Level",
        "mon.name": "Name",
        "mon.requests": "Requests",
        "mon.placed": "Placed",
        "mon.open": "Open",
        "mon.median": "Median hours",
        "mon.p90": "P90 hours",
        "mon.within24": "Within 24 h",
        "mon.not_placed": "Not placed (reason)",
        "mon.occupancy_now": "Occupancy now",
        "mon.occupancy_period": "Occupancy over the period",
        "mon.stale_now": "Stale now",
        "mon.stale_period": "Stale over the period",
        "mon.capacity_period": "Occupancy and stale figures over the period: from {start} to "
        "{end} (UTC); a figure is stale when it has not been confirmed for more than {hours} "
        "hours.",
        "mon.capacity_none": "Occupancy over the period: none (the period starts after now, or "
        "no capacity has been reported yet).",
        "mon.mean": "mean",
        "mon.hours": "h",
        "mon.none": "No data in this period.",
        "level.region": "region",
        "level.organisation": "organisation",
        "msg.submitted": "Request {id} submitted.",
        "msg.held": "Bed held; the receiving organisation can now accept or decline.",
        "msg.released": "Hold released.",
        "msg.closed": "Request closed.",
        "msg.accepted": "Hold accepted.",
        "msg.declined": "Hold declined.",
        "msg.admitted": "Admission recorded; the request is closed.",
        "msg.discharged": "Discharge recorded; the bed is free again.",
        "msg.capacity": "Capacity saved.",
        "msg.confirmed": "Figure confirmed.",
        "msg.signed_out": "You are signed out.",
        "error.title": "Something went wrong",
        "error.detail": "Technical message",
        "error.login": "User name or password is wrong.",
        "error.session": "Your session expired or you are not signed in; please sign in again.",
        "error.rate": "Too many failed sign-ins. Try again in {minutes} minutes.",
        "error.csrf": "This form has expired. Reload the page and try again.",
        "error.forbidden": "Your role ({role}) or organisation does not allow this.",
        "error.conflict": "This was not possible: someone else was first, or the request moved "
        "on. Nothing was changed; the page shows the current state.",
        "error.conflict.bed_taken": "This bed was held or taken for another request meanwhile. "
        "Pick another bed.",
        "error.conflict.no_bed_left": "No bed of this type is left at this location. Pick "
        "another location.",
        "error.conflict.has_hold": "A bed is already held for this request; release it first.",
        "error.conflict.transition": "This step is not possible from the request's current state.",
        "error.conflict.hold_state": "This hold is not (or no longer) in the state this step "
        "needs, or it lapsed.",
        "error.conflict.stale_version": "Someone else changed this meanwhile. Nothing was "
        "changed; the page shows the current state.",
        "error.conflict.retry": "Another change to the same beds came at the same moment. "
        "Nothing was changed; try again.",
        "error.conflict.duplicate": "This name is already in use; pick another.",
        "error.not_found": "Not found, or you may not see it.",
        "error.invalid": "The input is not valid:",
        "error.number": "must be a whole number of 0 or more",
        "error.date": "‘{value}’ is not a date (YYYY-MM-DD)",
        "error.period": "the end date lies before the start date",
        "error.other": "The server could not handle this.",
        "error.back": "Back",
        "why.reference.empty": "is empty; give your own reference (e.g. HA-2026-0042)",
        "why.reference.long": "is too long (at most 40 characters)",
        "why.reference.chars": "may hold only letters, digits and . _ / # : - (no spaces: a "
        "reference is a code, not a name)",
        "why.reference.digit": "needs at least one digit (a reference is a code, not a name)",
        "why.reference.bsn": "looks like a citizen service number (8 or 9 digits in a row); "
        "use your own reference",
        "why.reference.date": "contains a date ({value}); a reference must not hold a date of "
        "birth",
        "why.municipality": "is not a municipality code (GM and four digits, e.g. GM0505)",
        "why.choice": "is not an allowed choice",
        "why.exceeds": "exceeds the physical beds",
        "why.number": "must be a whole number of 0 or more",
        "why.other": "is not valid",
        "field.reference": "Own reference",
        "field.care_type": "Bed type",
        "field.urgency": "Urgency",
        "field.municipality": "Municipality",
        "field.needs": "Care needs",
        "field.physical": "Physical",
        "field.staffed": "Staffed",
        "field.occupied": "Occupied",
        "field.reason": "Reason",
        "field.bed_type": "Bed type",
        "field.start": "From",
        "field.end": "To",
        "field.location": "Location",
        "choose": "— choose —",
        "nav.password": "Change password",
        "pw.title": "Change password",
        "pw.intro": "Choose your own password of at least 10 characters (a sentence is good). "
        "Your other sessions are signed out afterwards.",
        "pw.one_time": "You signed in with a one-time password. Choose your own password first; "
        "then you can go on.",
        "pw.old": "Current password",
        "pw.new": "New password",
        "pw.repeat": "New password (again)",
        "pw.submit": "Save password",
        "msg.password": "Your password was changed; your other sessions are signed out.",
        "error.password_change": "Choose your own password instead of the one-time one first.",
        "why.password.short": "must have at least 10 characters",
        "why.password.same": "is the same as the current password",
        "why.password.differ": "the two new passwords differ",
        "field.new_password": "New password",
    },
}

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
