"""The online clusterer's state in the store: loaded before a run, saved after it.

Tables `story_state`, `story_terms`, `story_actor_terms`, `story_meta` (see
`schema.sql` for the storage choices). A run loads the document frequencies and only
the stories that the new articles' dates can reach (last article within `active_days`
of the earliest new one, first within `active_days` of the latest, or undated), so its
cost follows the new articles and the active stories, not the size of the store.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np

from veille.stories.online import TEXT_FEATURES, OnlineClusterer, StoryState, from_ordinal, \
    story_parameters
from veille.store import Store
from veille.store.read import as_date

SCHEME = "hashing-v2"  # bump when vectors or weights change meaning: stored state is rebuilt
TABLES = ("story_articles", "stories", "story_state", "story_terms", "story_actor_terms",
          "story_meta")


def fingerprint() -> str:
    """What the stored state was built with: the vector scheme and every parameter."""
    spec = {"scheme": SCHEME, "features": TEXT_FEATURES, "parameters": story_parameters()}
    return hashlib.sha1(json.dumps(spec, sort_keys=True).encode()).hexdigest()


def state_is_current(store: Store) -> bool:
    """True when the stored stories can be extended: built by this code with these
    parameters (or there are none yet)."""
    found = store.rows("SELECT value FROM story_meta WHERE key = 'fingerprint'")
    if found:
        return found[0]["value"] == fingerprint()
    return not store.rows("SELECT story_id FROM story_articles LIMIT 1")


def clear_state(store: Store) -> None:
    """Forget every story and what the clusterer learned."""
    for table in TABLES:
        store.execute(f"DELETE FROM {table}")


def load_clusterer(store: Store, days: Sequence[date | None]) -> OnlineClusterer:
    """A clusterer holding the stored counts and the stories articles on `days` may join."""
    text_df = np.zeros(TEXT_FEATURES, np.int64)
    terms = store.rows("SELECT term, df FROM story_terms")
    if terms:
        text_df[np.array([r["term"] for r in terms])] = [r["df"] for r in terms]
    actor_df = Counter({r["actor"]: int(r["df"])
                        for r in store.rows("SELECT actor, df FROM story_actor_terms")})
    documents = store.rows("SELECT value FROM story_meta WHERE key = 'documents'")
    return OnlineClusterer(text_df=text_df, actor_df=actor_df,
                           documents=int(documents[0]["value"]) if documents else 0,
                           stories=_reachable_stories(store, days))


def _reachable_stories(store: Store, days: Sequence[date | None]) -> list[StoryState]:
    reach = timedelta(days=story_parameters()["active_days"])
    dated = [d for d in days if d]
    where, params = "s.last_date IS NULL", []  # undated articles compare with these only
    if dated:
        where += " OR (s.last_date >= ? AND s.first_date <= ?)"
        params = [as_date(min(dated)) - reach, as_date(max(dated)) + reach]
    found = store.rows("SELECT s.id, s.first_date, s.last_date, s.size, st.text_vector, "
                       "st.text_norm2, st.actor_vector, st.actor_norm2, st.languages, "
                       "st.actor_counts, st.source_names, st.title, st.opening "
                       "FROM stories s JOIN story_state st ON st.story_id = s.id "
                       f"WHERE {where} ORDER BY s.first_date, s.id", params)
    return [_story_of(r) for r in found]


def _story_of(r: dict) -> StoryState:
    terms, weights = json.loads(r["text_vector"])
    first, last = as_date(r["first_date"]), as_date(r["last_date"])
    return StoryState(
        r["id"], first_day=first.toordinal() if first else None,
        last_day=last.toordinal() if last else None, size=int(r["size"]),
        text=(np.array(terms, np.int64), np.array(weights, np.float64)),
        text_norm2=float(r["text_norm2"]), actors_vector=json.loads(r["actor_vector"]),
        actor_norm2=float(r["actor_norm2"]), languages=set(json.loads(r["languages"])),
        actors=Counter(json.loads(r["actor_counts"])),
        sources=set(json.loads(r["source_names"])), title=r["title"],
        opening=r["opening"] or "")


def save_state(store: Store, clusterer: OnlineClusterer, changed: Sequence[StoryState]) -> None:
    """Write what a run changed: counts, the changed stories, their new members.
    Callers hold a transaction, so a store never keeps half a run."""
    terms = clusterer.counted_terms()
    store.insert_columns("story_terms", {"term": ("INTEGER", terms.tolist()),
                                         "df": ("INTEGER", clusterer.text_df[terms].tolist())},
                         upsert_key=["term"])
    actors = sorted(clusterer.counted_actors)
    store.insert_columns("story_actor_terms", {
        "actor": ("VARCHAR", actors), "df": ("INTEGER", [clusterer.actor_df[a] for a in actors])},
        upsert_key=["actor"])
    store.insert_columns("story_meta", {
        "key": ("VARCHAR", ["documents", "fingerprint"]),
        "value": ("VARCHAR", [str(clusterer.documents), fingerprint()])}, upsert_key=["key"])
    ids = [s.id for s in changed]
    store.delete_where_in("stories", "id", ids)
    store.delete_where_in("story_state", "story_id", ids)
    _insert_stories(store, changed)
    store.insert_columns("story_articles", {
        "story_id": ("VARCHAR", [s.id for s in changed for _ in s.members]),
        "article_id": ("VARCHAR", [a.id for s in changed for a, _ in s.members]),
        "similarity": ("DOUBLE PRECISION", [sc for s in changed for _, sc in s.members])})


def _insert_stories(store: Store, stories: Sequence[StoryState]) -> None:
    store.insert_columns("stories", {
        "id": ("VARCHAR", [s.id for s in stories]),
        "label": ("VARCHAR", [s.label() for s in stories]),
        "first_date": ("DATE", [from_ordinal(s.first_day) for s in stories]),
        "last_date": ("DATE", [from_ordinal(s.last_day) for s in stories]),
        "size": ("INTEGER", [s.size for s in stories]),
        "sources": ("INTEGER", [len(s.sources) for s in stories]),
        "actors": ("VARCHAR", [",".join(a for a, _ in s.actors.most_common(5))
                               for s in stories])})
    store.insert_columns("story_state", {
        "story_id": ("VARCHAR", [s.id for s in stories]),
        "text_vector": ("VARCHAR", [json.dumps([s.text[0].tolist(), s.text[1].tolist()])
                                    for s in stories]),
        "text_norm2": ("DOUBLE PRECISION", [s.text_norm2 for s in stories]),
        "actor_vector": ("VARCHAR", [json.dumps(s.actors_vector, sort_keys=True)
                                     for s in stories]),
        "actor_norm2": ("DOUBLE PRECISION", [s.actor_norm2 for s in stories]),
        "languages": ("VARCHAR", [json.dumps(sorted(s.languages, key=str)) for s in stories]),
        "actor_counts": ("VARCHAR", [json.dumps(dict(s.actors), sort_keys=True)
                                     for s in stories]),
        "source_names": ("VARCHAR", [json.dumps(sorted(s.sources)) for s in stories]),
        "title": ("VARCHAR", [s.title for s in stories]),
        "opening": ("VARCHAR", [s.opening for s in stories])})
