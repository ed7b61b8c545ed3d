"""Adding an input format (#17): a toy reader registered by name with its sniff rule is
picked for its files by the real ingest path, and its articles land in the store."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest
from typer.testing import CliRunner

import veille.surfaces.cli  # noqa: F401  (registers every command)
from veille.ingest import ReadOptions, Skipped, iter_articles
from veille.ingest.assemble import RawDoc
from veille.ingest.formats import Format, Unreadable, sniff_format
from veille.ingest.readers import (
    DEFAULT_PRIORITY, reader_for, register_reader, registered_readers, unregister_reader,
)
from veille.model import Article
from veille.store import open_store
from veille.surfaces.cli_app import app

TOY = b"""#TOYNEWS v1
title: Oman hosts a new round of talks
Oman hosted a new round of indirect talks between Iran and the United States on Saturday,
the foreign ministry in Muscat said, describing the exchanges as constructive.
---
title: Iraqi militias announce a pause
Several Iraqi armed groups announced on Sunday a pause in their attacks on bases hosting
American troops, a spokesman said in a statement broadcast by a local television channel.
"""


def is_toy(head: bytes) -> bool:
    return head.startswith(b"#TOYNEWS")


def read_toy(stream: BinaryIO, origin: str, options: ReadOptions) -> Iterator[RawDoc | Skipped]:
    """One article per `---` block: a `title:` line, then the text."""
    body = stream.read().decode("utf-8").split("\n", 1)[1]
    for n, block in enumerate(body.split("\n---\n"), 1):
        head, _, text = block.strip().partition("\n")
        yield RawDoc(text=text, origin=f"{origin}#{n}", title=head.removeprefix("title:").strip(),
                     raw_hash=hashlib.sha1(block.encode()).hexdigest(), source="toy.example")


@pytest.fixture()
def toy_reader() -> Iterator[None]:
    register_reader("toynews", sniff=is_toy, read=read_toy)
    yield
    unregister_reader("toynews")


def test_builtin_readers_keep_their_sniffing_order() -> None:
    names = [r.name for r in registered_readers()]
    assert names[:4] == ["warc", "jsonl", "feed", "html"] and names[-1] == "text"
    assert sniff_format(b"\xef\xbb\xbf  <rss version='2.0'>") is Format.FEED
    with pytest.raises(Unreadable, match="JSON array"):
        reader_for(b'[{"text": "x"}]')


def test_a_toy_reader_is_picked_by_its_sniff_rule(toy_reader: None, tmp_path: Path) -> None:
    assert reader_for(TOY).name == "toynews"
    assert [r.name for r in registered_readers()][-2:] == ["toynews", "text"]
    assert DEFAULT_PRIORITY > 0
    path = tmp_path / "feed.toy"
    path.write_bytes(TOY)
    articles = [a for a in iter_articles([str(path)], ReadOptions()) if isinstance(a, Article)]
    assert [a.title for a in articles] == ["Oman hosts a new round of talks",
                                          "Iraqi militias announce a pause"]


def test_veille_ingest_stores_the_toy_articles(toy_reader: None, tmp_path: Path) -> None:
    path = tmp_path / "feed.toy"
    path.write_bytes(TOY)
    db = str(tmp_path / "toy.duckdb")
    result = CliRunner().invoke(app, ["ingest", str(path), "--db", db, "--no-analyze"])
    assert result.exit_code == 0, result.output
    store = open_store(db)
    try:
        rows = store.rows("SELECT title, source FROM articles ORDER BY title")
    finally:
        store.close()
    assert rows == [{"title": "Iraqi militias announce a pause", "source": "toy.example"},
                    {"title": "Oman hosts a new round of talks", "source": "toy.example"}]


def test_without_the_toy_reader_the_file_is_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "feed.toy"
    path.write_bytes(TOY)
    articles = [a for a in iter_articles([str(path)], ReadOptions()) if isinstance(a, Article)]
    assert len(articles) == 1
