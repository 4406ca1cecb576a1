"""The plain-language summary and the bottlenecks, generated from the regiobeeld's numbers."""

from __future__ import annotations

from regioplan.data import PROFESSIONS
from regioplan.report.i18n import fmt_number, fmt_p, fmt_percent, t
from regioplan.report.model import DistanceTest, Regiobeeld, Workforce

SIGNIFICANCE = 0.05
AGEING_85_GROWTH = 0.5
"""Growth of the 85+ population to the horizon above which ageing is named a bottleneck."""
OOH_EXCESS = 1.05
"""Out-of-hours contacts per inhabitant above the national mean by this factor: a bottleneck."""
INEQUALITY_GINI = 0.1


def _prof(lang: str, profession: str) -> str:
    return t(lang, f"prof.{profession}").lower()


def _relative_gap(w: Workforce, year: int) -> float:
    row = w.at(year)
    return row.gap_fte / row.demand_fte if row.demand_fte > 0 else 0.0


def largest_gap(rb: Regiobeeld) -> Workforce | None:
    """The profession with the largest positive gap at the horizon relative to its demand."""
    gaps = [w for w in rb.workforce.values() if w.at(rb.horizon).gap_fte > 0]
    return max(gaps, key=lambda w: _relative_gap(w, rb.horizon), default=None)


def largest_absolute_gap(rb: Regiobeeld) -> Workforce | None:
    """The profession with the largest positive gap at the horizon in FTE."""
    gaps = [w for w in rb.workforce.values() if w.at(rb.horizon).gap_fte > 0]
    return max(gaps, key=lambda w: w.at(rb.horizon).gap_fte, default=None)


def _worst_areas(rb: Regiobeeld, profession: str, lang: str, n: int = 3) -> str:
    """The `n` worst-served municipalities of `profession`, joined; in a region of one
    municipality its worst-served postcode areas ('' when there is nothing to rank)."""
    acc = rb.access[profession]
    worst_first = not acc.higher_is_better
    if len(acc.municipalities) > 1:
        rows = sorted(acc.municipalities, key=lambda r: r.value, reverse=worst_first)
        return _join([r.name for r in rows[:n]], lang)
    if len(acc.pc4) > 1:
        rows = sorted(acc.pc4, key=lambda r: r.value, reverse=worst_first)
        return t(lang, "sum.pc4_areas", codes=_join([r.code for r in rows[:n]], lang))
    return ""


def where_profession(rb: Regiobeeld) -> str | None:
    """The profession whose worst-served areas the summary names: the one with the largest gap
    if its access is known, else the one with the most unequal access."""
    worst = largest_gap(rb)
    if worst is not None and worst.profession in rb.access:
        return worst.profession
    if not rb.access:
        return None
    return max(rb.access.values(), key=lambda a: a.gini).profession


def _about(value: float | None) -> int:
    """Decimals for a number said with 'about': one below 10 (7,5), none above (307, not
    306,9)."""
    return 1 if value is not None and abs(value) < 10 else 0


def _join(names: list[str], lang: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + (" en " if lang == "nl" else " and ") + names[-1]


def worse_with_distance(rb: Regiobeeld) -> list[DistanceTest]:
    """Tests showing access significantly worse farther from the training centres."""
    out = []
    for test in rb.distance:
        acc = rb.access.get(test.profession)
        if acc is None or test.measure != "access" or test.p_value >= SIGNIFICANCE:
            continue
        if (test.rho < 0) == acc.higher_is_better:
            out.append(test)
    return out


def summary(rb: Regiobeeld, lang: str) -> list[str]:
    """Sentences that say what the figures mean: largest gap, when, where, ageing, inflow, OOH."""
    out: list[str] = []
    h = rb.horizon
    worst = largest_gap(rb)
    if worst is not None:
        row = worst.at(h)
        out.append(
            t(
                lang,
                "sum.largest_gap",
                horizon=row.year,
                profession=_prof(lang, worst.profession),
                gap=fmt_number(row.gap_fte, lang, 1),
                share=fmt_percent(_relative_gap(worst, h), lang, 0),
                lo=fmt_number(row.gap_p10, lang, 1),
                hi=fmt_number(row.gap_p90, lang, 1),
            )
        )
        first = worst.first_gap_year
        if first is not None and first <= worst.years[0].year:
            out.append(t(lang, "sum.when_now", profession=_prof(lang, worst.profession)))
        elif first is not None:
            out.append(t(lang, "sum.when", profession=_prof(lang, worst.profession), year=first))
        if worst.required_inflow is not None:
            out.append(
                t(
                    lang,
                    "sum.inflow",
                    profession=_prof(lang, worst.profession),
                    horizon=worst.balance_year or h,
                    inflow=fmt_number(worst.required_inflow, lang, _about(worst.required_inflow)),
                    now=fmt_number(worst.current_inflow, lang, _about(worst.current_inflow)),
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
                    gap=fmt_number(big.gap_fte, lang, 1),
                    share=fmt_percent(_relative_gap(most, h), lang, 0),
                )
            )
    elif rb.workforce:
        out.append(t(lang, "sum.no_gap", horizon=h))
    focus = where_profession(rb)
    areas = _worst_areas(rb, focus, lang) if focus is not None else ""
    if focus is not None and areas:
        out.append(t(lang, "sum.where", profession=_prof(lang, focus), areas=areas))
    pop = rb.population
    if pop.projection:
        last = pop.projection[-1]
        out.append(
            t(
                lang,
                "sum.ageing",
                now=fmt_number(pop.age_75_plus, lang),
                then=fmt_number(last.age_75_plus, lang),
                change=fmt_percent(last.age_75_plus / pop.age_75_plus - 1, lang, 0, signed=True),
                now85=fmt_number(pop.age_85_plus, lang),
                then85=fmt_number(last.age_85_plus, lang),
                change85=fmt_percent(last.age_85_plus / pop.age_85_plus - 1, lang, 0, signed=True),
            )
        )
    for test in worse_with_distance(rb):
        out.append(
            t(
                lang,
                "sum.distance",
                profession=_prof(lang, test.profession),
                rho=fmt_number(test.rho, lang, 2),
                p=fmt_p(test.p_value, lang),
            )
        )
    total = sum(rb.ooh.contacts.values())
    visits = rb.ooh.contacts["visit"]
    out.append(
        t(
            lang,
            "sum.ooh",
            total=fmt_number(round(total, -2), lang),
            # 'about' covers both numbers: the visits to the same precision as the total
            visits=fmt_number(round(visits, -2 if visits >= 1000 else -1), lang),
        )
    )
    if rb.missing:
        whats = [t(lang, f"missing.{s}") for s in dict.fromkeys(m.section for m in rb.missing)]
        out.append(t(lang, "sum.missing", what=_join(whats, lang)))
    return out


def bottlenecks(rb: Regiobeeld, lang: str) -> list[str]:
    """The bottlenecks the figures point to, most pressing first."""
    out: list[str] = []
    ranked = sorted(
        (w for w in rb.workforce.values() if w.at(rb.horizon).gap_fte > 0),
        key=lambda w: -_relative_gap(w, rb.horizon),
    )
    for w in ranked:
        out.append(t(lang, "bn.workforce", profession=t(lang, f"prof.plural.{w.profession}")))
    unequal = [
        p
        for p in PROFESSIONS
        if p in rb.access and (rb.access[p].gini > INEQUALITY_GINI or rb.access[p].short_areas_pc4)
    ]
    if unequal:
        focus = where_profession(rb)
        areas = _worst_areas(rb, focus if focus in unequal else unequal[0], lang)
        out.append(t(lang, "bn.access", areas=areas) if areas else t(lang, "bn.access_anywhere"))
    if worse_with_distance(rb):
        out.append(t(lang, "bn.distance"))
    pop = rb.population
    if (
        pop.projection
        and pop.age_85_plus
        and pop.projection[-1].age_85_plus / pop.age_85_plus - 1 > AGEING_85_GROWTH
    ):
        out.append(t(lang, "bn.ageing"))
    o = rb.ooh
    total = sum(o.per_1000.values())
    if total > OOH_EXCESS * sum(o.national_per_1000.values()):
        out.append(t(lang, "bn.ooh"))
    return out


__all__ = ["bottlenecks", "largest_absolute_gap", "largest_gap", "summary", "worse_with_distance"]
