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
    figures = campaign("ok", st.integers(0, 9), lambda n: [n] * (n % 2 + 1), 35, suite="t")
    saved = json.loads((tmp_path / "t-ok.json").read_text())
    assert saved["inputs"] == figures["inputs"] == 35 and saved["chunks"] == 4
    assert saved["done"] and saved["crashes"] == saved["hangs"] == 0
    assert 35 <= saved["outcomes"]["int"] <= 70


def spin(seconds: float) -> None:
    """Burn CPU for `seconds` (a stall the CPU-time bound must see)."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_crashes_and_hangs_are_counted_and_the_run_goes_on(tmp_path: Path) -> None:
    def check(n: int) -> list[int]:
        with bounded("planted", 0.05):
            if n == 7:
                raise ValueError("planted crash")
            if n == 8:
                spin(1)
        return [n]

    figures = campaign("planted", st.integers(0, 9), check, 60, suite="t")
    saved = json.loads((tmp_path / "t-planted.json").read_text())
    assert saved["inputs"] >= 60 and saved["done"]
    assert saved["crashes"] >= 1 and saved["hangs"] >= 1, saved
    kinds = {failure["kind"] for failure in saved["failures"]}
    assert kinds == {"crash", "hang"}
    assert any("planted crash" in failure["error"] for failure in saved["failures"])
    assert figures["crashes"] == saved["crashes"]


def test_a_stall_is_a_hang_even_where_the_code_catches_every_exception(tmp_path: Path) -> None:
    """The readers turn any Exception into a Skipped: a stall inside one must still count
    as a hang, not as one more skip (TimeoutError, an OSError, did exactly that)."""
    def reader_like(n: int) -> list[str]:
        with bounded("swallowed", 0.05):
            try:
                if n == 3:
                    spin(1)
            except Exception:
                return ["Skipped"]
        return ["Article"]

    figures = campaign("swallowed", st.integers(0, 5), reader_like, 30, suite="t")
    assert figures["hangs"] >= 1 and "Skipped" not in figures["outcomes"], figures


def test_a_process_left_waiting_is_not_failed_for_it() -> None:
    """A wait without CPU (a shared machine not scheduling us) is not held against the
    input until WALL_SLACK times its bound."""
    with bounded("waiting", 0.05):
        time.sleep(0.2)
    with pytest.raises(fuzz_support.InputStalled, match="wall time"):
        with bounded("waiting", 0.01):
            time.sleep(0.5)
