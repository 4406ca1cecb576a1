"""The whole country's report (slow: run with ``pytest -m slow``)."""

from __future__ import annotations

import pytest

from regioplan.regiobeeld import build_regiobeeld
from regioplan.regions import country
from regioplan.report import render_html

pytestmark = pytest.mark.slow


def test_country_report_is_complete_and_under_10_mb() -> None:
    rb = build_regiobeeld(country(), seed=1)

    html = render_html(rb, "nl")
    assert len(html.encode("utf-8")) < 10_000_000
    assert html.count('class="area"') >= 342 * 4
    assert all(t.n == 342 for t in rb.distance)
    # trainees settle in the country, not 'in de regio' (issue #16 item 13)
    assert "artsen per jaar in Nederland vestigen" in html
    assert "in de regio vestigen" not in html and "in de regio moet vestigen" not in html
