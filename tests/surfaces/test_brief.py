"""The analyst's brief: on the seeds (actors, key dates, the 99 %/half pair, links that
resolve to their sentences) and on a store with events (roles, escalation, escaping)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote

import pytest

from veille.run.runner import RunOptions, ingest
from veille.stories.sentences import split_sentences
from veille.store import open_store
from veille.surfaces.brief import BriefOptions, build_brief, render_brief

sys.path.insert(0, str(Path(__file__).parent / "api"))
import crisis_store  # noqa: E402

LINK = re.compile(r"\]\((http://[^)]+/ui/#[^)]+)\)")


@pytest.fixture(scope="module")
def seeds_store(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("brief") / "seeds.duckdb"
    store = open_store(str(db))
    ingest([str(p) for p in sorted(seeds_dir.iterdir())], store, run=RunOptions(workers=1))
    yield store
    store.close()


@pytest.fixture(scope="module")
def seeds_brief(seeds_store):
    return build_brief(seeds_store, BriefOptions(lang="fr"))


def _section(text: str, title: str) -> str:
    return text.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def _verbs(actor: dict, part: str = "roles") -> set[str]:
    return {(r["kind"], r["verb"]) for r in actor[part]}


def test_seed_brief_actors_table_names_the_crisis_actors(seeds_brief) -> None:
    md = render_brief(seeds_brief)
    table = _section(md, "Acteurs")
    for name in ("États-Unis", "Iran", "Israël", "Oman", "Irak"):
        assert f"**{name}**" in table, name
    assert all(a["cite"] is not None for a in seeds_brief.actors)


def test_seed_brief_one_row_per_state(seeds_brief) -> None:
    """The US government (Washington) and the Iranian government (Téhéran) count in their
    state's row: no "Government of Iran" next to "Iran"."""
    ids = [a["id"] for a in seeds_brief.actors]
    assert "USAGOV" not in ids and "IRNGOV" not in ids
    [usa] = [a for a in seeds_brief.actors if a["id"] == "USA"]
    [irn] = [a for a in seeds_brief.actors if a["id"] == "IRN"]
    assert "USAGOV" in usa["merged"] and "IRNGOV" in irn["merged"]
    assert "(USA + USAGOV" in _section(render_brief(seeds_brief), "Acteurs")


def test_seed_brief_roles_and_stakes_in_the_actors_own_events(seeds_brief) -> None:
    """Iran: in talks with the US, attacked by Israel, threatened by Donald Trump — each
    with the sentence it comes from."""
    [irn] = [a for a in seeds_brief.actors if a["id"] == "IRN"]
    stakes = {(r["kind"], r["verb"]): r for r in irn["stakes"]}
    assert "Israël" in stakes[("suffered", "ASSAULT")]["others"]
    threat = stakes[("suffered", "THREATEN")]
    assert threat["others"] == ["Donald Trump"] and "menacé l'Iran" in threat["cite"].text
    row = next(line for line in _section(render_brief(seeds_brief), "Acteurs").splitlines()
               if "(IRN" in line)
    assert "menacé par : Donald Trump" in row and "attaqué par : Israël" in row
    assert "menace ou risque" not in row


def test_seed_brief_counts_bare_milices_with_the_iraqi_militias(seeds_brief) -> None:
    """Seed 002 writes "milices irakiennes" once and "les milices" after; 000 and 003 only
    "milices". The selection names one national variant (REB-IRQ), so the row is that one."""
    [militias] = [a for a in seeds_brief.actors if a["kind"] == "armed_group"
                  and a["id"].startswith("REB")]
    assert (militias["id"], militias["country"], militias["merged"]) == ("REB-IRQ", "IRQ", ["REB"])
    assert militias["articles"] == 3 and ("did", "ASSAULT") in _verbs(militias)
    row = next(line for line in _section(render_brief(seeds_brief), "Acteurs").splitlines()
               if "(REB-IRQ" in line)
    assert "attaque, frappe : forces armées (États-Unis)" in row


def test_seed_brief_oman_hosts_the_talks(seeds_brief) -> None:
    [oman] = [a for a in seeds_brief.actors if a["id"] == "OMN"]
    assert ("hosts", "CONSULT") in _verbs(oman)
    row = next(line for line in _section(render_brief(seeds_brief), "Acteurs").splitlines()
               if "(OMN" in line)
    assert "accueille des discussions entre : États-Unis – Iran" in row


def test_seed_brief_counts_are_true_and_no_line_is_a_question_mark(seeds_brief) -> None:
    """One article names its outlet, four do not: 1 source and 4 of unknown source (not
    "5 sources"); no "? · <hash>" line: a missing title is the first sentence."""
    md = render_brief(seeds_brief)
    assert "5 articles (1 source(s) identifiée(s), 4 de source inconnue)" in md
    sources = _section(md, "Sources")
    assert "?" not in sources and "source inconnue" in sources
    assert "Selon des responsables américains et iraniens" in sources  # 0d235…: no title


def test_seed_brief_axes_and_questions(seeds_brief) -> None:
    md = render_brief(seeds_brief)
    misreading = _section(md, "Trois axes").split("### Risques d'erreur d'interprétation")[1]
    assert "Nom chargé « Entité sioniste » pour Israël, employé par le récit de onemedia.fr" \
        in misreading
    assert "Menace : Donald Trump → Iran" in misreading
    commitments = _section(md, "Trois axes").split("### Engagements diplomatiques")[1]
    assert "États-Unis — discute avec : Iran" in commitments
    questions = _section(md, "Trois questions")
    assert re.search(r"États-Unis : \d+ source\(s\) nommée\(s\), \d+ anonyme", questions)
    assert "garanties de sécurité, et mécanismes de vérification" in questions


def test_seed_brief_in_english_is_english(seeds_store) -> None:
    """In English everything veille writes is English; quotes keep their language, marked."""
    md = render_brief(build_brief(seeds_store, BriefOptions(lang="en")))
    assert "## Three axes" in md and "5 articles (1 known source(s), 4 from an unknown source)" in md
    table = _section(md, "Actors")
    assert "**United States**" in table and "threatened by: Donald Trump" in table
    ours = re.sub(r"«[^»]*»", "", md.split("## Sources")[0])  # quotes, titles stay French
    for french in ("attaque, frappe", "menacé par", "source inconnue", "discute avec",
                   "aucune", "Nom chargé", " : "):
        assert french not in ours, french
    assert "» (fr)" in _section(md, "Timeline of key dates")
    assert "Loaded name “Entité sioniste” for Israel" in md


def test_a_plea_is_quoted_as_its_speaker_not_the_actor_it_names() -> None:
    """"Un porte-parole des rebelles a appelé les États-Unis …": the speaker phrase names
    the rebels first, so the words are never the United States'."""
    from veille.surfaces.brief.build import speaker_actor

    usa = {"id": "USA", "kind": "state", "country": "USA"}
    reb = {"id": "REB-LBY", "kind": "armed_group", "country": "LBY"}
    mentions = [{"start": 18, "end": 25, "actor": reb}, {"start": 40, "end": 50, "actor": usa}]
    claim = {"speaker": {"text": "porte-parole des rebelles ... les États-Unis", "start": 0,
                         "end": 50, "actor": usa}}
    assert speaker_actor(claim, mentions) is None
    claim["speaker"]["actor"] = reb
    assert speaker_actor(claim, mentions) == reb
    claim["speaker"] = {"text": "il", "start": 60, "end": 62, "actor": usa}  # no name inside
    assert speaker_actor(claim, mentions) == usa


def test_two_national_variants_keep_the_generic_group_apart() -> None:
    from veille.surfaces.brief.build import generic_group_owners

    def mention(actor_id, country):
        return {"actor": {"id": actor_id, "country": country, "kind": "armed_group"}}

    one = {"a": {"mentions": [mention("REB", None), mention("REB-IRQ", "IRQ")]}}
    two = {"a": {"mentions": [mention("REB", None), mention("REB-IRQ", "IRQ")]},
           "b": {"mentions": [mention("REB-SYR", "SYR")]}}
    assert generic_group_owners(one) == {"REB": "REB-IRQ"}
    assert generic_group_owners(two) == {}


def test_seed_brief_has_key_dates_and_the_contested_pair(seeds_brief) -> None:
    md = render_brief(seeds_brief)
    dates = re.findall(r"^- \*\*(\d{4}-\d{2}-\d{2})\*\*", _section(md, "Chronologie des dates clés"),
                       re.MULTILINE)
    assert len(dates) >= 3 and dates == sorted(dates)
    contested = _section(md, "Affirmations contestées")
    assert "99 %" in contested and "la moitié" in contested
    assert re.search(r"\d+ des \d+ affirmations reposent sur des sources anonymes",
                     _section(md, "Profil des sources"))


def test_seed_brief_links_resolve_to_their_sentences(seeds_brief, seeds_store) -> None:
    md = render_brief(seeds_brief)
    links = LINK.findall(md)
    assert len(links) >= 10
    closing = _section(md, "Note de clôture : phrases citées")
    for link in set(links):
        frag = parse_qs(link.split("#", 1)[1])
        aid, start, end = unquote(frag["article"][0]), int(frag["start"][0]), int(frag["end"][0])
        text = seeds_store.analysis_record(aid)["text"]
        sentence = text[start:end]
        assert any(s.start == start and s.end == end for s in split_sentences(text)), sentence
        cite = next(c for c in seeds_brief.citations if (c.article_id, c.start, c.end) == (aid, start, end))
        assert cite.text == sentence and f"{cite.number}. `{aid[:12]}` [{start}–{end}]" in closing
    pair = seeds_brief.contested[0]
    for side in ("a", "b"):
        assert pair[side]["content"] in pair[f"cite_{side}"].text


def test_seed_brief_says_when_there_are_no_events(seeds_brief) -> None:
    md = render_brief(seeds_brief)
    escalation = _section(md, "Tendance de l'escalade")
    if seeds_brief.counts["events"] == 0:
        assert "Aucun événement extrait" in escalation
    else:
        assert "Tendance" in escalation


def test_english_html_brief_roles_escalation_and_escaping(tmp_path: Path) -> None:
    store = open_store(str(crisis_store.build_store(tmp_path / "c.duckdb")))
    try:
        brief = build_brief(store, BriefOptions(lang="en"))
    finally:
        store.close()
    roles = {a["id"]: {(r["kind"], r["verb"]) for r in a["roles"] + a["stakes"]}
             for a in brief.actors}
    assert ("did", "CONSULT") in roles["USA"]
    assert ("did", "ASSAULT") in roles["REB-IRQ"]
    assert ("suffered", "THREATEN") in roles["ISR"]
    md = render_brief(brief)
    assert "holds talks with" in md and "## Escalation trend" in md
    assert "<script>" not in md
    html = render_brief(brief, format="html")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<svg" in html and "Trend: <strong>" in html
    with pytest.raises(ValueError, match="format"):
        render_brief(brief, format="pdf")


def test_the_left_out_line_comes_from_the_labels_in_both_languages() -> None:
    from veille.surfaces.brief.render import left_out_line
    from veille.surfaces.brief.words import labels

    counts = {"articles": 2, "events": 5}
    assert left_out_line(labels()["fr"], counts) == \
        "Laissés de côté faute de date : 2 article(s), 5 événement(s)."
    assert left_out_line(labels()["en"], counts) == \
        "Left out for lack of a date: 2 article(s), 5 event(s)."
    assert left_out_line(labels()["en"], {"articles": 0, "events": 0}) == ""
