"""Citations: every sentence of a brief points at the article sentence it comes from.

A citation is (article id, start, end) over `articles.text`; its link opens the
dashboard on that article with exactly that span highlighted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from veille.stories.sentences import split_sentences


@dataclass(slots=True)
class Citation:
    number: int
    article_id: str
    start: int
    end: int
    text: str
    link: str


@dataclass(slots=True)
class Citer:
    """Numbers citations in order of first use and builds their links."""

    texts: dict[str, str]
    base_url: str = "http://127.0.0.1:8000"
    cited: list[Citation] = field(default_factory=list)
    _seen: dict[tuple[str, int, int], Citation] = field(default_factory=dict)

    def sentence(self, article_id: str, offset: int) -> Citation | None:
        """The citation of the sentence of `article_id` that contains character `offset`."""
        text = self.texts.get(article_id)
        if text is None:
            return None
        for s in split_sentences(text):
            if s.start <= offset < s.end:
                return self.span(article_id, s.start, s.end)
        return None

    def find(self, article_id: str, sentence: str) -> Citation | None:
        """The citation of `sentence`, looked up verbatim in the article's text."""
        text = self.texts.get(article_id, "")
        at = text.find(sentence) if sentence else -1
        return self.span(article_id, at, at + len(sentence)) if at >= 0 else None

    def span(self, article_id: str, start: int, end: int) -> Citation:
        key = (article_id, start, end)
        if key not in self._seen:
            text = self.texts[article_id][start:end]
            link = (f"{self.base_url.rstrip('/')}/ui/#article={quote(article_id)}"
                    f"&start={start}&end={end}")
            self._seen[key] = Citation(len(self.cited) + 1, article_id, start, end, text, link)
            self.cited.append(self._seen[key])
        return self._seen[key]
