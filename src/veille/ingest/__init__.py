"""Ingestion: turn files, feeds and archives into `Article` objects.

`iter_articles(paths, options)` is the one entry point: it walks directories, expands
globs, reads `-` as stdin, picks the reader for each file, cleans the text, dates it
and detects its language. Anything that cannot be read comes out as a `Skipped` with
a one-line reason naming the file, so a run never stops on one bad input.
"""

from veille.ingest.sources import ReadOptions, Skipped, iter_articles

__all__ = ["ReadOptions", "Skipped", "iter_articles"]
