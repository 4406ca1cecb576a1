"""The TOML configuration: parsing, the staffing table, and bad input named precisely."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from regioplan.errors import InputError, ValidationError
from regioplan.ooh import OohConfig, Staffing, StaffingRow, load_config, parse_config, prepare
from regioplan.ooh.config import parse_days, parse_hours, week_mask
from regioplan.output import error_payload
from regioplan.regions import Region

GOOD = """
[meta]
name = "t"

[[posts]]
id = "a"
pc4 = "3311"

[[staffing]]
post = "a"
role = "triagist"
days = "mon-sun"
hours = "0-24"
count = 1

[[staffing]]
post = "a"
role = "post_gp"
days = "mon-sun"
hours = "0-24"
count = 1

[[staffing]]
post = "a"
role = "car"
days = "mon-sun"
hours = "0-24"
count = 1
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ooh.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(exc: pytest.ExceptionInfo[ValidationError]) -> list[tuple[str, str]]:
    return [(p.field, p.reason) for p in exc.value.problems]


def test_patterns() -> None:
    assert parse_days("fri-mon") == [0, 4, 5, 6]
    assert parse_hours("23-08") == (23, 32)
    mask = week_mask("sun", "23-02")
    assert mask.sum() == 3 and mask[167] and mask[0] and mask[1]


def test_a_good_file_loads_and_staffing_round_trips(tmp_path: Path) -> None:
    cfg = load_config(_write(tmp_path, GOOD))
    table = cfg.staffing_table()
    assert table.get("a", "car").sum() == 168
    again = cfg.with_staffing(table).staffing_table()
    assert all(np.array_equal(again.get("a", r), table.get("a", r)) for r in ("car", "post_gp"))
    from_table = Staffing.from_table(table.table())
    assert np.array_equal(from_table.get("a", "triagist"), table.get("a", "triagist"))


def test_negative_staffing_and_unknown_keys_name_the_key(tmp_path: Path) -> None:
    text = GOOD.replace("count = 1", "count = -2", 1).replace(
        'name = "t"', 'name = "t"\ncolour = 1'
    )
    with pytest.raises(ValidationError) as exc:
        load_config(_write(tmp_path, text))
    found = _problems(exc)
    assert ("staffing[0].count", "Input should be greater than or equal to 0") in found
    assert any(f == "meta.colour" for f, _ in found)
    assert all(p.source.endswith("ooh.toml") for p in exc.value.problems)
    assert exc.value.exit_code == 2
    assert error_payload(exc.value)["error"]["problems"][0]["source"].endswith("ooh.toml")


def test_unknown_post_is_named(tmp_path: Path) -> None:
    text = GOOD + '\n[variant]\nnight_post = "nowhere"\n'
    text = text.replace('post = "a"\nrole = "car"', 'post = "b"\nrole = "car"')
    with pytest.raises(ValidationError) as exc:
        load_config(_write(tmp_path, text))
    fields = [f for f, _ in _problems(exc)]
    assert "staffing[2].post" in fields and "variant.night_post" in fields


def test_an_hour_with_nobody_on_the_phone(tmp_path: Path) -> None:
    text = GOOD.replace('role = "triagist"\ndays = "mon-sun"\nhours = "0-24"',
                        'role = "triagist"\ndays = "mon-sat"\nhours = "0-24"')  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        load_config(_write(tmp_path, text))
    ((field, reason),) = _problems(exc)
    assert "triagist" in field and "nobody answers the phone" in reason and "sun 00:00" in reason


def test_bad_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as exc:
        load_config(_write(tmp_path, '[meta]\nname = "t"\nx = = 1\n'))
    assert exc.value.problems[0].line == 3
    with pytest.raises(ValidationError, match="cannot read"):
        load_config(tmp_path / "absent.toml")


def _with(cfg: OohConfig, **changes: object) -> OohConfig:
    return parse_config({**cfg.model_dump(exclude_none=True), **changes})


def test_an_area_no_car_can_reach(zk24: Region, small_config: OohConfig) -> None:
    """Cars only in the evening: at night the areas have no car (named with the hour)."""
    rows = [r for r in small_config.staffing if r.role != "car"] + [
        StaffingRow(post=p, role="car", days="mon-sun", hours="17-23", count=1)
        for p in ("dordrecht", "zwijndrecht", "gorinchem")
    ]
    cfg = small_config.model_copy(update={"staffing": rows})
    with pytest.raises(ValidationError) as exc:
        prepare(zk24, cfg, year=2025)
    field, reason = _problems(exc)[0]
    assert field.startswith("area ") and "no car" in reason and "00:00" in reason


def test_a_post_outside_the_region(zk24: Region, small_config: OohConfig) -> None:
    posts = [p.model_copy(update={"pc4": "1011"}) if p.id == "gorinchem" else p
             for p in small_config.posts]  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        prepare(zk24, small_config.model_copy(update={"posts": posts}), year=2025)
    assert _problems(exc) == [("posts[2].pc4", "PC4 1011 is not in the region")]


def test_year_outside_the_projection(zk24: Region, small_config: OohConfig) -> None:
    with pytest.raises(InputError, match="year 2100"):
        prepare(zk24, small_config, year=2100)


def test_with_staffing_checks_like_load_config(tmp_path: Path) -> None:
    """A staffing from elsewhere (a roster) is checked as a file's would be: a negative head
    count, an unknown post and an open hour without a triagist each raise ValidationError naming
    the unit, role and what is wrong (never a bare pydantic error, never dropped silently)."""
    cfg = load_config(_write(tmp_path, GOOD))
    base = dict(cfg.staffing_table().counts)
    negative = dict(base)
    negative[("a", "car")] = base[("a", "car")] - 2
    with pytest.raises(ValidationError) as exc:
        cfg.with_staffing(Staffing(negative), source="roster.csv")
    assert exc.value.problems[0].source == "roster.csv"
    assert any("post 'a'" in f and "car" in f and "negative" in r for f, r in _problems(exc))
    unknown = dict(base)
    unknown[("b", "car")] = base[("a", "car")]
    with pytest.raises(ValidationError) as exc:
        cfg.with_staffing(Staffing(unknown))
    assert any("unknown post 'b'" in r for _, r in _problems(exc))
    silent = {k: v for k, v in base.items() if k[1] != "triagist"}
    with pytest.raises(ValidationError) as exc:
        cfg.with_staffing(Staffing(silent))
    assert any("nobody answers the phone" in r for _, r in _problems(exc))
