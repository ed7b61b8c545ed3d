"""WARC archives written here with warcio: HTML responses become articles, the rest is ignored."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PAGE_URL = "https://www.courrierdugolfe.example/monde/oman-pourparlers-washington-teheran"
UNDATED_PAGE = """<html><head><title>Bagdad et Washington ouvrent des discussions</title></head><body>
<nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>
<article><h1>Bagdad et Washington ouvrent des discussions</h1>
<p>BAGDAD, 26 janvier (Reuters) - Les États-Unis et l'Irak ont entamé des discussions sur la fin de la coalition
militaire internationale dirigée par les États-Unis en Irak, ont déclaré quatre sources proches du dossier.</p>
<p>Les pourparlers devraient durer plusieurs mois, voire plus longtemps, étant donné que leur issue n'est pas claire
et que le retrait des troupes américaines n'est pas imminent, selon ces mêmes sources.</p></article>
</body></html>"""


def _response(writer: WARCWriter, url: str, body: bytes, content_type: str, when: str) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                       warc_headers_dict={"WARC-Date": when})
    writer.write_record(record)


def write_warc(path: Path, html_page: bytes, *, gzip: bool) -> Path:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "veille-tests"}))
        _response(writer, PAGE_URL, html_page, "text/html; charset=utf-8", "2026-02-06T10:00:00Z")
        _response(writer, "https://www.courrierdugolfe.example/logo.png", b"\x89PNG\r\n", "image/png",
                  "2026-02-06T10:00:01Z")
        _response(writer, "https://bagdad.example/coalition", UNDATED_PAGE.encode(), "text/html",
                  "2024-02-10T08:00:00Z")
    return path


@pytest.mark.parametrize("gzip, name", [(True, "crawl.warc.gz"), (False, "crawl.warc")])
def test_html_responses_become_articles(tmp_path, ingest_fixtures, read_all, gzip, name):
    path = write_warc(tmp_path / name, (ingest_fixtures / "article_fr.html").read_bytes(), gzip=gzip)
    articles, skipped = read_all([path])
    assert skipped == []
    assert [a.url for a in articles] == [PAGE_URL, "https://bagdad.example/coalition"]
    page, undated = articles
    assert page.title == "Oman accueille de nouveaux pourparlers entre Washington et Téhéran"
    assert (page.published, page.date_origin) == (date(2026, 2, 5), "html-meta")
    assert page.origin == f"{path}#record 2"
    # no date in the page: the dateline, with its year taken from the capture date
    assert (undated.published, undated.date_precision, undated.date_origin) == (date(2024, 1, 26), "day", "dateline")
    assert undated.origin == f"{path}#record 4"


def test_warc_date_is_the_last_fallback(tmp_path, read_all):
    page = UNDATED_PAGE.replace("BAGDAD, 26 janvier (Reuters) - ", "").encode()
    path = tmp_path / "one.warc"
    with path.open("wb") as out:
        _response(WARCWriter(out, gzip=False), "https://bagdad.example/x", page, "text/html",
                  "2024-02-10T08:00:00Z")
    (article,), _ = read_all([path])
    assert (article.published, article.date_origin) == (date(2024, 2, 10), "warc")


def test_malformed_record_ends_file_with_skip(tmp_path, ingest_fixtures, read_all):
    path = write_warc(tmp_path / "broken.warc", (ingest_fixtures / "article_fr.html").read_bytes(), gzip=False)
    with path.open("ab") as out:
        out.write(b"this is not a WARC record\r\n\r\n<html>")
    articles, skipped = read_all([path])
    assert len(articles) == 2
    assert len(skipped) == 1
    assert skipped[0].origin == f"{path}#record 5"
    assert skipped[0].reason == "malformed WARC record: Invalid WARC record, first line: this is not a WARC record"


def test_record_cut_inside_headers(tmp_path, ingest_fixtures, read_all):
    path = write_warc(tmp_path / "cut.warc", (ingest_fixtures / "article_fr.html").read_bytes(), gzip=False)
    with path.open("ab") as out:
        out.write(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 500\r\n\r\nshort")
    articles, skipped = read_all([path])
    assert len(articles) == 2
    assert [s.reason.split(":")[0] for s in skipped] == ["malformed WARC record"]
