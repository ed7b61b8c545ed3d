-- veille's store schema: one file, read by every engine (DuckDB and PostgreSQL).
-- Offsets are character offsets into articles.text. Every statement is idempotent.
-- Portable on purpose: only type names both engines accept (DOUBLE PRECISION, BYTEA —
-- DuckDB reads them as DOUBLE and BLOB —, JSON, VARCHAR…); engine-specific SQL such as
-- DuckDB's INSERT OR IGNORE lives in the engine modules, never here.

CREATE TABLE IF NOT EXISTS articles (
    id                  VARCHAR PRIMARY KEY,   -- sha1 of url, else of the cleaned text
    url                 VARCHAR,
    source              VARCHAR,
    title               VARCHAR,
    published           DATE,                  -- first day of the period at date_precision
    date_precision      VARCHAR NOT NULL,      -- day | month | year | unknown
    date_origin         VARCHAR,               -- header | html-meta | dateline | jsonl | feed | warc | override
    language            VARCHAR,
    text                VARCHAR NOT NULL,
    raw_hash            VARCHAR NOT NULL,      -- sha1 of the input before cleaning
    text_hash           VARCHAR NOT NULL,      -- sha1 of the normalized text (exact duplicates)
    origin              VARCHAR,               -- file path, #line / #record
    duplicate_of        VARCHAR,               -- the original, for exact and near duplicates
    similarity          DOUBLE PRECISION,      -- estimated Jaccard similarity to the original
    truncated           BOOLEAN NOT NULL DEFAULT FALSE,
    boilerplate_removed INTEGER NOT NULL DEFAULT 0,
    analyzed            BOOLEAN NOT NULL DEFAULT FALSE,
    quality             JSON,
    ingested_at         TIMESTAMP NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_text_hash ON articles (text_hash);

-- MinHash signatures, so near-duplicate detection survives across runs.
CREATE TABLE IF NOT EXISTS minhashes (
    article_id  VARCHAR PRIMARY KEY,
    signature   BYTEA NOT NULL
);

CREATE TABLE IF NOT EXISTS actors (
    id       VARCHAR PRIMARY KEY,
    name     VARCHAR NOT NULL,
    kind     VARCHAR,
    country  VARCHAR,
    sector   VARCHAR
);

CREATE TABLE IF NOT EXISTS mentions (
    article_id  VARCHAR NOT NULL,
    idx         INTEGER NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    actor_id    VARCHAR,
    label       VARCHAR,
    method      VARCHAR,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE IF NOT EXISTS times (
    article_id  VARCHAR NOT NULL,
    idx         INTEGER NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    value       VARCHAR,
    type        VARCHAR,
    granularity VARCHAR,
    relative    BOOLEAN,
    span_start  VARCHAR,
    span_end    VARCHAR,
    mod         VARCHAR,     -- TIMEX3 mod: START, END, APPROX, ON_OR_BEFORE...
    anchor      VARCHAR,     -- the text of the expression the value was counted from
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE IF NOT EXISTS places (
    article_id  VARCHAR NOT NULL,
    idx         INTEGER NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    name        VARCHAR,
    country     VARCHAR,
    lat         DOUBLE PRECISION,
    lon         DOUBLE PRECISION,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE IF NOT EXISTS events (
    article_id        VARCHAR NOT NULL,
    idx               INTEGER NOT NULL,
    type              VARCHAR NOT NULL,
    mode              VARCHAR,
    source_actor      VARCHAR,
    source_text       VARCHAR,
    target_actor      VARCHAR,
    target_text       VARCHAR,
    status            VARCHAR,
    negated           BOOLEAN,
    date_value        VARCHAR,
    date_from_article BOOLEAN,
    -- TIMEX3 mod of the event's date: "fin 2010" is 2010 with END, an event dated by its
    -- article's publication is ON_OR_BEFORE it (issue #20); NULL when the date is exact
    date_mod          VARCHAR,
    place_name        VARCHAR,
    place_country     VARCHAR,
    lat               DOUBLE PRECISION,
    lon               DOUBLE PRECISION,
    trigger           VARCHAR,
    sentence          VARCHAR,
    start_char        INTEGER,
    end_char          INTEGER,
    cameo_root        VARCHAR,
    quad_class        VARCHAR,
    intensity         DOUBLE PRECISION,
    confidence        DOUBLE PRECISION,
    attributed_to     INTEGER,
    -- the day it happened: its own day, else its article's (veille.store.read.event_day,
    -- computed on write; stores from before this column get it on open, store/upgrade.py)
    day               DATE,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE IF NOT EXISTS claims (
    article_id     VARCHAR NOT NULL,
    idx            INTEGER NOT NULL,
    speaker_text   VARCHAR,
    speaker_actor  VARCHAR,
    sourcing       VARCHAR,
    content        VARCHAR,
    direct         BOOLEAN,
    verb           VARCHAR,
    stance         VARCHAR,
    relayed_by     JSON,
    start_char     INTEGER,
    end_char       INTEGER,
    PRIMARY KEY (article_id, idx)
);

-- The whole `annotate` record (minus the text), so fields added by later versions are
-- never lost even before they get columns of their own.
CREATE TABLE IF NOT EXISTS analyses (
    article_id  VARCHAR PRIMARY KEY,
    record      JSON NOT NULL
);

CREATE TABLE IF NOT EXISTS meta (
    key    VARCHAR PRIMARY KEY,
    value  VARCHAR
);
