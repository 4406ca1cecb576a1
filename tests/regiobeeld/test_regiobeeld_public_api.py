"""The public API of the regiobeeld, report and web packages is exactly the intended one."""

from __future__ import annotations

import regioplan.regiobeeld
import regioplan.report
import regioplan.web


def test_regiobeeld_exports() -> None:
    assert sorted(regioplan.regiobeeld.__all__) == sorted(
        [
            "BASE_YEAR",
            "STEPS",
            "Access",
            "AccessStats",
            "AccessYear",
            "AreaValue",
            "BottleneckKind",
            "Centre",
            "DistanceTest",
            "MunicipalityInfo",
            "Ooh",
            "Population",
            "PopulationYear",
            "Regiobeeld",
            "RegionBottleneck",
            "Workforce",
            "WorkforceYear",
            "WorstAreas",
            "bottlenecks",
            "build_regiobeeld",
        ]
    )
    for name in regioplan.regiobeeld.__all__:
        assert hasattr(regioplan.regiobeeld, name), name


def test_report_exports() -> None:
    assert sorted(regioplan.report.__all__) == [
        "bottlenecks",
        "render_html",
        "render_sections",
        "summary",
        "write_pdf",
    ]
    for name in regioplan.report.__all__:
        assert hasattr(regioplan.report, name), name


def test_web_exports() -> None:
    assert sorted(regioplan.web.__all__) == ["ErrorBody", "RegiobeeldCache", "create_app"]
