"""Generate the example region's physicians and availability (seeded, so the files are stable).

    python examples/roster/make_example.py

writes physicians.csv and availability.csv next to region.toml: five organisations (three
nursing-home organisations with SOs and NPs, one disability-care organisation with AVGs and NPs,
one GP cooperative), 60 physicians, 13 weeks from Monday 31 March 2025 (Easter, King's Day,
Liberation Day, Ascension and Pentecost fall inside).
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).parent
START = date(2025, 3, 31)
DAYS = 91

ORGS = [
    # organisation, qualification, count, areas cycle
    ("zorggroep-noord", "so", 11, ["north"]),
    ("zorggroep-zuid", "so", 11, ["south"]),
    ("vvt-midden", "so", 8, ["north", "south"]),
    ("vvt-midden", "np", 4, []),
    ("zorggroep-noord", "np", 4, []),
    ("zorggroep-zuid", "np", 4, []),
    ("avg-oost", "avg", 8, []),
    ("hap-regio", "gp", 10, []),
]


def main() -> None:
    rng = random.Random(20250331)
    rows = []
    n = 0
    for org, qual, count, areas in ORGS:
        for _ in range(count):
            n += 1
            fte = rng.choice([0.6, 0.8, 0.8, 1.0, 1.0])
            area = ";".join(areas) if len(areas) > 1 else (areas[0] if areas else "")
            rows.append(
                {
                    "id": f"p{n:02d}",
                    "name": f"{qual.upper()} {n:02d}",
                    "organisation": org,
                    "qualifications": qual,
                    "areas": area,
                    "fte": fte,
                    "min_shifts": 0,
                    "max_shifts": round(18 * fte) + 2,
                    "max_consecutive": 3,
                    "max_weekends": 5,
                    "max_nights": 6,
                    "free_day_after_weekend": "yes" if rng.random() < 0.3 else "",
                }
            )
    with (HERE / "physicians.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    wishes = []
    for row in rows:
        holiday = rng.randrange(0, DAYS - 14)
        length = rng.choice([7, 14])
        first = START + timedelta(days=holiday)
        last = first + timedelta(days=length - 1)
        wishes.append((row["id"], f"{first}..{last}", "unavailable", "", ""))
        for _ in range(rng.randrange(0, 4)):
            day = START + timedelta(days=rng.randrange(DAYS))
            kind = rng.choice(["avoids", "avoids", "wants"])
            wishes.append((row["id"], str(day), kind, "", str(rng.choice([1, 2, 3]))))
    with (HERE / "availability.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["physician", "date", "kind", "shift", "weight"])
        writer.writerows(wishes)


if __name__ == "__main__":
    main()
