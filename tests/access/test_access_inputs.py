"""Bad inputs give a ValidationError that names the source, the row and the value."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from regioplan.access import Sources, compute, parse_weights
from regioplan.errors import ParameterError, ValidationError

DEMAND = pd.Series({"A": 10.0, "B": 20.0})
SUPPLY = pd.Series({"P": 1.0})


def costs(*rows: tuple[object, object, object]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["origin", "destination", "cost"])


def messages(exc: ValidationError) -> list[str]:
    return [str(p) for p in exc.problems]


def test_unknown_origin_names_row_and_id() -> None:
    with pytest.raises(ValidationError) as info:
        compute("2sfca", DEMAND, SUPPLY, costs(("A", "P", 1.0), ("Z", "P", 2.0)))
    assert messages(info.value) == ["costs:2: origin: unknown id 'Z': not in demand"]


def test_ids_of_another_type_say_so() -> None:
    """PC4 codes as numbers in demand and as text in costs: every id is 'unknown', and the
    message says why instead of leaving the user to stare at '1011' not being 1011."""
    demand = pd.Series({1011: 10.0, 1012: 20.0})
    with pytest.raises(ValidationError) as info:
        compute("2sfca", demand, SUPPLY, costs(("1011", "P", 1.0)))
    (message,) = messages(info.value)
    assert message.startswith("costs:1: origin: unknown id '1011': not in demand (ids of demand")
    assert message.endswith("are int64, these are str: use one type)")


def test_unknown_destination_in_a_file_names_file_and_line() -> None:
    src = Sources(demand="d.csv", supply="s.csv", costs="c.csv", first_line=2)
    with pytest.raises(ValidationError) as info:
        compute("2sfca", DEMAND, SUPPLY, costs(("A", "Q", 1.0)), sources=src)
    assert messages(info.value) == ["c.csv:2: destination: unknown id 'Q': not in s.csv"]


def test_negative_and_missing_values() -> None:
    demand = pd.Series({"A": -1.0, "B": math.nan})
    with pytest.raises(ValidationError) as info:
        compute("2sfca", demand, SUPPLY, costs(("A", "P", -3.0), ("B", "P", None)))
    got = messages(info.value)
    assert "demand:1: value: -1.0 is not a finite value >= 0" in got
    assert "demand:2: value: missing value (NaN)" in got
    assert "costs:1: cost: -3.0 is not a finite value >= 0" in got
    assert "costs:2: cost: missing value (NaN)" in got


def test_text_in_a_number_column() -> None:
    with pytest.raises(ValidationError) as info:
        compute("2sfca", DEMAND, pd.Series({"P": "many"}), costs(("A", "P", 1.0)))
    assert messages(info.value) == ["supply:1: value: not a number: 'many'"]


def test_missing_cost_column_lists_required_and_found() -> None:
    bad = pd.DataFrame({"origin": ["A"], "dest": ["P"], "cost": [1.0]})
    with pytest.raises(ValidationError, match="missing column 'destination'; required: origin"):
        compute("2sfca", DEMAND, SUPPLY, bad)


def test_duplicate_pair_and_duplicate_id() -> None:
    with pytest.raises(ValidationError, match=r"costs:2: origin,destination: duplicate pair"):
        compute("2sfca", DEMAND, SUPPLY, costs(("A", "P", 1.0), ("A", "P", 2.0)))
    with pytest.raises(ValidationError, match=r"demand:2: id: duplicate id 'A'"):
        compute("2sfca", pd.Series([1.0, 2.0], index=["A", "A"]), SUPPLY, costs(("A", "P", 1)))


def test_many_problems_are_counted_not_all_listed() -> None:
    rows = [("X", "P", 1.0)] * 25
    with pytest.raises(ValidationError) as info:
        compute("2sfca", DEMAND, SUPPLY, costs(*rows))
    assert len(info.value.problems) == 11
    assert "15 more" in messages(info.value)[-1]


def test_nan_in_one_supply_scenario_names_its_column() -> None:
    scen = pd.DataFrame({"2030": [1.0], "2035": [np.nan]}, index=["P"])
    with pytest.raises(ValidationError, match=r"supply:1: 2035: missing value"):
        compute("2sfca", DEMAND, scen, costs(("A", "P", 1.0)))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"method": "4sfca"}, "unknown method '4sfca'; allowed: 2sfca, e2sfca"),
        ({"max_cost": -5.0}, "max_cost -5.0 must be > 0"),
        ({"weights": "10:1,20"}, "allowed forms"),
        ({"weights": {10: -1.0}}, "weight -1.0 at 10.0 must be finite and >= 0"),
        ({"weights": "gaussian:0"}, "sigma 0.0 must be > 0"),
        ({"per": 0.0}, "per 0.0 must be a number > 0"),
    ],
)
def test_bad_parameters(kwargs: dict[str, object], match: str) -> None:
    args = {"method": "e2sfca", **kwargs}
    method = args.pop("method")
    with pytest.raises(ParameterError, match=match):
        compute(str(method), DEMAND, SUPPLY, costs(("A", "P", 1.0)), **args)  # type: ignore[arg-type]


def test_weight_text_forms() -> None:
    assert str(parse_weights("10:1, 20:0.68,30:0.22")) == "10:1,20:0.68,30:0.22"
    assert str(parse_weights("gaussian:12")) == "gaussian:12"
    assert str(parse_weights("gravity:10:-2")) == "gravity:10:-2:5"
    assert str(parse_weights("flat")) == "flat"
