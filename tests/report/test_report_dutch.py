"""The Dutch report is Dutch (issue #16 item 7).

The engines describe their methods and sources in English; a quarter of the Dutch report's text
used to be that English ('bron (Engels): estimate: national headcount 13,492 ...'). The report
now writes them in its own language (:mod:`regioplan.report.methods`), numbers in Dutch notation.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from regioplan.output import format_number
from regioplan.regiobeeld import Regiobeeld
from regioplan.report import render_html
from regioplan.report.methods import engine_text

ENGLISH = (
    "estimate",
    "draws",
    "settlement",
    "parameter set",
    "travel costs",
    "supply",
    "demand",
    "weights",
    "catchment",
    "population-weighted",
    "imported data",
    "headcount",
    "allocated by",
    "per person",
    "projection",
    "municipality",
    "the",
    "and",
    "with",
    "source",
    "method",
)
"""Words and phrases typical of the engines' English method text (whole words)."""

ENGLISH_NUMBER = re.compile(
    r"(?<![\d.,])(?:"
    r"\d{1,3}(?:,\d{3})+\.\d+"  # 13,492.5
    r"|\d{1,3}(?:,\d{3}){2,}"  # 1,234,567
    r"|[1-9]\d{1,2},\d{3}(?![\d,])"  # 13,492 (the report's 3-decimal values are below 10)
    r"|\d+\.\d{1,2}(?![\d.])"  # 249.8, 0.68 (Dutch thousands have 3 digits after the dot)
    r"|0\.\d+"  # 0.751 (a Dutch thousands group never starts with 0)
    r"|\d+\.\d{4,}"  # 0.0261
    r")(?![\d])"
)
"""A number in English notation. Dutch writes 13.492 and 249,8; dates (1-1-2024), years and
codes have no separator. 5,597 is ambiguous (a Dutch accessibility score with 3 decimals) and
passes; the report has no 3-decimal values of 10 or more."""

IGNORED = re.compile(r"https?://\S+|\b\d+\.\d+\.\d+\S*|\b\w+\.(?:md|nl|py)\b|CC BY \d\.\d")
"""Web addresses, version numbers (0.1.0), file names and licence names keep their dots."""


class _Visible(HTMLParser):
    """The text a reader sees: element text (also in SVG) and hover texts, no script or style."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        for name, value in attrs:
            if name in ("title", "data-tip", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return IGNORED.sub(" ", " ".join(parser.parts))


def english_words(text: str) -> list[str]:
    return [
        m.group(0)
        for word in ENGLISH
        for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE)
    ]


def context(text: str, needle: str) -> str:
    at = text.lower().find(needle.lower())
    return text[max(0, at - 80) : at + 80]


@pytest.fixture(scope="module")
def dutch(rb: Regiobeeld) -> str:
    return visible_text(render_html(rb, "nl"))


def test_the_dutch_report_has_no_english_method_text(dutch: str) -> None:
    """Sources, methods, assumptions and units are Dutch; so is every hover text."""
    found = english_words(dutch)
    assert not found, [context(dutch, w) for w in sorted(set(found))]
    assert "(Engels)" not in dutch


def test_the_dutch_report_writes_numbers_the_dutch_way(dutch: str) -> None:
    """13.492 personen, 0,751 fte per persoon, 249,8 fte; never 13,492 or 249.8."""
    found = ENGLISH_NUMBER.findall(dutch)
    assert not found, [context(dutch, n) for n in sorted(set(found))]


def test_the_detectors_find_what_the_dutch_report_used_to_show() -> None:
    """The old report's English text and numbers are caught; Dutch text and numbers are not."""
    old = (
        "bron (Engels): estimate: national headcount 13,492 (2021-01-01; source: "
        "https://www.vzinfo.nl/x) allocated by GP practice contacts; FTE = headcount x 0.751 FTE "
        "per person; supply: 0.0 FTE own data, 249.8 FTE estimate; weights 10:1,20:0.68"
    )
    text = IGNORED.sub(" ", old)
    assert {"estimate", "headcount", "allocated by", "supply", "weights"} <= {
        w.lower() for w in english_words(text)
    }
    assert {"13,492", "0.751", "249.8", "0.68", "0.0"} <= set(ENGLISH_NUMBER.findall(text))
    new = (
        "schatting: landelijk 13.492 personen (2021-01-01); fte = personen x 0,751 fte per "
        "persoon; 249,8 fte; 1.234.567 inwoners; peiljaar 2024, 1-1-2040, PC4 3311; 0,0261"
    )
    assert english_words(new) == []
    assert ENGLISH_NUMBER.findall(new) == []


def test_engine_numbers_are_written_in_the_report_s_language(rb: Regiobeeld) -> None:
    """The supply in the accessibility method is the engine's figure in each notation."""
    a = rb.access["gp"]
    estimate = re.search(r"([\d.]+) FTE estimate", a.method)
    assert estimate is not None
    value = float(estimate.group(1))
    assert f"{format_number(value, 'nl', 1)} fte schatting" in engine_text(a.method, "nl")
    assert f"{format_number(value, 'en', 1)} FTE estimate" in engine_text(a.method, "en")


def test_the_english_report_keeps_the_engines_words(rb: Regiobeeld) -> None:
    """In English the method text is the engines' own, up to the notation of numbers and the
    step weights, which read '10 min: 1, 20 min: 0.68' instead of '10:1,20:0.68'."""
    texts = [s for _, s in rb.sources] + [rb.ooh.method, rb.population.projection_method]
    texts += [w.method for w in rb.workforce.values()]
    texts += [w.inflow_method for w in rb.workforce.values()]
    texts += [py.method for py in rb.access_projected.values()]

    def plain(text: str) -> str:
        return re.sub(r"(\d),(\d{3})", r"\1\2", text).lower()

    for text in texts:
        assert plain(engine_text(text, "en")) == plain(text)
    page = visible_text(render_html(rb, "en"))
    assert "schatting" not in page and "fte per persoon" not in page


def test_unknown_engine_wording_is_kept_not_lost() -> None:
    """A sentence the phrase table does not know stays as it is (and the Dutch test above
    names it), rather than disappearing from the report."""
    assert engine_text("a brand new method, 2 steps", "nl") == "a brand new method, 2 steps"
    assert engine_text("supply: 1.5 FTE own data, 2.0 FTE estimate", "nl") == (
        "aanbod: 1,5 fte eigen gegevens, 2,0 fte schatting"
    )
