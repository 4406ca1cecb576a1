"""Write the ZK24 out-of-hours example configurations (examples/ooh/*.toml).

ESTIMATES AND EXAMPLE DATA: no open list of GP out-of-hours posts or their staffing exists. Today's
organisation of ZK24 (Waardenland) is the estimate of ``regioplan ooh estimate ZK24``: posts at
the bundled general hospital sites, staffing sized from the expected demand. The two care
organisations with an SO/AVG on call are examples (their places are estimated from the population
aged 80+). Each variant changes today's estimate in one labelled way.

Run from the repository root (a test checks that the files are up to date)::

    .venv/bin/python examples/ooh/make_examples.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from regioplan.ooh import parse_config
from regioplan.ooh.posts import config_toml, estimated_config
from regioplan.regions import select_region

HERE = Path(__file__).resolve().parent
YEAR = 2025
ORGANISATIONS = [
    {
        "id": "vvt_drechtsteden",
        "name": "Care organisation Drechtsteden (example, not a real organisation)",
        "municipalities": ["GM0482", "GM0505", "GM0531", "GM0590", "GM0610", "GM0642"],
    },
    {
        "id": "vvt_alblasserwaard",
        "name": "Care organisation Alblasserwaard-Vijfheerenlanden (example)",
        "municipalities": ["GM0512", "GM0523", "GM1961", "GM1978"],
    },
]
OOH_ALL = [("mon-fri", "0-8"), ("mon-fri", "17-24"), ("sat-sun", "0-24")]


def _so_rows(org: str, patterns: list[tuple[str, str]]) -> list[dict[str, Any]]:
    return [
        {"organisation": org, "role": "so", "days": d, "hours": h, "count": 1} for d, h in patterns
    ]


def today() -> dict[str, Any]:
    cfg = estimated_config(select_region("ZK24"), year=YEAR, name="ZK24 today (estimate)")
    data = cfg.model_dump(exclude_none=True, exclude_defaults=True)
    data["organisations"] = ORGANISATIONS
    for org in ORGANISATIONS:
        data["staffing"] += _so_rows(str(org["id"]), OOH_ALL)
    data["meta"]["note"] += (
        "; two example care organisations (not real) with one SO/AVG on call each, places "
        "estimated from the population aged 80+"
    )
    return data


def _variant(base: dict[str, Any], name: str, note: str, **variant: Any) -> dict[str, Any]:
    out = {**base, "meta": {**base["meta"], "name": name, "note": note}}
    out["variant"] = {**base.get("variant", {}), **variant}
    out["staffing"] = [dict(r) for r in base["staffing"]]
    return out


def variants(base: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each variant: today's estimate changed in one labelled way."""
    est = "variant of the ZK24 estimate (not real staffing): "
    out: dict[str, dict[str, Any]] = {}
    out["zk24_merged"] = _variant(
        base,
        "ZK24 merged posts (variant)",
        est + "Zwijndrecht and Sliedrecht merged into Dordrecht, their staff added up",
        merge=[{"into": "dordrecht", "posts": ["zwijndrecht", "sliedrecht"]}],
    )
    out["zk24_night_post"] = _variant(
        base,
        "ZK24 one night post (variant)",
        est + "only Dordrecht open 23:00-08:00, the other posts' night staff move there",
        night_post="dordrecht",
        night_hours="23-08",
    )
    out["zk24_shared_cars"] = _variant(
        base, "ZK24 shared cars (variant)", est + "every car serves the whole region", cars="shared"
    )
    out["zk24_regional"] = _variant(
        base,
        "ZK24 regional triage (variant)",
        est + "one regional pool of triagists answers every call",
        triage="regional",
    )
    np_cfg = _variant(
        base,
        "ZK24 nurse practitioner (variant)",
        est + "one nurse practitioner per post on weekend days takes U4/U5 consultations, one "
        "GP at the post fewer where two or more are on duty",
        nurse_practitioner=True,
    )
    staffing = []
    for r in np_cfg["staffing"]:
        if r["role"] == "post_gp" and "sat" in r["days"] and r["count"] >= 2:
            r = {**r, "count": r["count"] - 1}
        staffing.append(r)
    posts = [p["id"] for p in base["posts"]]
    staffing += [
        {"post": p, "role": "np", "days": "sat-sun", "hours": "9-21", "count": 1} for p in posts
    ]
    np_cfg["staffing"] = staffing
    out["zk24_nurse_practitioner"] = np_cfg
    social = _variant(
        base,
        "ZK24 social-domain worker (variant)",
        est + "a social-domain worker at each post in the evenings and weekend days takes 20 % of "
        "the U4/U5 telephone contacts",
        social_worker_share=0.2,
    )
    social["staffing"] += [
        {"post": p, "role": "social_worker", "days": d, "hours": h, "count": 1}
        for p in posts
        for d, h in (("mon-fri", "17-23"), ("sat-sun", "10-22"))
    ]
    out["zk24_social_worker"] = social
    so = _variant(
        base,
        "ZK24 SO on call shared (variant)",
        est + "the two organisations share one SO/AVG pool; at night (23:00-08:00) one SO/AVG "
        "serves both",
        so_on_call="shared",
    )
    second = str(ORGANISATIONS[1]["id"])
    so["staffing"] = [
        r for r in so["staffing"] if not (r["role"] == "so" and r["organisation"] == second)
    ] + _so_rows(second, [("mon-fri", "17-23"), ("sat-sun", "8-23")])
    out["zk24_so_shared"] = so
    night = _variant(
        base,
        "ZK24 SO on call shared at night (variant)",
        est + "the two organisations share one SO/AVG pool; from 00:00 to 06:00 one SO/AVG "
        "serves both",
        so_on_call="shared",
    )
    night["staffing"] = [
        r for r in night["staffing"] if not (r["role"] == "so" and r["organisation"] == second)
    ] + _so_rows(second, [("mon-fri", "6-8"), ("mon-fri", "17-24"), ("sat-sun", "6-24")])
    out["zk24_so_shared_night"] = night
    return out


HEADER = (
    "# {title}\n"
    "# ESTIMATE / EXAMPLE: not real posts or staffing (no open list exists). Written by\n"
    "# examples/ooh/make_examples.py from `regioplan ooh estimate ZK24`; see docs/ooh.md.\n"
    "# Run: regioplan ooh simulate ZK24 --config examples/ooh/{file}"
)


def files() -> dict[str, str]:
    """File name -> TOML text of every example."""
    base = today()
    out = {"zk24_today.toml": (base, "ZK24 today: an estimate of today's organisation")}
    for stem, data in variants(base).items():
        out[f"{stem}.toml"] = (data, f"{data['meta']['name']}: {data['meta']['note']}")
    texts: dict[str, str] = {}
    for name, (data, title) in out.items():
        cfg = parse_config(data, name)
        texts[name] = config_toml(cfg, HEADER.format(title=title, file=name))
    return texts


def main() -> int:
    for name, text in files().items():
        (HERE / name).write_text(text, encoding="utf-8")
        print(f"wrote examples/ooh/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
