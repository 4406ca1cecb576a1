"""The regiobeeld's out-of-hours section shows the simulated norm attainment of today's
organisation (an estimate) next to the contact counts, in Dutch and English."""

from __future__ import annotations

import dataclasses

import pytest

from regioplan.ooh.posts import MAX_AREAS, simulate_today
from regioplan.regiobeeld import Regiobeeld
from regioplan.regiobeeld.build import _ooh_simulated
from regioplan.regions import Region, select_region
from regioplan.report import render_html


@pytest.fixture(scope="module")
def simulated_rb(rb: Regiobeeld, region: Region) -> Regiobeeld:
    sim = _ooh_simulated(region, 2, rb.seed)
    assert sim is not None
    return dataclasses.replace(rb, ooh=dataclasses.replace(rb.ooh, simulated=sim))


def test_section_numbers_are_the_simulation(simulated_rb: Regiobeeld, region: Region) -> None:
    sim = simulated_rb.ooh.simulated
    assert sim is not None
    _, res = simulate_today(region, year=2025, replications=2, seed=simulated_rb.seed) or (0, 0)
    assert sim.within_norm["U1"][0] == pytest.approx(res.estimate("U1_all_within_norm").mean)
    assert 0.0 <= sim.within_norm["U1"][1] <= sim.within_norm["U1"][0] <= sim.within_norm["U1"][2]
    assert [p[0] for p in sim.posts] == ["dordrecht", "zwijndrecht", "sliedrecht", "gorinchem"]
    # the simulated calls are the contact counts the section shows above them (one year later)
    assert sim.calls_per_year == pytest.approx(sum(simulated_rb.ooh.contacts.values()), rel=0.05)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("nl", ("Gesimuleerd", "binnen 15 minuten", "Geschatte posten", "SCHATTING", "Mohammed")),
        ("en", ("Simulated", "within 15 minutes", "Estimated posts", "ESTIMATE", "Mohammed")),
    ],
)
def test_section_in_both_languages(
    simulated_rb: Regiobeeld, lang: str, words: tuple[str, ...]
) -> None:
    html = render_html(simulated_rb, lang)
    section = html[html.index('<section id="ooh">') :]
    section = section[: section.index("</section>")]
    for w in words:
        assert w.lower() in section.lower(), w
    assert 'id="ooh-simulated"' in section


def test_without_simulation_the_section_is_as_before(rb: Regiobeeld) -> None:
    assert rb.ooh.simulated is None
    assert 'id="ooh-simulated"' not in render_html(rb, "nl")


def test_large_regions_are_not_simulated() -> None:
    holland = select_region("Zuid-Holland", level="provincie")
    assert len(holland.pc4) > MAX_AREAS
    assert simulate_today(holland, year=2025, replications=1, seed=0) is None
