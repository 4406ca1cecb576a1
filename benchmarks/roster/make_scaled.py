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
from collections import defaultdict
from pathlib import Path


def scale(text: str, weeks: int, staff: int) -> str:
    sections: dict[str, list[list[str]]] = defaultdict(list)
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            current = line
            continue
        sections[current].append([f.strip() for f in line.split(",")])
    horizon = int(sections["SECTION_HORIZON"][0][0])
    out = [f"# {weeks}x horizon, {staff}x staff, tiled from an instance of {horizon} days"]
    out += ["SECTION_HORIZON", str(horizon * weeks), "", "SECTION_SHIFTS"]
    out += [",".join(f) for f in sections["SECTION_SHIFTS"]]
    out += ["", "SECTION_STAFF"]
    for c in range(staff):
        for f in sections["SECTION_STAFF"]:
            per_type = "|".join(
                f"{k}={int(v) * weeks}" for k, v in (i.split("=") for i in f[1].split("|") if i)
            )
            max_min, min_min = int(f[2]) * weeks, int(f[3]) * weeks
            out.append(
                ",".join([f"{f[0]}{c}", per_type, str(max_min), str(min_min), *f[4:7]])
                + f",{int(f[7]) * weeks}"
            )
    out += ["", "SECTION_DAYS_OFF"]
    for c in range(staff):
        for f in sections["SECTION_DAYS_OFF"]:
            days = [str(int(d) + t * horizon) for t in range(weeks) for d in f[1:] if d]
            out.append(",".join([f"{f[0]}{c}", *days]))
    for name in ("SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS"):
        out += ["", name]
        for c in range(staff):
            for t in range(weeks):
                for f in sections[name]:
                    out.append(",".join([f"{f[0]}{c}", str(int(f[1]) + t * horizon), *f[2:]]))
    out += ["", "SECTION_COVER"]
    for t in range(weeks):
        for f in sections["SECTION_COVER"]:
            day, shift, need = int(f[0]) + t * horizon, f[1], int(f[2]) * staff
            out.append(",".join([str(day), shift, str(need), *f[3:]]))
    return "\n".join(out) + "\n"


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
