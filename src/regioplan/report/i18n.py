"""The report's and dashboard's message catalogue (nl, en) and number formatting.

Numbers are formatted by :func:`regioplan.output.format_number`, shared with the CLI.

Dutch formats numbers as ``1.234,5`` and English as ``1,234.5``. Every user-facing string of the
report and the dashboard is looked up here, so both languages stay complete: a test checks that
the two catalogues have the same keys. The catalogues themselves live in
:mod:`.messages_nl` and :mod:`.messages_en`; this module assembles them and is the API.

>>> fmt_percent(0.1234, "nl"), fmt_percent(0.1234, "en")
('12,3%', '12.3%')
"""

from __future__ import annotations

import math
from typing import Any

from regioplan.errors import InputError
from regioplan.output import format_number
from regioplan.report.messages_en import MESSAGES_EN
from regioplan.report.messages_nl import MESSAGES_NL
from regioplan.settings import LANGS

CATALOGUE: dict[str, dict[str, str]] = {"nl": MESSAGES_NL, "en": MESSAGES_EN}


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
