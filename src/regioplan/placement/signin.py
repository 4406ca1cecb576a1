"""Signing in: passwords, the login limit, API tokens and page sessions, and checking them on
every call (with the token cache of :mod:`regioplan.placement.token_cache`).

The sign-in half of the placement service's accounts; organisations, locations and users are
:mod:`regioplan.placement.accounts`."""

from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from regioplan.errors import Problem, ValidationError
from regioplan.placement import auth
from regioplan.placement.accounts import USER_QUERY, AccountsMixin
from regioplan.placement.audit import Journal
from regioplan.placement.base import _summary, utc
from regioplan.placement.errors import AuthenticationError, RateLimitedError
from regioplan.placement.model import SessionTicket, User
from regioplan.placement.tables import login_attempts, tokens, users
from regioplan.placement.validation import is_plain_text

_TOKEN_USER = (
    USER_QUERY.add_columns(tokens.c.expires_at, tokens.c.revoked_at)
    .join(tokens, tokens.c.user_id == users.c.id)
    .where(tokens.c.token_hash == sa.bindparam("token_hash"), tokens.c.kind == sa.bindparam("kind"))
)
"""The user of a token (bound ``token_hash``, ``kind``), built once: every API call runs it."""


class SignInMixin(AccountsMixin):
    """Signing in and checking who calls."""

    def login(self, username: str, password: str, *, source: str = "unknown") -> User:
        """The user, when `password` is right and the login limit is not reached.

        Every attempt is stored (so the limit holds across server processes); after
        ``login_attempts`` failures within the window, for the user name or (four times as
        many) for the client address `source`, logins are refused with RateLimitedError (429)
        until the oldest failure leaves the window. A wrong name or password is one
        AuthenticationError (401) that does not say which of the two was wrong."""
        cfg = self.config
        now = self.now()
        source = source[:64] if is_plain_text(source) else "unreadable"
        name = username[:80]
        if not is_plain_text(name):
            raise AuthenticationError("user name or password wrong, or the account is blocked")
        with self._read() as conn:
            self._check_login_limit(conn, name, source, now)
            row = conn.execute(self._user_query().where(users.c.username == name)).first()
        ok = False
        if row is None:
            auth.burn_time(password, cfg)
        else:
            ok = auth.verify_password(row.password_hash, password, cfg) and bool(row.active)
        with self._write() as (conn, _journal):
            self._check_login_limit(conn, name, source, now)  # another process may have failed
            conn.execute(
                login_attempts.insert().values(username=name, source=source, at=now, success=ok)
            )
            if ok and row is not None and auth.needs_rehash(row.password_hash, cfg):
                conn.execute(
                    users.update()
                    .where(users.c.id == row.id)
                    .values(password_hash=auth.hash_password(password, cfg))
                )
        if not ok or row is None:
            raise AuthenticationError("user name or password wrong, or the account is blocked")
        return self._user(row)

    def change_password(
        self,
        user: User,
        old: str,
        new: str,
        *,
        keep: str | None = None,
        source: str = "unknown",
    ) -> User:
        """Change `user`'s own password from `old` to `new` and clear its one-time flag.

        `old` is checked like a login (a wrong one counts towards the login limit: 401, then
        429); `new` must be a good password (:func:`auth.password_problem`) other than `old`
        (422 naming ``new_password``). Every other page session and API token of the user is
        revoked; the one whose secret is `keep` (the caller's own) stays. Audited as
        ``user.password`` (without any hash)."""
        problems = []
        why = auth.password_problem(new)
        if why:
            problems.append(Problem("password", None, "new_password", why))
        elif new == old:
            problems.append(
                Problem("password", None, "new_password", "is the same as the current password")
            )
        if problems:
            raise ValidationError(problems, summary=_summary(problems))
        self.login(user.username, old, source=source)
        hashed = auth.hash_password(new, self.config)
        now = self.now()
        with self._write() as (conn, journal):
            current = self._user_by_id(conn, user.id)
            conn.execute(
                users.update()
                .where(users.c.id == user.id)
                .values(password_hash=hashed, must_change_password=False)
            )
            others = tokens.c.user_id == user.id
            if keep is not None:
                others = sa.and_(others, tokens.c.token_hash != auth.token_hash(keep))
            revoked = conn.execute(
                tokens.update().where(others, tokens.c.revoked_at.is_(None)).values(revoked_at=now)
            ).rowcount
            journal.add(
                at=now,
                actor=current,
                action="user.password",
                object_type="user",
                object_id=user.id,
                before={"must_change_password": current.must_change_password},
                after={"must_change_password": False, "revoked_tokens": revoked},
                organisation_id=current.organisation_id,
                region=current.region,
                feed=False,
            )
        return dataclasses.replace(current, must_change_password=False)

    def _check_login_limit(
        self, conn: Connection, username: str, source: str, now: dt.datetime
    ) -> None:
        cfg = self.config
        since = now - cfg.login_window
        for column, value, limit in (
            (login_attempts.c.username, username, cfg.login_attempts),
            (login_attempts.c.source, source, cfg.login_attempts * 4),
        ):
            last_success = conn.execute(
                sa.select(sa.func.max(login_attempts.c.id)).where(
                    column == value, login_attempts.c.success.is_(True)
                )
            ).scalar_one()
            failures = conn.execute(
                sa.select(sa.func.count(), sa.func.min(login_attempts.c.at)).where(
                    column == value,
                    login_attempts.c.success.is_(False),
                    login_attempts.c.at > since,
                    login_attempts.c.id > (last_success or 0),
                )
            ).one()
            if failures[0] >= limit:
                retry = utc(failures[1]) + cfg.login_window - now
                seconds = max(1, int(retry.total_seconds()) + 1)
                what = "user name" if column is login_attempts.c.username else "address"
                raise RateLimitedError(
                    f"too many failed logins for this {what}; try again in {seconds} s",
                    retry_after=seconds,
                )

    def _new_token(
        self, conn: Connection, journal: Journal, user: User, kind: str, lifetime: dt.timedelta
    ) -> tuple[str, dt.datetime]:
        secret = auth.new_secret()
        now = self.now()
        expires = now + lifetime
        token_id = conn.execute(
            tokens.insert()
            .values(
                user_id=user.id,
                kind=kind,
                token_hash=auth.token_hash(secret),
                created_at=now,
                expires_at=expires,
            )
            .returning(tokens.c.id)
        ).scalar_one()
        journal.add(
            at=now,
            actor=user,
            action=f"{kind}.create",
            object_type="token",
            object_id=token_id,
            after={"kind": kind, "expires_at": expires},
            organisation_id=user.organisation_id,
            region=user.region,
            feed=False,
        )
        return secret, expires

    def issue_api_token(self, user: User, *, days: int | None = None) -> str:
        """A new bearer token for `user` (shown once; the database keeps its SHA-256)."""
        lifetime = dt.timedelta(days=days if days is not None else self.config.token_days)
        with self._write() as (conn, journal):
            secret, _expires = self._new_token(conn, journal, user, "api", lifetime)
        return secret

    def create_api_token(self, username: str, password: str, *, source: str = "unknown") -> str:
        """Log in and issue a bearer token (the API's ``POST /api/placement/tokens``)."""
        return self.issue_api_token(self.login(username, password, source=source))

    def start_session(
        self, username: str, password: str, *, source: str = "unknown"
    ) -> SessionTicket:
        """Log in for the pages: a session secret for an HttpOnly cookie and its CSRF token."""
        user = self.login(username, password, source=source)
        lifetime = dt.timedelta(hours=self.config.session_hours)
        with self._write() as (conn, journal):
            secret, expires = self._new_token(conn, journal, user, "session", lifetime)
        return SessionTicket(
            token=secret, csrf=auth.csrf_token(secret), user=user, expires_at=expires
        )

    def authenticate(self, secret: str | None, *, kind: str = "api") -> User:
        """The user of a bearer token (`kind` ``api``) or page session (``session``);
        AuthenticationError (401) when it is missing, unknown, expired, revoked or blocked.
        A serving process keeps the answer while it hears every revocation
        (:mod:`regioplan.placement.token_cache`)."""
        if not secret:
            raise AuthenticationError(
                "not signed in: send 'Authorization: Bearer TOKEN'"
                if kind == "api"
                else "not signed in"
            )
        now = self.now()
        digest = auth.token_hash(secret)
        kept = self.tokens.get(kind, digest, now)
        if kept is not None:
            return kept
        generation = self.tokens.generation  # before reading: see token_cache
        with self.db.single_read() as conn:
            row = conn.execute(_TOKEN_USER, {"token_hash": digest, "kind": kind}).first()
        if row is None or row.revoked_at is not None:
            raise AuthenticationError("unknown or revoked token; sign in again")
        expires_at = utc(row.expires_at)
        if expires_at <= now:
            raise AuthenticationError("the token has expired; sign in again")
        if not row.active:
            raise AuthenticationError("the account is blocked")
        user = self._user(row)
        self.tokens.put(kind, digest, user, expires_at, generation)
        return user

    def kept_user(self, secret: str, *, kind: str = "api") -> User | None:
        """The user of a token this process checked recently and still keeps (see
        :mod:`regioplan.placement.token_cache`), without asking the database; None otherwise
        (then :meth:`authenticate` decides)."""
        return self.tokens.get(kind, auth.token_hash(secret), self.now())

    def revoke(self, secret: str) -> None:
        """End a session or revoke a token (signing out); unknown secrets are ignored."""
        now = self.now()
        with self._write() as (conn, journal):
            row = conn.execute(
                sa.select(tokens).where(
                    tokens.c.token_hash == auth.token_hash(secret), tokens.c.revoked_at.is_(None)
                )
            ).first()
            if row is None:
                return
            conn.execute(tokens.update().where(tokens.c.id == row.id).values(revoked_at=now))
            journal.add(
                at=now,
                actor=None,
                action=f"{row.kind}.revoke",
                object_type="token",
                object_id=row.id,
                after={"user_id": row.user_id},
                feed=False,
            )

    csrf_token = staticmethod(auth.csrf_token)
    check_csrf = staticmethod(auth.check_csrf)


__all__ = ["SignInMixin"]
