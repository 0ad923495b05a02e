-- Several nodes on one state database (cluster.enabled, docs/cluster.md "Settled once, reported once").
-- patsnap_settled's primary key (source_key, endpoint, query_key) is the unique constraint that makes a
-- line settled once: a node inserts with ON CONFLICT DO NOTHING and writes a line only for its own rows.
-- Per source: ledger lines settled so far (counted by the nodes as they insert; NULL until the first one,
-- then counted once from patsnap_settled), lines expected once read (unique IDs x endpoints), and the node
-- that claimed the report (one winner: UPDATE ... WHERE reported_by IS NULL). Unused when working alone.
ALTER TABLE patsnap_source ADD COLUMN IF NOT EXISTS settled_lines BIGINT;
ALTER TABLE patsnap_source ADD COLUMN IF NOT EXISTS lines_expected BIGINT;
ALTER TABLE patsnap_source ADD COLUMN IF NOT EXISTS reported_by VARCHAR(64);

-- Per source and node: batches of its ledger lines settled but not yet handed to the other outputs; a
-- source is not reported while any node still hands lines of it on.
CREATE TABLE IF NOT EXISTS patsnap_handing_on (
    source_key VARCHAR(64) NOT NULL,
    node_id    VARCHAR(64) NOT NULL,
    batches    BIGINT      NOT NULL,
    PRIMARY KEY (source_key, node_id)
);
