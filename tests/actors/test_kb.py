"""The actor KB: package data soundness, coverage, lookups, user files and validation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from veille.actors.build_countries import build_countries
from veille.actors.kb import DATA_DIR, ActorEntry, KnowledgeBase, is_case_sensitive, load_kb, \
    normalize_alias, validate_kb
from veille.model import ACTOR_KINDS, Actor


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def owners(kb: KnowledgeBase, language: str, text: str) -> dict[str, str]:
    """{actor id: alias kind} of every actor `text` names in `language`."""
    key = normalize_alias(text)
    return {actor_id: kind for alias, actor_id, kind in kb.aliases(language)
            if normalize_alias(alias) == key}


def test_package_kb_is_sound(kb):
    assert validate_kb(kb) == []


def test_load_kb_default_is_cached(kb):
    assert load_kb() is kb


def test_every_un_member_and_the_others_are_states(kb):
    states = {e.id: e for e in kb.entries.values() if e.kind == "state"}
    members = [e for e in states.values() if e.description == "UN member state"]
    assert len(members) == 193
    assert {"VAT", "PSE", "XKX", "TWN"} <= states.keys()
    assert states["PSE"].name == "Palestine"
    assert all(e.country == e.id for e in states.values())


def test_country_names_come_in_both_languages(kb):
    assert owners(kb, "fr", "États-Unis") == {"USA": "name"}
    assert owners(kb, "fr", "Allemagne") == {"DEU": "name"}
    assert owners(kb, "en", "Germany") == {"DEU": "name"}
    assert "CIV" in owners(kb, "fr", "Côte d'Ivoire")  # CLDR writes ’; the key unifies apostrophes


@pytest.mark.parametrize(("word", "country"), [
    ("iranienne", "IRN"), ("iraniens", "IRN"), ("américaines", "USA"), ("israélien", "ISR"),
    ("irakiens", "IRQ"), ("omanais", "OMN"), ("saoudienne", "SAU"), ("syriens", "SYR"),
    ("libanaise", "LBN"), ("yéménites", "YEM"), ("égyptien", "EGY"), ("jordanienne", "JOR"),
    ("turque", "TUR"), ("russes", "RUS"), ("chinoise", "CHN"), ("françaises", "FRA"),
    ("britannique", "GBR"), ("allemands", "DEU"), ("qatarie", "QAT"), ("émiratis", "ARE"),
])
def test_french_adjectives_in_every_gender_and_number(kb, word, country):
    assert owners(kb, "fr", word) == {country: "adjective"}


def test_english_adjectives(kb):
    assert owners(kb, "en", "Iranian") == {"IRN": "adjective"}
    assert owners(kb, "en", "Iranians") == {"IRN": "adjective"}
    assert owners(kb, "en", "Omani") == {"OMN": "adjective"}


def test_eu_members_and_g20_have_adjectives(kb):
    eu = "AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD POL PRT ROU SVK SVN ESP SWE"
    g20 = "ARG AUS BRA CAN CHN FRA DEU IND IDN ITA JPN KOR MEX RUS SAU ZAF TUR GBR USA"
    middle_east = "IRN IRQ ISR SYR LBN JOR SAU ARE QAT OMN KWT BHR YEM EGY TUR PSE"
    for code in {*eu.split(), *g20.split(), *middle_east.split()}:
        entry = kb.get(code)
        assert entry.adjectives.get("fr") and entry.adjectives.get("en"), code


@pytest.mark.parametrize(("language", "text", "actor_id"), [
    ("fr", "Téhéran", "IRN"), ("en", "Tehran", "IRN"), ("fr", "Mascate", "OMN"), ("en", "Muscat", "OMN"),
    ("fr", "Washington", "USA"), ("fr", "Bagdad", "IRQ"), ("fr", "Riyad", "SAU"), ("fr", "Damas", "SYR"),
    ("fr", "Beyrouth", "LBN"), ("fr", "Le Caire", "EGY"), ("fr", "Jérusalem", "ISR"),
    ("fr", "Maison-Blanche", "USAGOV"), ("en", "White House", "USAGOV"),
    ("fr", "Pentagone", "USAMIL"), ("en", "Pentagon", "USAMIL"), ("fr", "Kremlin", "RUSGOV"),
    ("fr", "Élysée", "FRAGOV"), ("en", "Downing Street", "GBRGOV"), ("fr", "Quai d'Orsay", "FRAGOVMFA"),
])
def test_capitals_and_seats_of_power_are_metonyms(kb, language, text, actor_id):
    assert owners(kb, language, text) == {actor_id: "metonym"}


def test_regime_names_and_loaded_names(kb):
    assert owners(kb, "fr", "République islamique") == {"IRN": "name"}
    assert owners(kb, "fr", "État hébreu") == {"ISR": "name"}
    for text, lang in (("Entité sioniste", "fr"), ("entité sioniste", "fr"), ("Zionist entity", "en")):
        assert owners(kb, lang, text) == {"ISR": "framing"}
    notes = {f.alias: f.note for f in kb.get("ISR").framing}
    assert notes["Zionist entity"].startswith("pejorative")


def test_acronyms_are_case_sensitive_keys():
    assert is_case_sensitive("US") and is_case_sensitive("U.S.") and is_case_sensitive("EI")
    assert not is_case_sensitive("Iran") and not is_case_sensitive("Hamas")
    assert normalize_alias("US") != normalize_alias("us")
    assert normalize_alias("Quai d’Orsay") == normalize_alias("quai d'Orsay")


INSTITUTION_COUNTRIES = "USA IRN ISR IRQ SYR LBN YEM SAU ARE QAT OMN JOR EGY TUR RUS CHN FRA GBR DEU UKR"


@pytest.mark.parametrize("country", INSTITUTION_COUNTRIES.split())
def test_state_bodies_of_each_core_country(kb, country):
    bodies = [e for e in kb.entries.values() if e.country == country and e.kind in ("government", "military")]
    sectors = {e.sector for e in bodies}
    assert {"GOV", "MIL", "INT", "LEG"} <= sectors, (country, sectors)
    assert kb.get(f"{country}GOV") and kb.get(f"{country}GOVMFA") and kb.get(f"{country}MIL")


@pytest.mark.parametrize(("language", "text", "actor_id"), [
    ("fr", "Gardiens de la Révolution", "IRNMILIRGC"), ("fr", "pasdaran", "IRNMILIRGC"),
    ("en", "IRGC", "IRNMILIRGC"), ("fr", "Force Al-Qods", "IRNMILQDS"), ("en", "Quds Force", "IRNMILQDS"),
    ("fr", "Hezbollah", "LBNREBHEZ"), ("fr", "Houthis", "YEMREBHOU"), ("en", "Ansar Allah", "YEMREBHOU"),
    ("fr", "Kataeb Hezbollah", "IRQREBKH"), ("en", "Kata'ib Hezbollah", "IRQREBKH"),
    ("fr", "Asaïb Ahl al-Haq", "IRQREBAAH"), ("fr", "Hachd al-Chaabi", "IRQREBPMF"), ("en", "PMF", "IRQREBPMF"),
    ("fr", "Résistance islamique en Irak", "IRQREBIRI"), ("fr", "Daech", "IRQREBISIS"), ("en", "ISIS", "IRQREBISIS"),
    ("fr", "al-Qaïda", "AFGREBAQ"), ("fr", "FDS", "SYRREBSDF"), ("fr", "Harakat al-Nujaba", "IRQREBNUJ"),
    ("fr", "Bassidj", "IRNMILBASIJ"), ("fr", "Jihad islamique", "PSEREBPIJ"), ("en", "Wagner", "RUSREBWAG"),
])
def test_armed_groups_and_forces_in_both_languages(kb, language, text, actor_id):
    assert owners(kb, language, text) == {actor_id: "name"}


def test_armed_groups_have_a_country_of_operation(kb):
    groups = [e for e in kb.entries.values() if e.kind == "armed_group"]
    assert len(groups) >= 25
    assert all(e.country for e in groups), [e.id for e in groups if not e.country]


@pytest.mark.parametrize(("language", "text", "actor_id"), [
    ("fr", "ONU", "IGOUNO"), ("fr", "AIEA", "IGOIAEA"), ("en", "IAEA", "IGOIAEA"), ("fr", "OTAN", "IGONATO"),
    ("fr", "Union européenne", "IGOEU"), ("fr", "Ligue arabe", "IGOARL"), ("en", "GCC", "IGOGCC"),
    ("fr", "Finul", "IGOUNIFIL"), ("fr", "CPI", "IGOICC"), ("fr", "CICR", "NGOICRC"),
    ("fr", "Axios", "USAMEDAXIOS"), ("fr", "Financial Times", "GBRMEDFT"), ("fr", "Tasnim", "IRNMEDTASNIM"),
])
def test_organisations_and_media(kb, language, text, actor_id):
    assert actor_id in owners(kb, language, text)


def test_targets_of_size(kb):
    non_state = [e for e in kb.entries.values() if e.kind != "state"]
    assert len(non_state) >= 300
    assert sum(1 for e in non_state if e.kind == "person") >= 150
    assert sum(1 for e in non_state if e.kind == "media") >= 25


@pytest.mark.parametrize(("role", "country", "day", "name"), [
    ("president", "USA", "2024-05-17", "Joe Biden"),
    ("president", "USA", "2026-02-04", "Donald Trump"),
    ("head_of_state", "USA", "2026-02-04", "Donald Trump"),
    ("foreign_minister", "IRN", "2024-01-15", "Hossein Amir-Abdollahian"),
    ("foreign_minister", "IRN", "2024-06-10", "Ali Bagheri Kani"),
    ("foreign_minister", "IRN", "2026-02-04", "Abbas Araghchi"),
    ("foreign_minister", "USA", "2024-05-17", "Antony Blinken"),
    ("foreign_minister", "USA", "2026-02-04", "Marco Rubio"),
    ("foreign_minister", "OMN", "2024-05-17", "Badr Albusaidi"),
    ("foreign_minister", "IRQ", "2024-01-25", "Fuad Hussein"),
    ("president", "IRN", "2024-05-17", "Ebrahim Raisi"),
    ("president", "IRN", "2026-02-04", "Masoud Pezeshkian"),
    ("supreme_leader", "IRN", "2026-02-04", "Ali Khamenei"),
    ("prime_minister", "IRQ", "2024-05-17", "Mohammed Shia al-Sudani"),
    ("prime_minister", "ISR", "2024-05-17", "Benjamin Netanyahu"),
    ("head_of_state", "EGY", "2011-02-01", "Hosni Mubarak"),
    ("head_of_state", "EGY", "2011-03-01", "Mohamed Hussein Tantawi"),
    ("secretary_general", "IGO", "2024-05-17", "António Guterres"),
    ("envoy", "USA", "2026-02-04", "Steve Witkoff"),
])
def test_holders_on_a_date(kb, role, country, day, name):
    names = [e.name for e in kb.holders(role, country, date.fromisoformat(day))]
    assert names[:1] == [name] or name in names, names


def test_holders_without_date_are_current_office_holders(kb):
    assert "Joe Biden" not in [e.name for e in kb.holders("president", "USA", None)]


def test_seed_people_are_in_the_kb(kb):
    wanted = {
        "Brett McGurk": "PERS-USA-MCGURK-BRETT", "Abram Paley": "PERS-USA-PALEY-ABRAM",
        "Ali Bagheri": "PERS-IRN-BAGHERIKANI-ALI", "Vedant Patel": "PERS-USA-PATEL-VEDANT",
        "Araqchi": "PERS-IRN-ARAGHCHI-ABBAS", "Araghtchi": "PERS-IRN-ARAGHCHI-ABBAS",
        "Mohammad Chia al-Soudani": "PERS-IRQ-SUDANI-MOHAMMEDSHIA",
        "Badr al-Boussaïdi": "PERS-OMN-ALBUSAIDI-BADR", "Raïssi": "PERS-IRN-RAISI-EBRAHIM",
        "Netanyahou": "PERS-ISR-NETANYAHU-BENJAMIN", "Alina Romanowski": "PERS-USA-ROMANOWSKI-ALINA",
        "Fouad Hussein": "PERS-IRQ-HUSSEIN-FUAD",
    }
    for text, actor_id in wanted.items():
        assert actor_id in owners(kb, "fr", text), text


def test_seed_articles_name_kb_actors(kb, seeds_dir: Path):
    """Names the analyst's seed articles use are aliases of the KB (real text, not our lists)."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt")))
    for alias in ("Brett McGurk", "Abram Paley", "Vedant Patel", "Ali Bagheri", "Mascate", "Axios",
                  "Financial Times", "Houthis", "Hezbollah", "Téhéran", "Washington", "République islamique",
                  "Alina Romanowski", "Fouad Hussein", "Donald Trump"):
        assert alias in text, f"{alias!r} is not in the seeds any more"
        assert owners(kb, "fr", alias), alias


def test_shared_alias_carries_its_rule(kb):
    assert set(owners(kb, "fr", "Bagheri")) == {"PERS-IRN-BAGHERIKANI-ALI", "PERS-IRN-BAGHERI-MOHAMMAD"}
    assert kb.alias_rules("fr")["bagheri"].prefer is None
    assert kb.alias_rules("fr")["bruxelles"].prefer == "IGOEU"


def test_role_phrases(kb):
    fr = kb.role_phrases("fr")
    assert "ministre des Affaires étrangères" in fr["foreign_minister"]
    assert "chef de la diplomatie" in fr["foreign_minister"]
    assert "guide suprême" in fr["supreme_leader"]
    assert "porte-parole du département d'État" in fr["state_department_spokesperson"]
    assert kb.role_country("supreme_leader") == "IRN"
    assert "secretary of state" in kb.role_phrases("en")["foreign_minister"]
    used = {r for e in kb.entries.values() for a in e.affiliations for r in a.roles}
    assert used <= set(kb.roles)


def test_to_actor_is_the_slim_model(kb):
    actor = kb.get("IRNMILIRGC").to_actor()
    assert actor == Actor(id="IRNMILIRGC", name="Islamic Revolutionary Guard Corps", kind="military",
                          country="IRN", sector="MIL")
    assert all(e.kind in ACTOR_KINDS for e in kb.entries.values())


def write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_user_file_extends_and_overrides_by_id(tmp_path, kb):
    user = write(tmp_path, "mine.yaml", """actors:
- {id: IRN, aliases: {fr: [Perse éternelle]}}
- {id: USAMEDAXIOS, name: Axios Media}
- {id: XXXREBNEW, name: New Militia, kind: armed_group, country: IRQ, sector: REB, parent: IRQREBPMF,
   aliases: {fr: [Nouvelle Milice]}}
""")
    mine = load_kb([user])
    assert owners(mine, "fr", "Perse éternelle") == {"IRN": "name"}
    assert "iranienne" in mine.get("IRN").adjectives["fr"]  # extended, not replaced
    assert mine.get("USAMEDAXIOS").name == "Axios Media"
    assert mine.get("XXXREBNEW").parent == "IRQREBPMF"
    assert validate_kb(mine) == []
    assert kb.get("USAMEDAXIOS").name == "Axios"  # the cached default is untouched
    assert not owners(kb, "fr", "Perse éternelle")


def test_validate_reports_each_kind_of_problem(tmp_path):
    bad = write(tmp_path, "bad.yaml", """actors:
- {id: BADONE, name: Bad, kind: militia, country: ZZZ, sector: XYZ, parent: NOPE, aliases: {fr: [Téhéran]}}
- {id: PERS-USA-DOE-JOHN, name: John Doe, kind: person, country: USA,
   affiliations: [{org: USAGOVX, role: emperor, from: 2020-01-01, to: 2019-01-01}]}
- {id: AAA, name: Nowhere, kind: state}
- {id: NOTE1, name: One, kind: other, aliases: {en: [{text: Twin, ambiguous: true, prefer: NOTE3}]}}
- {id: NOTE2, name: Two, kind: other, aliases: {en: [Twin]}}
""")
    problems = "\n".join(validate_kb(load_kb([bad])))
    for expected in ("unknown kind 'militia'", "country 'ZZZ'", "unknown sector 'XYZ'", "parent 'NOPE'",
                     "org 'USAGOVX'", "role 'emperor'", "ends (2019-01-01) before it starts",
                     "a state's id must be its ISO", "'téhéran' (fr) names ['BADONE', 'IRN']",
                     "prefer 'NOTE3' is not one of ['NOTE1', 'NOTE2']"):
        assert expected in problems, expected


def test_a_rule_settles_a_shared_alias(tmp_path):
    ok = write(tmp_path, "ok.yaml", """actors:
- {id: NOTE1, name: One, kind: other, aliases: {en: [{text: Twin, ambiguous: true, prefer: NOTE2, note: x}]}}
- {id: NOTE2, name: Two, kind: other, aliases: {en: [Twin]}}
""")
    assert validate_kb(load_kb([ok])) == []


def test_bad_yaml_says_which_file(tmp_path):
    from veille.actors.kb import KnowledgeBaseError

    broken = write(tmp_path, "broken.yaml", "actors:\n- {id: X, name: [unclosed\n")
    with pytest.raises(KnowledgeBaseError, match="broken.yaml"):
        load_kb([broken])
    with pytest.raises(KnowledgeBaseError, match="'actors:'"):
        load_kb([write(tmp_path, "flat.yaml", "- {id: X}\n")])


def test_build_countries_is_reproducible(tmp_path):
    out = build_countries(tmp_path / "countries.yaml")
    assert out.read_text(encoding="utf-8") == (DATA_DIR / "countries.yaml").read_text(encoding="utf-8")


def test_affiliation_dates_bound_the_office(kb):
    biden: ActorEntry = kb.get("PERS-USA-BIDEN-JOE")
    office = next(a for a in biden.affiliations if "president" in a.roles)
    assert office.active_on(date(2025, 1, 20)) and not office.active_on(date(2025, 1, 21))
    assert not office.active_on(None)
