"""Contested claims within one article and across stored articles."""

from __future__ import annotations

from datetime import date

from veille.claims import extract_claims, find_contradictions, mark_contested
from veille.model import Actor, Claim, Mention

ISRAEL = ("Entité sioniste a déclaré avoir intercepté 99 % des missiles et drones iraniens grâce à une "
          "défense aérienne conjointe inédite avec les États-Unis, le Royaume-Uni et d’autres pays.")
TV = "De son côté, la télévision iranienne a affirmé que la moitié des missiles et drones ont atteint leurs cibles."


def test_the_99_percent_and_half_claims_are_contested_across_articles(nlp_fr):
    a = extract_claims(nlp_fr(ISRAEL), language="fr")
    b = extract_claims(nlp_fr(TV), language="fr")
    assert not a[0].contested_with and not b[0].contested_with  # alone, each article agrees with itself
    found = find_contradictions({"article-a": a, "article-b": b}, language="fr")
    assert len(found) == 1 and found[0].reason == "quantity"
    assert found[0].detail == ("Entité sioniste : avoir intercepté 99 % des missiles et drones iraniens — "
                               "la télévision iranienne : la moitié des missiles et drones ont atteint leurs cibles")
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
    link = next(link for link in denial.contested_with if link["reason"] == "denial")
    assert "La Maison Blanche : dément (" in link["detail"]  # the words come from the lexicon


def test_english_claims_without_that(nlp_en):
    (claim,) = extract_claims(nlp_en("Directly after the attacks Tuesday, the Afghan government said Taliban "
                                     "militants were responsible."), language="en")
    assert claim.speaker_text == "the Afghan government" and claim.content == "Taliban militants were responsible"


def _claim(content: str, speaker: str, start: int, actor: Actor | None = None, **kw) -> Claim:
    from veille.claims.lexicon import load_lexicon
    from veille.claims.numbers import numeric_facts

    facts = [f.to_dict() for f in numeric_facts(content, 0, len(content), load_lexicon("fr"))]
    for f in facts:
        f["start"] += start
        f["end"] += start
    mention = Mention(0, len(speaker), speaker, actor) if actor else None
    return Claim(content=content, start=start, end=start + len(content), speaker_text=speaker,
                 speaker=mention, sentence=kw.pop("sentence", content), numbers=facts, **kw)


NATO = Actor("IGONAT", "North Atlantic Treaty Organization", "igo", "IGO")


def test_a_body_and_its_alias_are_one_speaker():
    a = _claim("quelque 200 frappes aériennes ont visé les positions du régime", "l'OTAN", 0, NATO)
    b = _claim("plus de 900 frappes aériennes ont visé les positions du régime", "l'Alliance atlantique", 500, NATO)
    assert find_contradictions({"a": [a], "b": [b]}) == []
    b.speaker = None  # an unresolved speaker of another name is another speaker
    assert [c.reason for c in find_contradictions({"a": [a], "b": [b]})] == ["quantity"]


def test_numbers_of_one_sentence_are_one_report():
    sentence = "environ 200 soldats loyalistes font face à des milliers de soldats rebelles"
    a = _claim("environ 200 soldats loyalistes", "le porte-parole", 0, sentence=sentence)
    b = _claim("des milliers de soldats rebelles", "un officier", 40, sentence=sentence)
    assert find_contradictions({"x": [a, b]}) == []


def test_a_toll_that_moves_over_days_is_not_a_dispute():
    a = _claim("12 civils ont été tués dans le bombardement de Tarhouna", "le ministère de la Santé", 0)
    b = _claim("30 civils ont été tués dans le bombardement de Tarhouna", "l'ONU", 0)
    same_day = {"a": date(2020, 6, 5), "b": date(2020, 6, 5)}
    week_later = {"a": date(2020, 6, 5), "b": date(2020, 6, 12)}
    assert len(find_contradictions({"a": [a], "b": [b]}, published=same_day)) == 1
    assert find_contradictions({"a": [a], "b": [b]}, published=week_later) == []


def test_counts_of_different_slots_do_not_conflict():
    a = _claim("les forces pro-Haftar se retirent vers le Sud via Mezdah, à plus de 150 km de Tripoli", "Jalel", 0)
    b = _claim("le GNA contrôle Tarhouna, à 80 km au sud de la capitale Tripoli", "le porte-parole", 0)
    assert find_contradictions({"a": [a], "b": [b]}) == []


def test_the_gold_loads_with_its_split_fixed():
    from pathlib import Path

    from veille.eval.contradictions import by_split_counts, load_gold

    gold = load_gold(Path(__file__).resolve().parents[1] / "data" / "contradictions")
    assert {k: len(v) for k, v in gold.articles.items()} == {"dev": 16, "heldout": 20}
    counts = by_split_counts(gold)
    assert counts["heldout"]["contradict"] == 3 and sum(counts["dev"].values()) == 119


def test_a_question_contradicts_nobody_and_one_person_is_one_speaker():
    question = _claim("Si j'étais une femme, vous m'auriez serré la main ?", "M. Elkabbach", 0)
    answer = _claim("il ne serre pas la main aux femmes qu'il ne connaît pas", "L'ambassadeur", 0)
    assert find_contradictions({"a": [question], "b": [answer]}) == []
    from veille.claims.contradictions import speaker_key

    assert speaker_key(_claim("x", "Mohamad Gnounou", 0)) == speaker_key(_claim("x", "M. Gnounou", 0))
    assert speaker_key(_claim("x", "le porte-parole", 0)) != speaker_key(_claim("x", "M. Gnounou", 0))
