"""The one Alembic history of the regioplan database: ``env.py`` here, the provider import's
revisions in ``versions/``; other capabilities keep theirs in their own package (see
:data:`regioplan.store.registry.CAPABILITIES`)."""
