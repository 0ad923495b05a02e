package dev.patsnapcamel.state;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Which nodes of a cluster are alive ({@code patsnap_node}, one row per node), always by the database's clock
 * ({@code CURRENT_TIMESTAMP}), so that the nodes' own clocks do not matter: this node joins at start
 * ({@link #join}), moves its {@code seen_at} every {@code cluster.heartbeat-interval} ({@link #beat}) and leaves
 * on a clean stop ({@link #leave}). A node not seen for {@code cluster.node-timeout} is gone ({@link #gone}); the
 * one node whose delete of its row succeeds has adopted it ({@link #adopt}) and takes over its work.
 */
public final class ClusterNodes {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNodes.class);

    /** A node's row. */
    public record Node(String id, Instant startedAt, Instant seenAt, String version) {}

    private final Database database;
    private final String nodeId;
    private final String version;
    private final Duration timeout;
    private final AtomicReference<String> heartbeatProblem = new AtomicReference<>("not joined yet");
    private final AtomicInteger liveCount = new AtomicInteger();

    /**
     * @param nodeId this node's id ({@code cluster.node-id})
     * @param version the bundle's version, recorded with the node
     * @param timeout {@code cluster.node-timeout}: a node not seen for that long is gone
     */
    public ClusterNodes(Database database, String nodeId, String version, Duration timeout) {
        this.database = database;
        this.nodeId = nodeId;
        this.version = version;
        this.timeout = timeout;
    }

    public String nodeId() {
        return nodeId;
    }

    /**
     * Registers this node. A row of the same id that is still alive is another JVM with this node id (or this
     * node before a crash, whose row goes stale within {@code cluster.node-timeout}): this waits up to
     * {@code patience} for it to go stale, then refuses to start.
     *
     * @throws IllegalStateException if a live node has this id
     */
    public void join(Duration patience) {
        Instant giveUp = Instant.now().plus(patience);
        while (true) {
            if (claimStaleRow()) {
                LOG.info("Node {} joins the cluster again (its last run did not stop cleanly)", nodeId);
                break;
            }
            // false: a live row of this id (insertNew takes the duplicate key for that)
            if (database.insertNew(
                    "INSERT INTO patsnap_node (node_id, started_at, seen_at, version) "
                            + "VALUES (?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, ?)",
                    nodeId,
                    version)) {
                LOG.info("Node {} joins the cluster", nodeId);
                break;
            }
            if (!Instant.now().isBefore(giveUp)) {
                Node other = find(nodeId).orElse(null);
                throw new IllegalStateException("cluster.node-id " + nodeId + " is in use by a live node"
                        + (other == null
                                ? ""
                                : " (started " + other.startedAt() + ", last seen " + other.seenAt() + ", version "
                                        + other.version() + ")")
                        + ": give each node its own cluster.node-id (a node restarted after a crash can start once "
                        + "cluster.node-timeout has passed since its last sign)");
            }
            pause(Duration.ofMillis(Math.max(50, Math.min(1000, timeout.toMillis() / 4))));
        }
        heartbeatProblem.set(null);
        refreshLiveCount();
    }

    /**
     * This node is alive: moves its {@code seen_at} to now (the database's clock). A row that is missing (the
     * others took this node for gone and took over its work) is inserted again, with an ERROR. A database that
     * cannot be reached is logged and reported by the health check, not thrown.
     *
     * @return whether the beat was recorded
     */
    public boolean beat() {
        try {
            int updated = database.jdbc()
                    .update("UPDATE patsnap_node SET seen_at = CURRENT_TIMESTAMP WHERE node_id = ?", nodeId);
            if (updated == 0) {
                LOG.error(
                        "Node {} was taken for gone by the cluster (no heartbeat for {}): the others took over "
                                + "its work; it joins again",
                        nodeId,
                        timeout);
                database.insertNew(
                        "INSERT INTO patsnap_node (node_id, started_at, seen_at, version) "
                                + "VALUES (?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, ?)",
                        nodeId,
                        version);
            }
            heartbeatProblem.set(null);
            refreshLiveCount();
            return true;
        } catch (DataAccessException e) {
            String problem = "heartbeat failed: " + e.getMostSpecificCause().getMessage();
            if (heartbeatProblem.getAndSet(problem) == null) {
                LOG.warn("Node {}: {}", nodeId, problem);
            }
            return false;
        }
    }

    /** This node stops cleanly: its row goes, and nothing of it is taken over. */
    public void leave() {
        try {
            database.jdbc().update("DELETE FROM patsnap_node WHERE node_id = ?", nodeId);
            LOG.info("Node {} leaves the cluster", nodeId);
        } catch (DataAccessException e) {
            LOG.warn(
                    "Node {} could not leave the cluster ({}): the others take it for gone after {}",
                    nodeId,
                    e.getMostSpecificCause().getMessage(),
                    timeout);
        }
        heartbeatProblem.set("left the cluster");
    }

    /** The other nodes not seen for {@code cluster.node-timeout}, longest gone first. */
    public List<Node> gone() {
        return nodes("seen_at < " + cutoff() + " AND node_id <> ?", timeoutArgument(), nodeId);
    }

    /**
     * Claims a gone node's work: deletes its row if it is still gone. Exactly one node's delete succeeds.
     *
     * @return whether this node adopted it (and so must take over its work)
     */
    public boolean adopt(String goneNode) {
        return database.jdbc()
                        .update(
                                "DELETE FROM patsnap_node WHERE node_id = ? AND seen_at < " + cutoff(),
                                goneNode,
                                timeoutArgument())
                == 1;
    }

    /** The gone nodes this node adopted now (route cluster-takeover), longest gone first. */
    public List<Node> adoptGone() {
        List<Node> adopted = new ArrayList<>();
        for (Node node : gone()) {
            if (adopt(node.id())) {
                adopted.add(node);
            }
        }
        return adopted;
    }

    /**
     * Puts an adopted node back as gone, when taking over its work failed: the next round (on any node) adopts it
     * again.
     */
    public void giveBack(Node node) {
        if (node == null) {
            return;
        }
        database.insertNew(
                "INSERT INTO patsnap_node (node_id, started_at, seen_at, version) VALUES (?, ?, ?, ?)",
                node.id(),
                Timestamp.from(node.startedAt()),
                Timestamp.from(node.seenAt()),
                node.version());
    }

    /** The nodes seen within {@code cluster.node-timeout}, this one included, by id. */
    public List<Node> live() {
        List<Node> live = nodes("seen_at >= " + cutoff(), timeoutArgument());
        liveCount.set(live.size());
        return live;
    }

    /** How many nodes were alive at the last heartbeat (for the gauge {@code patsnap_cluster_nodes}). */
    public int liveCount() {
        return liveCount.get();
    }

    /** Why this node's heartbeat is not working, or empty while it is. */
    public Optional<String> heartbeatProblem() {
        return Optional.ofNullable(heartbeatProblem.get());
    }

    /** Whether this node's row is there (the database is asked). */
    public boolean registered() {
        return find(nodeId).isPresent();
    }

    private Optional<Node> find(String id) {
        return nodes("node_id = ?", id).stream().findFirst();
    }

    /** A stale row of this node's id (its last run crashed) made this node's own, atomically. */
    private boolean claimStaleRow() {
        return database.jdbc()
                        .update(
                                "UPDATE patsnap_node SET started_at = CURRENT_TIMESTAMP, seen_at = CURRENT_TIMESTAMP, "
                                        + "version = ? WHERE node_id = ? AND seen_at < " + cutoff(),
                                version,
                                nodeId,
                                timeoutArgument())
                == 1;
    }

    private void refreshLiveCount() {
        try {
            live();
        } catch (DataAccessException e) {
            LOG.debug("cannot count the live nodes: {}", e.getMessage());
        }
    }

    private List<Node> nodes(String where, Object... args) {
        return database.jdbc()
                .query(
                        "SELECT node_id, started_at, seen_at, version FROM patsnap_node WHERE " + where
                                + " ORDER BY seen_at, node_id",
                        (rs, i) -> new Node(
                                rs.getString(1),
                                rs.getTimestamp(2).toInstant(),
                                rs.getTimestamp(3).toInstant(),
                                rs.getString(4)),
                        args);
    }

    /** The database's now minus the time-out (bound as the one parameter it takes), in its dialect. */
    private String cutoff() {
        return database.dialect() == Database.Dialect.POSTGRESQL
                ? "CURRENT_TIMESTAMP - make_interval(secs => ?)"
                : "DATEADD(MILLISECOND, -CAST(? AS BIGINT), CURRENT_TIMESTAMP)";
    }

    private Object timeoutArgument() {
        return database.dialect() == Database.Dialect.POSTGRESQL ? timeout.toMillis() / 1000.0 : timeout.toMillis();
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while joining the cluster", e);
        }
    }
}
