-- Several nodes (issue 14): the nodes of a cluster sharing this database, one row per live node. A node
-- inserts its row at start, moves seen_at to the database's clock every cluster.heartbeat-interval and
-- deletes its row on a clean stop. A row whose seen_at is older than cluster.node-timeout is a node that
-- died: the first other node to delete that row takes over its work (ClusterNodes.adopt).
CREATE TABLE patsnap_node (
    node_id    VARCHAR(64)              NOT NULL PRIMARY KEY,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    seen_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    version    VARCHAR(64)              NOT NULL
);
