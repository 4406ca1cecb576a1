"""The message catalogue and number formatting."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regioplan.errors import InputError
from regioplan.output import format_number
from regioplan.report.i18n import CATALOGUE, LANGS, fmt_p, fmt_percent, t


def test_catalogues_have_the_same_keys_and_placeholders() -> None:
    """Every message exists in both languages with the same {placeholders}."""
    nl, en = CATALOGUE["nl"], CATALOGUE["en"]
    assert set(nl) == set(en)
    for key in nl:
        assert set(re.findall(r"{(\w+)}", nl[key])) == set(re.findall(r"{(\w+)}", en[key])), key


def test_dutch_and_english_number_formats() -> None:
    assert format_number(1234.5, "nl", 1) == "1.234,5"
    assert format_number(1234.5, "en", 1) == "1,234.5"
    assert format_number(-1234567, "nl") == "−1.234.567"
    assert format_number(float("nan"), "nl") == "–"
    assert format_number(-0.04, "nl", 1) == "0,0"
    assert format_number(-0.4, "en") == "0"
    assert format_number(-0.06, "nl", 1) == "−0,1"
    assert fmt_percent(0.123, "nl") == "12,3%"
    assert fmt_percent(0.5, "en", 0, signed=True) == "+50%"
    assert fmt_p(0.0001, "nl") == "< 0,001"
    assert fmt_p(0.0456, "en") == "= 0.046"


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(0, 3))
def test_dutch_format_reads_back_as_the_english_one(value: float, digits: int) -> None:
    """Swapping the separators of the Dutch text gives the English text."""
    nl = format_number(value, "nl", digits)
    en = format_number(value, "en", digits)
    swapped = nl.replace(".", "\x00").replace(",", ".").replace("\x00", ",")
    assert swapped == en
    assert float(en.replace(",", "").replace("−", "-")) == pytest.approx(
        round(value, digits), abs=10.0**-digits
    )


def test_unknown_language_lists_the_allowed_ones() -> None:
    with pytest.raises(InputError, match="allowed: nl, en"):
        t("de", "title")
    assert LANGS == ("nl", "en")


def test_every_message_is_used() -> None:
    """A message nobody shows is dead text that still has to be kept in two languages (eleven
    were: 'ooh.vs_nl', 'acc.worst', ...). Keys looked up by a computed name are listed by
    their prefix."""
    from pathlib import Path

    import regioplan

    root = Path(regioplan.__file__).parent
    code = "".join(
        p.read_text(encoding="utf-8")
        for p in [*root.glob("report/**/*"), *root.glob("web/**/*")]
        if p.suffix in (".py", ".html")
        and p.name not in ("i18n.py", "messages_nl.py", "messages_en.py")
    )
    computed = (
        "prof.",
        "level.",
        "ooh.type.",
        "as.",
        "wf.provenance.",
        "dist.what.",
        "dist.head.",
        "dist.axis.",
        "dist.caption.",
        "acc.level.",
        "nat.levels.",
        "nat.basis.",
        "unit:",
        "topic:",
    )
    unused = [
        key
        for key in CATALOGUE["nl"]
        if not key.startswith(computed) and f"'{key}'" not in code and f'"{key}"' not in code
    ]
    assert unused == []
