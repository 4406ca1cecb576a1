"""The layers of docs/architecture.md hold: imports go down, there is no import circle, and no
engine is loaded through importlib."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "regioplan"

# Each package may import only packages to its left (docs/architecture.md, "The layers").
ORDER = (
    "errors",
    "settings",
    "data",
    "geo",
    "stats",
    "output",
    "executors",
    "regions",
    "store",
    "initiatives",
    "demography",
    "workforce",
    "access",
    "ooh",  # the simulation uses access's travel-cost providers and projected areas
    "national",
    "scenarios",
    "roster",
    "placement",
    "registry",  # the shared initiative registry, on placement's users and organisations
    "regiobeeld",
    "report",
    "web",
    "cli_support",
)


def _modules() -> dict[str, Path]:
    out = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The regioplan modules `name` imports anywhere in its body (lazy imports included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base if path.name == "__init__.py" else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                full = f"{module}.{alias.name}"
                found.add(full if full in MODULES else module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "regioplan"


def _is_edge(module: str) -> bool:
    """Command-line modules sit at the edge and may call any capability."""
    return module == "regioplan.cli" or module.endswith(".cli")


def test_every_package_has_a_layer() -> None:
    packages = {_package(m) for m in MODULES} - {"regioplan", "cli", "py"}
    assert packages <= set(ORDER), sorted(packages - set(ORDER))


def test_imports_go_down_the_layers() -> None:
    rank = {p: i for i, p in enumerate(ORDER)}
    upward = [
        f"{src} -> {dst}"
        for src, deps in GRAPH.items()
        if not _is_edge(src) and _package(src) in rank
        for dst in deps
        if _package(dst) != _package(src) and rank[_package(dst)] > rank[_package(src)]
    ]
    assert upward == []


def test_no_import_circle() -> None:
    """Tarjan's strongly connected components over all imports, lazy ones included."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(GRAPH[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    assert circles == []


def test_the_checks_see_a_circle_and_an_upward_import() -> None:
    """The walker reads relative and lazy imports (so the tests above can fail)."""
    assert "regioplan.regiobeeld.sections" in GRAPH["regioplan.regiobeeld.build"]
    assert "regioplan.workforce.montecarlo" in GRAPH["regioplan.workforce"]
    assert any(_package(d) == "regiobeeld" for d in GRAPH["regioplan.report.render"])


def test_only_the_command_line_and_the_table_registry_load_modules_by_name() -> None:
    """Engines are imported normally and typed. `regioplan.cli` defers loading its subcommands
    (so `regioplan regions list` does not import OR-Tools), and the store's registry loads each
    capability's table module by name (those sit above the store, so it cannot import them)."""
    users = sorted(
        name
        for name, path in MODULES.items()
        if "import_module(" in path.read_text(encoding="utf-8")
        or "__import__(" in path.read_text(encoding="utf-8")
    )
    assert users == ["regioplan.cli", "regioplan.store.registry"]
