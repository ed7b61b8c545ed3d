-- Tables of veille.stories (story clustering and merged events). Applied by
-- veille.stories.sql.ensure_schema, idempotent, portable SQL (DuckDB and PostgreSQL).

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
