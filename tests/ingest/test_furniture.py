"""The line classifier finds the article in a scraped page; template lines and the combined
cleaner (issue #19)."""

from pathlib import Path

from veille.eval.furniture import evaluate_furniture, learned_memory, load_gold
from veille.ingest.clean import clean_text
from veille.ingest.templates import LineMemory
from veille.ingest.furniture import BAD, GOOD, SHORT, line_class

GOLD = Path(__file__).resolve().parents[1] / "data" / "furniture"

P1 = ("Les États-Unis et l'Irak sont sur le point d'entamer des discussions sur la fin de la "
      "coalition militaire, selon des responsables des deux pays qui ont parlé mardi.")
P2 = ("Le ministère irakien des Affaires étrangères a précisé qu'une lettre importante lui avait "
      "été remise mercredi par l'ambassadrice américaine à Bagdad, sans en donner le contenu.")
P3 = ("Les pourparlers devraient durer plusieurs mois, voire plus longtemps, étant donné que les "
      "deux parties doivent encore s'entendre sur le calendrier et sur les garanties demandées.")


def test_lines_are_classed_on_their_own():
    assert line_class(P1) == GOOD
    assert line_class("Egypte : les salafistes préparent la relève") == SHORT
    assert line_class("le 15 juillet 2012 à 19:30") == BAD
    assert line_class("Par Hélène Sallon Publié le 02 février 2013 à 11h05 - Mis à jour le 03 février") == BAD
    assert line_class("» Pakistan: la jeune chrétienne victime d'un coup monté?") == BAD


def test_headline_lists_footers_and_comments_around_the_article_go():
    sidebar = ["Faire ses courses sans passer par la caisse, Amazon Go veut imposer son modèle",
               "Paris veut adapter son PLU à l'urgence climatique",
               "Est-il vraiment possible de recycler les mégots ?",
               "Les recettes de l'été : le menu de Laura Portelli"]
    footer = ["Agrandir le texte", "Réduire le texte", "Ajouter aux favoris", "Plan du site",
              "C'est une honte, ce gouvernement ne comprend rien et les journalistes non plus, "
              "voilà ce que je pense de tout cela depuis des années."]
    title = "Irak : les États-Unis prêts à discuter de leur retrait"
    text = "\n".join(sidebar + [title, P1, "Une lettre importante", P2, P3] + footer)
    assert clean_text(text).text == text  # the classifier is off by default
    cleaned = clean_text(text, furniture="classifier")
    assert cleaned.text == "\n".join([title, P1, "Une lettre importante", P2, P3])
    assert set(cleaned.reasons) == {"before-article", "after-article"}
    assert len(cleaned.removed) == len(sidebar) + len(footer)


def test_a_page_without_furniture_is_left_alone():
    for text in (P1, f"{P1}\n\n{P2}", "Bonjour", f"Titre\n\n{P1}\n\n{P2}\n\nFin."):
        assert clean_text(text, furniture="classifier").text == text


def test_held_out_figures_do_not_fall_below_what_was_reported():
    """Floors at the figures reported in the README when the classifier went in (#19)."""
    splits = evaluate_furniture(load_gold(GOLD), furniture="classifier")["splits"]
    assert splits["dev"]["furniture_removed_share"] >= 0.98
    assert splits["dev"]["content_kept_share"] >= 0.99
    assert splits["heldout"]["furniture_removed_share"] >= 0.94
    assert splits["heldout"]["content_kept_share"] >= 0.85


def test_the_default_cleaning_loses_no_content_line_of_the_gold():
    """Off by default, the classifier costs no content: ingest keeps every content line of
    all 37 hand-labelled pages, as before it went in (#19: content kept must stay >= 98%)."""
    splits = evaluate_furniture(load_gold(GOLD))["splits"]
    assert splits["all"]["content_kept_share"] == 1.0


def test_lines_many_documents_share_are_the_sites_template():
    """A menu line read in three pages is a template line of the third; the article's own
    sentences and a quote's introduction never are, however often they recur."""
    memory = LineMemory()
    menu = ["Les sites du Groupe Figaro", "Good luck ! Découvrez l'application Le Figaro"]
    pages = [menu + ["Elle ajoute :", f"Titre {n}", P1] for n in range(3)]
    for page in pages[:2]:
        memory.observe(page)
    memory.observe(pages[2])
    cleaned = clean_text("\n".join(pages[2]), memory=memory)
    assert cleaned.text == "\n".join(["Elle ajoute :", "Titre 2", P1])
    assert cleaned.reasons == ["template", "template"]
    fresh = LineMemory()
    fresh.observe(pages[0])
    assert clean_text("\n".join(pages[0]), memory=fresh).text == "\n".join(pages[0])


def test_one_other_page_of_the_same_source_is_enough():
    memory = LineMemory()
    memory.observe(["Boutique le Point", P1], "lepoint.fr")
    memory.observe(["Boutique le Point", P2], "lepoint.fr")
    assert memory.is_template("Boutique le Point", "lepoint.fr")
    assert not memory.is_template("Boutique le Point")  # two pages of the store: not yet
    again = LineMemory.from_json(memory.to_json())
    assert again.other_documents("boutique  le point", "lepoint.fr") == (1, 1)


def test_the_combined_cleaner_keeps_a_chronology_after_the_article():
    """The bare classifier cuts the short dated lines after the prose; the combined cleaner
    keeps them, since nothing about them is furniture but their place."""
    chronology = ["25 janvier 2011 : début de la révolte", "11 février 2011 : Moubarak quitte le pouvoir",
                  "24 juin 2012 : Mohamed Morsi élu président", "3 juillet 2013 : l'armée destitue Morsi"]
    title = "Egypte : deux ans de crise"
    text = "\n".join([title, P1, P2, P3] + chronology)
    assert clean_text(text, furniture="classifier").text != text
    assert clean_text(text, furniture="combined").text == text


def test_the_combined_cleaner_still_strikes_a_headline_list_and_template_header():
    sidebar = ["Faire ses courses sans passer par la caisse, Amazon Go veut imposer son modèle",
               "Paris veut adapter son PLU à l'urgence climatique",
               "Est-il vraiment possible de recycler les mégots",
               "Les recettes de l'été : le menu de Laura Portelli"]
    title = "Irak : les États-Unis prêts à discuter de leur retrait"
    lines = ["Plan du site", title, P1, "Une lettre importante", P2, P3] + sidebar
    assert clean_text("\n".join(lines), furniture="combined").text.startswith("Plan du site")
    memory = LineMemory()
    for page in (["Plan du site", P2], ["Plan du site", P3], lines):
        memory.observe(page)
    cleaned = clean_text("\n".join(lines), furniture="combined", memory=memory)
    assert cleaned.text == "\n".join([title, P1, "Une lettre importante", P2, P3])
    assert cleaned.reasons == ["template"] + ["after-article"] * 4


def test_combined_figures_on_the_gold():
    """Floors at the figures reported for the combined cleaner with template lines learned
    from the gold pages (#19): content kept rises from the classifier's 85.9% on held-out.
    Held-out removal fell from 88.3% to 85.4% and content kept rose from 91.6% to 92.8% when
    the combined cleaner's cuts were made to need stronger evidence (commas, wrapped lines,
    handles, comment sections), tuned on unlabelled Egypt pages only."""
    docs = load_gold(GOLD)
    splits = evaluate_furniture(docs, furniture="combined", memory=learned_memory(docs))["splits"]
    assert splits["dev"]["furniture_removed_share"] >= 0.93
    assert splits["dev"]["content_kept_share"] == 1.0
    assert splits["heldout"]["furniture_removed_share"] >= 0.85
    assert splits["heldout"]["content_kept_share"] >= 0.92


def test_template_lines_cost_no_content_of_the_gold():
    docs = load_gold(GOLD)
    splits = evaluate_furniture(docs, memory=learned_memory(docs))["splits"]
    assert splits["all"]["content_kept_share"] == 1.0
    assert splits["dev"]["removed_by_reason"]["template"] >= 100


# Real lines of unlabelled Egypt pages (timelines/clts_fr_egypt/docs/, not in the gold) whose
# content the combined cleaner used to cut (#19).
ARTICLE = [P1, P2, P3]
COMMENTS = ["C'est une plaisanterie j'espère ? Certains commentateurs affirment qu'il est possible "
            "que la dictature militaire décrète demain que tout cela n'a jamais existé, et "
            "personne ne semble s'en émouvoir dans les chancelleries occidentales.",
            "De toute évidence, la stabilité du pays primera sur toute autre considération, vu le "
            "contexte régional, et les électeurs égyptiens le savent mieux que quiconque ici !"]


def test_a_post_under_a_longer_comment_section_is_still_the_article():
    """A blog post (2013-07-08/ext_59) under hundreds of comments: the comment form's
    honeypot line opens the comments, so the article ends before it, however much prose
    the comments hold."""
    lines = (["Les élections, l'Egypte et la démocratie"] + ARTICLE
             + ["Partager cet article /", "Veuillez laisser ce champ vide :"] + COMMENTS * 6)
    cleaned = clean_text("\n".join(lines), furniture="combined")
    assert cleaned.text == "\n".join(lines[:4] + ["Partager cet article /"])
    assert "Veuillez laisser ce champ vide :" in cleaned.removed
    assert "after-article" in cleaned.reasons


def test_quoted_chants_ending_with_commas_are_no_headline_list():
    """2013-01-02/ext_43: slogans quoted one per line, each ending with a comma, between two
    runs of prose; a headline never ends with a comma, so they and the prose after stay."""
    chants = ["« Ya Moubarak, Ya Moubarak, el tayara fi entezarak » (Moubarak, Moubarak, l'avion t'attend,",
              "« Egaged, peut-être le comprendra-t-il à l'envers » (Dégage),",
              "« Dégage ! Je suis marié depuis 20 jours seulement et ma femme me manque»,",
              "« Casse-toi, j'ai rendez-vous chez le coiffeur » (avait écrit un jeune avec une coupe afro)."]
    text = "\n".join(["Egypte : la politique et l'humour", P1, P2] + chants + [P3])
    assert clean_text(text, furniture="combined").text == text


def test_tweets_a_post_cites_are_no_headline_list():
    """2011-02-04/gv_7: a Global Voices post quoting tweets, one per line, after its prose."""
    tweets = ["@monasosh: la révolution égyptienne est top ! #Jan25 :) http://yfrog.com/h7tl5bj",
              "@beleidy: Au point de contrôle du pont  qasr El nil  #jan25 egypt http://twitpic.com/3wckhq",
              "@norashalaby: La file d'attente avant d'accéder à la place  tahrir #Jan25 http://yfrog.com/gyuhzqwj",
              "@Gsquare86: l'accès au pont Kasr El Nile a été organisé et est extrêmement contrôlé http://yfrog.com/h4enlpxj"]
    text = "\n".join([P1, P2] + tweets)
    assert clean_text(text, furniture="combined").text == text


def test_a_sentence_naming_a_publication_date_is_no_byline():
    """2013-02-11/ext_38: a lower-case 'publiée le' inside a sentence is prose."""
    assert line_class("C'est même sur Youtube qu'ils ont commencé à se faire connaître sous ce nom "
                      "avec une vidéo publiée le 24 janvier 2013.") != BAD
    assert line_class("Joshua Keating — 3 juillet 2013 à 23h49 — mis à jour le 6 juillet 2013 à 9h07") == BAD


def test_the_headline_above_a_timestamp_and_dateline_stays():
    """2013-06-30/ext_46: headline, '30-06-13 à 17h43', 'à Le Caire (AFP)', then the dispatch;
    the headline is the article's, the two lines under it are furniture."""
    head = ["Egypte: des dizaines de milliers de manifestants réclament le départ du président",
            "30-06-13 à 17h43", "à Le Caire (AFP)"]
    sidebar = ["Les plus consultés depuis 24h", "Immobilier pour vous", "Plan du site", "Nous contacter"]
    cleaned = clean_text("\n".join(head + ARTICLE + sidebar), furniture="combined")
    assert [line for line in cleaned.text.splitlines() if line] == head[:1] + ARTICLE
