"""Run by tests/web/test_web_serve.py in a process of its own: `regioplan serve`'s real uvicorn
startup on a real socket, recording the order of the warm-up, the socket listening and the
address on stdout; the main loop GETs the printed address while the server answers, then lets
the server stop. Writes the record as JSON to the file RECORD.

Usage: python serve_order_child.py PORT RECORD (warm REGION | no-warm)

In its own process because uvicorn configures the process's logging and signals: in the test
process that once coincided with pytest's capture file being closed for every later test of
that worker (docs/report.md, the tests of `serve`).
"""

from __future__ import annotations

import asyncio
import io
import json
import re
import sys
import urllib.request

import uvicorn

from regioplan.regiobeeld import sections
from regioplan.web import cli as web_cli


def main(port: int, mode: str, region: str | None) -> dict[str, object]:
    events: list[str] = []
    answers: list[tuple[int, str]] = []
    served: list[str] = []
    out = io.StringIO()
    sys.stdout = out  # what serve prints, read back as the test's capture would
    real_years = sections.access_years

    def years(region, profession, wanted, **kw):  # type: ignore[no-untyped-def]
        wanted = list(wanted)
        if len(wanted) > 1:
            events.append(f"warm {profession}")
        return real_years(region, profession, wanted, **kw)

    sections.access_years = years  # type: ignore[assignment]
    real_startup = uvicorn.Server.startup

    async def startup(self, sockets=None):  # type: ignore[no-untyped-def]
        await real_startup(self, sockets=sockets)
        early = "http://" in out.getvalue()
        events.append("listening" + (" (address already printed)" if early else ""))

    def get(url: str) -> tuple[int, str]:
        with urllib.request.urlopen(url, timeout=120) as r:  # a guard against a hang
            return int(r.status), r.read().decode("utf-8")

    async def main_loop(self):  # type: ignore[no-untyped-def]
        text = out.getvalue()
        events.append("address printed" if "http://" in text else "no address")
        found = re.search(r"http://\S+", text)
        if found is not None:
            answers.append(await asyncio.to_thread(get, found.group(0)))
        self.should_exit = True

    uvicorn.Server.startup = startup  # type: ignore[method-assign]
    uvicorn.Server.main_loop = main_loop  # type: ignore[method-assign]
    real_status = web_cli._status

    async def status(*args: object) -> int:
        served.append("page")
        return await real_status(*args)  # type: ignore[arg-type]

    web_cli._status = status  # type: ignore[assignment]
    if mode == "warm":
        web_cli.serve(host="127.0.0.1", port=port, own_data=False, warm=region)
    else:
        web_cli.serve(host="127.0.0.1", port=port, own_data=False, no_warm=True)
    return {"events": events, "answers": answers, "served": served}


if __name__ == "__main__":
    record = main(int(sys.argv[1]), sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
    # a file of its own, closed before the interpreter's shutdown: on the real stdout the
    # record twice arrived cut off on a busy machine (pytest -n 4), once even after an
    # explicit flush, while the page computation that --no-warm starts may still run
    with open(sys.argv[2], "w", encoding="utf-8") as file:
        json.dump(record, file)
