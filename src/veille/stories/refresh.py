"""What `veille stories` does, as calls: bring the stored stories up to date and list
them, or merge the stored event mentions into real events and list those.

The CLI and any other surface call these and only show the result; which step runs
in which order (update or rebuild, then list; merge, store, then filter) is decided here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from veille.stories.cluster import StoryUpdate, build_stories, list_stories, update_stories
from veille.stories.eventdedup import merge_events, store_event_clusters
from veille.stories.events_rows import load_event_rows
from veille.store import Store


@dataclass(frozen=True, slots=True)
class Rebuilt:
    """What a from-scratch clustering (`--rebuild`) did."""

    articles: int
    stories: int


@dataclass(frozen=True, slots=True)
class StoriesListing:
    """The stories to show and what bringing them up to date did."""

    stories: list[dict[str, Any]]
    change: StoryUpdate | Rebuilt


def refresh_stories(store: Store, *, rebuild: bool = False, min_size: int = 1,
                    limit: int = 50) -> StoriesListing:
    """Assign the articles not yet in a story (or, with `rebuild`, cluster every article
    anew), then list the stored stories, largest first."""
    if rebuild:
        built = build_stories(store)
        change: StoryUpdate | Rebuilt = Rebuilt(sum(len(s.articles) for s in built),
                                                len(built))
    else:
        change = update_stories(store)
    return StoriesListing(list_stories(store, min_size=min_size, limit=limit), change)


def refresh_merged_events(store: Store, *, min_size: int = 1,
                          limit: int = 50) -> list[dict[str, Any]]:
    """Merge every stored event mention into real events (deduplicated across articles),
    store the merged events in place of the previous ones, and return those with at
    least `min_size` mentions, oldest first, at most `limit`."""
    clusters = merge_events(load_event_rows(store))
    store_event_clusters(store, clusters)
    return [c.to_dict() for c in clusters if len(c.mentions) >= min_size][:limit]
