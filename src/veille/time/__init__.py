"""Time expressions: find them in news text and normalize them against the article date.

Public surface: `tag_times(text, *, published, precision, language, doc)`. Rules
are data (`data/fr.yaml`, `data/en.yaml`); the engine is in `tagger.py`.
"""

from veille.time.tagger import tag_times

__all__ = ["tag_times"]
