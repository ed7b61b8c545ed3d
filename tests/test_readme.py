"""The README starts with exactly the two commands, and CI runs the second one verbatim."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _code_blocks() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return [b.strip() for b in re.findall(r"```bash\n(.*?)```", readme, flags=re.S)]


def test_readme_opens_with_the_install_and_demo_then_the_test_command() -> None:
    first, second = _code_blocks()[:2]
    assert first.endswith("veille demo") and "pip install" in first
    assert second.endswith("-m pytest") and "'.[test]'" in second


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert _code_blocks()[1] in ci.splitlines()
