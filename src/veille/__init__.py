"""veille: a sourced, queryable picture of a geopolitical crisis from a stream of news.

The Python API in two calls:

    >>> import veille
    >>> analysis = veille.analyze("L'Iran a lancé des missiles contre Israël.",
    ...                           published="2024-04-14", language="fr")
    >>> analysis.to_dict()["published"]
    '2024-04-14'
    >>> store = veille.open_store("veille.duckdb")   # doctest: +SKIP
"""

from __future__ import annotations

from datetime import date

from veille.model import Analysis, Article, parse_partial_date
from veille.store import open_store

__all__ = ["Analysis", "Article", "analyze", "open_store"]
__version__ = "0.1.0"


def analyze(text: str, *, published: date | str | None = None, language: str | None = None,
            title: str | None = None, url: str | None = None,
            source: str | None = None) -> Analysis:
    """Analyse one text as an article (no cleaning, no store): what `annotate` prints for it.

    `published` may be a date or 'YYYY-MM-DD' / 'YYYY-MM' / 'YYYY'; the language is
    detected when not given.
    """
    from veille.ingest.language import detect_language
    from veille.run.pipeline import Pipeline

    day, precision = _published(published)
    article = Article(text=text, title=title, url=url, source=source, published=day,
                      date_precision=precision, date_origin="api" if day else None,
                      language=language or detect_language(text))
    return Pipeline().analyze([article])[0]



def _published(value: date | str | None) -> tuple[date | None, str]:
    if value is None:
        return None, "unknown"
    if isinstance(value, date):
        return value, "day"
    return parse_partial_date(value)
