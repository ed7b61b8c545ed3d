"""Issue #20, one test per error class, on real sentences (TimeBank dev, OrangeSum dev)."""

from __future__ import annotations

from datetime import date

from veille.time import tag_times


def _tags(text: str, published: date) -> dict[str, tuple[str | None, str, str | None]]:
    return {t.text: (t.value, t.type, t.mod) for t in tag_times(text, published=published)}


def test_historical_present_in_a_year_review_stays_in_the_year_named() -> None:
    text = ("L'année 2018 a débuté avec la mort de France Gall à l'âge de 70 ans le 7 janvier. "
            "Le 2 avril veuve de Nelson Mandela, Winnie Mandela meurt à 81 ans.")
    got = _tags(text, date(2018, 12, 20))
    assert got["le 7 janvier"][0] == "2018-01-07"
    assert got["Le 2 avril"][0] == "2018-04-02"


def test_chronology_days_take_their_year_from_the_last_date_named() -> None:
    text = ("Le 9 janvier 2003, Estelle Mouzin, 9 ans, disparaît à Guermantes. Le 18 mars, le "
            "procureur de Meaux déclare que l'une des orientations de l'enquête est celle-ci. "
            "En juillet 2003, les enquêteurs disent étudier le dossier. Le 16 décembre, 75 "
            "personnes sont entendues par la police, sans résultat.")
    got = _tags(text, date(2020, 8, 29))
    assert got["Le 18 mars"][0] == "2003-03-18"
    assert got["Le 16 décembre"][0] == "2003-12-16"
    assert "9 ans" not in got  # an age, not a duration


def test_a_future_year_does_not_set_the_story() -> None:
    text = ("Le 28 octobre, Jair Bolsonaro est élu président. Le lendemain, Angela Merkel annonce "
            "qu'elle quittera la vie politique en 2021. De son côté, le 6 novembre, Donald Trump "
            "s'attribue la victoire.")
    got = _tags(text, date(2018, 12, 19))
    assert got["Le lendemain"][0] == "2018-10-29"
    assert got["le 6 novembre"][0] == "2018-11-06"


def test_timex3_conventions_mod_and_refs() -> None:
    got = _tags("Le bâtiment venait de faire l'objet de travaux à la fin de l'année dernière. "
                "Aujourd'hui, la ville a changé d'ambiance. Rappelant le double mouvement actuel, "
                "il parle de la future régionalisation. Il y a environ deux semaines, vers 15 h 30, "
                "hier, la fumée a attiré les voisins.", date(2003, 2, 23))
    assert got["la fin de l'année dernière"] == ("2002", "DATE", "END")
    assert got["Aujourd'hui"][:2] == ("PRESENT_REF", "TIME")
    assert got["actuel"][0] == "PRESENT_REF" and got["future"][0] == "FUTURE_REF"
    assert got["Il y a environ deux semaines"] == ("2003-W06", "DATE", "APPROX")
    # the clock and its day are one TIMEX3 (French TimeBank: "vers 15 h 30, hier")
    assert got["vers 15 h 30, hier"] == ("2003-02-22T15:30", "TIME", "APPROX")


def test_begin_of_month_century_and_two_digit_year() -> None:
    got = _tags("Relancée mi-juin, l'affaire du XIXe siècle rappelle le carambolage du "
                "10 novembre 93 sur l'A10.", date(2017, 11, 14))
    assert got["mi-juin"] == ("2017-06", "DATE", "MID")
    assert got["du XIXe siècle"][0] == "18"
    assert got["du 10 novembre 93"][0] == "1993-11-10"


def test_anaphora_count_from_the_last_date_named() -> None:
    text = ("L'affaire démarre dans la nuit du 8 au 9 mai 1990. Pierre Joxe se rend sur place "
            "le jour même. Sarkozy était hier à Strasbourg où le matin même une opération a eu "
            "lieu. Hier soir, les services engageaient des rondes pendant la nuit.")
    times = {t.text: t for t in tag_times(text, published=date(2002, 5, 23))}
    assert times["dans la nuit du 8 au 9 mai 1990"].value == "1990-05-08TNI"
    assert times["le jour même"].value == "1990-05-08"
    assert times["le jour même"].anchor == "dans la nuit du 8 au 9 mai 1990"
    assert times["le matin même"].value == "2002-05-22TMO"
    assert times["pendant la nuit"].value == "2002-05-22TNI"


def test_n_units_later_is_a_point_from_the_last_date() -> None:
    got = _tags("Le 14 février 2018, le corps de Maëlys est retrouvé. Deux mois plus tard, "
                "Emmanuel Macron et Matteo Salvini s'écharpent. Le 8 juin, Anthony Bourdain "
                "s'éteint. Deux jours plus tard, rien.", date(2018, 12, 19))
    assert got["Deux mois plus tard"][:2] == ("2018-04", "DATE")
    assert got["Deux jours plus tard"][0] == "2018-06-10"


def test_ages_are_not_durations_but_sentences_are() -> None:
    got = _tags("Elvis Weiss, 20 ans, a déjà un casier. Agé de 54 ans, il part. Un chauffeur de "
                "bus de 38 ans a été agressé. Il est condamné à quatre ans de prison et à une "
                "peine de 10 ans.", date(1999, 8, 27))
    assert set(got) == {"quatre ans", "10 ans"}


def test_a_day_most_of_a_year_on_from_the_story_is_the_articles() -> None:
    # Real Egypt sentences (clts_fr_egypt): the last date named is a year or more back.
    text = ("J'expliquais déjà cela début février 2011. Ce 29 janvier, l'armée égyptienne a "
            "mis en garde les partis.")
    assert _tags(text, date(2013, 1, 30))["Ce 29 janvier"][0] == "2013-01-29"
    text = ("Les heurts ont commencé le 19 novembre 2011 rue Mohamed Mahmoud. Le gouvernement "
            "installé par l'armée le 3 juillet a inauguré un mémorial.")
    assert _tags(text, date(2013, 11, 19))["le 3 juillet"][0] == "2013-07-03"
    # Within the reach the story still gives the year (a chronology across a new year).
    text = "Le 17 décembre 2010, un vendeur s'immole. Le 14 janvier, le président fuit."
    assert _tags(text, date(2014, 1, 15))["Le 14 janvier"][0] == "2011-01-14"


def test_hours_later_or_earlier_stay_on_the_day_named() -> None:
    text = "Le 5 septembre 2012, une voiture piégée explose. Deux heures plus tôt, cinq soldats."
    assert _tags(text, date(2012, 9, 9))["Deux heures plus tôt"][0] == "2012-09-05"
