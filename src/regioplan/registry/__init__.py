"""The shared registry of regional initiatives: stored in the database, every change kept.

Built on the placement service's users, organisations, sign-in and audit. See
``docs/initiatives.md`` ("The registry service").
"""
