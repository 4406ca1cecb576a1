"""The dashboard page: region picker, profession and year switches, and the regiobeeld sections
rendered by the report's own templates (:func:`regioplan.report.render_sections`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from regioplan.data import PROFESSIONS, attribution
from regioplan.output import format_number
from regioplan.regiobeeld import BASE_YEAR, Regiobeeld
from regioplan.regions import Region, list_regions
from regioplan.report import render_sections
from regioplan.report.i18n import LANGS, t
from regioplan.report.render import asset, environment
from regioplan.web.cache import RegiobeeldCache

PICKER_LEVELS: tuple[str, ...] = ("zorgkantoor", "ggd", "provincie", "gemeente")


@cache
def _pickers() -> tuple[tuple[str, tuple[Region, ...]], ...]:
    country = Region("NL", "Nederland", "land", ())
    by_level = tuple((level, tuple(list_regions(level))) for level in PICKER_LEVELS)
    return (("land", (country,)), *by_level)


def dashboard_page(
    store: RegiobeeldCache,
    region: str,
    lang: str,
    profession: str,
    year: int | None,
    sections: Callable[[str, str, str, int | None], str] | None = None,
    *,
    elsewhere: Callable[[Regiobeeld], str | None] | None = None,
) -> str:
    """The full dashboard HTML for `region`, in `lang`, showing `profession` at `year`.

    `elsewhere` gives the rendered section "Wat werkt elders" of the region's regiobeeld when it
    is at hand; without it the page holds its place, filled by the page's script from
    ``/fragment/{code}/elsewhere``."""
    rb = store.get(region)
    chosen = rb.horizon if year is None else max(BASE_YEAR, min(rb.horizon, year))
    return (
        environment("regioplan.web")
        .get_template("dashboard.html")
        .render(
            rb=rb,
            lang=lang,
            langs=LANGS,
            t=lambda key, **v: t(lang, key, **v),
            n=lambda value, digits=0: format_number(value, lang, digits),
            pickers=_pickers(),
            professions_all=PROFESSIONS,
            profession=profession,
            year=chosen,
            year_min=BASE_YEAR,
            sections=(
                sections(rb.code, lang, profession, chosen)
                if sections is not None
                else render_sections(rb, lang, profession=profession, year=chosen)
            ),
            elsewhere=elsewhere(rb) if elsewhere is not None else None,
            css=asset("style.css"),
            js=asset("tooltip.js"),
            attribution=attribution(lang),
        )
    )


__all__ = ["PICKER_LEVELS", "dashboard_page"]
