"""Golden tests: the plain-language summary of a fixed region and seed.

Regenerate after an intended change with ``REGIOPLAN_UPDATE_GOLDEN=1 pytest tests/report`` and
review the diff of ``tests/report/golden/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from regioplan.output import format_number
from regioplan.regiobeeld import Regiobeeld
from regioplan.regions import Region
from regioplan.report import bottlenecks, summary

GOLDEN = Path(__file__).parent / "golden"


def _text(rb: Regiobeeld, lang: str) -> str:
    lines = [f"# {rb.code} seed {rb.seed} horizon {rb.horizon} ({lang})", ""]
    lines += [f"- {s}" for s in summary(rb, lang)]
    lines += ["", "## bottlenecks", ""]
    lines += [f"{i}. {b}" for i, b in enumerate(bottlenecks(rb, lang), start=1)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_summary_matches_golden_file(rb: Regiobeeld, lang: str) -> None:
    path = GOLDEN / f"summary_{rb.code}_seed{rb.seed}_{lang}.md"
    text = _text(rb, lang)
    if os.environ.get("REGIOPLAN_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_summary_names_the_out_of_hours_load(rb: Regiobeeld) -> None:
    total = sum(rb.ooh.contacts.values())
    assert any(f"{round(total, -2):,.0f}" in s for s in summary(rb, "en"))


def test_summary_names_the_largest_gap_in_fte_when_another_is_largest_relatively(
    rb: Regiobeeld,
) -> None:
    """In ZK24 the SO gap is the largest share of demand but the GP gap the most FTE: a board
    reading 'the largest gap is the SO's' next to a GP chart twice as high needs both."""
    from regioplan.report.summary import largest_gap

    h = rb.horizon
    relative = largest_gap(rb)
    absolute = max(rb.workforce.values(), key=lambda w: w.at(h).gap_fte)
    assert relative is not None and relative.profession == "so"
    assert absolute.profession == "gp"
    text = summary(rb, "nl")
    first = next(i for i, s in enumerate(text) if "naar verhouding" in s)
    assert "specialist ouderengeneeskunde" in text[first]
    gp = f"huisarts: {format_number(absolute.at(h).gap_fte, 'nl', 1)} fte"
    assert any(gp in s and "In aantallen" in s for s in text)


def test_a_one_municipality_region_names_its_worst_postcode_areas(rb: Regiobeeld) -> None:
    """GM0599 printed 'Ongelijke bereikbaarheid (): ...': with one municipality there is no
    municipality to rank, so the summary and bottleneck name the worst PC4 areas instead."""
    import dataclasses

    one = {
        p: dataclasses.replace(a, municipalities=a.municipalities[:1]) for p, a in rb.access.items()
    }
    single = dataclasses.replace(rb, access=one)
    so = sorted(one["so"].pc4, key=lambda r: r.value)[:3]
    codes = f"{so[0].code}, {so[1].code} en {so[2].code}"
    lines = [*summary(single, "nl"), *bottlenecks(single, "nl")]
    assert not any("()" in s for s in lines)
    assert any(f"slechtst in de postcodegebieden {codes}" in s for s in lines)
    assert any(
        s.startswith(f"Ongelijke bereikbaarheid (de postcodegebieden {codes})") for s in lines
    )


def test_inflow_said_with_about_has_no_false_precision(rb: Regiobeeld) -> None:
    """'ongeveer 306,9 nieuw opgeleide artsen' (NL): about-numbers of 10 or more are whole."""
    import dataclasses

    from regioplan.report.summary import largest_gap

    worst = largest_gap(rb)
    assert worst is not None
    big = dataclasses.replace(worst, required_inflow=306.94, current_inflow=170.04)
    scaled = dataclasses.replace(rb, workforce={**rb.workforce, worst.profession: big})
    text = " ".join(summary(scaled, "nl"))
    assert "ongeveer 307 nieuw opgeleide artsen" in text and "naar verwachting 170." in text
    assert "ongeveer 7,4 nieuw" in " ".join(summary(rb, "nl"))


def test_a_surplus_is_said_as_a_surplus_never_as_a_negative_shortage(rb: Regiobeeld) -> None:
    """ZK24's AVG ends 2040 with supply above demand: the summary says 'overschot' with a
    positive number and the workforce KPI reads 'Overschot 2040', not 'Tekort 2040: −2,4 fte'
    (issue #16 item 2)."""
    import re

    from regioplan.report import render_html

    avg = rb.workforce["avg"].at(rb.horizon)
    assert avg.gap_fte < 0
    text = summary(rb, "nl")
    surplus = format_number(-avg.gap_fte, "nl", 1)
    assert any(f"overschot van {surplus} fte" in s and "arts verstandelijk" in s for s in text)
    assert not any(re.search(r"tekort[^.]*−", s) for s in text)
    html = render_html(rb, "nl")
    workforce = html[html.index('<section id="workforce">') : html.index('<section id="access">')]
    avg_block = workforce.split('data-profession="avg"')[1]
    assert f"Overschot {rb.horizon}" in avg_block and f"Tekort {rb.horizon}" not in avg_block
    assert f">{surplus} fte<" in avg_block
    for other in ("gp", "so"):  # shortages stay shortages
        assert f"Tekort {rb.horizon}" in workforce.split(f'data-profession="{other}"')[1]


def test_the_summary_names_the_peak_when_it_is_not_the_horizon(rb: Regiobeeld) -> None:
    """ZK24's GP gap is largest around 2035 (about 66 FTE), larger than at the 2040 horizon; the
    summary and the workforce KPIs give the peak year and size (issue #16 item 3)."""
    gp = rb.workforce["gp"]
    top = max(gp.years, key=lambda r: r.gap_fte)
    assert top.year < rb.horizon and top.gap_fte > 1.05 * gp.at(rb.horizon).gap_fte
    assert gp.peak(rb.horizon) == top
    line = f"is het grootst rond {top.year}: {format_number(top.gap_fte, 'nl', 1)} fte"
    assert any(line in s and "huisarts" in s for s in summary(rb, "nl"))
    so = rb.workforce["so"]  # grows to the horizon: no peak sentence
    assert so.peak(rb.horizon) is None
    assert not any("grootst rond" in s and "ouderengeneeskunde" in s for s in summary(rb, "nl"))


def test_a_surplus_band_is_said_in_positive_numbers_and_names_a_shortage_end() -> None:
    from regioplan.report.summary import _surplus_band

    assert _surplus_band(-4.5, -0.6, "nl") == "80%-band: een overschot van 0,6 tot 4,5 fte"
    assert _surplus_band(-4.5, 1.2, "nl") == (
        "80%-band: van een tekort van 1,2 fte tot een overschot van 4,5 fte"
    )
    assert (
        _surplus_band(-4.5, 1.2, "en") == "80% band: from a gap of 1.2 FTE to a surplus of 4.5 FTE"
    )


def test_a_profession_that_hangs_on_one_physician_is_flagged_in_the_summary(
    rb: Regiobeeld, region: Region
) -> None:
    """ZK24 has about six AVGs: one carries more than 10 % of supply, so the summary says so
    with the fragility engine's numbers; GP and SO are not flagged (issue #22 item 3)."""
    from regioplan.national import fragility
    from regioplan.regiobeeld.sections import DRAWS
    from regioplan.report.i18n import fmt_percent

    avg = rb.fragility["avg"]
    assert avg == fragility(region, "avg", draws=DRAWS, seed=rb.seed)
    assert avg.flag and not rb.fragility["gp"].flag and not rb.fragility["so"].flag
    share = fmt_percent(avg.one_leaves_share, "nl", 0)
    said = [s for s in summary(rb, "nl") if "hangt veel af van één arts" in s]
    assert len(said) == 1 and "arts verstandelijk" in said[0] and share in said[0]
    assert format_number(avg.supply_persons, "nl", 1) + " personen" in said[0]
    assert any("much hangs on one physician" in s for s in summary(rb, "en"))
