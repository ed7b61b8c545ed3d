"""Contested claims within one article and across stored articles."""

from __future__ import annotations

from veille.claims import extract_claims, find_contradictions, mark_contested

ISRAEL = ("Entité sioniste a déclaré avoir intercepté 99 % des missiles et drones iraniens grâce à une "
          "défense aérienne conjointe inédite avec les États-Unis, le Royaume-Uni et d’autres pays.")
TV = "De son côté, la télévision iranienne a affirmé que la moitié des missiles et drones ont atteint leurs cibles."


def test_the_99_percent_and_half_claims_are_contested_across_articles(nlp_fr):
    a = extract_claims(nlp_fr(ISRAEL), language="fr")
    b = extract_claims(nlp_fr(TV), language="fr")
    assert not a[0].contested_with and not b[0].contested_with  # alone, each article agrees with itself
    found = find_contradictions({"article-a": a, "article-b": b}, language="fr")
    assert len(found) == 1 and found[0].reason == "quantity"
    mark_contested(a, found, article="article-a")
    assert a[0].contested_with[0]["article"] == "article-b"


def test_same_speaker_or_agreeing_numbers_are_not_contested(nlp_fr):
    a = extract_claims(nlp_fr(ISRAEL), language="fr")
    again = extract_claims(nlp_fr(ISRAEL.replace("99 %", "98 %")), language="fr")
    assert find_contradictions({"a": a, "b": again}, language="fr") == []


def _orangesum_article(shared_data, article_id: str) -> str:
    import gzip
    import json

    with gzip.open(shared_data / "orangesum_fr.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            if f'"{article_id}"' in line:
                return json.loads(line)["text"]
    raise AssertionError(f"{article_id} not in OrangeSum")


def test_a_denial_contests_the_report_it_denies(shared_data, nlp_fr):
    # OrangeSum 1198: the White House denies that Trump was briefed, which the NYT reported.
    claims = extract_claims(nlp_fr(_orangesum_article(shared_data, "orangesum-1198")), language="fr")
    denial = next(c for c in claims if c.stance == "deny")
    assert denial.speaker_text == "La Maison Blanche" and denial.sourcing == "named_official"
    nyt = next(c for c in claims if c.speaker_text == "le New York Times")
    assert nyt.sourcing == "media_relay"
    assert any(link["claim"] == claims.index(nyt) and link["reason"] == "denial" for link in denial.contested_with)


def test_english_claims_without_that(nlp_en):
    (claim,) = extract_claims(nlp_en("Directly after the attacks Tuesday, the Afghan government said Taliban "
                                     "militants were responsible."), language="en")
    assert claim.speaker_text == "the Afghan government" and claim.content == "Taliban militants were responsible"
