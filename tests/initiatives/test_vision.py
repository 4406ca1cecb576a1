"""The vision draft: both languages carry the same texts, every section is there, the chosen
initiatives and their bands are the scan's, and the draft says it is one."""

from __future__ import annotations

import re
import string

import pytest

from regioplan.errors import ParameterError
from regioplan.regiobeeld import Regiobeeld
from regioplan.regiobeeld.scan import RegionalScan, scan_region
from regioplan.regions import Region
from regioplan.report.vision import _TEXT, render_vision


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_dutch_and_english_have_the_same_keys_and_placeholders() -> None:
    assert _TEXT["nl"].keys() == _TEXT["en"].keys()
    for key in _TEXT["nl"]:
        assert placeholders(_TEXT["nl"][key]) == placeholders(_TEXT["en"][key]), key


@pytest.fixture(scope="module")
def scanned(region: Region, rb: Regiobeeld) -> RegionalScan:
    return scan_region(region, horizon=2040, seed=7, draws=1000, regiobeeld=rb)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_section_and_the_chosen_bands(scanned: RegionalScan, lang: str) -> None:
    chosen = ("shared_anw_service", "regional_training")
    html = render_vision(scanned, chosen, lang, chosen_from_file=True)
    for n in range(1, 8):
        assert f">{n}. " in html, n
    assert _TEXT[lang]["chosen.from_file"] in html
    assert "{" not in re.sub(r"<style>.*?</style>", "", html, flags=re.S)  # no unfilled text
    by_type = {e.type: e for e in scanned.ranking}
    from regioplan.output import format_number

    for name in chosen:
        band = by_type[name].closed["so"]
        text = (
            f"{format_number(band.p50, lang, 1)} [{format_number(band.p10, lang, 1)} – "
            f"{format_number(band.p90, lang, 1)}]"
        )
        assert text in html, (name, text)
    assert "Concept om mee te beginnen" in html if lang == "nl" else "A draft to start from" in html


def test_the_default_choice_is_the_scan_s_top(scanned: RegionalScan) -> None:
    top = tuple(e.type for e in scanned.ranking[:2])
    html = render_vision(scanned, top, "nl")
    assert _TEXT["nl"]["chosen.from_scan"].format(n=2) in html
    assert "Gemaakt op" not in html  # no date unless the edge passes one


def test_an_unknown_type_is_refused(scanned: RegionalScan) -> None:
    with pytest.raises(ParameterError, match="magic"):
        render_vision(scanned, ("magic",), "nl")


def test_a_lean_scan_is_refused_not_rendered_with_empty_parts(scanned: RegionalScan) -> None:
    """The scan's default regiobeeld lacks fragility and more; the vision reads them, so it
    says which parts are missing instead of leaving their sentences out."""
    import dataclasses

    lean = dataclasses.replace(
        scanned, regiobeeld=dataclasses.replace(scanned.regiobeeld, fragility={})
    )
    assert lean.left_out
    with pytest.raises(ParameterError, match="fragility"):
        render_vision(lean, ("shared_anw_service",), "nl")
