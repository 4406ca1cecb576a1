"""Shared out-of-hours (ANW) duty roster across organisations.

Build a :class:`Problem` (or load one with :func:`load_problem`), then :func:`solve` it and check
the roster with the independent :func:`check_roster`::

    result = solve(problem, time_limit=60, seed=0, workers=2, params=SolverParams())
    report = check_roster(problem, result.assignments)
    assert report.ok and report.objective == result.objective
"""

from __future__ import annotations

from regioplan.roster.check import CheckReport, Violation, check_roster
from regioplan.roster.curtois import parse_curtois
from regioplan.roster.explain import explain_infeasibility
from regioplan.roster.model import (
    Cover,
    Fairness,
    Fixed,
    Physician,
    Problem,
    Request,
    Rules,
    ShiftType,
)
from regioplan.roster.params import SolverParams
from regioplan.roster.replan import replan
from regioplan.roster.solver import Assignment, Result, solve

__all__ = [
    "Assignment",
    "CheckReport",
    "Cover",
    "Fairness",
    "Fixed",
    "Physician",
    "Problem",
    "Request",
    "Result",
    "Rules",
    "ShiftType",
    "SolverParams",
    "Violation",
    "check_roster",
    "explain_infeasibility",
    "parse_curtois",
    "replan",
    "solve",
]
