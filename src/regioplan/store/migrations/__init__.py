"""Alembic migrations of the regioplan database (run by :func:`regioplan.store.open_store`)."""
