"""`veille eval claims`: the gold loads by text, the metrics move the right way, floors hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from veille.eval.claims import GoldDoc, evaluate_claims, load_gold, match_claims, spacy_extractor, token_f1
from veille.model import Claim

GOLD = Path(__file__).resolve().parents[1] / "data" / "claims_gold.jsonl"
#: Floors on the development split (seeds + 2011–2012 Egypt articles), like an eval gate.
DEV_FLOORS = {"f1": 0.85, "speaker_accuracy": 0.85, "sourcing_accuracy": 0.90}


@pytest.fixture(scope="module")
def gold() -> list[GoldDoc]:
    return load_gold(GOLD)


def _perfect(doc: GoldDoc) -> list[Claim]:
    return [Claim(content=g.record["content"], start=g.start, end=g.end, speaker_text=g.record["speaker"],
                  sourcing=g.record["sourcing"], speaker_kind=g.record["speaker_kind"],
                  speaker_country=g.record["speaker_country"], relayed_by=list(g.record["relayed_by"]))
            for g in doc.claims]


def test_gold_has_150_claims_in_two_splits_located_by_text(gold):
    claims = [c for d in gold for c in d.claims]
    assert len(claims) >= 150
    assert {d.split for d in gold} == {"dev", "heldout"}
    for doc in gold:
        for c in doc.claims:
            assert doc.text[c.start:c.end] == c.record["content"]
            assert c.record["sourcing"] in ("named_official", "named_other", "anonymous", "media_relay", "unattributed")


def test_a_perfect_system_scores_one_and_an_empty_one_zero(gold):
    perfect = evaluate_claims(gold, extract=_perfect)["all"]
    assert perfect["f1"] == 1.0 and perfect["speaker_accuracy"] == 1.0 and perfect["sourcing_accuracy"] == 1.0
    empty = evaluate_claims(gold, extract=lambda doc: [])["all"]
    assert empty["recall"] == 0.0 and empty["f1"] == 0.0


def test_wrong_sourcing_and_speakers_are_counted(gold):
    def swapped(doc: GoldDoc) -> list[Claim]:
        claims = _perfect(doc)
        for c in claims:
            c.sourcing, c.speaker_text = "named_other" if c.sourcing != "named_other" else "anonymous", "quelqu'un"
        return claims

    result = evaluate_claims(gold, extract=swapped)["all"]
    assert result["f1"] == 1.0 and result["sourcing_accuracy"] == 0.0 and result["speaker_accuracy"] < 0.3


def test_matching_needs_half_of_the_shorter_span():
    gold_doc = GoldDoc("k", "dev", "fr", "abcdefghijklmnopqrstuvwxyz")
    from veille.eval.claims import GoldClaim

    g = GoldClaim({"content": "abcdefghij"}, 0, 10)
    assert match_claims([g], [Claim(content="x", start=4, end=12)])
    assert not match_claims([g], [Claim(content="x", start=8, end=20)])
    assert token_f1("Vedant Patel", "Patel") > 0.5 and gold_doc.key == "k"


def test_dev_split_meets_the_floors(gold):
    dev = [d for d in gold if d.split == "dev"]
    result = evaluate_claims(dev, extract=spacy_extractor())["dev"]
    for metric, floor in DEV_FLOORS.items():
        assert result[metric] >= floor, (metric, result[metric])


def test_cli_prints_the_table_and_json(tmp_path):
    import veille.surfaces.cli  # noqa: F401  (builds the app)
    from veille.surfaces.cli_app import app

    small = tmp_path / "gold.jsonl"
    lines = [line for line in GOLD.read_text(encoding="utf-8").splitlines() if '"seed:003_' in line]
    small.write_text("\n".join(lines) + "\n", encoding="utf-8")
    runner = CliRunner()
    table = runner.invoke(app, ["eval", "claims", str(small)])
    assert table.exit_code == 0, table.output
    assert "detection F1" in table.output
    as_json = runner.invoke(app, ["eval", "claims", str(small), "--json"])
    assert json.loads(as_json.output)["dev"]["gold_claims"] == 5
    missing = runner.invoke(app, ["eval", "claims", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 2
