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


def test_seed_brief_actors_table_names_the_crisis_actors(seeds_brief) -> None:
    md = render_brief(seeds_brief)
    table = _section(md, "Acteurs")
    for name in ("United States", "Iran", "Israel", "Oman", "Iraq"):
        assert f"**{name}**" in table, name
    assert all(a["cite"] is not None for a in seeds_brief.actors)


def test_seed_brief_counts_bare_milices_with_the_iraqi_militias(seeds_brief) -> None:
    """Seed 002 writes "milices irakiennes" once and "les milices" after; 000 and 003 only
    "milices". The selection names one national variant (REB-IRQ), so the row is that one."""
    [militias] = [a for a in seeds_brief.actors if a["kind"] == "armed_group"]
    assert (militias["id"], militias["country"], militias["merged"]) == ("REB-IRQ", "IRQ", ["REB"])
    assert militias["articles"] == 3 and "source_material_conflict" in militias["roles"]
    assert "milices" in militias["written"]
    row = next(line for line in _section(render_brief(seeds_brief), "Acteurs").splitlines()
               if "(REB-IRQ)" in line)
    assert "attaque, frappe" in row and "« milices »" in row


def test_seed_brief_oman_hosts_the_talks(seeds_brief) -> None:
    [oman] = [a for a in seeds_brief.actors if a["id"] == "OMN"]
    assert oman["roles"][0] == "place_verbal_cooperation"
    row = next(line for line in _section(render_brief(seeds_brief), "Acteurs").splitlines()
               if "(OMN)" in line)
    assert "accueille des discussions" in row


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
    assert re.search(r"\d+ des \d+ faits clés reposent sur des sources anonymes",
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
    roles = {a["id"]: a["roles"] for a in brief.actors}
    assert roles["USA"][0] in ("source_verbal_cooperation", "target_material_conflict")
    assert "source_material_conflict" in roles["REB-IRQ"]
    assert "target_verbal_conflict" in roles["ISR"]
    md = render_brief(brief)
    assert "negotiates, proposes, mediates" in md and "## Escalation trend" in md
    assert "<script>" not in md
    html = render_brief(brief, format="html")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<svg" in html and "Trend: <strong>" in html
    with pytest.raises(ValueError, match="format"):
        render_brief(brief, format="pdf")
