"""Record the JSON of every reporting CLI command on ZK24 and NL, to compare across a redesign.

    python scripts/behaviour_snapshot.py record DIR     # run the commands, write DIR/NN-name.json
    python scripts/behaviour_snapshot.py compare A B    # list the commands whose JSON differs

Run-dependent fields (timings, temporary paths) are dropped before writing, so two snapshots of
unchanged code are identical; for a report the numbers a reader sees in the HTML are recorded too.
The commands use fixed seeds throughout.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
VOLATILE = {
    "elapsed_s",
    "seconds",
    "wall_s",
    "generated_at",
    "runtime_s",
    "duration_s",
    "path",
    "html",
}
NUMBER = re.compile(r"[−-]?\d[\d.,]*")


def report_text(html: str) -> dict[str, Any]:
    """The words and numbers a reader sees in a rendered report (markup, styles, scripts and
    element ids left out), so a snapshot compares the report's content, not its markup."""
    body = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", body)
    return {"numbers": NUMBER.findall(text), "words": len(text.split())}


COMMANDS: list[tuple[str, list[str]]] = [
    ("regions-list-zk", ["regions", "list", "--level", "zorgkantoor", "--json"]),
    ("regions-list-gm", ["regions", "list", "--level", "gemeente", "--json"]),
    ("regions-show-zk24", ["regions", "show", "ZK24", "--json"]),
    ("regions-show-nl", ["regions", "show", "NL", "--json"]),
    ("demography-zk24", ["demography", "project", "--region", "ZK24", "--json"]),
    ("demography-nl", ["demography", "project", "--region", "NL", "--json"]),
    *[
        (f"workforce-{p}-{r}", ["workforce", "project", "--profession", p, "--region", r, "--json"])
        for p in ("gp", "so", "avg")
        for r in ("ZK24", "NL")
    ],
    (
        "workforce-so-zk24-draws",
        [
            "workforce",
            "project",
            "--profession",
            "so",
            "--region",
            "ZK24",
            "--draws",
            "50",
            "--seed",
            "3",
            "--json",
        ],
    ),
    *[
        (f"access-{p}-zk24", ["access", "compute", "ZK24", "--profession", p, "--json"])
        for p in ("gp", "so", "avg")
    ],
    (
        "access-gp-zk24-e2sfca-pc4",
        [
            "access",
            "compute",
            "ZK24",
            "--profession",
            "gp",
            "--method",
            "e2sfca",
            "--level",
            "pc4",
            "--json",
        ],
    ),
    ("initiatives-list", ["initiatives", "list", "--json"]),
    (
        "scenario-zk24",
        [
            "scenario",
            "run",
            "ZK24",
            "examples/scenarios/all_initiatives.toml",
            "--draws",
            "40",
            "--seed",
            "5",
            "--json",
        ],
    ),
    (
        "scenario-nl",
        [
            "scenario",
            "run",
            "NL",
            "examples/scenarios/anw_and_triage.toml",
            "--draws",
            "20",
            "--seed",
            "5",
            "--json",
        ],
    ),
    ("report-zk24", ["report", "ZK24", "--out", "{tmp}/zk24.html", "--json"]),
    ("report-nl", ["report", "NL", "--out", "{tmp}/nl.html", "--json"]),
    ("report-zk24-en", ["report", "ZK24", "--out", "{tmp}/zk24en.html", "--lang", "en", "--json"]),
]


def _strip(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _strip(v) for k, v in obj.items() if k not in VOLATILE}
    if isinstance(obj, list):
        return [_strip(v) for v in obj]
    return obj


def record(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    exe = Path(sys.executable).parent / "regioplan"
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, args) in enumerate(COMMANDS):
            argv = [str(exe), *[a.replace("{tmp}", tmp) for a in args]]
            proc = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, check=False)
            try:
                data: Any = json.loads(proc.stdout)
            except json.JSONDecodeError:
                data = {"unparsed_stdout": proc.stdout[:2000], "stderr": proc.stderr[-2000:]}
            payload = {"exit_code": proc.returncode, "json": _strip(data)}
            html = next((Path(a) for a in argv if a.endswith(".html")), None)
            if html is not None and html.exists():
                payload["rendered"] = report_text(html.read_text(encoding="utf-8"))
            (out / f"{i:02d}-{name}.json").write_text(json.dumps(payload, indent=1, sort_keys=True))
            print(f"{name}: exit {proc.returncode}", file=sys.stderr)


def compare(a: Path, b: Path) -> int:
    differ = 0
    for fa in sorted(a.glob("*.json")):
        fb = b / fa.name
        if not fb.exists():
            print(f"missing in {b}: {fa.name}")
            differ += 1
        elif fa.read_text() != fb.read_text():
            print(f"differs: {fa.name}")
            differ += 1
    print(f"{differ} of {len(list(a.glob('*.json')))} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "record":
        record(Path(sys.argv[2]))
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
