-- Several nodes (issue 14): the gates closed for the whole cluster (api.CallGate, api.JdbcStopBoard). One row
-- per closed gate ('*' for the account, else the endpoint): why (treatment, PatSnap's code and message),
-- since when, when its next probe may go (on the database's clock: one node wins it by a conditional
-- update), which node closed it and which node sent the last probe. Opening the gate deletes the row.
-- Used in cluster mode only; standalone nodes keep their gates in memory.
CREATE TABLE patsnap_stop (
    gate        VARCHAR(64)              NOT NULL PRIMARY KEY,
    treatment   VARCHAR(32)              NOT NULL,
    code        VARCHAR(64)              NOT NULL,
    message     ${long_text},
    since       TIMESTAMP WITH TIME ZONE NOT NULL,
    next_probe  TIMESTAMP WITH TIME ZONE NOT NULL,
    closed_by   VARCHAR(64)              NOT NULL,
    probe_by    VARCHAR(64)
);
