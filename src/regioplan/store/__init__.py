"""Storage of a region's own data (SQLAlchemy 2 + Alembic; SQLite default, PostgreSQL by URL)."""

__all__: list[str] = []
