"""The brief's words (`data/labels.yaml`) and lexicons (`data/lexicon.yaml`), read once.

Both build and render read them: build to name actors in the brief's language, render to
write every sentence. No word a reader sees is written in code.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any


from veille.languages import analysed_languages, data_file
from veille.yamlfile import load_yaml


def _data(name: str) -> dict[str, Any]:
    text = resources.files("veille.surfaces.brief").joinpath(f"data/{name}").read_text("utf-8")
    return load_yaml(text)


@lru_cache(maxsize=1)
def _packaged_labels() -> dict[str, dict[str, Any]]:
    return _data("labels.yaml")


def labels() -> dict[str, dict[str, Any]]:
    """Per language, every label of the brief: the packaged ones (data/labels.yaml), and
    those of a language whose profile names a "brief" file (its labels, the same keys)."""
    found = dict(_packaged_labels())
    for code in analysed_languages():
        path = data_file(code, "brief")
        if path is not None:
            found[code] = {**found.get(code, {}), **load_yaml(path.read_text("utf-8"))}
    return found


def brief_languages() -> tuple[str, ...]:
    """The languages a brief can be written in: the analysed ones that have its labels."""
    words = labels()
    return tuple(code for code in analysed_languages() if code in words)


@lru_cache(maxsize=None)
def lexicon_pattern(topic: str) -> re.Pattern[str]:
    """One regex matching any word of `topic` in `data/lexicon.yaml` at a word start."""
    words = sorted(_data("lexicon.yaml")[topic], key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)",
                      re.IGNORECASE)
