"""Organisations, locations, users and signing in (passwords, tokens, sessions, the login
limit): the account half of the placement service."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from regioplan.errors import Problem, ValidationError
from regioplan.placement import auth
from regioplan.placement.audit import Journal
from regioplan.placement.base import (
    _USERNAME,
    ServiceBase,
    _split,
    _summary,
    utc,
)
from regioplan.placement.config import (
    NEEDS,
    ORG_KINDS,
    ROLES,
)
from regioplan.placement.errors import (
    AuthenticationError,
    NotFoundError,
    RateLimitedError,
)
from regioplan.placement.geography import municipality_point, region_codes
from regioplan.placement.model import (
    Location,
    Organisation,
    SessionTicket,
    User,
)
from regioplan.placement.rights import Action, require
from regioplan.placement.tables import (
    locations,
    login_attempts,
    organisations,
    tokens,
    users,
)
from regioplan.placement.validation import (
    is_plain_text,
    municipality_problem,
    name_problem,
    needs_problems,
)

_USER_QUERY = sa.select(users, organisations.c.name.label("org_name"), organisations.c.region).join(
    organisations, organisations.c.id == users.c.organisation_id
)
_TOKEN_USER = (
    _USER_QUERY.add_columns(tokens.c.expires_at, tokens.c.revoked_at)
    .join(tokens, tokens.c.user_id == users.c.id)
    .where(tokens.c.token_hash == sa.bindparam("token_hash"), tokens.c.kind == sa.bindparam("kind"))
)
"""The user of a token (bound ``token_hash``, ``kind``), built once: every API call runs it."""


class AccountsMixin(ServiceBase):
    """Organisations, locations, users and signing in (passwords, tokens, sessions, the login"""

    # ------------------------------------------------------------------ organisations & users

    def _organisation_row(self, conn: Connection, organisation_id: int) -> Row[Any]:
        row = conn.execute(
            sa.select(organisations).where(organisations.c.id == organisation_id)
        ).first()
        if row is None:
            raise NotFoundError(f"organisation {organisation_id} does not exist")
        return row

    @staticmethod
    def _organisation(row: Row[Any]) -> Organisation:
        return Organisation(
            id=row.id,
            name=row.name,
            kind=row.kind,
            region=row.region,
            municipality=row.municipality,
            example=bool(row.example),
        )

    def add_organisation(
        self,
        actor: User | None,
        *,
        name: str,
        kind: str,
        region: str,
        municipality: str,
        example: bool = False,
    ) -> Organisation:
        """A new organisation in care-office region `region` (ZKxx), seated in `municipality`.

        `actor` None is the command line (the operator of the database)."""
        if actor is not None:
            require(actor, Action.MANAGE_ORGANISATIONS)
        problems = []
        why = name_problem(name)
        if why:
            problems.append(Problem("organisation", None, "name", why))
        if kind not in ORG_KINDS:
            problems.append(
                Problem(
                    "organisation", None, "kind", f"{kind!r} is not one of: {', '.join(ORG_KINDS)}"
                )
            )
        if region not in region_codes():
            problems.append(
                Problem(
                    "organisation",
                    None,
                    "region",
                    f"{region!r} is not a care-office region code (ZK01..ZK31)",
                )
            )
        why = municipality_problem(municipality)
        if why:
            problems.append(Problem("organisation", None, "municipality", why))
        if problems:
            raise ValidationError(problems, summary=_summary(problems))
        now = self.now()
        with self._write() as (conn, journal):
            values = {
                "name": name.strip(),
                "kind": kind,
                "region": region,
                "municipality": municipality,
                "example": example,
                "created_at": now,
            }
            new_id = conn.execute(
                organisations.insert().values(**values).returning(organisations.c.id)
            ).scalar_one()
            journal.add(
                at=now,
                actor=actor,
                action="organisation.create",
                object_type="organisation",
                object_id=new_id,
                after=values,
                organisation_id=new_id,
                region=region,
            )
        return Organisation(new_id, name.strip(), kind, region, municipality, example)

    def add_location(
        self,
        actor: User | None,
        *,
        organisation_id: int,
        name: str,
        municipality: str,
        lat: float | None = None,
        lon: float | None = None,
        features: Sequence[str] = (),
        example: bool = False,
    ) -> Location:
        """A new location of a care organisation; its point defaults to the municipality's
        population-weighted centre; `features` are the checklist needs it can meet."""
        if actor is not None:
            require(actor, Action.MANAGE_ORGANISATIONS)
        problems = needs_problems(features, "features")
        why = name_problem(name)
        if why:
            problems.append(Problem("location", None, "name", why))
        point = municipality_point(municipality)
        if point is None:
            problems.append(
                Problem("location", None, "municipality", municipality_problem(municipality) or "")
            )
        for field, value, low, high in (("lat", lat, 50.5, 53.8), ("lon", lon, 3.2, 7.3)):
            if value is not None and not low <= value <= high:
                problems.append(
                    Problem("location", None, field, f"{value} lies outside the Netherlands")
                )
        if problems or point is None:
            raise ValidationError(problems, summary=_summary(problems))
        now = self.now()
        ordered = tuple(n for n in NEEDS if n in features)
        with self._write() as (conn, journal):
            org = self._organisation_row(conn, organisation_id)
            values: dict[str, object] = {
                "organisation_id": organisation_id,
                "name": name.strip(),
                "municipality": municipality,
                "region": point[2],
                "lat": point[0] if lat is None else lat,
                "lon": point[1] if lon is None else lon,
                "features": ",".join(ordered),
                "example": example,
                "active": True,
                "created_at": now,
            }
            new_id = conn.execute(
                locations.insert().values(**values).returning(locations.c.id)
            ).scalar_one()
            journal.add(
                at=now,
                actor=actor,
                action="location.create",
                object_type="location",
                object_id=new_id,
                after=values,
                organisation_id=organisation_id,
                region=org.region,
            )
        return Location(
            id=new_id,
            organisation_id=organisation_id,
            organisation=org.name,
            name=name.strip(),
            municipality=municipality,
            region=point[2],
            lat=point[0] if lat is None else lat,
            lon=point[1] if lon is None else lon,
            features=ordered,
            example=example,
        )

    def add_user(
        self,
        actor: User | None,
        *,
        username: str,
        password: str,
        role: str,
        organisation_id: int,
        one_time: bool = False,
    ) -> User:
        """A new user with an argon2id-hashed password; `one_time`: the password was generated
        and shown once, and the user must change it (:meth:`change_password`) before the API
        allows anything else."""
        if actor is not None:
            require(actor, Action.MANAGE_USERS)
        problems = []
        if not _USERNAME.match(username):
            problems.append(
                Problem(
                    "user",
                    None,
                    "username",
                    f"{username!r}: 3..80 characters of a-z 0-9 . _ @ -, starting with a "
                    "letter or digit",
                )
            )
        why = auth.password_problem(password)
        if why:
            problems.append(Problem("user", None, "password", why))
        if role not in ROLES:
            problems.append(
                Problem("user", None, "role", f"{role!r} is not one of: {', '.join(ROLES)}")
            )
        if problems:
            raise ValidationError(problems, summary=_summary(problems))
        hashed = auth.hash_password(password, self.config)
        now = self.now()
        with self._write() as (conn, journal):
            org = self._organisation_row(conn, organisation_id)
            values = {
                "username": username,
                "organisation_id": organisation_id,
                "role": role,
                "password_hash": hashed,
                "active": True,
                "created_at": now,
                "must_change_password": one_time,
            }
            new_id = conn.execute(
                users.insert().values(**values).returning(users.c.id)
            ).scalar_one()
            journal.add(
                at=now,
                actor=actor,
                action="user.create",
                object_type="user",
                object_id=new_id,
                after=values,
                organisation_id=organisation_id,
                region=org.region,
                feed=False,
            )
        return User(
            new_id,
            username,
            role,
            organisation_id,
            org.name,
            org.region,
            must_change_password=one_time,
        )

    def set_user_active(self, actor: User | None, user_id: int, active: bool) -> User:
        """Block (or unblock) a user; blocking revokes every token and session of the user.

        An administrator cannot block themselves (422, field ``user_id``), so the last active
        administrator cannot lock the service's user management out."""
        if actor is not None:
            require(actor, Action.MANAGE_USERS)
            if actor.id == user_id and not active:
                raise ValidationError(
                    [Problem("user", None, "user_id", "you cannot block yourself")],
                    summary="user_id: you cannot block yourself",
                )
        now = self.now()
        with self._write() as (conn, journal):
            user = self._user_by_id(conn, user_id)
            conn.execute(users.update().where(users.c.id == user_id).values(active=active))
            if not active:
                conn.execute(
                    tokens.update()
                    .where(tokens.c.user_id == user_id, tokens.c.revoked_at.is_(None))
                    .values(revoked_at=now)
                )
            journal.add(
                at=now,
                actor=actor,
                action="user.activate" if active else "user.block",
                object_type="user",
                object_id=user_id,
                before={"active": user.active},
                after={"active": active},
                organisation_id=user.organisation_id,
                region=user.region,
                feed=False,
            )
        return User(
            user.id,
            user.username,
            user.role,
            user.organisation_id,
            user.organisation,
            user.region,
            active,
            user.must_change_password,
        )

    def organisation(self, organisation_id: int) -> Organisation:
        """One organisation by id (NotFoundError when there is none); as public as
        :meth:`organisations`."""
        with self._read() as conn:
            return self._organisation(self._organisation_row(conn, organisation_id))

    def organisations(self) -> list[Organisation]:
        """Every organisation (names and kinds are not personal data; any user may list them)."""
        with self._read() as conn:
            rows = conn.execute(sa.select(organisations).order_by(organisations.c.name)).all()
        return [self._organisation(r) for r in rows]

    def locations(self, *, organisation_id: int | None = None) -> list[Location]:
        """The active locations (of one organisation)."""
        query = (
            sa.select(locations, organisations.c.name.label("org_name"))
            .join(organisations, organisations.c.id == locations.c.organisation_id)
            .where(locations.c.active.is_(True))
            .order_by(organisations.c.name, locations.c.name)
        )
        if organisation_id is not None:
            query = query.where(locations.c.organisation_id == organisation_id)
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [
            Location(
                id=r.id,
                organisation_id=r.organisation_id,
                organisation=r.org_name,
                name=r.name,
                municipality=r.municipality,
                region=r.region,
                lat=float(r.lat),
                lon=float(r.lon),
                features=_split(r.features),
                example=bool(r.example),
            )
            for r in rows
        ]

    def users(self, actor: User | None) -> list[User]:
        """Every user (administrators and the command line)."""
        if actor is not None:
            require(actor, Action.MANAGE_USERS)
        with self._read() as conn:
            rows = conn.execute(self._user_query().order_by(users.c.username)).all()
        return [self._user(r) for r in rows]

    @staticmethod
    def _user_query() -> sa.Select[Any]:
        return _USER_QUERY

    @staticmethod
    def _user(row: Row[Any]) -> User:
        return User(
            id=row.id,
            username=row.username,
            role=row.role,
            organisation_id=row.organisation_id,
            organisation=row.org_name,
            region=row.region,
            active=bool(row.active),
            must_change_password=bool(row.must_change_password),
        )

    def _user_by_id(self, conn: Connection, user_id: int) -> User:
        row = conn.execute(self._user_query().where(users.c.id == user_id)).first()
        if row is None:
            raise NotFoundError(f"user {user_id} does not exist")
        return self._user(row)

    def user(self, username: str) -> User:
        """The user called `username` (NotFoundError when there is none)."""
        with self._read() as conn:
            row = conn.execute(self._user_query().where(users.c.username == username)).first()
        if row is None:
            raise NotFoundError(f"user {username!r} does not exist")
        return self._user(row)

    # ------------------------------------------------------------------ authentication

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


__all__ = ["AccountsMixin"]
