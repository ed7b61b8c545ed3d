"""Story clustering: articles grouped into stories as they arrive, in date order.

Single-pass ("online") clustering in the manner of TDT first-story detection
(`veille.stories.online`): each article, taken in publication order, joins the story it
scores best against, or opens a new one when no score reaches the threshold. The score
mixes text similarity (TF-IDF cosine to the story centroid) and shared resolved actors
(TF-IDF cosine of actor keys — countries — and event dyads), times a decay on the days
since the story's last article. The actor part is language-independent, which is what
joins a French and an English article on the same story.

The clusterer's state is kept in the store (`veille.stories.state`), so `update_stories`
assigns only the articles not clustered yet, against the stories still active;
`build_stories` starts over from every stored article.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from veille.model import sha1_hex
from veille.stories.online import OnlineClusterer, StoryState, decay, story_parameters, \
    text_of
from veille.stories.selection import SelectedArticle
from veille.stories.state import clear_state, load_clusterer, save_state, \
    state_is_current
from veille.store import Store
from veille.store.read import ArticleFilter, article_where, as_date

__all__ = ["Story", "StoryUpdate", "actor_counts", "actor_key", "build_stories",
           "cluster_articles", "decay", "list_stories", "story_parameters", "text_of",
           "update_stories", "write_stories"]

log = logging.getLogger(__name__)


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


def cluster_articles(articles: Sequence[SelectedArticle],
                     actors: dict[str, Counter]) -> list[Story]:
    """Stories of `articles` (any order; taken by date), with actor counts per article id,
    clustered from nothing (no stored state): the stories in the order they opened."""
    clusterer = OnlineClusterer()
    clusterer.add_all(_in_date_order(articles), actors)
    stories = [_story(s) for s in clusterer.changed()]
    log.info("clustered %d articles into %d stories", len(articles), len(stories))
    return stories


def _in_date_order(articles: Sequence[SelectedArticle]) -> list[SelectedArticle]:
    """Publication order, undated first (as they have nothing to be compared on)."""
    return sorted(articles, key=lambda a: (a.published or date.min, a.id))


def _story(state: StoryState) -> Story:
    return Story([a for a, _ in state.members], [sc for _, sc in state.members],
                 Counter(state.actors), state.label())


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


# What a run assigns: originals once analysed (their actors known), and with stored
# stories to extend, only those not in a story yet.
_ORIGINALS = article_where(ArticleFilter())[0]  # parameter-free: the default filter binds none
_ALL = f"{_ORIGINALS} AND a.analyzed"
_NEW = f"{_ALL} AND NOT EXISTS (SELECT 1 FROM story_articles sa WHERE sa.article_id = a.id)"


def actor_counts(store: Store, *, new_only: bool = False) -> dict[str, Counter]:
    """Per article: actor keys (mention counts) and event dyads between keys ("dyad:A|B");
    with `new_only`, for the articles not in a story yet only."""
    minimum = story_parameters()["min_actor_mentions"]
    only = f" AND article_id IN (SELECT a.id FROM articles a WHERE {_NEW})" if new_only else ""
    keys = {r["id"]: actor_key(r["id"], r["kind"], r["country"])
            for r in store.rows("SELECT id, kind, country FROM actors")}
    out: dict[str, Counter] = defaultdict(Counter)
    for r in store.rows("SELECT article_id, actor_id, count(*) AS n FROM mentions "
                        f"WHERE actor_id IS NOT NULL{only} GROUP BY article_id, actor_id"):
        key = keys.get(r["actor_id"], r["actor_id"])
        if key and r["n"] >= minimum:
            out[r["article_id"]][key] += int(r["n"])
    for r in store.rows("SELECT article_id, source_actor, target_actor FROM events "
                        f"WHERE source_actor IS NOT NULL AND target_actor IS NOT NULL{only}"):
        ends = {keys.get(r["source_actor"], r["source_actor"]),
                keys.get(r["target_actor"], r["target_actor"])}
        if None not in ends and len(ends) == 2:
            out[r["article_id"]]["dyad:" + "|".join(sorted(ends))] += 1  # type: ignore[arg-type]
    return dict(out)


@dataclass(frozen=True, slots=True)
class StoryUpdate:
    """What one `update_stories` call did."""

    articles: int   # articles assigned to a story
    opened: int     # new stories among them
    extended: int   # stored stories that gained articles
    waiting: int    # originals not analysed yet: assigned once `veille analyze` ran
    rebuilt: bool   # the stored state was missing or built with other parameters


def update_stories(store: Store) -> StoryUpdate:
    """Assign the originals not yet in a story (in date order) to the stored stories or to
    new ones, and save the clusterer's state: a call with nothing new changes nothing.

    Starts over, as `build_stories`, when the stored state was built by other code or
    with other parameters (`stories.yaml` edited), since its vectors would not compare."""
    with store.transaction():
        store.lock("veille.stories")
        store.ensure_schema("veille.stories")
        rebuilt = not state_is_current(store)
        if rebuilt:
            log.info("story state missing or built with other parameters: clustering anew")
        changed = _assign(store, fresh=rebuilt)
    opened = sum(1 for s in changed if s.size == len(s.members))
    waiting = store.rows(f"SELECT count(*) AS n FROM articles a WHERE {_ORIGINALS} "
                         "AND NOT a.analyzed AND NOT EXISTS (SELECT 1 FROM story_articles "
                         "sa WHERE sa.article_id = a.id)")[0]["n"]
    return StoryUpdate(sum(len(s.members) for s in changed), opened, len(changed) - opened,
                       int(waiting), rebuilt)


def build_stories(store: Store) -> list[Story]:
    """Cluster every analysed original of the store from scratch (stored state cleared)
    and write `stories`/`story_articles`; returns every story with all its articles (each
    article's `text` cut to the lead the clusterer reads: reading whole texts for 100,000
    articles would cost more than the clustering)."""
    with store.transaction():
        store.lock("veille.stories")
        store.ensure_schema("veille.stories")
        return [_story(s) for s in _assign(store, fresh=True)]


def _assign(store: Store, *, fresh: bool) -> list[StoryState]:
    """Cluster the articles not in a story (`fresh`: every article, from nothing) against
    the stored state, then save it; returns the stories changed. Runs inside the caller's
    locked transaction: old stories are cleared in the same transaction as the new ones
    are written (readers never see none), and two processes never assign the same
    articles (on PostgreSQL the second waits for the first, then finds nothing new)."""
    articles = _articles_to_assign(store, fresh=fresh)
    if not articles and not fresh:
        return []  # nothing new: the stored state stays as it is, untouched
    clusterer = OnlineClusterer() if fresh else \
        load_clusterer(store, [a.published for a in articles])
    clusterer.add_all(articles, actor_counts(store, new_only=not fresh))
    changed = clusterer.changed()
    if fresh:
        clear_state(store)
    save_state(store, clusterer, changed)
    log.info("assigned %d articles: %d stories changed", len(articles), len(changed))
    return changed


def _articles_to_assign(store: Store, *, fresh: bool) -> list[SelectedArticle]:
    """The articles to assign, in date order, with only the lead the clusterer reads."""
    lead = story_parameters()["lead_chars"]
    found = store.rows("SELECT a.id, a.published, a.source, a.url, a.title, a.language, "
                       f"substr(a.text, 1, {int(lead)}) AS text FROM articles a "
                       f"WHERE {_ALL if fresh else _NEW}")
    return _in_date_order([SelectedArticle(r["id"], as_date(r["published"]), r["source"],
                                           r["url"], r["title"], r["language"], r["text"])
                           for r in found])


def write_stories(store: Store, stories: Sequence[Story]) -> None:
    """Replace the store's stories with `stories` (clustered elsewhere). The clusterer's
    state is cleared with them, so the next `update_stories` starts over."""
    store.ensure_schema("veille.stories")
    clear_state(store)
    store.executemany("INSERT INTO stories (id, label, first_date, last_date, size, sources, "
                      "actors) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      [(s.id, s.label, s.first_date, s.last_date, len(s.articles),
                        len(s.sources), ",".join(a for a, _ in s.actors.most_common(5)))
                       for s in stories])
    store.executemany("INSERT INTO story_articles (story_id, article_id, similarity) "
                      "VALUES (?, ?, ?)",
                      [(s.id, a.id, sc) for s in stories for a, sc in zip(s.articles, s.scores)])


def list_stories(store: Store, *, min_size: int = 1, limit: int = 50) -> list[dict[str, Any]]:
    """Stored stories, largest first."""
    store.ensure_schema("veille.stories")
    return store.rows("SELECT id, label, first_date, last_date, size, sources, actors "
                      "FROM stories WHERE size >= ? ORDER BY size DESC, last_date DESC, id "
                      "LIMIT ?", [min_size, limit])
