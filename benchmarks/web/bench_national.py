"""Benchmark of the dashboard's national page (issue #22 item 4: a switch of profession or year
on the national map in under 200 ms server side after warm-up).

Run from the repository root:

    .venv/bin/python benchmarks/web/bench_national.py            # full run (~1 min)
    .venv/bin/python benchmarks/web/bench_national.py --rounds 5  # quicker

What it measures, each the same way every time (in-process ASGI client, so the times are the
server's: routing, validation, engine call, rendering and JSON, without a network):

1. cold: in a fresh process, importing the app, then the first ``GET /national`` (care-office
   regions, GP: the engine's first comparison and the page's first render) and the first page of
   the 342 municipalities.
2. switch, engine warm but nothing rendered: a new app over the same process (the engine's
   cache holds the comparisons, the page's own cache is empty): the first fragment of every
   (level, profession, year), i.e. a switch the background warm-up has not reached yet.
3. switch after warm-up: the page of a level served once (which warms its professions and years
   in the background), then `rounds` passes over every switch the page makes: profession and year
   (``/national/fragment``, colours and list) and level (``map=1``, with the map's SVG);
   median, 95th percentile and max per level.
4. the same with own data (``--own-rows``, default 200,000 synthetic provider rows over the
   country, as `regioplan serve --own-data` would read after a large import): the first page of
   the care-office regions and of the municipalities (reading and splitting the own data, the
   engine with it) and the switches after warm-up.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import warnings
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LEVELS = ("zorgkantoor", "ggd", "provincie", "corop", "gemeente")
PROFESSIONS = ("gp", "so", "avg")
WHENS = ("now", "horizon")
TARGET_MS = 200.0

COLD = """
import time, warnings
warnings.simplefilter("ignore")
t0 = time.perf_counter()
from fastapi.testclient import TestClient
from regioplan.web import RegiobeeldCache, create_app
client = TestClient(create_app(RegiobeeldCache()))
t1 = time.perf_counter()
assert client.get("/national").status_code == 200
t2 = time.perf_counter()
assert client.get("/national?level=gemeente").status_code == 200
t3 = time.perf_counter()
print(f"{(t1 - t0) * 1000:.0f} {(t2 - t1) * 1000:.0f} {(t3 - t2) * 1000:.0f}")
"""


def _client() -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from regioplan.web import RegiobeeldCache, create_app

    return TestClient(create_app(RegiobeeldCache()))


def _get(client: object, url: str) -> float:
    start = time.perf_counter()
    r = client.get(url)  # type: ignore[attr-defined]
    took = (time.perf_counter() - start) * 1000
    assert r.status_code == 200, (url, r.status_code)
    return took


def cold() -> tuple[float, float, float]:
    out = subprocess.run(
        [sys.executable, "-c", COLD], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout.split()
    return float(out[0]), float(out[1]), float(out[2])


def _fragment(level: str, profession: str, when: str, with_map: bool = False) -> str:
    url = f"/national/fragment?level={level}&profession={profession}&when={when}&lang=nl"
    return url + ("&map=1" if with_map else "")


def render_cold() -> dict[str, tuple[float, float]]:
    """Per level on a fresh app, engine warm: (the first level switch, the map's SVG drawn; the
    slowest first profession/year switch, its colours and list rendered)."""
    warm = _client()
    for level, profession in product(LEVELS, PROFESSIONS):
        _get(warm, f"/api/national?level={level}&profession={profession}")
    client = _client()
    worst: dict[str, tuple[float, float]] = {}
    for level in LEVELS:
        # the profession/year switches first: a level switch starts the level's warm-up
        times = [_get(client, _fragment(level, p, w)) for p, w in product(PROFESSIONS, WHENS)]
        first = _get(client, _fragment(level, "gp", "horizon", with_map=True))
        worst[level] = (first, max(times))
    return worst


def switches(rounds: int) -> dict[str, tuple[list[float], list[float]]]:
    """Per level: (profession/year switches, level switches) in ms after warm-up."""
    client = _client()
    for level in LEVELS:
        _get(client, f"/national?level={level}&lang=nl")  # warms the level in the background
    time.sleep(0.5)
    for level, p, w in product(LEVELS, PROFESSIONS, WHENS):  # waits for the warm-up's end
        _get(client, _fragment(level, p, w, with_map=True))
    out: dict[str, tuple[list[float], list[float]]] = {}
    for level in LEVELS:
        small: list[float] = []
        big: list[float] = []
        for _ in range(rounds):
            for p, w in product(PROFESSIONS, WHENS):
                small.append(_get(client, _fragment(level, p, w)))
                big.append(_get(client, _fragment(level, p, w, with_map=True)))
        out[level] = (small, big)
    return out


def own_data_switches(rows: int, rounds: int) -> dict[str, tuple[float, list[float]]]:
    """With `rows` synthetic own provider rows spread over the country (a loader as `regioplan
    serve --own-data` has): per level, the first page and the profession/year switches after
    warm-up. Synthetic: every municipality's GPs, SOs and AVGs as providers."""
    import numpy as np
    import pandas as pd

    from regioplan.data import municipalities
    from regioplan.regions import OwnData, Region
    from regioplan.web import RegiobeeldCache, create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    codes = list(municipalities().index)
    rng = np.random.default_rng(1)
    providers = pd.DataFrame(
        {
            "dataset": "synthetic",
            "municipality": rng.choice(codes, rows),
            "lat": np.nan,
            "lon": np.nan,
            "kind": "practice",
            **{
                f"{p}_{c}": rng.uniform(0.0, 0.2, rows)
                for p in PROFESSIONS
                for c in ("headcount", "fte")
            },
        }
    )
    own = OwnData(providers, ())

    def loader(region: Region) -> OwnData | None:
        return own if region.code == "NL" else None

    client = TestClient(create_app(RegiobeeldCache(own_data=loader)))
    out: dict[str, tuple[float, list[float]]] = {}
    for level in ("zorgkantoor", "gemeente"):
        first = _get(client, f"/national?level={level}&lang=nl")
        for p, w in product(PROFESSIONS, WHENS):  # the warm-up, as in 3.
            _get(client, _fragment(level, p, w))
        times = [
            _get(client, _fragment(level, p, w))
            for _ in range(rounds)
            for p, w in product(PROFESSIONS, WHENS)
        ]
        out[level] = (first, times)
    return out


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument(
        "--own-rows", type=int, default=200_000, help="synthetic own provider rows (0: skip 4.)"
    )
    args = parser.parse_args()

    imported, first, municipalities = cold()
    print("1. cold (fresh process)")
    print(
        f"   import app {imported:.0f} ms; first /national {first:.0f} ms; "
        f"first /national?level=gemeente {municipalities:.0f} ms"
    )

    print("2. switch with the engine warm, nothing rendered yet (no warm-up of the page)")
    print("   level        level switch (map drawn)   slowest profession/year switch")
    for level, (first, ms) in render_cold().items():
        print(f"   {level:<12} {first:20.1f} ms {ms:29.1f} ms")

    print(f"3. switch after warm-up ({args.rounds} rounds x 6 views per level), ms")
    print(
        "   level         profession/year: median   p95    max | level (map): median   p95    max"
    )
    worst = 0.0
    for level, (small, big) in switches(args.rounds).items():
        worst = max(worst, max(small))
        print(
            f"   {level:<12} {statistics.median(small):24.2f} {_p95(small):6.2f} {max(small):6.2f}"
            f" | {statistics.median(big):18.2f} {_p95(big):6.2f} {max(big):6.2f}"
        )
    verdict = "under" if worst < TARGET_MS else "OVER"
    print(
        f"   slowest profession/year switch {worst:.2f} ms: {verdict} the {TARGET_MS:.0f} ms target"
    )

    if args.own_rows:
        print(f"4. with own data: {args.own_rows:,} synthetic provider rows (read once, split)")
        for level, (first, times) in own_data_switches(args.own_rows, args.rounds).items():
            print(
                f"   {level:<12} first page {first:7.1f} ms; switch after warm-up median "
                f"{statistics.median(times):.2f}, p95 {_p95(times):.2f}, max {max(times):.2f} ms"
            )


if __name__ == "__main__":
    main()
