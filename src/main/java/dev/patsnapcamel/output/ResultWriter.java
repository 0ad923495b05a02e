package dev.patsnapcamel.output;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.model.Status;
import dev.patsnapcamel.state.Database;
import dev.patsnapcamel.state.StateStore;

/**
 * Applies ledger lines to the result tables within a caller's transaction:
 * <ul>
 * <li>{@code fetch_status}: one row per (endpoint, ID as asked), upserted with the line's status, codes and
 * record count; a line older than (or as old as) the row already there changes nothing, so redeliveries and
 * late catch-ups never undo a newer answer;</li>
 * <li>for a {@code found} or {@code empty} answer, the patent's records at that endpoint become exactly the
 * answer's records: records no longer in the answer are deleted, the others upserted by their natural key,
 * and their parties replaced. {@code not_found}, {@code rejected} and {@code failed} answers leave the records
 * of the last good answer in place.</li>
 * </ul>
 */
final class ResultWriter {

    private static final List<String> STATUS_COLUMNS = List.of(
            "endpoint",
            "query_key",
            "query",
            "status",
            "pn",
            "patent_id",
            "record_count",
            "error_code",
            "error",
            "source",
            "source_id",
            "fetched_at");
    private static final List<String> STATUS_KEY = List.of("endpoint", "query_key");

    private final Database database;

    ResultWriter(Database database) {
        this.database = database;
    }

    /**
     * Applies the lines, in the caller's transaction ({@link Database#inTransaction}); returns how many changed
     * the database (the others were not newer than it).
     */
    int apply(List<LedgerEntry> lines) {
        Map<List<String>, LedgerEntry> newest = new LinkedHashMap<>();
        for (LedgerEntry line : lines) {
            newest.merge(
                    List.of(line.endpoint(), StateStore.queryKey(line.query())),
                    line,
                    (a, b) -> at(b).isBefore(at(a)) ? a : b);
        }
        Map<List<String>, Instant> stored = storedTimes(newest.keySet());
        List<LedgerEntry> fresh = new ArrayList<>();
        newest.forEach((key, line) -> {
            Instant there = stored.get(key);
            if (there == null || at(line).isAfter(there)) {
                fresh.add(line);
            }
        });
        List<List<Object>> statusRows = new ArrayList<>();
        Map<ResultTable, Map<String, LedgerEntry>> answers = new LinkedHashMap<>();
        for (LedgerEntry line : fresh) {
            statusRows.add(statusRow(line));
            if (line.status() == Status.FOUND || line.status() == Status.EMPTY) {
                answers.computeIfAbsent(ResultTable.forEndpoint(line.endpoint()), t -> new LinkedHashMap<>())
                        .merge(line.endpoint() + '\n' + patentKey(line), line, (a, b) -> at(b).isBefore(at(a)) ? a : b);
            }
        }
        database.upsert("fetch_status", STATUS_COLUMNS, STATUS_KEY, statusRows);
        for (Map.Entry<ResultTable, Map<String, LedgerEntry>> e : answers.entrySet()) {
            replaceRecords(e.getKey(), new ArrayList<>(e.getValue().values()));
        }
        return fresh.size();
    }

    /** Makes each answer's patent hold exactly the answer's records in the table. */
    private void replaceRecords(ResultTable table, List<LedgerEntry> answers) {
        Set<List<String>> existing = existingRecords(table, answers);
        List<List<Object>> rows = new ArrayList<>();
        List<List<Object>> parties = new ArrayList<>();
        List<List<Object>> partyDeletes = new ArrayList<>();
        Set<List<String>> kept = new HashSet<>();
        for (LedgerEntry answer : answers) {
            String patentKey = patentKey(answer);
            OffsetDateTime fetchedAt = OffsetDateTime.ofInstant(at(answer), ZoneOffset.UTC);
            if (table.partyTable() != null) {
                partyDeletes.add(List.of(patentKey));
            }
            for (ResultTable.Keyed record : table.keyed(answer.records())) {
                List<Object> row = table.values(answer.endpoint(), patentKey, record, answer.pn(), answer.patentId());
                row.set(row.size() - 1, fetchedAt);
                rows.add(row);
                kept.add(recordKey(table, answer.endpoint(), patentKey, record.key()));
                for (Object[] party : table.parties(record.node())) {
                    List<Object> partyRow = new ArrayList<>(List.of(patentKey, record.key()));
                    partyRow.addAll(java.util.Arrays.asList(party));
                    parties.add(partyRow);
                }
            }
        }
        List<List<Object>> gone = new ArrayList<>();
        for (List<String> key : existing) {
            if (!kept.contains(key)) {
                gone.add(new ArrayList<>(key));
            }
        }
        String where = String.join(
                " AND ", table.keyColumns().stream().map(col -> col + " = ?").toList());
        if (table.partyTable() != null) {
            database.batch("DELETE FROM " + table.partyTable() + " WHERE patent_key = ?", partyDeletes);
        }
        database.batch("DELETE FROM " + table.table() + " WHERE " + where, gone);
        database.upsert(table.table(), table.columnNames(), table.keyColumns(), rows);
        if (table.partyTable() != null) {
            database.batch(
                    "INSERT INTO " + table.partyTable()
                            + " (patent_key, record_key, role, seq, name, lang, sequence) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    parties);
        }
    }

    /**
     * The keys of the records the answers' patents have in the table now. One indexed look-up per patent: an
     * IN list is not used, since H2 would scan instead.
     */
    private Set<List<String>> existingRecords(ResultTable table, List<LedgerEntry> answers) {
        Set<List<String>> keys = new HashSet<>();
        boolean other = table == ResultTable.OTHER;
        String sql = "SELECT record_key FROM " + table.table() + " WHERE " + (other ? "endpoint = ? AND " : "")
                + "patent_key = ?";
        for (LedgerEntry answer : answers) {
            String patentKey = patentKey(answer);
            Object[] args = other ? new Object[] {answer.endpoint(), patentKey} : new Object[] {patentKey};
            for (String recordKey : database.jdbc().queryForList(sql, String.class, args)) {
                keys.add(recordKey(table, answer.endpoint(), patentKey, recordKey));
            }
        }
        return keys;
    }

    private static List<String> recordKey(ResultTable table, String endpoint, String patentKey, String recordKey) {
        return table == ResultTable.OTHER ? List.of(endpoint, patentKey, recordKey) : List.of(patentKey, recordKey);
    }

    /** When each (endpoint, query key) was last answered according to the database (one indexed look-up each). */
    private Map<List<String>, Instant> storedTimes(Set<List<String>> keys) {
        Map<List<String>, Instant> times = new LinkedHashMap<>();
        for (List<String> key : keys) {
            database
                    .jdbc()
                    .query(
                            "SELECT fetched_at FROM fetch_status WHERE endpoint = ? AND query_key = ?",
                            (rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant(),
                            key.get(0),
                            key.get(1))
                    .stream()
                    .findFirst()
                    .ifPresent(at -> times.put(key, at));
        }
        return times;
    }

    private static List<Object> statusRow(LedgerEntry line) {
        int count = line.records() != null && line.records().isArray()
                ? line.records().size()
                : 0;
        List<Object> row = new ArrayList<>();
        row.add(line.endpoint());
        row.add(StateStore.queryKey(line.query()));
        row.add(ResultColumn.cut(line.query(), 1000));
        row.add(line.status().label());
        row.add(ResultColumn.cut(line.pn(), 64));
        row.add(ResultColumn.cut(line.patentId(), 64));
        row.add(count);
        row.add(ResultColumn.cut(line.errorCode(), 64));
        row.add(ResultColumn.cut(line.error(), 2000));
        row.add(ResultColumn.cut(line.source(), 1000));
        row.add(line.sourceKey());
        row.add(OffsetDateTime.ofInstant(at(line), ZoneOffset.UTC));
        return row;
    }

    /** The patent a found/empty answer is about: its patent_id, else {@code pn:<pn>}, else the query. */
    static String patentKey(LedgerEntry line) {
        if (line.patentId() != null && !line.patentId().isBlank()) {
            return ResultColumn.cut(line.patentId().trim(), 100);
        }
        if (line.pn() != null && !line.pn().isBlank()) {
            return ResultColumn.cut("pn:" + line.pn().trim(), 100);
        }
        return "query:" + ResultTable.sha256(line.query());
    }

    /** When the line was fetched, to the microsecond (what both databases keep). */
    static Instant at(LedgerEntry line) {
        return Instant.parse(line.fetchedAt()).truncatedTo(ChronoUnit.MICROS);
    }
}
