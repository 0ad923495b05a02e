-- Several nodes, one shared inbox (issue 14, docs/cluster.md "One reader per input"). In cluster mode a node
-- claims an input here before it reads it: one row per input, keyed by its fingerprint (as the intake sets it,
-- e.g. file:<name>|<size>|<modified>; a digest when very long, see StateStore.queryKey), with the node that
-- reads it and since when (the database's clock). The primary key makes one winner; the row goes when the
-- input is done (moved to .done/ or .failed/), or when another node takes over the inputs of a gone node.
CREATE TABLE patsnap_inbox_claim (
    claim_key   VARCHAR(300)  PRIMARY KEY,
    fingerprint VARCHAR(1200) NOT NULL,
    node_id     VARCHAR(64)   NOT NULL,
    claimed_at  TIMESTAMP     NOT NULL
);
CREATE INDEX patsnap_inbox_claim_by_node ON patsnap_inbox_claim (node_id);

-- One open source per input: two nodes can never open two sources for one fingerprint (the second insert
-- fails). A partial index, on PostgreSQL only: the placeholder postgresql_only is empty there and makes the
-- line a comment on H2, which has no partial indexes (and serves one node only).
${postgresql_only}CREATE UNIQUE INDEX patsnap_source_open_fingerprint ON patsnap_source (fingerprint) WHERE completed = FALSE;
