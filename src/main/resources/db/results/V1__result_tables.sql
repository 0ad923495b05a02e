-- The result database (outputs=...,jdbc): what the ledger says, as tables. Portable SQL: runs unchanged
-- on H2 2.x and PostgreSQL 14+. Text lengths count characters on both (CJK text included).
--
-- Keys: a patent is identified by patent_key (its patent_id; 'pn:<pn>' when the API gave no id); a record
-- by its natural key within the patent (record_key, see ResultTable): customs record_number, license
-- contract_number, litigation case_number; a record without one gets 'sha256:<hash of its JSON>'.

-- The last answer per (endpoint, ID as asked): one row per fetch_status key, whatever the status.
CREATE TABLE fetch_status (
    endpoint      VARCHAR(64)   NOT NULL,
    query_key     VARCHAR(300)  NOT NULL,
    query         VARCHAR(1000) NOT NULL,
    status        VARCHAR(16)   NOT NULL,
    pn            VARCHAR(64),
    patent_id     VARCHAR(64),
    record_count  INTEGER       NOT NULL,
    error_code    VARCHAR(64),
    error         VARCHAR(2000),
    source        VARCHAR(1000) NOT NULL,
    source_id     VARCHAR(64)   NOT NULL,
    fetched_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (endpoint, query_key)
);
CREATE INDEX fetch_status_by_pn ON fetch_status (pn);
CREATE INDEX fetch_status_by_patent_id ON fetch_status (patent_id);
CREATE INDEX fetch_status_by_source ON fetch_status (source_id);

-- P031 customs recordations (patent_customs_record_data).
CREATE TABLE customs_record (
    patent_key       VARCHAR(100)    NOT NULL,
    record_key       VARCHAR(300)    NOT NULL,
    pn               VARCHAR(64),
    patent_id        VARCHAR(64),
    seq              INTEGER         NOT NULL,
    record_number    VARCHAR(300),
    record_status    VARCHAR(100),
    country          VARCHAR(16),
    contact          VARCHAR(1000),
    product          VARCHAR(2000),
    start_date       DATE,
    end_date         DATE,
    approval_opinion VARCHAR(1000),
    record_json      VARCHAR(100000) NOT NULL,
    fetched_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (patent_key, record_key)
);
CREATE INDEX customs_record_by_pn ON customs_record (pn);

-- P028 licenses (patent_license_data); licensors and licensees in license_party.
CREATE TABLE license_record (
    patent_key      VARCHAR(100)    NOT NULL,
    record_key      VARCHAR(300)    NOT NULL,
    pn              VARCHAR(64),
    patent_id       VARCHAR(64),
    seq             INTEGER         NOT NULL,
    contract_number VARCHAR(300),
    country         VARCHAR(16),
    license_type    VARCHAR(1000),
    effective_date  DATE,
    record_json     VARCHAR(100000) NOT NULL,
    fetched_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (patent_key, record_key)
);
CREATE INDEX license_record_by_pn ON license_record (pn);

CREATE TABLE license_party (
    patent_key VARCHAR(100)  NOT NULL,
    record_key VARCHAR(300)  NOT NULL,
    role       VARCHAR(16)   NOT NULL,
    seq        INTEGER       NOT NULL,
    name       VARCHAR(1000),
    lang       VARCHAR(16),
    sequence   INTEGER,
    PRIMARY KEY (patent_key, record_key, role, seq),
    CONSTRAINT license_party_of_record FOREIGN KEY (patent_key, record_key)
        REFERENCES license_record (patent_key, record_key) ON DELETE CASCADE
);
CREATE INDEX license_party_by_name ON license_party (name);

-- P034 litigation (patent_litigation_data); plaintiffs, defendants, judges and the chief judge in
-- litigation_party.
CREATE TABLE litigation_record (
    patent_key   VARCHAR(100)    NOT NULL,
    record_key   VARCHAR(300)    NOT NULL,
    pn           VARCHAR(64),
    patent_id    VARCHAR(64),
    seq          INTEGER         NOT NULL,
    case_number  VARCHAR(300),
    title        VARCHAR(4000),
    court        VARCHAR(1000),
    case_region  VARCHAR(300),
    country      VARCHAR(16),
    chief_judge  VARCHAR(1000),
    filing_date  DATE,
    verdict_date DATE,
    record_json  VARCHAR(100000) NOT NULL,
    fetched_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (patent_key, record_key)
);
CREATE INDEX litigation_record_by_pn ON litigation_record (pn);

CREATE TABLE litigation_party (
    patent_key VARCHAR(100)  NOT NULL,
    record_key VARCHAR(300)  NOT NULL,
    role       VARCHAR(16)   NOT NULL,
    seq        INTEGER       NOT NULL,
    name       VARCHAR(1000),
    lang       VARCHAR(16),
    sequence   INTEGER,
    PRIMARY KEY (patent_key, record_key, role, seq),
    CONSTRAINT litigation_party_of_record FOREIGN KEY (patent_key, record_key)
        REFERENCES litigation_record (patent_key, record_key) ON DELETE CASCADE
);
CREATE INDEX litigation_party_by_name ON litigation_party (name);

-- Records of any other endpoint of the catalogue (transfer, pledge, ...), kept as JSON until they get
-- typed tables of their own.
CREATE TABLE other_record (
    endpoint    VARCHAR(64)     NOT NULL,
    patent_key  VARCHAR(100)    NOT NULL,
    record_key  VARCHAR(300)    NOT NULL,
    pn          VARCHAR(64),
    patent_id   VARCHAR(64),
    seq         INTEGER         NOT NULL,
    record_json VARCHAR(100000) NOT NULL,
    fetched_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (endpoint, patent_key, record_key)
);

-- How many ledger lines of each source (and endpoint) this database has been handed: compared with the
-- source's report to find out whether ledger lines are missing here (see ResultDatabase.catchUp).
CREATE TABLE result_source (
    source_id  VARCHAR(64)   NOT NULL,
    endpoint   VARCHAR(64)   NOT NULL,
    source     VARCHAR(1000) NOT NULL,
    lines      BIGINT        NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (source_id, endpoint)
);
