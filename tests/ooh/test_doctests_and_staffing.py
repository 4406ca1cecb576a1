"""The docstring examples run; the staffing table keeps its counts through every conversion."""

from __future__ import annotations

import doctest
import importlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regioplan.ooh import Staffing, StaffingRow
from regioplan.ooh.config import DAYS


@pytest.mark.parametrize("name", ["regioplan.ooh", "regioplan.ooh.config"])
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


_rows = st.lists(
    st.builds(
        lambda post, role, d1, d2, h1, span, count: StaffingRow(
            post=post,
            role=role,
            days=f"{DAYS[d1]}-{DAYS[d2]}",
            hours=f"{h1}-{(h1 + span) % 24 if (h1 + span) % 24 != h1 else 24}",
            count=count,
        ),
        st.sampled_from(["a", "b"]),
        st.sampled_from(["triagist", "car", "post_gp"]),
        st.integers(0, 6),
        st.integers(0, 6),
        st.integers(0, 23),
        st.integers(1, 23),
        st.integers(0, 4),
    ),
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(_rows)
def test_staffing_round_trips_through_rows_and_table(rows: list[StaffingRow]) -> None:
    """Rows -> table -> rows -> table keeps every head count; the person-hours add up."""
    s = Staffing.from_rows(rows)
    again = Staffing.from_rows(s.rows())
    table = Staffing.from_table(s.table())
    for key in s.counts:
        assert np.array_equal(s.get(*key), again.get(*key))
        assert np.array_equal(s.get(*key), table.get(*key))
    total = sum(int(a.sum()) for a in s.counts.values())
    assert total == int(s.table()["count"].sum()) if total else s.table().empty
