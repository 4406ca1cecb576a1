"""Build the bundled open data of regioplan from ../shared/data.

Run once by a developer when the source data changes (never at run time):

    .venv/bin/python scripts/build_data.py ../shared/data

It writes compact CSV/GeoJSON files to src/regioplan/data/files/ and copies the provenance. The
package reads only those files.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from regioplan.demography.ageing import age_population

OUT = Path(__file__).resolve().parents[1] / "src" / "regioplan" / "data" / "files"
AGE_COLS = [
    "age_0_4", "age_5_9", "age_10_14", "age_15_19", "age_20_24", "age_25_29", "age_30_34",
    "age_35_39", "age_40_44", "age_45_49", "age_50_54", "age_55_59", "age_60_64", "age_65_69",
    "age_70_74", "age_75_79", "age_80_84", "age_85_89", "age_90_94", "age_95_plus",
]  # fmt: skip
CERTEGIS_AGES = [
    "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
    "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90-94", "95+",
]  # fmt: skip


AGE_BASE_YEAR = 2021  # the CBS PC4 age table (83502NED) counts 1 January 2021
AGE_YEAR = 2024  # the municipal totals (85984NED) count 1 January 2024
CBS_DEATHS = {2021: 171_000, 2022: 170_112, 2023: 169_400}
"""Deaths in the Netherlands per year (CBS): 2021 'bijna 171.000' (CBS news, Jan 2022); 2022
170,112 (CBS via vzinfo.nl/sterfte); 2023 85,600 women + 83,800 men (CBS news 'Sterfte in 2023
afgenomen', Feb 2024, provisional)."""
CBS_DEATHS_80_PLUS_SHARE = 0.56
"""Share of deaths aged 80 or over: 56 % in 2023, 'fairly stable since 2020' (same CBS news)."""


def age_to_2024(counts: pd.DataFrame, national_total: int) -> tuple[pd.DataFrame, dict]:
    """The 2021 age groups per area aged to 1-1-2024 with the demography engine.

    Single years of age (even spread within each 5-year group), the engine's death rates times
    two factors (ages under 80, 80+) fitted so that the deaths of 2021-2023 add up to the CBS
    count with its share of 80+, the engine's births, and a national net migration (with the
    engine's age profile) that closes the gap to the CBS total of 1-1-2024.
    """
    years = AGE_YEAR - AGE_BASE_YEAR
    deaths = sum(CBS_DEATHS[y] for y in range(AGE_BASE_YEAR, AGE_YEAR))
    deaths_80 = CBS_DEATHS_80_PLUS_SHARE * deaths
    old = np.arange(0, 100, 5) >= 80
    young_scale, old_scale, migration = 1.0, 1.0, 0.0
    for _ in range(50):
        scale = np.where(old, old_scale, young_scale)
        aged = age_population(
            counts, years, start_year=AGE_BASE_YEAR, mortality_scale=scale,
            net_migration=migration,
        )  # fmt: skip
        died = aged.deaths.to_numpy()
        d_old, d_young = float(died[:, old].sum()), float(died[:, ~old].sum())
        gap = national_total - float(aged.values.to_numpy().sum())
        if abs(d_old - deaths_80) < 1 and abs(d_young + d_old - deaths) < 1 and abs(gap) < 1:
            break
        young_scale *= (deaths - deaths_80) / d_young
        old_scale *= deaths_80 / d_old
        migration += gap / years
    else:  # pragma: no cover - the fit converges in a few rounds
        raise SystemExit("ageing the 2021 population did not converge")
    method = {
        "mortality_scale_under_80": round(young_scale, 3),
        "mortality_scale_80_plus": round(old_scale, 3),
        "net_migration_per_year": round(migration),
        "deaths": [round(x) for x in aged.deaths.sum(axis=1)],
        "births": [round(x) for x in aged.births],
    }
    return aged.values, method


def largest_remainder(weights: np.ndarray, total: int) -> np.ndarray:
    """Integers proportional to `weights` that sum exactly to `total`."""
    raw = weights / weights.sum() * total
    base = np.floor(raw).astype(np.int64)
    short = total - int(base.sum())
    order = np.argsort(-(raw - base), kind="stable")
    base[order[:short]] += 1
    return base


def round_coords(geom: dict, nd: int = 4) -> dict:
    def r(c):
        if isinstance(c[0], (int, float)):
            return [round(c[0], nd), round(c[1], nd)]
        return [r(x) for x in c]

    return {"type": geom["type"], "coordinates": r(geom["coordinates"])}


def main(src: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    mapping = pd.read_csv(src / "mappings/gemeente_2023_to_provincie_ggd_zorgkantoor_corop.csv")
    pop24 = pd.read_csv(src / "population/kwb2024_gemeenten_population.csv").set_index("code")
    age = pd.read_csv(src / "population/gemeente_2023_age5_2021_DERIVED_from_pc4.csv").set_index(
        "gemeentecode_2023"
    )
    pc4 = pd.read_csv(src / "population/pc4_points_2021.csv", dtype={"pc4": int})

    m = mapping.rename(
        columns={
            "gemeentecode": "code",
            "gemeentenaam": "name",
            "provincie_code": "province_code",
            "provincie": "province",
            "ggdregio": "ggd",
            "zorgkantoor_code": "zorgkantoor_code",
            "zorgkantoorregio": "zorgkantoor",
            "corop_nuts3": "corop",
        }
    )[["code", "name", "province_code", "province", "ggd_code", "ggd", "zorgkantoor_code",
       "zorgkantoor", "corop"]].set_index("code")  # fmt: skip
    corop_names = sorted(m["corop"].unique())
    m["corop_code"] = m["corop"].map({n: f"CR{i + 1:02d}" for i, n in enumerate(corop_names)})
    m["population_2024"] = pop24.loc[m.index, "AantalInwoners_5"].astype(int)
    m["men_2024"] = pop24.loc[m.index, "Mannen_6"].astype(int)
    m["women_2024"] = pop24.loc[m.index, "Vrouwen_7"].astype(int)
    # CBS area fields are in hectares.
    m["area_km2"] = (pop24.loc[m.index, "OppervlakteTotaal_122"] / 100).round(2)
    m["land_km2"] = (pop24.loc[m.index, "OppervlakteLand_123"] / 100).round(2)
    # Age structure 1-1-2024 (estimate): the 2021 PC4 ages per municipality aged three years with
    # the demography engine, then scaled to the CBS 2024 total of each municipality.
    aged, method = age_to_2024(age.loc[m.index, AGE_COLS], int(m["population_2024"].sum()))
    print(f"ages 2021 -> 2024: {method}")
    counts = aged.loc[m.index, AGE_COLS].to_numpy(dtype=float)
    for i, code in enumerate(m.index):
        m.loc[code, AGE_COLS] = largest_remainder(counts[i], int(m.loc[code, "population_2024"]))
    m[AGE_COLS] = m[AGE_COLS].astype(int)
    flag = age.loc[m.index, "boundary_flag"].fillna("")
    m["age_approximated"] = flag.eq("CHECK").astype(int)
    m["pc4_to_cbs_ratio_2021"] = age.loc[m.index, "ratio_pc4sum_to_2023"]

    # Population-weighted centre of each municipality from its PC4 points (fallback: geometry).
    pc4_w = pc4.assign(w=pc4["inwoners_2021"].fillna(0).clip(lower=1))
    grp = pc4_w.groupby("gemeentecode_2023")
    cen = pd.DataFrame(
        {
            "lon": grp.apply(lambda g: np.average(g["lon"], weights=g["w"]), include_groups=False),
            "lat": grp.apply(lambda g: np.average(g["lat"], weights=g["w"]), include_groups=False),
        }
    )
    geo = json.loads(
        (src / "boundaries/gemeenten_2023_cbs_wijkenbuurten_simplified.geojson").read_text()
    )
    feats = {f["properties"]["gemeentecode"]: f for f in geo["features"]}
    missing = [c for c in m.index if c not in cen.index]
    for c in missing:
        coords = np.array(_flatten(feats[c]["geometry"]["coordinates"]))
        cen.loc[c] = coords.mean(axis=0)
    m["lon"] = cen.loc[m.index, "lon"].round(5)
    m["lat"] = cen.loc[m.index, "lat"].round(5)
    m.sort_index().to_csv(OUT / "municipalities.csv", index_label="code")
    approx = int(m["age_approximated"].sum())
    total = int(m["population_2024"].sum())
    print(f"municipalities: {len(m)}, population {total:,}; {approx} approximated")

    # Municipality geometry (rounded to 1e-4 degree, about 10 m).
    gm_features = [
        {
            "type": "Feature",
            "properties": {"code": c, "name": m.loc[c, "name"]},
            "geometry": round_coords(feats[c]["geometry"]),
        }
        for c in sorted(m.index)
    ]
    (OUT / "municipalities.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": gm_features}, separators=(",", ":"))
    )

    # Region geometries with our codes.
    def regions(path: str, name_prop: str, code_of: dict[str, str], level: str) -> None:
        g = json.loads((src / path).read_text())
        out = []
        for f in g["features"]:
            name = f["properties"][name_prop]
            if name not in code_of:
                raise SystemExit(f"{path}: region name {name!r} not in the mapping")
            out.append({"type": "Feature", "properties": {"code": code_of[name], "name": name},
                        "geometry": round_coords(f["geometry"])})  # fmt: skip
        (OUT / f"{level}.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": out}, separators=(",", ":"))
        )

    regions("boundaries/certegis_geo_ggdregios_2022_wgs84.geojson", "ggdregio",
            dict(zip(m["ggd"], m["ggd_code"], strict=False)), "ggd")  # fmt: skip
    regions("boundaries/certegis_geo_provincies_2022_wgs84.geojson", "provincie",
            dict(zip(m["province"], m["province_code"], strict=False)), "provincie")  # fmt: skip
    zk = json.loads(
        (src / "boundaries/zorgkantoorregio_2025_reencoded_from_cartomap.geojson").read_text()
    )
    zk_names = dict(zip(m["zorgkantoor_code"], m["zorgkantoor"], strict=False))
    zk_out = [{"type": "Feature", "properties": {"code": f["properties"]["statcode"],
               "name": zk_names[f["properties"]["statcode"]]},
               "geometry": round_coords(f["geometry"])} for f in zk["features"]]  # fmt: skip
    (OUT / "zorgkantoor.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": zk_out}, separators=(",", ":"))
    )

    # PC4 areas with their 2021 age structure (CBS 83502NED, rounded to 5 by CBS).
    ages = pd.read_csv(src / "population/certegis_inwoners_per_postcode_leeftijd_2021.csv")
    ages = ages[ages["postcode"] >= 1000]
    wide = ages.pivot_table(index="postcode", columns="leeftijd", values="inwoners", aggfunc="sum")
    wide = wide.reindex(columns=CERTEGIS_AGES).fillna(0).astype(int)
    wide.columns = AGE_COLS
    wide.index = wide.index.astype(int)
    p = pc4.rename(
        columns={"inwoners_2021": "population_2021", "gemeentecode_2023": "municipality"}
    )
    p["population_2021"] = p["population_2021"].fillna(0).astype(int)
    p = p.set_index("pc4").join(wide, how="left")
    p[AGE_COLS] = p[AGE_COLS].fillna(0).astype(int)
    p.sort_index().to_csv(OUT / "pc4.csv", index_label="pc4")
    print(f"pc4 areas: {len(p)}, population 2021 {p['population_2021'].sum():,}")

    shutil.copy(src / "facilities/training_centres.csv", OUT / "training_centres.csv")
    shutil.copy(src / "facilities/umc_sites_NL_2019_DERIVED_subset.csv", OUT / "umc_sites.csv")
    shutil.copy(src / "facilities/eurostat_gisco_hospitals_NL_2019.csv", OUT / "hospitals.csv")
    shutil.copy(src / "reference/national_calibration_figures.csv", OUT / "calibration.csv")
    shutil.copy(src / "MANIFEST.txt", OUT / "SOURCE_MANIFEST.txt")


def _flatten(c):
    if isinstance(c[0], (int, float)):
        return [c]
    out = []
    for x in c:
        out.extend(_flatten(x))
    return out


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
