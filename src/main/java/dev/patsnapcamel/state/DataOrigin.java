package dev.patsnapcamel.state;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Which kind of answers a store holds, {@code sandbox} (invented by the built-in sandbox) or {@code real}
 * (from the PatSnap API), kept in a one-row marker table of the store, so that the two never mix: a store
 * that holds data of one kind refuses, at start-up, a bundle that makes the other.
 * <ul>
 * <li>no marker yet: the store is marked with the bundle's kind (a store that already holds data from before
 * this marker existed is taken as that kind, with a WARN);</li>
 * <li>the other kind, but the store holds no data: the marker is changed (nothing to mix);</li>
 * <li>the other kind and data: {@link #claim} throws, naming the store and what to do.</li>
 * </ul>
 * Several nodes starting at once agree through the marker row's primary key.
 */
public final class DataOrigin {

    private static final Logger LOG = LoggerFactory.getLogger(DataOrigin.class);
    private static final String SANDBOX = "sandbox";
    private static final String REAL = "real";

    private final Database database;
    private final String table;
    private final String holdsDataQuery;
    private final String store;
    private final String remedy;
    private final Clock clock;

    /**
     * @param table     the marker table (created by a migration: {@code db/state/}, {@code db/results/})
     * @param dataTable a table that holds a row whenever the store holds any data
     * @param store     how the store is named in messages, with its setting (e.g. "the result database
     *                  (sink.jdbc.url jdbc:h2:...)")
     * @param remedy    what to do instead, for the message when it is refused (another store, or how to empty
     *                  this one)
     */
    public DataOrigin(Database database, String table, String dataTable, String store, String remedy, Clock clock) {
        this(database, table, store, remedy, clock, "SELECT 1 FROM " + dataTable);
    }

    /**
     * @param holdsDataQuery a query (a constant of the bundle's, never from outside) that returns a row
     *                       whenever the store holds data that must not meet the other kind
     */
    public DataOrigin(
            Database database, String table, String store, String remedy, Clock clock, String holdsDataQuery) {
        this.database = database;
        this.table = table;
        this.holdsDataQuery = holdsDataQuery;
        this.store = store;
        this.remedy = remedy;
        this.clock = clock;
    }

    /**
     * Makes sure the store holds, or will hold, only data of this kind.
     *
     * @param sandbox the bundle calls its built-in sandbox
     * @throws IllegalStateException when the store holds data of the other kind
     */
    public void claim(boolean sandbox) {
        String kind = sandbox ? SANDBOX : REAL;
        try {
            Optional<String[]> marker = marker();
            if (marker.isEmpty()) {
                if (database.insertNew(
                        "INSERT INTO " + table + " (id, origin, marked_at) VALUES (1, ?, ?)", kind, now())) {
                    if (holdsData()) {
                        LOG.warn(
                                "{} holds data from before it was marked with its kind: taken as {} data", store, kind);
                    }
                    return;
                }
                marker = marker(); // another node marked it meanwhile
            }
            String held = marker.orElseThrow()[0];
            if (held.equals(kind)) {
                return;
            }
            if (!holdsData()) {
                database.jdbc().update("UPDATE " + table + " SET origin = ?, marked_at = ? WHERE id = 1", kind, now());
                LOG.info("{} was marked for {} data but holds none: marked for {} data now", store, held, kind);
                return;
            }
            throw new IllegalStateException(refusal(held, marker.get()[1]));
        } catch (DataAccessException e) {
            throw new IllegalStateException("cannot read which kind of data " + store + " holds: " + e.getMessage(), e);
        }
    }

    private String refusal(String held, String since) {
        if (SANDBOX.equals(held)) {
            return store + " holds answers invented by the built-in sandbox (since " + since + "), and this run "
                    + "calls the real PatSnap API: sandbox and real data are never mixed. To go on, " + remedy
                    + ", or run on the sandbox again (patsnap.sandbox.enabled=true)";
        }
        return store + " holds answers from the real PatSnap API (since " + since + "), and this run uses the "
                + "built-in sandbox (invented data): sandbox and real data are never mixed. To go on, " + remedy
                + ", or configure the PatSnap credentials (patsnap.client-id and patsnap.client-secret, or "
                + "patsnap.api-key) with patsnap.sandbox.enabled=auto or false";
    }

    private Optional<String[]> marker() {
        return database
                .jdbc()
                .query("SELECT origin, marked_at FROM " + table + " WHERE id = 1", (rs, n) ->
                        new String[] {rs.getString(1), rs.getString(2)})
                .stream()
                .findFirst();
    }

    private boolean holdsData() {
        return !database.jdbc().queryForList(holdsDataQuery + " LIMIT 1").isEmpty();
    }

    private String now() {
        return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)).withNano(0).toString();
    }
}
