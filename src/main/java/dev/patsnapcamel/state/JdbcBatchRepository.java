package dev.patsnapcamel.state;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.spi.RecoverableAggregationRepository;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.PatentQuery;
import dev.patsnapcamel.model.WorkItem;

/**
 * The aggregator's persistent repository for batches of {@link WorkItem}s, one row per item in
 * {@code patsnap_batch_item} and one per batch in {@code patsnap_batch}. Adding an item to a batch writes
 * that item only (Camel's {@code JdbcAggregationRepository} rewrites the whole serialized batch on
 * every add, which grows quadratically with the batch size); the batch being filled is also kept in
 * memory, so reading it back costs nothing. A new batch's row and its items are not written at once: they
 * wait in {@link BatchWrites}, shared with the other endpoints' repositories, until the intake records the
 * ID as handed on (which writes them first, all endpoints in one transaction) or the batch completes.
 * <p>
 * Life of a batch: items are added while it fills ({@code completed = false}); on completion it is
 * marked completed with the id of the exchange that carries it on; once that exchange has been
 * processed, {@link #confirm} deletes it. Batches still completed after a crash are found by
 * {@link #scan} and offered again by the aggregator's recovery; batches still filling are restored
 * with their completion time-out at start-up.
 * <p>
 * Several nodes on one state database: each node's repositories are named {@code <endpoint>@<node>}
 * ({@link #nodeName}), so every query here sees that node's rows only; a completed batch carries its
 * batch id ({@link Headers#BATCH_ID}), its queue message's duplicate id; {@link #takeOver} moves a gone
 * node's rows to this node.
 */
public final class JdbcBatchRepository extends ServiceSupport implements RecoverableAggregationRepository {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcBatchRepository.class);

    /** Between the endpoint and the node in a repository name of several nodes ({@link #nodeName}). */
    private static final String NODE = "@";

    private final Database database;
    private final JdbcTemplate jdbc;
    private final String name;
    private final BatchWrites writes;
    /** Whether an added item is written at once (a repository without an intake that writes its rows). */
    private final boolean writeAtOnce;

    private final Map<String, Filling> filling = new ConcurrentHashMap<>();
    /** Whether the last recovery scan could not reach the database (logged once per outage). */
    private final AtomicBoolean scanFailing = new AtomicBoolean();

    private long recoveryInterval = 5000;
    private long completionTimeout;
    private boolean useRecovery = true;
    private int maximumRedeliveries;
    private String deadLetterUri;

    /** A batch being filled: its id, how many of its items are written or wait in {@link BatchWrites}, and the aggregated exchange. */
    private record Filling(String batchId, int stored, Exchange exchange) {}

    /** A repository whose rows wait in {@code writes} until the intake records their ID (see {@link BatchWrites}). */
    public JdbcBatchRepository(StateStore store, String name, BatchWrites writes) {
        this(store, name, writes, false);
    }

    /** A repository on its own, which writes every item as it is added (no intake writes its rows). */
    public JdbcBatchRepository(StateStore store, String name) {
        this(store, name, new BatchWrites(store.database()), true);
    }

    private JdbcBatchRepository(StateStore store, String name, BatchWrites writes, boolean writeAtOnce) {
        this.database = store.database();
        this.jdbc = database.jdbc();
        this.name = name;
        this.writes = writes;
        this.writeAtOnce = writeAtOnce;
    }

    /**
     * The aggregator's completion time-out ({@code patsnap.batch.timeout}), given to a batch still filling
     * when it is read back after a restart, so that the aggregator sends it once that time has passed.
     */
    public void setCompletionTimeout(long completionTimeoutMs) {
        this.completionTimeout = completionTimeoutMs;
    }

    @Override
    public Exchange get(CamelContext context, String key) {
        Filling current = filling.get(key);
        if (current != null) {
            return current.exchange();
        }
        return jdbc
                .query(
                        "SELECT batch_id, exchange_id FROM patsnap_batch WHERE repository = ? AND correlation_key = ?"
                                + " AND completed = FALSE",
                        (rs, n) -> new String[] {rs.getString(1), rs.getString(2)},
                        name,
                        key)
                .stream()
                .findFirst()
                .map(row -> {
                    Exchange exchange = exchange(context, row[1], key, items(row[0]));
                    if (completionTimeout > 0) {
                        // a batch left filling by a stop (or a crash) is sent part-full after the time-out, as before
                        exchange.setProperty(ExchangePropertyKey.AGGREGATED_TIMEOUT, completionTimeout);
                    }
                    filling.put(key, new Filling(row[0], items(exchange).size(), exchange));
                    return exchange;
                })
                .orElse(null);
    }

    @Override
    public Exchange add(CamelContext context, String key, Exchange exchange) {
        List<WorkItem> items = items(exchange);
        Filling current = filling.get(key);
        boolean newBatch = current == null
                || current.exchange() != exchange
                        && !current.exchange().getExchangeId().equals(exchange.getExchangeId());
        String batchId = newBatch ? UUID.randomUUID().toString() : current.batchId();
        // written by the intake's record of the ID (or the batch's completion), with the other endpoints' rows
        if (newBatch) {
            writes.newBatch(batchId, name, key, exchange.getExchangeId());
        }
        for (List<Object> row : rows(batchId, items, newBatch ? 0 : current.stored())) {
            writes.item(row);
        }
        if (writeAtOnce) {
            writes.write();
        }
        filling.put(key, new Filling(batchId, items.size(), exchange));
        return null;
    }

    /**
     * Marks the batch completed. The item that completed it (by size) was never added, so the items not
     * stored yet are written first: the completed batch in the database is the whole batch. If that fails
     * (the database out of reach), the batch stays filling in memory, with its items, for the next try.
     */
    @Override
    public void remove(CamelContext context, String key, Exchange exchange) {
        Filling current = filling.get(key);
        if (current == null) {
            throw new IllegalStateException("batch repository " + name + ": no batch filling for " + key);
        }
        // what the batch is known by from now on (several nodes: its queue message's duplicate id)
        exchange.setProperty(Headers.BATCH_ID, current.batchId());
        // what waits (this batch's row and items among it) first, in the same transaction
        writes.writeWith(() -> {
            database.batch(
                    writes.idempotent(
                            "INSERT INTO patsnap_batch_item (batch_id, seq, source_key, source, kind, query, raw_value)"
                                    + " VALUES (?, ?, ?, ?, ?, ?, ?)"),
                    rows(current.batchId(), items(exchange), current.stored()));
            jdbc.update(
                    "UPDATE patsnap_batch SET completed = TRUE, exchange_id = ?, completed_by = ? WHERE batch_id = ?",
                    exchange.getExchangeId(),
                    exchange.getProperty(ExchangePropertyKey.AGGREGATED_COMPLETED_BY, "size", String.class),
                    current.batchId());
        });
        // only once written: a batch whose completion failed is still this repository's to complete
        filling.remove(key, current);
    }

    /**
     * Several nodes: takes over the batches of a node that is gone, filling or completed, from its repository
     * of the same endpoint ({@link #nodeName}{@code (endpoint, goneNode)}): they move to this repository,
     * marked completed (each under its batch id as exchange id), so that this node's aggregator recovery
     * sends them on again; a batch the gone node had already sent keeps its batch id, so the broker's
     * duplicate detection drops the second copy. One statement, so a batch is moved whole or not at all.
     *
     * @return the number of batches moved
     */
    public int takeOver(String goneNode) {
        String endpoint = endpointOf(name);
        String from = nodeName(endpoint, goneNode);
        if (from.equals(name)) {
            throw new IllegalArgumentException("batch repository " + name + ": cannot take over its own batches");
        }
        // a batch still filling counts as forced complete: Camel's aggregator knows only its own reasons
        // (size, timeout, interval, predicate, force, consumer, strategy) and logs an ERROR for any other
        return jdbc.update(
                "UPDATE patsnap_batch SET repository = ?, completed = TRUE, exchange_id = batch_id,"
                        + " completed_by = COALESCE(completed_by, 'force') WHERE repository = ?",
                name,
                from);
    }

    /** The repository name of an endpoint's batches on one node of several: {@code <endpoint>@<node>}. */
    public static String nodeName(String endpoint, String node) {
        return endpoint + NODE + node;
    }

    /** The endpoint of a repository name, with or without its node. */
    static String endpointOf(String repository) {
        int at = repository.lastIndexOf(NODE);
        return at < 0 ? repository : repository.substring(0, at);
    }

    /** The repository's name ({@code patsnap_batch.repository}). */
    public String name() {
        return name;
    }

    private static List<List<Object>> rows(String batchId, List<WorkItem> items, int from) {
        List<List<Object>> rows = new ArrayList<>();
        for (int seq = from; seq < items.size(); seq++) {
            WorkItem item = items.get(seq);
            rows.add(List.of(
                    batchId,
                    seq,
                    item.sourceKey(),
                    item.source(),
                    item.query().kind().name(),
                    item.query().query(),
                    item.query().raw()));
        }
        return rows;
    }

    @Override
    public void confirm(CamelContext context, String exchangeId) {
        confirmWithResult(context, exchangeId);
    }

    @Override
    public boolean confirmWithResult(CamelContext context, String exchangeId) {
        return database.inTransaction(() -> {
            jdbc.update(
                    "DELETE FROM patsnap_batch_item WHERE batch_id IN (SELECT batch_id FROM patsnap_batch"
                            + " WHERE repository = ? AND exchange_id = ? AND completed = TRUE)",
                    name,
                    exchangeId);
            return jdbc.update(
                            "DELETE FROM patsnap_batch WHERE repository = ? AND exchange_id = ? AND completed = TRUE",
                            name,
                            exchangeId)
                    > 0;
        });
    }

    @Override
    public Set<String> getKeys() {
        return strings("SELECT correlation_key FROM patsnap_batch WHERE repository = ? AND completed = FALSE");
    }

    /**
     * The completed batches to offer again. Called by the aggregator's recovery task, whose executor runs it
     * no more once it has thrown: a database out of reach is no batch to recover this time (the next scan,
     * a recovery interval later, finds them), never an error.
     */
    @Override
    public Set<String> scan(CamelContext context) {
        try {
            Set<String> completed =
                    strings("SELECT exchange_id FROM patsnap_batch WHERE repository = ? AND completed = TRUE");
            if (scanFailing.compareAndSet(true, false)) {
                LOG.info("Batch repository {}: recovery scans reach the state database again", name);
            }
            return completed;
        } catch (DataAccessException e) {
            if (scanFailing.compareAndSet(false, true)) {
                LOG.warn(
                        "Batch repository {}: the recovery scan cannot reach the state database, tried again every"
                                + " {} ms ({})",
                        name,
                        recoveryInterval,
                        e.getMessage());
            }
            return Set.of();
        }
    }

    /** A completed batch to offer again; none (this time) when the database cannot be reached (see {@link #scan}). */
    @Override
    public Exchange recover(CamelContext context, String exchangeId) {
        try {
            return recoverCompleted(context, exchangeId);
        } catch (DataAccessException e) {
            LOG.warn(
                    "Batch repository {}: cannot read batch {} back to offer it again: {}",
                    name,
                    exchangeId,
                    e.getMessage());
            return null;
        }
    }

    private Exchange recoverCompleted(CamelContext context, String exchangeId) {
        return jdbc
                .query(
                        "SELECT batch_id, correlation_key, completed_by FROM patsnap_batch WHERE repository = ?"
                                + " AND exchange_id = ? AND completed = TRUE",
                        (rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)},
                        name,
                        exchangeId)
                .stream()
                .findFirst()
                .map(row -> {
                    Exchange exchange = exchange(context, exchangeId, row[1], items(row[0]));
                    exchange.setProperty(Headers.BATCH_ID, row[0]);
                    // the aggregator's statistics need to know what completed the batch
                    exchange.setProperty(ExchangePropertyKey.AGGREGATED_COMPLETED_BY, row[2]);
                    return exchange;
                })
                .orElse(null);
    }

    private static Exchange exchange(CamelContext context, String exchangeId, String key, List<WorkItem> items) {
        DefaultExchange exchange = new DefaultExchange(context);
        if (exchangeId != null) {
            exchange.setExchangeId(exchangeId);
        }
        exchange.getMessage().setBody(new ArrayList<>(items));
        exchange.setProperty(ExchangePropertyKey.AGGREGATED_SIZE, items.size());
        exchange.setProperty(ExchangePropertyKey.AGGREGATED_CORRELATION_KEY, key);
        return exchange;
    }

    private List<WorkItem> items(String batchId) {
        return jdbc.query(
                "SELECT source_key, source, kind, query, raw_value FROM patsnap_batch_item WHERE batch_id = ?"
                        + " ORDER BY seq",
                (rs, n) -> new WorkItem(
                        rs.getString(1),
                        rs.getString(2),
                        new PatentQuery(
                                rs.getString(5), rs.getString(4), PatentQuery.Kind.valueOf(rs.getString(3)), null)),
                batchId);
    }

    @SuppressWarnings("unchecked")
    private static List<WorkItem> items(Exchange exchange) {
        return exchange.getMessage().getBody(List.class);
    }

    private Set<String> strings(String sql) {
        return new LinkedHashSet<>(jdbc.queryForList(sql, String.class, name));
    }

    @Override
    public void setRecoveryInterval(long interval, TimeUnit timeUnit) {
        this.recoveryInterval = timeUnit.toMillis(interval);
    }

    @Override
    public void setRecoveryInterval(long interval) {
        this.recoveryInterval = interval;
    }

    @Override
    public long getRecoveryInterval() {
        return recoveryInterval;
    }

    @Override
    public void setUseRecovery(boolean useRecovery) {
        this.useRecovery = useRecovery;
    }

    @Override
    public boolean isUseRecovery() {
        return useRecovery;
    }

    @Override
    public void setDeadLetterUri(String deadLetterUri) {
        this.deadLetterUri = deadLetterUri;
    }

    @Override
    public String getDeadLetterUri() {
        return deadLetterUri;
    }

    @Override
    public void setMaximumRedeliveries(int maximumRedeliveries) {
        this.maximumRedeliveries = maximumRedeliveries;
    }

    @Override
    public int getMaximumRedeliveries() {
        return maximumRedeliveries;
    }
}
