-- The bill (issue 15). What PatSnap billed, counted from its answers: per day (in patsnap.daily-limit.zone,
-- from the daily reset) and endpoint, the results it returned and the calls that returned them. The daily
-- budget (patsnap.budget.daily-results) starts each run from the day's row, so it survives restarts.
CREATE TABLE patsnap_billed_day (
    bill_day       VARCHAR(10) NOT NULL,
    endpoint       VARCHAR(64) NOT NULL,
    billed_results BIGINT      NOT NULL,
    calls          BIGINT      NOT NULL,
    PRIMARY KEY (bill_day, endpoint)
);

-- The daily reconciliation: PatSnap's usage statement next to our count, per day and endpoint.
CREATE TABLE patsnap_bill_check (
    bill_day       VARCHAR(10) NOT NULL,
    endpoint       VARCHAR(64) NOT NULL,
    our_results    BIGINT      NOT NULL,
    their_results  BIGINT      NOT NULL,
    our_calls      BIGINT      NOT NULL,
    their_calls    BIGINT      NOT NULL,
    checked_at     VARCHAR(40) NOT NULL,
    PRIMARY KEY (bill_day, endpoint)
);

-- Billed results per input and endpoint, for the report (next to its API calls).
ALTER TABLE patsnap_calls ADD COLUMN billed_results BIGINT DEFAULT 0 NOT NULL;
