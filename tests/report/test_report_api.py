"""The public API of the report and web packages is exactly the intended one."""

from __future__ import annotations

import regioplan.report
import regioplan.web


def test_report_exports() -> None:
    assert sorted(regioplan.report.__all__) == sorted(
        [
            "STEPS",
            "Access",
            "AccessStats",
            "AccessYear",
            "AreaValue",
            "Centre",
            "DistanceTest",
            "Missing",
            "MunicipalityInfo",
            "Ooh",
            "Population",
            "PopulationYear",
            "Regiobeeld",
            "Workforce",
            "WorkforceYear",
            "bottlenecks",
            "build_regiobeeld",
            "render_html",
            "render_sections",
            "summary",
            "write_pdf",
        ]
    )
    for name in regioplan.report.__all__:
        assert hasattr(regioplan.report, name), name


def test_web_exports() -> None:
    assert sorted(regioplan.web.__all__) == [
        "ErrorBody",
        "RegiobeeldCache",
        "SectionUnavailable",
        "create_app",
        "error_body",
    ]
