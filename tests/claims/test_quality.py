"""Transparency profiles: seed 000 (generated filler, no named source) against seeds 002–004."""

from __future__ import annotations

import re

import pytest

from veille.claims import extract_claims, quality_profile


@pytest.fixture(scope="module")
def profiles(seeds_dir, nlp_fr) -> dict[str, dict]:
    out = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        text = re.sub(r"^\s*date \d{4}(?:-\d{2}){0,2}\s*", "", path.read_text(encoding="utf-8"))
        doc = nlp_fr(text)
        out[path.name[:3]] = quality_profile(doc, extract_claims(doc, language="fr"), language="fr")
    return out


def test_seed_000_is_visibly_less_transparent_than_002_to_004(profiles):
    worst = profiles["000"]
    for other in ("002", "003", "004"):
        assert worst["transparency_score"] < profiles[other]["transparency_score"]
        assert worst["opinion_markers"] > profiles[other]["opinion_markers"]
        assert worst["low_quality_signals"] > profiles[other]["low_quality_signals"]
    assert worst["named_sources"] == 0 and worst["share_anonymous_or_unsourced"] > 0.95


def test_seed_000_filler_signs_are_named(profiles):
    kinds = {s["kind"] for s in profiles["000"]["low_quality"]}
    assert {"empty_lead_in", "duplicated_fragment", "generic_heading"} <= kinds
    texts = " ".join(s["text"] for s in profiles["000"]["low_quality"])
    assert "voici deux repères" in texts
    assert "Je me pose" in profiles["000"]["opinion_examples"]


def test_counts_per_class_add_up(profiles):
    for profile in profiles.values():
        assert sum(profile["sourcing_counts"].values()) == profile["claims"]
        assert abs(sum(profile["sentence_share"].values()) - 1.0) < 0.01
