"""Every word list in the package's YAML data reads as words.

YAML 1.1 turns a bare `no`, `on`, `off`, `yes` into a boolean: a lexicon holding English
`no` or `on` silently loses that word (the claims negation list did, the roles
prepositions did). A boolean inside a list, or as a key, is never meant in these files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import veille

PACKAGE = Path(veille.__file__).resolve().parent
YAML_FILES = sorted(PACKAGE.rglob("*.yaml"))


def _booleans(node: object, where: str) -> list[str]:
    if isinstance(node, dict):
        found = [f"{where}: key {k!r}" for k in node if isinstance(k, bool)]
        for key, value in node.items():
            found += _booleans(value, f"{where}/{key}")
        return found
    if isinstance(node, list):
        found = [f"{where}: item {v!r}" for v in node if isinstance(v, bool)]
        for value in node:
            found += _booleans(value, where)
        return found
    return []


def test_the_package_has_yaml_data():
    assert len(YAML_FILES) > 10


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_word_reads_as_a_boolean(path: Path):
    assert _booleans(yaml.safe_load(path.read_text(encoding="utf-8")), path.name) == []
