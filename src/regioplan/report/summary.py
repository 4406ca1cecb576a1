"""The plain-language summary and the bottlenecks, as sentences made from the regiobeeld's
findings (:mod:`regioplan.regiobeeld.findings`)."""

from __future__ import annotations

from regioplan.output import format_number
from regioplan.regiobeeld.build import BASE_YEAR
from regioplan.regiobeeld.findings import (
    BottleneckKind,
    WorstAreas,
    largest_absolute_gap,
    largest_gap,
    peak,
    relative_gap,
    where_profession,
    worse_with_distance,
    worst_areas,
)
from regioplan.regiobeeld.findings import bottlenecks as find_bottlenecks
from regioplan.regiobeeld.model import Regiobeeld, Workforce
from regioplan.report.i18n import fmt_p, fmt_percent, t
from regioplan.report.views import where


def _prof(lang: str, profession: str) -> str:
    return t(lang, f"prof.{profession}").lower()


def _areas(areas: WorstAreas | None, lang: str) -> str:
    """The worst-served areas as words ('' when there are none)."""
    if areas is None:
        return ""
    if areas.kind == "municipality":
        return _join(list(areas.names), lang)
    return t(lang, "sum.pc4_areas", codes=_join(list(areas.codes), lang))


def _about(value: float | None) -> int:
    """Decimals for a number said with 'about': one below 10 (7,5), none above (307, not
    306,9)."""
    return 1 if value is not None and abs(value) < 10 else 0


def _round(value: float | None, lang: str) -> str:
    """`value` rounded as :func:`_about` says (an inflow of trainees per year)."""
    return format_number(value, lang, _about(value))


def _join(names: list[str], lang: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + (" en " if lang == "nl" else " and ") + names[-1]


def _gap_sentences(rb: Regiobeeld, lang: str) -> list[str]:
    """Largest gap (relative and in FTE), when it appears and the training inflow it needs."""
    h = rb.horizon
    worst = largest_gap(rb)
    if worst is None:
        return [t(lang, "sum.no_gap", horizon=h)] if rb.workforce else []
    row = worst.at(h)
    profession = _prof(lang, worst.profession)
    out = [
        t(
            lang,
            "sum.largest_gap",
            horizon=row.year,
            profession=profession,
            gap=format_number(row.gap_fte, lang, 1),
            share=fmt_percent(relative_gap(worst, h), lang, 0),
            lo=format_number(row.gap_p10, lang, 1),
            hi=format_number(row.gap_p90, lang, 1),
        )
    ]
    out += _peak_sentence(worst, h, lang)
    first = worst.first_gap_year
    start = worst.years[0].year  # 'now' of the workforce model: its first year shown
    if first is not None and first <= start:
        out.append(t(lang, "sum.when_now", profession=profession, year=start))
    elif first is not None:
        out.append(t(lang, "sum.when", profession=profession, year=first))
    if worst.required_inflow is not None:
        out.append(
            t(
                lang,
                "sum.inflow",
                profession=profession,
                horizon=worst.balance_year or h,
                inflow=_round(worst.required_inflow, lang),
                where=where(rb, lang),
                year=start,
                now=_round(worst.current_inflow, lang),
            )
        )
    most = largest_absolute_gap(rb)
    if most is not None and most is not worst:
        big = most.at(h)
        out.append(
            t(
                lang,
                "sum.largest_abs",
                horizon=big.year,
                profession=_prof(lang, most.profession),
                gap=format_number(big.gap_fte, lang, 1),
                share=fmt_percent(relative_gap(most, h), lang, 0),
            )
        )
        out += _peak_sentence(most, h, lang)
    return out


def _peak_sentence(w: Workforce, horizon: int, lang: str) -> list[str]:
    """The gap's peak year and size when the peak is not the horizon ('' otherwise)."""
    top = peak(w, horizon)
    if top is None:
        return []
    return [
        t(
            lang,
            "sum.peak",
            profession=_prof(lang, w.profession),
            year=top.year,
            gap=format_number(top.gap_fte, lang, 1),
            horizon=w.at(horizon).year,
            last=format_number(w.at(horizon).gap_fte, lang, 1),
        )
    ]


def _surplus_band(gap_p10: float, gap_p90: float, lang: str) -> str:
    """The 80 % band of a surplus in positive numbers; a band that reaches a shortage says so."""
    hi = format_number(-gap_p10, lang, 1)
    if gap_p90 <= 0:
        return t(lang, "sum.surplus_band", lo=format_number(-gap_p90, lang, 1), hi=hi)
    return t(lang, "sum.surplus_band_mixed", short=format_number(gap_p90, lang, 1), hi=hi)


def _surplus_sentences(rb: Regiobeeld, lang: str) -> list[str]:
    """Professions with a surplus (negative gap) at the horizon, said as a surplus."""
    out = []
    for w in rb.workforce.values():
        row = w.at(rb.horizon)
        if row.gap_fte >= 0:
            continue
        out.append(
            t(
                lang,
                "sum.surplus",
                profession=_prof(lang, w.profession),
                horizon=row.year,
                surplus=format_number(-row.gap_fte, lang, 1),
                share=fmt_percent(-relative_gap(w, rb.horizon), lang, 0),
                band=_surplus_band(row.gap_p10, row.gap_p90, lang),
            )
        )
    return out


def _ageing_sentence(rb: Regiobeeld, lang: str) -> list[str]:
    """Growth of the 75+ and 85+ population to the horizon."""
    pop = rb.population
    if not pop.projection:
        return []
    last = pop.projection[-1]
    return [
        t(
            lang,
            "sum.ageing",
            base=BASE_YEAR,
            horizon=last.year,
            now=format_number(pop.age_75_plus, lang),
            then=format_number(last.age_75_plus, lang),
            change=fmt_percent(last.age_75_plus / pop.age_75_plus - 1, lang, 0, signed=True),
            now85=format_number(pop.age_85_plus, lang),
            then85=format_number(last.age_85_plus, lang),
            change85=fmt_percent(last.age_85_plus / pop.age_85_plus - 1, lang, 0, signed=True),
        )
    ]


def _fragility_sentences(rb: Regiobeeld, lang: str) -> list[str]:
    """Professions where one physician carries more than the flag share of today's supply."""
    out = []
    for prof, f in rb.fragility.items():
        if not f.flag:
            continue
        out.append(
            t(
                lang,
                "sum.fragile",
                profession=_prof(lang, prof),
                share=fmt_percent(f.one_leaves_share, lang, 0),
                year=BASE_YEAR,
                persons=format_number(f.supply_persons, lang, 1),
                flag=fmt_percent(f.flag_share, lang, 0),
                drop=fmt_percent(-f.worst_access_change, lang, 0),
            )
        )
    return out


def summary(rb: Regiobeeld, lang: str) -> list[str]:
    """Sentences that say what the figures mean: largest gap, when, where, ageing, inflow, OOH."""
    out = _gap_sentences(rb, lang) + _surplus_sentences(rb, lang) + _fragility_sentences(rb, lang)
    focus = where_profession(rb)
    areas = _areas(worst_areas(rb, focus), lang) if focus is not None else ""
    if focus is not None and areas:
        out.append(t(lang, "sum.where", profession=_prof(lang, focus), areas=areas))
    out += _ageing_sentence(rb, lang)
    for test in worse_with_distance(rb):
        out.append(
            t(
                lang,
                "sum.distance",
                profession=_prof(lang, test.profession),
                rho=format_number(test.rho, lang, 2),
                p=fmt_p(test.p_value, lang),
            )
        )
    total = sum(rb.ooh.contacts.values())
    visits = rb.ooh.contacts["visit"]
    out.append(
        t(
            lang,
            "sum.ooh",
            total=format_number(round(total, -2), lang),
            # 'about' covers both numbers: the visits to the same precision as the total
            visits=format_number(round(visits, -2 if visits >= 1000 else -1), lang),
        )
    )
    return out


def bottlenecks(rb: Regiobeeld, lang: str) -> list[str]:
    """The bottlenecks the figures point to, most pressing first, each with what helps."""
    out: list[str] = []
    for b in find_bottlenecks(rb):
        if b.kind is BottleneckKind.WORKFORCE_GAP:
            out.append(t(lang, "bn.workforce", profession=t(lang, f"prof.plural.{b.profession}")))
        elif b.kind is BottleneckKind.UNEQUAL_ACCESS:
            areas = _areas(b.areas, lang)
            out.append(
                t(lang, "bn.access", areas=areas) if areas else t(lang, "bn.access_anywhere")
            )
        elif b.kind is BottleneckKind.DISTANCE_TO_TRAINING:
            out.append(t(lang, "bn.distance"))
        elif b.kind is BottleneckKind.AGEING:
            out.append(t(lang, "bn.ageing"))
        else:
            out.append(t(lang, "bn.ooh"))
    return out


__all__ = ["bottlenecks", "summary"]
