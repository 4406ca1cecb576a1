"""Smaller report fixes (issue #16 item 13): a year for every 'now', signed changes in the
projected accessibility table, the country said as the country, a unit in every per-10,000
tooltip."""

from __future__ import annotations

import dataclasses
import html as htmllib
import re

import pytest

from regioplan.data import PROFESSIONS
from regioplan.output import format_number
from regioplan.regiobeeld import Regiobeeld
from regioplan.regiobeeld.build import BASE_YEAR
from regioplan.report import render_html, summary
from regioplan.report.i18n import fmt_percent, fmt_signed

NOW_WORDS = {"nl": r"\bnu\b|\bhuidige? (?:opleidings)?instroom\b", "en": r"\bnow\b|\btoday'?s?\b"}


def _visible(page: str) -> str:
    """The text a reader sees (tags, styles and scripts removed), one line per element."""
    page = re.sub(r"<style.*?</style>|<script.*?</script>", "", page, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", "\n", page))


def _section(page: str, name: str) -> str:
    start = page.index(f'<section id="{name}">')
    return page[start : page.index("</section>", start)]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_number_is_labelled_now_without_its_year(rb: Regiobeeld, lang: str) -> None:
    """'Vraag nu' was 2025 for the GP and 2024 for SO/AVG, 'nu 18,7' an inflow at an intake of
    no stated year and 'bestaat nu al' a gap of no year: the report names the year instead."""
    text = _visible(render_html(rb, lang))
    # the engines' own method sentences may say 'current' for the parameter set's intake; they
    # follow a 'methode:'/'method:' label and are not labels of numbers
    labels = [line for line in text.splitlines() if not re.match(r"\s*(methode|method):", line)]
    found = [line.strip() for line in labels if re.search(NOW_WORDS[lang], line, re.I)]
    assert found == []


def test_the_workforce_kpis_name_their_years(rb: Regiobeeld) -> None:
    page = render_html(rb, "nl")
    workforce = _section(page, "workforce")
    for p in PROFESSIONS:
        w = rb.workforce[p]
        block = workforce.split(f'data-profession="{p}"')[1].split('data-profession="')[0]
        first = w.years[0].year
        assert f"Aanbod peiljaar {BASE_YEAR} (" in block
        assert f">Vraag {first}<" in block
        assert f"bij de instroom van {first}: {format_number(w.current_inflow, 'nl', 1)}" in block
    # the GP model starts in 2025, SO and AVG in 2024: the labels differ accordingly
    assert [rb.workforce[p].years[0].year for p in ("gp", "so", "avg")] == [2025, 2024, 2024]


def test_the_summary_names_the_years_of_now(rb: Regiobeeld) -> None:
    nl = " ".join(summary(rb, "nl"))
    en = " ".join(summary(rb, "en"))
    so = rb.workforce["so"]
    start = so.years[0].year
    assert f"bestaat in {start} al" in nl and f"exists already in {start}" in en
    assert f"bij de opleidingsinstroom van {start} zijn dat er" in nl
    assert f"at the {start} training intake" in en
    pop = rb.population
    assert f"van {format_number(pop.age_75_plus, 'nl')} in {BASE_YEAR} naar" in nl
    assert f"in {rb.horizon} (" in nl.split("75-plussers")[1]


def test_trainees_settle_where_the_region_is(rb: Regiobeeld) -> None:
    """The national report said trainees must 'in de regio vestigen': the place follows the
    region's level (the country, a municipality, a province, any other region)."""
    cases = {
        "land": ("in Nederland vestigen", "settle in the Netherlands;"),
        "gemeente": ("in de gemeente vestigen", "settle in the municipality;"),
        "provincie": ("in de provincie vestigen", "settle in the province;"),
        "zorgkantoor": ("in de regio vestigen", "settle in the region;"),
        "custom": ("in de regio vestigen", "settle in the region;"),
    }
    for level, (nl, en) in cases.items():
        other = dataclasses.replace(rb, level=level)
        said = " ".join(summary(other, "nl"))
        assert nl in said, level
        assert en in " ".join(summary(other, "en")), level
        if level == "land":
            assert "in de regio" not in said
            page = render_html(other, "nl")
            # the engine's method sentences come from the ZK24 build; the report's own do not
            paragraphs = re.findall(r"<p.*?</p>", _section(page, "workforce"), flags=re.S)
            own = " ".join(x for x in paragraphs if not re.search(r"(methode|bron):", x))
            assert "in de regio" not in own
            assert "aanbod in Nederland in peiljaar 2024" in own
            assert "fte in Nederland in" in _section(page, "access")


def test_the_country_s_inflow_method_settles_trainees_in_the_netherlands() -> None:
    from regioplan.regiobeeld import sections
    from regioplan.regions import country
    from regioplan.report.methods import engine_text

    w = sections.workforce(country(), "avg", horizon=2040, seed=1, draws=20)
    assert "who must settle in the Netherlands for its gap" in w.inflow_method
    assert "dat zich in Nederland moet vestigen" in engine_text(w.inflow_method, "nl")


def _rows(page: str, profession: str) -> dict[str, list[str]]:
    """The access-years table of `profession`: its cells by data-stat."""
    block = _section(page, "access").split(f'data-profession="{profession}"')[1]
    table = block[block.index('<table class="access-years">') : block.index("</table>")]
    return {
        m.group(1): [htmllib.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", m.group(2))]
        for m in re.finditer(r'<tr data-stat="(\w+)">(.*?)</tr>', table, re.S)
    }


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_change_in_the_projection_table_is_filled_and_signed(
    rb: Regiobeeld, lang: str
) -> None:
    """The Gini change had no sign and the share, population and municipality rows an empty
    'Verandering' column: every row now says its change, signed, the share in percentage
    points."""
    page = render_html(rb, lang)
    points = "procentpunt" if lang == "nl" else "percentage points"
    for p in PROFESSIONS:
        py = rb.access_projected[p]
        s0, s1 = py.base_stats["pc4"], py.stats["pc4"]
        rows = _rows(page, p)
        assert set(rows) == {
            "mean",
            "median",
            "gini",
            "share_below",
            "population_below",
            "municipalities_below",
        }
        for stat, cells in rows.items():
            assert len(cells) == 4 and cells[3].strip(), (p, stat)
            assert re.match(r"[+−]|0(?:[.,]0*)?(?:%| |$)", cells[3]), (p, stat, cells[3])
        assert rows["mean"][3] == fmt_percent(s1.mean / s0.mean - 1, lang, signed=True)
        assert rows["gini"][3] == fmt_signed(s1.gini - s0.gini, lang, 3)
        share = fmt_signed((s1.share_below - s0.share_below) * 100, lang, 1)
        assert rows["share_below"][3] == f"{share} {points}"
        assert rows["population_below"][3] == fmt_signed(
            s1.population_below - s0.population_below, lang
        )
        munis = py.stats["municipality"].short_areas - py.base_stats["municipality"].short_areas
        assert rows["municipalities_below"][3] == fmt_signed(munis, lang)
    # ZK24 SO: inequality and the share below the threshold grow; both carry a plus
    so = _rows(page, "so")
    assert so["gini"][3].startswith("+") and so["share_below"][3].startswith("+")


def test_signed_numbers() -> None:
    assert fmt_signed(0.0114, "nl", 3) == "+0,011"
    assert fmt_signed(-0.0114, "en", 3) == "−0.011"
    assert fmt_signed(-0.0004, "nl", 3) == "0,000"  # no sign where it rounds to zero
    assert fmt_signed(0, "en") == "0"
    assert fmt_signed(225_794, "nl") == "+225.794"
    assert fmt_signed(float("nan"), "nl") == "–"
    assert fmt_percent(0.00001, "nl", 1, signed=True) == "0,0%"  # was '+0,0%'
    assert fmt_percent(-0.227, "nl", 1, signed=True) == "−22,7%"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_per_10000_tooltip_names_its_unit(rb: Regiobeeld, lang: str) -> None:
    """A distance tooltip read '0,657 fte (2040)' without 'per 10.000': every hover value of the
    accessibility maps (today, projected, PC4 dots) and the distance charts carries the unit."""
    page = render_html(rb, lang)
    unit = "per 10.000" if lang == "nl" else "per 10,000"
    for name in ("access", "distance"):
        tips = [
            htmllib.unescape(x) for x in re.findall(r'data-tip="([^"]*)"', _section(page, name))
        ]
        numbers = [x for x in tips if re.search(r"\d", x)]
        assert len(numbers) > 50, name
        assert [x for x in numbers if unit not in x] == [], name
