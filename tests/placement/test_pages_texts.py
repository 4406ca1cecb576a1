"""The pages' words: every refusal of a reference or a capacity figure is told in the page's
language (never the generic fallback), and the page texts exist in both languages."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from regioplan.placement.validation import count_problems, reference_problem
from regioplan.web.placement_texts import (
    LANGS,
    TEXTS,
    action_text,
    reason_text,
    term,
    translator,
)

REFERENCE_LIKE = st.one_of(
    st.text(max_size=60),
    st.from_regex(r"[A-Za-z]{0,4}[-/. ]?\d{1,10}([-/.]\d{1,4}){0,2}", fullmatch=True),
)


@settings(max_examples=300, deadline=None)
@given(REFERENCE_LIKE)
def test_every_refused_reference_is_told_in_both_languages(reference: str) -> None:
    why = reference_problem(reference)
    if why is None:
        return
    for lang in LANGS:
        told = reason_text(lang, "reference", why)
        assert told != translator(lang)("why.other"), (reference, why)


@settings(max_examples=200, deadline=None)
@given(st.integers(-3, 12), st.integers(-3, 12), st.integers(-3, 12))
def test_every_refused_capacity_is_told_in_both_languages(
    physical: int, staffed: int, occupied: int
) -> None:
    for problem in count_problems(physical, staffed, occupied):
        for lang in LANGS:
            told = reason_text(lang, problem.field, problem.reason)
            assert told != translator(lang)("why.other"), problem


def test_texts_terms_and_actions_in_both_languages() -> None:
    assert TEXTS["nl"].keys() == TEXTS["en"].keys()
    assert term("nl", "elv_high") == "ELV hoogcomplex" and term("en", "held") == "held"
    assert term("nl", "a_configured_type") == "a configured type"  # unknown: shown as it is
    assert action_text("nl", "request.hold") == "bed gereserveerd"
    assert action_text("en", "something.new") == "something.new"
    for lang in LANGS:  # every text formats with the placeholders the pages give it
        t = translator(lang)
        assert "5" in t("error.rate", minutes=5) and "ZK" in t("beds.title", org="ZK")


def test_conflicts_and_refusals_are_told_by_their_code_not_their_message() -> None:
    from regioplan.placement import ConflictError, ForbiddenError
    from regioplan.placement.errors import CONFLICT_CODES
    from regioplan.web.placement_texts import error_text

    for lang in ("nl", "en"):
        told = {
            code: error_text(lang, ConflictError("bed unit X already held or occupied", code))[0]
            for code in CONFLICT_CODES
        }
        assert len(set(told.values())) == len(CONFLICT_CODES), told  # one text per code
        # a message reworded later changes nothing: the code decides
        same = error_text(lang, ConflictError("reworded: someone was first", "bed_taken"))[0]
        assert same == told["bed_taken"]
        csrf = error_text(lang, ForbiddenError("reworded", code="csrf"))[0]
        role = error_text(lang, ForbiddenError("CSRF in a role message"), "analyst")[0]
        assert csrf != role
    assert "bed" in error_text("nl", ConflictError("x", "bed_taken"))[0]
    assert "bed" in error_text("en", ConflictError("x", "bed_taken"))[0]
