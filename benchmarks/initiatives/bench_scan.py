"""The regional scan of every zorgkantoor region: wall time per region, against a peer.

Run from the repository root::

    .venv/bin/python benchmarks/initiatives/bench_scan.py            # all 31 regions
    .venv/bin/python benchmarks/initiatives/bench_scan.py ZK27 ZK24  # some regions

One process scans the regions in code order, as `regioplan scan` does for one region: the first
region pays the cold caches (the national comparison of every zorgkantoor region, the gap
profiles), the others reuse them. The scan is timed first; then the peer, `build_regiobeeld`
alone with the same arguments, in the same process (it finds the region's caches warm, so the
ratio scan / regiobeeld overstates a little what the scan adds on top of the regiobeeld it
needs; it is there to read the figures against the machine's load). The
process start and imports are not timed (`regioplan scan` adds about 2 s of imports). Prints one
JSON document (per region: seconds of the regiobeeld, of the scan, their ratio, the scan's steps)
and a summary on stderr.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import json
import os.path
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from regioplan.regiobeeld import build_regiobeeld
from regioplan.regiobeeld.scan import scan_region
from regioplan.regions import list_regions, select_region
from regioplan.settings import DEFAULT_SEED

TARGET_SECONDS = 5.0
HORIZON = 2040
DRAWS = 1000


def main(codes: list[str]) -> int:
    regions = [select_region(c) for c in codes] if codes else list_regions("zorgkantoor")
    rows = []
    for region in regions:
        started = time.perf_counter()
        result = scan_region(region, horizon=HORIZON, seed=DEFAULT_SEED, draws=DRAWS)
        ours = time.perf_counter() - started
        started = time.perf_counter()
        build_regiobeeld(region, horizon=HORIZON, seed=DEFAULT_SEED, draws=DRAWS)
        peer = time.perf_counter() - started
        rows.append(
            {
                "code": region.code,
                "name": region.name,
                "regiobeeld_s": round(peer, 3),
                "scan_s": round(ours, 3),
                "ratio": round(ours / peer, 3),
                "steps_s": {k: round(v, 3) for k, v in result.timings.items()},
                "ranking_top": result.ranking[0].type,
                "elsewhere": sum(len(v) for v in result.elsewhere.values()),
                "own": len(result.own),
            }
        )
        print(
            f"{region.code} {region.name}: scan {ours:.2f} s (regiobeeld {peer:.2f} s)",
            file=sys.stderr,
        )
    scans = sorted(r["scan_s"] for r in rows)
    summary = {
        "regions": len(rows),
        "target_s": TARGET_SECONDS,
        "over_target": [r["code"] for r in rows if r["scan_s"] >= TARGET_SECONDS],
        "max_s": scans[-1],
        "median_s": scans[len(scans) // 2],
        "max_ratio": max(r["ratio"] for r in rows),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
    }
    print(json.dumps({"summary": summary, "regions": rows}, indent=2))
    print(json.dumps(summary), file=sys.stderr)
    return 0 if not summary["over_target"] else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
