"""Furniture patterns, repeated lines, teasers and copyright footers (clean.py + data/*.txt)."""

from __future__ import annotations

import pytest

from veille.ingest.clean import clean_text, load_patterns, site_from_copyright

BODY = ("Les États-Unis et l'Irak sont sur le point d'entamer des discussions sur la fin de la "
        "coalition militaire internationale, ont déclaré quatre sources.")
BODY2 = "Les pourparlers devraient durer plusieurs mois, voire plus longtemps."
BODY3 = ("Washington n'a pas voulu négocier un retrait potentiel sous le feu de l'ennemi, "
         "craignant que toute modification de la mission ne soit perçue comme une contrainte.")


@pytest.mark.parametrize("line", [
    "Home Actualité", "Home Actualité Discussions secrètes USA-Iran pour éviter l’escalade régionale",
    "Accueil > Monde > Moyen-Orient", "Rechercher", "You may also like", "Leave a Comment",
    "Droits d’auteur © 2024 – onemedia.fr – Tous droits réservés", "© 2025 Le Monde",
    "Partager", "Partager sur Facebook", "Facebook Twitter LinkedIn".replace(" ", " | "),
    "Abonnez-vous à notre newsletter", "Suivez-nous sur X et Instagram", "Lire aussi : Oman, le médiateur discret",
    "Publicité", "Share this article", "Sign up for our daily briefing", "by Chia", "Par Nadia Haddad",
    "Publié le 4 février 2026 à 10h12", "Updated: Feb 4, 2026 10:12 GMT", "Related: Iran's oil exports",
    "LIRE AUSSI Oman, le médiateur discret", "Autres articles qui pourraient vous intéresser",
    "3 commentaires", "Mentions légales | Politique de confidentialité", "Advertisement",
])
def test_furniture_line_is_removed(line):
    cleaned = clean_text(f"{BODY}\n\n{line}\n\n{BODY2}")
    assert cleaned.text == f"{BODY}\n\n{BODY2}"
    assert cleaned.removed == [line]


@pytest.mark.parametrize("sentence", [
    "Partager le pouvoir avec les milices n'est pas une option, a-t-il dit.",
    "Home Office officials said the talks would resume.",
    "Rechercher un accord reste la priorité de Mascate.",
    "Par ailleurs, Washington a maintenu ses sanctions.",
    "Le Hamas a revendiqué l'attaque.",
    "Related talks were held in Oman on Friday.",
    "Published accounts of the meeting differ",
    "Lire aussi les déclarations du ministre permet de comprendre sa position.",
    "En savoir plus sur ce dossier demandera du temps.",
])
def test_sentences_containing_furniture_words_are_kept(sentence):
    assert clean_text(f"{BODY}\n\n{sentence}").text == f"{BODY}\n\n{sentence}"


def test_repeated_headline_keeps_first_occurrence():
    title = "Discussions secrètes USA-Iran pour éviter l’escalade régionale"
    cleaned = clean_text(f"{title}\n\n{title.replace('’', chr(39))}\n{title}\n\n{BODY}")
    assert cleaned.text == f"{title}\n\n{BODY}"
    assert len(cleaned.removed) == 2


def test_truncated_teaser_of_opening_is_removed():
    teaser = BODY + BODY2[:30] + "..."  # two paragraphs glued, cut with an ellipsis
    cleaned = clean_text(f"{BODY}\n\n{BODY2}\n\n{teaser}")
    assert cleaned.text == f"{BODY}\n\n{BODY2}"
    assert cleaned.removed == [teaser]


def test_final_paragraph_that_is_new_text_is_kept():
    final = "Le ministère irakien a précisé qu'une lettre importante lui avait été remise..."
    assert clean_text(f"{BODY}\n\n{final}").text == f"{BODY}\n\n{final}"


def test_tail_marker_drops_link_list_after_it():
    text = (f"{BODY}\n\n{BODY2}\n\n{BODY3}\n\nYou may also like\n\n"
            "Iran : la riposte se prépare\nOman, médiateur discret\n\nLeave a Comment")
    cleaned = clean_text(text)
    assert cleaned.text == f"{BODY}\n\n{BODY2}\n\n{BODY3}"
    assert cleaned.removed[0] == "You may also like"
    assert len(cleaned.removed) == 4


def test_tail_marker_early_in_text_removes_only_its_line():
    text = f"Sur le même sujet\n\n{BODY}\n\n{BODY2}\n\n{BODY3}\nIran : la riposte se prépare"
    cleaned = clean_text(text)
    assert cleaned.text == f"{BODY}\n\n{BODY2}\n\n{BODY3}\nIran : la riposte se prépare"


def test_tail_marker_stops_at_prose():
    text = f"{BODY}\n\n{BODY3}\n\nYou may also like\n\n{BODY2}"
    assert clean_text(text).text == f"{BODY}\n\n{BODY3}\n\n{BODY2}"


def test_whitespace_normalised_between_lines_only():
    text = f"  \r\n{BODY}   \r\n\r\n\r\n\r\n  {BODY2}\n\n\n"
    assert clean_text(text).text == f"{BODY}\n\n{BODY2}"


@pytest.mark.parametrize("line, site, year", [
    ("Droits d’auteur © 2024 – onemedia.fr – Tous droits réservés", "onemedia.fr", 2024),
    ("© 2025 Le Monde. Tous droits réservés", "Le Monde", 2025),
    ("Copyright (c) 2023 www.Reuters.com", "www.reuters.com", 2023),
    ("Tous droits réservés", None, None),
])
def test_site_from_copyright(line, site, year):
    assert site_from_copyright([line]) == ((site, year) if site else (None, None))


def test_pattern_files_load_and_are_data():
    patterns = load_patterns()
    assert patterns.line.fullmatch("Rechercher")
    assert patterns.tail.fullmatch("You may also like")
    assert not patterns.line.fullmatch(BODY)
