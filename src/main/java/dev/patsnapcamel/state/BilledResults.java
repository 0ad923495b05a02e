package dev.patsnapcamel.state;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What PatSnap billed, as the bundle counted it from the answers ({@code patsnap_billed_day}: per day and
 * endpoint; {@code patsnap_calls.billed_results}: per input and endpoint), and the daily reconciliation
 * with PatSnap's own statement ({@code patsnap_bill_check}). Every increment is an update of the row, or its
 * insert when it is not there yet: portable SQL, safe when two calls of one day settle at once.
 */
public final class BilledResults {

    /** One endpoint's count for a day: results billed and calls. */
    public record Count(long results, long calls) {}

    private final Database database;
    private final JdbcTemplate jdbc;

    public BilledResults(StateStore store) {
        this.database = store.database();
        this.jdbc = database.jdbc();
    }

    /** Adds one answered call and the results it billed to the day's count of the endpoint. */
    public void addDay(String day, String endpoint, long results) {
        String increment = "UPDATE patsnap_billed_day SET billed_results = billed_results + ?, calls = calls + 1"
                + " WHERE bill_day = ? AND endpoint = ?";
        if (jdbc.update(increment, results, day, endpoint) == 0
                && !database.insertNew(
                        "INSERT INTO patsnap_billed_day (bill_day, endpoint, billed_results, calls) VALUES (?, ?, ?, 1)",
                        day,
                        endpoint,
                        results)) {
            jdbc.update(increment, results, day, endpoint); // another call of the day inserted it meanwhile
        }
    }

    /** Adds billed results to an input's count for the endpoint (its report's {@code billed_results}). */
    public void addSource(String sourceKey, String endpoint, long results) {
        String increment =
                "UPDATE patsnap_calls SET billed_results = billed_results + ? WHERE source_key = ? AND endpoint = ?";
        if (jdbc.update(increment, results, sourceKey, endpoint) == 0
                && !database.insertNew(
                        "INSERT INTO patsnap_calls (source_key, endpoint, calls, billed_results) VALUES (?, ?, 0, ?)",
                        sourceKey,
                        endpoint,
                        results)) {
            jdbc.update(increment, results, sourceKey, endpoint);
        }
    }

    /** The day's counts per endpoint. */
    public Map<String, Count> day(String day) {
        Map<String, Count> counts = new LinkedHashMap<>();
        jdbc.query(
                "SELECT endpoint, billed_results, calls FROM patsnap_billed_day WHERE bill_day = ? ORDER BY endpoint",
                rs -> {
                    counts.put(rs.getString(1), new Count(rs.getLong(2), rs.getLong(3)));
                },
                day);
        return counts;
    }

    /** The day's billed results, all endpoints together. */
    public long dayTotal(String day) {
        Long total = jdbc.queryForObject(
                "SELECT COALESCE(SUM(billed_results), 0) FROM patsnap_billed_day WHERE bill_day = ?", Long.class, day);
        return total == null ? 0 : total;
    }

    /** Records one endpoint's reconciliation of a day (a repeated check replaces the earlier one). */
    public void checked(String day, String endpoint, Count ours, Count theirs, String checkedAt) {
        database.inTransaction(() -> {
            jdbc.update("DELETE FROM patsnap_bill_check WHERE bill_day = ? AND endpoint = ?", day, endpoint);
            jdbc.update(
                    "INSERT INTO patsnap_bill_check (bill_day, endpoint, our_results, their_results, our_calls,"
                            + " their_calls, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    day,
                    endpoint,
                    ours.results(),
                    theirs.results(),
                    ours.calls(),
                    theirs.calls(),
                    checkedAt);
        });
    }

    /** Whether the day has been reconciled. */
    public boolean reconciled(String day) {
        Integer n =
                jdbc.queryForObject("SELECT COUNT(*) FROM patsnap_bill_check WHERE bill_day = ?", Integer.class, day);
        return n != null && n > 0;
    }

    /** The recorded reconciliation of a day: per endpoint, our count and PatSnap's. */
    public Map<String, Count[]> checks(String day) {
        Map<String, Count[]> checks = new LinkedHashMap<>();
        jdbc.query(
                "SELECT endpoint, our_results, our_calls, their_results, their_calls FROM patsnap_bill_check"
                        + " WHERE bill_day = ? ORDER BY endpoint",
                rs -> {
                    checks.put(rs.getString(1), new Count[] {
                        new Count(rs.getLong(2), rs.getLong(3)), new Count(rs.getLong(4), rs.getLong(5))
                    });
                },
                day);
        return checks;
    }
}
