"""The regiobeeld's section "Wat werkt elders": computed on request from the scan's matching,
rendered in both languages, absent (and the report unchanged) by default."""

from __future__ import annotations

import dataclasses

from regioplan.regiobeeld import Regiobeeld, bottlenecks, build_regiobeeld
from regioplan.regiobeeld.elsewhere import (
    SECTION_EXAMPLES,
    SECTION_TYPES,
    elsewhere_section,
    match_region,
)
from regioplan.regions import Region
from regioplan.report.render import render_html

SEED, HORIZON, DRAWS = 7, 2040, 1000  # as the shared `rb` fixture of tests/conftest.py


def with_section(region: Region, rb: Regiobeeld) -> Regiobeeld:
    section = elsewhere_section(region, bottlenecks(rb), horizon=HORIZON, seed=SEED, draws=DRAWS)
    return dataclasses.replace(rb, elsewhere=section)


def test_off_by_default(rb: Regiobeeld) -> None:
    assert rb.elsewhere is None
    assert rb.to_dict()["elsewhere"] is None
    assert 'id="elsewhere"' not in render_html(rb, "nl")


def test_the_section_is_the_scan_s_top_and_its_most_similar_examples(
    region: Region, rb: Regiobeeld
) -> None:
    found = bottlenecks(rb)
    section = with_section(region, rb).elsewhere
    assert section is not None
    matches = match_region(region, found, horizon=HORIZON, seed=SEED, draws=DRAWS)
    assert [t.type for t in section.types] == [e.type for e in matches.ranking[:SECTION_TYPES]]
    for t, e in zip(section.types, matches.ranking, strict=False):
        assert t.closed == {p: (b.p10, b.p50, b.p90) for p, b in e.closed.items()}
    for t in section.types:
        mine = [x for x in section.examples if x.type == t.type]
        assert len(mine) <= SECTION_EXAMPLES
        sims = [x.similarity for x in mine]
        assert sims == sorted(sims, reverse=True)
    from regioplan.initiatives.registry_files import bundled_registry

    by_id = {r.id: r for r in bundled_registry()}
    own = set(region.municipality_codes)
    assert section.examples  # the bundled registry has entries of the top types elsewhere
    for x in section.examples:
        assert own.isdisjoint(by_id[x.id].municipalities), x.id
        assert x.source == by_id[x.id].sources[0].url


def test_rendered_in_dutch_and_english_with_its_table_of_contents_entry(
    region: Region, rb: Regiobeeld
) -> None:
    full = with_section(region, rb)
    nl = render_html(full, "nl")
    en = render_html(full, "en")
    assert 'id="elsewhere"' in nl and "Wat werkt elders" in nl
    assert 'href="#elsewhere"' in nl
    assert nl.index('href="#elsewhere"') < nl.index('href="#sources"')
    assert "What works elsewhere" in en and "Opleiden in de regio" not in en.split("elsewhere")[-1]
    first = full.elsewhere.types[0] if full.elsewhere else None
    assert first is not None and first.title_nl in nl and first.title in en


def test_build_regiobeeld_with_elsewhere_adds_only_the_section(
    region: Region, rb: Regiobeeld
) -> None:
    built = build_regiobeeld(region, horizon=HORIZON, seed=SEED, elsewhere=True)
    assert built.elsewhere == with_section(region, rb).elsewhere
    assert dataclasses.replace(built, elsewhere=None).to_dict() == rb.to_dict()
