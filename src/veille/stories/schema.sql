-- Tables of veille.stories (story clustering and merged events). Applied by
-- Store.ensure_schema("veille.stories"), idempotent, portable SQL (DuckDB and PostgreSQL).

CREATE TABLE IF NOT EXISTS stories (
    id          VARCHAR PRIMARY KEY,   -- s + sha1 prefix of the first article id
    label       VARCHAR,
    first_date  DATE,
    last_date   DATE,
    size        INTEGER NOT NULL,
    sources     INTEGER NOT NULL,
    actors      VARCHAR                -- top actor ids, comma-separated
);

CREATE TABLE IF NOT EXISTS story_articles (
    story_id    VARCHAR NOT NULL,
    article_id  VARCHAR NOT NULL,
    similarity  DOUBLE PRECISION,      -- score that joined it (1.0 for the opener)
    PRIMARY KEY (story_id, article_id)
);

-- The online clusterer's running state (veille.stories.online), so that a later
-- `veille stories` assigns only the articles not yet in story_articles, against the
-- stories still active, instead of re-clustering the store. Rebuilt from scratch by
-- `veille stories --rebuild`, and automatically when story_meta's fingerprint (the
-- clustering parameters and vector scheme) no longer matches the code's.
-- Sparse vectors are stored as JSON text in a VARCHAR: plain, portable to both
-- engines, readable with any JSON tool. Floats keep full precision (Python's repr
-- round-trips), so a story loaded back scores exactly as it did in memory.
-- A story's size, first and last days are the columns of `stories` above.
CREATE TABLE IF NOT EXISTS story_state (
    story_id     VARCHAR PRIMARY KEY,
    text_vector  VARCHAR NOT NULL,            -- Σ member text vectors: JSON [[hashed word ids], [weights]]
    text_norm2   DOUBLE PRECISION NOT NULL,   -- its squared norm
    actor_vector VARCHAR NOT NULL,            -- Σ member actor vectors: JSON {"IRN": 0.7, "dyad:IRN|USA": 0.4}
    actor_norm2  DOUBLE PRECISION NOT NULL,
    languages    VARCHAR NOT NULL,            -- JSON list of the members' languages
    actor_counts VARCHAR NOT NULL,            -- JSON {actor key: mentions}: the label's actors
    source_names VARCHAR NOT NULL,            -- JSON list of the members' sources
    title        VARCHAR,                     -- first member title (the label's)
    opening      VARCHAR                      -- first member's first line, when none has a title
);

-- Document frequencies of hashed words (HashingVectorizer ids, 2**20 of them) and of
-- actor keys over every clustered article: the IDF an article is weighted with when
-- it is added. story_meta holds the article count ('documents') and the fingerprint.
CREATE TABLE IF NOT EXISTS story_terms (
    term  INTEGER PRIMARY KEY,
    df    INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS story_actor_terms (
    actor VARCHAR PRIMARY KEY,
    df    INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS story_meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE IF NOT EXISTS event_clusters (
    id            VARCHAR PRIMARY KEY,
    type          VARCHAR NOT NULL,
    source_actor  VARCHAR,
    target_actor  VARCHAR,
    date_value    VARCHAR,
    place_country VARCHAR,
    quad_class    VARCHAR,
    intensity     DOUBLE PRECISION,
    num_mentions  INTEGER NOT NULL,
    num_articles  INTEGER NOT NULL,
    num_sources   INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS event_cluster_mentions (
    cluster_id  VARCHAR NOT NULL,
    article_id  VARCHAR NOT NULL,
    idx         INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
);
