"""Shared fixtures: the repo's small fixtures, ../shared/data when present, and one spaCy load."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data beside the checkout; tests that need it skip on a user's fresh clone."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA} (only present on the project's CI)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def seeds_dir(shared_data: Path) -> Path:
    path = shared_data / "seeds"
    if not path.is_dir():
        pytest.skip(f"seed articles not found at {path}")
    return path


@pytest.fixture(scope="session")
def nlp_fr():
    """The French spaCy pipeline, loaded once for the whole test session."""
    from veille.nlp import load_pipeline

    return load_pipeline("fr")


@pytest.fixture(scope="session")
def nlp_en():
    from veille.nlp import load_pipeline

    return load_pipeline("en")
