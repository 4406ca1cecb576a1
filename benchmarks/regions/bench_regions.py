"""Benchmark: loading the country's data and answering `regioplan regions show/list`.

Run the same way every time, from the repository root:

    .venv/bin/python benchmarks/regions/bench_regions.py [--repeat 5]

It times whole CLI commands in fresh processes (interpreter start-up included, as a user sees it)
and the in-process data load, and prints a Markdown table (median and max of the repeats). The
peer is `python -c pass` in the same run: the start-up cost of the interpreter itself.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLI = str(Path(sys.executable).with_name("regioplan"))

CASES: list[tuple[str, list[str]]] = [
    ("python -c pass (peer: interpreter start-up)", [sys.executable, "-c", "pass"]),
    ("regioplan --help", [CLI, "--help"]),
    ("regioplan regions show ZK24 --json", [CLI, "regions", "show", "ZK24", "--json"]),
    ("regioplan regions show NL --json", [CLI, "regions", "show", "NL", "--json"]),
    (
        "regioplan regions list --level gemeente --json",
        [CLI, "regions", "list", "--level", "gemeente", "--json"],
    ),
]

LOAD = (
    "import time; t = time.perf_counter(); from regioplan import data; "
    "data.municipalities(); data.pc4_areas(); data.geometry('gemeente'); "
    "print(time.perf_counter() - t)"
)


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("| command | median s | max s |")
    print("|---|---|---|")
    for label, cmd in CASES:
        times = [timed(cmd) for _ in range(args.repeat)]
        print(f"| {label} | {statistics.median(times):.2f} | {max(times):.2f} |")
    loads = [
        float(
            subprocess.run(
                [sys.executable, "-c", LOAD], check=True, capture_output=True, text=True
            ).stdout
        )
        for _ in range(args.repeat)
    ]
    print(f"| in-process load of the country (incl. pandas import) | "
          f"{statistics.median(loads):.2f} | {max(loads):.2f} |")  # fmt: skip


if __name__ == "__main__":
    main()
