"""Claim extraction on the seed articles: the claims the issue quotes, with speaker, class and relay."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from veille.claims import extract_claims
from veille.model import Claim


def _seed_doc(seeds_dir: Path, nlp, prefix: str):
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    text = re.sub(r"^\s*date \d{4}(?:-\d{2}){0,2}\s*", "", path.read_text(encoding="utf-8"))
    return nlp(text)


@pytest.fixture(scope="module")
def seed_claims(seeds_dir, nlp_fr) -> dict[str, list[Claim]]:
    return {p: extract_claims(_seed_doc(seeds_dir, nlp_fr, p), language="fr") for p in ("000", "001", "002", "003", "004")}


def _find(claims: list[Claim], content_part: str) -> Claim:
    found = [c for c in claims if content_part in c.content]
    assert found, f"no claim contains {content_part!r}: {[c.content[:60] for c in claims]}"
    return found[0]


def test_israel_and_iranian_tv_disagree_and_are_linked_as_contested(seed_claims):
    claims = seed_claims["001"]
    israel = _find(claims, "intercepté 99 %")
    tv = _find(claims, "la moitié des missiles")
    assert (israel.speaker_text, israel.sourcing, israel.speaker_country) == ("Entité sioniste", "named_official", "ISR")
    assert (tv.speaker_text, tv.sourcing, tv.verb) == ("la télévision iranienne", "media_relay", "affirmé")
    assert any(c["claim"] == claims.index(tv) and c["reason"] == "quantity" for c in israel.contested_with)
    assert any(c["claim"] == claims.index(israel) for c in tv.contested_with)
    assert israel.numbers[0]["value"] == 99.0 and israel.numbers[0]["unit"] == "percent"


def test_axios_is_a_media_relay_and_patel_a_named_official_with_his_date(seed_claims):
    claims = seed_claims["001"]
    axios = _find(claims, "deux hauts responsables")
    assert (axios.speaker_text, axios.sourcing) == ("le site Axios", "media_relay")
    patel = _find(claims, "l’administration Biden dispose de moyens")
    assert (patel.speaker_text, patel.sourcing, patel.date_text) == ("Vedant Patel", "named_official", "lundi dernier")
    assert _find(claims, "l’évaluation actuelle").speaker_text == "Vedant Patel"  # "Il a souligné"


def test_anonymous_sources_keep_their_count(seed_claims):
    claims = seed_claims["002"]
    four = _find(claims, "sur le point d'entamer des discussions")
    assert (four.speaker_text, four.sourcing, four.source_count) == ("quatre sources", "anonymous", 4)
    official = _find(claims, "Commission militaire supérieure")
    assert official.direct and official.speaker_text == "un responsable américain"
    assert official.speaker_country == "USA" and official.source_count == 1
    quote = _find(claims, "Nous en discutons depuis des mois")
    assert quote.speaker_text == "le fonctionnaire" and quote.sourcing == "anonymous"


def test_officials_cited_by_the_financial_times_are_anonymous_and_relayed(seed_claims):
    claims = seed_claims["003"]
    first = _find(claims, "discussions secrètes en janvier")
    assert first.speaker_text == "des responsables américains et iraniens"
    assert first.sourcing == "anonymous" and first.relayed_by == ["le Financial Times"]
    told = _find(claims, "influence limitée sur les rebelles houthis")
    assert told.relayed_by == ["Financial Times"]  # "a déclaré au journal" → the outlet named before
    assert _find(claims, "négociations avec ces derniers").speaker_text == "un responsable iranien"


def test_regional_official_and_pronoun_speakers(seed_claims):
    claims = seed_claims["004"]
    assert _find(claims, "l'Iran a demandé").speaker_text == "un responsable de la région"
    quote = _find(claims, "Nous sommes en train de négocier avec eux")
    assert quote.speaker_text == "Donald Trump" and quote.direct  # "a-t-il dit"
    threat = _find(claims, "d'une sévère riposte")
    assert threat.speaker_text == "Les autorités iraniennes" and threat.stance == "threaten"  # "Elles ont menacé"


def test_unsourced_numbers_are_unattributed_claims(seed_claims):
    soldiers = _find(seed_claims["002"], "2 500 soldats")
    assert soldiers.sourcing == "unattributed" and soldiers.speaker_text is None
    assert soldiers.numbers[0]["value"] == 2500.0 and soldiers.numbers[0]["counts"] == "soldats"


def test_seed_000_rests_on_vague_and_anonymous_sources(seed_claims):
    classes = {c.sourcing for c in seed_claims["000"]}
    assert classes <= {"anonymous", "unattributed"}
    assert _find(seed_claims["000"], "le danger n’est pas").speaker_text == "un analyste géopolitique"


def test_english_without_a_parser_still_gets_claims(nlp_en):
    doc = nlp_en("Pakistan and Afghanistan's intelligence services have agreed to share information and even "
                 "cooperate on the ground, according to Pakistani officials.")
    (claim,) = extract_claims(doc, language="en")
    assert (claim.speaker_text, claim.sourcing, claim.speaker_country) == ("Pakistani officials", "anonymous", "PAK")
    doc = nlp_en("British military police have launched an investigation into claims that two servicemen abused "
                 "children in Afghanistan, the defence ministry said today.")
    (claim,) = extract_claims(doc, language="en")
    assert claim.speaker_text == "the defence ministry" and claim.sourcing == "named_official"


def test_claim_to_dict_keeps_the_contract_keys(seed_claims):
    data = _find(seed_claims["001"], "intercepté 99 %").to_dict()
    assert {"speaker", "sourcing", "content", "direct", "start", "end", "relayed_by"} <= set(data)
    assert data["speaker"]["text"] == "Entité sioniste" and "actor" in data["speaker"]


def test_events_inside_a_claim_are_attributed_to_it(seed_claims, seeds_dir, nlp_fr):
    from veille.claims import attribution_for

    doc = _seed_doc(seeds_dir, nlp_fr, "002")
    claims = seed_claims["002"]
    trigger = doc.text.index("ont transmis ce message")
    index = attribution_for(trigger, trigger + 23, claims)
    assert index is not None and claims[index].speaker_text == "trois sources"
    soldiers = doc.text.index("ont 2\u202f500 soldats") if "2\u202f500" in doc.text else doc.text.index("ont 2 500 soldats")
    assert attribution_for(soldiers, soldiers + 10, claims) is None  # the outlet's own, unsourced sentence
