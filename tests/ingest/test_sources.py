"""Path handling of iter_articles: directories, globs, stdin, limits, options, laziness."""

from __future__ import annotations

import io
import json
import sys

import pytest

from veille.ingest import ReadOptions, iter_articles
from veille.ingest.sources import iter_inputs

TEXT = ("Des pourparlers entre les États-Unis et l'Iran doivent se tenir vendredi à Oman, où plusieurs "
        "sessions de discussions ont déjà eu lieu au sujet du programme nucléaire de Téhéran.")


@pytest.fixture()
def tree(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main")
    (tmp_path / "b" / "2.txt").write_text(f"Deux\n\n{TEXT}")
    (tmp_path / "a" / "1.txt").write_text(f"Un\n\n{TEXT}")
    (tmp_path / "a" / ".hidden.txt").write_text(TEXT)
    (tmp_path / "z.txt").write_text(f"Zed\n\n{TEXT}")
    return tmp_path


def test_directory_walk_is_sorted_and_skips_hidden(tree):
    assert list(iter_inputs([str(tree)])) == [
        str(tree / "a" / "1.txt"), str(tree / "b" / "2.txt"), str(tree / "z.txt")]


def test_glob_and_missing_paths(tree, read_all):
    articles, skipped = read_all([f"{tree}/**/*.txt", tree / "nope.txt", f"{tree}/*.pdf"])
    assert [a.title for a in articles] == ["Un", "Deux", "Zed"]
    assert [(s.origin, s.reason) for s in skipped] == [
        (str(tree / "nope.txt"), "no such file or directory"),
        (f"{tree}/*.pdf", "no file matches this pattern")]


def test_limit_stops_reading(tree, read_all):
    articles, _ = read_all([tree], limit=2)
    assert [a.title for a in articles] == ["Un", "Deux"]


def test_iteration_is_lazy(tree):
    items = iter_articles([str(tree / "a" / "1.txt"), str(tree / "missing")], ReadOptions())
    first = next(items)
    assert first.title == "Un"  # the missing path has not been looked at yet


@pytest.mark.parametrize("payload, expect_title", [
    (json.dumps({"title": "Oman", "text": TEXT}).encode() + b"\n", "Oman"),
    (f" date 2026-02-04 Pourparlers à Oman\n\n{TEXT}".encode(), "Pourparlers à Oman"),
])
def test_stdin_format_detected_from_content(monkeypatch, read_all, payload, expect_title):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(payload))))
    articles, skipped = read_all(["-"])
    assert skipped == []
    assert articles[0].title == expect_title
    assert articles[0].origin.startswith("<stdin>")


def test_language_override(tree, read_all):
    articles, _ = read_all([tree / "z.txt"], language="en")
    assert articles[0].language == "en"
