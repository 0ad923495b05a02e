-- Which kind of answers the database holds: 'sandbox' (invented by the built-in sandbox) or 'real' (from the
-- PatSnap API). One row (id 1), written at the first start; a bundle of the other kind is refused while the
-- database holds data (see DataOrigin).
CREATE TABLE result_data_origin (
    id         INTEGER     PRIMARY KEY,
    origin     VARCHAR(16) NOT NULL,
    marked_at  VARCHAR(40) NOT NULL
);
