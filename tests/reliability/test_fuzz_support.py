"""The long fuzz runs' bookkeeping counts what it says: inputs, outcomes, crashes, hangs.

A campaign that reported 0 crashes because it swallowed them would make the README's
figures worthless; these runs plant a crash and a hang and read them back from the JSON.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import strategies as st

import fuzz_support
from fuzz_support import bounded, campaign


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(fuzz_support.ENV_RESULTS, str(tmp_path))
    monkeypatch.setattr(fuzz_support, "CHUNK", 10)


def test_a_clean_campaign_counts_every_input_and_outcome(tmp_path: Path) -> None:
    figures = campaign("ok", st.integers(0, 9), lambda n: ["x"] * (n % 2 + 1), 35, suite="t")
    saved = json.loads((tmp_path / "t-ok.json").read_text())
    assert saved["inputs"] == figures["inputs"] == 35 and saved["chunks"] == 4
    assert saved["done"] and saved["crashes"] == saved["hangs"] == 0
    assert 35 <= saved["outcomes"]["str"] <= 70


def test_crashes_and_hangs_are_counted_and_the_run_goes_on(tmp_path: Path) -> None:
    def check(n: int) -> list[int]:
        with bounded("planted", 0.05):
            if n == 7:
                raise ValueError("planted crash")
            if n == 8:
                time.sleep(1)
        return [n]

    figures = campaign("planted", st.integers(0, 9), check, 60, suite="t")
    saved = json.loads((tmp_path / "t-planted.json").read_text())
    assert saved["inputs"] >= 60 and saved["done"]
    assert saved["crashes"] >= 1 and saved["hangs"] >= 1, saved
    kinds = {failure["kind"] for failure in saved["failures"]}
    assert kinds == {"crash", "hang"}
    assert any("planted crash" in failure["error"] for failure in saved["failures"])
    assert figures["crashes"] == saved["crashes"]
