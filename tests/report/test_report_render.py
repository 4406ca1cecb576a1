"""The HTML report: self-contained, both languages, formatted numbers, every section."""

from __future__ import annotations

import re

from regioplan.data import ATTRIBUTION
from regioplan.report import Regiobeeld, render_html
from regioplan.report.i18n import fmt_number
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
        assert ATTRIBUTION in html


def test_numbers_use_the_language_s_format(rb: Regiobeeld) -> None:
    pop = rb.population.total
    assert fmt_number(pop, "nl") in render_html(rb, "nl")
    assert fmt_number(pop, "en") in render_html(rb, "en")
    assert fmt_number(pop, "nl") != fmt_number(pop, "en")


def test_maps_and_charts_are_drawn(rb: Regiobeeld) -> None:
    html = render_html(rb, "nl")
    assert html.count('class="area"') >= len(rb.municipalities) * 3
    assert 'class="chart hbar"' in html
    assert "data-tip=" in html


def test_estimates_are_labelled(rb: Regiobeeld) -> None:
    html = render_html(rb, "nl")
    assert "schatting" in html
    assert "estimate" in render_html(rb, "en")
