package dev.patsnapcamel.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.patsnapcamel.model.LedgerEntry;

/**
 * Cluster mode: when a source is complete, and which node writes its report, decided in the state database
 * (the lines of a source are settled on any node; no node's memory sees them all):
 * <ul>
 * <li>complete: read to the end, {@code settled_lines} (counted by {@link SettledLines#claim}) up to
 * {@code lines_expected} (unique IDs x endpoints, fixed once read), and no node handing lines of it on to the
 * other outputs ({@code patsnap_handing_on}): one indexed row read per check, more only when it is done;</li>
 * <li>reported once: the node that sets {@code reported_by} ({@code UPDATE ... WHERE reported_by IS NULL},
 * update count 1) writes the report; the others skip it;</li>
 * <li>a node that is gone (or this node, restarted) leaves claims and hand-ons behind: {@link #release}.</li>
 * </ul>
 */
public final class SharedCompletion {

    private record Progress(boolean readComplete, int endpoints, Long settled, Long expected) {}

    private final Database database;
    private final JdbcTemplate jdbc;
    private final String node;

    /** @param node this node's id */
    public SharedCompletion(StateStore store, String node) {
        this.database = store.database();
        this.jdbc = database.jdbc();
        this.node = node;
    }

    public String node() {
        return node;
    }

    /** True when the source is complete and this call claimed its report (no other node will write it). */
    public boolean claimIfComplete(String key) {
        Optional<Progress> row = jdbc
                .query(
                        "SELECT read_complete, endpoints, settled_lines, lines_expected FROM patsnap_source"
                                + " WHERE source_key = ? AND completed = FALSE AND reported_by IS NULL",
                        (rs, n) -> new Progress(
                                rs.getBoolean(1),
                                rs.getString(2).split(",").length,
                                (Long) rs.getObject(3, Long.class),
                                (Long) rs.getObject(4, Long.class)),
                        key)
                .stream()
                .findFirst();
        if (row.isEmpty() || !row.get().readComplete()) {
            return false;
        }
        Progress p = row.get();
        long expected = p.expected() != null ? p.expected() : expect(key, p.endpoints());
        long settled = p.settled() != null
                ? p.settled()
                : count("SELECT COUNT(*) FROM patsnap_settled WHERE source_key = ?", key);
        if (settled < expected
                || count("SELECT COUNT(*) FROM patsnap_handing_on WHERE source_key = ? AND batches > 0", key) > 0) {
            return false;
        }
        return jdbc.update(
                        "UPDATE patsnap_source SET reported_by = ? WHERE source_key = ? AND reported_by IS NULL"
                                + " AND completed = FALSE",
                        node,
                        key)
                == 1;
    }

    /** Fixes the lines a read source expects (its intake is over: the count no longer moves). */
    private long expect(String key, int endpoints) {
        long expected = count("SELECT COUNT(*) FROM patsnap_intake WHERE source_key = ?", key) * endpoints;
        jdbc.update("UPDATE patsnap_source SET lines_expected = ? WHERE source_key = ?", expected, key);
        return expected;
    }

    /**
     * Lines of these sources, settled by this node, are on their way to the other outputs: one more batch
     * each. Called in the transaction that settles them (so that no other node sees the lines counted but
     * not yet handed on), in key order.
     */
    public void handingOn(Collection<String> keys) {
        for (String key : new TreeSet<>(keys)) {
            if (database.dialect() == Database.Dialect.POSTGRESQL) {
                jdbc.update(
                        "INSERT INTO patsnap_handing_on (source_key, node_id, batches) VALUES (?, ?, 1)"
                                + " ON CONFLICT (source_key, node_id) DO UPDATE SET batches = patsnap_handing_on.batches + 1",
                        key,
                        node);
                continue;
            }
            String increment =
                    "UPDATE patsnap_handing_on SET batches = batches + 1 WHERE source_key = ? AND node_id = ?";
            if (jdbc.update(increment, key, node) == 0
                    && !database.insertNew(
                            "INSERT INTO patsnap_handing_on (source_key, node_id, batches) VALUES (?, ?, 1)",
                            key,
                            node)) {
                jdbc.update(increment, key, node); // another batch of this node inserted it meanwhile
            }
        }
    }

    /**
     * The lines just settled by this node are handed on: as many batches per source as {@link #handingOn}
     * counted for them (one per endpoint among its lines: each endpoint's lines are settled in a transaction
     * of their own).
     */
    public void handedOn(List<LedgerEntry> written) {
        Map<String, Set<String>> endpoints = new TreeMap<>();
        written.forEach(e ->
                endpoints.computeIfAbsent(e.sourceKey(), k -> new HashSet<>()).add(e.endpoint()));
        // after the lines' own transaction, which counted them: a database out of reach is waited for, or the
        // count stays and the source never completes (no report)
        endpoints.forEach((key, of) -> database.whenReachable(() -> jdbc.update(
                "UPDATE patsnap_handing_on SET batches = CASE WHEN batches > ? THEN batches - ? ELSE 0 END"
                        + " WHERE source_key = ? AND node_id = ?",
                of.size(),
                of.size(),
                key,
                node)));
    }

    /** The source is reported and retired: its hand-on rows go. */
    public void retired(String key) {
        jdbc.update("DELETE FROM patsnap_handing_on WHERE source_key = ?", key);
    }

    /**
     * Forgets what node {@code gone} (gone, or this node before its restart) had under way: its claims of
     * reports not written and its hand-ons. Returns the sources concerned, whose completion is then checked
     * again (their report may be due now).
     */
    public List<String> release(String gone) {
        return database.inTransaction(() -> {
            LinkedHashSet<String> keys = new LinkedHashSet<>(jdbc.queryForList(
                    "SELECT source_key FROM patsnap_handing_on WHERE node_id = ? ORDER BY source_key",
                    String.class,
                    gone));
            keys.addAll(jdbc.queryForList(
                    "SELECT source_key FROM patsnap_source WHERE reported_by = ? AND completed = FALSE ORDER BY source_key",
                    String.class,
                    gone));
            jdbc.update("DELETE FROM patsnap_handing_on WHERE node_id = ?", gone);
            jdbc.update(
                    "UPDATE patsnap_source SET reported_by = NULL WHERE reported_by = ? AND completed = FALSE", gone);
            return new ArrayList<>(keys);
        });
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }
}
