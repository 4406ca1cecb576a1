"""The dashboard's error pages: a browser request that fails gets an HTML page, not JSON.

Which answer a failed request gets is decided by its route, not by its headers: the JSON API
(:func:`is_api`: ``/api/...`` and ``/openapi.json``) answers in the one JSON shape of
:mod:`regioplan.web.errors`; every other path (the dashboard ``/``, its fragments, the report
download and unknown pages) answers with :func:`error_page`: the same HTTP status, a page in the
dashboard's language (``lang`` of the request when it is a language the dashboard has, else
Dutch) that names the wrong value and what is allowed, and a link back to the start page.

The page's texts live here (:data:`TEXTS`, Dutch and English with the same keys, pinned by a
test); names of professions come from the report's catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from regioplan.data import PROFESSIONS
from regioplan.regiobeeld import BASE_YEAR
from regioplan.report.i18n import LANGS, t
from regioplan.report.render import asset, environment

DEFAULT_LANG = "nl"
SHOWN = 80
"""Characters of a wrong value the page shows (a longer one ends in an ellipsis)."""

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "title.region": "Regio niet gevonden",
        "title.input": "Ongeldige invoer",
        "title.page": "Pagina niet gevonden",
        "title.method": "Niet toegestaan",
        "title.internal": "Er ging iets mis",
        "title.other": "Fout",
        "region.unknown": "Er is geen regio ‘{query}’.",
        "region.suggest": "Bedoelde u:",
        "region.hint": "Kies een regio met de regiokiezer op de startpagina, of geef een naam of "
        "code, zoals ZK24 (zorgkantoorregio), GM0599 (gemeente) of NL (heel Nederland).",
        "year.range": "Het jaar {value} valt buiten het bereik van het dashboard: kies een jaar "
        "van {first} tot en met {last}.",
        "year.type": "‘{value}’ is geen jaartal: kies een jaar van {first} tot en met {last}.",
        "choice.profession": "‘{value}’ is geen beroepsgroep van het dashboard: kies uit "
        "{choices}.",
        "choice.lang": "‘{value}’ is geen taal van het dashboard: kies uit {choices}.",
        "field.other": "‘{value}’ is geen geldige waarde voor ‘{name}’ ({reason}).",
        "page.unknown": "Het adres ‘{path}’ bestaat niet in dit dashboard.",
        "method": "{method} is niet mogelijk op ‘{path}’; toegestaan: {allow}.",
        "internal": "Dit is een fout in regioplan, niet in uw invoer. De details staan in het "
        "logboek van de server.",
        "other": "De server kon dit verzoek niet afhandelen (in het Engels: {message}).",
        "back": "Terug naar de startpagina",
        "status": "HTTP-status {status}",
        "switch": "In English",
    },
    "en": {
        "title.region": "Region not found",
        "title.input": "Invalid input",
        "title.page": "Page not found",
        "title.method": "Not allowed",
        "title.internal": "Something went wrong",
        "title.other": "Error",
        "region.unknown": "There is no region ‘{query}’.",
        "region.suggest": "Did you mean:",
        "region.hint": "Pick a region with the region picker on the start page, or give a name "
        "or code such as ZK24 (care-office region), GM0599 (municipality) or NL (the whole "
        "country).",
        "year.range": "The year {value} is outside the dashboard's range: choose a year from "
        "{first} to {last}.",
        "year.type": "‘{value}’ is not a year: choose a year from {first} to {last}.",
        "choice.profession": "‘{value}’ is not a profession of the dashboard: choose from "
        "{choices}.",
        "choice.lang": "‘{value}’ is not a language of the dashboard: choose from {choices}.",
        "field.other": "‘{value}’ is not a valid value for ‘{name}’ ({reason}).",
        "page.unknown": "The address ‘{path}’ does not exist in this dashboard.",
        "method": "{method} is not possible on ‘{path}’; allowed: {allow}.",
        "internal": "This is a fault in regioplan, not in your input. The server's log has the "
        "details.",
        "other": "The server could not handle this request: {message}.",
        "back": "Back to the start page",
        "status": "HTTP status {status}",
        "switch": "In het Nederlands",
    },
}
LANG_NAMES: dict[str, str] = {"nl": "Nederlands", "en": "English"}


def is_api(path: str) -> bool:
    """Whether `path` belongs to the JSON API (errors in the JSON shape) rather than to the
    dashboard's pages (errors as an HTML page)."""
    return path == "/api" or path.startswith("/api/") or path == "/openapi.json"


def page_lang(request: Request) -> str:
    """The language of the request's page: its ``lang`` if the dashboard has it, else Dutch."""
    lang = request.query_params.get("lang", DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def dashboard_years(request: Request) -> tuple[int, int]:
    """(first, last) year the dashboard shows: the base year to the cache's horizon."""
    cache = getattr(request.app.state, "cache", None)
    return BASE_YEAR, int(getattr(cache, "horizon", 2040))


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _text(lang: str, key: str, **values: Any) -> str:
    return TEXTS[lang][key].format(**values)


def _problem(request: Request, lang: str, error: Mapping[str, Any]) -> str:
    """One wrong parameter of a validation error, in `lang`: its value and what is allowed."""
    loc = tuple(error.get("loc", ()))
    name = str(loc[-1]) if loc else ""
    value = _shown(error.get("input", ""))
    if name == "year":
        ctx = error.get("ctx") or {}
        first, last = dashboard_years(request)
        first, last = int(ctx.get("first", first)), int(ctx.get("last", last))
        key = "year.range" if error.get("type") == "year_range" else "year.type"
        return _text(lang, key, value=value, first=first, last=last)
    if name == "profession":
        choices = ", ".join(f"{p} ({t(lang, f'prof.{p}').lower()})" for p in PROFESSIONS)
        return _text(lang, "choice.profession", value=value, choices=choices)
    if name == "lang":
        choices = ", ".join(f"{code} ({LANG_NAMES[code]})" for code in LANGS)
        return _text(lang, "choice.lang", value=value, choices=choices)
    return _text(lang, "field.other", value=value, name=name, reason=error.get("msg", ""))


def _suggestion(text: str) -> tuple[str, str]:
    """(label, region code) of a suggestion such as ``Rotterdam (ZK20)``."""
    code = re.search(r"\(([^()]+)\)\s*$", text)
    return text, code.group(1) if code else text


def _href(path: str, **params: str) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return f"{path}?{query}" if query else path


def error_page(
    request: Request,
    payload: Mapping[str, Any],
    *,
    validation: Sequence[Mapping[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """The HTML page of the error `payload` (the one JSON shape) for a browser `request`;
    `validation` are the parameter errors of a 422, `headers` kept (e.g. ``Allow``)."""
    error = payload["error"]
    status = int(error["status"])
    kind = str(error["type"])
    lang = page_lang(request)
    details = error.get("details") or {}
    lines: list[str] = []
    suggestions: list[tuple[str, str]] = []
    hint = ""
    if kind == "UnknownRegionError":
        title = _text(lang, "title.region")
        lines.append(_text(lang, "region.unknown", query=_shown(details.get("query", ""))))
        suggestions = [_suggestion(str(s)) for s in details.get("suggestions", [])]
        hint = _text(lang, "region.hint")
    elif validation is not None:
        title = _text(lang, "title.input")
        lines.extend(_problem(request, lang, e) for e in validation)
    elif status == 404:
        title = _text(lang, "title.page")
        lines.append(_text(lang, "page.unknown", path=_shown(request.url.path)))
    elif status == 405:
        title = _text(lang, "title.method")
        allow = (headers or {}).get("Allow") or (headers or {}).get("allow") or "GET"
        lines.append(
            _text(lang, "method", method=request.method, path=_shown(request.url.path), allow=allow)
        )
    elif kind == "InternalError":
        title = _text(lang, "title.internal")
        lines.append(_text(lang, "internal"))
    else:
        title = _text(lang, "title.other" if status >= 500 else "title.input")
        lines.append(_text(lang, "other", message=str(error["message"])))
    other = next(code for code in LANGS if code != lang)
    switch = _href(request.url.path, **{**dict(request.query_params), "lang": other})
    html = (
        environment("regioplan.web")
        .get_template("error.html")
        .render(
            lang=lang,
            title=title,
            lines=lines,
            suggestions=[
                (label, _href("/", region=code, lang="" if lang == DEFAULT_LANG else lang))
                for label, code in suggestions
            ],
            suggest=_text(lang, "region.suggest"),
            hint=hint,
            status=status,
            kind=kind,
            status_text=_text(lang, "status", status=status),
            home=_href("/", lang="" if lang == DEFAULT_LANG else lang),
            back=_text(lang, "back"),
            switch=switch,
            switch_text=_text(lang, "switch"),
            other=other,
            css=asset("style.css"),
        )
    )
    return HTMLResponse(html, status_code=status, headers=dict(headers or {}))


__all__ = ["TEXTS", "dashboard_years", "error_page", "is_api", "page_lang"]
