-- The state database (state.jdbc.url; an H2 file under state.dir by default), as the releases before Flyway
-- made it: every statement is idempotent (IF NOT EXISTS), so that a database made by such a release, which
-- has these tables (some without the columns added later) but no state_schema_history, is brought up to
-- date by this very script (Flyway baselines it at version 0 first). Portable SQL: H2 2.x and PostgreSQL 14+;
-- ${long_text} is TEXT on PostgreSQL and VARCHAR(1000000) on H2 (kept in the row, where H2 keeps a CLOB apart).

-- Every input being processed, with what was read and the intake that took it.
CREATE TABLE IF NOT EXISTS patsnap_source (
    source_key    VARCHAR(64)   PRIMARY KEY,
    source        VARCHAR(1000) NOT NULL,
    fingerprint   VARCHAR(1200) NOT NULL,
    endpoints     VARCHAR(1000) NOT NULL,
    started_at    VARCHAR(40)   NOT NULL,
    ids_read      BIGINT,
    read_complete BOOLEAN       NOT NULL,
    completed     BOOLEAN       NOT NULL,
    intake        VARCHAR(16)
);
-- databases made before the intake kind was recorded: add it, and derive it once for their rows from what
-- the bundle itself wrote (the watched folder's fingerprints start with file:, SFTP's with sftp:; a queue
-- request's and a watch-list run's fingerprint is their source name); anything else is taken as a file
ALTER TABLE patsnap_source ADD COLUMN IF NOT EXISTS intake VARCHAR(16);
UPDATE patsnap_source SET intake = CASE
    WHEN fingerprint LIKE 'file:%' THEN 'file'
    WHEN fingerprint LIKE 'sftp:%' THEN 'sftp'
    WHEN fingerprint = source AND source LIKE 'queue:%' THEN 'queue'
    WHEN fingerprint = source AND source LIKE 'watchlist:%' THEN 'watchlist'
    ELSE 'file' END
    WHERE intake IS NULL;
-- every queue request is a source of its own: look-ups by fingerprint must not read the whole table
CREATE INDEX IF NOT EXISTS patsnap_source_by_fingerprint ON patsnap_source (fingerprint);

-- The unique IDs each input has handed on (the idempotent consumer's memory).
CREATE TABLE IF NOT EXISTS patsnap_intake (
    source_key VARCHAR(64)  NOT NULL,
    query_key  VARCHAR(300) NOT NULL,
    PRIMARY KEY (source_key, query_key)
);

-- The (input, endpoint, ID) triples that have their ledger line.
CREATE TABLE IF NOT EXISTS patsnap_settled (
    source_key VARCHAR(64)  NOT NULL,
    endpoint   VARCHAR(64)  NOT NULL,
    query_key  VARCHAR(300) NOT NULL,
    status     VARCHAR(16)  NOT NULL,
    PRIMARY KEY (source_key, endpoint, query_key)
);

-- API calls per input and endpoint, for the report.
CREATE TABLE IF NOT EXISTS patsnap_calls (
    source_key VARCHAR(64) NOT NULL,
    endpoint   VARCHAR(64) NOT NULL,
    calls      BIGINT      NOT NULL,
    PRIMARY KEY (source_key, endpoint)
);

-- How far each ledger file is known to be recorded in patsnap_settled.
CREATE TABLE IF NOT EXISTS patsnap_ledger_checkpoint (
    ledger_file VARCHAR(1000) PRIMARY KEY,
    position    BIGINT        NOT NULL
);

-- Runs of ledger lines not yet handed to the other outputs.
CREATE TABLE IF NOT EXISTS patsnap_outbox (
    outbox_id     VARCHAR(36)   PRIMARY KEY,
    ledger_file   VARCHAR(1000) NOT NULL,
    from_position BIGINT        NOT NULL,
    to_position   BIGINT        NOT NULL,
    run_id        VARCHAR(36)   NOT NULL
);

-- The aggregators' batches, item by item.
CREATE TABLE IF NOT EXISTS patsnap_batch (
    batch_id        VARCHAR(36)  PRIMARY KEY,
    repository      VARCHAR(64)  NOT NULL,
    correlation_key VARCHAR(255) NOT NULL,
    exchange_id     VARCHAR(255),
    completed       BOOLEAN      NOT NULL,
    completed_by    VARCHAR(32)
);
CREATE INDEX IF NOT EXISTS patsnap_batch_by_key ON patsnap_batch (repository, completed, correlation_key);
CREATE INDEX IF NOT EXISTS patsnap_batch_by_exchange ON patsnap_batch (repository, exchange_id);
CREATE TABLE IF NOT EXISTS patsnap_batch_item (
    batch_id   VARCHAR(36)   NOT NULL,
    seq        INT           NOT NULL,
    source_key VARCHAR(64)   NOT NULL,
    source     VARCHAR(1000) NOT NULL,
    kind       VARCHAR(16)   NOT NULL,
    query      VARCHAR(1000) NOT NULL,
    raw_value  VARCHAR(1000) NOT NULL,
    PRIMARY KEY (batch_id, seq)
);

-- Items a consumer has handled for good (alert files turned into mails); moved to camel-sql's table in V2.
CREATE TABLE IF NOT EXISTS patsnap_processed (
    consumer VARCHAR(64)  NOT NULL,
    item_key VARCHAR(300) NOT NULL,
    PRIMARY KEY (consumer, item_key)
);

-- Where the answers to each queue request go.
CREATE TABLE IF NOT EXISTS patsnap_queue_request (
    source         VARCHAR(1000) PRIMARY KEY,
    broker         VARCHAR(16)   NOT NULL,
    correlation_id VARCHAR(1000),
    received_at    VARCHAR(40)   NOT NULL
);

-- The watch list's runs and, per run, endpoint and ID, what the run's answer held (see WatchlistStore).
CREATE TABLE IF NOT EXISTS patsnap_watch_run (
    source_key    VARCHAR(64)   PRIMARY KEY,
    watchlist     VARCHAR(255)  NOT NULL,
    source        VARCHAR(1000) NOT NULL,
    previous_key  VARCHAR(64),
    state         VARCHAR(16)   NOT NULL,
    new_count     BIGINT,
    changed_count BIGINT,
    removed_count BIGINT,
    changes_file  VARCHAR(1000)
);
CREATE INDEX IF NOT EXISTS patsnap_watch_run_by_list ON patsnap_watch_run (watchlist, state);
CREATE TABLE IF NOT EXISTS patsnap_watch_record (
    source_key     VARCHAR(64)   NOT NULL,
    endpoint       VARCHAR(64)   NOT NULL,
    query_key      VARCHAR(300)  NOT NULL,
    query          VARCHAR(1000) NOT NULL,
    status         VARCHAR(16)   NOT NULL,
    pn             VARCHAR(100),
    patent_id      VARCHAR(64),
    record_count   INT,
    records_digest VARCHAR(64),
    records        ${long_text},
    PRIMARY KEY (source_key, endpoint, query_key)
);

-- Which kind of answers the open inputs and the watch list's runs come from, 'sandbox' or 'real' (DataOrigin).
CREATE TABLE IF NOT EXISTS patsnap_state_origin (
    id        INTEGER     PRIMARY KEY,
    origin    VARCHAR(16) NOT NULL,
    marked_at VARCHAR(40) NOT NULL
);
CREATE TABLE IF NOT EXISTS patsnap_watch_origin (
    id        INTEGER     PRIMARY KEY,
    origin    VARCHAR(16) NOT NULL,
    marked_at VARCHAR(40) NOT NULL
);
