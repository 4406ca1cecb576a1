"""Where municipalities are: the bundled municipality table (centre, care-office region).

>>> municipality_point("GM0363")[2]
'ZK02'
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from regioplan.data import municipalities


@cache
def _points() -> dict[str, tuple[float, float, str, float]]:
    table = municipalities()
    return {
        str(code): (float(lat), float(lon), str(region), float(area))
        for code, lat, lon, region, area in zip(
            table.index,
            table["lat"].tolist(),
            table["lon"].tolist(),
            table["zorgkantoor_code"].tolist(),
            table["area_km2"].tolist(),
            strict=True,
        )
    }


def municipality_point(code: str) -> tuple[float, float, str] | None:
    """(lat, lon, care-office region code) of municipality `code`, or None when unknown."""
    point = _points().get(code)
    return None if point is None else point[:3]


def region_codes() -> frozenset[str]:
    """The care-office region codes (ZKxx) regions of coordination are named by."""
    return frozenset(p[2] for p in _points().values())


def municipality_frame(codes: list[str]) -> pd.DataFrame:
    """Points of the municipalities `codes` (index code; lat, lon, area_km2) for travel costs."""
    points = _points()
    return pd.DataFrame(
        {
            "lat": [points[c][0] for c in codes],
            "lon": [points[c][1] for c in codes],
            "area_km2": [points[c][3] for c in codes],
        },
        index=codes,
    )


__all__ = ["municipality_frame", "municipality_point", "region_codes"]
