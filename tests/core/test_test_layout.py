"""The test tree has no __init__.py files, so pytest imports each test module by its file name
(rootdir-relative "rootdir" import mode): two test files with the same name in different folders
break collection of the whole suite ("import file mismatch"). Each name is therefore unique."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_every_test_file_name_is_unique_across_folders() -> None:
    seen: dict[str, list[str]] = defaultdict(list)
    for path in TESTS.rglob("test_*.py"):
        seen[path.name].append(str(path.relative_to(TESTS)))
    clashes = {name: paths for name, paths in seen.items() if len(paths) > 1}
    assert not clashes, f"test files with the same name (rename one, e.g. with a prefix): {clashes}"
