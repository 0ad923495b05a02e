package dev.patsnapcamel.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.model.PatentQuery;
import dev.patsnapcamel.model.Status;

/**
 * The answers PatSnap gave, kept for {@code patsnap.reuse.window} in {@code patsnap_stored_answer} so that
 * a later ask for the same (endpoint, ID) is settled without a call: one row per (endpoint, query, kind)
 * asked, plus one under the patent's other identifier when the answer told both its {@code pn} and its
 * {@code patent_id} (a later ask by patent id for a patent asked by number is the same patent). Only
 * answers ({@code found}, {@code empty}, {@code not_found}) are kept, never a rejected or failed line.
 * Rows of the built-in sandbox are marked and found only by a bundle that calls the sandbox, and the other
 * way round. Written by upsert (a newer answer replaces an older one), looked up one batch at a time by an
 * indexed {@code IN}, and pruned in chunks.
 */
public final class StoredAnswers {

    private static final String TABLE = "patsnap_stored_answer";
    private static final List<String> COLUMNS = List.of(
            "endpoint",
            "query_key",
            "query_kind",
            "status",
            "pn",
            "patent_id",
            "records",
            "fetched_at",
            "fetched_ms",
            "sandbox");
    private static final List<String> KEY = List.of("query_key", "endpoint", "query_kind");

    private final Database database;
    private final ObjectMapper json;
    private final boolean sandbox;

    /** @param sandbox the bundle calls its built-in sandbox: its answers are kept, and found, apart */
    public StoredAnswers(StateStore store, ObjectMapper json, boolean sandbox) {
        this.database = store.database();
        this.json = json;
        this.sandbox = sandbox;
    }

    /** What a stored answer is looked up by: the endpoint's name, how the ID was given, and the ID itself. */
    public record Key(String endpoint, PatentQuery.Kind kind, String query) {}

    /**
     * Keeps the answers among the lines (found, empty, not_found; others are left out), each under the
     * key it was asked by (its kind from {@code kinds}, query to kind; a query without one is not kept),
     * and under the patent's other identifier when the answer told both.
     */
    public void store(Collection<LedgerEntry> lines, Map<String, PatentQuery.Kind> kinds) {
        Map<Key, List<Object>> rows = new LinkedHashMap<>();
        for (LedgerEntry line : lines) {
            PatentQuery.Kind kind = kinds.get(line.query());
            if (!answer(line) || kind == null || line.wasReused()) {
                continue;
            }
            String records = text(line.records());
            long ms = Instant.parse(line.fetchedAt()).toEpochMilli();
            Key asked = new Key(line.endpoint(), kind, line.query());
            rows.put(asked, row(asked, line, records, ms));
            if (line.pn() != null && line.patentId() != null) {
                Key other = kind == PatentQuery.Kind.PATENT_ID
                        ? new Key(
                                line.endpoint(),
                                PatentQuery.Kind.PATENT_NUMBER,
                                line.pn().toUpperCase(Locale.ROOT))
                        : new Key(
                                line.endpoint(),
                                PatentQuery.Kind.PATENT_ID,
                                line.patentId().toLowerCase(Locale.ROOT));
                rows.putIfAbsent(other, row(other, line, records, ms));
            }
        }
        database.upsert(TABLE, COLUMNS, KEY, new ArrayList<>(rows.values()));
    }

    /**
     * The stored answers for the keys of one endpoint fetched at {@code since} or later, by key; each
     * answer as a ledger line of no source whose query is the key's (for {@link LedgerEntry#reusedFor}).
     */
    public Map<Key, LedgerEntry> find(String endpoint, Collection<Key> keys, Instant since) {
        Map<Key, LedgerEntry> found = new HashMap<>();
        List<String> queries = keys.stream()
                .filter(k -> k.endpoint().equals(endpoint))
                .map(k -> StateStore.queryKey(k.query()))
                .distinct()
                .toList();
        for (int from = 0; from < queries.size(); from += 500) {
            List<String> chunk = queries.subList(from, Math.min(queries.size(), from + 500));
            List<Object> args = new ArrayList<>(chunk.size() + 1);
            args.add(endpoint);
            args.addAll(chunk);
            String marks = String.join(", ", chunk.stream().map(q -> "?").toList());
            // by the primary key only: the age and the sandbox mark are checked here, so that no database
            // takes the age index (every row of a busy day is young) for this look-up
            database.jdbc()
                    .query(
                            "SELECT query_key, query_kind, status, pn, patent_id, records, fetched_at, fetched_ms,"
                                    + " sandbox FROM " + TABLE + " WHERE endpoint = ? AND query_key IN (" + marks
                                    + ")",
                            rs -> {
                                if (rs.getLong(8) < since.toEpochMilli() || rs.getBoolean(9) != sandbox) {
                                    return;
                                }
                                Key key = new Key(endpoint, PatentQuery.Kind.valueOf(rs.getString(2)), rs.getString(1));
                                found.put(
                                        key,
                                        new LedgerEntry(
                                                null,
                                                null,
                                                endpoint,
                                                key.query(),
                                                Status.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)),
                                                rs.getString(4),
                                                rs.getString(5),
                                                tree(rs.getString(6)),
                                                null,
                                                null,
                                                rs.getString(7)));
                            },
                            args.toArray());
        }
        found.keySet().retainAll(new HashSet<>(keys));
        return found;
    }

    /**
     * Deletes the answers fetched before {@code before}, {@code chunk} rows per statement (short
     * transactions, whatever the table's size); returns how many went.
     */
    public long prune(Instant before, int chunk) {
        long removed = 0;
        while (true) {
            List<List<Object>> old = database.jdbc()
                    .query(
                            "SELECT endpoint, query_key, query_kind FROM " + TABLE
                                    + " WHERE fetched_ms < ? ORDER BY fetched_ms FETCH FIRST " + chunk
                                    + " ROWS ONLY",
                            (rs, n) -> List.<Object>of(rs.getString(1), rs.getString(2), rs.getString(3)),
                            before.toEpochMilli());
            if (old.isEmpty()) {
                return removed;
            }
            database.batch("DELETE FROM " + TABLE + " WHERE endpoint = ? AND query_key = ? AND query_kind = ?", old);
            removed += old.size();
            if (old.size() < chunk) {
                return removed;
            }
        }
    }

    /** How many answers are kept (for tests and the log). */
    public long size() {
        Long n = database.jdbc().queryForObject("SELECT COUNT(*) FROM " + TABLE, Long.class);
        return n == null ? 0 : n;
    }

    private static boolean answer(LedgerEntry line) {
        return line.status() == Status.FOUND || line.status() == Status.EMPTY || line.status() == Status.NOT_FOUND;
    }

    private List<Object> row(Key key, LedgerEntry line, String records, long ms) {
        List<Object> row = new ArrayList<>(COLUMNS.size());
        row.add(key.endpoint());
        row.add(StateStore.queryKey(key.query()));
        row.add(key.kind().name());
        row.add(line.status().label());
        row.add(line.pn());
        row.add(line.patentId());
        row.add(records);
        row.add(line.fetchedAt());
        row.add(ms);
        row.add(sandbox);
        return row;
    }

    private String text(JsonNode records) {
        try {
            return json.writeValueAsString(records);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an answer's records", e);
        }
    }

    private JsonNode tree(String records) {
        try {
            return json.readTree(records);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored answer's records are not JSON", e);
        }
    }
}
