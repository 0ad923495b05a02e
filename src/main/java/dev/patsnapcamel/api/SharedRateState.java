package dev.patsnapcamel.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rate of the whole cluster, shared through the state database (table {@code patsnap_rate}, one row):
 * {@code patsnap.qps}, halved when any node's call was answered 67200002 (too fast), at most once a second
 * for the cluster, and back to the configured rate once no such answer has come for
 * {@code patsnap.rate.cool-down}. Times are the database's clock, so the nodes' clocks do not matter.
 * <p>
 * Each change counts up the row's version; {@link SharedRate} gives the account's bucket the rate of each
 * new version once, and a node that has not seen it yet follows the bucket's newer rate anyway. The nodes
 * read the row a few times a second ({@link #refresh}); what {@link #qps} answers is the last reading, so
 * asking costs nothing.
 */
public final class SharedRateState {

    private static final Logger LOG = LoggerFactory.getLogger(SharedRateState.class);

    /** At most one halving a second for the whole cluster: the answers to calls already under way are one episode. */
    private static final long EPISODE_MILLIS = 1000;

    private static final String READ =
            "SELECT qps, slow_until, last_halving, version, CURRENT_TIMESTAMP FROM patsnap_rate WHERE id = 1";

    private final DataSource database;
    private final int configured;
    private final Duration coolDown;
    private volatile Rate rate;
    private final SharedRateClock clock = new SharedRateClock();

    public SharedRateState(DataSource database, int configuredQps, Duration coolDown) {
        this.database = database;
        this.configured = configuredQps;
        this.coolDown = coolDown;
        this.rate = new Rate(configuredQps, -1);
    }

    /** Calls per second the cluster allows now, as last read (the configured rate before the first reading). */
    public int qps() {
        return rate.qps;
    }

    /** The rate as last read, with its version (-1 before the first reading; 0: the configured rate of a new database). */
    public Rate rate() {
        return rate;
    }

    /** The database's clock as this node reckons it from the readings (the bucket's clock). */
    SharedRateClock clock() {
        return clock;
    }

    /** The configured rate ({@code patsnap.qps}). */
    public int configured() {
        return configured;
    }

    /**
     * Reads the shared rate; once the cool-down is over, the first node to see it sets the row back to the
     * configured rate (a new version).
     */
    public void refresh() throws SQLException {
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(true);
            Row row;
            try (PreparedStatement read = c.prepareStatement(READ)) {
                long before = SharedRateClock.wallNanos();
                try (ResultSet rs = read.executeQuery()) {
                    long after = SharedRateClock.wallNanos();
                    row = Row.of(rs);
                    clock.measured(row.nowNanos, before, after);
                }
            }
            if (row.qps != 0 && row.now >= row.slowUntil) {
                try (PreparedStatement back = c.prepareStatement(
                        "UPDATE patsnap_rate SET qps = 0, version = version + 1 WHERE id = 1 AND version = ?")) {
                    back.setLong(1, row.version);
                    if (back.executeUpdate() == 1) {
                        LOG.info(
                                "No rate-limit answer for {} s in the cluster: back to {} calls per second",
                                coolDown.toSeconds(),
                                configured);
                        row = new Row(0, row.slowUntil, row.lastHalving, row.version + 1, row.now);
                    } else {
                        return; // another node did it: read again next time
                    }
                }
            }
            seen(row);
        }
    }

    /**
     * PatSnap said the calls come too fast: the cluster's rate halves (unless it halved within the last second)
     * and stays slow for the cool-down from now.
     */
    public void tooFast() throws SQLException {
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            try {
                Row row;
                try (PreparedStatement read = c.prepareStatement(READ + " FOR UPDATE");
                        ResultSet rs = read.executeQuery()) {
                    row = Row.of(rs);
                }
                long slowUntil = row.now + coolDown.toMillis();
                int current = effective(row);
                int slower = Math.max(1, current / 2);
                Row next;
                if (row.now < row.lastHalving + EPISODE_MILLIS || slower >= current) {
                    next = new Row(row.qps, slowUntil, row.lastHalving, row.version, row.now);
                } else {
                    next = new Row(slower, slowUntil, row.now, row.version + 1, row.now);
                }
                try (PreparedStatement write = c.prepareStatement(
                        "UPDATE patsnap_rate SET qps = ?, slow_until = ?, last_halving = ?, version = ? WHERE id = 1")) {
                    write.setInt(1, next.qps);
                    write.setLong(2, next.slowUntil);
                    write.setLong(3, next.lastHalving);
                    write.setLong(4, next.version);
                    write.executeUpdate();
                }
                c.commit();
                if (next.version != row.version) {
                    LOG.info(
                            "Too fast for the account: the cluster slows down from {} to {} calls per second for {} s",
                            current,
                            slower,
                            coolDown.toSeconds());
                }
                seen(next);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void seen(Row row) {
        int now = effective(row);
        if (now != rate.qps) {
            LOG.info("The cluster's rate is now {} calls per second", now);
        }
        rate = new Rate(now, row.version);
    }

    /** The rate the row allows at its reading: the configured one unless halved and still cooling down. */
    private int effective(Row row) {
        if (row.qps == 0 || row.now >= row.slowUntil) {
            return configured;
        }
        return Math.max(1, Math.min(configured, row.qps));
    }

    /** Calls per second and the version of the shared rate that set them. */
    public record Rate(int qps, long version) {}

    /** The row as read, with the database's clock (epoch ms). */
    private record Row(int qps, long slowUntil, long lastHalving, long version, long now, long nowNanos) {

        Row(int qps, long slowUntil, long lastHalving, long version, long now) {
            this(qps, slowUntil, lastHalving, version, now, now * 1_000_000L);
        }

        static Row of(ResultSet rs) throws SQLException {
            if (!rs.next()) {
                throw new SQLException("patsnap_rate has no row 1 (migration V6 not applied?)");
            }
            Instant now = rs.getObject(5, OffsetDateTime.class).toInstant();
            return new Row(
                    rs.getInt(1),
                    rs.getLong(2),
                    rs.getLong(3),
                    rs.getLong(4),
                    now.toEpochMilli(),
                    now.getEpochSecond() * 1_000_000_000L + now.getNano());
        }
    }
}
