"""Alembic environment: runs on the connection :func:`regioplan.store.open_store` passes in.

Run programmatically only (``config.attributes["connection"]``); no ``alembic.ini`` is needed.
"""

from __future__ import annotations

from alembic import context

from regioplan.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("regioplan migrations run through regioplan.store.open_store()")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
