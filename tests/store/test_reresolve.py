"""`veille.actors.stored` on both engines: unresolved names, and re-resolution writing
mentions, event roles, claim speakers, records and actors in one go (the SQL is portable)."""

from __future__ import annotations

import json
from pathlib import Path

from veille.actors.kb import load_kb
from veille.actors.stored import reresolve_store, unresolved_names
from veille.model import Actor, Analysis, Article, Claim, Event, Mention
from veille.store import open_store
from veille.store.base import Record

TEXT = ("Le maréchal Khalifa Haftar a attaqué Tripoli. Haftar a rencontré Fayez al-Sarraj. "
        "« Nous ne céderons pas », a dit Fayez al-Sarraj.")
MADE_UP = Actor("PERS-TUR-~KHALIFA-HAFTAR", "Khalifa Haftar", "person", "TUR")
HAFTAR = "PERS-LBY-HAFTAR-KHALIFA"


def _span(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(part, start + 1)
    return start, start + len(part)


def _store(db: str) -> None:
    full = Mention(*_span(TEXT, "Khalifa Haftar"), "Khalifa Haftar", MADE_UP, "PER", "ner+article")
    short = Mention(*_span(TEXT, "Haftar", 1), "Haftar", MADE_UP, "PER", "short_form+article")
    sarraj = Mention(*_span(TEXT, "Fayez al-Sarraj"), "Fayez al-Sarraj", None, "PER", "ner")
    speaker = Mention(*_span(TEXT, "Fayez al-Sarraj", 1), "Fayez al-Sarraj", None, "PER", "ner")
    event = Event("ASSAULT", TEXT[:45], 0, 45, source=full, trigger="a attaqué")
    meet = Event("CONSULT", TEXT[46:84], 46, 84, source=short, target=sarraj, trigger="a rencontré")
    claim = Claim("Nous ne céderons pas", 86, 106, speaker_text="Fayez al-Sarraj", speaker=speaker,
                  sourcing="named", speaker_start=speaker.start, speaker_end=speaker.end)
    analysis = Analysis(Article(text=TEXT, id="lby", language="fr"),
                        mentions=[full, short, sarraj, speaker], events=[event, meet], claims=[claim])
    with open_store(db) as store:
        store.write([Record(analysis, "h", None, analyzed=True)])


def _user_kb(tmp_path: Path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(f"""actors:
- {{id: {HAFTAR}, name: Khalifa Haftar, kind: person, country: LBY}}
- {{id: PERS-LBY-SARRAJ-FAYEZ, name: Fayez al-Sarraj, kind: person, country: LBY}}
""", encoding="utf-8")
    return load_kb([mine])


def test_unresolved_then_resolved_on_each_engine(db: str, tmp_path: Path) -> None:
    _store(db)
    with open_store(db) as store:
        found = unresolved_names(store)
        assert [(i["text"], i["mentions"], i["ids"]) for i in found["items"]] == [
            ("Fayez al-Sarraj", 2, []), ("Haftar", 1, [MADE_UP.id]), ("Khalifa Haftar", 1, [MADE_UP.id])]
        report = reresolve_store(store, _user_kb(tmp_path))
        assert (report.changed, report.event_roles, report.claim_speakers) == (4, 3, 1)
        mentions = [r["actor_id"] for r in store.rows("SELECT actor_id FROM mentions ORDER BY idx")]
        assert mentions == [HAFTAR, HAFTAR, "PERS-LBY-SARRAJ-FAYEZ", "PERS-LBY-SARRAJ-FAYEZ"]
        events = store.rows("SELECT source_actor, target_actor FROM events ORDER BY idx")
        assert events == [{"source_actor": HAFTAR, "target_actor": None},
                          {"source_actor": HAFTAR, "target_actor": "PERS-LBY-SARRAJ-FAYEZ"}]
        assert store.rows("SELECT speaker_actor FROM claims") == [{"speaker_actor": "PERS-LBY-SARRAJ-FAYEZ"}]
        raw = store.rows("SELECT record FROM analyses")[0]["record"]
        record = json.loads(raw) if isinstance(raw, str) else raw
        assert record["events"][1]["source"]["actor"]["id"] == HAFTAR
        assert record["claims"][0]["speaker"]["actor"]["country"] == "LBY"
        assert "_followed" not in json.dumps(record)
        assert {r["id"] for r in store.rows("SELECT id FROM actors")} == {HAFTAR, "PERS-LBY-SARRAJ-FAYEZ"}
        assert unresolved_names(store)["total"] == 0
        assert reresolve_store(store, _user_kb(tmp_path)).changed == 0


def test_merging_two_made_up_ids_keeps_the_one_kept_as_stored(db: str, tmp_path: Path) -> None:
    """The issue's case: `~MOUAMMAR-KADHAFI` and `~MUAMMAR-KADHAFI` are one man."""
    text = "Mouammar Kadhafi a parlé. Muammar Kadhafi a répondu."
    kept = Actor("PERS-LBY-~MOUAMMAR-KADHAFI", "Mouammar Kadhafi", "person", "LBY")
    merged = Actor("PERS-LBY-~MUAMMAR-KADHAFI", "Muammar Kadhafi", "person", "LBY")
    analysis = Analysis(Article(text=text, id="k", language="fr"), mentions=[
        Mention(0, 16, "Mouammar Kadhafi", kept, "PER", "ner"),
        Mention(26, 41, "Muammar Kadhafi", merged, "PER", "ner")])
    mine = tmp_path / "mine.yaml"
    mine.write_text(f"actors:\n- {{id: '{merged.id}', same_as: '{kept.id}'}}\n", encoding="utf-8")
    with open_store(db) as store:
        store.write([Record(analysis, "h", None, analyzed=True)])
        report = reresolve_store(store, load_kb([mine]), only={merged.id})
        assert (report.changed, dict(report.moves)) == (1, {(merged.id, kept.id): 1})
        assert [r["actor_id"] for r in store.rows("SELECT actor_id FROM mentions ORDER BY idx")] == \
            [kept.id, kept.id]
        assert store.rows("SELECT id, name FROM actors") == [{"id": kept.id, "name": "Mouammar Kadhafi"}]
        raw = store.rows("SELECT record FROM analyses")[0]["record"]
        record = json.loads(raw) if isinstance(raw, str) else raw
        assert record["mentions"][1]["actor"]["name"] == "Mouammar Kadhafi"
