"""The libyaml loader reads every packaged data file to the same values as PyYAML's own."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import veille
from veille.yamlfile import SAFE_LOADER, load_yaml

PACKAGE = Path(veille.__file__).parent
DATA_FILES = sorted(PACKAGE.rglob("*.yaml"))


def test_package_has_yaml_files() -> None:
    assert len(DATA_FILES) >= 20


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_same_values_as_pure_python_loader(path: Path) -> None:
    text = path.read_text("utf-8")
    assert load_yaml(text) == yaml.safe_load(text)


def test_rejects_python_tags() -> None:
    """A safe loader: no object is built from a tag, whichever parser reads it."""
    with pytest.raises(yaml.YAMLError):
        load_yaml("!!python/object/apply:os.system ['true']")
    assert SAFE_LOADER.__name__.endswith("SafeLoader")
