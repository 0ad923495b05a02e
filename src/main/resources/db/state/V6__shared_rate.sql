-- One rate for the account across the nodes of a cluster (issue 14; used only with cluster.enabled=true).
-- The account's token bucket, kept by Bucket4j's PostgreSQL backend (select-for-update): one row, id 1,
-- its state Bucket4j's own serialized form.
CREATE TABLE patsnap_rate_bucket (
    id         BIGINT NOT NULL PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);

-- The rate every node calls at: qps 0 is the configured patsnap.qps; after PatSnap answered 67200002 the
-- halved rate until slow_until (epoch ms, the database's clock), halved at most once a second for the
-- cluster (last_halving). version counts the changes: the bucket takes each new rate once.
CREATE TABLE patsnap_rate (
    id           INTEGER NOT NULL PRIMARY KEY,
    qps          INTEGER NOT NULL,
    slow_until   BIGINT  NOT NULL,
    last_halving BIGINT  NOT NULL,
    version      BIGINT  NOT NULL
);
INSERT INTO patsnap_rate (id, qps, slow_until, last_halving, version) VALUES (1, 0, 0, 0, 0);
