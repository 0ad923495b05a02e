package dev.patsnapcamel.state;

import java.util.Collections;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The comparison of two watch-list runs ({@code patsnap_watch_record}): one SQL query of keys and kinds,
 * streamed row by row (PostgreSQL streams a result only within a transaction and with a fetch size), the
 * records fetched one difference at a time, so that the database never sorts or buffers them and memory does
 * not grow with the size of the watch list.
 */
final class WatchlistComparison {

    private final Database database;
    private final JdbcTemplate streaming;

    WatchlistComparison(Database database) {
        this.database = database;
        this.streaming = new JdbcTemplate(database.dataSource());
        streaming.setFetchSize(500);
    }

    /**
     * Streams the differences between a previous run and this one, ordered by endpoint and ID:
     * {@code removed} (records before; none now, or the ID left the list), {@code changed} (other records
     * now), {@code new} (records now; none before, or not known before). IDs without a known state now
     * (failed or rejected, nothing to carry over) are left out, and so are endpoints this run did not ask
     * (an endpoint taken out of {@code patsnap.endpoints} does not "remove" its records).
     */
    void differences(
            String previousKey, String currentKey, List<String> endpoints, WatchlistStore.DifferenceSink sink) {
        if (endpoints.isEmpty()) {
            return;
        }
        String asked = String.join(", ", Collections.nCopies(endpoints.size(), "?"));
        String sql = "SELECT p.endpoint, p.query_key, p.query,"
                + " CASE WHEN c.query_key IS NULL OR c.record_count = 0 THEN 'removed' ELSE 'changed' END,"
                + " COALESCE(c.pn, p.pn), COALESCE(c.patent_id, p.patent_id)"
                + " FROM patsnap_watch_record p LEFT JOIN patsnap_watch_record c"
                + " ON c.source_key = ? AND c.endpoint = p.endpoint AND c.query_key = p.query_key"
                + " WHERE p.source_key = ? AND p.endpoint IN (" + asked + ") AND p.record_count > 0"
                + " AND (c.query_key IS NULL OR (c.records_digest IS NOT NULL AND c.records_digest <> p.records_digest))"
                + " UNION ALL"
                + " SELECT c.endpoint, c.query_key, c.query, 'new', c.pn, c.patent_id"
                + " FROM patsnap_watch_record c LEFT JOIN patsnap_watch_record p"
                + " ON p.source_key = ? AND p.endpoint = c.endpoint AND p.query_key = c.query_key"
                + " WHERE c.source_key = ? AND c.record_count > 0"
                + " AND (p.query_key IS NULL OR p.record_count IS NULL OR p.record_count = 0)"
                + " ORDER BY 1, 2";
        Object[] args = new Object[endpoints.size() + 4];
        args[0] = currentKey;
        args[1] = previousKey;
        for (int i = 0; i < endpoints.size(); i++) {
            args[i + 2] = endpoints.get(i);
        }
        args[endpoints.size() + 2] = previousKey;
        args[endpoints.size() + 3] = currentKey;
        database.inTransaction(() -> streaming.query(
                sql,
                rs -> {
                    String endpoint = rs.getString(1);
                    String queryKey = rs.getString(2);
                    String change = rs.getString(4);
                    String before = "new".equals(change) ? null : records(previousKey, endpoint, queryKey);
                    String after = records(currentKey, endpoint, queryKey);
                    try {
                        sink.accept(new WatchlistStore.Difference(
                                endpoint, rs.getString(3), change, rs.getString(5), rs.getString(6), before, after));
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot write the differences: " + e.getMessage(), e);
                    }
                },
                args));
    }

    private String records(String key, String endpoint, String queryKey) {
        return database
                .jdbc()
                .queryForList(
                        "SELECT records FROM patsnap_watch_record WHERE source_key = ? AND endpoint = ?"
                                + " AND query_key = ?",
                        String.class,
                        key,
                        endpoint,
                        queryKey)
                .stream()
                .findFirst()
                .orElse(null);
    }
}
