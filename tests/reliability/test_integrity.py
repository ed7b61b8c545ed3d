"""The integrity check finds each kind of damage it names, on both engines, and `veille check`
turns its findings into an exit code."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import veille.surfaces.cli  # noqa: F401  (registers every command)
from veille.ingest.dedup import fingerprint, signature_bytes
from veille.model import Analysis, Article, Mention
from veille.store import Record, open_store
from veille.store.integrity import CHECKS, check_store
from veille.surfaces.cli_app import app

TEXT = "Emmanuel Macron a rencontré Joe Biden à Paris lundi, selon l'Élysée."


def _record(article_id: str, text: str, *, analyzed: bool = True) -> Record:
    article = Article(id=article_id, text=text, language="fr", raw_hash="r" + article_id)
    analysis = Analysis(article)
    analysis.mentions = [Mention(start=0, end=15, text=text[:15], label="PER")]
    fp = fingerprint(text)
    return Record(analysis, fp.hash, signature_bytes(fp.minhash), analyzed=analyzed)


def _sql(store, sql: str) -> None:
    store.con.execute(sql)


@pytest.fixture
def sound_store(db):
    with open_store(db) as store:
        store.write([_record("a1", TEXT), _record("a2", TEXT.replace("lundi", "mardi 3 mars"))])
    return db


def test_a_sound_store_passes(sound_store):
    with open_store(sound_store, read_only=True) as store:
        report = check_store(store)
    assert report.ok and report.articles == 2 and report.checks == len(CHECKS)


DAMAGE = {
    "orphan_mentions": "INSERT INTO mentions (article_id, idx, start_char, end_char, text) "
                       "VALUES ('ghost', 0, 0, 3, 'abc')",
    "orphan_analyses": "INSERT INTO analyses (article_id, record) VALUES ('ghost', '{}')",
    "analyzed_without_record": "DELETE FROM analyses WHERE article_id = 'a1'",
    "duplicate_of_missing": "UPDATE articles SET duplicate_of = 'gone', similarity = 1.0 "
                            "WHERE id = 'a2'",
    "original_without_signature": "DELETE FROM minhashes WHERE article_id = 'a1'",
    "repeated_original_text": "UPDATE articles SET text_hash = (SELECT text_hash FROM articles "
                              "WHERE id = 'a1') WHERE id = 'a2'",
    "mentions_span_outside_text": "UPDATE mentions SET end_char = 100000 WHERE article_id = 'a1'",
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_each_damage_is_found(sound_store, damage):
    with open_store(sound_store) as store:
        _sql(store, DAMAGE[damage])
    with open_store(sound_store, read_only=True) as store:
        report = check_store(store)
    assert damage in [f.name for f in report.findings], report.findings


def test_check_command_exit_codes(tmp_path):
    db = str(tmp_path / "v.duckdb")
    with open_store(db) as store:
        store.write([_record("a1", TEXT)])
    runner = CliRunner()
    ok = runner.invoke(app, ["check", "--db", db])
    assert ok.exit_code == 0 and "checks passed" in ok.output
    with open_store(db) as store:
        _sql(store, DAMAGE["orphan_mentions"])
    bad = runner.invoke(app, ["check", "--db", db], terminal_width=200)
    assert bad.exit_code == 1 and "orphan_mentions" in bad.output and "ghost" in bad.output
    missing = runner.invoke(app, ["check", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2
