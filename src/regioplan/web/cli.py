"""`regioplan serve`: run the web dashboard and JSON API with uvicorn.

The address is printed (stdout) only when the first page can be served at once: after the
warm-up (the start page's region, or ``--warm REGION``, computed with every year's accessibility
and its page rendered once in-process) and after uvicorn accepts connections
(:class:`ReadyServer`). Progress and uvicorn's log go to stderr.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

import typer
import uvicorn

from regioplan import settings
from regioplan.cli_support import stderr
from regioplan.errors import ParameterError, RegioplanError

READY: dict[str, str] = {
    "nl": "regioplan-dashboard staat klaar op {url} (API-documentatie: {docs})",
    "en": "regioplan dashboard ready at {url} (API docs: {docs})",
}
"""The line `serve` prints when it is ready, in the language of the `lang` setting."""


class ReadyServer(uvicorn.Server):
    """A uvicorn server that calls `on_ready(port)` once it accepts connections (uvicorn's
    startup complete: lifespan started and the socket listening), and never before."""

    def __init__(self, config: uvicorn.Config, on_ready: Callable[[int], None]) -> None:
        super().__init__(config)
        self.on_ready = on_ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started and not self.should_exit:
            self.on_ready(int(self.servers[0].sockets[0].getsockname()[1]))


async def _status(app: Any, path: str, query: str) -> int:
    """The HTTP status of GET `path`?`query` answered by the ASGI `app` in-process."""
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": [(b"host", b"localhost")],
        "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 80),
        "state": {},
    }
    await app(scope, receive, send)
    return status


def url_of(host: str, port: int, page: str = "/") -> str:
    """The address a browser opens for `page` on a server listening on `host`:`port`."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}{page}"


def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on (setting `host`).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (setting `port`).")] = None,
    own_data: Annotated[
        bool,
        typer.Option(
            "--own-data/--no-own-data",
            help="Use imported care-provider data where present (as `regioplan report`).",
        ),
    ] = True,
    warm: Annotated[
        str | None,
        typer.Option(
            help="Region to compute before the address is printed, with the accessibility of "
            "every year, so its first page and year switch are fast; the printed address opens "
            "it. Default: the start page's region (ZK24)."
        ),
    ] = None,
    no_warm: Annotated[
        bool,
        typer.Option(
            "--no-warm",
            help="Print the address as soon as the server listens; the first page then computes "
            "its region (several seconds).",
        ),
    ] = False,
) -> None:
    """Serve the regiobeeld dashboard (region picker, maps, charts) and the JSON API under /api/.

    The address is printed when the first page is ready (after the warm-up)."""
    from regioplan.store import load_own_data
    from regioplan.web.app import create_app
    from regioplan.web.cache import RegiobeeldCache
    from regioplan.web.regiobeeld import START_REGION

    config = settings.current()
    address = host or config.host
    number = port if port is not None else config.port
    if not 0 < number < 65536:
        raise ParameterError(f"port {number} out of range; allowed: 1..65535")
    if warm is not None and no_warm:
        raise ParameterError("--warm and --no-warm exclude each other; give one of them")
    cache = RegiobeeldCache(seed=config.seed, own_data=load_own_data if own_data else None)
    app = create_app(cache)
    page = "/"
    if not no_warm:
        region = warm or START_REGION
        stderr.print(f"computing {region} before serving ...")
        rb = cache.get(region)
        for profession in rb.access:  # the year switch's accessibility, every year once
            cache.access_year(rb.code, profession, rb.horizon)
        query = "" if warm is None else f"region={quote(rb.code)}"
        page = f"/?{query}" if query else "/"
        status = asyncio.run(_status(app, "/", query))  # the page rendered once, as served
        if status != 200:
            raise RegioplanError(f"the start page {page} answered HTTP {status} while warming up")

    def ready(bound: int) -> None:
        base = url_of(address, bound)
        text = READY.get(config.lang, READY["en"])
        print(text.format(url=url_of(address, bound, page), docs=f"{base}docs"), flush=True)

    stderr.print(f"starting the server on {address}:{number} ...")
    server = ReadyServer(
        uvicorn.Config(app, host=address, port=number, log_level="warning"), on_ready=ready
    )
    server.run()  # a port in use: uvicorn logs it to stderr and exits with 1


__all__ = ["READY", "ReadyServer", "serve", "url_of"]
