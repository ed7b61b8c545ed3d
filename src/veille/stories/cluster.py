"""Story clustering: articles grouped into stories as they arrive, in date order.

Single-pass ("online") clustering in the manner of TDT first-story detection: each
article, taken in publication order, joins the story it scores best against, or opens
a new one when no score reaches the threshold. The score mixes text similarity (TF-IDF
cosine to the story centroid) and shared resolved actors (TF-IDF cosine of actor
keys — countries — and event dyads), times a decay on the days since the story's last article. The
actor part is language-independent, which is what joins a French and an English
article on the same story. IDF weights come from the whole batch being clustered.
"""

from __future__ import annotations

import logging
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import yaml
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer

from veille.model import sha1_hex
from veille.stories.selection import SelectedArticle
from veille.stories.sentences import content_words
from veille.stories.sql import ensure_schema, execute, executemany, rows
from veille.store import Store

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def story_parameters() -> dict[str, Any]:
    text = resources.files("veille.stories").joinpath("data/stories.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@dataclass(slots=True)
class Story:
    """A story: its articles (with the score that joined each) and what they share."""

    articles: list[SelectedArticle] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    actors: Counter = field(default_factory=Counter)
    label: str = ""

    @property
    def id(self) -> str:
        return "s" + sha1_hex(self.articles[0].id)[:10]

    @property
    def first_date(self) -> date | None:
        days = [a.published for a in self.articles if a.published]
        return min(days) if days else None

    @property
    def last_date(self) -> date | None:
        days = [a.published for a in self.articles if a.published]
        return max(days) if days else None

    @property
    def sources(self) -> list[str]:
        return sorted({a.source or "?" for a in self.articles})

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label,
                "first_date": self.first_date.isoformat() if self.first_date else None,
                "last_date": self.last_date.isoformat() if self.last_date else None,
                "size": len(self.articles), "sources": self.sources,
                "actors": [a for a, _ in self.actors.most_common(5)],
                "articles": [{"id": a.id, "title": a.title, "published":
                              a.published.isoformat() if a.published else None,
                              "source": a.source, "score": round(s, 3)}
                             for a, s in zip(self.articles, self.scores)]}


def decay(days: np.ndarray | int) -> np.ndarray | float:
    """How much a story still pulls an article `days` after its last article (elementwise)."""
    p = story_parameters()
    return np.maximum(p["decay_floor"], 0.5 ** (np.clip(days, 0, None) / p["half_life_days"]))


def _text_of(article: SelectedArticle) -> str:
    title = article.title or ""
    return f"{title}\n{title}\n{article.text[: story_parameters()['lead_chars']]}"


def cluster_articles(articles: Sequence[SelectedArticle],
                     actors: dict[str, Counter]) -> list[Story]:
    """Stories of `articles` (any order; taken by date), with actor counts per article id.

    Scores against every story at once: a story's centroid cosine is the sum of the
    article's similarities to its members over the norm of their summed vectors, both
    kept up to date as articles join, so each article costs one sparse product.
    """
    p = story_parameters()
    ordered = sorted(articles, key=lambda a: (a.published or date.min, a.id))
    if not ordered:
        return []
    text = _tfidf([_text_of(a) for a in ordered])
    who = _actor_matrix([actors.get(a.id, Counter()) for a in ordered])
    state = _State(len(ordered))
    for i, article in enumerate(ordered):
        best, score, t_sum, a_sum = _best_story(i, article, text, who, state, p)
        t_dot, a_dot = (t_sum[best], a_sum[best]) if best is not None else (0.0, 0.0)
        if best is None or score < p["threshold"]:
            best, score, t_dot, a_dot = state.open(), 1.0, 0.0, 0.0
        state.join(i, best, article, float(t_dot), float(a_dot),
                   float(text[i].multiply(text[i]).sum()), float(who[i].multiply(who[i]).sum()))
        state.scores[i] = score
    stories = [Story() for _ in range(state.count)]
    for i, article in enumerate(ordered):
        story = stories[state.story_of[i]]
        story.articles.append(article)
        story.scores.append(float(state.scores[i]))
        story.actors.update(actors.get(article.id, Counter()))
    for story in stories:
        story.label = _label(story)
    log.info("clustered %d articles into %d stories", len(ordered), len(stories))
    return stories


class _State:
    """Per-story running sums that make scoring against all stories one vector operation."""

    def __init__(self, n: int) -> None:
        self.story_of = np.full(n, -1, dtype=np.int64)
        self.scores = np.zeros(n)
        self.text_norm2: list[float] = []
        self.actor_norm2: list[float] = []
        self.last_day: list[float] = []  # ordinal of the story's last dated article, or NaN
        self.languages: list[set[str | None]] = []
        self.count = 0

    def open(self) -> int:
        self.text_norm2.append(0.0)
        self.actor_norm2.append(0.0)
        self.last_day.append(math.nan)
        self.languages.append(set())
        self.count += 1
        return self.count - 1

    def join(self, i: int, story: int, article: SelectedArticle, t_dot: float, a_dot: float,
             t_self: float, a_self: float) -> None:
        """Article `i` joins `story`: |Σv|² grows by 2·v·Σv + |v|² (dots from scoring)."""
        self.languages[story].add(article.language)
        self.text_norm2[story] += 2 * t_dot + t_self
        self.actor_norm2[story] += 2 * a_dot + a_self
        if article.published:
            self.last_day[story] = np.fmax(self.last_day[story], article.published.toordinal())
        self.story_of[i] = story


def _best_story(i: int, article: SelectedArticle, text: sparse.csr_matrix,
                who: sparse.csr_matrix, state: _State, p: dict[str, Any]
                ) -> tuple[int | None, float, np.ndarray, np.ndarray]:
    """(best story, its score, per-story text dots, per-story actor dots)."""
    if state.count == 0:
        return None, -1.0, np.zeros(0), np.zeros(0)
    members = state.story_of[:i]
    t_sum = np.bincount(members, weights=(text[:i] @ text[i].T).toarray().ravel(),
                        minlength=state.count)
    a_sum = np.bincount(members, weights=(who[:i] @ who[i].T).toarray().ravel(),
                        minlength=state.count)
    with np.errstate(divide="ignore", invalid="ignore"):  # empty stories/rows score 0
        t_cos = np.nan_to_num(t_sum / np.sqrt(state.text_norm2))
        a_cos = np.nan_to_num(a_sum / np.sqrt(state.actor_norm2))
    gap = (article.published.toordinal() - np.array(state.last_day)) if article.published \
        else np.zeros(state.count)
    pull = np.nan_to_num(decay(gap), nan=1.0)  # undated article or story: no decay
    scores = pull * (p["text_weight"] * t_cos + p["actor_weight"] * a_cos)
    # Actors alone join articles only across languages, where words cannot match: in one
    # language, two articles naming only the USA are not one story without shared words.
    same = np.array([article.language in langs for langs in state.languages])
    scores = np.where(same & (t_cos < p["min_text_same_language"]), 0.0, scores)
    best = int(np.argmax(scores))
    return best, float(scores[best]), t_sum, a_sum


def _actor_matrix(counts: list[Counter]) -> sparse.csr_matrix:
    """Articles × actors, TF-IDF weighted and L2-normalised: a rare actor (Oman) ties
    articles together. An actor named by more than `actor_max_df` of a large batch
    (France, in French news) is background and dropped: after normalisation an article
    naming only France would otherwise match every other one."""
    index: dict[str, int] = {}
    data, rows_, cols = [], [], []
    for r, counter in enumerate(counts):
        for actor, n in counter.items():
            cols.append(index.setdefault(actor, len(index)))
            rows_.append(r)
            data.append(float(n))
    matrix = sparse.csr_matrix((data, (rows_, cols)), shape=(len(counts), max(1, len(index))))
    p = story_parameters()
    if len(counts) >= p["actor_max_df_min_articles"]:
        share = np.asarray((matrix > 0).sum(axis=0)).ravel() / len(counts)
        matrix = matrix @ sparse.diags((share <= p["actor_max_df"]).astype(float))
    return TfidfTransformer(sublinear_tf=True).fit_transform(sparse.csr_matrix(matrix))


def _tfidf(texts: list[str]) -> sparse.csr_matrix:
    try:
        return TfidfVectorizer(analyzer=content_words, sublinear_tf=True).fit_transform(texts)
    except ValueError:  # no word at all
        return sparse.csr_matrix((len(texts), 1))


def _label(story: Story) -> str:
    """Top actors, then the first article's title (short and readable)."""
    actors = ", ".join(a for a, _ in story.actors.most_common(3) if not a.startswith("dyad:"))
    title = next((a.title for a in story.articles if a.title), None) or \
        story.articles[0].text[:80].split("\n")[0]
    return f"{actors} — {title}" if actors else title


def actor_key(actor_id: str, kind: str | None, country: str | None) -> str | None:
    """What an actor counts as when comparing stories: its country (Iran's army, government
    and state all say IRN), its own id when it is an IGO or a country-less NGO or person,
    None when it says nothing about the story (anonymous sources, civilians, the media
    quoted, and generic "the government" / "the army" whose country is unknown)."""
    p = story_parameters()
    if kind in p["ignored_actor_kinds"]:
        return None
    if country and country != "IGO":
        return country
    return actor_id if country == "IGO" or kind in p["countryless_kinds_kept"] else None


def actor_counts(store: Store) -> dict[str, Counter]:
    """Per article: actor keys (mention counts) and event dyads between keys ("dyad:A|B")."""
    minimum = story_parameters()["min_actor_mentions"]
    keys = {r["id"]: actor_key(r["id"], r["kind"], r["country"])
            for r in rows(store, "SELECT id, kind, country FROM actors")}
    out: dict[str, Counter] = defaultdict(Counter)
    for r in rows(store, "SELECT article_id, actor_id, count(*) AS n FROM mentions "
                         "WHERE actor_id IS NOT NULL GROUP BY article_id, actor_id"):
        key = keys.get(r["actor_id"], r["actor_id"])
        if key and r["n"] >= minimum:
            out[r["article_id"]][key] += int(r["n"])
    for r in rows(store, "SELECT article_id, source_actor, target_actor FROM events "
                         "WHERE source_actor IS NOT NULL AND target_actor IS NOT NULL"):
        ends = {keys.get(r["source_actor"], r["source_actor"]),
                keys.get(r["target_actor"], r["target_actor"])}
        if None not in ends and len(ends) == 2:
            out[r["article_id"]]["dyad:" + "|".join(sorted(ends))] += 1  # type: ignore[arg-type]
    return dict(out)


def build_stories(store: Store) -> list[Story]:
    """Cluster every original article of the store and write `stories`/`story_articles`."""
    from veille.stories.selection import load_selection

    selection = load_selection(store)
    stories = cluster_articles(selection.articles, actor_counts(store))
    write_stories(store, stories)
    return stories


def write_stories(store: Store, stories: Sequence[Story]) -> None:
    """Replace the store's stories with `stories`."""
    ensure_schema(store)
    execute(store, "DELETE FROM story_articles")
    execute(store, "DELETE FROM stories")
    executemany(store, "INSERT INTO stories (id, label, first_date, last_date, size, sources, "
                "actors) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(s.id, s.label, s.first_date, s.last_date, len(s.articles), len(s.sources),
                  ",".join(a for a, _ in s.actors.most_common(5))) for s in stories])
    executemany(store, "INSERT INTO story_articles (story_id, article_id, similarity) "
                "VALUES (?, ?, ?)",
                [(s.id, a.id, sc) for s in stories for a, sc in zip(s.articles, s.scores)])


def list_stories(store: Store, *, min_size: int = 1, limit: int = 50) -> list[dict[str, Any]]:
    """Stored stories, largest first."""
    ensure_schema(store)
    return rows(store, "SELECT id, label, first_date, last_date, size, sources, actors "
                       "FROM stories WHERE size >= ? ORDER BY size DESC, last_date DESC, id "
                       "LIMIT ?", [min_size, limit])
