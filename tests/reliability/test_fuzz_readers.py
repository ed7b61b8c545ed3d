"""Fuzzing every reader through `iter_articles`: no crash, no hang, a reason for each skip.

Each input goes through the whole read path (sniffing, gzip, the reader, assembly) under
a name whose extension tells one story while the bytes may tell another (feeds lie),
with a small `max_chars` so truncation paths run too, bounded in time. The default run
writes each input to a file; the long run reads it from memory (`read_bytes`, the same
path minus the open) to try more. Properties checked on every output: an Article has
non-empty text no longer than max_chars, no control character, a storable (UTF-8) text,
title and origin, metadata within its caps; a Skipped has a one-line reason.

The default run tries 20 inputs per reader; the long one `VEILLE_FUZZ_EXAMPLES` each
(default 500), in chunks of 100 with a seed each, writing its figures (inputs, Articles,
Skipped, crashes, hangs, inputs/s) to benchmarks/results/fuzz/reader-<name>.json after
every chunk and printing them with -s:

    VEILLE_FUZZ_EXAMPLES=100000 .venv/bin/python -m pytest -m slow -s tests/reliability/test_fuzz_readers.py

One process per reader (`-k "long and html"`) runs them side by side and keeps each
reader's figures if another is stopped.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import re
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from fuzz_support import (bounded, campaign, hostile_bytes, hostile_text, hostile_words, noise,
                          slow_examples)
from veille.ingest import ReadOptions, Skipped, iter_articles
from veille.ingest.assemble import FIELD_CAPS
from veille.ingest.sources import read_bytes
from veille.model import Article

CONTROL = re.compile("[\\x00-\\x08\\x0e-\\x1b\\x1f\\x7f]")

MAX_CHARS = 5_000
PER_INPUT_S = 20.0  # generous: the test machine is shared; real inputs take milliseconds
# The default run generates without shrinking (a failure still shows its input), so it stays fast.
FAST = settings(max_examples=20, deadline=None, derandomize=True, database=None,
                phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))


def read_file(name: str, data: bytes, reader: str, **options) -> list[Article | Skipped]:
    """Everything `iter_articles` yields for a file `name` holding `data`, checked."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        with bounded(reader, PER_INPUT_S):
            items = list(iter_articles([str(path)], ReadOptions(max_chars=MAX_CHARS, **options)))
    assert_accounted(data, items, reader)
    return items


def read_memory(name: str, data: bytes, reader: str, **options) -> list[Article | Skipped]:
    """`read_file` without the file: the bytes read as an input named `name`."""
    with bounded(reader, PER_INPUT_S):
        items = list(read_bytes(data, name, ReadOptions(max_chars=MAX_CHARS, **options)))
    assert_accounted(data, items, reader)
    return items


#: Readers that may read a non-blank input as nothing: a WARC's records that are not HTML
#: responses (images, scripts, requests: most of a crawl) are passed over without a word
#: by design. Its cuts say so (test_a_warc_cut_inside_its_first_record_headers_says_so).
SILENT_BY_DESIGN = ("warc",)


def assert_accounted(data: bytes, items: list[Article | Skipped], reader: str) -> None:
    """Every output well formed, and an input with any non-blank byte accounted for by at
    least one Article or Skipped: one that yields nothing is lost without a word."""
    for item in items:
        assert_well_formed(item)
    if data.strip(b" \t\r\n\x00") and not reader.startswith(SILENT_BY_DESIGN):
        assert items, "non-blank input read as nothing, without a Skipped saying why"


def assert_well_formed(item: Article | Skipped) -> None:
    if isinstance(item, Skipped):
        assert item.reason.strip() and "\n" not in item.reason
        # the safety net in sources._read_input turns a reader's bug into this Skipped
        # (and ends the file there): for the fuzz, it is a crash
        assert not item.reason.startswith("unexpected error"), item.reason
        item.origin.encode("utf-8")
        return
    assert isinstance(item, Article)
    assert item.text.strip(), "an article with no text must be a Skipped"
    assert len(item.text) <= MAX_CHARS
    assert item.id and item.raw_hash
    assert not CONTROL.search(item.text), "control characters must not reach the store"
    assert not CONTROL.search(item.title or "")
    for name, cap in FIELD_CAPS.items():
        assert len(getattr(item, name) or "") <= cap, name
    for value in (item.text, item.title, item.source, item.url, item.origin):
        (value or "").encode("utf-8")  # storable: no lone surrogate


# --- documents built to look like each format, with hostile content -------------------

@st.composite
def html_docs(draw: st.DrawFn) -> bytes:
    # Past libxml2's 256 levels is what takes the flattening path; deeper only costs time
    # (100,000 levels: test_deeply_nested_html_does_not_overflow_the_stack).
    depth = draw(st.one_of(st.integers(0, 40), st.integers(0, 400)))
    tag = draw(st.sampled_from(["div", "span", "b", "table", "p", "a"]))
    body = escape(draw(hostile_text)) if draw(st.booleans()) else draw(hostile_text)
    script = draw(st.sampled_from(["", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                                   '<a href="javascript:alert(1)">x</a>', "<style>*{}</style>",
                                   "<!--", "<![CDATA[", "</html>"]))
    charset = draw(st.sampled_from(["utf-8", "iso-8859-1", "windows-1252", "utf-16", "bogus"]))
    doc = (f'<html><head><meta charset="{charset}"><title>{escape(draw(hostile_text))}</title>'
           f"</head><body>{f'<{tag}>' * depth}{script}<p>{body}</p>"
           f"{f'</{tag}>' * draw(st.integers(0, depth))}")
    cut = draw(st.integers(0, len(doc)))
    return doc[: max(cut, len(doc) // 2)].encode("utf-8", errors="surrogatepass")


JSONL_KEYS = ["id", "title", "date", "text", "url", "source", "language"]
_ODD_NUMBERS = [0, -1, 2**63, -(2**64), 10**400, 0.0, -0.0, 1e308, float("inf"), float("nan")]


def _json_value(rng: random.Random) -> object:
    """A value of any JSON type, hostile text most often; integers beyond 64 bits, NaN and
    infinities too (json.dumps writes them, a strict parser refuses them)."""
    kind = rng.randrange(7)
    if kind <= 1:
        return hostile_words(rng)
    if kind == 2:
        return rng.choice(_ODD_NUMBERS) if rng.random() < 0.5 else rng.randint(-10**6, 10**6)
    if kind == 3:
        return None if rng.random() < 0.5 else rng.random() < 0.5
    if kind == 4:
        return [rng.randint(-9, 9) for _ in range(rng.randrange(4))]
    if kind == 5:
        return {noise(rng, rng.randrange(6)): noise(rng, rng.randrange(6))
                for _ in range(rng.randrange(3))}
    return rng.uniform(-1e9, 1e9)


@st.composite
def jsonl_docs(draw: st.DrawFn) -> bytes:
    """1-6 JSON Lines rows: any subset of the article keys with values of any type, often
    a hostile `text`, ASCII-escaped or not, some rows torn; sometimes gzip-compressed.
    Hypothesis draws the structure (rows, tears, compression); one seeded generator the
    keys and values (drawn value by value through Hypothesis' engine, they made this the
    slowest input to generate: ~30 per second)."""
    rng = draw(st.randoms(use_true_random=True))
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        row = {key: _json_value(rng) for key in rng.sample(JSONL_KEYS, rng.randrange(8))}
        if rng.random() < 0.5:
            row["text"] = hostile_words(rng)
        line = json.dumps(row, ensure_ascii=draw(st.booleans()))
        if draw(st.integers(0, 5)) == 0:
            line = line[: draw(st.integers(0, len(line)))]  # a torn line
        lines.append(line)
    data = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    return gzip.compress(data, mtime=0) if draw(st.integers(0, 4)) == 0 else data


@st.composite
def gzipped(draw: st.DrawFn, inner: st.SearchStrategy[bytes]) -> bytes:
    """`inner` gzip-compressed, often cut short or with a few bytes flipped."""
    data = gzip.compress(draw(inner), mtime=0)  # deterministic: draws depend on its length
    damage = draw(st.sampled_from(["whole", "cut", "flip"]))
    if damage == "cut":
        return data[: draw(st.integers(0, len(data)))]
    if damage == "flip":
        spoilt = bytearray(data)
        for _ in range(draw(st.integers(1, 4))):
            spoilt[draw(st.integers(0, len(spoilt) - 1))] ^= draw(st.integers(1, 255))
        return bytes(spoilt)
    return data


@st.composite
def feed_docs(draw: st.DrawFn) -> bytes:
    items = "".join(
        f"<item><title>{escape(draw(hostile_text))}</title><link>{escape(draw(hostile_text))}</link>"
        f"<pubDate>{escape(draw(st.sampled_from(['', 'Sun, 04 Feb 2024 09:00:00 +0000', 'hier', '99/99/9999'])))}</pubDate>"
        f"<description>{escape(draw(hostile_text)) if draw(st.booleans()) else draw(hostile_text)}"
        f"</description></item>" for _ in range(draw(st.integers(0, 5))))
    kind = draw(st.sampled_from(["rss", "atom", "lie"]))
    if kind == "atom":
        doc = (f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
               f"{items.replace('item>', 'entry>')}</feed>")
    elif kind == "lie":  # declares RSS, is HTML
        doc = f'<?xml version="1.0"?><rss version="2.0"><html><body>{items}</body></html>'
    else:
        doc = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    return doc.encode("utf-8", errors="surrogatepass")


def _warc(payload: bytes, content_type: str, cut: int) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    fixed = {"WARC-Date": "2024-05-17T09:00:00Z",  # deterministic: draws depend on the length
             "WARC-Record-ID": "<urn:uuid:00000000-0000-4000-8000-000000000022>"}
    writer.write_record(writer.create_warc_record("https://example.org/a", "response",
                                                  payload=io.BytesIO(payload),
                                                  http_headers=http, warc_headers_dict=fixed))
    data = out.getvalue()
    return data[: max(cut, 20)]


@st.composite
def warc_docs(draw: st.DrawFn) -> bytes:
    payload = draw(st.one_of(html_docs(), hostile_bytes()))
    ctype = draw(st.sampled_from(["text/html", "text/html; charset=latin-1", "application/pdf",
                                  "text/html; charset=bogus"]))
    whole = _warc(payload, ctype, 10**9)
    return whole[: draw(st.integers(len(whole) // 2, len(whole)))]


# --- the tests: one per reader, each with a fast and a slow budget ----------------------

CASES = {
    "text": ("a.txt", hostile_bytes()),
    "html": ("a.html", html_docs()),
    "jsonl": ("a.jsonl", jsonl_docs()),
    "feed": ("a.xml", feed_docs()),
    "warc": ("a.warc", warc_docs()),
    "jsonl-gz": ("a.jsonl.gz", gzipped(jsonl_docs())),
    "warc-gz": ("a.warc.gz", gzipped(warc_docs())),
    "lying-extension": ("a.jsonl", st.one_of(html_docs(), feed_docs(), hostile_bytes())),
}


@pytest.mark.parametrize("reader", sorted(CASES))
def test_reader_survives_hostile_input(reader: str) -> None:
    name, strategy = CASES[reader]

    @FAST
    @given(data=strategy)
    def run(data: bytes) -> None:
        read_file(name, data, reader)

    run()


@pytest.mark.slow
@pytest.mark.parametrize("reader", sorted(CASES))
def test_reader_survives_hostile_input_long(reader: str) -> None:
    name, strategy = CASES[reader]
    figures = campaign(reader, strategy, lambda data: read_memory(name, data, reader),
                       slow_examples(500))
    assert figures["crashes"] == figures["hangs"] == 0, figures["failures"]
    assert figures["done"], figures


# --- the extremes the issue names, one each ----------------------------------------------

def test_ten_megabyte_line_is_stored_truncated_in_bounded_time():
    line = ("Les États-Unis et l'Irak ont déclaré quatre sources. " * 200_000)[:10_000_000]
    started = time.perf_counter()
    (text,) = read_file("big.txt", line.encode(), "text-10MB")
    (jsonl,) = read_file("big.jsonl", json.dumps({"text": line}).encode(), "jsonl-10MB",
                         )
    assert isinstance(text, Article) and text.truncated and len(text.text) <= MAX_CHARS
    # a JSONL line this long is over the reader's line cap for max_chars=5000: skipped, said why
    assert isinstance(jsonl, (Article, Skipped))
    if isinstance(jsonl, Skipped):
        assert "longer than" in jsonl.reason
    else:
        assert jsonl.truncated
    assert time.perf_counter() - started < 2 * PER_INPUT_S


def test_deeply_nested_html_does_not_overflow_the_stack():
    doc = ("<div>" * 100_000 + "<p>Emmanuel Macron a déclaré lundi à Paris que la guerre "
           "devait cesser, selon l'Élysée.</p>" + "</div>" * 100_000).encode()
    items = read_file("deep.html", doc, "html-deep")
    assert len(items) == 1


def test_arabic_rtl_and_zero_width_inside_french_survive_reading():
    text = ("Le porte-parole a déclaré\u200f « \u202bوقف إطلاق النار\u202c » lundi au Caire,"
            " selon l'AFP.\u200b Les négociations 🇫🇷 reprendront mardi à Doha. ") * 4
    (article,) = read_file("ar.txt", text.encode(), "text-mixed-script")
    assert isinstance(article, Article)
    assert "وقف إطلاق النار" in article.text


def test_a_date_too_large_for_a_float_loses_only_its_own_date():
    """Found by the long reader fuzz: `"date": 10**400` raised OverflowError (int to float)
    past the date parser's guard, and the safety net ended the file there, losing every
    line after it."""
    lines = [json.dumps({"id": "a", "text": "Le Hamas a rejeté l'offre, selon l'AFP.",
                         "date": 10**400}),
             json.dumps({"id": "b", "text": "Emmanuel Macron a parlé lundi à Paris."})]
    items = read_file("dates.jsonl", "\n".join(lines).encode(), "jsonl-huge-date")
    assert [type(item) for item in items] == [Article, Article]
    assert items[0].published is None


@pytest.mark.parametrize("cut", [60, 203, 300])
def test_a_warc_cut_inside_its_first_record_headers_says_so(cut: int) -> None:
    """Found by the long reader fuzz: warcio yields no record (or one without a type) for
    a file cut inside the headers, and the file was read as nothing, without a word."""
    whole = _warc(b"<html><body><p>" + "Le Hamas a rejeté l'offre. ".encode() * 20
                  + b"</p></body></html>", "text/html", 10**9)
    (item,) = read_file("cut.warc", whole[:cut], "warc-cut")
    assert isinstance(item, Skipped) and "cut inside its headers" in item.reason
