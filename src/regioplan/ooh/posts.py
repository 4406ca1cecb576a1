"""Today's out-of-hours posts and staffing of a region, where no open list exists: an estimate.

No open register of the GP out-of-hours posts (huisartsenposten) and their staffing exists. For a
region without the user's own configuration this module builds a **labelled estimate** of today's
organisation (:func:`estimated_config`):

- posts: one post per general or academic hospital site of the bundled Eurostat/GISCO hospital
  list (2019) in the region (most posts share a site with an emergency department); a region
  without such a site gets one post in its most populous PC4 area. Or the user's own posts from a
  CSV file (:func:`read_posts`: ``id,name,pc4`` and optionally ``lat,lon``).
- staffing per post and hour of the week: sized from the expected demand of the areas nearest the
  post (:func:`regioplan.ooh.demand`), as the offered load (calls per hour x mean service time)
  divided by a target occupancy (:data:`TARGET_OCCUPANCY`), rounded up, at least one of each role
  in every out-of-hours hour. Cars' service includes the drive there and back at
  :data:`CAR_KMH` over the road distance (great-circle x 1.3). A supervising GP is not staffed
  separately: the GPs at the post check the triagists' advice (the engine's rule for a post
  without a supervising GP).

>>> from regioplan.regions import select_region
>>> [p.id for p in hospital_posts(select_region("ZK24"))]
['dordrecht', 'zwijndrecht', 'sliedrecht', 'gorinchem']
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import math
import os
import pickle
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from regioplan.data import hospitals
from regioplan.errors import Problem, ValidationError
from regioplan.geo import road_km
from regioplan.ooh.config import DAYS, OohConfig, Post, parse_config
from regioplan.ooh.demand import demand
from regioplan.ooh.profile import HOURS_PER_WEEK, is_office_hour, week_profile
from regioplan.ooh.results import OohResult
from regioplan.ooh.simulation import simulate
from regioplan.regions import Region

POST_SITE_TYPES = ("Algemeen ziekenhuis", "Academisch ziekenhuis")
"""Hospital site types that get an estimated post (outpatient clinics do not)."""
TARGET_OCCUPANCY = {"triagist": 0.75, "post_gp": 0.75, "car": 0.6}
"""Occupancy the estimated staffing is sized for (an assumption)."""
CAR_KMH = 50.0
"""Mean speed of a visiting car (an assumption) for sizing the cars."""
POSTS_SOURCE = (
    "posts: one post per general or academic hospital site in the region (Eurostat/GISCO "
    "hospitals 2019); no open list of GP out-of-hours posts exists"
)
STAFFING_SOURCE = (
    "staffing: head counts per post and hour of the week sized from the expected demand of the "
    "nearest areas at a target occupancy of 75 % (triagists, GPs) and 60 % (cars, with the drive "
    "there and back at 50 km/h), at least one of each in every out-of-hours hour; no open "
    "staffing data exists"
)


def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return s or "post"


def hospital_posts(region: Region) -> list[Post]:
    """Estimated posts: one per general or academic hospital site (unique PC4) in `region`; the
    most populous PC4 area when the region has none."""
    h = hospitals()
    h = h[h["facility_type"].isin(POST_SITE_TYPES)]
    pc4 = h["postcode"].astype(str).str[:4]
    in_region = set(region.pc4.index.astype(str))
    h = h.assign(pc4=pc4)[pc4.isin(in_region)]
    posts: list[Post] = []
    seen_pc4: set[str] = set()
    seen_id: set[str] = set()
    for _, row in h.iterrows():
        code = str(row["pc4"])
        if code in seen_pc4:
            continue
        seen_pc4.add(code)
        base = _slug(str(row["city"]))
        pid, k = base, 2
        while pid in seen_id:
            pid, k = f"{base}_{k}", k + 1
        seen_id.add(pid)
        posts.append(
            Post(
                id=pid,
                name=f"HAP {str(row['city']).title()} (estimate: {row['site_name']})",
                pc4=code,
                lat=round(float(row["lat"]), 5),
                lon=round(float(row["lon"]), 5),
                estimated=True,
            )
        )
    if not posts:
        pop = region.pc4["population_2021"].astype(float)
        code = str(pop.idxmax())
        posts.append(
            Post(
                id="post",
                name=f"HAP {region.name} (estimate: most populous PC4 {code})",
                pc4=code,
                estimated=True,
            )
        )
    return posts


def read_posts(path: Path) -> list[Post]:
    """The user's own posts from a CSV file with columns ``id,name,pc4`` (optional ``lat,lon``);
    a problem names the file, the line and the column."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValidationError(
            [Problem(source, None, "(file)", f"cannot read the file: {exc.strerror or exc}")]
        ) from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("id", "pc4") if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(
            [Problem(source, 1, "(header)", f"missing column(s) {', '.join(missing)}")],
            summary=f"{source}: not a posts file (columns id,name,pc4[,lat,lon])",
        )
    posts: list[Post] = []
    problems: list[Problem] = []
    for line, row in enumerate(reader, start=2):
        data: dict[str, Any] = {
            "id": (row.get("id") or "").strip(),
            "name": (row.get("name") or "").strip(),
            "pc4": (row.get("pc4") or "").strip(),
        }
        for key in ("lat", "lon"):
            value = (row.get(key) or "").strip()
            if value:
                try:
                    data[key] = float(value)
                except ValueError:
                    problems.append(Problem(source, line, key, f"{value!r} is not a number"))
        if not data["id"]:
            problems.append(Problem(source, line, "id", "empty"))
        elif not re.fullmatch(r"\d{4}", data["pc4"]):
            problems.append(Problem(source, line, "pc4", f"{data['pc4']!r} is not a 4-digit PC4"))
        else:
            posts.append(Post.model_validate(data))
    if not problems and not posts:
        problems.append(Problem(source, None, "(rows)", "no posts"))
    if problems:
        raise ValidationError(problems, summary=f"{source}: invalid posts")
    return posts


def _nearest_post(areas: pd.DataFrame, posts: list[Post]) -> tuple[np.ndarray, np.ndarray]:
    """Index of each area's nearest post and the road km to it (estimate)."""
    lat = areas["lat"].to_numpy(float)
    lon = areas["lon"].to_numpy(float)
    plat, plon = [], []
    for p in posts:
        if p.lat is not None and p.lon is not None:
            plat.append(p.lat)
            plon.append(p.lon)
        else:
            i = areas.index.get_loc(p.pc4)
            plat.append(float(lat[i]))
            plon.append(float(lon[i]))
    km = np.stack([road_km(plat[j], plon[j], lat, lon) for j in range(len(posts))], axis=1)
    nearest = np.argmin(km, axis=1)
    return nearest, km[np.arange(len(areas)), nearest]


def _day_names(days: list[int]) -> str:
    """``[0, 1, 2, 3, 4]`` -> ``mon-fri``; ``[0, 2]`` -> ``mon,wed``."""
    parts: list[str] = []
    i = 0
    while i < len(days):
        j = i
        while j + 1 < len(days) and days[j + 1] == days[j] + 1:
            j += 1
        parts.append(DAYS[days[i]] if i == j else f"{DAYS[days[i]]}-{DAYS[days[j]]}")
        i = j + 1
    return ",".join(parts)


def _runs(counts: np.ndarray) -> list[tuple[str, str, int]]:
    """(days, hours, count) rows covering `counts` (168), days with equal patterns together."""
    by_pattern: dict[tuple[tuple[int, int, int], ...], list[int]] = {}
    for d in range(7):
        day = counts[24 * d : 24 * d + 24]
        runs: list[tuple[int, int, int]] = []
        h = 0
        while h < 24:
            c = int(day[h])
            end = h
            while end < 24 and int(day[end]) == c:
                end += 1
            if c > 0:
                runs.append((h, end, c))
            h = end
        by_pattern.setdefault(tuple(runs), []).append(d)
    out: list[tuple[str, str, int]] = []
    for runs_key, days in by_pattern.items():
        names = _day_names(days)
        for a, b, c in runs_key:
            out.append((names, f"{a}-{b}", c))
    return out


def estimated_staffing(
    region: Region, posts: list[Post], *, year: int, params: dict[str, float] | None = None
) -> list[dict[str, Any]]:
    """Staffing rows (``post, role, days, hours, count``) sized from the expected demand (see the
    module's text; an estimate)."""
    probe = parse_config(
        {
            "posts": [p.model_dump(exclude_none=True) for p in posts],
            "staffing": [
                {"post": p.id, "role": "triagist", "days": "mon-sun", "hours": "0-24", "count": 1}
                for p in posts
            ],
            "params": params or {},
        },
        "<estimate>",
    )
    d = demand(region, probe, year=year)
    nearest, km = _nearest_post(d.areas, posts)
    weekly = d.per_year * 7.0 / 365.25  # (areas, 3) per week: phone, consult, visit
    profile = week_profile()
    pr = probe.params
    rows: list[dict[str, Any]] = []
    ooh_hour = np.array([not is_office_hour(h) for h in range(HOURS_PER_WEEK)])
    for j, post in enumerate(posts):
        mine = nearest == j
        phone, consult, visit = weekly[mine].sum(axis=0)
        drive_min = 2.0 * float(np.average(km[mine], weights=weekly[mine, 2])) if mine.any() else 0
        drive_min *= 60.0 / CAR_KMH
        load = {
            "triagist": (phone + consult + visit) * pr.triage_mean_min,
            "post_gp": consult * pr.consult_mean_min + phone * pr.supervision_mean_min,
            "car": visit * (pr.visit_mean_min + drive_min),
        }
        for role, minutes_per_week in load.items():
            per_hour = minutes_per_week / 60.0 * profile  # erlang per hour of the week
            counts = np.where(
                ooh_hour,
                np.maximum(1, np.ceil(per_hour / TARGET_OCCUPANCY[role] - 1e-9)),
                0,
            ).astype(np.int64)
            for days, hours, count in _runs(counts):
                rows.append(
                    {"post": post.id, "role": role, "days": days, "hours": hours, "count": count}
                )
    return rows


def estimated_config(
    region: Region, *, year: int, posts: list[Post] | None = None, name: str | None = None
) -> OohConfig:
    """A labelled estimate of `region`'s organisation today: `posts` (default
    :func:`hospital_posts`) with :func:`estimated_staffing`, each post its own area."""
    chosen = posts if posts is not None else hospital_posts(region)
    note = (
        (POSTS_SOURCE if posts is None else "posts: the user's own file") + "; " + STAFFING_SOURCE
    )
    return parse_config(
        {
            "meta": {
                "name": name or f"{region.code} today (estimate)",
                "estimated": True,
                "note": note,
            },
            "posts": [p.model_dump(exclude_none=True) for p in chosen],
            "staffing": estimated_staffing(region, chosen, year=year),
        },
        f"<estimate of {region.code}>",
    )


VARIANTS: tuple[str, ...] = ("today", "regional_triage", "shared_cars", "night_post", "merged")
"""The organisation variants :func:`variant_configs` derives from a configuration."""


def variant_configs(config: OohConfig) -> dict[str, OohConfig]:
    """`config` (today) and its generic variants: regional triage, shared cars, one night post
    (23:00-08:00, at the first post) and all posts merged into the first; with one post only
    today, regional triage and shared cars. Each is labelled as a variant of `config`."""
    first = config.posts[0].id
    others = [p.id for p in config.posts[1:]]
    changes: dict[str, dict[str, Any]] = {
        "today": {},
        "regional_triage": {"triage": "regional"},
        "shared_cars": {"cars": "shared"},
    }
    if others:
        changes["night_post"] = {"night_post": first, "night_hours": "23-08"}
        changes["merged"] = {"merge": [{"into": first, "posts": others}]}
    out: dict[str, OohConfig] = {}
    for name, change in changes.items():
        if not change:
            out[name] = config
            continue
        data = config.model_dump(exclude_none=True)
        data["variant"] = {**data.get("variant", {}), **change}
        data["meta"] = {
            **data["meta"],
            "name": f"{config.meta.name or 'configuration'}: {name.replace('_', ' ')}",
        }
        out[name] = parse_config(data, f"<variant {name}>")
    return out


MAX_AREAS = 500
"""The largest region (in PC4 areas) whose organisation :func:`simulate_today` simulates: every
zorgkantoor region (at most 475); a province or the country is left to ``regioplan ooh``."""


def cache_dir() -> Path:
    """Where simulated results are kept: ``cache/ooh`` under the ``data_dir`` setting, else the
    platform's user cache directory (platformdirs) ``.../regioplan/ooh``."""
    from regioplan import settings

    data_dir = settings.current().data_dir
    if data_dir:
        return Path(data_dir) / "cache" / "ooh"
    import platformdirs

    return Path(platformdirs.user_cache_dir("regioplan")) / "ooh"


def _code_stamp() -> str:
    """A digest of the source of the modules a simulated result depends on (the ``ooh``
    package, the travel-time model and the geometry helpers) and of the package's version, so
    that a cached result of older code is never used."""
    import importlib.metadata

    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        h.update(importlib.metadata.version("regioplan").encode())
    sources = [
        *sorted(here.glob("*.py")),
        here.parent / "access" / "costs.py",
        here.parent / "geo.py",
    ]
    for path in sources:
        h.update(path.name.encode())
        with contextlib.suppress(OSError):
            h.update(path.read_bytes())
    return h.hexdigest()


def result_key(
    region: Region, config: OohConfig, *, year: int, replications: int, seed: int
) -> str:
    """The cache key of a simulation: region (code and its PC4 table), configuration, year,
    replications, seed, the code (:func:`_code_stamp`) and the expected demand itself (so a
    change of the population projection or of the contact rates is a new key)."""
    h = hashlib.sha256()
    for part in (region.code, config_toml(config), year, replications, seed, _code_stamp()):
        h.update(str(part).encode())
        h.update(b"\0")
    h.update(pd.util.hash_pandas_object(region.pc4, index=True).to_numpy().tobytes())
    d = demand(region, config, year=year)
    for arr in (d.per_year, d.joint, d.nursing, np.asarray([d.u0_per_year], float)):
        h.update(np.ascontiguousarray(arr, dtype=float).tobytes())
    return h.hexdigest()[:32]


def simulate_today(
    region: Region, *, year: int, replications: int, seed: int, cache: bool = True
) -> tuple[OohConfig, OohResult] | None:
    """Today's organisation of `region` (:func:`estimated_config`) simulated `replications`
    times; None when the region has more than :data:`MAX_AREAS` PC4 areas.

    With `cache` the result is kept in :func:`cache_dir` under :func:`result_key` and read back
    by the next call with the same region, configuration, year, replications, seed and code (the
    same result the simulation would give: it is seeded); an unreadable entry is simulated again.
    """
    if len(region.pc4) > MAX_AREAS:
        return None
    config = estimated_config(region, year=year)
    path = None
    if cache:
        key = result_key(region, config, year=year, replications=replications, seed=seed)
        path = cache_dir() / f"{region.code}-{key}.pickle"
        try:
            with path.open("rb") as fh:
                found = pickle.load(fh)
            if isinstance(found, OohResult):
                return config, found
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
    result = simulate(region, config, year=year, replications=replications, seed=seed)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:  # a cache that cannot be written only costs time
            pass
    return config, result


def config_toml(config: OohConfig, header: str = "") -> str:
    """`config` as TOML text (the schema of docs/ooh.md) that :func:`load_config` reads back."""

    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int | float):
            return repr(v) if isinstance(v, float) and not math.isfinite(v) else f"{v}"
        if isinstance(v, str):
            return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + " }"
        raise TypeError(f"cannot write {v!r} as TOML")

    def table(name: str, data: dict[str, Any], array: bool = False) -> list[str]:
        head = f"[[{name}]]" if array else f"[{name}]"
        return [head, *(f"{k} = {value(v)}" for k, v in data.items() if v is not None), ""]

    lines = [header.rstrip(), ""] if header else []
    dumped = config.model_dump(exclude_defaults=True)
    lines += table("meta", dumped.get("meta", {}))
    for post in dumped["posts"]:
        lines += table("posts", post, array=True)
    for org in dumped.get("organisations", []):
        lines += table("organisations", org, array=True)
    for row in dumped.get("staffing", []):
        lines += table("staffing", row, array=True)
    if dumped.get("variant"):
        lines += table("variant", dumped["variant"])
    if dumped.get("params"):
        lines += table("params", dumped["params"])
    return "\n".join(lines).rstrip() + "\n"


__all__ = [
    "CAR_KMH",
    "MAX_AREAS",
    "POSTS_SOURCE",
    "POST_SITE_TYPES",
    "STAFFING_SOURCE",
    "TARGET_OCCUPANCY",
    "VARIANTS",
    "cache_dir",
    "config_toml",
    "estimated_config",
    "estimated_staffing",
    "hospital_posts",
    "read_posts",
    "result_key",
    "simulate_today",
    "variant_configs",
]
