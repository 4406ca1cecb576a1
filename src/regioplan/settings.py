"""One registry of settings: name, default, help.

Every setting can be given in a TOML file (``[regioplan]`` table; path in ``REGIOPLAN_CONFIG``
or ``regioplan.toml`` in the working directory) and overridden by an environment variable
``REGIOPLAN_<NAME>`` (upper case). ``docs/settings.md`` is checked against this registry by a test.

>>> SETTINGS["database_url"].env_var
'REGIOPLAN_DATABASE_URL'
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from regioplan.errors import ParameterError


@dataclass(frozen=True)
class Setting:
    """One named setting with its default and help text."""

    name: str
    default: str
    help: str

    @property
    def env_var(self) -> str:
        return f"REGIOPLAN_{self.name.upper()}"


_REGISTRY: tuple[Setting, ...] = (
    Setting(
        "database_url",
        "",
        "SQLAlchemy URL of the database. Empty: an SQLite file `regioplan.sqlite` in the user "
        "data directory. Example: postgresql+psycopg://user@127.0.0.1:5432/regioplan",
    ),
    Setting(
        "data_dir",
        "",
        "Directory for the SQLite database and caches. Empty: the platform's user data directory "
        "(platformdirs).",
    ),
    Setting("lang", "nl", "Language of user-facing text (report, dashboard): `nl` or `en`."),
    Setting(
        "scheduler",
        "",
        "Address of a Dask distributed scheduler for sweeps (e.g. tcp://127.0.0.1:8786). "
        "Empty: local processes.",
    ),
    Setting("seed", "20240101", "Default seed of stochastic engines (Monte Carlo, simulation)."),
    Setting("host", "127.0.0.1", "Address the web dashboard (`regioplan serve`) listens on."),
    Setting("port", "8000", "Port the web dashboard listens on."),
)

SETTINGS: dict[str, Setting] = {s.name: s for s in _REGISTRY}


def _config_file() -> Path | None:
    explicit = os.environ.get("REGIOPLAN_CONFIG")
    if explicit:
        return Path(explicit)
    local = Path("regioplan.toml")
    return local if local.is_file() else None


def _file_values() -> dict[str, Any]:
    path = _config_file()
    if path is None:
        return {}
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ParameterError(f"{path}: settings file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ParameterError(f"{path}: not valid TOML: {exc}") from exc
    table = data.get("regioplan", {})
    if not isinstance(table, dict):
        raise ParameterError(f"{path}: [regioplan] must be a table")
    unknown = sorted(set(table) - set(SETTINGS))
    if unknown:
        raise ParameterError(
            f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(SETTINGS)}"
        )
    return table


def get(name: str) -> str:
    """Value of setting `name`: environment, then settings file, then default."""
    if name not in SETTINGS:
        raise ParameterError(f"unknown setting {name!r}; known: {', '.join(SETTINGS)}")
    setting = SETTINGS[name]
    env = os.environ.get(setting.env_var)
    if env is not None:
        return env
    value = _file_values().get(name)
    return setting.default if value is None else str(value)


__all__ = ["SETTINGS", "Setting", "get"]
