"""Organisations, locations and users: the account half of the placement service (signing in
is :mod:`regioplan.placement.signin`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from regioplan.errors import Problem, ValidationError
from regioplan.placement import auth
from regioplan.placement.base import (
    _USERNAME,
    ServiceBase,
    _split,
    _summary,
)
from regioplan.placement.config import (
    NEEDS,
    ORG_KINDS,
    ROLES,
)
from regioplan.placement.errors import (
    NotFoundError,
)
from regioplan.placement.geography import municipality_point, region_codes
from regioplan.placement.model import (
    Location,
    Organisation,
    User,
)
from regioplan.placement.rights import Action, require
from regioplan.placement.tables import (
    locations,
    organisations,
    tokens,
    users,
)
from regioplan.placement.validation import (
    municipality_problem,
    name_problem,
    needs_problems,
)

USER_QUERY = sa.select(users, organisations.c.name.label("org_name"), organisations.c.region).join(
    organisations, organisations.c.id == users.c.organisation_id
)


class AccountsMixin(ServiceBase):
    """Organisations, locations and users."""

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
        return USER_QUERY

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


__all__ = ["USER_QUERY", "AccountsMixin"]
