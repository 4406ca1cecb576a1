"""Benchmark of `regioplan report` and the dashboard API.

Run from the repository root:

    .venv/bin/python benchmarks/report/bench_report.py            # full run (~2-3 min)
    .venv/bin/python benchmarks/report/bench_report.py --quick    # ZK24 and NL only

What it measures, each the same way every time:

1. cold CLI: ``regioplan report REGION --out ...`` as a fresh process (imports, data loading,
   engines, rendering, writing), for ZK24, the most populous zorgkantoor region and NL; HTML size.
   Peer in the same run: ``regioplan regions show REGION --json`` (a fresh process that loads the
   same bundled data and prints the region's facts); the ratio report / peer is reported.
2. warm in-process build + render for all 31 zorgkantoor regions (max and median).
3. dashboard API: after one warm-up request per region, the median and max latency of 20 calls
   of each endpoint (in-process ASGI client), against the peer ``/api/regions`` (a plain list).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLI = str(ROOT / ".venv" / "bin" / "regioplan")


def _run(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - start


def cold_cli(regions: list[str]) -> list[tuple[str, float, float, float]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for code in regions:
            out = Path(tmp) / f"{code}.html"
            peer = _run([CLI, "regions", "show", code, "--json"])
            took = _run([CLI, "report", code, "--out", str(out), "--no-own-data"])
            rows.append((code, took, out.stat().st_size / 1e6, took / peer))
    return rows


def warm_all_zorgkantoor() -> tuple[float, float, str]:
    from regioplan.regiobeeld import build_regiobeeld
    from regioplan.regions import list_regions
    from regioplan.report import render_html

    times = {}
    for region in list_regions("zorgkantoor"):
        start = time.perf_counter()
        render_html(build_regiobeeld(region), "nl")
        times[region.code] = time.perf_counter() - start
    worst = max(times, key=lambda k: times[k])
    return max(times.values()), statistics.median(times.values()), worst


def api_latency(regions: list[str]) -> tuple[list[tuple[str, float, float]], dict[str, float]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from regioplan.web import create_app

    client = TestClient(create_app())
    paths = ["/api/regions?level=zorgkantoor"]
    first_year: dict[str, float] = {}
    for code in regions:
        client.get(f"/api/regions/{code}")  # warm-up: builds and caches the regiobeeld
        # warm-up of the year switch: every year 2024..horizon of SO, computed once
        start = time.perf_counter()
        client.get(f"/fragment/{code}?profession=so&lang=en&year=2030").raise_for_status()
        first_year[code] = time.perf_counter() - start
        paths += [
            f"/api/regions/{code}",
            f"/api/regions/{code}/workforce?profession=gp",
            f"/api/regions/{code}/access?profession=gp&level=pc4",
            f"/fragment/{code}?profession=so&lang=en",
            # a new year on every call (2025..2040): renders the panel, no recomputation
            f"/fragment/{code}?profession=so&lang=nl&year={{year}}",
            f"/api/regions/{code}/access?profession=so&year={{year}}",
        ]
    rows = []
    for path in paths:
        times = []
        for i in range(20):
            start = time.perf_counter()
            response = client.get(path.format(year=2025 + i % 16))
            times.append(time.perf_counter() - start)
            response.raise_for_status()
        rows.append((path.replace("{year}", "Y"), statistics.median(times), max(times)))
    return rows, first_year


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="ZK24 and NL only")
    args = parser.parse_args()
    from regioplan.regions import list_regions

    biggest = max(list_regions("zorgkantoor"), key=lambda r: r.population).code
    regions = ["ZK24", "NL"] if args.quick else ["ZK24", biggest, "NL"]
    print(f"python {sys.version.split()[0]}; 2 shared cores\n")
    print("| region | report (cold process) s | HTML MB | ratio to `regions show` |")
    print("|---|---:|---:|---:|")
    for code, took, mb, ratio in cold_cli(regions):
        print(f"| {code} | {took:.1f} | {mb:.2f} | {ratio:.1f}x |")
    if not args.quick:
        worst, median, code = warm_all_zorgkantoor()
        print(
            f"\nAll 31 zorgkantoor regions in one process (build + render, warm data): "
            f"median {median:.2f} s, max {worst:.2f} s ({code})"
        )
    print("\n| API path (after warm-up) | median ms | max ms |")
    print("|---|---:|---:|")
    rows, first_year = api_latency(["ZK24", "NL"])
    for path, med, top in rows:
        print(f"| `{path}` | {med * 1000:.1f} | {top * 1000:.1f} |")
    for code, took in first_year.items():
        print(f"\nfirst year switch of {code} SO (all years computed once): {took * 1000:.0f} ms")


if __name__ == "__main__":
    main()
