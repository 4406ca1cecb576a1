"""`regioplan serve`: run the web dashboard and JSON API with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from regioplan import settings
from regioplan.cli_support import stderr
from regioplan.errors import ParameterError


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
            help="Region to compute before serving (e.g. ZK24), with the accessibility of "
            "every year, so the first page and year switch are fast."
        ),
    ] = None,
) -> None:
    """Serve the regiobeeld dashboard (region picker, maps, charts) and the JSON API under /api/."""
    import uvicorn

    from regioplan.web.app import create_app
    from regioplan.web.cache import RegiobeeldCache

    config = settings.current()
    address = host or config.host
    number = port if port is not None else config.port
    if not 0 < number < 65536:
        raise ParameterError(f"port {number} out of range; allowed: 1..65535")
    from regioplan.store import load_own_data

    cache = RegiobeeldCache(seed=config.seed, own_data=load_own_data if own_data else None)
    if warm:
        stderr.print(f"computing {warm} ...")
        rb = cache.get(warm)
        for profession in rb.access:  # the year switch's accessibility, every year once
            cache.access_year(warm, profession, rb.horizon)
    stderr.print(f"regioplan dashboard on http://{address}:{number}/ (API docs at /docs)")
    uvicorn.run(create_app(cache), host=address, port=number, log_level="warning")


__all__ = ["serve"]
