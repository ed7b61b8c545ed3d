"""Stories: what a reader follows instead of thousands of events.

- `cluster`: articles grouped into stories online, in date order (text + actors + time);
  incremental: `online` is the clusterer, `state` keeps its state in the store.
- `eventdedup`: mentions of one real event merged, with their articles and sources counted.
- `timeline`: the most important dates of a selection, each with its best sentences.
- `escalation`: daily conflict/cooperation series, trend and change alerts for a dyad.

Tables of their own (stories, story_articles, the clusterer's story_state, story_terms,
story_actor_terms, story_meta, event_clusters, event_cluster_mentions)
come from `stories/schema.sql`, applied by `Store.ensure_schema`; parameters live in
`stories/data/*.yaml`.
"""
