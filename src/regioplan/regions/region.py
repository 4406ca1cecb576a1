"""Regions: named sets of municipalities, and how users select them.

A region is selected by code or name at every level (``ZK24``, ``Waardenland``, ``GM0599``,
``gemeente:Rotterdam``, ``GG3406``, ``GGD Zeeland``, ``PV28``, ``Zuid-Holland``), as the whole
country (``NL`` or ``Nederland``), or from a custom file listing municipality codes or names (one
per line, or a CSV with a ``code`` or ``gemeentecode`` column). A name that several regions share
(``Utrecht``, ``Rotterdam``) is an error that lists them: choose by code or level.
"""

from __future__ import annotations

import dataclasses
import difflib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from regioplan.data import AGE_GROUPS, LEVELS, municipalities, pc4_areas
from regioplan.errors import InputError, Problem, UnknownRegionError, ValidationError
from regioplan.regions.owndata import OwnData

_LEVEL_COLUMNS: dict[str, tuple[str, str]] = {
    "zorgkantoor": ("zorgkantoor_code", "zorgkantoor"),
    "ggd": ("ggd_code", "ggd"),
    "provincie": ("province_code", "province"),
    "corop": ("corop_code", "corop"),
}
COUNTRY_CODE = "NL"
_ALIASES = {"Den Haag": "GM0518", "The Hague": "GM0518", "Den Bosch": "GM0796"}


@dataclass(frozen=True)
class Region:
    """A named set of municipalities (2023 borders) with its population and PC4 areas.

    `own_data` is the region's imported care providers (:class:`~regioplan.regions.owndata.
    OwnData`), None when it has none or they were not loaded: ``region.with_own_data(
    regioplan.store.load_own_data(region))``. Like `source` it is not part of equality or the
    hash: a region is its code, name, level and municipalities.

    >>> r = select_region("ZK24")
    >>> (r.code, r.name, r.level, len(r.municipality_codes) > 5, r.own_data)
    ('ZK24', 'Waardenland', 'zorgkantoor', True, None)
    """

    code: str
    name: str
    level: str
    municipality_codes: tuple[str, ...]
    source: str = field(default="bundled", compare=False)
    own_data: OwnData | None = field(default=None, compare=False, repr=False)

    def with_own_data(self, own_data: OwnData | None) -> Region:
        """A copy of this region that carries `own_data` (None: without own data)."""
        return dataclasses.replace(self, own_data=own_data)

    @property
    def municipalities(self) -> pd.DataFrame:
        """Rows of :func:`regioplan.data.municipalities` for this region (a copy)."""
        return _all_municipalities().loc[list(self.municipality_codes)]

    @property
    def pc4(self) -> pd.DataFrame:
        """The PC4 areas whose point lies in one of the region's municipalities (a copy)."""
        p = _all_pc4()
        return p[p["municipality"].isin(self.municipality_codes)].copy()

    @property
    def population(self) -> int:
        return int(self.municipalities["population_2024"].sum())

    @property
    def area_km2(self) -> float:
        return float(self.municipalities["area_km2"].sum())

    def population_by_age(self) -> pd.Series:
        """Population 1-1-2024 by 5-year age group (estimate from 2021 shares), summed."""
        s: pd.Series = self.municipalities[list(AGE_GROUPS)].sum().astype(int)
        return s

    def is_country(self) -> bool:
        return self.level == "land"


@cache
def _all_municipalities() -> pd.DataFrame:
    return municipalities()


@cache
def _all_pc4() -> pd.DataFrame:
    return pc4_areas()


def _norm(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(folded.lower().replace("-", " ").replace("'", "").split())


@cache
def _catalogue() -> dict[str, list[tuple[str, str, str]]]:
    """Lookup key (normalised code or name) -> [(level, code, name)]."""
    m = municipalities()
    entries: dict[str, list[tuple[str, str, str]]] = {}

    def add(level: str, code: str, name: str) -> None:
        for key in {_norm(code), _norm(name)}:
            bucket = entries.setdefault(key, [])
            if (level, code, name) not in bucket:
                bucket.append((level, code, name))

    add("land", COUNTRY_CODE, "Nederland")
    add("land", COUNTRY_CODE, "Netherlands")
    for level, (code_col, name_col) in _LEVEL_COLUMNS.items():
        for code, name in m[[code_col, name_col]].drop_duplicates().itertuples(index=False):
            add(level, str(code), str(name))
    for code, name in m["name"].items():
        add("gemeente", str(code), str(name))
    for alias, code in _ALIASES.items():
        add("gemeente", code, str(m.loc[code, "name"]))
        entries.setdefault(_norm(alias), []).append(("gemeente", code, str(m.loc[code, "name"])))
    return entries


def _members(level: str, code: str) -> tuple[str, ...]:
    m = municipalities()
    if level == "land":
        return tuple(m.index)
    if level == "gemeente":
        return (code,)
    return tuple(m.index[m[_LEVEL_COLUMNS[level][0]] == code])


def list_regions(level: str) -> list[Region]:
    """All regions of `level` (zorgkantoor, ggd, provincie, corop, gemeente), sorted by code."""
    if level not in LEVELS:
        raise InputError(f"unknown level {level!r}; allowed: {', '.join(LEVELS)}")
    m = municipalities()
    if level == "gemeente":
        pairs = list(m["name"].items())
    else:
        code_col, name_col = _LEVEL_COLUMNS[level]
        pairs = list(m[[code_col, name_col]].drop_duplicates().itertuples(index=False))
    return sorted(
        (Region(str(c), str(n), level, _members(level, str(c))) for c, n in pairs),
        key=lambda r: r.code,
    )


_LEVEL_ORDER = ("land", "zorgkantoor", "ggd", "provincie", "corop", "gemeente")
"""Coarsest first: the order in which an ambiguous name lists its candidates."""


def select_region(query: str, *, level: str | None = None, files: bool = True) -> Region:
    """The region named or coded `query`, optionally restricted to `level`.

    A name that several regions share (``Utrecht`` is a province, a zorgkantoor region, a COROP
    area and a municipality) is never resolved silently: unless `level` (or a prefix such as
    ``provincie:Utrecht``) picks one, it is an :class:`InputError` that lists the candidates with
    their codes and levels (:func:`ambiguity`). Codes are unique. With `files` (the CLI) a path to
    an existing file is read as a custom region (see :func:`region_from_file`); without (the web
    API) only bundled regions are selected and no file is looked at.

    >>> select_region("provincie:Utrecht").code, select_region("GM0344").name
    ('PV26', 'Utrecht')
    """
    text = query.strip()
    if files and _is_file(text):
        return region_from_file(Path(text))
    prefix, sep, rest = text.partition(":")
    if sep and prefix.lower() in (*LEVELS, "land"):
        level, text = prefix.lower(), rest
    hits = _catalogue().get(_norm(text), [])
    if level is not None:
        if level not in (*LEVELS, "land"):
            raise InputError(f"unknown level {level!r}; allowed: {', '.join(LEVELS)}")
        hits = [h for h in hits if h[0] == level]
    if not hits:
        raise UnknownRegionError(query, suggest(query))
    found = sorted({(h[0], h[1]): h for h in hits}.values(), key=lambda h: _LEVEL_ORDER.index(h[0]))
    if len(found) > 1:
        raise InputError(ambiguity(query.strip(), found))
    lvl, code, name = found[0]
    return Region(code, name if lvl != "land" else "Nederland", lvl, _members(lvl, code))


def ambiguity(query: str, candidates: list[tuple[str, str, str]]) -> str:
    """The one-line message for a name that several regions share: every candidate as
    ``name (code, level)`` and how to choose one (by code, by a level prefix or ``--level``).

    >>> ambiguity("Zwolle", [("zorgkantoor", "ZK32", "Zwolle"), ("gemeente", "GM0193", "Zwolle")])
    "region name 'Zwolle' is ambiguous: Zwolle (ZK32, zorgkantoor), Zwolle (GM0193, gemeente); \
choose one by its code (e.g. ZK32) or its level (e.g. zorgkantoor:Zwolle, or --level zorgkantoor \
where the command has it)"
    """
    listed = ", ".join(f"{name} ({code}, {level})" for level, code, name in candidates)
    level, code, _ = candidates[0]
    name = query.partition(":")[2] if ":" in query else query
    return (
        f"region name {query!r} is ambiguous: {listed}; choose one by its code (e.g. {code}) or "
        f"its level (e.g. {level}:{name}, or --level {level} where the command has it)"
    )


def _is_file(text: str) -> bool:
    """Whether `text` names an existing file; a name the system cannot look up (too long) is
    none, so it is looked up as a region name."""
    try:
        return bool(text) and Path(text).is_file()
    except OSError:
        return False


def suggest(query: str, n: int = 5) -> list[str]:
    """The closest region names and codes to `query`, for error messages."""
    cat = _catalogue()
    labels = {key: f"{hits[0][2]} ({hits[0][1]})" for key, hits in cat.items()}
    close = difflib.get_close_matches(_norm(query), list(labels), n=n * 2, cutoff=0.6)
    out: list[str] = []
    for key in close:
        if labels[key] not in out:
            out.append(labels[key])
    return out[:n]


def country() -> Region:
    """The whole country: all 342 municipalities."""
    return select_region(COUNTRY_CODE)


def region_from_file(path: Path, *, name: str | None = None) -> Region:
    """A custom region from a file of municipality codes or names.

    Plain text: one code or name per line (``#`` starts a comment). CSV: a column ``code``,
    ``gemeentecode`` or ``name``. Every unknown entry is reported as ``file:line: reason``.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read region file: {exc.strerror}") from exc
    data = data.removeprefix(b"\xef\xbb\xbf")  # a byte order mark, as Excel writes
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        lineno = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{path}:{lineno}: the region file is not UTF-8 (byte 0x{data[exc.start]:02x}); "
            "save it as UTF-8"
        ) from exc
    if "\0" in text:
        lineno = text.count("\n", 0, text.index("\0")) + 1
        raise InputError(f"{path}:{lineno}: the region file holds a NUL byte; is it a text file?")
    lines = text.splitlines()
    header = [h.strip().lower() for h in lines[0].split(",")] if lines else []
    column = next(
        (h for h in ("code", "gemeentecode", "name", "gemeentenaam") if h in header), None
    )
    entries: list[tuple[int, str]] = []
    if column is not None:
        idx = header.index(column)
        for i, line in enumerate(lines[1:], start=2):
            cells = line.split(",")
            if line.strip():
                entries.append((i, cells[idx].strip() if idx < len(cells) else ""))
    else:
        for i, line in enumerate(lines, start=1):
            item = line.split("#", 1)[0].strip()
            if item:
                entries.append((i, item))
    problems: list[Problem] = []
    codes: list[str] = []
    for lineno, item in entries:
        hits = [h for h in _catalogue().get(_norm(item), []) if h[0] == "gemeente"]
        if not hits:
            hint = suggest(item, 3)
            reason = f"unknown municipality {item!r}" + (
                f"; did you mean {', '.join(hint)}?" if hint else ""
            )
            problems.append(Problem(str(path), lineno, column or "municipality", reason))
        elif hits[0][1] not in codes:
            codes.append(hits[0][1])
    if problems:
        raise ValidationError(
            problems, summary=f"{path}: {len(problems)} unknown municipality(ies)"
        )
    if not codes:
        raise InputError(f"{path}: the file lists no municipalities")
    return Region(
        f"custom:{path.stem}", name or path.stem, "custom", tuple(codes), source=str(path)
    )


__all__ = [
    "COUNTRY_CODE",
    "Region",
    "ambiguity",
    "country",
    "list_regions",
    "region_from_file",
    "select_region",
    "suggest",
]
