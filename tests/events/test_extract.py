"""Events from seed sentences with hand-built actor mentions, times and places."""

from __future__ import annotations

from datetime import date

import pytest

from veille.events.extract import extract_events
from veille.model import Actor, Mention, Place, TimeValue

TEXT = ("Les États-Unis et l'Iran ont tenu des discussions secrètes en janvier à Oman. "
        "L'Iran a lancé des missiles et des drones contre Israël. "
        "Donald Trump avait menacé l'Iran de représailles. "
        "Téhéran n'a pas attaqué Washington. "
        "L'Iran pourrait frapper Israël.")
ACTORS = {"États-Unis": "USA", "Iran": "IRN", "Israël": "ISR", "Donald Trump": "TRUMP",
          "Téhéran": "IRN", "Washington": "USA"}


def _mentions(text: str) -> list[Mention]:
    out = []
    for name, actor_id in ACTORS.items():
        start = text.find(name)
        while start >= 0:
            if name == "Iran" and text[start - 2:start] in ("l'", "L'"):
                start -= 2
                end = start + 6
            else:
                end = start + len(name)
            out.append(Mention(start, end, text[start:end], Actor(actor_id, name)))
            start = text.find(name, end)
    return sorted(out, key=lambda m: m.start)


@pytest.fixture(scope="module")
def events(nlp_fr):
    doc = nlp_fr(TEXT)
    jan = TEXT.index("en janvier")
    times = [TimeValue(jan, jan + 10, "en janvier", "2024-01", granularity="month")]
    oman = TEXT.index("Oman")
    places = [Place(oman, oman + 4, "Oman", "Oman", "OMN")]
    return extract_events(doc, _mentions(TEXT), times, places,
                          published=date(2024, 3, 1), language="fr")


def _by_sentence(events, fragment):
    return [e for e in events if fragment in e.sentence]


def test_consult_with_its_date_and_place(events):
    [e] = _by_sentence(events, "discussions secrètes")
    assert (e.type, e.source.actor.id, e.target.actor.id) == ("CONSULT", "USA", "IRN")
    assert e.date.value == "2024-01" and not e.date_from_article
    assert e.place.country == "OMN"
    assert e.quad_class == "verbal_cooperation" and e.cameo_root == "04"


def test_assault_dated_from_the_article(events):
    [e] = _by_sentence(events, "missiles et des drones")
    assert (e.type, e.source.text, e.target.text) == ("ASSAULT", "L'Iran", "Israël")
    assert e.status == "occurred" and e.date_from_article and e.date.value == "2024-03-01"
    assert e.intensity == -10.0 and 0 < e.confidence <= 1


def test_threat_negation_and_conditional(events):
    [threat] = _by_sentence(events, "menacé")
    assert (threat.type, threat.status, threat.target.actor.id) == (
        "THREATEN", "threatened", "IRN")
    [denied] = _by_sentence(events, "n'a pas attaqué")
    assert denied.negated and denied.status == "denied"
    assert (denied.source.text, denied.target.text) == ("Téhéran", "Washington")
    [maybe] = _by_sentence(events, "pourrait")
    assert maybe.status == "hypothetical"


def test_offsets_point_into_the_text(events):
    for e in events:
        assert TEXT[e.start:e.end] == e.sentence
        assert TEXT[e.source.start:e.source.end] == e.source.text


def test_english_without_a_parser(nlp_en):
    text = "Iran fired missiles at Israel on Saturday. The weather was fine in Paris."
    mentions = [Mention(0, 4, "Iran", Actor("IRN", "Iran")),
                Mention(22, 28, "Israel", Actor("ISR", "Israel"))]
    [e] = extract_events(nlp_en(text), mentions, [], [], published=None, language="en")
    assert (e.type, e.source.text, e.target.text, e.date) == ("ASSAULT", "Iran", "Israel", None)


def test_no_trigger_no_event(nlp_fr):
    text = "L'Iran et Israël sont deux pays du Moyen-Orient."
    mentions = [Mention(0, 6, "L'Iran", Actor("IRN", "Iran")),
                Mention(10, 16, "Israël", Actor("ISR", "Israël"))]
    assert extract_events(nlp_fr(text), mentions, [], [], published=None, language="fr") == []


# Roles from the parse: one case per rule of `data/roles.yaml`, on seed-like sentences.

STATES = {"Iran": Actor("IRN", "Iran", "state", "IRN"),
          "Téhéran": Actor("IRNGOV", "Government of Iran", "government", "IRN"),
          "Israël": Actor("ISR", "Israel", "state", "ISR"),
          "Hezbollah": Actor("LBNREBHEZ", "Hezbollah", "armed_group", "LBN"),
          "Ukraine": Actor("UKR", "Ukraine", "state", "UKR"),
          "Russie": Actor("RUS", "Russia", "state", "RUS"),
          "milices": Actor("REB", "Militias", "armed_group")}


def _found(nlp_fr, text: str) -> list[tuple]:
    mentions = []
    for name, actor in STATES.items():
        start = text.find(name)
        while start >= 0:
            mentions.append(Mention(start, start + len(name), name, actor))
            start = text.find(name, start + 1)
    mentions.sort(key=lambda m: m.start)
    events = extract_events(nlp_fr(text), mentions, [], [], published=None, language="fr")
    return [(e.type, e.source.text if e.source else None, e.target.text if e.target else None,
             e.status, e.negated) for e in events]


def test_event_noun_with_its_doer_and_contre_target(nlp_fr):
    assert _found(nlp_fr, "L'attaque de l'Iran contre Israël a fait des dégâts.") == [
        ("ASSAULT", "Iran", "Israël", "occurred", False)]


def test_nationality_adjective_names_the_doer(nlp_fr):
    [e] = _found(nlp_fr, "Des frappes américaines contre le Hezbollah ont eu lieu hier.")
    assert e[:3] == ("ASSAULT", "américaines", "Hezbollah")


def test_passive_voice_agent_is_the_source(nlp_fr):
    [e] = _found(nlp_fr, "Israël a été attaqué par le Hezbollah.")
    assert e[:3] == ("ASSAULT", "Hezbollah", "Israël")


def test_a_noun_qualified_by_a_past_participle_is_its_target(nlp_fr):
    """"les milices tuées samedi": the militias were killed, they did not kill (the
    OrangeSum Mali store read "militaires tués" as French troops attacking)."""
    found = _found(nlp_fr, "Le Hezbollah a rendu hommage aux milices tuées samedi en Ukraine.")
    assert ("ASSAULT", "milices") not in {e[:2] for e in found}
    found = _found(nlp_fr, "Des milices soutenues par l'Iran ont défilé.")
    assert ("SUPPORT", "Iran", "milices") in {e[:3] for e in found}


def test_coordinated_subjects_give_one_event_each(nlp_fr):
    found = _found(nlp_fr, "La Russie et l'Iran ont condamné Israël.")
    assert {(s, t) for _, s, t, _, _ in found} == {("Russie", "Israël"), ("Iran", "Israël")}


def test_one_country_is_never_its_own_target(nlp_fr):
    assert all(t != "Téhéran" for _, _, t, _, _ in _found(nlp_fr, "L'Iran a dénoncé Téhéran."))


def test_planned_hypothetical_and_negated(nlp_fr):
    assert _found(nlp_fr, "Les milices envisagent de frapper l'Iran.") == [
        ("ASSAULT", "milices", "Iran", "planned", False)]
    [(_, _, _, status, negated)] = _found(
        nlp_fr, "Depuis le 4 février, aucune attaque du Hezbollah n'a visé Israël.")
    assert (status, negated) == ("denied", True)
    [(_, _, _, status, _)] = _found(nlp_fr, "La Russie pourrait frapper l'Ukraine.")
    assert status == "hypothetical"


def test_a_line_break_ends_the_roles(nlp_fr):
    text = "L'Iran en alerte\nIsraël a frappé le Hezbollah."
    assert [(s, t) for _, s, t, _, _ in _found(nlp_fr, text)] == [("Israël", "Hezbollah")]


def test_a_duration_never_dates_an_event() -> None:
    import veille

    record = veille.analyze("Pendant un mois, l'Iran a attaqué Israël avec des drones.",
                            published="2024-05-17", language="fr").to_dict()
    assaults = [e for e in record["events"] if e["type"] == "ASSAULT"]
    assert assaults, record["events"]
    assert all(e["date"]["value"] == "2024-05-17" and e["date_from_article"] for e in assaults)
