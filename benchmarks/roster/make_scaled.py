"""Write a synthetic, larger instance in the Curtois & Qu format by tiling a real one.

Curtois instances 13-24 (up to 180 staff and a year) are not bundled in ../shared, so the engine's
scaling is measured on instances of their size built from Instance12: the horizon is repeated
`--weeks-factor` times and the staff `--staff-factor` times (limits that count over the horizon
are multiplied, cover requirements multiplied by the staff factor, requests and days off
repeated). The result is a valid instance of that size; its optimum is unknown.

    .venv/bin/python benchmarks/roster/make_scaled.py benchmarks/roster/instances/Instance12.txt \
        --weeks-factor 4 --staff-factor 2 --out /tmp/Scaled12-4x2.txt
"""

from __future__ import annotations

import argparse
from pathlib import Path

from regioplan.roster.curtois import tile

scale = tile  # the name the benchmark used before the tiling moved into the package


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("instance", type=Path)
    parser.add_argument("--weeks-factor", type=int, default=2)
    parser.add_argument("--staff-factor", type=int, default=2)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.write_text(scale(args.instance.read_text(), args.weeks_factor, args.staff_factor))


if __name__ == "__main__":
    main()
