"""The whole analysis of one real seed passage, through the public Python API."""

from __future__ import annotations

import veille

SEED_004 = (
    "DUBAÏ, 4 février - Des pourparlers entre les États-Unis et l'Iran doivent se tenir "
    "vendredi à Oman, où plusieurs sessions de discussions ont déjà eu lieu au sujet du "
    "programme nucléaire de Téhéran, alors que Washington laisse planer la menace d'une "
    "intervention militaire contre la République islamique.\n\n"
    "Donald Trump a menacé mardi l'Iran de \"graves\" conséquences, a déclaré un responsable "
    "régional."
)


def test_analyze_fills_every_stage_of_the_contract() -> None:
    record = veille.analyze(SEED_004, published="2026-02-04", language="fr").to_dict()
    actors = {m["actor"]["id"] for m in record["mentions"] if m["actor"]}
    assert {"USA", "IRN"} <= actors
    assert any(m["text"] == "Donald Trump" and m["actor"]["kind"] == "person"
               for m in record["mentions"])
    values = {t["text"]: t["value"] for t in record["times"]}
    assert values["vendredi"] == "2026-02-06"  # future tense: the coming Friday
    assert values["mardi"] == "2026-02-03"
    assert "OMN" in {p["country"] for p in record["places"]}
    assert any(c["sourcing"] == "anonymous" for c in record["claims"])
    threats = [e for e in record["events"] if e["type"] == "THREATEN"]
    assert any(e["source"]["actor"]["id"].endswith("TRUMP-DONALD")
               and e["target"]["actor"]["id"] == "IRN" for e in threats)
    quality = record["quality"]
    assert (quality["named_sources"], quality["anonymous_sources"]) == (1, 1)
    assert quality["content_sentences"] == 2 and quality["share_anonymous_or_unsourced"] == 0.5


def test_analyze_detects_language_and_keeps_english_working_without_a_parser() -> None:
    record = veille.analyze("Iran rejected the U.S. demand on Friday, according to a senior "
                            "Iranian official.", published="2026-02-06").to_dict()
    assert record["language"] == "en"
    assert "IRN" in {m["actor"]["id"] for m in record["mentions"] if m["actor"]}
    assert {t["value"] for t in record["times"]} == {"2026-02-06"}
