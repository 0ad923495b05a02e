-- Several nodes (issue 14): in cluster mode a node's batch repositories are named "<endpoint>@<node id>"
-- (node ids are up to 64 characters), so that each node fills and recovers its own batches only.
ALTER TABLE patsnap_batch ALTER COLUMN repository SET DATA TYPE VARCHAR(200);
