"""Settings registry against its docs; the curated public API; the error tree."""

from __future__ import annotations

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
    assert settings.get("lang") == "en"
    assert settings.get("port") == "9000"
    monkeypatch.setenv("REGIOPLAN_LANG", "nl")
    assert settings.get("lang") == "nl"


def test_unknown_setting_in_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "regioplan.toml"
    cfg.write_text("[regioplan]\nlanguage = 'en'\n", encoding="utf-8")
    monkeypatch.setenv("REGIOPLAN_CONFIG", str(cfg))
    with pytest.raises(errors.ParameterError, match="language"):
        settings.get("lang")


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
