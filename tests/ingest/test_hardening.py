"""Issue #22, items 1, 2 and 5: the folder walk opens only regular files and stays in its
folder; imperfect inputs lose only what is really lost, and say so."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from veille.ingest import ReadOptions, iter_articles
from veille.ingest.sources import iter_inputs
from veille.model import implausible_date, parse_partial_date

TEXT = ("Emmanuel Macron a déclaré lundi à Paris que la guerre devait cesser, selon l'Élysée. "
        "Les négociations reprendront mardi à Doha, ont indiqué deux diplomates.")
VEILLE = str(Path(sys.executable).with_name("veille"))
WIDE = {**os.environ, "COLUMNS": "10000"}  # Rich wraps at the terminal width otherwise


def reasons(skipped) -> dict[str, str]:
    return {Path(s.origin).name: s.reason for s in skipped}


# --- 1 and 2: the walk --------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_in_a_folder_is_skipped_not_opened(tmp_path, read_all):
    (tmp_path / "a.txt").write_text(TEXT)
    os.mkfifo(tmp_path / "p.txt")
    articles, skipped = read_all([tmp_path])  # before: blocked forever opening p.txt
    assert [Path(a.origin).name for a in articles] == ["a.txt"]
    assert reasons(skipped) == {"p.txt": "not a regular file (named pipe): not opened"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_ingest_command_does_not_hang_on_a_named_pipe(tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    os.mkfifo(folder / "p.txt")
    (folder / "a.txt").write_text("Macron à Paris.\n")
    done = subprocess.run([VEILLE, "ingest", str(folder), "--db", str(tmp_path / "s.duckdb"),
                           "--no-analyze"], capture_output=True, text=True, timeout=120, env=WIDE)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "named pipe" in " ".join((done.stdout + done.stderr).split())


def test_a_file_swapped_for_a_pipe_after_the_walk_is_refused(tmp_path):
    from veille.ingest.formats import Unreadable
    from veille.ingest.sources import _open_regular

    os.mkfifo(tmp_path / "p.txt")
    with pytest.raises(Unreadable, match="named pipe"):
        _open_regular(str(tmp_path / "p.txt"))  # O_NONBLOCK: returns at once


def test_symlink_loop_is_skipped_with_a_message(tmp_path, read_all):
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "loop1").symlink_to("loop2")
    (tmp_path / "loop2").symlink_to("loop1")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to("..")  # a directory loop
    articles, skipped = read_all([tmp_path])  # before: OSError ELOOP out of the walk
    assert [Path(a.origin).name for a in articles] == ["a.txt"]
    assert reasons(skipped) == {"loop1": "cannot read: symbolic link loop",
                                "loop2": "cannot read: symbolic link loop",
                                "up": "directory already walked (a symbolic link loop); skipped"}


def test_walk_does_not_follow_links_out_of_its_folder_unless_asked(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(TEXT)
    root = tmp_path / "root"
    root.mkdir()
    (root / "a.txt").write_text(TEXT)
    (root / "inside.txt").symlink_to(root / "a.txt")
    (root / "passwd.txt").symlink_to(outside / "secret.txt")
    (root / "etc").symlink_to(outside)
    walked = list(iter_inputs([str(root)]))
    files = [p for p in walked if isinstance(p, str)]
    assert files == [str(root / "a.txt"), str(root / "inside.txt")]  # before: + the two outside
    assert {Path(s.origin).name for s in walked if not isinstance(s, str)} == {"etc", "passwd.txt"}
    assert all("symbolic link out of" in s.reason for s in walked if not isinstance(s, str))
    followed = [p for p in iter_inputs([str(root)], follow_links=True) if isinstance(p, str)]
    assert str(root / "etc" / "secret.txt") in followed and str(root / "passwd.txt") in followed


def test_a_named_file_is_read_even_if_not_regular(tmp_path, read_all):
    """`veille ingest <(zcat x.gz)`: what the user names is opened as asked."""
    fifo = tmp_path / "p.txt"
    os.mkfifo(fifo)
    pid = os.fork()
    if pid == 0:  # the writer
        with open(fifo, "w") as out:
            out.write(TEXT)
        os._exit(0)
    articles, _ = read_all([fifo])
    os.waitpid(pid, 0)
    assert [a.text for a in articles] == [TEXT]


# --- 5: imperfect inputs ------------------------------------------------------------------

def _records(n: int) -> bytes:
    return b"".join(json.dumps({"id": str(i), "text": f"{i}. {TEXT}"}, ensure_ascii=False).encode()
                    + b"\n" for i in range(n))


def test_small_truncated_jsonl_gz_keeps_its_complete_records(tmp_path, read_all):
    data = gzip.compress(_records(50))
    path = tmp_path / "t.jsonl.gz"
    path.write_bytes(data[: int(len(data) * 0.8)])
    articles, skipped = read_all([path])  # before: 0 articles, "file is truncated"
    assert len(articles) >= 30
    assert [a.text.split(".")[0] for a in articles] == [str(i) for i in range(len(articles))]
    (notice,) = skipped
    assert notice.origin == f"{path}#line {len(articles) + 1}"
    assert "truncated" in notice.reason and f"the {len(articles)} complete records" in notice.reason


def _warc(n: int, *, gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for i in range(n):
        page = (f"<html><head><title>Titre {i}</title></head><body><article><p>{i}. {TEXT}</p>"
                f"</article></body></html>").encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.org/{i}", "response",
                                                      payload=io.BytesIO(page), http_headers=http))
    return out.getvalue()


def test_truncated_warc_gz_keeps_its_complete_records(tmp_path, read_all):
    data = _warc(20, gz=True)
    path = tmp_path / "t.warc.gz"
    # Cut 40 bytes into the 17th record's gzip member: a cut at a fixed share of the file
    # sometimes fell between two members (record ids vary), leaving nothing truncated.
    members = [m.start() for m in re.finditer(rb"\x1f\x8b\x08", data)]
    assert len(members) >= 20
    path.write_bytes(data[: members[16] + 40])
    articles, skipped = read_all([path])  # before: 0 articles
    assert len(articles) == 16
    assert len(skipped) == 1 and "truncated" in skipped[0].reason


def test_plain_warc_cut_inside_a_record_skips_only_that_record(tmp_path, read_all):
    data = _warc(5, gz=False)
    path = tmp_path / "t.warc"
    path.write_bytes(data[:-60])
    articles, skipped = read_all([path])
    assert len(articles) == 4  # the torn fifth is not stored as if whole
    assert [(s.origin, s.reason.split(":")[0]) for s in skipped] == [
        (f"{path}#record 5", "WARC record cut short")]


def _record_starts(data: bytes) -> list[int]:
    return [m.start() for m in re.finditer(rb"WARC/1\.[01]\r\n", data)]


@pytest.mark.parametrize("where", [b"WARC-Target-URI: https://exa", b"Content-Length: ",
                                   b"HTTP/1.1 200 OK\r\nConte"])
def test_plain_warc_cut_inside_a_later_records_headers_says_so(tmp_path, read_all, where):
    """warcio takes an EOFError in a later record's headers for the end of the archive and
    stops without a word (before: 4 articles, nothing said), and a record cut inside its
    HTTP headers lost its Content-Type and passed for a non-HTML one, passed over."""
    data = _warc(5, gz=False)
    last = _record_starts(data)[4]
    path = tmp_path / "t.warc"
    path.write_bytes(data[: data.index(where, last) + len(where) + 1])
    articles, skipped = read_all([path])
    assert [a.title for a in articles] == [f"Titre {i}" for i in range(4)]
    assert [(s.origin, s.reason.split(":")[0]) for s in skipped] == [
        (f"{path}#record 5", "WARC record cut inside its headers" if b"HTTP" not in where
         else "WARC record cut short")]


def test_plain_warc_cut_anywhere_in_a_later_record_keeps_the_others_and_says_one_line(
        tmp_path, read_all):
    """Cuts every 7 bytes inside the third of three records: the two before it read, one
    Skipped naming the third as cut (its trailing blank line aside: nothing is missing)."""
    data = _warc(3, gz=False)
    third = _record_starts(data)[2]
    path = tmp_path / "t.warc"
    silent = []
    for cut in range(third + 1, len(data) - 4, 7):
        path.write_bytes(data[:cut])
        articles, skipped = read_all([path])
        said = [(s.origin, s.reason.split(":")[0]) for s in skipped]
        assert [a.title for a in articles] == ["Titre 0", "Titre 1"], cut - third
        if not said:
            silent.append(cut - third)
        assert said in ([], [(f"{path}#record 3", "WARC record cut inside its headers")],
                        [(f"{path}#record 3", "WARC record cut short")]), (cut - third, said)
    assert silent == []  # before: 40 of these 94 cuts said nothing


def test_non_html_record_cut_short_says_so(tmp_path, read_all):
    """A cut in a record the reader passes over (an image) still ends the file: said."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://example.org/logo.png", "response",
                                                  payload=io.BytesIO(b"\x89PNG" * 100),
                                                  http_headers=http))
    path = tmp_path / "t.warc"
    path.write_bytes(_warc(2, gz=False) + out.getvalue()[:-200])
    articles, skipped = read_all([path])
    assert len(articles) == 2
    assert [(s.origin, s.reason) for s in skipped] == [
        (f"{path}#record 3", "WARC record cut short: the file ends 196 bytes before its "
                             "declared end")]


def test_warc_with_a_negative_content_length_says_so(tmp_path, read_all):
    path = tmp_path / "neg.warc"
    path.write_bytes(re.sub(rb"Content-Length: \d+", b"Content-Length: -5", _warc(1, gz=False),
                            count=1))
    articles, skipped = read_all([path])
    assert articles == []
    assert [s.origin for s in skipped] == [f"{path}#record 1"]
    assert "Content-Length '-5' is not a number of bytes" in skipped[0].reason


def test_warc_with_a_negative_content_length_exits_non_zero(tmp_path):
    path = tmp_path / "neg.warc"
    path.write_bytes(re.sub(rb"Content-Length: \d+", b"Content-Length: -5", _warc(1, gz=False),
                            count=1))
    done = subprocess.run([VEILLE, "ingest", str(path), "--db", str(tmp_path / "s.duckdb"),
                           "--no-analyze"], capture_output=True, text=True, timeout=120, env=WIDE)
    assert done.returncode != 0
    assert "Content-Length" in " ".join((done.stdout + done.stderr).split())


def test_a_few_stray_nul_bytes_are_removed_and_flagged(tmp_path, read_all):
    path = tmp_path / "nul.txt"
    path.write_bytes(TEXT.replace(" la ", " la\x00 ", 1).replace("selon", "sel\x00on")
                     .replace("Doha", "Do\x00ha").encode())
    (article,), skipped = read_all([path])  # before: "binary file (unknown binary data)"
    assert skipped == [] and article.text == TEXT
    assert article.flags == {"text_control_chars_removed": 3}


def test_a_file_full_of_nul_bytes_is_still_binary(tmp_path, read_all):
    path = tmp_path / "bin.txt"
    path.write_bytes(TEXT.encode("utf-16-le"))  # UTF-16 without a BOM: every other byte NUL
    articles, skipped = read_all([path])
    assert articles == [] and "binary" in skipped[0].reason


def test_a_file_name_that_is_not_utf8_keeps_its_article(tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    name = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(name, "wb") as out:
        out.write(TEXT.encode())
    (article,) = list(iter_articles([str(folder)], ReadOptions()))
    assert article.origin.endswith("caf\\xe9.txt")
    article.origin.encode("utf-8")  # storable: before, a lone surrogate ("store error")
    done = subprocess.run([VEILLE, "ingest", str(folder), "--db", str(tmp_path / "s.duckdb"),
                           "--no-analyze"], capture_output=True, text=True, timeout=120, env=WIDE)
    assert done.returncode == 0 and "store error" not in done.stdout + done.stderr
    assert re.search(r"stored\s+1\s+new", done.stdout), done.stdout


def test_deeply_nested_html_keeps_its_text(tmp_path, read_all):
    path = tmp_path / "deep.html"
    path.write_text("<html><head><title>Profond</title></head><body>" + "<div>" * 100_000
                    + f"<p>{TEXT}</p>" + "</div>" * 100_000 + "</body></html>")
    (article,), _ = read_all([path])  # before: "no article text found in the HTML page"
    assert TEXT[:60] in article.text


def test_deeply_nested_fragment_keeps_its_text(tmp_path, read_all):
    path = tmp_path / "deep.html"
    path.write_text("<div>" * 100_000 + f"<p>{TEXT}</p>" + "</div>" * 100_000)
    (article,), _ = read_all([path])
    assert TEXT[:60] in article.text


@pytest.mark.parametrize("value, why", [
    ("0001-01-01", "before 1800"), ("9999-12-31", "more than a year after today"),
    ("-2024-01-01", None), ("+2024-01-01", None),
])
def test_implausible_dates_are_rejected_with_a_reason(tmp_path, read_all, value, why):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"text": TEXT, "date": value}) + "\n")
    (article,), _ = read_all([path])
    assert article.published is None  # before: 0001-01-01, 9999-12-31, 2024-01-01
    if why:
        assert why in article.flags["date_rejected"]


def test_plausible_window():
    today = date(2026, 1, 1)
    assert implausible_date(date(1800, 1, 1), today=today) is None
    assert implausible_date(date(2026, 12, 31), today=today) is None
    assert implausible_date(date(1799, 12, 31), today=today)
    assert implausible_date(date(2027, 1, 3), today=today)


@pytest.mark.parametrize("value", ["0001", "9999-12-31", "-2024-01-01"])
def test_parse_partial_date_refuses_implausible_dates(value):
    with pytest.raises(ValueError, match="date"):
        parse_partial_date(value)


def test_ten_megabyte_title_is_capped_and_flagged(tmp_path, read_all):
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"text": TEXT, "title": "T" * 10_000_000, "source": "s" * 5000,
                                "url": "https://example.org/" + "a" * 10_000}) + "\n")
    (article,), _ = read_all([path])  # before: a 10,000,000-character title
    assert len(article.title) == 1_000 and len(article.source) == 300 and article.url is None
    assert article.flags == {"title_truncated_at": 1_000, "source_truncated_at": 300,
                             "url_dropped": "longer than 4,096 characters"}


def test_lone_surrogates_from_json_are_replaced_and_flagged(tmp_path, read_all):
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "%s \\ud800", "title": "Titre \\udc00"}\n' % TEXT)
    (article,), _ = read_all([path])
    (article.text + article.title).encode("utf-8")
    assert article.flags == {"text_invalid_chars_replaced": 1, "title_invalid_chars_replaced": 1}


def test_ingest_follow_links_option(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.txt").write_text(TEXT)
    root = tmp_path / "root"
    root.mkdir()
    (root / "link.txt").symlink_to(outside / "a.txt")
    command = [VEILLE, "ingest", str(root), "--db", str(tmp_path / "s.duckdb"), "--no-analyze"]
    refused = subprocess.run(command, capture_output=True, text=True, timeout=120, env=WIDE)
    assert "symbolic link out of" in refused.stdout + refused.stderr
    followed = subprocess.run([*command, "--follow-links"], capture_output=True, text=True,
                              timeout=120, env=WIDE)
    assert followed.returncode == 0 and re.search(r"stored\s+1\s+new", followed.stdout)
