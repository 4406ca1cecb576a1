"""Settings registry against its docs; the curated public API; the error tree."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import regioplan
from regioplan import errors, settings

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_setting_is_documented_and_nothing_else() -> None:
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \| `REGIOPLAN_", text, flags=re.M))
    assert documented == set(settings.SETTINGS)
    for s in settings.SETTINGS.values():
        assert f"`{s.env_var}`" in text


def test_environment_overrides_file_overrides_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = tmp_path / "regioplan.toml"
    cfg.write_text('[regioplan]\nlang = "en"\nport = 9000\n', encoding="utf-8")
    monkeypatch.setenv("REGIOPLAN_CONFIG", str(cfg))
    monkeypatch.delenv("REGIOPLAN_LANG", raising=False)
    monkeypatch.delenv("REGIOPLAN_PORT", raising=False)
    assert settings.current().lang == "en"
    assert settings.current().port == 9000
    monkeypatch.setenv("REGIOPLAN_LANG", "nl")
    assert settings.current().lang == "nl"
    assert settings.current().seed == settings.DEFAULT_SEED


def test_a_changed_file_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "regioplan.toml"
    cfg.write_text("[regioplan]\nseed = 7\n", encoding="utf-8")
    monkeypatch.setenv("REGIOPLAN_CONFIG", str(cfg))
    monkeypatch.delenv("REGIOPLAN_SEED", raising=False)
    assert settings.current().seed == 7
    cfg.write_text("[regioplan]\nseed = 8\n", encoding="utf-8")
    os.utime(cfg, ns=(cfg.stat().st_atime_ns, cfg.stat().st_mtime_ns + 10**9))
    assert settings.current().seed == 8


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("REGIOPLAN_SEED", "-1", "REGIOPLAN_SEED: setting seed = -1 out of range"),
        ("REGIOPLAN_SEED", "abc", "REGIOPLAN_SEED: setting seed = 'abc' must be an integer"),
        ("REGIOPLAN_PORT", "70000", "REGIOPLAN_PORT: setting port = 70000 out of range"),
        ("REGIOPLAN_LANG", "de", "REGIOPLAN_LANG: setting lang = 'de'; allowed: nl, en"),
    ],
)
def test_bad_values_are_named_with_where_they_come_from(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(errors.ParameterError) as info:
        settings.current()
    assert str(info.value).startswith(message)


def test_file_values_are_typed_and_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "regioplan.toml"
    cfg.write_text('[regioplan]\nport = "eighty"\n', encoding="utf-8")
    monkeypatch.setenv("REGIOPLAN_CONFIG", str(cfg))
    monkeypatch.delenv("REGIOPLAN_PORT", raising=False)
    with pytest.raises(errors.ParameterError, match=r"regioplan.toml: port: setting port"):
        settings.current()


def test_unknown_setting_in_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "regioplan.toml"
    cfg.write_text("[regioplan]\nlanguage = 'en'\n", encoding="utf-8")
    monkeypatch.setenv("REGIOPLAN_CONFIG", str(cfg))
    with pytest.raises(errors.ParameterError, match="language"):
        settings.current()


def test_public_api_is_curated() -> None:
    assert set(regioplan.__all__) == {
        "DataError",
        "InputError",
        "RegioplanError",
        "UnknownRegionError",
        "ValidationError",
        "__version__",
    }


def test_error_tree_exit_codes() -> None:
    assert errors.RegioplanError.exit_code == 1
    assert issubclass(errors.ValidationError, errors.InputError)
    assert issubclass(errors.UnknownRegionError, errors.InputError)
    assert errors.InputError.exit_code == 2
    problem = errors.Problem("f.csv", 3, "pc4", "unknown PC4 '0000'")
    assert str(errors.ValidationError([problem])).endswith("f.csv:3: pc4: unknown PC4 '0000'")
