"""Write src/regioplan/ooh/pooling.json: the simulated saving of a shared SO/AVG on-call pool per
region with a configuration of today's duty and of the shared pool (docs/ooh.md, "Scenarios").

The scenario engine reads the bundled file, so scenario runs stay fast and deterministic; a test
recomputes it. Run from the repository root::

    .venv/bin/python examples/ooh/make_pooling.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from regioplan.ooh import load_config
from regioplan.ooh.pooling import pooling_effect
from regioplan.regions import select_region

HERE = Path(__file__).resolve().parent
OUT = HERE.parents[1] / "src" / "regioplan" / "ooh" / "pooling.json"
YEAR = 2025
REPLICATIONS = 10
SEED = 20240101
PAIRS = {"ZK24": ("zk24_today.toml", ("zk24_so_shared.toml", "zk24_so_shared_night.toml"))}
"""Region -> (today's on-call duty per organisation, candidate shared pools), in examples/ooh."""


def build() -> dict[str, object]:
    regions = {}
    for code, (today, shared) in PAIRS.items():
        effect = pooling_effect(
            select_region(code),
            load_config(HERE / today),
            [(f"examples/ooh/{c}", load_config(HERE / c)) for c in shared],
            year=YEAR,
            replications=REPLICATIONS,
            seed=SEED,
            today_name=f"examples/ooh/{today}",
        )
        regions[code] = effect.to_dict()
    return {
        "note": "written by examples/ooh/make_pooling.py; the configurations are estimates and "
        "examples (not real staffing)",
        "regions": regions,
    }


def text() -> str:
    return json.dumps(build(), indent=2, sort_keys=True) + "\n"


def main() -> int:
    OUT.write_text(text(), encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
