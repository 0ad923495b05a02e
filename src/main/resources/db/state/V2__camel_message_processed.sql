-- What a consumer has handled for good (alert files turned into mails) moves to the table of camel-sql's
-- idempotent repository (JdbcCachedMessageIdRepository, table name and columns as camel-sql has them), with
-- every row kept: nothing mailed before is mailed again. Created here, never by camel-sql at start.
-- message_id is longer than camel-sql's own DDL (100): keys are file names, and old keys were cut to 300.
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(255)  NOT NULL,
    messageId     VARCHAR(1000) NOT NULL,
    createdAt     TIMESTAMP     NOT NULL,
    PRIMARY KEY (processorName, messageId)
);
INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt)
    SELECT consumer, item_key, CURRENT_TIMESTAMP FROM patsnap_processed;
DROP TABLE patsnap_processed;
