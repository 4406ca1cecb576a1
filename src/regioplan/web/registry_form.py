"""The registry pages' add and edit form: from the posted fields to a raw record, and back.

The simple fields are one input each. The lists of objects an initiative carries -- the
bottlenecks it met (what happened, how it was solved), its funding, its measured results
(indicator, value, unit, date, profession, source) and its source links -- are rows of inputs
named ``LIST-ROW-FIELD`` (``results-0-date``), server-rendered, with a blank row at the end of
each list to add one, a "more rows" button (a submit that saves nothing) and a remove box per
row. A row left blank is no item. The stage history is kept from the edited record; a new stage
is appended with its date.

Problems are raised with the record's field names (``results[1].date``, counting the items the
form made) and shown by :func:`problem_lines` in the page's language, naming the list, the row
as the page numbers it and the field, so the user finds the input.

>>> rows = rows_from_form({"results-0-indicator": "Inflow", "results-0-value": "4,5",
...                        "results-0-date": "2025", "results-2-indicator": " "})
>>> [r["value"] for r in rows["results"]], rows["bottlenecks"]
(['4,5'], [])
>>> number("4,5"), number("12"), number("3-4")
(4.5, 12.0, None)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from regioplan.errors import Problem, RegioplanError, ValidationError
from regioplan.initiatives.registry import InitiativeRecord

LISTS: dict[str, tuple[str, ...]] = {
    "bottlenecks": ("code", "what_happened", "how_solved"),
    "funding": ("funder", "amount_eur", "period", "note"),
    "results": ("indicator", "value", "unit", "date", "profession", "source"),
    "sources": ("url", "title", "publisher", "published", "retrieved"),
}
"""The record's lists of objects the form edits as rows, with the fields of a row in form order
(a result's `profession` and every optional field may stay empty)."""
MAX_ROWS = 200
"""Rows per list a form may post (more is refused, naming the list)."""
_ROW = re.compile(r"^(" + "|".join(LISTS) + r")-(\d{1,4})-([a-z_]+)$")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_FIELD = re.compile(r"^(?P<list>[a-z_]+)(?:\[(?P<index>\d+)\](?:\.(?P<sub>[a-z_]+))?)?$")
_GM = re.compile(r"^GM\d{4}$")

FORM_TEXT: dict[str, dict[str, str]] = {
    "nl": {
        "list.bottlenecks": "Knelpunten waar het initiatief op stuitte",
        "list.funding": "Financiering",
        "list.results": "Gemeten resultaten",
        "list.sources": "Openbare bronnen",
        "short.bottlenecks": "Knelpunten",
        "short.funding": "Financiering",
        "short.results": "Resultaten",
        "short.sources": "Bronnen",
        "row.bottlenecks": "Knelpunt {n}",
        "row.funding": "Financiering {n}",
        "row.results": "Resultaat {n}",
        "row.sources": "Bron {n}",
        "bottlenecks.code": "knelpunt",
        "bottlenecks.what_happened": "wat er gebeurde",
        "bottlenecks.how_solved": "hoe het is opgelost (leeg: niet bekend of niet opgelost)",
        "funding.funder": "financier",
        "funding.amount_eur": "bedrag in euro (alleen als een bron het noemt)",
        "funding.period": "periode",
        "funding.note": "toelichting",
        "results.indicator": "indicator",
        "results.value": "waarde (een getal, of de woorden van de bron)",
        "results.unit": "eenheid (bijv. fte, patiënten)",
        "results.date": "datum (JJJJ, JJJJ-MM of JJJJ-MM-DD)",
        "results.profession": "beroep (bij fte: vergelijkt de scan met de verwachting)",
        "results.source": "bron (URL)",
        "sources.url": "URL",
        "sources.title": "titel",
        "sources.publisher": "uitgever",
        "sources.published": "gepubliceerd (JJJJ, JJJJ-MM of JJJJ-MM-DD)",
        "sources.retrieved": "geraadpleegd (JJJJ-MM-DD; leeg: vandaag)",
        "remove": "verwijderen",
        "more": "Regel toevoegen",
        "rows_hint": "Een lege regel telt niet mee; vul de lege regel onderaan in om er een toe "
        "te voegen.",
        "no_profession": "—",
        "source_link": "bron",
        "field.id": "Kenmerk",
        "field.name": "Naam",
        "field.summary": "Korte beschrijving",
        "field.type": "Soort",
        "field.stage": "Fase",
        "field.since": "Sinds",
        "field.stage_history": "Fasegeschiedenis",
        "field.domains": "Domeinen",
        "field.municipalities": "Gemeenten",
        "field.organisations": "Deelnemende organisaties",
        "field.lessons": "Lessen",
        "field.contact": "Contact",
        "field.area_note": "Toelichting op het gebied",
        "field.known_facts_note": "Wat de bronnen niet zeggen",
        "field.public": "Openbaar",
        "field.test_data": "Testgegevens",
        "why.required": "moet worden ingevuld",
        "why.one_domain": "kies er minstens één",
        "why.choice": "kies een van de mogelijkheden",
        "why.date": "{value} is geen datum van de vorm JJJJ, JJJJ-MM of JJJJ-MM-DD",
        "why.real_date": "{value} is geen bestaande datum",
        "why.day": "moet een datum van de vorm JJJJ-MM-DD zijn",
        "why.url": "{value} is geen http(s)-adres",
        "why.amount": "{value} is geen bedrag: schrijf alleen cijfers, eventueel met een "
        "decimaalkomma (bijv. 1500000 of 2500,50)",
        "why.not_negative": "mag niet negatief zijn",
        "why.source_needed": "een echt initiatief heeft minstens één openbare bron nodig "
        "(of vink testgegevens aan)",
        "why.stage_order": "de fasen staan niet in datumvolgorde",
        "why.stage_last": "de fase verschilt van de laatste stap van de fasegeschiedenis",
        "why.id": "gebruik 2 tot 80 kleine letters, cijfers en '-'",
        "why.id_fixed": "het kenmerk van een bestaand initiatief verandert niet",
        "why.municipality": "onbekende gemeentecode of regio: {value}",
        "why.municipality_twice": "een gemeente staat er twee keer in",
        "why.rows": "te veel regels (hoogstens {max})",
        "why.other": "{reason} (technische melding)",
    },
    "en": {
        "list.bottlenecks": "Bottlenecks the initiative met",
        "list.funding": "Funding",
        "list.results": "Measured results",
        "list.sources": "Public sources",
        "short.bottlenecks": "Bottlenecks",
        "short.funding": "Funding",
        "short.results": "Results",
        "short.sources": "Sources",
        "row.bottlenecks": "Bottleneck {n}",
        "row.funding": "Funding {n}",
        "row.results": "Result {n}",
        "row.sources": "Source {n}",
        "bottlenecks.code": "bottleneck",
        "bottlenecks.what_happened": "what happened",
        "bottlenecks.how_solved": "how it was solved (empty: not known or not solved)",
        "funding.funder": "funder",
        "funding.amount_eur": "amount in euro (only when a source gives it)",
        "funding.period": "period",
        "funding.note": "note",
        "results.indicator": "indicator",
        "results.value": "value (a number, or the source's words)",
        "results.unit": "unit (e.g. fte, patients)",
        "results.date": "date (YYYY, YYYY-MM or YYYY-MM-DD)",
        "results.profession": "profession (with fte: the scan compares it with the expectation)",
        "results.source": "source (URL)",
        "sources.url": "URL",
        "sources.title": "title",
        "sources.publisher": "publisher",
        "sources.published": "published (YYYY, YYYY-MM or YYYY-MM-DD)",
        "sources.retrieved": "retrieved (YYYY-MM-DD; empty: today)",
        "remove": "remove",
        "more": "Add a row",
        "rows_hint": "A blank row does not count; fill in the blank row at the bottom to add one.",
        "no_profession": "—",
        "source_link": "source",
        "field.id": "Id",
        "field.name": "Name",
        "field.summary": "Short description",
        "field.type": "Type",
        "field.stage": "Stage",
        "field.since": "Since",
        "field.stage_history": "Stage history",
        "field.domains": "Domains",
        "field.municipalities": "Municipalities",
        "field.organisations": "Participating organisations",
        "field.lessons": "Lessons",
        "field.contact": "Contact",
        "field.area_note": "Note on the area",
        "field.known_facts_note": "What the sources do not say",
        "field.public": "Public",
        "field.test_data": "Test data",
        "why.required": "must be filled in",
        "why.one_domain": "choose at least one",
        "why.choice": "choose one of the options",
        "why.date": "{value} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD",
        "why.real_date": "{value} is not a real date",
        "why.day": "must be a date of the form YYYY-MM-DD",
        "why.url": "{value} is not an http(s) address",
        "why.amount": "{value} is not an amount: write digits only, with a decimal point if "
        "needed (e.g. 1500000 or 2500.50)",
        "why.not_negative": "must not be negative",
        "why.source_needed": "a real initiative needs at least one public source (or tick test "
        "data)",
        "why.stage_order": "the stages are not in date order",
        "why.stage_last": "the stage differs from the last step of the stage history",
        "why.id": "use 2 to 80 lowercase letters, digits and '-'",
        "why.id_fixed": "the id of an existing initiative does not change",
        "why.municipality": "unknown municipality code or region: {value}",
        "why.municipality_twice": "a municipality is listed twice",
        "why.rows": "too many rows (at most {max})",
        "why.other": "{reason}",
    },
}
"""The form's own words (the lists, their fields, the problems) in Dutch and English."""

_REASONS: tuple[tuple[str, str], ...] = (
    ("Field required", "why.required"),
    ("at least 1 character", "why.required"),
    ("List should have at least 1 item", "why.one_domain"),
    ("Tuple should have at least 1 item", "why.one_domain"),
    ("is not a date of the form", "why.date"),
    ("is not a real date", "why.real_date"),
    ("valid date", "why.day"),
    ("is not an http(s) URL", "why.url"),
    ("is not an amount", "why.amount"),
    ("greater than or equal to 0", "why.not_negative"),
    ("Input should be '", "why.choice"),
    ("is no profession", "why.choice"),
    ("is no initiative type", "why.choice"),
    ("needs at least one public source", "why.source_needed"),
    ("not in date order", "why.stage_order"),
    ("differs from the last step", "why.stage_last"),
    ("lowercase letters, digits", "why.id"),
    ("an id cannot change", "why.id_fixed"),
    ("unknown code or region", "why.municipality"),
    ("not a municipality code", "why.municipality"),
    ("unknown municipality code", "why.municipality"),
    ("listed twice", "why.municipality_twice"),
    ("too many rows", "why.rows"),
)
"""An English reason (the record's checks, pydantic's messages) -> the key of its words."""
_QUOTED = re.compile(r"'([^']*)'")


def number(text: str) -> float | None:
    """`text` as a number when it is one (``12``, ``4.5``, ``4,5``), else None."""
    cleaned = text.strip().replace(" ", "")
    if not _NUMBER.match(cleaned):
        return None
    return float(cleaned.replace(",", "."))


def _text(value: Any) -> str:
    """A record's value as the form shows it (``3.0`` as ``3``, None as empty)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def field_label(lang: str, field: str) -> str:
    """A record field's name in the page's language (the history's "changed" column).

    >>> field_label("nl", "results"), field_label("en", "stage_history"), field_label("nl", "x")
    ('Resultaten', 'Stage history', 'x')
    """
    words = FORM_TEXT[lang]
    return words.get(f"short.{field}") or words.get(f"field.{field}") or field


def shown_value(value: float | str, lang: str) -> str:
    """A result's value on a page: a number in the page's language with the decimals it has
    (up to 3), text as it is.

    >>> shown_value(2.0, "nl"), shown_value(3.5, "nl"), shown_value(1234.25, "en")
    ('2', '3,5', '1,234.25')
    """
    from regioplan.output import format_number

    if isinstance(value, str):
        return value
    digits = next((d for d in range(4) if round(value, d) == value), 3)
    return format_number(value, lang, digits)


def rows_of(record: InitiativeRecord | None) -> dict[str, list[dict[str, str]]]:
    """The record's lists as the form's rows (strings); empty lists for a new record."""
    out: dict[str, list[dict[str, str]]] = {name: [] for name in LISTS}
    if record is None:
        return out
    body = record.to_dict()
    for name, fields in LISTS.items():
        out[name] = [{f: _text(item.get(f)) for f in fields} for item in body[name]]
    return out


def rows_from_form(form: Mapping[str, str]) -> dict[str, list[dict[str, str]]]:
    """The rows a form posted, in row order, without blank rows; a row ticked for removal keeps
    ``remove = "on"`` (it is shown again, ticked, when the form comes back with problems)."""
    found: dict[str, dict[int, dict[str, str]]] = {name: {} for name in LISTS}
    for key, value in form.items():
        match = _ROW.match(key)
        if match is None:
            continue
        name, index, field = match.group(1), int(match.group(2)), match.group(3)
        if field in LISTS[name] or field == "remove":
            found[name].setdefault(index, {})[field] = str(value)
    out: dict[str, list[dict[str, str]]] = {}
    for name, fields in LISTS.items():
        rows = []
        for index in sorted(found[name]):
            row = {f: found[name][index].get(f, "").strip() for f in fields}
            if any(row.values()):
                if found[name][index].get("remove") == "on":
                    row["remove"] = "on"
                rows.append(row)
        out[name] = rows
    return out


def with_blank_rows(
    rows: Mapping[str, Sequence[Mapping[str, str]]], more: str = ""
) -> dict[str, list[dict[str, str]]]:
    """`rows` with one blank row at the end of every list (two for the list named `more`)."""
    out: dict[str, list[dict[str, str]]] = {}
    for name, fields in LISTS.items():
        blank = 2 if name == more else 1
        out[name] = [dict(r) for r in rows.get(name, ())] + [
            dict.fromkeys(fields, "") for _ in range(blank)
        ]
    return out


@dataclass(frozen=True)
class FormItems:
    """The lists a form describes: the items, the problems found reading them (numbers,
    required fields), and for every item the row of the form it came from (per list)."""

    items: dict[str, list[dict[str, Any]]]
    problems: list[Problem]
    rows: dict[str, list[int]]


def items_from_rows(rows: Mapping[str, Sequence[Mapping[str, str]]], today: dt.date) -> FormItems:
    """Turn the posted rows (:func:`rows_from_form`) into the record's lists: rows ticked for
    removal are dropped, numbers read (a result's value stays text when it is no number),
    empty optional fields left out, a new source retrieved today. Problems name the record's
    fields (``results[0].value``)."""
    items: dict[str, list[dict[str, Any]]] = {}
    problems: list[Problem] = []
    origin: dict[str, list[int]] = {}
    for name, fields in LISTS.items():
        kept: list[dict[str, Any]] = []
        origin[name] = []
        posted = rows.get(name, ())
        if len(posted) > MAX_ROWS:
            problems.append(Problem("form", None, name, f"too many rows (at most {MAX_ROWS})"))
            posted = posted[:MAX_ROWS]
        for row_index, row in enumerate(posted):
            if row.get("remove") == "on":
                continue
            at = f"{name}[{len(kept)}]"
            item: dict[str, Any] = {f: row.get(f, "") for f in fields if row.get(f, "")}
            if name == "funding" and "amount_eur" in item:
                amount = number(item["amount_eur"])
                if amount is None:
                    problems.append(
                        Problem(
                            "form",
                            None,
                            f"{at}.amount_eur",
                            f"'{item['amount_eur']}' is not an amount",
                        )
                    )
                else:
                    item["amount_eur"] = amount
            if name == "results":
                if "value" not in item:
                    problems.append(Problem("form", None, f"{at}.value", "Field required"))
                else:
                    value = number(item["value"])
                    item["value"] = item["value"] if value is None else value
            if name == "sources" and "retrieved" not in item:
                item["retrieved"] = today.isoformat()
            kept.append(item)
            origin[name].append(row_index)
        items[name] = kept
    return FormItems(items, problems, origin)


def municipality_codes(text: str) -> tuple[list[str], list[str]]:
    """GM codes from `text`: codes as given, a region (code or name) as its municipalities;
    (codes, the items that are neither)."""
    from regioplan.regions import select_region

    codes: list[str] = []
    unknown: list[str] = []
    for item in (x.strip() for x in re.split(r"[,\n;]", text)):
        if not item:
            continue
        if _GM.match(item.upper()):
            found = [item.upper()]
        else:
            try:
                found = list(select_region(item).municipality_codes)
            except RegioplanError as exc:
                why = str(exc).split(";")[0]
                unknown.append(item if why.startswith("unknown region") else why)
                continue
        codes.extend(c for c in found if c not in codes)
    return codes, unknown


def read_form(
    form: Mapping[str, str], domains: list[str], current: InitiativeRecord | None, today: dt.date
) -> tuple[dict[str, Any], FormItems, list[Problem]]:
    """The raw record a form describes (the record's checks still to run), the lists read from
    its rows, and the problems found reading the form; ``current`` is the record being edited
    (its id and stage history are kept, a new stage is appended)."""
    problems: list[Problem] = []
    raw: dict[str, Any] = {} if current is None else current.to_dict()
    codes, unknown = municipality_codes(form.get("municipalities", ""))
    if unknown:
        problems.append(
            Problem("form", None, "municipalities", f"unknown code or region: {'; '.join(unknown)}")
        )

    def lines(key: str) -> list[str]:
        return [x.strip() for x in form.get(key, "").splitlines() if x.strip()]

    raw.update(
        {
            "id": current.id if current is not None else form.get("id", "").strip(),
            "name": form.get("name", ""),
            "summary": form.get("summary", ""),
            "type": form.get("type", ""),
            "stage": form.get("stage", ""),
            "domains": domains,
            "municipalities": codes,
            "area_note": form.get("area_note", ""),
            "organisations": lines("organisations"),
            "lessons": lines("lessons"),
            "contact": form.get("contact", ""),
            "known_facts_note": form.get("known_facts_note", ""),
            "public": form.get("public") == "on",
            "test_data": form.get("test_data") == "on",
        }
    )
    lists = items_from_rows(rows_from_form(form), today)
    raw.update(lists.items)
    problems.extend(lists.problems)
    history = list(raw.get("stage_history") or [])
    since = form.get("since", "").strip()
    stage = raw["stage"]
    if history and history[-1].get("stage") == stage:
        if since:
            history[-1] = {**history[-1], "since": since}
    elif since or history:
        history.append({"stage": stage, "since": since})
    raw["stage_history"] = history
    return raw, lists, problems


def check_form(
    form: Mapping[str, str], domains: list[str], current: InitiativeRecord | None, today: dt.date
) -> tuple[InitiativeRecord | None, list[Problem], FormItems]:
    """The record a form describes, or None with every problem of the form and of the record
    (fields named as in the record); and the lists read from the form's rows."""
    from regioplan.initiatives.registry import validate_record

    raw, lists, problems = read_form(form, domains, current, today)
    named = {p.field for p in problems}
    record, found = validate_record(raw, source="form", line=None)
    problems.extend(p for p in found if p.field not in named)
    return (None if problems else record), problems, lists


def record_from_form(
    form: Mapping[str, str], domains: list[str], current: InitiativeRecord | None, today: dt.date
) -> InitiativeRecord:
    """The record a form describes (:func:`check_form`); a :class:`ValidationError` naming
    every problem when there is any."""
    record, problems, _ = check_form(form, domains, current, today)
    if record is None:
        summary = "; ".join(f"{p.field}: {p.reason}" for p in problems)
        raise ValidationError(problems, summary=summary)
    return record


@dataclass(frozen=True)
class ProblemLine:
    """One problem as the page shows it: the field's label, why, in the page's language, and
    the name of the input it points at (empty when it is no single input)."""

    field: str
    label: str
    reason: str
    input: str


SIMPLE_INPUTS = frozenset(
    {
        "id",
        "name",
        "summary",
        "type",
        "stage",
        "since",
        "municipalities",
        "area_note",
        "organisations",
        "lessons",
        "contact",
        "known_facts_note",
    }
)
"""The form's inputs of one field each (a problem of one of them marks that input)."""


def _reason(lang: str, reason: str) -> str:
    words = FORM_TEXT[lang]
    quoted = _QUOTED.search(reason)
    value = quoted.group(1) if quoted else ""
    if "municipality" in reason or "unknown code or region" in reason:
        value = reason.rsplit(": ", 1)[-1].strip()
    for needle, key in _REASONS:
        if needle in reason:
            return words[key].format(value=value or "—", max=MAX_ROWS)
    return words["why.other"].format(reason=reason)


def problem_lines(
    lang: str, problems: Sequence[Problem], rows: Mapping[str, Sequence[int]]
) -> list[ProblemLine]:
    """`problems` (fields named as in the record) as the page shows them, e.g. ``Resultaat 2:
    datum`` and ``2025-13 is geen bestaande datum``. `rows` maps every list's items to the
    form's rows (:attr:`FormItems.rows`), so the row number is the one on the page."""
    words = FORM_TEXT[lang]
    out = []
    for p in problems:
        match = _FIELD.match(p.field)
        group = match.group("list") if match else p.field
        label = words.get(f"field.{p.field}") or words.get(f"field.{group}") or p.field
        target = p.field if p.field in SIMPLE_INPUTS else ""
        if match and group in LISTS:
            index, sub = match.group("index", "sub")
            label = words[f"list.{group}"]
            if index is not None:
                at = int(index)
                known = rows.get(group, ())
                row = known[at] if at < len(known) else at
                label = words[f"row.{group}"].format(n=row + 1)
                if sub:
                    label += ": " + words.get(f"{group}.{sub}", sub).split(" (")[0]
                    target = f"{group}-{row}-{sub}"
        elif group == "stage_history":  # the date of the new stage is the form's "since"
            label, target = words["field.since"], "since"
        out.append(ProblemLine(p.field, label, _reason(lang, p.reason), target))
    return out


__all__ = [
    "FORM_TEXT",
    "LISTS",
    "MAX_ROWS",
    "SIMPLE_INPUTS",
    "FormItems",
    "ProblemLine",
    "check_form",
    "field_label",
    "items_from_rows",
    "municipality_codes",
    "number",
    "problem_lines",
    "read_form",
    "record_from_form",
    "rows_from_form",
    "rows_of",
    "shown_value",
    "with_blank_rows",
]
