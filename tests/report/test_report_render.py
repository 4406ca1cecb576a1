"""The HTML report: self-contained, both languages, formatted numbers, every section."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markupsafe import escape

from regioplan.data import attribution
from regioplan.output import format_number
from regioplan.regiobeeld import Regiobeeld
from regioplan.report import render_html
from regioplan.report.render import TOC


def test_report_is_self_contained(rb: Regiobeeld) -> None:
    """No external scripts, styles, images or fonts: it opens offline."""
    html = render_html(rb, "nl")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)
    assert "@import" not in html and "url(http" not in html
    assert "<svg" in html and "<style>" in html


def test_every_section_is_present_in_both_languages(rb: Regiobeeld) -> None:
    for lang in ("nl", "en"):
        html = render_html(rb, lang)
        assert f'<html lang="{lang}">' in html
        for section, _ in TOC:
            assert f'id="{section}"' in html
        assert attribution(lang) in html


def test_numbers_use_the_language_s_format(rb: Regiobeeld) -> None:
    pop = rb.population.total
    assert format_number(pop, "nl") in render_html(rb, "nl")
    assert format_number(pop, "en") in render_html(rb, "en")
    assert format_number(pop, "nl") != format_number(pop, "en")


def test_maps_and_charts_are_drawn(rb: Regiobeeld) -> None:
    html = render_html(rb, "nl")
    assert html.count('class="area"') >= len(rb.municipalities) * 3
    assert 'class="chart hbar"' in html
    assert "data-tip=" in html


def test_estimates_are_labelled(rb: Regiobeeld) -> None:
    html = render_html(rb, "nl")
    assert "schatting" in html
    assert "estimate" in render_html(rb, "en")


def test_engine_methods_stand_next_to_their_figures_and_in_the_methods_list(
    rb: Regiobeeld,
) -> None:
    """Each engine's method is shown, in the report's language, after 'methode: ' next to its
    figure and under a Dutch heading in the methods list (it used to be English, labelled
    'methode (Engels)'; see test_report_dutch.py)."""
    from regioplan.report.methods import engine_text

    page = render_html(rb, "nl")
    dutch = ("ANW-contacten", "Bevolkingsprognose", "Zorgverleners ", "Bereikbaarheid ")
    texts = [rb.ooh.method, rb.population.projection_method]
    texts += [w.method for w in rb.workforce.values()]
    texts += [a.method for a in rb.access.values()]
    for text in texts:
        shown = str(escape(engine_text(text, "nl")))
        found = [m.start() for m in re.finditer(re.escape(shown), page)]
        assert len(found) >= 2, shown  # next to its figure and in the methods list
        for at in found:
            before = page[max(0, at - 60) : at]
            inline = before.endswith("methode: ")
            listed = re.search(r"<strong>([^<]+)</strong>: $", before)
            assert inline or (listed and listed.group(1).startswith(dutch)), before
    assert "<strong>Zorgverleners huisarts</strong>" in page
    assert "<strong>workforce gp</strong>" not in page
    assert "Bereikbaarheid (E2SFCA" not in page
    assert "(Engels)" not in page


def test_centres_at_one_site_share_one_label(rb: Regiobeeld) -> None:
    """ZK24's nearest GP and AVG training is at one site (Rotterdam): one label names both,
    after the last marker, instead of a label that the next marker covers."""
    from regioplan.report.views import region_map

    sites: dict[tuple[float, float], list[str]] = {}
    for c in rb.centres:
        sites.setdefault((c.lon, c.lat), []).append(c.profession)
    shared = [profs for profs in sites.values() if len(profs) > 1]
    assert shared, "fixture: ZK24 has two professions trained at one site"
    labels = re.findall(r"<text[^>]*>([^<]+)</text>", region_map(rb, "nl"))
    assert len([x for x in labels if "Rotterdam" in x]) == 1
    # Rotterdam lies outside ZK24's own frame: its one label stands at the edge, with direction
    assert any(x.endswith("Huisarts, AVG Rotterdam, 30 km") for x in labels), labels


def test_distance_charts_name_their_unit_and_the_gap_s_year(rb: Regiobeeld) -> None:
    """The gap per municipality is the horizon's, in FTE per 10,000 inhabitants: the heading
    and the axis say so (they said 'het tekort per 10.000 inwoners' with no year or unit)."""
    page = render_html(rb, "nl")
    year = rb.workforce["gp"].years[-1].year
    assert year == rb.horizon
    # ZK24's AVG has a surplus in every municipality: said as a surplus (issue #16 item 2)
    assert page.count(f"Het tekort in {year} (fte per 10.000 inwoners)") == len(rb.workforce) - 1
    assert page.count(f"Het overschot in {year} (fte per 10.000 inwoners)") == 1
    assert page.count("De bereikbaarheid (fte per 10.000 gebruiksgewogen inwoners)") == len(
        rb.access
    )
    assert "tekort (fte per 10.000 inw.)" in page
    assert f"Tekort per gemeente in {year} tegen de afstand" in page


def test_a_one_municipality_region_says_once_that_distance_cannot_be_tested(
    rb: Regiobeeld,
) -> None:
    """GM0599 repeated 'Te weinig gemeenten (1)' six times (3 professions x 2 measures)."""
    import dataclasses

    single = dataclasses.replace(rb, municipalities=rb.municipalities[:1])
    page = render_html(single, "nl")
    section = page[page.index('<section id="distance">') : page.index('<section id="ooh">')]
    assert section.count("Te weinig gemeenten (1) om het verband te toetsen.") == 1
    assert "fig-distance" not in section


def test_a_centre_label_at_the_map_s_right_edge_is_drawn_to_its_left(rb: Regiobeeld) -> None:
    """The country map cut 'Huisarts, SO Groningen' to 'Huisarts, SO Gror' at its right edge;
    a label that would run off the map ends left of its markers instead."""
    import dataclasses

    from regioplan.regiobeeld.model import Centre
    from regioplan.report.views import region_map

    east = max(m.lon for m in rb.municipalities)
    north = max(m.lat for m in rb.municipalities)
    centres = tuple(Centre(p, f"UMC {p}", "Oostgrens", east, north, 10.0) for p in ("gp", "so"))
    svg_text = region_map(dataclasses.replace(rb, centres=centres), "nl")
    label = re.search(r"<text([^>]*)>Huisarts, SO Oostgrens</text>", svg_text)
    assert label is not None and 'text-anchor="end"' in label.group(1)
    assert len(re.findall(r"<text[^>]*>[^<]*Oostgrens</text>", svg_text)) == 1


def test_pdf_of_an_earlier_run_is_never_reported_as_this_one_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Chromium that exits 0 without printing left the previous PDF in place, and --pdf
    reported it as printed; each run also gets its own browser profile."""
    from regioplan.errors import RegioplanError
    from regioplan.report import render

    log = tmp_path / "args.txt"
    fake = tmp_path / "chromium"
    fake.write_text(f'#!/bin/sh\necho "$@" > {log}\nexit 0\n', encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(render, "find_chromium", lambda: str(fake))
    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    html.write_text("<!DOCTYPE html><p>x</p>", encoding="utf-8")
    pdf.write_bytes(b"%PDF- stale")
    with pytest.raises(RegioplanError, match="failed to print"):
        render.write_pdf(html, pdf)
    assert not pdf.exists()
    assert "--user-data-dir=" in log.read_text(encoding="utf-8")


def test_region_map_writes_municipality_names_without_overlap(rb: Regiobeeld) -> None:
    """A printed map has no hover: the names stand on it, largest first, none over another."""
    from regioplan.report.mapmarks import LABEL_EM
    from regioplan.report.views import region_map

    svg_text = region_map(rb, "nl")
    found = re.findall(r'<text x="([\d.]+)" y="([\d.]+)"[^>]*class="name"[^>]*>([^<]+)<', svg_text)
    names = {m.name for m in rb.municipalities}
    assert len(found) >= len(names) // 2
    assert {n for _, _, n in found} <= names
    assert max(rb.municipalities, key=lambda m: m.population).name in {n for _, _, n in found}
    boxes = [
        (float(x) - LABEL_EM * 6 * len(n), float(y), float(x) + LABEL_EM * 6 * len(n))
        for x, y, n in found
    ]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and abs(a[1] - b[1]) < 16), (a, b)


def test_the_gap_band_has_its_unit(rb: Regiobeeld) -> None:
    """The KPI read '80%-band (P10–P90) 53,0 – 58,2' with no unit."""
    page = render_html(rb, "nl")
    for w in rb.workforce.values():
        row = w.at(rb.horizon)
        band = f"{format_number(row.gap_p10, 'nl', 1)} – {format_number(row.gap_p90, 'nl', 1)} fte"
        assert f"80%-band (P10–P90) {band}" in page


def test_workforce_kpis_add_up_to_the_gap(rb: Regiobeeld) -> None:
    """'Aanbod nu 249,8 fte' next to 'Vraag nu 282,1 fte' suggested a GP gap of 32 FTE while
    the chart started at 16.5: the model's own supply stands beside its demand, and the
    difference from the region's supply now is explained."""
    page = render_html(rb, "nl")
    for w in rb.workforce.values():
        first = w.years[0]
        assert f"{format_number(first.supply_fte, 'nl', 1)} fte" in page
        assert f"Aanbod {first.year} in het model" in page
        assert first.demand_fte - first.supply_fte == pytest.approx(first.gap_fte, abs=0.5)
    gp = rb.workforce["gp"]
    assert abs(gp.years[0].supply_fte - gp.supply_fte) > 0.02 * gp.supply_fte
    table = format_number(gp.supply_fte, "nl", 1)
    assert f"af van het aanbod in de regio in peiljaar 2024 ({table} fte)" in page


def test_table_headers_name_unit_year_and_estimate(rb: Regiobeeld) -> None:
    """The ageing table's columns had no unit and its projected column no estimate label."""
    page = render_html(rb, "nl")
    now, then = "2024 (personen)", f"{rb.horizon} (personen; schatting)"
    assert f'<th class="num">{now}</th><th class="num">{then}</th>' in page
    assert "per 1.000 inwoners (2024)" in page


def test_a_surplus_in_the_distance_question_is_shown_and_said_as_a_surplus(rb: Regiobeeld) -> None:
    """AVG in ZK24 has only negative gaps per municipality: the chart showed negative values
    while the text said 'neemt het tekort ... toe' (issue #16 item 2). A surplus is drawn in
    positive numbers and named a surplus, with the correlation's sign turned to match."""
    import dataclasses

    from regioplan.regiobeeld.model import DistanceTest
    from regioplan.report.views import distance_chart, distance_heading, distance_sentence

    points = tuple((f"GM{i:04d}", f"Gemeente {i}", 10.0 * i, -0.1 * i, 1000.0) for i in range(1, 9))
    test = DistanceTest("avg", "gap", len(points), -1.0, 0.001, 999, points)
    said = " ".join(distance_sentence(test, "nl"))
    assert "het overschot per 10.000 inwoners" in said and "tekort per" not in said
    assert "rho = 1,00" in said and "aantoonbaar toe" in said
    assert distance_heading(rb, test, "nl").startswith("Het overschot in")
    chart = distance_chart(rb, test, "nl")
    assert "overschot (fte per 10.000 inw.)" in chart and "−0," not in chart
    assert "fte per 10.000 inw. (" in chart  # the tooltip's unit
    mixed = dataclasses.replace(
        test, points=(*points[:-1], ("GM0009", "Gemeente 9", 90.0, 0.3, 1000.0))
    )
    assert "negatief = overschot" in distance_chart(rb, mixed, "nl")
