-- PatSnap's published schema of the legal-data endpoints: P028 license records also carry contract_type,
-- and the neighbours of the same shape get typed tables of their own (catalogue names transfer, pledge,
-- reexam), with their parties in a child table like license_party. Portable SQL (H2 2.x, PostgreSQL 14+).
-- Nested fields without a column (a transferer's or pledgor's effective_date_us) stay in record_json.

ALTER TABLE license_record ADD COLUMN contract_type VARCHAR(300);

-- P029 transfers (patent_transfer_data); transferers and transferees in transfer_party.
CREATE TABLE transfer_record (
    patent_key     VARCHAR(100)    NOT NULL,
    record_key     VARCHAR(300)    NOT NULL,
    pn             VARCHAR(64),
    patent_id      VARCHAR(64),
    seq            INTEGER         NOT NULL,
    country        VARCHAR(16),
    effective_date DATE,
    record_json    VARCHAR(100000) NOT NULL,
    fetched_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (patent_key, record_key)
);
CREATE INDEX transfer_record_by_pn ON transfer_record (pn);

CREATE TABLE transfer_party (
    patent_key VARCHAR(100)  NOT NULL,
    record_key VARCHAR(300)  NOT NULL,
    role       VARCHAR(16)   NOT NULL,
    seq        INTEGER       NOT NULL,
    name       VARCHAR(1000),
    lang       VARCHAR(16),
    sequence   INTEGER,
    PRIMARY KEY (patent_key, record_key, role, seq),
    CONSTRAINT transfer_party_of_record FOREIGN KEY (patent_key, record_key)
        REFERENCES transfer_record (patent_key, record_key) ON DELETE CASCADE
);
CREATE INDEX transfer_party_by_name ON transfer_party (name);

-- P030 pledges (patent_pledge_data); pledgors and pledgees in pledge_party.
CREATE TABLE pledge_record (
    patent_key     VARCHAR(100)    NOT NULL,
    record_key     VARCHAR(300)    NOT NULL,
    pn             VARCHAR(64),
    patent_id      VARCHAR(64),
    seq            INTEGER         NOT NULL,
    reel_frame     VARCHAR(300),
    country        VARCHAR(16),
    pledge_type    VARCHAR(1000),
    effective_date DATE,
    record_json    VARCHAR(100000) NOT NULL,
    fetched_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (patent_key, record_key)
);
CREATE INDEX pledge_record_by_pn ON pledge_record (pn);

CREATE TABLE pledge_party (
    patent_key VARCHAR(100)  NOT NULL,
    record_key VARCHAR(300)  NOT NULL,
    role       VARCHAR(16)   NOT NULL,
    seq        INTEGER       NOT NULL,
    name       VARCHAR(1000),
    lang       VARCHAR(16),
    sequence   INTEGER,
    PRIMARY KEY (patent_key, record_key, role, seq),
    CONSTRAINT pledge_party_of_record FOREIGN KEY (patent_key, record_key)
        REFERENCES pledge_record (patent_key, record_key) ON DELETE CASCADE
);
CREATE INDEX pledge_party_by_name ON pledge_party (name);

-- P027 re-examination and invalidation decisions (patent_reexam_invalid_data); applicants in reexam_party.
CREATE TABLE reexam_record (
    patent_key      VARCHAR(100)    NOT NULL,
    record_key      VARCHAR(300)    NOT NULL,
    pn              VARCHAR(64),
    patent_id       VARCHAR(64),
    seq             INTEGER         NOT NULL,
    decision_number VARCHAR(300),
    lang            VARCHAR(16),
    country         VARCHAR(16),
    case_type       VARCHAR(100),
    legal_ground    VARCHAR(2000),
    decision_date   DATE,
    record_json     VARCHAR(100000) NOT NULL,
    fetched_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (patent_key, record_key)
);
CREATE INDEX reexam_record_by_pn ON reexam_record (pn);

CREATE TABLE reexam_party (
    patent_key VARCHAR(100)  NOT NULL,
    record_key VARCHAR(300)  NOT NULL,
    role       VARCHAR(16)   NOT NULL,
    seq        INTEGER       NOT NULL,
    name       VARCHAR(1000),
    lang       VARCHAR(16),
    sequence   INTEGER,
    PRIMARY KEY (patent_key, record_key, role, seq),
    CONSTRAINT reexam_party_of_record FOREIGN KEY (patent_key, record_key)
        REFERENCES reexam_record (patent_key, record_key) ON DELETE CASCADE
);
CREATE INDEX reexam_party_by_name ON reexam_party (name);
