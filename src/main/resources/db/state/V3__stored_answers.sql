-- Never pay twice (patsnap.reuse.window): every answer PatSnap gave for (endpoint, ID), found, empty or
-- not_found (never a rejected or failed one), kept so that a later input asking the same is settled from
-- it without a call (StoredAnswers). One row per (endpoint, query, kind) asked, plus a row under the
-- patent's other identifier when the answer told both its pn and its patent_id. fetched_ms is fetched_at
-- in epoch ms, for the window and for pruning (patsnap.reuse.prune-interval). sandbox: an answer of the
-- built-in sandbox, never reused for the real API (nor the other way round). The key starts with query_key:
-- a batch's look-up is "endpoint = ? AND query_key IN (...)", and H2 uses an index for an IN list only on
-- the index's first column.
CREATE TABLE IF NOT EXISTS patsnap_stored_answer (
    endpoint   VARCHAR(64)  NOT NULL,
    query_key  VARCHAR(300) NOT NULL,
    query_kind VARCHAR(16)  NOT NULL,
    status     VARCHAR(16)  NOT NULL,
    pn         VARCHAR(100),
    patent_id  VARCHAR(64),
    records    ${long_text} NOT NULL,
    fetched_at VARCHAR(40)  NOT NULL,
    fetched_ms BIGINT       NOT NULL,
    sandbox    BOOLEAN      NOT NULL,
    PRIMARY KEY (query_key, endpoint, query_kind)
);
CREATE INDEX IF NOT EXISTS patsnap_stored_answer_by_age ON patsnap_stored_answer (fetched_ms);

-- Which ledger lines were settled from a stored answer, for the reports' per-endpoint "reused".
ALTER TABLE patsnap_settled ADD COLUMN IF NOT EXISTS reused BOOLEAN DEFAULT FALSE NOT NULL;
