"""The section "Waar staat de regio?" (issue #22 items 1 and 2): the region among all regions of
its level, per profession, and the distance pattern across the country."""

from __future__ import annotations

import dataclasses
import re

import pytest

from regioplan.data import PROFESSIONS, geometry, municipalities
from regioplan.national import compare_regions, distance_pattern
from regioplan.output import format_number
from regioplan.regiobeeld import Regiobeeld
from regioplan.regiobeeld.build import national_level
from regioplan.regions import country, select_region
from regioplan.report import render_html, render_sections, svg
from regioplan.report.national import rank_sentence, section


def _segments(d: str) -> set[tuple[tuple[float, float], tuple[float, float]]]:
    """The segments of path data written as "M x y l dx dy dx dy ..." (one or more parts)."""
    out = set()
    for part in re.findall(r"M[^M]+", d):
        nums = [float(v) for v in re.split(r"[\sMlz]+", part) if v]
        x, y = nums[0], nums[1]
        for dx, dy in zip(nums[2::2], nums[3::2], strict=True):
            a, b = (x, y), (x + dx, y + dy)
            out.add((min(a, b), max(a, b)))
            x, y = b
    return out


def _path(html: str, cls: str) -> str:
    match = re.search(rf'<path class="{cls}"[^>]*? d="([^"]+)"', html)
    assert match is not None, cls
    return match.group(1)


def test_the_grouped_map_outlines_the_own_region_and_not_its_inner_borders() -> None:
    """ZK24 on the map of the zorgkantoor regions: one area per region; the thick outline spans
    the region's municipalities and runs along none of the borders between two of them."""
    feats = geometry("gemeente")["features"]
    group_of = {str(c): str(z) for c, z in municipalities()["zorgkantoor_code"].items()}
    groups = {z: svg.Area(z, z, 1, z) for z in sorted(set(group_of.values()))}
    out = svg.grouped_map(feats, group_of, groups, prefix="t", title="t", outline=["ZK24"])
    assert out.count('class="area') == len(groups) == 31
    assert 'data-codes="ZK24"' in out
    own = _segments(_path(out, "own-outline"))

    proj = svg.Projection.fit(svg.feature_bbox(feats), 360.0)
    seen: dict[tuple[tuple[float, float], tuple[float, float]], list[str]] = {}
    for f in feats:
        for ring in svg._snapped_rings(f["geometry"], proj, 1.0):
            for a, b in zip(ring, [*ring[1:], ring[0]], strict=True):
                if a != b:
                    seen.setdefault((min(a, b), max(a, b)), []).append(
                        group_of[f["properties"]["code"]]
                    )
    # inside: edges only ZK24's municipalities share; its border: ZK24 and another region, or
    # ZK24 alone on the coast or the national border
    inner = {k for k, g in seen.items() if len(g) > 1 and set(g) == {"ZK24"}}
    outer = {k for k, g in seen.items() if "ZK24" in g and (len(g) == 1 or set(g) != {"ZK24"})}
    assert own and not (own & inner)
    assert own == outer
    xs = [x for s in outer for x, _ in s]
    ys = [y for s in outer for _, y in s]
    oxs = [x for s in own for x, _ in s]
    oys = [y for s in own for _, y in s]
    assert (min(oxs), max(oxs), min(oys), max(oys)) == (min(xs), max(xs), min(ys), max(ys))


def test_the_rank_chart_keeps_the_order_and_marks_the_own_rows() -> None:
    from regioplan.report.barcharts import rank_chart

    out = rank_chart(
        ["A", "B", "C"],
        [30.0, 10.0, -5.0],
        [20.0, 5.0, -9.0],
        [40.0, 15.0, 2.0],
        ["a", "b", "c"],
        right=["1 (1–2)", "2 (1–3)", "3 (2–3)"],
        highlight=[1],
        codes=["X1", "X2", "X3"],
        title="t",
        xlabel="x",
        right_title="rank",
        fmt=str,
    )
    assert re.findall(r'class="dot[^"]*" data-code="(\w+)"', out) == ["X1", "X2", "X3"]
    assert re.findall(r'class="dot own" data-code="(\w+)"', out) == ["X2"]
    assert out.count('class="hit"') == 3 and out.count('class="band"') == 3
    # the dots lie left to right as the values: 30 > 10 > -5
    xs = [float(x) for x in re.findall(r'class="dot[^"]*" data-code="\w+" cx="([\d.]+)"', out)]
    assert xs[0] > xs[1] > xs[2]


def _section(page: str) -> str:
    return page.split('<section id="national"')[1].split("</section>")[0]


def test_the_regiobeeld_holds_the_engines_comparison_and_pattern(rb: Regiobeeld) -> None:
    """The section's numbers are the engine's, called with the workforce section's draws and
    seed, at the region's own level."""
    assert rb.national_own == ("ZK24",)
    for p in PROFESSIONS:
        draws = rb.workforce[p].draws
        want = compare_regions("zorgkantoor", p, horizon=rb.horizon, draws=draws, seed=rb.seed)
        assert rb.national[p] == want
        assert rb.patterns[p] == distance_pattern(
            p, level="zorgkantoor", year=rb.horizon, draws=draws, seed=rb.seed
        )
    # the region's band in the comparison is its own regiobeeld's band (one set of draws)
    gp = rb.national["gp"].standing("ZK24")
    assert gp is not None and gp.gap_horizon_fte.p50 == pytest.approx(
        rb.workforce["gp"].at(rb.horizon).gap_fte, rel=1e-6
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_section_renders_with_the_own_region_outlined(rb: Regiobeeld, lang: str) -> None:
    page = render_html(rb, lang)
    part = _section(page)
    assert ("Waar staat de regio?" if lang == "nl" else "Where does the region stand?") in part
    assert part.count('class="map national"') == 3 and part.count('class="chart rank"') == 3
    # the own region: a thick outline on every map, a highlighted row in every chart
    assert part.count('class="own-outline" data-codes="ZK24"') == 3
    assert part.count('class="dot own" data-code="ZK24"') == 3
    assert part.count('class="area own" data-code="ZK24"') == 3
    assert '<table class="national" data-code="ZK24">' in part
    assert 'href="#national"' in page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_rank_sentence_is_the_engines_rank(rb: Regiobeeld, lang: str) -> None:
    part = _section(render_html(rb, lang))
    for p in PROFESSIONS:
        cmp = rb.national[p]
        row = cmp.standing("ZK24")
        assert row is not None
        rank, lo, hi = (
            format_number(v, lang, 0) for v in (row.rank.p50, row.rank.p10, row.rank.p90)
        )
        sentence = rank_sentence(rb, p, "ZK24", lang)
        if lang == "nl":
            want = f"staat op plaats {rank} van 31 zorgkantoorregio's (80%-band {lo}–{hi})"
        else:
            want = f"ranks {rank} of 31 care-office regions (80% band {lo}–{hi})"
        assert want in sentence
        assert sentence.replace("'", "&#39;") in part


def test_the_chart_is_sorted_by_median_rank(rb: Regiobeeld) -> None:
    part = _section(render_html(rb, "nl"))
    charts = re.findall(r'<svg[^>]*class="chart rank".*?</svg>', part, re.S)
    assert len(charts) == 3
    for p, chart in zip(PROFESSIONS, charts, strict=True):
        order = re.findall(r'class="dot(?: own)?" data-code="(\w+)"', chart)
        ranks = {r.code: r.rank.p50 for r in rb.national[p].rows}
        assert sorted(order) == sorted(ranks)
        assert [ranks[c] for c in order] == sorted(ranks.values())


def test_the_map_colours_each_region_by_its_median_gap(rb: Regiobeeld) -> None:
    from regioplan.report.national import gap_class

    part = _section(render_html(rb, "nl"))
    gp_map = re.findall(r'<svg[^>]*class="map national".*?</svg>', part, re.S)[0]
    for row in rb.national["gp"].rows:
        klass = gap_class(row.gap_horizon.p50)
        fill = svg.class_fill(klass, "nm-gp")
        assert re.search(rf'data-code="{row.code}"[^>]*fill="{re.escape(fill)}"', gp_map), row.code


def test_the_country_has_no_own_region_sentence(rb: Regiobeeld) -> None:
    """The country is compared at the zorgkantoor level without an own region: no outline, no
    rank sentence, no table; the sentences name the largest and the smallest gap."""
    level, own = national_level(country())
    assert (level, own) == ("zorgkantoor", ())
    nl = dataclasses.replace(rb, code="NL", name="Nederland", level="land", national_own=())
    for lang in ("nl", "en"):
        part = _section(render_html(nl, lang))
        assert "own-outline" not in part and "dot own" not in part
        assert 'class="national"' not in part
        assert "staat op plaats" not in part and " ranks " not in part
        top = min(rb.national["gp"].rows, key=lambda r: (r.rank.p50, r.code))
        assert top.name.replace("'", "&#39;") in part


def test_a_municipality_is_shown_among_the_zorgkantoor_regions() -> None:
    """A municipality, a COROP area or a custom region is compared at the zorgkantoor level,
    with the zorgkantoor region(s) holding it outlined; a GGD region and a province at their own
    level."""
    m = municipalities()
    gm = select_region("GM0599")
    assert national_level(gm) == ("zorgkantoor", (str(m.loc["GM0599", "zorgkantoor_code"]),))
    corop = select_region("CR27")
    want = tuple(sorted(set(m.loc[list(corop.municipality_codes), "zorgkantoor_code"])))
    assert national_level(corop) == ("zorgkantoor", want)
    assert national_level(select_region("PV26")) == ("provincie", ("PV26",))
    assert national_level(select_region("GG3406")) == ("ggd", ("GG3406",))


def test_the_dashboard_panel_shows_one_profession(rb: Regiobeeld) -> None:
    panel = render_sections(rb, "en", profession="so")
    part = _section(panel)
    assert part.count('class="map national"') == 1 and part.count('class="chart rank"') == 1
    assert 'data-profession="so"' in part and 'data-profession="gp"' not in part
    assert section(rb, "en", ("so",))["tables"][0]["rows"][0]["cells"].keys() == {"so"}


def test_a_region_within_a_zorgkantoor_region_names_the_one_outlined(rb: Regiobeeld) -> None:
    """Shown for a municipality: the zorgkantoor region holding it is outlined and named."""
    gm = dataclasses.replace(rb, code="GM0000", name="Gemeente", level="gemeente")
    part = _section(render_html(gm, "nl"))
    assert "Gemeente is zelf geen zorgkantoorregio" in part
    assert "Waardenland (ZK24), waarin Gemeente ligt" in part
    assert part.count('class="own-outline" data-codes="ZK24"') == 3
    assert "Waardenland staat op plaats" in part


def test_the_basis_names_the_regions_with_own_data(rb: Regiobeeld) -> None:
    """Without own data the pattern is the model's settling assumption; with it, measured in
    part or in whole, naming the regions that contributed (the wording, on the engine's
    pattern with its basis fields set as the engine sets them with own data)."""
    from regioplan.report.national import basis_sentences

    gp = rb.patterns["gp"]
    assert gp.basis == "model" and not gp.own_data_regions
    assert "vestigingsaanname van het model" in basis_sentences([gp], "nl")[0]
    mixed = dataclasses.replace(gp, basis="mixed", own_data_regions=("ZK24",), own_data_units=1)
    text = basis_sentences([mixed], "nl")[0]
    assert "deels gemeten met eigen gegevens van ZK24 (1 van de 31 regio's)" in text
    measured = dataclasses.replace(gp, basis="measured", own_data_regions=("ZK01", "ZK02"))
    assert "gemeten met own data" not in basis_sentences([measured], "en")[0]
    assert "measured with own data of ZK01, ZK02" in basis_sentences([measured], "en")[0]
    # professions resting on different bases are each named
    both = basis_sentences([gp, dataclasses.replace(mixed, profession="so")], "en")
    assert len(both) == 2 and both[1].startswith("Elderly-care physician: ")
