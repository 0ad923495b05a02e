package dev.patsnapcamel.state;

import java.util.List;

import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several nodes: the batches of a node that is gone move to this node's batch repositories (route
 * {@code batch-takeover}), one per endpoint ({@link JdbcBatchRepository#takeOver}), marked completed, so
 * that this node's aggregators send them to the batch queue at their next recovery.
 */
public final class BatchTakeover {

    private static final Logger LOG = LoggerFactory.getLogger(BatchTakeover.class);

    private final List<JdbcBatchRepository> repositories;

    public BatchTakeover(List<JdbcBatchRepository> repositories) {
        this.repositories = List.copyOf(repositories);
    }

    /** Takes over the gone node's batches (the body, the node's id, stays as it is for the next take-over step). */
    public void takeOver(@Body String goneNode) {
        if (goneNode == null || goneNode.isBlank()) {
            throw new IllegalArgumentException("batch take-over without the id of the node that is gone");
        }
        int moved = 0;
        for (JdbcBatchRepository repository : repositories) {
            moved += repository.takeOver(goneNode.trim());
        }
        LOG.info("Took over {} batches of node {}: they are sent to the batch queue again", moved, goneNode.trim());
    }
}
