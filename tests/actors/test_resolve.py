"""Mention resolution on real sentences from the seed articles (French) and English prose."""

from __future__ import annotations

from datetime import date

import pytest

from veille.actors.index import index_for
from veille.actors.kb import load_kb
from veille.actors.resolve import resolve_mentions


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def resolve(nlp, kb, text, *, published=None, language="fr"):
    return resolve_mentions(nlp(text), kb, published=published, language=language)


def by_text(mentions):
    return {m.text: m for m in mentions}


def test_names_metonyms_and_framing_of_seed_001(nlp_fr, kb):
    text = ("Entité sioniste a déclaré avoir intercepté 99 % des missiles et drones iraniens "
            "grâce à une défense aérienne conjointe inédite avec les États-Unis. Le silence de "
            "la Maison-Blanche laisse entendre que des négociations sont en cours.")
    found = by_text(resolve(nlp_fr, kb, text))
    assert found["Entité sioniste"].actor.id == "ISR"
    assert found["États-Unis"].actor.id == "USA"
    assert found["Maison-Blanche"].actor.country == "USA"
    assert found["Maison-Blanche"].actor.kind == "government"
    assert "drones iraniens" not in found  # an adjective alone names no actor


def test_people_and_in_document_short_forms(nlp_fr, kb):
    text = ("Ces discussions, impliquant Brett McGurk, le principal conseiller de Biden pour le "
            "Moyen-Orient, et Abram Paley, marquent une première. D'après des sources, McGurk et "
            "Paley sont arrivés à Mascate mardi dernier.")
    mentions = resolve(nlp_fr, kb, text, published=date(2024, 5, 20))
    full = next(m for m in mentions if m.text == "Brett McGurk")
    short = next(m for m in mentions if m.text == "McGurk")
    assert full.actor is not None and full.actor.country == "USA" and full.actor.kind == "person"
    assert short.actor == full.actor
    assert next(m for m in mentions if m.text == "Paley").actor.country == "USA"
    assert not any(m.text == "Mascate" for m in mentions)  # "à Mascate" is a place


def test_group_descriptions_take_their_nationality(nlp_fr, kb):
    text = ("Les milices envisagent de frapper les forces iraniennes. « Nous en discutons », a "
            "confirmé un responsable américain, selon quatre sources. Les manifestants ont défilé.")
    found = by_text(resolve(nlp_fr, kb, text))
    forces = found["forces iraniennes"].actor
    assert (forces.kind, forces.country) == ("military", "IRN")
    official = found["responsable américain"].actor
    assert (official.kind, official.country) == ("anonymous_source", "USA")
    assert found["sources"].actor.kind == "anonymous_source"
    assert found["sources"].actor.country is None
    assert found["manifestants"].actor.kind == "civilians"
    assert found["milices"].actor.kind == "armed_group"


def test_vague_group_words_without_a_country_are_not_actors(nlp_fr, kb):
    mentions = resolve(nlp_fr, kb, "Le rapport de forces a changé dans la région.")
    assert mentions == []


def test_role_phrase_resolves_with_the_article_date(nlp_fr, kb):
    text = "Le ministre iranien des Affaires étrangères a rencontré son homologue omanais."
    mention = resolve(nlp_fr, kb, text, published=date(2026, 2, 4))[0]
    assert mention.method == "role"
    assert mention.actor.country == "IRN" and mention.actor.kind == "person"
    holders = kb.holders("foreign_minister", "IRN", date(2026, 2, 4))
    if holders:
        assert mention.actor.id == holders[0].id


def test_role_in_apposition_leaves_the_name_as_the_mention(nlp_fr, kb):
    text = ("Ils devraient participer aux pourparlers avec le ministre iranien des Affaires "
            "étrangères, Abbas Araqchi.")
    mentions = resolve(nlp_fr, kb, text, published=date(2026, 2, 4))
    assert [m.text for m in mentions] == ["Abbas Araqchi"]
    assert mentions[0].actor.country == "IRN"


def test_unknown_names_are_kept_unresolved_or_get_the_stated_nationality(nlp_fr, kb):
    text = ("Natasha Smith, une journaliste britannique, a été agressée. « Nous resterons », a "
            "déclaré Ahmed Fahmy, un chômeur de 34 ans.")
    found = by_text(resolve(nlp_fr, kb, text))
    assert found["Natasha Smith"].actor.country == "GBR"
    assert found["Natasha Smith"].actor.kind == "person"
    assert found["Ahmed Fahmy"].actor is None and found["Ahmed Fahmy"].label == "PER"


def test_matching_tolerates_missing_accents_and_capitals(nlp_fr, kb):
    found = by_text(resolve(nlp_fr, kb, "Les Etats-Unis et TEHERAN discutent."))
    assert found["Etats-Unis"].actor.id == "USA"
    assert found["TEHERAN"].actor.country == "IRN"


def test_english_without_a_parser_still_gets_gazetteer_actors(nlp_en, kb):
    text = "Iranian forces seized a tanker, US officials said, as Tehran warned Washington."
    found = by_text(resolve(nlp_en, kb, text, language="en"))
    assert (found["Iranian forces"].actor.kind, found["Iranian forces"].actor.country) == \
        ("military", "IRN")
    assert found["US officials"].actor.kind == "anonymous_source"
    assert found["US officials"].actor.country == "USA"
    assert found["Tehran"].actor.country == "IRN"


def test_index_is_compiled_once_per_kb_and_language(kb):
    assert index_for(kb, "fr") is index_for(kb, "fr")
    assert index_for(kb, "fr") is not index_for(kb, "en")


def test_every_actor_of_the_issue_resolves_on_the_seeds(nlp_fr, kb, seeds_dir):
    expected = {
        "000": {"forces iraniennes": "IRN", "régime iranien": "IRN", "États-Unis": "USA"},
        "001": {"Brett McGurk": "USA", "McGurk": "USA", "Entité sioniste": "ISR",
                "administration Biden": "USA", "Maison-Blanche": "USA", "Iran": "IRN"},
        "002": {"Mohammad Chia al-Soudani": "IRQ", "Téhéran": "IRN", "Washington": "USA",
                "sources": None},
        "004": {"Abbas Araqchi": "IRN", "République islamique": "IRN", "régime iranien": "IRN"},
    }
    for prefix, names in expected.items():
        path = next(seeds_dir.glob(f"{prefix}_*.txt"))
        found = by_text(resolve(nlp_fr, kb, path.read_text(encoding="utf-8")))
        for name, country in names.items():
            assert name in found, f"{path.name}: {name!r} not found"
            assert found[name].actor is not None, f"{path.name}: {name!r} unresolved"
            assert found[name].actor.country == country, f"{path.name}: {name!r}"


MALI_COUP = (  # OrangeSum (CC BY-SA 4.0), orangesum-35645, a dev article of the gold
    "Mali: des militaires renversent le président et promettent des élections\n\n"
    "Les militaires qui ont renversé mardi le président malien Ibrahim Boubacar Keïta ont promis "
    "mercredi une transition politique et des élections générales.\n\n"
    "\"Nous, forces patriotiques regroupées au sein du Comité national pour le salut du peuple "
    "(CNSP), avons décidé de prendre nos responsabilités devant le peuple et devant l'histoire\", a "
    "déclaré à la télévision publique ORTM le porte-parole des militaires mutinés, le colonel-major "
    "Ismaël Wagué, chef d'état-major adjoint de l'armée de l'air. Auparavant, dans une déclaration "
    "télévisée, le président Keïta, arrêté quelques heures plus tôt par des militaires, a annoncé "
    "sa démission et la dissolution du gouvernement.")


def test_generic_actors_and_unknown_people_take_the_country_the_article_is_about(nlp_fr, kb):
    from veille.actors.context import article_country, load_context_rules

    mentions = resolve(nlp_fr, kb, MALI_COUP, published=date(2020, 8, 19))
    assert article_country(mentions, MALI_COUP, load_context_rules())[0] == "MLI"
    found = by_text(mentions)
    for generic in ("militaires", "gouvernement", "peuple"):
        assert found[generic].actor.country == "MLI", generic
        assert found[generic].method.endswith("+article")  # the evidence is recorded
    assert found["militaires"].actor.kind == "military"
    wague = found["Ismaël Wagué"]
    assert wague.actor.country == "MLI" and wague.actor.kind == "person"


def test_a_sentence_nationality_wins_over_the_article_country(nlp_fr, kb):
    text = MALI_COUP + " Les soldats français de Barkhane sont restés à l'écart."
    found = by_text(resolve(nlp_fr, kb, text, published=date(2020, 8, 19)))
    assert found["soldats français"].actor.country == "FRA"
    assert not found["soldats français"].method.endswith("+article")


def test_initials_after_the_full_name_are_the_same_person(nlp_fr, kb):
    text = MALI_COUP + " Les partisans d'IBK ont dénoncé un coup d'Etat."
    found = by_text(resolve(nlp_fr, kb, text, published=date(2020, 8, 19)))
    assert found["IBK"].actor.id == found["Ibrahim Boubacar Keïta"].actor.id  # a KB alias now
    text = ("Coup d'Etat au Mali. L'ancien président Amadou Toumani Touré a été renversé en 2012. "
            "Les partisans d'ATT ont dénoncé un coup d'Etat.")  # the parser tags "ATT" ORG
    found = by_text(resolve(nlp_fr, kb, text, published=date(2020, 8, 19)))
    assert found["ATT"].actor.id == found["Amadou Toumani Touré"].actor.id == "PERS-MLI-TOURE-AMADOU"
    assert found["ATT"].method == "short_form"


HONG_KONG_ARRESTS = (  # OrangeSum (CC BY-SA 4.0), orangesum-283, a dev article of the gold
    "Premières arrestations à Hong Kong en vertu de la loi sur la sécurité\n\n"
    "Moins de 24 heures après l'entrée en vigueur de la loi sur la sécurité nationale imposée par "
    "Pékin à Hong Kong, la police a procédé aux premières arrestations en vertu de ce texte qui rend "
    "la justice chinoise compétente pour les crimes les plus graves dans ce domaine.\n\n"
    "Promulguée mardi par le président chinois Xi Jinping, cette législation fait craindre à "
    "l'opposition hongkongaise un recul des libertés inédit depuis la rétrocession à la Chine par le "
    "Royaume-Uni de ce territoire en 1997. Ce rassemblement avait été interdit il y a quelques jours "
    "par les autorités, pour la première fois en 17 ans. La police a fait usage de canons à eau. "
    "Mercredi matin, la cheffe de l'exécutif hongkongais fidèle à Pékin, Carrie Lam, a salué cette "
    "loi qui constitue selon elle \"l'événement le plus important dans les relations entre le "
    "gouvernement central et Hong Kong depuis la rétrocession\".")


def test_a_territory_is_the_article_country_and_its_central_government_the_sovereign(nlp_fr, kb):
    mentions = resolve(nlp_fr, kb, HONG_KONG_ARRESTS, published=date(2020, 7, 2))
    found = by_text(mentions)
    police = [m for m in mentions if m.text == "police"]
    assert police and all(m.actor.country == "HKG" for m in police)  # not Beijing's
    assert found["autorités"].actor.country == "HKG"
    assert found["gouvernement"].actor.country == "CHN"  # "le gouvernement central"
    assert found["gouvernement"].method.endswith("+article")


def test_a_shared_institution_name_takes_the_article_country(nlp_fr, kb):
    text = MALI_COUP.replace("la dissolution du gouvernement",
                             "la dissolution de l'Assemblée nationale et du gouvernement")
    found = by_text(resolve(nlp_fr, kb, text, published=date(2020, 8, 19)))
    assembly = found["Assemblée nationale"].actor
    assert assembly.country == "MLI" and assembly.kind == "government" and assembly.sector == "LEG"
    french = by_text(resolve(nlp_fr, kb, "Le gouvernement français a présenté son texte à "
                             "l'Assemblée nationale, à Paris, mardi. Emmanuel Macron l'a défendu.",
                             published=date(2020, 8, 19)))
    assert french["Assemblée nationale"].actor.id == "FRALEG"  # the KB's reading, in France


def test_a_longer_name_around_a_kb_surname_is_someone_else(nlp_fr, kb):
    # OrangeSum orangesum-34498 (dev): the KB's Bitar is Sergio Bitar, a Chilean minister.
    text = ("Liban: la stratégie de Paris et Washington sur le Hezbollah\n\n"
            "Le gouvernement libanais a démissionné. \"Il y a des divergences\", estime le "
            "politologue Karim Bitar. Pour M. Bitar, Paris cherche un compromis avec Beyrouth.")
    found = by_text(resolve(nlp_fr, kb, text, published=date(2020, 9, 1)))
    assert found["Karim Bitar"].actor.country == "LBN"
    assert found["M. Bitar"].actor.id == found["Karim Bitar"].actor.id


def test_the_state_in_a_title_in_apposition_is_a_mention(nlp_fr, kb):
    # OrangeSum orangesum-35593 (dev): an aside between dashes keeps the apposition.
    text = ("Coup d'Etat au Mali\n\nLe rétablissement du président a été demandé par le chef "
            "de l'Etat du Niger - limitrophe du Mali - Mahamadou Issoufou, à la fin du sommet.")
    found = by_text(resolve(nlp_fr, kb, text, published=date(2020, 8, 20)))
    assert found["Niger"].actor.id == "NER"
    assert found["Mahamadou Issoufou"].actor.country == "NER"
    assert "chef de l'Etat du Niger" not in found


def test_an_unknown_organisation_takes_its_kind_from_the_word_that_introduces_it(nlp_fr, kb):
    found = by_text(resolve(nlp_fr, kb, MALI_COUP, published=date(2020, 8, 19)))
    ortm = found["ORTM"].actor  # "la télévision publique ORTM"
    assert ortm.kind == "media" and ortm.country == "MLI"


def test_english_country_before_a_group_or_a_role(nlp_en, kb):
    """The Rakhine article of the English dev gold: "Myanmar military" is the army even
    where the tagger reads "military" as an adjective, "Myanmar" stays a mention when no
    group follows it, and the name before a role and a person is a mention of its own."""
    text = ("Arakan Army says it captured Myanmar military headquarters in Rakhine\n\n"
            "A Myanmar military air strike killed at least 24 people, witnesses said. "
            "Kremlin spokesman Dmitry Peskov told reporters that Moscow expected talks.")
    found = by_text(resolve(nlp_en, kb, text, published=date(2025, 11, 14), language="en"))
    assert (found["Myanmar military"].actor.id, found["Myanmar military"].actor.kind) == \
        ("MMR-MIL", "military")
    assert found["Kremlin"].actor.country == "RUS"
    assert found["Kremlin"].actor.kind == "government"


def test_groups_described_as_foreign_keep_no_country(nlp_fr, kb):
    text = MALI_COUP + (" Les pays occidentaux et les capitales occidentales ont condamné le coup, "
                        "tout comme les forces étrangères présentes au Sahel.")
    found = by_text(resolve(nlp_fr, kb, text, published=date(2020, 8, 19)))
    assert found["militaires"].actor.country == "MLI"  # the article's, as before
    for foreign in ("pays occidentaux", "capitales occidentales", "forces étrangères"):
        assert found[foreign].actor.country is None, foreign
    assert found["capitales occidentales"].actor.kind == "government"


def test_mali_leaders_and_forces_of_the_kb(nlp_fr, kb):
    text = ("Coup d'Etat au Mali: les pays voisins réclament le rétablissement d'IBK\n\n"
            "La force Barkhane et la force Takuba restent au Sahel, face au groupe d'Iyad Ag Ghaly "
            "et à la katiba Macina d'Amadou Koufa.")
    found = by_text(resolve(nlp_fr, kb, text, published=date(2020, 8, 20)))
    assert found["IBK"].actor.id == "PERS-MLI-KEITA-IBRAHIM"
    assert (found["force Barkhane"].actor.country, found["force Barkhane"].actor.kind) == ("FRA", "military")
    assert found["force Takuba"].actor.country == "IGO"
    assert found["Iyad Ag Ghaly"].actor.id == "PERS-MLI-AGGHALY-IYAD"
    assert found["Amadou Koufa"].actor.country == "MLI"


def test_a_bulk_kb_surname_alone_needs_the_persons_country_in_the_article(nlp_fr, kb):
    """Phoenix lists a Maldivian minister "Fazeel Najeeb" (alias "Najib"): a Lebanese victim's
    first name in an article about Beirut is not him, but the article's own person."""
    text = ("Liban: les victimes de l'explosion de Beyrouth\n\n"
            "Antonella Hitti a écrit sur Facebook que son frère Najib, 27 ans, avait été identifié. "
            "Le Liban pleure ses morts.")
    found = by_text(resolve(nlp_fr, kb, text, published=date(2020, 8, 10)))
    assert found["Najib"].actor.country == "LBN"
    assert found["Najib"].actor.id != "PERS-MDV-NAJEEB-FAZEEL"
    maldives = by_text(resolve(nlp_fr, kb, "Aux Maldives, le ministre Najib a démissionné. Les "
                               "Maldives changent de gouvernement.", published=date(2010, 8, 10)))
    assert maldives["Najib"].actor.id == "PERS-MDV-NAJEEB-FAZEEL"  # his country named: him


def test_an_american_party_title_gives_an_unknown_person_his_country(nlp_fr, kb):
    """orangesum-8 (dev): US senators quoted in an article about Hong Kong are American."""
    text = ("Hong Kong: le Congrès vote des sanctions\n\n"
            "La police de Hong Kong a arrêté des manifestants. Le sénateur démocrate Chris Van Hollen, "
            "co-auteur de la loi, a parlé. Pour le républicain Pat Toomey, c'est un signal. "
            "Le militant démocrate Joshua Wong a quitté Hong Kong.")
    found = by_text(resolve(nlp_fr, kb, text, published=date(2020, 7, 3)))
    assert found["Chris Van Hollen"].actor.country == "USA"
    assert found["Pat Toomey"].actor.country == "USA"
    assert found["Joshua Wong"].actor.country == "HKG"  # "démocrate" alone says nothing
