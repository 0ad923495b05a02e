-- What a consumer has handled for good (alert files turned into mails) moves to the table of camel-sql's
-- idempotent repository (JdbcCachedMessageIdRepository, table name and columns as camel-sql has them), with
-- every row kept: nothing mailed before is mailed again. Created here, never by camel-sql at start.
-- messageId is longer than in camel-sql's own DDL (100): the keys are alert file names (up to 255 bytes).
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(255)  NOT NULL,
    messageId     VARCHAR(1000) NOT NULL,
    createdAt     TIMESTAMP     NOT NULL,
    PRIMARY KEY (processorName, messageId)
);
INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt)
    SELECT consumer, item_key, CURRENT_TIMESTAMP FROM patsnap_processed;
DROP TABLE patsnap_processed;
