"""Ingestion: turn files, feeds and archives into `Article` objects.

`iter_articles(paths, options)` is the one entry point: it walks directories, expands
globs, reads `-` as stdin, picks the reader for each file, cleans the text, dates it
and detects its language. Anything that cannot be read comes out as a `Skipped` with
a one-line reason naming the file, so a run never stops on one bad input.
`read_bytes(data, origin, options)` reads an input already in memory (a polled feed),
and `articles_from_records(records, origin, options)` JSON objects that arrive
without a file (the API's posted documents).
"""

from veille.ingest.jsonl_reader import articles_from_records
from veille.ingest.sources import ReadOptions, Skipped, iter_articles, read_bytes

__all__ = ["ReadOptions", "Skipped", "articles_from_records", "iter_articles", "read_bytes"]
