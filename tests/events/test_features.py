"""Regions and cross-lingual lexicon features of a marked candidate."""

from __future__ import annotations

from veille.events.features import EventInput, feature_fields, lexicon_hits, parse_marked


def test_parse_marked_gives_offsets_into_the_clean_sentence():
    x = parse_marked("<t>Iran</t> was attacked by <s>Israel</s> on Monday")
    assert x.sentence == "Iran was attacked by Israel on Monday"
    assert x.sentence[slice(*x.source)] == "Israel"
    assert x.sentence[slice(*x.target)] == "Iran"


def test_french_and_english_triggers_share_concepts():
    fr = {(p.type, p.concept) for _, p in lexicon_hits(
        ["a", "menacé", "de", "représailles"], "triggers.tsv", "fr")}
    en = {(p.type, p.concept) for _, p in lexicon_hits(
        ["threatened", "retaliation"], "triggers.tsv", "en")}
    assert ("THREATEN", "threaten") in fr & en


def test_multiword_and_prefix_patterns():
    hits = lexicon_hits(["un", "cessez", "le", "feu", "a", "été", "signé"], "triggers.tsv", "fr")
    concepts = {(p.type, p.concept) for _, p in hits}
    assert ("RETREAT", "ceasefire") in concepts and ("AGREE", "sign") in concepts


def test_feature_fields_read_the_words_between_the_actors():
    x = parse_marked("<s>L'Iran</s> a lancé des missiles et des drones contre <t>Israël</t>", "fr")
    fields = feature_fields(x)
    assert "missiles" in fields["btw"] and "Israël" not in fields["btw"]
    assert "btw_ASSAULT_bomb" in fields["lex"].split()
    assert "btw_CUE_against" in fields["lex"].split()
    assert fields["sent"].split()[0] == "src"


def test_candidate_without_spans_still_has_features():
    fields = feature_fields(EventInput("Protesters rallied in Cairo.", None, None, "en"))
    assert "PROTEST" in fields["lex"]


def test_btw_field_is_folded_and_keeps_apostrophes():
    fields = feature_fields(parse_marked("<s>L’Iran</s> a négocié l’accord à Mascate avec <t>Oman</t>", "fr"))
    assert fields["btw"].strip() == "a negocie l’accord a mascate avec"
