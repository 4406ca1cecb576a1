"""The placement service: every use case as one method, one transaction, rights and audit.

:class:`PlacementService` is what the JSON API, the pages and the command line call. Each
method

1. runs in one transaction of the :class:`~regioplan.store.Database` (readers with
   ``write=False``);
2. asks :func:`regioplan.placement.rights.may` (through ``require``) whether the acting user
   may do it, on the object read in that same transaction;
3. takes the time from ``db.clock`` only (a ``FixedClock`` in tests);
4. writes the audit row and the change-feed event of every change in that transaction.

Holds lapse by time: a hold whose ``expires_at`` has passed is treated as expired by every
read, and every write that touches its request, bed unit or location first marks it expired
(audited), so correctness never depends on a background job. :meth:`expire_due` does the same
for all holds and may be run now and then to tidy up.

A conflict the database detects (two holds for one bed unit at the same moment: the partial
unique index) becomes a :class:`ConflictError` (HTTP 409) in the one error shape.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from regioplan.access.costs import TravelCostProvider
from regioplan.errors import Problem, StorageError, ValidationError
from regioplan.placement import auth
from regioplan.placement.audit import Journal
from regioplan.placement.config import (
    CLOSE_REASONS,
    DECLINE_REASONS,
    NEEDS,
    ORG_KINDS,
    RELEASE_REASONS,
    ROLES,
    PlacementConfig,
)
from regioplan.placement.errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    RateLimitedError,
)
from regioplan.placement.geography import municipality_frame, municipality_point, region_codes
from regioplan.placement.matching import Candidate, rank, travel_minutes
from regioplan.placement.model import (
    AuditEntry,
    Availability,
    FeedEvent,
    Hold,
    Location,
    Match,
    Organisation,
    PlacementRequest,
    SessionTicket,
    User,
)
from regioplan.placement.monitoring import (
    CapacityFact,
    Monitoring,
    RequestFact,
    summarise,
    to_csv,
)
from regioplan.placement.rights import Action, Target, may, require
from regioplan.placement.states import (
    ACTIVE_HOLD_STATUSES,
    HOLD_AFTER,
    HoldStatus,
    RequestEvent,
    RequestState,
    next_state,
)
from regioplan.placement.tables import (
    audit,
    bed_units,
    capacity,
    events,
    holds,
    locations,
    login_attempts,
    organisations,
    requests,
    tokens,
    users,
)
from regioplan.placement.validation import (
    RequestInput,
    count_problems,
    fail,
    municipality_problem,
    needs_problems,
    validate_request,
)
from regioplan.store import Database

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{2,79}$")
_ACTIVE_VALUES = tuple(s.value for s in ACTIVE_HOLD_STATUSES)
_CLAIMING_NOW = ("accepted", "admitted")
PSEUDONYM = "pseudonymised"
"""What a pseudonymised request's reference reads."""


def utc(value: dt.datetime) -> dt.datetime:
    """`value` as an aware UTC time (SQLite gives naive times back; they were stored as UTC)."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _opt_utc(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else utc(value)


def _split(text: str) -> tuple[str, ...]:
    return tuple(t for t in text.split(",") if t)


def _conflict_message(detail: str) -> str:
    text = detail.lower()
    if "active_unit" in text or "placement_holds.bed_unit_id" in text:
        return "this bed unit is already held or occupied for another request; pick another bed"
    if "active_request" in text or "placement_holds.request_id" in text:
        return "the request already has an active hold; release it first"
    if "username" in text:
        return "that user name is taken"
    if "organisations" in text and "name" in text:
        return "an organisation with that name exists"
    if "placement_locations" in text:
        return "the organisation has a location with that name"
    return f"the change conflicts with the stored data: {detail.splitlines()[0]}"


def _hold_expiry_filter(now: dt.datetime) -> sa.ColumnElement[bool]:
    """Holds that claim their bed unit at `now` (a 'held' one only until it expires)."""
    return sa.or_(
        holds.c.status.in_(_CLAIMING_NOW),
        sa.and_(holds.c.status == HoldStatus.HELD.value, holds.c.expires_at > now),
    )


class PlacementService:
    """Placement coordination on one database; see the module docstring.

    >>> import datetime as dt
    >>> from regioplan.store import FixedClock, open_database
    >>> db = open_database("sqlite://", clock=FixedClock(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)))
    >>> service = PlacementService(db, PlacementConfig(argon2_time_cost=1, argon2_memory_kib=8))
    >>> desk = service.add_organisation(None, name="RCP", kind="coordination_desk",
    ...                                 region="ZK24", municipality="GM0505")
    >>> coordinator = service.add_user(None, username="coord", password="a long passphrase",
    ...                                role="coordinator", organisation_id=desk.id)
    >>> service.login("coord", "a long passphrase").role
    'coordinator'
    """

    def __init__(
        self,
        db: Database,
        config: PlacementConfig | None = None,
        *,
        travel: TravelCostProvider | None = None,
    ) -> None:
        self.db = db
        self.config = config or PlacementConfig()
        self.travel = travel

    def __repr__(self) -> str:
        return f"PlacementService({self.db!r})"

    # ------------------------------------------------------------------ plumbing

    def now(self) -> dt.datetime:
        """The time of the database's clock, in UTC."""
        return utc(self.db.clock.now())

    @contextmanager
    def _write(self) -> Iterator[tuple[Connection, Journal]]:
        """One writing transaction with its journal (written last); a unique or foreign-key
        violation becomes a ConflictError."""
        try:
            with self.db.transaction() as conn:
                journal = Journal()
                yield conn, journal
                journal.flush(conn)
        except StorageError as exc:
            if isinstance(exc.__cause__, sa.exc.IntegrityError):
                detail = str(exc.__cause__.orig or exc.__cause__)
                raise ConflictError(_conflict_message(detail)) from exc
            raise

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.db.transaction(write=False) as conn:
            yield conn

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
        if not 1 <= len(name.strip()) <= 200:
            problems.append(Problem("organisation", None, "name", "must have 1..200 characters"))
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
        if not 1 <= len(name.strip()) <= 200:
            problems.append(Problem("location", None, "name", "must have 1..200 characters"))
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
    ) -> User:
        """A new user with an argon2id-hashed password."""
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
        return User(new_id, username, role, organisation_id, org.name, org.region)

    def set_user_active(self, actor: User | None, user_id: int, active: bool) -> User:
        """Block (or unblock) a user; blocking revokes every token and session of the user."""
        if actor is not None:
            require(actor, Action.MANAGE_USERS)
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
        )

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
        return sa.select(
            users, organisations.c.name.label("org_name"), organisations.c.region
        ).join(organisations, organisations.c.id == users.c.organisation_id)

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
        source = source[:64]
        name = username[:80]
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
        AuthenticationError (401) when it is missing, unknown, expired, revoked or blocked."""
        if not secret:
            raise AuthenticationError(
                "not signed in: send 'Authorization: Bearer TOKEN'"
                if kind == "api"
                else "not signed in"
            )
        now = self.now()
        with self._read() as conn:
            row = conn.execute(
                self._user_query()
                .add_columns(tokens.c.expires_at, tokens.c.revoked_at)
                .join(tokens, tokens.c.user_id == users.c.id)
                .where(tokens.c.token_hash == auth.token_hash(secret), tokens.c.kind == kind)
            ).first()
        if row is None or row.revoked_at is not None:
            raise AuthenticationError("unknown or revoked token; sign in again")
        if utc(row.expires_at) <= now:
            raise AuthenticationError("the token has expired; sign in again")
        if not row.active:
            raise AuthenticationError("the account is blocked")
        return self._user(row)

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

    # ------------------------------------------------------------------ capacity

    def _location_row(self, conn: Connection, location_id: int) -> Row[Any]:
        row = conn.execute(
            sa.select(locations, organisations.c.name.label("org_name"))
            .join(organisations, organisations.c.id == locations.c.organisation_id)
            .where(locations.c.id == location_id)
        ).first()
        if row is None or not row.active:
            raise NotFoundError(f"location {location_id} does not exist")
        return row

    def _check_bed_type(self, bed_type: str, field: str = "bed_type") -> None:
        if bed_type not in self.config.bed_types:
            raise fail(
                "capacity",
                field,
                f"{bed_type!r} is not one of: {', '.join(self.config.bed_types)}",
            )

    def set_capacity(
        self,
        actor: User,
        *,
        location_id: int,
        bed_type: str,
        physical: int,
        staffed: int,
        occupied: int,
    ) -> Availability:
        """Report (and so confirm) the beds of one location and bed type; the bed units that
        can be held follow the staffed beds (added, or retired when free)."""
        self._check_bed_type(bed_type)
        problems = count_problems(physical, staffed, occupied)
        if problems:
            raise ValidationError(problems, summary=_summary(problems))
        now = self.now()
        with self._write() as (conn, journal):
            loc = self._location_row(conn, location_id)
            require(actor, Action.SET_CAPACITY, Target(loc.organisation_id, loc.region))
            self._lock_beds(conn, location_id, bed_type)
            self._expire(conn, journal, now, location_id=location_id, bed_type=bed_type)
            before = conn.execute(
                sa.select(capacity.c.physical, capacity.c.staffed, capacity.c.occupied).where(
                    capacity.c.location_id == location_id, capacity.c.bed_type == bed_type
                )
            ).first()
            values = {
                "physical": physical,
                "staffed": staffed,
                "occupied": occupied,
                "confirmed_by": actor.id,
                "confirmed_at": now,
            }
            if before is None:
                conn.execute(
                    capacity.insert().values(location_id=location_id, bed_type=bed_type, **values)
                )
            else:
                conn.execute(
                    capacity.update()
                    .where(capacity.c.location_id == location_id, capacity.c.bed_type == bed_type)
                    .values(**values)
                )
            self._sync_units(conn, location_id, bed_type, staffed, now)
            journal.add(
                at=now,
                actor=actor,
                action="capacity.set",
                object_type="location",
                object_id=location_id,
                before=None if before is None else {"bed_type": bed_type, **before._asdict()},
                after={"bed_type": bed_type, **values},
                organisation_id=loc.organisation_id,
                region=loc.region,
            )
            return self._availability(conn, now, location_id=location_id, bed_type=bed_type)[0]

    def confirm_capacity(self, actor: User, *, location_id: int, bed_type: str) -> Availability:
        """Confirm that the last figure still holds (it is stamped with the user and time)."""
        self._check_bed_type(bed_type)
        with self._read() as conn:
            row = conn.execute(
                sa.select(capacity).where(
                    capacity.c.location_id == location_id, capacity.c.bed_type == bed_type
                )
            ).first()
        if row is None:
            raise NotFoundError(
                f"location {location_id} has no {bed_type} capacity yet; report it first"
            )
        return self.set_capacity(
            actor,
            location_id=location_id,
            bed_type=bed_type,
            physical=row.physical,
            staffed=row.staffed,
            occupied=row.occupied,
        )

    def _sync_units(
        self, conn: Connection, location_id: int, bed_type: str, staffed: int, now: dt.datetime
    ) -> None:
        units = conn.execute(
            sa.select(bed_units.c.id, bed_units.c.label, bed_units.c.active)
            .where(bed_units.c.location_id == location_id, bed_units.c.bed_type == bed_type)
            .order_by(bed_units.c.id)
        ).all()
        claimed = set(
            conn.execute(
                sa.select(holds.c.bed_unit_id).where(
                    holds.c.bed_unit_id.in_([u.id for u in units]), _hold_expiry_filter(now)
                )
            ).scalars()
        )
        active = [u for u in units if u.active]
        if len(active) < staffed:
            inactive = [u for u in units if not u.active]
            for unit in inactive[: staffed - len(active)]:
                conn.execute(
                    bed_units.update().where(bed_units.c.id == unit.id).values(active=True)
                )
            missing = staffed - len(active) - min(len(inactive), staffed - len(active))
            labels = {u.label for u in units}
            n = 0
            while missing > 0:
                n += 1
                label = f"{bed_type}-{n}"
                if label in labels:
                    continue
                conn.execute(
                    bed_units.insert().values(
                        location_id=location_id, bed_type=bed_type, label=label, active=True
                    )
                )
                missing -= 1
        elif len(active) > staffed:
            surplus = len(active) - staffed
            for unit in reversed(active):  # retire the newest free units first
                if surplus == 0:
                    break
                if unit.id in claimed:
                    continue
                conn.execute(
                    bed_units.update().where(bed_units.c.id == unit.id).values(active=False)
                )
                surplus -= 1

    def _lock_beds(self, conn: Connection, location_id: int, bed_type: str) -> None:
        """On PostgreSQL, serialise writers of one location's beds of one type (the hold's
        count check must not race); SQLite writers are serialised by BEGIN IMMEDIATE."""
        if conn.dialect.name == "postgresql":
            conn.execute(
                sa.text("SELECT pg_advisory_xact_lock(:a, :b)"),
                {"a": location_id, "b": zlib.crc32(bed_type.encode()) - 2**31},
            )

    def availability(
        self,
        actor: User,
        *,
        region: str | None = None,
        bed_type: str | None = None,
        organisation_id: int | None = None,
    ) -> list[Availability]:
        """Capacity per location and bed type, recently confirmed first, stale ones last."""
        require(actor, Action.VIEW_AVAILABILITY)
        if bed_type is not None:
            self._check_bed_type(bed_type)
        with self._read() as conn:
            return self._availability(
                conn, self.now(), region=region, bed_type=bed_type, organisation_id=organisation_id
            )

    def _availability(
        self,
        conn: Connection,
        now: dt.datetime,
        *,
        location_id: int | None = None,
        region: str | None = None,
        bed_type: str | None = None,
        organisation_id: int | None = None,
    ) -> list[Availability]:
        held_q = (
            sa.select(
                bed_units.c.location_id,
                bed_units.c.bed_type,
                sa.func.count().label("held"),
            )
            .join(holds, holds.c.bed_unit_id == bed_units.c.id)
            .where(
                sa.or_(
                    holds.c.status == HoldStatus.ACCEPTED.value,
                    sa.and_(holds.c.status == HoldStatus.HELD.value, holds.c.expires_at > now),
                )
            )
            .group_by(bed_units.c.location_id, bed_units.c.bed_type)
            .subquery()
        )
        claimed = sa.select(holds.c.bed_unit_id).where(_hold_expiry_filter(now))
        free_q = (
            sa.select(
                bed_units.c.location_id,
                bed_units.c.bed_type,
                sa.func.count().label("free"),
            )
            .where(bed_units.c.active.is_(True), bed_units.c.id.not_in(claimed))
            .group_by(bed_units.c.location_id, bed_units.c.bed_type)
            .subquery()
        )
        confirmer = users.alias("confirmer")
        query = (
            sa.select(
                capacity,
                locations.c.name.label("loc_name"),
                locations.c.organisation_id,
                locations.c.region,
                locations.c.municipality,
                locations.c.example,
                organisations.c.name.label("org_name"),
                confirmer.c.username.label("confirmer"),
                sa.func.coalesce(held_q.c.held, 0).label("held"),
                sa.func.coalesce(free_q.c.free, 0).label("free"),
            )
            .join(locations, locations.c.id == capacity.c.location_id)
            .join(organisations, organisations.c.id == locations.c.organisation_id)
            .outerjoin(confirmer, confirmer.c.id == capacity.c.confirmed_by)
            .outerjoin(
                held_q,
                sa.and_(
                    held_q.c.location_id == capacity.c.location_id,
                    held_q.c.bed_type == capacity.c.bed_type,
                ),
            )
            .outerjoin(
                free_q,
                sa.and_(
                    free_q.c.location_id == capacity.c.location_id,
                    free_q.c.bed_type == capacity.c.bed_type,
                ),
            )
            .where(locations.c.active.is_(True))
        )
        if location_id is not None:
            query = query.where(capacity.c.location_id == location_id)
        if region is not None:
            query = query.where(locations.c.region == region)
        if bed_type is not None:
            query = query.where(capacity.c.bed_type == bed_type)
        if organisation_id is not None:
            query = query.where(locations.c.organisation_id == organisation_id)
        out = []
        stale_after = self.config.stale_after
        for r in conn.execute(query).all():
            confirmed = utc(r.confirmed_at)
            available = max(r.staffed - r.occupied, 0)
            offerable = max(0, min(available - int(r.held), int(r.free)))
            age = now - confirmed
            out.append(
                Availability(
                    location_id=r.location_id,
                    location=r.loc_name,
                    organisation_id=r.organisation_id,
                    organisation=r.org_name,
                    region=r.region,
                    municipality=r.municipality,
                    bed_type=r.bed_type,
                    physical=r.physical,
                    staffed=r.staffed,
                    occupied=r.occupied,
                    available=available,
                    held=int(r.held),
                    offerable=offerable,
                    confirmed_by=r.confirmer,
                    confirmed_at=confirmed,
                    age_minutes=max(0, int(age.total_seconds() // 60)),
                    stale=age > stale_after,
                    example=bool(r.example),
                )
            )
        out.sort(key=lambda a: (a.stale, -a.offerable, a.organisation, a.location, a.bed_type))
        return out

    # ------------------------------------------------------------------ requests

    def _request_row(self, conn: Connection, request_id: int, *, lock: bool = False) -> Row[Any]:
        query = (
            sa.select(requests, organisations.c.name.label("org_name"))
            .join(organisations, organisations.c.id == requests.c.referrer_org_id)
            .where(requests.c.id == request_id)
        )
        if lock and conn.dialect.name == "postgresql":
            query = query.with_for_update(of=requests)
        row = conn.execute(query).first()
        if row is None:
            raise NotFoundError(f"request {request_id} does not exist")
        return row

    def _hold_query(self) -> sa.Select[Any]:
        placer = users.alias("placer")
        return (
            sa.select(
                holds,
                bed_units.c.label.label("unit_label"),
                bed_units.c.location_id,
                bed_units.c.bed_type,
                locations.c.name.label("loc_name"),
                locations.c.organisation_id.label("receiving_org_id"),
                organisations.c.name.label("receiving_org"),
                placer.c.username.label("placer"),
            )
            .join(bed_units, bed_units.c.id == holds.c.bed_unit_id)
            .join(locations, locations.c.id == bed_units.c.location_id)
            .join(organisations, organisations.c.id == locations.c.organisation_id)
            .outerjoin(placer, placer.c.id == holds.c.placed_by)
        )

    @staticmethod
    def _hold(row: Row[Any], now: dt.datetime) -> Hold:
        status = HoldStatus(row.status)
        expires = utc(row.expires_at)
        ended = _opt_utc(row.ended_at)
        if status is HoldStatus.HELD and expires <= now:
            status, ended = HoldStatus.EXPIRED, expires
        return Hold(
            id=row.id,
            request_id=row.request_id,
            bed_unit_id=row.bed_unit_id,
            bed_unit=row.unit_label,
            location_id=row.location_id,
            location=row.loc_name,
            organisation_id=row.receiving_org_id,
            organisation=row.receiving_org,
            bed_type=row.bed_type,
            status=status,
            placed_by=row.placer,
            placed_at=utc(row.placed_at),
            expires_at=expires,
            decided_at=_opt_utc(row.decided_at),
            reason=row.reason,
            admitted_at=_opt_utc(row.admitted_at),
            ended_at=ended,
        )

    def _current_hold(self, conn: Connection, request_id: int, now: dt.datetime) -> Hold | None:
        """The request's hold that claims a unit now (an expired 'held' one is not)."""
        row = conn.execute(
            self._hold_query()
            .where(holds.c.request_id == request_id, _hold_expiry_filter(now))
            .order_by(holds.c.id.desc())
        ).first()
        return None if row is None else self._hold(row, now)

    @staticmethod
    def _effective_state(row: Row[Any], hold: Hold | None) -> RequestState:
        state = RequestState(row.state)
        if state is RequestState.HELD and hold is None:
            return RequestState.OPEN  # its hold lapsed; the next write records it
        return state

    @staticmethod
    def _target(row: Row[Any], hold: Hold | None) -> Target:
        return Target(
            organisation_id=row.referrer_org_id,
            region=row.region,
            receiving_organisation_id=None if hold is None else hold.organisation_id,
        )

    def _request(self, row: Row[Any], hold: Hold | None, viewer: User | None) -> PlacementRequest:
        state = self._effective_state(row, hold)
        shows_reference = viewer is None or may(
            viewer, Action.VIEW_REQUEST, self._target(row, hold)
        )
        return PlacementRequest(
            id=row.id,
            reference=row.reference if shows_reference else None,
            referrer_org_id=row.referrer_org_id,
            referrer=row.org_name,
            region=row.region,
            care_type=row.care_type,
            urgency=row.urgency,
            municipality=row.municipality,
            needs=_split(row.needs),
            state=state,
            close_reason=row.close_reason,
            created_at=utc(row.created_at),
            updated_at=utc(row.updated_at),
            placed_at=_opt_utc(row.placed_at),
            closed_at=_opt_utc(row.closed_at),
            pseudonymised=row.pseudonymised_at is not None,
            hold=hold,
        )

    def submit_request(self, actor: User, request: RequestInput) -> PlacementRequest:
        """A new open request of the actor's organisation (referrer or coordinator)."""
        require(actor, Action.SUBMIT_REQUEST, Target(actor.organisation_id, actor.region))
        clean = validate_request(request, self.config.bed_types)
        now = self.now()
        with self._write() as (conn, journal):
            values = {
                "reference": clean.reference,
                "referrer_org_id": actor.organisation_id,
                "created_by": actor.id,
                "region": actor.region,
                "care_type": clean.care_type,
                "urgency": clean.urgency,
                "municipality": clean.municipality,
                "needs": ",".join(clean.needs),
                "state": RequestState.OPEN.value,
                "created_at": now,
                "updated_at": now,
            }
            new_id = conn.execute(
                requests.insert().values(**values).returning(requests.c.id)
            ).scalar_one()
            journal.add(
                at=now,
                actor=actor,
                action="request.submit",
                object_type="request",
                object_id=new_id,
                after=values,
                organisation_id=actor.organisation_id,
                region=actor.region,
                event={"request_id": new_id, "state": "open", "care_type": clean.care_type},
            )
            row = self._request_row(conn, new_id)
        return self._request(row, None, actor)

    def get_request(self, actor: User, request_id: int) -> PlacementRequest:
        """One request, if the actor may see it (ForbiddenError otherwise)."""
        now = self.now()
        with self._read() as conn:
            row = self._request_row(conn, request_id)
            hold = self._current_hold(conn, request_id, now)
        require(actor, Action.VIEW_REQUEST, self._target(row, hold))
        return self._request(row, hold, actor)

    def list_requests(
        self,
        actor: User,
        *,
        states: Sequence[RequestState] | None = None,
        limit: int = 200,
    ) -> list[PlacementRequest]:
        """The requests the actor may see, newest first: a referrer its organisation's, a
        coordinator its region's, a bed manager those held for or placed in its beds.
        `states` filters on the current (effective) state."""
        if actor.role not in ("referrer", "coordinator", "bed_manager"):
            require(actor, Action.VIEW_REQUEST, None)
        now = self.now()
        query = (
            sa.select(requests, organisations.c.name.label("org_name"))
            .join(organisations, organisations.c.id == requests.c.referrer_org_id)
            .order_by(requests.c.created_at.desc(), requests.c.id.desc())
        )
        if actor.role == "referrer":
            query = query.where(requests.c.referrer_org_id == actor.organisation_id)
        elif actor.role == "coordinator":
            query = query.where(requests.c.region == actor.region)
        else:
            mine = (
                sa.select(holds.c.request_id)
                .join(bed_units, bed_units.c.id == holds.c.bed_unit_id)
                .join(locations, locations.c.id == bed_units.c.location_id)
                .where(
                    locations.c.organisation_id == actor.organisation_id,
                    _hold_expiry_filter(now),
                )
            )
            query = query.where(requests.c.id.in_(mine))
        with self._read() as conn:
            rows = conn.execute(query.limit(max(1, min(limit, 1000)) * 2)).all()
            out = []
            for row in rows:
                hold = self._current_hold(conn, row.id, now)
                if not may(actor, Action.VIEW_REQUEST, self._target(row, hold)):
                    continue
                item = self._request(row, hold, actor)
                if states is None or item.state in states:
                    out.append(item)
                if len(out) >= limit:
                    break
        return out

    def match(self, actor: User, request_id: int, *, limit: int = 10) -> list[Match]:
        """Bed units proposed for an open request: one per location with a bed of the
        requested type that can be held now, ranked by fit, travel time and staleness."""
        now = self.now()
        with self._read() as conn:
            row = self._request_row(conn, request_id)
            hold = self._current_hold(conn, request_id, now)
            require(actor, Action.MATCH, self._target(row, hold))
            offer = {
                a.location_id: a
                for a in self._availability(conn, now, bed_type=row.care_type)
                if a.offerable > 0
            }
            claimed = sa.select(holds.c.bed_unit_id).where(_hold_expiry_filter(now))
            units = conn.execute(
                sa.select(
                    bed_units.c.id,
                    bed_units.c.label,
                    bed_units.c.location_id,
                    locations.c.lat,
                    locations.c.lon,
                    locations.c.features,
                )
                .join(locations, locations.c.id == bed_units.c.location_id)
                .where(
                    bed_units.c.bed_type == row.care_type,
                    bed_units.c.active.is_(True),
                    bed_units.c.id.not_in(claimed),
                    bed_units.c.location_id.in_(list(offer)),
                )
                .order_by(bed_units.c.location_id, bed_units.c.id)
            ).all()
        first: dict[int, Any] = {}
        for unit in units:
            first.setdefault(unit.location_id, unit)
        candidates = [
            Candidate(
                bed_unit_id=u.id,
                bed_unit=u.label,
                location_id=u.location_id,
                location=offer[u.location_id].location,
                organisation_id=offer[u.location_id].organisation_id,
                organisation=offer[u.location_id].organisation,
                municipality=offer[u.location_id].municipality,
                lat=float(u.lat),
                lon=float(u.lon),
                features=_split(u.features),
                bed_type=row.care_type,
                offerable=offer[u.location_id].offerable,
                stale=offer[u.location_id].stale,
                confirmed_at=offer[u.location_id].confirmed_at,
                example=offer[u.location_id].example,
            )
            for u in first.values()
        ]
        origin = municipality_frame([row.municipality]).iloc[0]
        minutes = travel_minutes(
            (float(origin["lat"]), float(origin["lon"]), float(origin["area_km2"])),
            [(c.location_id, c.lat, c.lon) for c in candidates],
            self.config.travel_max_minutes,
            self.travel,
        )
        return rank(candidates, _split(row.needs), minutes, limit=max(1, limit))

    # ------------------------------------------------------------------ holds and transitions

    def _expire(
        self,
        conn: Connection,
        journal: Journal,
        now: dt.datetime,
        *,
        request_id: int | None = None,
        bed_unit_id: int | None = None,
        location_id: int | None = None,
        bed_type: str | None = None,
    ) -> int:
        """Mark lapsed holds (of a request, a unit or a location's bed type; all when none is
        given) expired and their requests open again, audited; how many."""
        query = self._hold_query().where(
            holds.c.status == HoldStatus.HELD.value, holds.c.expires_at <= now
        )
        if request_id is not None:
            query = query.where(holds.c.request_id == request_id)
        if bed_unit_id is not None:
            query = query.where(holds.c.bed_unit_id == bed_unit_id)
        if location_id is not None:
            query = query.where(bed_units.c.location_id == location_id)
        if bed_type is not None:
            query = query.where(bed_units.c.bed_type == bed_type)
        count = 0
        for row in conn.execute(query.order_by(holds.c.id)).all():
            done = conn.execute(
                holds.update()
                .where(holds.c.id == row.id, holds.c.status == HoldStatus.HELD.value)
                .values(status=HoldStatus.EXPIRED.value, ended_at=row.expires_at)
            ).rowcount
            if done != 1:
                continue  # another writer expired it first
            count += 1
            req = self._request_row(conn, row.request_id)
            state = RequestState(req.state)
            if state is RequestState.HELD:
                conn.execute(
                    requests.update()
                    .where(requests.c.id == req.id, requests.c.state == state.value)
                    .values(state=RequestState.OPEN.value, updated_at=now)
                )
            journal.add(
                at=now,
                actor=None,
                action="request.expire",
                object_type="request",
                object_id=req.id,
                before={"state": state.value, "hold_id": row.id, "hold_status": "held"},
                after={
                    "state": RequestState.OPEN.value,
                    "hold_id": row.id,
                    "hold_status": "expired",
                    "expired_at": utc(row.expires_at),
                },
                organisation_id=req.referrer_org_id,
                partner_organisation_id=row.receiving_org_id,
                region=req.region,
                event={
                    "request_id": req.id,
                    "state": "open",
                    "hold_id": row.id,
                    "location_id": row.location_id,
                    "bed_type": row.bed_type,
                },
            )
        return count

    def expire_due(self) -> int:
        """Mark every lapsed hold expired (housekeeping; reads already treat them so)."""
        now = self.now()
        with self._write() as (conn, journal):
            return self._expire(conn, journal, now)

    def _move(
        self,
        conn: Connection,
        journal: Journal,
        actor: User,
        row: Row[Any],
        event: RequestEvent,
        now: dt.datetime,
        *,
        hold: Hold | None,
        extra: dict[str, Any] | None = None,
        reason: str | None = None,
    ) -> RequestState:
        """One transition of a request (and its hold), checked and audited."""
        before = RequestState(row.state)
        after = next_state(before, event)
        values: dict[str, Any] = {"state": after.value, "updated_at": now, **(extra or {})}
        if after.is_closed:
            values["closed_at"] = now
        changed = conn.execute(
            requests.update()
            .where(requests.c.id == row.id, requests.c.state == before.value)
            .values(**values)
        ).rowcount
        if changed != 1:
            raise ConflictError(f"request {row.id} changed meanwhile; reload and try again")
        hold_after: str | None = None if hold is None else hold.status.value
        if hold is not None and event in HOLD_AFTER and event is not RequestEvent.HOLD:
            status = HOLD_AFTER[event]
            hold_values: dict[str, Any] = {"status": status.value}
            if event in (RequestEvent.ACCEPT, RequestEvent.DECLINE):
                hold_values.update(decided_by=actor.id, decided_at=now)
            if event is RequestEvent.ADMIT:
                hold_values["admitted_at"] = now
            if not status.claims_unit:
                hold_values["ended_at"] = now
            if reason is not None:
                hold_values["reason"] = reason
            done = conn.execute(
                holds.update()
                .where(holds.c.id == hold.id, holds.c.status == hold.status.value)
                .values(**hold_values)
            ).rowcount
            if done != 1:
                raise ConflictError(f"hold {hold.id} changed meanwhile; reload and try again")
            hold_after = status.value
        journal.add(
            at=now,
            actor=actor,
            action=f"request.{event.value}",
            object_type="request",
            object_id=row.id,
            before={
                "state": before.value,
                **(
                    {"hold_id": hold.id, "hold_status": hold.status.value}
                    if hold and event is not RequestEvent.HOLD
                    else {}
                ),
            },
            after={
                "state": after.value,
                **({"hold_id": hold.id, "hold_status": hold_after} if hold else {}),
                **(
                    {
                        "bed_unit_id": hold.bed_unit_id,
                        "location_id": hold.location_id,
                        "expires_at": hold.expires_at,
                    }
                    if hold and event is RequestEvent.HOLD
                    else {}
                ),
                **({"reason": reason} if reason else {}),
                **({"close_reason": values["close_reason"]} if "close_reason" in values else {}),
            },
            organisation_id=row.referrer_org_id,
            partner_organisation_id=None if hold is None else hold.organisation_id,
            region=row.region,
            event={
                "request_id": row.id,
                "state": after.value,
                **(
                    {
                        "hold_id": hold.id,
                        "location_id": hold.location_id,
                        "bed_type": hold.bed_type,
                    }
                    if hold
                    else {}
                ),
            },
        )
        return after

    def place_hold(self, actor: User, request_id: int, bed_unit_id: int) -> Hold:
        """Hold bed unit `bed_unit_id` for an open request until ``hold_minutes`` from now.

        ConflictError (409) when the unit is held or occupied, its location has no bed of the
        type left to offer, or the request is not open; the database's partial unique index
        makes sure that of simultaneous holds on one unit exactly one succeeds."""
        if isinstance(bed_unit_id, bool) or not isinstance(bed_unit_id, int):
            raise fail("hold", "bed_unit_id", f"{bed_unit_id!r} must be a bed unit id (integer)")
        now = self.now()
        with self._write() as (conn, journal):
            row = self._request_row(conn, request_id, lock=True)
            require(actor, Action.HOLD, self._target(row, None))
            unit = conn.execute(
                sa.select(bed_units, locations.c.active.label("loc_active"))
                .join(locations, locations.c.id == bed_units.c.location_id)
                .where(bed_units.c.id == bed_unit_id)
            ).first()
            if unit is None or not unit.active or not unit.loc_active:
                raise fail("hold", "bed_unit_id", f"bed unit {bed_unit_id} does not exist")
            if unit.bed_type != row.care_type:
                raise fail(
                    "hold",
                    "bed_unit_id",
                    f"bed unit {bed_unit_id} is a {unit.bed_type} bed; the request asks for "
                    f"{row.care_type}",
                )
            self._lock_beds(conn, unit.location_id, unit.bed_type)
            self._expire(conn, journal, now, request_id=request_id)
            self._expire(conn, journal, now, location_id=unit.location_id, bed_type=unit.bed_type)
            row = self._request_row(conn, request_id)
            next_state(RequestState(row.state), RequestEvent.HOLD)  # 409 unless open
            taken = conn.execute(
                sa.select(holds.c.id).where(
                    holds.c.bed_unit_id == bed_unit_id, _hold_expiry_filter(now)
                )
            ).first()
            if taken is not None:
                raise ConflictError(
                    f"bed unit {bed_unit_id} is already held or occupied for another request; "
                    "pick another bed"
                )
            figures = self._availability(
                conn, now, location_id=unit.location_id, bed_type=unit.bed_type
            )
            if not figures or figures[0].offerable <= 0:
                raise ConflictError(
                    f"no {unit.bed_type} bed left to hold at location {unit.location_id}: "
                    "every available bed is held or occupied"
                )
            expires = now + self.config.hold_time
            hold_id = conn.execute(
                holds.insert()
                .values(
                    request_id=request_id,
                    bed_unit_id=bed_unit_id,
                    status=HoldStatus.HELD.value,
                    placed_by=actor.id,
                    placed_at=now,
                    expires_at=expires,
                )
                .returning(holds.c.id)
            ).scalar_one()
            hold_row = conn.execute(self._hold_query().where(holds.c.id == hold_id)).one()
            hold = self._hold(hold_row, now)
            self._move(
                conn,
                journal,
                actor,
                row,
                RequestEvent.HOLD,
                now,
                hold=hold,
                extra={},
            )
        return hold

    def _hold_for_decision(
        self, conn: Connection, hold_id: int, now: dt.datetime
    ) -> tuple[Hold, Row[Any]]:
        row = conn.execute(self._hold_query().where(holds.c.id == hold_id)).first()
        if row is None:
            raise NotFoundError(f"hold {hold_id} does not exist")
        hold = self._hold(row, now)
        request_row = self._request_row(conn, hold.request_id, lock=True)
        return hold, request_row

    def _decide(
        self,
        actor: User,
        hold_id: int,
        event: RequestEvent,
        action: Action,
        expected: HoldStatus,
        *,
        reason: str | None = None,
    ) -> Hold:
        now = self.now()
        with self._write() as (conn, journal):
            hold, row = self._hold_for_decision(conn, hold_id, now)
            require(
                actor,
                action,
                Target(row.referrer_org_id, row.region, hold.organisation_id),
            )
            if hold.status is not expected:
                # a lapsed hold is refused; the next write on its request records the lapse
                raise ConflictError(
                    f"hold {hold_id} is {hold.status.value}"
                    + (
                        f" since {hold.expires_at.isoformat()}"
                        if hold.status is HoldStatus.EXPIRED
                        else ""
                    )
                    + f"; {event.value} needs a {expected.value} hold"
                )
            extra: dict[str, Any] = {}
            if event is RequestEvent.ADMIT:
                extra = {"placed_at": now, "placed_location_id": hold.location_id}
            self._move(conn, journal, actor, row, event, now, hold=hold, reason=reason)
            if event is RequestEvent.ADMIT:
                conn.execute(requests.update().where(requests.c.id == row.id).values(**extra))
                self._count_occupied(conn, journal, actor, hold, +1, now, row.region)
            hold_row = conn.execute(self._hold_query().where(holds.c.id == hold_id)).one()
            return self._hold(hold_row, now)

    def _count_occupied(
        self,
        conn: Connection,
        journal: Journal,
        actor: User,
        hold: Hold,
        delta: int,
        now: dt.datetime,
        region: str,
    ) -> None:
        """An admission fills a bed and a discharge frees one: the occupied count follows
        (within 0..physical), audited; the confirmation stamp stays the bed manager's."""
        row = conn.execute(
            sa.select(capacity).where(
                capacity.c.location_id == hold.location_id, capacity.c.bed_type == hold.bed_type
            )
        ).first()
        if row is None:
            return
        occupied = min(max(row.occupied + delta, 0), row.physical)
        if occupied == row.occupied:
            return
        conn.execute(capacity.update().where(capacity.c.id == row.id).values(occupied=occupied))
        journal.add(
            at=now,
            actor=actor,
            action="capacity.admit" if delta > 0 else "capacity.discharge",
            object_type="location",
            object_id=hold.location_id,
            before={"bed_type": hold.bed_type, "occupied": row.occupied},
            after={"bed_type": hold.bed_type, "occupied": occupied, "hold_id": hold.id},
            organisation_id=hold.organisation_id,
            region=region,
        )

    def accept_hold(self, actor: User, hold_id: int) -> Hold:
        """The receiving organisation accepts a hold on its bed (it then no longer lapses)."""
        return self._decide(actor, hold_id, RequestEvent.ACCEPT, Action.DECIDE, HoldStatus.HELD)

    def decline_hold(self, actor: User, hold_id: int, reason: str) -> Hold:
        """The receiving organisation declines a hold, with a reason; the request is open again."""
        if reason not in DECLINE_REASONS:
            raise fail(
                "decline", "reason", f"{reason!r} is not one of: {', '.join(DECLINE_REASONS)}"
            )
        return self._decide(
            actor, hold_id, RequestEvent.DECLINE, Action.DECIDE, HoldStatus.HELD, reason=reason
        )

    def admit(self, actor: User, hold_id: int) -> Hold:
        """The patient arrived in the accepted bed: the request closes as admitted."""
        return self._decide(actor, hold_id, RequestEvent.ADMIT, Action.ADMIT, HoldStatus.ACCEPTED)

    def discharge(self, actor: User, hold_id: int) -> Hold:
        """The admitted patient left the bed: the bed unit is free again."""
        now = self.now()
        with self._write() as (conn, journal):
            hold, row = self._hold_for_decision(conn, hold_id, now)
            require(
                actor,
                Action.DISCHARGE,
                Target(row.referrer_org_id, row.region, hold.organisation_id),
            )
            if hold.status is not HoldStatus.ADMITTED:
                raise ConflictError(
                    f"hold {hold_id} is {hold.status.value}; discharge needs an admitted one"
                )
            done = conn.execute(
                holds.update()
                .where(holds.c.id == hold_id, holds.c.status == HoldStatus.ADMITTED.value)
                .values(status=HoldStatus.DISCHARGED.value, ended_at=now)
            ).rowcount
            if done != 1:
                raise ConflictError(f"hold {hold_id} changed meanwhile; reload and try again")
            journal.add(
                at=now,
                actor=actor,
                action="hold.discharge",
                object_type="hold",
                object_id=hold_id,
                before={"status": "admitted"},
                after={"status": "discharged", "bed_unit_id": hold.bed_unit_id},
                organisation_id=hold.organisation_id,
                region=row.region,
                event={
                    "hold_id": hold_id,
                    "location_id": hold.location_id,
                    "bed_type": hold.bed_type,
                },
            )
            self._count_occupied(conn, journal, actor, hold, -1, now, row.region)
            hold_row = conn.execute(self._hold_query().where(holds.c.id == hold_id)).one()
            return self._hold(hold_row, now)

    def release_hold(self, actor: User, request_id: int, reason: str) -> PlacementRequest:
        """The requesting side gives up its hold (held or accepted) with a reason."""
        if reason not in RELEASE_REASONS:
            raise fail(
                "release", "reason", f"{reason!r} is not one of: {', '.join(RELEASE_REASONS)}"
            )
        now = self.now()
        with self._write() as (conn, journal):
            row = self._request_row(conn, request_id, lock=True)
            hold = self._current_hold(conn, request_id, now)
            require(actor, Action.RELEASE, self._target(row, hold))
            self._expire(conn, journal, now, request_id=request_id)
            row = self._request_row(conn, request_id)
            if hold is None:
                raise ConflictError(f"request {request_id} has no active hold to release")
            self._move(
                conn, journal, actor, row, RequestEvent.RELEASE, now, hold=hold, reason=reason
            )
            row = self._request_row(conn, request_id)
            return self._request(row, None, actor)

    def close_request(self, actor: User, request_id: int, reason: str) -> PlacementRequest:
        """Close a request without placement, with a reason (an active hold is released)."""
        if reason not in CLOSE_REASONS:
            raise fail("close", "reason", f"{reason!r} is not one of: {', '.join(CLOSE_REASONS)}")
        now = self.now()
        with self._write() as (conn, journal):
            row = self._request_row(conn, request_id, lock=True)
            hold = self._current_hold(conn, request_id, now)
            require(actor, Action.CLOSE_REQUEST, self._target(row, hold))
            self._expire(conn, journal, now, request_id=request_id)
            row = self._request_row(conn, request_id)
            self._move(
                conn,
                journal,
                actor,
                row,
                RequestEvent.CLOSE,
                now,
                hold=hold,
                extra={"close_reason": reason},
                reason=None,
            )
            row = self._request_row(conn, request_id)
            return self._request(row, None, actor)

    # ------------------------------------------------------------------ audit, feed, privacy

    def audit_log(
        self,
        actor: User,
        *,
        after_id: int = 0,
        limit: int = 100,
        object_type: str | None = None,
        object_id: int | None = None,
    ) -> list[AuditEntry]:
        """Audit rows the actor may read, oldest first, after `after_id`: an administrator all,
        a coordinator the region's, others their own organisation's (as actor or receiver)."""
        if actor.role == "analyst":
            require(actor, Action.VIEW_AUDIT, None)
        who = users.alias("who")
        query = (
            sa.select(audit, who.c.username)
            .outerjoin(who, who.c.id == audit.c.user_id)
            .where(audit.c.id > after_id)
            .order_by(audit.c.id)
            .limit(max(1, min(limit, 1000)))
        )
        if actor.role == "coordinator":
            query = query.where(audit.c.region == actor.region)
        elif actor.role != "administrator":
            query = query.where(
                sa.or_(
                    audit.c.organisation_id == actor.organisation_id,
                    audit.c.partner_organisation_id == actor.organisation_id,
                )
            )
        if object_type is not None:
            query = query.where(audit.c.object_type == object_type)
        if object_id is not None:
            query = query.where(audit.c.object_id == object_id)
        with self._read() as conn:
            rows = conn.execute(query).all()
        out = []
        for r in rows:
            target = Target(r.organisation_id, r.region)
            partner = Target(r.partner_organisation_id, r.region)
            if not (
                may(actor, Action.VIEW_AUDIT, target) or may(actor, Action.VIEW_AUDIT, partner)
            ):
                continue
            out.append(
                AuditEntry(
                    id=r.id,
                    at=utc(r.at),
                    user=r.username,
                    organisation_id=r.organisation_id,
                    region=r.region,
                    action=r.action,
                    object_type=r.object_type,
                    object_id=r.object_id,
                    before=r.before,
                    after=r.after,
                )
            )
        return out

    def events_since(
        self, actor: User | None, after_id: int = 0, *, limit: int = 100
    ) -> list[FeedEvent]:
        """Changes after event `after_id`, oldest first (ids, states and counts; no personal
        data). The live pages poll this; `actor` None is a server-side listener."""
        if actor is not None:
            require(actor, Action.VIEW_EVENTS)
        with self._read() as conn:
            rows = conn.execute(
                sa.select(events)
                .where(events.c.id > after_id)
                .order_by(events.c.id)
                .limit(max(1, min(limit, 1000)))
            ).all()
        return [
            FeedEvent(
                id=r.id,
                at=utc(r.at),
                kind=r.kind,
                object_type=r.object_type,
                object_id=r.object_id,
                organisation_id=r.organisation_id,
                region=r.region,
                data=dict(r.data or {}),
            )
            for r in rows
        ]

    def last_event_id(self) -> int:
        """The id of the newest change (0 when there is none): where a new page starts."""
        with self._read() as conn:
            return int(
                conn.execute(sa.select(sa.func.coalesce(sa.func.max(events.c.id), 0))).scalar_one()
            )

    def monitoring(
        self,
        actor: User | None,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        region: str | None = None,
    ) -> Monitoring:
        """Monitoring of the requests submitted from `start` up to (not including) `end`
        (UTC days; open ends take everything), per region and organisation, with the current
        occupancy and staleness (coordinator, analyst, administrator; None: command line)."""
        if actor is not None:
            require(actor, Action.VIEW_MONITORING)
        now = self.now()
        with self._read() as conn:
            rows = conn.execute(
                sa.select(
                    requests.c.region,
                    requests.c.referrer_org_id,
                    organisations.c.name,
                    requests.c.created_at,
                    requests.c.state,
                    requests.c.placed_at,
                    requests.c.close_reason,
                ).join(organisations, organisations.c.id == requests.c.referrer_org_id)
            ).all()
            figures = self._availability(conn, now, region=region)
        facts = [
            RequestFact(
                region=r.region,
                organisation_id=r.referrer_org_id,
                organisation=r.name,
                created_at=utc(r.created_at),
                state=r.state,
                placed_at=_opt_utc(r.placed_at),
                close_reason=r.close_reason,
            )
            for r in rows
        ]
        capacity_facts = [
            CapacityFact(
                region=a.region,
                organisation_id=a.organisation_id,
                organisation=a.organisation,
                staffed=a.staffed,
                occupied=a.occupied,
                stale=a.stale,
            )
            for a in figures
        ]
        return summarise(
            facts,
            capacity_facts,
            now=now,
            start=_day_start(start),
            end=_day_start(end),
            region=region,
        )

    def monitoring_csv(
        self,
        actor: User | None,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        region: str | None = None,
    ) -> str:
        """:meth:`monitoring` as CSV text (see :func:`regioplan.placement.monitoring.to_csv`)."""
        return to_csv(self.monitoring(actor, start=start, end=end, region=region))

    def pseudonymise(self, actor: User | None) -> int:
        """Pseudonymise requests closed longer ago than ``retention_days``: the reference is
        replaced and the link to the submitting user dropped (the audit never held the
        reference); the rest stays for monitoring. How many."""
        if actor is not None:
            require(actor, Action.PSEUDONYMISE)
        now = self.now()
        cutoff = now - self.config.retention
        with self._write() as (conn, journal):
            rows = conn.execute(
                sa.select(requests.c.id, requests.c.referrer_org_id, requests.c.region).where(
                    requests.c.state.in_([RequestState.ADMITTED.value, RequestState.CLOSED.value]),
                    requests.c.closed_at <= cutoff,
                    requests.c.pseudonymised_at.is_(None),
                )
            ).all()
            for r in rows:
                conn.execute(
                    requests.update()
                    .where(requests.c.id == r.id)
                    .values(reference=PSEUDONYM, created_by=None, pseudonymised_at=now)
                )
                journal.add(
                    at=now,
                    actor=actor,
                    action="request.pseudonymise",
                    object_type="request",
                    object_id=r.id,
                    after={"pseudonymised_at": now},
                    organisation_id=r.referrer_org_id,
                    region=r.region,
                    feed=False,
                )
        return len(rows)


def _day_start(day: dt.date | None) -> dt.datetime | None:
    return None if day is None else dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _summary(problems: Sequence[Problem]) -> str:
    return "; ".join(f"{p.field}: {p.reason}" for p in problems)


__all__ = ["PSEUDONYM", "PlacementService", "utc"]
