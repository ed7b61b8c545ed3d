"""The five built-in readers, registered under the names of `formats.Format`.

Registration lives here, apart from the readers (each keeps its own module and typed
signature), as the built-in stages register in `veille.run.builtin_stages`. The
priorities keep the sniffing order: WARC, JSON Lines, RSS/Atom feed, HTML, then text
as the fallback (a user's reader, at the default priority, comes before the fallback).
"""

from __future__ import annotations

from veille.ingest.feed_reader import read_feed
from veille.ingest.formats import Format, is_feed, is_html, is_jsonl, is_text, is_warc
from veille.ingest.html_reader import read_html
from veille.ingest.jsonl_reader import read_jsonl
from veille.ingest.readers import register_reader
from veille.ingest.text_reader import read_text
from veille.ingest.warc_reader import read_warc

register_reader(Format.WARC.value, sniff=is_warc, read=read_warc, priority=500)
register_reader(Format.JSONL.value, sniff=is_jsonl, read=read_jsonl, priority=400)
register_reader(Format.FEED.value, sniff=is_feed, read=read_feed, priority=300)
register_reader(Format.HTML.value, sniff=is_html, read=read_html, priority=200)
register_reader(Format.TEXT.value, sniff=is_text, read=read_text, priority=0)
