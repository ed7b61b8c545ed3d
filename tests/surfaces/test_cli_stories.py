"""The stories commands end to end on a small store: stories, events, timeline, escalation."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from veille.model import Actor, Analysis, Article, Event, Mention, TimeValue
from veille.store import Record, open_store
from veille.surfaces.cli import app

END = date(2024, 4, 20)


def _record(day: date, kind: str, n: int) -> Record:
    text = (f"Le {day.day} avril 2024, l'Iran menace les États-Unis de représailles "
            f"(dépêche {n}). Les deux pays se parlent via Oman.")
    article = Article(text=text, published=day, date_precision="day", source=f"o{n}.fr",
                      language="fr", title=f"Iran et États-Unis, dépêche {n}")
    irn = Mention(text.index("Iran"), text.index("Iran") + 4, "Iran",
                  Actor("IRN", "Iran", "state", "IRN"))
    start = text.index("États-Unis")
    usa = Mention(start, start + 10, "États-Unis", Actor("USA", "United States", "state", "USA"))
    times = [TimeValue(0, text.index(","), text[:text.index(",")], day.isoformat(),
                       granularity="day")]
    event = Event(type=kind, sentence=text, start=0, end=len(text), source=irn, target=usa,
                  date=TimeValue(0, 0, "", day.isoformat()))
    return Record(Analysis(article, mentions=[irn, usa], times=times, events=[event]),
                  article.id, None, analyzed=True)


@pytest.fixture()
def db(tmp_path) -> str:
    path = str(tmp_path / "s.duckdb")
    store = open_store(path)
    records = [_record(END - timedelta(days=k), "THREATEN", i) for k in range(3) for i in range(3)]
    records += [_record(END - timedelta(days=k), "THREATEN", 7) for k in range(8, 38, 6)]
    store.write(records)
    store.close()
    return path


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_escalation_json_and_csv(db):
    report = json.loads(run("escalation", "--actors", "USA,IRN", "--db", db, "--format", "json"))
    # the series follows the data: first event (32 days back) to the last, one point a day
    assert report["from"] == (END - timedelta(days=32)).isoformat() and report["to"] == END.isoformat()
    assert len(report["series"]) == 33 and report["events"] == 14 and report["sides"] == ["USA", "IRN"]
    assert len(report["series"][-1]["events"]) == 3  # each point lists the events it counts
    assert json.loads(run("escalation", "--db", db, "--format", "json"))["sides"] == ["IRN", "USA"]
    assert report["trend"] in ("escalating", "de-escalating", "stable")
    assert any("threats between USA and IRN" in a["message"] for a in report["alerts"])
    rows = list(csv.DictReader(io.StringIO(run("escalation", "--actors", "usa, irn", "--db", db,
                                               "--window", "2w", "--format", "csv"))))
    assert len(rows) == 14 and rows[-1]["verbal_conflict_count"] == "3"


def test_stories_and_merged_events(db):
    stories = json.loads(run("stories", "--db", db, "--format", "json"))
    assert stories[0]["size"] >= 9 and "IRN" in stories[0]["actors"]
    events = json.loads(run("stories", "--events", "--db", db, "--format", "json"))
    # three dépêches a day on the last three days: one event per day with three mentions
    assert [e["num_mentions"] for e in events if e["date"] >= "2024-04-18"] == [3, 3, 3]


def test_timeline_json(db):
    entries = json.loads(run("timeline", "--db", db, "--format", "json", "--max-dates", "2",
                             "--per-date", "1", "--actor", "IRN"))
    assert len(entries) == 2 and all(set(e) >= {"date", "summary", "sources"} for e in entries)
    # the three busiest days (three dépêches each) beat the days with one
    assert {e["date"] for e in entries} <= {"2024-04-18", "2024-04-19", "2024-04-20"}
    assert entries[0]["sources"][0]["source"].endswith(".fr")


def test_bad_window_is_one_line(db):
    result = CliRunner().invoke(app, ["escalation", "--actors", "USA", "--db", db,
                                      "--window", "soon"])
    assert result.exit_code != 0 and "expected days" in result.output


def _undated_record() -> Record:
    """An article with no publication date whose event names no day: nothing can place it."""
    text = "L'Iran menace les États-Unis de représailles, selon un communiqué."
    article = Article(text=text, source="o9.fr", language="fr", title="Iran, sans date")
    irn = Mention(0, 6, "L'Iran", Actor("IRN", "Iran", "state", "IRN"))
    start = text.index("États-Unis")
    usa = Mention(start, start + 10, "États-Unis", Actor("USA", "United States", "state", "USA"))
    event = Event(type="THREATEN", sentence=text, start=0, end=len(text), source=irn, target=usa)
    return Record(Analysis(article, mentions=[irn, usa], events=[event]), article.id, None,
                  analyzed=True)


def test_timeline_and_escalation_say_what_they_left_out_for_lack_of_a_date(db):
    store = open_store(db)
    store.write([_undated_record()])
    store.close()
    assert "Left out for lack of a date: 1 article(s), 1 event(s)." in \
        run("timeline", "--db", db)
    assert "Laissés de côté faute de date : 1 article(s), 1 événement(s)." in \
        run("escalation", "--actors", "USA,IRN", "--db", db, "--lang", "fr")


def test_the_brief_says_what_its_dates_and_escalation_left_out(db):
    store = open_store(db)
    store.write([_undated_record()])
    store.close()
    brief = run("brief", "--db", db, "--actors", "USA,IRN")
    # once under the key dates, once under the escalation trend
    assert brief.count("Laissés de côté faute de date : 1 article(s), 1 événement(s).") == 2
