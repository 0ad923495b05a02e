package dev.patsnapcamel.output;

import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;

import org.apache.camel.Body;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.patsnapcamel.flow.SourceLedger;
import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.model.SourceReport;
import dev.patsnapcamel.ops.SafeUri;
import dev.patsnapcamel.state.DataOrigin;
import dev.patsnapcamel.state.Database;

/**
 * The result database ({@code outputs=...,jdbc}): the ledger's lines as tables (see {@link ResultWriter} and
 * {@code db/results/}), on any JDBC database: an embedded H2 file by default, PostgreSQL by URL.
 * <ul>
 * <li>{@link #write}: one transaction per batch of newly written ledger lines;</li>
 * <li>{@link #catchUp}: once a source is finished, checks that the database was handed all its ledger lines
 * (table {@code result_source}) and, if some are missing (the database was down, or the bundle stopped
 * between the ledger and the database), reads them back from the ledger files and applies them.</li>
 * </ul>
 * Writes are serialised within the bundle; applying a line again never changes the outcome.
 */
public final class ResultDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(ResultDatabase.class);
    /** Ledger lines per transaction when catching up. */
    private static final int CATCH_UP_CHUNK = 500;

    private final Database database;
    private final ResultWriter writer;
    private final SourceLedger ledger;
    private final Clock clock;
    private final ObjectMapper json;
    private final Object lock = new Object();

    /**
     * @param folderOfEndpoint the folder of an endpoint's ledger files
     * @throws IllegalStateException if the database cannot be reached
     */
    public ResultDatabase(
            DataSource dataSource, Function<String, Path> folderOfEndpoint, Clock clock, ObjectMapper json) {
        this.json = json;
        this.ledger = new SourceLedger(folderOfEndpoint, json);
        this.clock = clock;
        try {
            this.database = new Database(dataSource);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    "cannot reach the result database: " + e.getCause().getMessage(), e);
        }
        this.writer = new ResultWriter(database);
    }

    /**
     * A connection pool to the result database; fails at once, with the URL (never the password) and the keys
     * to check, when the database cannot be reached.
     */
    public static HikariDataSource open(String url, String username, String password, int poolSize) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        pool.setUsername(username);
        pool.setPassword(password);
        pool.setMaximumPoolSize(poolSize);
        pool.setPoolName("patsnap-results");
        try {
            return new HikariDataSource(pool);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IllegalStateException(
                    "cannot reach the result database at " + SafeUri.of(url)
                            + " (check sink.jdbc.url, sink.jdbc.username and sink.jdbc.password): " + root.getMessage(),
                    e);
        }
    }

    /** Creates or upgrades the schema ({@code db/results/V*.sql}); a schema already up to date is left alone. */
    public MigrateResult migrate() {
        // a database that already has other tables (e.g. the state tables) gets the schema too
        MigrateResult result = database.migrate("db/results", "result_schema_history", java.util.Map.of());
        LOG.info(
                "Result database schema at version {} ({} migrations applied now)",
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
        return result;
    }

    /**
     * Makes sure the database holds only answers of this kind, sandbox or real ({@code result_data_origin});
     * throws, naming the database and what to do, when it holds the other kind.
     *
     * @param url the database's URL, for the message (its password masked)
     */
    public void claim(boolean sandbox, String url) {
        new DataOrigin(
                        database,
                        "result_data_origin",
                        "fetch_status",
                        "The result database (sink.jdbc.url " + SafeUri.of(url) + ")",
                        "point sink.jdbc.url at another database, or empty this one (drop its tables: the bundle creates "
                                + "them again)",
                        clock)
                .claim(sandbox);
    }

    public DataSource dataSource() {
        return database.dataSource();
    }

    /** Writes a batch of newly written ledger lines in one transaction. */
    public void write(@Body List<LedgerEntry> lines) {
        if (lines == null || lines.isEmpty()) {
            return;
        }
        synchronized (lock) {
            database.inTransaction(() -> {
                writer.apply(lines);
                count(lines);
            });
        }
    }

    /** What the database must hold once a source is finished; null when the source has no ledger lines. */
    public CatchUp catchUpOf(@Body SourceReport report) {
        return CatchUp.of(report);
    }

    /**
     * Makes sure the database has every ledger line of a finished source: per endpoint, compares the lines it
     * was handed with the report's count and, if short, applies the source's lines from the ledger files.
     *
     * @return how many lines changed the database
     */
    public int catchUp(@Body CatchUp task) {
        int changed = 0;
        for (Map.Entry<String, Long> expected : task.lines().entrySet()) {
            String endpoint = expected.getKey();
            long handed = handed(task.sourceKey(), endpoint);
            if (handed >= expected.getValue()) {
                continue;
            }
            // streamed from the ledger in chunks, one transaction each: memory stays small for any source
            List<LedgerEntry> chunk = new ArrayList<>(CATCH_UP_CHUNK);
            long[] read = {0};
            int[] appliedSoFar = {0};
            ledger.scan(task.sourceKey(), task.startedAt(), null, endpoint, raw -> true, node -> {
                chunk.add(json.convertValue(node, LedgerEntry.class));
                read[0]++;
                if (chunk.size() == CATCH_UP_CHUNK) {
                    appliedSoFar[0] += applyChunk(chunk);
                    chunk.clear();
                }
                return true;
            });
            appliedSoFar[0] += applyChunk(chunk);
            int applied = appliedSoFar[0];
            long lines = read[0];
            synchronized (lock) {
                setHanded(task, endpoint, lines);
            }
            changed += applied;
            LOG.info(
                    "Result database had been handed {} of the {} {} lines of {}: read them back from the ledger and "
                            + "applied {} (the others were there already)",
                    handed,
                    expected.getValue(),
                    endpoint,
                    task.source(),
                    applied);
            if (lines < expected.getValue()) {
                LOG.warn(
                        "The ledger holds only {} of the {} {} lines of {} (ledger files removed?)",
                        lines,
                        expected.getValue(),
                        endpoint,
                        task.source());
            }
        }
        return changed;
    }

    /** Applies a chunk of ledger lines in one transaction; how many changed the database. */
    private int applyChunk(List<LedgerEntry> chunk) {
        if (chunk.isEmpty()) {
            return 0;
        }
        synchronized (lock) {
            return database.inTransaction(() -> writer.apply(chunk));
        }
    }

    /** Adds the batch's lines to the per-source counts ({@code result_source}). */
    private void count(List<LedgerEntry> lines) {
        Map<List<String>, Long> counts = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (LedgerEntry line : lines) {
            counts.merge(List.of(line.sourceKey(), line.endpoint()), 1L, Long::sum);
            names.putIfAbsent(line.sourceKey(), line.source());
        }
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        counts.forEach((key, added) -> {
            if (database.jdbc()
                            .update(
                                    "UPDATE result_source SET lines = lines + ?, updated_at = ? WHERE source_id = ?"
                                            + " AND endpoint = ?",
                                    added,
                                    now,
                                    key.get(0),
                                    key.get(1))
                    == 0) {
                database.jdbc()
                        .update(
                                "INSERT INTO result_source (source_id, endpoint, source, lines, updated_at)"
                                        + " VALUES (?, ?, ?, ?, ?)",
                                key.get(0),
                                key.get(1),
                                ResultColumn.cut(names.get(key.get(0)), 1000),
                                added,
                                now);
            }
        });
    }

    private void setHanded(CatchUp task, String endpoint, long lines) {
        database.upsert(
                "result_source",
                List.of("source_id", "endpoint", "source", "lines", "updated_at"),
                List.of("source_id", "endpoint"),
                List.of(List.of(
                        task.sourceKey(),
                        endpoint,
                        ResultColumn.cut(task.source(), 1000),
                        lines,
                        OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)))));
    }

    private long handed(String sourceKey, String endpoint) {
        return database
                .jdbc()
                .queryForList(
                        "SELECT lines FROM result_source WHERE source_id = ? AND endpoint = ?",
                        Long.class,
                        sourceKey,
                        endpoint)
                .stream()
                .findFirst()
                .orElse(0L);
    }
}
