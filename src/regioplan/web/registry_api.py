"""The JSON API of the shared initiative registry under ``/api/registry``.

Served by ``regioplan placement serve`` next to the placement API, on the same database, users
and sign-in: a bearer token (``POST /api/placement/tokens``) or the pages' session cookie, whose
writes carry the CSRF token in ``X-CSRF-Token``. Without either, a caller reads the public
entries only. Every route calls one method of :class:`~regioplan.registry.RegistryService`,
which asks :func:`regioplan.registry.may` and keeps a version of every change. Errors answer in
the one shape: 401 a wrong or expired token, 403 not allowed, 404 unknown (or not visible), 409
someone saved another version meanwhile or the id is taken, 422 bad input naming every field.
"""

# no `from __future__ import annotations`: FastAPI reads the routes' Annotated dependencies
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field

from regioplan.errors import ParameterError
from regioplan.initiatives.registry import OTHER, Domain, Stage
from regioplan.initiatives.registry_files import parse_csv, parse_json, render
from regioplan.placement import PlacementService, User
from regioplan.placement.auth import SESSION_COOKIE
from regioplan.registry import Filters, RegistryService, StoredInitiative, parse_record
from regioplan.web.placement_api import ERRORS, active_user, bearer

if TYPE_CHECKING:
    from regioplan.regiobeeld.scan import RegionalScan

PREFIX = "/api/registry"
SCAN_DRAWS = 1000
"""Monte Carlo draws of a scan unless the caller asks for fewer (the CLI's default)."""


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewInitiative(_Body):
    record: dict[str, Any] = Field(description="An initiative record (docs/initiatives.md)")
    organisation_id: int | None = Field(
        default=None,
        ge=1,
        le=2**31 - 1,
        description="Owner; default your organisation (a programme coach's: none, the programme)",
    )


class ChangedInitiative(_Body):
    record: dict[str, Any]
    expected_version: int | None = Field(
        default=None, ge=1, description="The version you edited; 409 if another was saved since"
    )


class Publication(_Body):
    public: bool = True
    expected_version: int | None = Field(default=None, ge=1)


class ImportBody(_Body):
    format: Literal["json", "csv"] = "json"
    text: str = Field(max_length=20_000_000, description="The file's content")
    replace: bool = False
    organisation_id: int | None = Field(default=None, ge=1, le=2**31 - 1)


Slug = Annotated[str, Path(min_length=2, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]{1,79}$")]


async def reader(request: Request) -> User | None:
    """The signed-in user, or None for an anonymous reader (no token, no session cookie)."""
    if bearer(request) is None and not request.cookies.get(SESSION_COOKIE):
        return None
    return await active_user(request)  # 403 password_change_required before a password change


Reader = Annotated[User | None, Depends(reader)]
Me = Annotated[User, Depends(active_user)]


def region_codes(region: str | None) -> tuple[str, ...] | None:
    """The municipality codes of `region` (any level, code or name), or None."""
    if region is None:
        return None
    from regioplan.regions import select_region

    return tuple(select_region(region).municipality_codes)


def filters(
    type: str | None,
    stage: str | None,
    region: str | None,
    organisation_id: int | None,
    q: str | None,
) -> Filters:
    """The list filters from query values; bad ones are a ParameterError naming them."""
    from regioplan.initiatives import initiatives

    types = (*initiatives(), OTHER)
    if type is not None and type not in types:
        raise ParameterError(f"type {type!r} unknown; allowed: {', '.join(types)}")
    if stage is not None and stage not in {s.value for s in Stage}:
        raise ParameterError(
            f"stage {stage!r} unknown; allowed: {', '.join(s.value for s in Stage)}"
        )
    return Filters(
        type=type,
        stage=Stage(stage) if stage else None,
        municipalities=region_codes(region),
        organisation_id=organisation_id,
        text=q or None,
    )


def _summary(s: StoredInitiative) -> dict[str, Any]:
    r = s.record
    return {
        "id": r.id,
        "name": r.name,
        "type": r.type,
        "stage": r.stage.value,
        "since": r.since,
        "municipalities": list(r.municipalities),
        "organisation": s.organisation,
        "organisation_id": s.organisation_id,
        "public": r.public,
        "test_data": r.test_data,
        "version": s.version,
        "updated_at": s.updated_at.isoformat(),
    }


def router(placement: PlacementService) -> APIRouter:
    """The registry API on the placement service's database."""
    registry = RegistryService(placement.db)
    api = APIRouter(prefix=PREFIX, tags=["registry"], responses=ERRORS)

    @api.get("/vocabulary", summary="Initiative types, stages, domains and bottlenecks")
    def vocabulary() -> dict[str, Any]:
        from regioplan.initiatives import Bottleneck, initiatives

        return {
            "types": [*initiatives(), OTHER],
            "stages": [s.value for s in Stage],
            "domains": [d.value for d in Domain],
            "bottlenecks": [b.value for b in Bottleneck],
        }

    @api.get("/initiatives", summary="The initiatives you may see, filtered")
    def list_initiatives(
        user: Reader,
        type: Annotated[str | None, Query(description="A catalogue type or 'other'")] = None,
        stage: Annotated[str | None, Query()] = None,
        region: Annotated[str | None, Query(description="Region code or name, any level")] = None,
        organisation_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
        q: Annotated[str | None, Query(max_length=200, description="Text in name or id")] = None,
    ) -> dict[str, Any]:
        found = registry.entries(user, filters(type, stage, region, organisation_id, q))
        return {"count": len(found), "initiatives": [_summary(s) for s in found]}

    @api.get("/initiatives/{slug}", summary="One initiative with its history")
    def show_initiative(slug: Slug, user: Reader) -> dict[str, Any]:
        stored = registry.get(user, slug)
        history = []
        for v in registry.history(user, slug):
            entry = v.to_dict()
            entry.pop("record")
            history.append(entry)
        return {**stored.to_dict(), "history": history}

    @api.get("/initiatives/{slug}/versions/{number}", summary="One kept version, whole")
    def show_version(
        slug: Slug, number: Annotated[int, Path(ge=1, le=2**31 - 1)], user: Reader
    ) -> dict[str, Any]:
        return registry.version(user, slug, number).to_dict()

    @api.post("/initiatives", status_code=201, summary="Add an initiative")
    def create_initiative(body: NewInitiative, user: Me) -> dict[str, Any]:
        record = parse_record(body.record)
        return registry.create(user, record, organisation_id=body.organisation_id).to_dict()

    @api.put("/initiatives/{slug}", summary="Save a new version of an initiative")
    def update_initiative(slug: Slug, body: ChangedInitiative, user: Me) -> dict[str, Any]:
        record = parse_record(body.record)
        return registry.update(user, slug, record, expected_version=body.expected_version).to_dict()

    @api.post("/initiatives/{slug}/publish", summary="Make public, or withdraw (public=false)")
    def publish_initiative(slug: Slug, body: Publication, user: Me) -> dict[str, Any]:
        return registry.set_public(
            user, slug, body.public, expected_version=body.expected_version
        ).to_dict()

    @api.post("/import", summary="Import a JSON or CSV registry file (all or nothing)")
    def import_initiatives(body: ImportBody, user: Me) -> dict[str, Any]:
        parse = parse_json if body.format == "json" else parse_csv
        records = parse(body.text, source=f"upload.{body.format}")
        result = registry.import_records(
            user, records, organisation_id=body.organisation_id, replace=body.replace
        )
        return {"imported": len(records), **result.to_dict()}

    @api.get(
        "/export",
        summary="The initiatives you may see as a registry file (JSON or CSV)",
        response_class=PlainTextResponse,
    )
    def export_initiatives(
        user: Reader,
        format: Annotated[Literal["json", "csv"], Query()] = "json",
        type: Annotated[str | None, Query()] = None,
        stage: Annotated[str | None, Query()] = None,
        region: Annotated[str | None, Query()] = None,
    ) -> PlainTextResponse:
        records = registry.records(user, filters(type, stage, region, None, None))
        media = "text/csv" if format == "csv" else "application/json"
        return PlainTextResponse(
            render(records, format),
            media_type=f"{media}; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="initiatieven.{format}"'},
        )

    @api.get("/scan/{region}", summary="The regional scan on the registry's entries you may see")
    def scan(
        region: Annotated[str, Path(min_length=1, max_length=100)],
        user: Reader,
        horizon: Annotated[int, Query(ge=2025, le=2050)] = 2040,
        draws: Annotated[int, Query(ge=10, le=SCAN_DRAWS)] = SCAN_DRAWS,
        seed: Annotated[int | None, Query(ge=0, le=2**32 - 1)] = None,
    ) -> dict[str, Any]:
        result: dict[str, Any] = run_scan(
            registry, user, region, horizon=horizon, draws=draws, seed=seed
        ).to_dict()
        return result

    return api


def run_scan(
    registry: RegistryService,
    user: User | None,
    region: str,
    *,
    horizon: int = 2040,
    draws: int = SCAN_DRAWS,
    seed: int | None = None,
) -> "RegionalScan":
    """`regioplan scan REGION` on the registry entries `user` may see (the pages use it too)."""
    from regioplan import settings
    from regioplan.regiobeeld.scan import scan_region
    from regioplan.regions import select_region

    chosen = select_region(region)
    return scan_region(
        chosen,
        registry=registry.records(user),
        horizon=horizon,
        seed=settings.current().seed if seed is None else seed,
        draws=draws,
    )


__all__ = ["PREFIX", "SCAN_DRAWS", "filters", "reader", "region_codes", "router", "run_scan"]
