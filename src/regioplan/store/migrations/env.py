"""Alembic environment of the one history: runs on the connection the database core passes in.

Run programmatically only, through :meth:`regioplan.store.Database.migrate` (or
:func:`regioplan.store.database.alembic_config` for writing a revision); no ``alembic.ini``.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("regioplan migrations run through regioplan.store.Database.migrate()")

context.configure(
    connection=connection,
    target_metadata=context.config.attributes["target_metadata"],
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
