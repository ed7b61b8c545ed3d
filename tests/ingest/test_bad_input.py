"""Bad input never stops a run: each gives a Skipped with a one-line reason, or is handled."""

from __future__ import annotations

import gzip
import json
import logging
import time
import tracemalloc

import pytest

PARAGRAPH = ("Les États-Unis et l'Irak sont sur le point d'entamer des discussions sur la fin de la coalition "
             "militaire internationale dirigée par les États-Unis en Irak, ont déclaré quatre sources.")


@pytest.mark.parametrize("name, data, reason", [
    ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "binary file (PDF)"),
    ("notes.txt", b"%PDF-1.4\n" + bytes(range(256)), "binary file (PDF)"),
    ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200), "binary file (JPEG image)"),
    ("data.bin", bytes(range(256)) * 4, "binary file (unknown binary data)"),
    ("doc.docx", b"PK\x03\x04\x14\x00\x06\x00" + bytes(64), "binary file (ZIP archive or office document)"),
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n\t\n", "empty file"),
    ("empty.jsonl.gz", gzip.compress(b""), "empty file"),
])
def test_unreadable_files_are_skipped_with_reason(tmp_path, read_all, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    articles, skipped = read_all([path])
    assert articles == []
    assert [(s.origin, s.reason) for s in skipped] == [(str(path), reason)]


def test_iteration_continues_after_bad_files(tmp_path, read_all):
    (tmp_path / "1.pdf").write_bytes(b"%PDF-1.7\n")
    (tmp_path / "2.txt").write_text(PARAGRAPH)
    (tmp_path / "3.txt").write_bytes(b"")
    (tmp_path / "4.txt").write_text(PARAGRAPH.replace("quatre", "cinq"))
    articles, skipped = read_all([tmp_path])
    assert len(articles) == 2
    assert [s.reason for s in skipped] == ["binary file (PDF)", "empty file"]


def test_cp1252_text_is_decoded_and_logged(tmp_path, read_all, caplog):
    path = tmp_path / "legacy.txt"
    path.write_bytes(f" date 2024-01-26 L’Irak\n\n{PARAGRAPH} Coût : 5 €.".encode("cp1252"))
    with caplog.at_level(logging.DEBUG, logger="veille.ingest"):
        (article,), skipped = read_all([path])
    assert skipped == []
    assert article.title == "L’Irak"
    assert article.text.endswith("ont déclaré quatre sources. Coût : 5 €.")
    assert "not valid UTF-8, decoded as cp1252" in caplog.text


def test_latin1_only_bytes_are_decoded(tmp_path, read_all):
    path = tmp_path / "latin1.txt"
    path.write_bytes(PARAGRAPH.encode("latin-1") + b" \x81\x8d")  # undefined in cp1252
    (article,), _ = read_all([path])
    assert article.text.startswith("Les États-Unis et l'Irak")


def test_truncated_gzip_keeps_articles_before_the_break(tmp_path, read_all):
    lines = b"".join(json.dumps({"text": f"{i}. {PARAGRAPH}"}, ensure_ascii=False).encode() + b"\n"
                     for i in range(3000))
    data = gzip.compress(lines)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    articles, skipped = read_all([path], language="fr")
    assert 100 < len(articles) < 3000
    assert articles[-1].text.startswith(f"{len(articles) - 1}. ")
    cut = len(articles) + 1
    assert [s.origin for s in skipped] == [f"{path}#line {cut}"]
    assert skipped[0].reason.startswith("invalid gzip: file is truncated after ")
    assert skipped[0].reason.endswith(f"this record is lost, the {cut - 1:,} complete records "
                                      "before it read")


def test_corrupt_gzip_is_skipped(tmp_path, read_all):
    data = bytearray(gzip.compress((json.dumps({"text": PARAGRAPH}) + "\n").encode() * 50))
    data[20:40] = b"\xff" * 20
    path = tmp_path / "corrupt.jsonl.gz"
    path.write_bytes(bytes(data))
    articles, skipped = read_all([path])
    assert len(skipped) == 1 and skipped[0].reason.startswith("invalid gzip")


@pytest.mark.parametrize("html", [
    b"<html><body><div><p>Unclosed <b>tags & <i>garbage</p></div><script>var x = '<p>'",
    b"<html><head><title>Vide</title></head><body></body></html>",
    b"<!DOCTYPE html><html>" + b"<div>" * 5000 + b"deep" + b"</div>" * 10,
])
def test_malformed_html_gives_skip_or_article(tmp_path, read_all, html):
    path = tmp_path / "page.html"
    path.write_bytes(html)
    articles, skipped = read_all([path])
    assert len(articles) + len(skipped) == 1
    for skip in skipped:
        assert skip.origin == str(path) and "\n" not in skip.reason


def test_overlong_document_is_stored_truncated(tmp_path, read_all):
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join(f"{i}. {PARAGRAPH}" for i in range(200)))
    (article,), _ = read_all([path], max_chars=5000)
    assert article.truncated
    assert len(article.text) <= 5000
    assert article.text.startswith("0. Les États-Unis")


def test_overlong_jsonl_text_is_stored_truncated(tmp_path, read_all):
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({"text": "\n\n".join([PARAGRAPH] * 100)}) + "\n")
    (article,), _ = read_all([path], max_chars=1000)
    assert article.truncated and len(article.text) <= 1000


def test_50_mb_text_file_neither_blows_memory_nor_hangs(tmp_path, read_all):
    path = tmp_path / "huge.txt"
    block = "".join(f"{i}. {PARAGRAPH}\n\n" for i in range(1000)).encode()
    with path.open("wb") as out:
        while out.tell() < 50_000_000:
            out.write(block)
    tracemalloc.start()
    started = time.perf_counter()
    (article,), skipped = read_all([path], language="fr")
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert skipped == []
    assert article.truncated and len(article.text) <= 2_000_000
    assert peak < 60_000_000, f"peak {peak / 1e6:.0f} MB"
    assert elapsed < 20, f"{elapsed:.1f}s"


def test_cyrillic_code_page_is_not_read_as_cp1252(tmp_path, read_all):
    text = ("Переговоры между США и Ираном должны пройти в пятницу в Омане, где уже состоялось "
            "несколько раундов обсуждений ядерной программы Тегерана.")
    path = tmp_path / "ru.txt"
    path.write_bytes(text.encode("cp1251"))
    (article,), _ = read_all([path])
    assert article.text == text
    assert article.language == "ru"


@pytest.mark.parametrize("name, data, reason", [
    ("items.json", b'[{"text": "a"}, {"text": "b"}]', "JSON array; expected JSON Lines (one article object per line)"),
    ("sitemap.xml", b'<?xml version="1.0"?><urlset><url><loc>https://ex.fr/</loc></url></urlset>',
     "XML document that is not an RSS or Atom feed"),
])
def test_wrong_structured_formats_are_named(tmp_path, read_all, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    assert read_all([path]) == ([], [type(read_all([path])[1][0])(str(path), reason)])


def test_text_starting_with_a_brace_is_text(tmp_path, read_all):
    path = tmp_path / "note.txt"
    path.write_text("{Brouillon}\n\n" + PARAGRAPH)
    (article,), skipped = read_all([path])
    assert skipped == [] and article.text.endswith("quatre sources.")


def test_overlong_jsonl_line_is_skipped_in_bounded_memory(tmp_path, read_all, monkeypatch):
    monkeypatch.setattr("veille.ingest.jsonl_reader.MIN_LINE_LIMIT", 1_000_000)
    path = tmp_path / "huge-line.jsonl"
    with path.open("w") as out:
        out.write('{"text": "' + "x" * 8_000_000 + '"}\n' + json.dumps({"text": PARAGRAPH}) + "\n")
    tracemalloc.start()
    articles, skipped = read_all([path], max_chars=2000, language="fr")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [a.origin for a in articles] == [f"{path}#line 2"]
    assert [(s.origin, s.reason) for s in skipped] == [
        (f"{path}#line 1", "line longer than 1,000,000 bytes (raise max_chars to read it)")]
    assert peak < 4_000_000, f"peak {peak / 1e6:.1f} MB for an 8 MB line"


def test_truncated_gzip_text_file(tmp_path, read_all):
    data = gzip.compress(("\n\n".join([PARAGRAPH] * 2000)).encode())
    path = tmp_path / "article.txt.gz"
    path.write_bytes(data[: len(data) // 2])
    articles, skipped = read_all([path])
    assert articles == [] and [s.origin for s in skipped] == [str(path)]
    assert skipped[0].reason.startswith("invalid gzip: file is truncated after ")


def test_skip_reasons_are_one_line():
    from veille.ingest import Skipped

    assert Skipped("f.xml", "malformed feed:\n  line 3\tcolumn 2").reason == "malformed feed: line 3 column 2"
