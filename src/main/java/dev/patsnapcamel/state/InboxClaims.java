package dev.patsnapcamel.state;

import java.util.List;
import java.util.Optional;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.patsnapcamel.ops.LogSafe;

/**
 * Which node reads which input, in cluster mode ({@code patsnap_inbox_claim}): several nodes poll one shared
 * inbox (or one SFTP folder), and before reading a file a node claims it by its fingerprint (the same
 * {@code file:<name>|<size>|<modified>} the intake gives the source). The table's primary key makes one
 * winner: {@link #add} is an {@code INSERT} (bound parameters; {@code ON CONFLICT DO NOTHING} on PostgreSQL),
 * and a row that is there already means another node has it. The claim is released ({@link #remove}) once the input is done, and a gone node's claims are
 * released by the node that takes over its work ({@link #releaseAll}), so that the next poll of any node
 * reads the file again (resuming its source by the fingerprint).
 * <p>
 * An {@link IdempotentRepository} (Camel's contract for a shared read lock, as for
 * {@code readLock=idempotent}), bound to one node: {@code add} claims for it, {@code remove} releases its
 * own claim only. A claim is idempotent for its owner: the node that holds a claim gets it again (after a
 * restart, or when its consumer offers the file again because an earlier attempt never got to read it), so
 * node ids must be unique across the cluster. Times are the database's ({@code CURRENT_TIMESTAMP}), so the
 * nodes' clocks do not matter.
 */
public final class InboxClaims extends ServiceSupport implements IdempotentRepository {

    private static final Logger LOG = LoggerFactory.getLogger(InboxClaims.class);

    private final Database database;
    private final String node;

    /** @param node this node's id ({@code cluster.node-id}), the owner of the claims it makes */
    public InboxClaims(StateStore store, String node) {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("a claim needs the node id of its owner");
        }
        this.database = store.database();
        this.node = node;
    }

    /** This node's id. */
    public String node() {
        return node;
    }

    /**
     * Claims the input for this node: true if it is this node's now (new, or already this node's), false if
     * another node has it.
     */
    @Override
    public boolean add(String fingerprint) {
        String key = StateStore.queryKey(fingerprint);
        String insert = "INSERT INTO patsnap_inbox_claim (claim_key, fingerprint, node_id, claimed_at)"
                + " VALUES (?, ?, ?, CURRENT_TIMESTAMP)";
        // on PostgreSQL a taken claim is no error (nor a line in the server's log at every poll)
        boolean inserted = database.dialect() == Database.Dialect.POSTGRESQL
                ? database.jdbc().update(insert + " ON CONFLICT (claim_key) DO NOTHING", key, fingerprint, node) > 0
                : database.insertNew(insert, key, fingerprint, node);
        if (inserted) {
            return true;
        }
        // ours already (an earlier attempt of this node): take it again, with a new time
        return database.jdbc()
                        .update(
                                "UPDATE patsnap_inbox_claim SET claimed_at = CURRENT_TIMESTAMP"
                                        + " WHERE claim_key = ? AND node_id = ?",
                                key,
                                node)
                > 0;
    }

    /** Whether any node has claimed the input. */
    @Override
    public boolean contains(String fingerprint) {
        return owner(fingerprint).isPresent();
    }

    /** The node that has claimed the input, if one has. */
    public Optional<String> owner(String fingerprint) {
        return database
                .jdbc()
                .queryForList(
                        "SELECT node_id FROM patsnap_inbox_claim WHERE claim_key = ?",
                        String.class,
                        StateStore.queryKey(fingerprint))
                .stream()
                .findFirst();
    }

    /** Releases this node's claim of the input (another node's is left alone); true if there was one. */
    @Override
    public boolean remove(String fingerprint) {
        return database.jdbc()
                        .update(
                                "DELETE FROM patsnap_inbox_claim WHERE claim_key = ? AND node_id = ?",
                                StateStore.queryKey(fingerprint),
                                node)
                > 0;
    }

    @Override
    public boolean confirm(String fingerprint) {
        return true;
    }

    /** The fingerprints of the inputs a node has claimed. */
    public List<String> claimedBy(String owner) {
        return database.jdbc()
                .queryForList(
                        "SELECT fingerprint FROM patsnap_inbox_claim WHERE node_id = ? ORDER BY claimed_at",
                        String.class,
                        owner);
    }

    /**
     * Releases every claim of a node that is gone (or of this node's previous run, at its start), so that
     * the next poll of any node reads those inputs again; returns how many were released.
     */
    public int releaseAll(String owner) {
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("whose claims to release: no node id given");
        }
        List<String> inputs = claimedBy(owner);
        int released = database.jdbc().update("DELETE FROM patsnap_inbox_claim WHERE node_id = ?", owner);
        for (String input : inputs) {
            LOG.info(
                    "Released the claim of node {} on {}: another node reads it again",
                    LogSafe.of(owner),
                    LogSafe.of(input));
        }
        return released;
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("claims are released one by one, or per node (releaseAll)");
    }

    @Override
    public String toString() {
        return "InboxClaims[" + node + "]";
    }
}
