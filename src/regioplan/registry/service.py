"""The registry service: initiatives in the database, rights, every change kept and audited.

:class:`RegistryService` is what the JSON API, the pages and the command line call. Each method

1. runs in one transaction of the :class:`~regioplan.store.Database`;
2. asks :func:`regioplan.registry.rights.may` whether the actor may do it, on the entry read in
   that same transaction (an entry the actor may not see is "not found", so its existence is
   not revealed);
3. takes the time from ``db.clock`` only;
4. writes, with every change, a new row of ``registry_versions`` (who, when, which action, the
   full record and the fields changed with their values before and after) and an audit row in
   the placement service's audit log (``object_type = "initiative"``).

Writers do not overwrite each other: an update names the version it started from
(`expected_version`) and is refused with 409 when someone saved another version meanwhile; the
unique (initiative, version) constraint guarantees it even when two writers race.

>>> import datetime as dt
>>> from regioplan.initiatives.registry_files import bundled_registry
>>> from regioplan.store import FixedClock, open_database
>>> db = open_database("sqlite://", clock=FixedClock(dt.datetime(2026, 12, 3, 9, tzinfo=dt.UTC)))
>>> service = RegistryService(db)
>>> service.seed().added == len(bundled_registry())
True
>>> len(service.seed().unchanged) == len(bundled_registry())  # idempotent
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from regioplan.errors import Problem, StorageError, ValidationError
from regioplan.initiatives.registry import InitiativeRecord
from regioplan.output import jsonable
from regioplan.placement.audit import record as audit_record
from regioplan.placement.errors import ConflictError, NotFoundError
from regioplan.placement.model import User
from regioplan.placement.tables import organisations, users
from regioplan.registry.records import (
    Filters,
    ImportResult,
    StoredInitiative,
    Version,
    diff,
)
from regioplan.registry.rights import OPERATOR, Action, Actor, Entry, Operator, may, require
from regioplan.registry.tables import initiatives, municipalities, versions
from regioplan.store import Database


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class RegistryService:
    """The shared registry on one database; see the module docstring."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def __repr__(self) -> str:
        return f"RegistryService({self.db!r})"

    def now(self) -> dt.datetime:
        return _utc(self.db.clock.now())

    # ------------------------------------------------------------------ plumbing

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        try:
            with self.db.transaction() as conn:
                yield conn
        except StorageError as exc:
            if isinstance(exc.__cause__, sa.exc.IntegrityError):
                text = str(exc.__cause__.orig or exc.__cause__).lower()
                if "slug" in text:
                    raise ConflictError(
                        "an initiative with this id exists; choose another id"
                    ) from exc
                if "version" in text:
                    raise ConflictError(
                        "someone saved this initiative at the same moment; reload and try again"
                    ) from exc
            raise

    @staticmethod
    def _query() -> sa.Select[Any]:
        who = users.alias("who")
        return (
            sa.select(
                initiatives,
                organisations.c.name.label("org_name"),
                who.c.username.label("updated_by_name"),
            )
            .outerjoin(organisations, organisations.c.id == initiatives.c.organisation_id)
            .outerjoin(who, who.c.id == initiatives.c.updated_by)
        )

    @staticmethod
    def _stored(row: Row[Any]) -> StoredInitiative:
        return StoredInitiative(
            record=InitiativeRecord.model_validate(row.record),
            organisation_id=row.organisation_id,
            organisation=row.org_name,
            version=int(row.version),
            created_at=_utc(row.created_at),
            updated_at=_utc(row.updated_at),
            updated_by=row.updated_by_name,
        )

    @staticmethod
    def _visible(actor: Actor) -> sa.ColumnElement[bool] | None:
        """The SQL condition of the entries `actor` may see (None: all)."""
        if isinstance(actor, Operator):
            return None
        if actor is None or not actor.active:
            return initiatives.c.public.is_(True)
        if may(actor, Action.VIEW, Entry(organisation_id=-1, public=False)):
            return None  # a role that sees every entry
        return sa.or_(
            initiatives.c.public.is_(True), initiatives.c.organisation_id == actor.organisation_id
        )

    def _row(self, conn: Connection, actor: Actor, slug: str) -> Row[Any]:
        row = conn.execute(self._query().where(initiatives.c.slug == slug)).first()
        if row is None or not may(actor, Action.VIEW, Entry(row.organisation_id, row.public)):
            raise NotFoundError(f"initiative {slug!r} does not exist (or is not public)")
        return row

    # ------------------------------------------------------------------ reading

    def entries(self, actor: Actor, filters: Filters | None = None) -> list[StoredInitiative]:
        """The entries `actor` may see that match `filters`, by name."""
        f = filters or Filters()
        query = self._query().order_by(initiatives.c.name, initiatives.c.slug)
        visible = self._visible(actor)
        if visible is not None:
            query = query.where(visible)
        if f.type is not None:
            query = query.where(initiatives.c.type == f.type)
        if f.stage is not None:
            query = query.where(initiatives.c.stage == f.stage.value)
        if f.organisation_id is not None:
            query = query.where(initiatives.c.organisation_id == f.organisation_id)
        if f.public is not None:
            query = query.where(initiatives.c.public.is_(f.public))
        if f.municipalities is not None:
            query = query.where(
                initiatives.c.id.in_(
                    sa.select(municipalities.c.initiative_id).where(
                        municipalities.c.municipality.in_(f.municipalities)
                    )
                )
            )
        if f.text:
            like = f"%{f.text.strip().lower()}%"
            query = query.where(
                sa.or_(
                    sa.func.lower(initiatives.c.name).like(like),
                    sa.func.lower(initiatives.c.slug).like(like),
                )
            )
        with self.db.transaction(write=False) as conn:
            rows = conn.execute(query).all()
        return [self._stored(r) for r in rows]

    def records(self, actor: Actor, filters: Filters | None = None) -> tuple[InitiativeRecord, ...]:
        """The records of :meth:`entries` (for the scan and for export)."""
        return tuple(s.record for s in self.entries(actor, filters))

    def get(self, actor: Actor, slug: str) -> StoredInitiative:
        """One entry (NotFoundError when it does not exist or `actor` may not see it)."""
        with self.db.transaction(write=False) as conn:
            return self._stored(self._row(conn, actor, slug))

    def history(self, actor: Actor, slug: str) -> list[Version]:
        """Every version of an entry, the first first."""
        who = users.alias("who")
        org = organisations.alias("org")
        with self.db.transaction(write=False) as conn:
            row = self._row(conn, actor, slug)
            found = conn.execute(
                sa.select(versions, who.c.username, org.c.name.label("org_name"))
                .outerjoin(who, who.c.id == versions.c.user_id)
                .outerjoin(org, org.c.id == versions.c.organisation_id)
                .where(versions.c.initiative_id == row.id)
                .order_by(versions.c.version)
            ).all()
        return [
            Version(
                version=int(v.version),
                at=_utc(v.at),
                user=v.username,
                organisation=v.org_name,
                action=v.action,
                changes=dict(v.changes),
                record=InitiativeRecord.model_validate(v.record),
            )
            for v in found
        ]

    def version(self, actor: Actor, slug: str, number: int) -> Version:
        """One kept version of an entry."""
        for v in self.history(actor, slug):
            if v.version == number:
                return v
        raise NotFoundError(f"initiative {slug!r} has no version {number}")

    # ------------------------------------------------------------------ writing

    def _owner_for_new(self, actor: Actor, organisation_id: int | None) -> int | None:
        if isinstance(actor, User) and actor.role != "programme_coach" and organisation_id is None:
            return actor.organisation_id
        return organisation_id

    def _insert(
        self,
        conn: Connection,
        actor: Actor,
        record: InitiativeRecord,
        organisation_id: int | None,
        action: str,
        now: dt.datetime,
    ) -> None:
        require(actor, Action.CREATE, Entry(organisation_id, record.public))
        if organisation_id is not None:
            exists = conn.execute(
                sa.select(organisations.c.id).where(organisations.c.id == organisation_id)
            ).first()
            if exists is None:
                raise NotFoundError(f"organisation {organisation_id} does not exist")
        user_id = actor.id if isinstance(actor, User) else None
        body = record.to_dict()
        new_id = conn.execute(
            initiatives.insert()
            .values(
                slug=record.id,
                name=record.name[:400],
                type=record.type,
                stage=record.stage.value,
                public=record.public,
                test_data=record.test_data,
                organisation_id=organisation_id,
                version=1,
                record=body,
                created_at=now,
                updated_at=now,
                created_by=user_id,
                updated_by=user_id,
            )
            .returning(initiatives.c.id)
        ).scalar_one()
        self._places(conn, new_id, record)
        self._keep(conn, actor, new_id, 1, action, body, diff(None, body), organisation_id, now)

    def _change(
        self,
        conn: Connection,
        actor: Actor,
        row: Row[Any],
        record: InitiativeRecord,
        action: str,
        now: dt.datetime,
        expected_version: int | None,
    ) -> bool:
        """Save `record` as the next version of `row`; False when nothing changed."""
        entry = Entry(row.organisation_id, row.public)
        require(actor, Action.EDIT, entry)
        if record.public != bool(row.public):
            require(actor, Action.PUBLISH, entry)
        if record.id != row.slug:
            raise ValidationError(
                [Problem("initiative", None, "id", f"is {row.slug!r}; an id cannot change")]
            )
        if expected_version is not None and expected_version != row.version:
            raise ConflictError(
                f"initiative {row.slug!r} was changed meanwhile (now version {row.version}, you "
                f"edited version {expected_version}); reload it and make your change again"
            )
        body = record.to_dict()
        changes = diff(row.record, body)
        if not changes:
            return False
        user_id = actor.id if isinstance(actor, User) else None
        updated = conn.execute(
            initiatives.update()
            .where(initiatives.c.id == row.id, initiatives.c.version == row.version)
            .values(
                name=record.name[:400],
                type=record.type,
                stage=record.stage.value,
                public=record.public,
                test_data=record.test_data,
                version=row.version + 1,
                record=body,
                updated_at=now,
                updated_by=user_id,
            )
        ).rowcount
        if updated != 1:
            raise ConflictError(
                f"initiative {row.slug!r} was changed at the same moment; reload and try again"
            )
        if "municipalities" in changes:
            conn.execute(municipalities.delete().where(municipalities.c.initiative_id == row.id))
            self._places(conn, row.id, record)
        self._keep(
            conn, actor, row.id, row.version + 1, action, body, changes, row.organisation_id, now
        )
        return True

    @staticmethod
    def _places(conn: Connection, initiative_id: int, record: InitiativeRecord) -> None:
        if record.municipalities:
            conn.execute(
                municipalities.insert(),
                [
                    {"initiative_id": initiative_id, "municipality": m}
                    for m in record.municipalities
                ],
            )

    @staticmethod
    def _keep(
        conn: Connection,
        actor: Actor,
        initiative_id: int,
        number: int,
        action: str,
        body: dict[str, Any],
        changes: dict[str, dict[str, Any]],
        organisation_id: int | None,
        now: dt.datetime,
    ) -> None:
        user = actor if isinstance(actor, User) else None
        conn.execute(
            versions.insert().values(
                initiative_id=initiative_id,
                version=number,
                at=now,
                user_id=None if user is None else user.id,
                organisation_id=None if user is None else user.organisation_id,
                action=action,
                record=body,
                changes=jsonable(changes),
            )
        )
        audit_record(
            conn,
            at=now,
            actor=user,
            action=f"initiative.{action}",
            object_type="initiative",
            object_id=initiative_id,
            before={"version": number - 1, **{k: v["before"] for k, v in changes.items()}}
            if number > 1
            else None,
            after={
                "id": body["id"],
                "version": number,
                **{k: v["after"] for k, v in changes.items()},
            },
            organisation_id=organisation_id,
            feed=False,
        )

    def create(
        self, actor: Actor, record: InitiativeRecord, *, organisation_id: int | None = None
    ) -> StoredInitiative:
        """A new entry, owned by `organisation_id` (default: the actor's organisation; a
        programme coach's or the operator's default is the national programme, None)."""
        owner = self._owner_for_new(actor, organisation_id)
        now = self.now()
        with self._write() as conn:
            self._insert(conn, actor, record, owner, "create", now)
        return self.get(OPERATOR, record.id)

    def update(
        self,
        actor: Actor,
        slug: str,
        record: InitiativeRecord,
        *,
        expected_version: int | None = None,
    ) -> StoredInitiative:
        """Save `record` as the entry's next version (nothing is written when nothing changed);
        409 when `expected_version` is given and someone saved another version meanwhile."""
        now = self.now()
        with self._write() as conn:
            row = self._row(conn, actor, slug)
            self._change(conn, actor, row, record, "update", now, expected_version)
        return self.get(OPERATOR, slug)

    def set_public(
        self, actor: Actor, slug: str, public: bool, *, expected_version: int | None = None
    ) -> StoredInitiative:
        """Make an entry public (or withdraw it): a new version with action publish/unpublish."""
        now = self.now()
        with self._write() as conn:
            row = self._row(conn, actor, slug)
            require(actor, Action.PUBLISH, Entry(row.organisation_id, row.public))
            current = InitiativeRecord.model_validate(row.record)
            changed = current.model_copy(update={"public": public})
            action = "publish" if public else "unpublish"
            self._change(conn, actor, row, changed, action, now, expected_version)
        return self.get(OPERATOR, slug)

    def import_records(
        self,
        actor: Actor,
        records: Sequence[InitiativeRecord],
        *,
        organisation_id: int | None = None,
        replace: bool = False,
        source: str = "import",
    ) -> ImportResult:
        """Add `records` (already validated, e.g. by ``read_registry_file``) in one transaction:
        all or nothing. An id that exists is refused unless `replace`, which saves the record as
        the entry's next version (the actor must be allowed to edit it)."""
        owner = self._owner_for_new(actor, organisation_id)
        now = self.now()
        created: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        with self._write() as conn:
            existing = {
                r.slug: r
                for r in conn.execute(
                    self._query().where(initiatives.c.slug.in_([r.id for r in records]))
                ).all()
            }
            if existing and not replace:
                problems = [
                    Problem(source, None, f"initiatives[{i}].id", f"{r.id!r} is already registered")
                    for i, r in enumerate(records)
                    if r.id in existing
                ]
                raise ValidationError(
                    problems,
                    summary=f"{len(problems)} id(s) already registered; nothing was imported "
                    "(give replace to save them as new versions)",
                )
            for record in records:
                row = existing.get(record.id)
                if row is None:
                    self._insert(conn, actor, record, owner, "import", now)
                    created.append(record.id)
                    continue
                if not may(actor, Action.VIEW, Entry(row.organisation_id, row.public)):
                    raise ConflictError(
                        f"{source}: id {record.id!r} is taken by an entry you cannot see; "
                        "choose another id"
                    )
                if self._change(conn, actor, row, record, "import", now, None):
                    updated.append(record.id)
                else:
                    unchanged.append(record.id)
        return ImportResult(tuple(created), tuple(updated), tuple(unchanged))

    def seed(self, records: Iterable[InitiativeRecord] | None = None) -> ImportResult:
        """Load the bundled real initiatives (or `records`) as the national programme's entries;
        idempotent. An entry already there is brought up to date only when nobody edited it
        since it was seeded; otherwise it is kept as edited (listed in ``kept``)."""
        if records is None:
            from regioplan.initiatives.registry_files import bundled_registry

            records = bundled_registry()
        items = tuple(records)
        now = self.now()
        created: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        kept: list[str] = []
        with self._write() as conn:
            rows = {
                r.slug: r
                for r in conn.execute(
                    self._query().where(initiatives.c.slug.in_([r.id for r in items]))
                ).all()
            }
            last_action = dict(
                conn.execute(
                    sa.select(initiatives.c.slug, versions.c.action)
                    .join(versions, versions.c.initiative_id == initiatives.c.id)
                    .where(
                        initiatives.c.slug.in_(list(rows)),
                        versions.c.version == initiatives.c.version,
                    )
                ).all()
            )
            for record in items:
                row = rows.get(record.id)
                if row is None:
                    self._insert(conn, OPERATOR, record, None, "seed", now)
                    created.append(record.id)
                elif not diff(row.record, record.to_dict()):
                    unchanged.append(record.id)
                elif last_action.get(record.id) == "seed":
                    self._change(conn, OPERATOR, row, record, "seed", now, None)
                    updated.append(record.id)
                else:
                    kept.append(record.id)
        return ImportResult(tuple(created), tuple(updated), tuple(unchanged), tuple(kept))


__all__ = ["RegistryService"]
