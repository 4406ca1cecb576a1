"""One registry of typed settings: name, type, default, help.

Every setting can be given in a TOML file (``[regioplan]`` table; path in ``REGIOPLAN_CONFIG``
or ``regioplan.toml`` in the working directory) and overridden by an environment variable
``REGIOPLAN_<NAME>`` (upper case). Values are checked once, when they are read, and come back
typed: :func:`current` returns a :class:`Settings`. ``docs/settings.md`` is checked against this
registry by a test.

>>> SETTINGS["database_url"].env_var
'REGIOPLAN_DATABASE_URL'
>>> isinstance(current().seed, int)
True
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from regioplan.errors import ParameterError

DEFAULT_SEED: Final = 20240101
"""Default seed of every stochastic engine (Monte Carlo, sweeps, simulation)."""

LANGS: Final = ("nl", "en")
"""Languages of user-facing text; the first is the default."""


def _text(name: str, raw: object) -> str:
    if not isinstance(raw, str):
        raise ParameterError(f"setting {name} = {raw!r} must be a string")
    return raw


def _integer(low: int, high: int) -> Callable[[str, object], int]:
    def parse(name: str, raw: object) -> int:
        if isinstance(raw, bool):
            raise ParameterError(f"setting {name} = {raw!r} must be an integer")
        try:
            value = int(raw) if isinstance(raw, int | str) else None
        except ValueError:
            value = None
        if value is None:
            raise ParameterError(f"setting {name} = {raw!r} must be an integer")
        if not low <= value <= high:
            raise ParameterError(f"setting {name} = {value} out of range; allowed: {low}..{high}")
        return value

    return parse


def _language(name: str, raw: object) -> str:
    value = _text(name, raw)
    if value not in LANGS:
        raise ParameterError(f"setting {name} = {value!r}; allowed: {', '.join(LANGS)}")
    return value


@dataclass(frozen=True)
class Setting:
    """One named setting with its default, help text and parser (which checks the value)."""

    name: str
    default: str | int
    help: str
    parse: Callable[[str, object], str | int] = _text

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
    Setting(
        "lang", "nl", "Language of user-facing text (report, dashboard): `nl` or `en`.", _language
    ),
    Setting(
        "scheduler",
        "",
        "Address of a Dask distributed scheduler for sweeps (e.g. tcp://127.0.0.1:8786). "
        "Empty: local processes.",
    ),
    Setting(
        "seed",
        DEFAULT_SEED,
        "Default seed of stochastic engines (Monte Carlo, simulation); 0..2**32-1.",
        _integer(0, 2**32 - 1),
    ),
    Setting("host", "127.0.0.1", "Address the web dashboard (`regioplan serve`) listens on."),
    Setting("port", 8000, "Port the web dashboard listens on (1..65535).", _integer(1, 65535)),
)

SETTINGS: dict[str, Setting] = {s.name: s for s in _REGISTRY}


@dataclass(frozen=True)
class Settings:
    """The settings in force, typed and checked."""

    database_url: str
    data_dir: str
    lang: str
    scheduler: str
    seed: int
    host: str
    port: int


def _config_file() -> Path | None:
    explicit = os.environ.get("REGIOPLAN_CONFIG")
    if explicit:
        return Path(explicit)
    local = Path("regioplan.toml")
    return local if local.is_file() else None


def _file_values(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError as exc:
        raise ParameterError(f"{path}: settings file not found") from exc
    return _read_file(path.resolve(), stamp)


@lru_cache(maxsize=8)
def _read_file(path: Path, stamp: int) -> dict[str, Any]:
    """The ``[regioplan]`` table of `path`, read once per modification (`stamp`)."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ParameterError(f"{path}: settings file not found") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
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


def current() -> Settings:
    """The settings in force: environment, then settings file, then default; each checked.

    The file is read once per change of its modification time; the environment is read on every
    call, so a changed environment variable takes effect at once.
    """
    path = _config_file()
    table = _file_values(path)
    values: dict[str, str | int] = {}
    for setting in _REGISTRY:
        env = os.environ.get(setting.env_var)
        if env is not None:
            raw: object = env
            where = setting.env_var
        elif setting.name in table:
            raw = table[setting.name]
            where = f"{path}: {setting.name}"
        else:
            values[setting.name] = setting.default
            continue
        try:
            values[setting.name] = setting.parse(setting.name, raw)
        except ParameterError as exc:
            raise ParameterError(f"{where}: {exc}") from exc
    return Settings(
        database_url=str(values["database_url"]),
        data_dir=str(values["data_dir"]),
        lang=str(values["lang"]),
        scheduler=str(values["scheduler"]),
        seed=int(values["seed"]),
        host=str(values["host"]),
        port=int(values["port"]),
    )


__all__ = ["DEFAULT_SEED", "LANGS", "SETTINGS", "Setting", "Settings", "current"]
