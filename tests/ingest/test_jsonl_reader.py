"""JSON Lines corpora: plain and gzip, configurable fields, bad lines, and the real OrangeSum sample."""

from __future__ import annotations

import gzip
import json
from datetime import date

PARAS = [
    "Les États-Unis et l'Irak sont sur le point d'entamer des discussions sur la fin de la coalition "
    "militaire internationale dirigée par les États-Unis en Irak, ont déclaré quatre sources.",
    "Talks between the United States and Iran are due to take place on Friday in Oman, where several "
    "rounds of discussions on Tehran's nuclear programme have already been held.",
]


def _lines(records: list[dict]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records)


def test_plain_jsonl(tmp_path, read_all):
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(_lines([
        {"id": "a1", "title": "Irak", "date": "2024-01-26", "text": PARAS[0], "url": "https://ex.fr/irak"},
        {"id": "a2", "title": "Oman", "date": "2026-02", "text": PARAS[1], "source": "Gulf Monitor"},
    ]))
    articles, skipped = read_all([path])
    assert skipped == []
    first, second = articles
    assert (first.title, first.url, first.published, first.date_origin) == \
        ("Irak", "https://ex.fr/irak", date(2024, 1, 26), "jsonl")
    assert (second.published, second.date_precision, second.source) == (date(2026, 2, 1), "month", "Gulf Monitor")
    assert [a.language for a in articles] == ["fr", "en"]
    assert [a.origin for a in articles] == [f"{path}#line 1", f"{path}#line 2"]


def test_gzip_detected_by_magic_bytes_not_extension(tmp_path, read_all):
    path = tmp_path / "corpus.data"
    path.write_bytes(gzip.compress(_lines([{"text": PARAS[0], "date": "2024-01-26"}])))
    articles, skipped = read_all([path])
    assert skipped == []
    assert articles[0].text == PARAS[0]


def test_configured_field_names(tmp_path, read_all):
    path = tmp_path / "custom.jsonl"
    path.write_bytes(_lines([{"body": PARAS[0], "headline": "Irak", "meta": {"published": "2024-01-26"}}]))
    articles, _ = read_all([path], jsonl_fields={"text": "body", "title": "headline", "date": "meta.published"})
    assert (articles[0].title, articles[0].published) == ("Irak", date(2024, 1, 26))


def test_bad_lines_are_skipped_and_reading_goes_on(tmp_path, read_all):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(_lines([{"text": PARAS[0]}]) + b'{"text": "unterminated\n' + b"[1, 2]\n\n"
                     + _lines([{"title": "no text"}, {"text": PARAS[1]}]))
    articles, skipped = read_all([path])
    assert [a.origin for a in articles] == [f"{path}#line 1", f"{path}#line 6"]
    assert [(s.origin.rsplit("#", 1)[1], s.reason.split(":")[0]) for s in skipped] == [
        ("line 2", "invalid JSON"), ("line 3", "expected a JSON object, found list"),
        ("line 5", "no text in field 'text'")]


def test_cp1252_line_is_decoded(tmp_path, read_all):
    path = tmp_path / "legacy.jsonl"
    path.write_bytes('{"text": "Le ministère a confirmé l’arrivée des délégations à Mascate jeudi."}\n'.encode("cp1252"))
    articles, skipped = read_all([path])
    assert skipped == []
    assert articles[0].text == "Le ministère a confirmé l’arrivée des délégations à Mascate jeudi."


def test_orangesum_first_200(shared_data, read_all):
    articles, skipped = read_all([shared_data / "orangesum_fr.jsonl.gz"], limit=200)
    assert skipped == []
    assert len(articles) == 200
    assert articles[0].origin.endswith("orangesum_fr.jsonl.gz#line 1")
    assert articles[0].title == "Olivier Véran : 400 millions d'euros supplémentaires pour mieux rémunérer les soignants"
    assert articles[0].published == date(2020, 7, 2)
    assert all(a.date_precision == "day" and a.date_origin == "jsonl" for a in articles)
    assert all(a.title and a.text for a in articles)
    assert sum(a.language == "fr" for a in articles) >= 198
    # the corpus repeats some articles under new ids (line 3 = line 50): same text, same id
    assert len({a.id for a in articles}) == len({a.raw_hash for a in articles}) < 200
    assert articles[2].id == articles[49].id
    assert not any(a.truncated for a in articles)


def test_source_from_url_when_none_given(tmp_path, read_all):
    path = tmp_path / "urls.jsonl"
    path.write_bytes(_lines([{"text": PARAS[0], "url": "https://www.lemonde.fr/international/article/x.html"}]))
    (article,), _ = read_all([path])
    assert article.source == "lemonde.fr"
