package dev.patsnapcamel.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.patsnapcamel.model.WorkItem;
import dev.patsnapcamel.model.PatentQuery;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.spi.RecoverableAggregationRepository;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The aggregator's persistent repository for batches of {@link WorkItem}s, one row per item in
 * {@code patsnap_batch_item} and one per batch in {@code patsnap_batch}. Adding an item to a batch writes
 * that item only (Camel's {@code JdbcAggregationRepository} rewrites the whole serialized batch on
 * every add, which grows quadratically with the batch size); the batch being filled is also kept in
 * memory, so reading it back costs nothing.
 * <p>
 * Life of a batch: items are added while it fills ({@code completed = false}); on completion it is
 * marked completed with the id of the exchange that carries it on; once that exchange has been
 * processed, {@link #confirm} deletes it. Batches still completed after a crash are found by
 * {@link #scan} and offered again by the aggregator's recovery; batches still filling are restored
 * with their completion time-out at start-up.
 */
public final class JdbcBatchRepository extends ServiceSupport implements RecoverableAggregationRepository {

    private final StateStore store;
    private final String name;
    private final Map<String, Filling> filling = new ConcurrentHashMap<>();
    private long recoveryInterval = 5000;
    private long completionTimeout;
    private boolean useRecovery = true;
    private int maximumRedeliveries;
    private String deadLetterUri;

    /** A batch being filled: its id, how many items are stored, and the aggregated exchange. */
    private record Filling(String batchId, int stored, Exchange exchange) {
    }

    public JdbcBatchRepository(StateStore store, String name) {
        this.store = store;
        this.name = name;
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
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT batch_id, exchange_id FROM patsnap_batch"
                        + " WHERE repository = ? AND correlation_key = ? AND completed = FALSE")) {
            ps.setString(1, name);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String batchId = rs.getString(1);
                Exchange exchange = exchange(context, rs.getString(2), key, items(c, batchId));
                if (completionTimeout > 0) {
                    // a batch left filling by a stop (or a crash) is sent part-full after the time-out, as before
                    exchange.setProperty(ExchangePropertyKey.AGGREGATED_TIMEOUT, completionTimeout);
                }
                filling.put(key, new Filling(batchId, items(exchange).size(), exchange));
                return exchange;
            }
        } catch (SQLException e) {
            throw failure("read batch " + key, e);
        }
    }

    @Override
    public Exchange add(CamelContext context, String key, Exchange exchange) {
        List<WorkItem> items = items(exchange);
        Filling current = filling.get(key);
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            String batchId;
            int stored;
            if (current == null || current.exchange() != exchange && !current.exchange().getExchangeId()
                    .equals(exchange.getExchangeId())) {
                batchId = UUID.randomUUID().toString();
                stored = 0;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO patsnap_batch (batch_id, repository,"
                        + " correlation_key, exchange_id, completed) VALUES (?, ?, ?, ?, FALSE)")) {
                    ps.setString(1, batchId);
                    ps.setString(2, name);
                    ps.setString(3, key);
                    ps.setString(4, exchange.getExchangeId());
                    ps.executeUpdate();
                }
            } else {
                batchId = current.batchId();
                stored = current.stored();
            }
            insertItems(c, batchId, items, stored);
            c.commit();
            filling.put(key, new Filling(batchId, items.size(), exchange));
            return null;
        } catch (SQLException e) {
            throw failure("add to batch " + key, e);
        }
    }

    /**
     * Marks the batch completed. The item that completed it (by size) was never added, so the items not
     * stored yet are written first: the completed batch in the database is the whole batch.
     */
    @Override
    public void remove(CamelContext context, String key, Exchange exchange) {
        Filling current = filling.remove(key);
        if (current == null) {
            throw new IllegalStateException("batch repository " + name + ": no batch filling for " + key);
        }
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            insertItems(c, current.batchId(), items(exchange), current.stored());
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE patsnap_batch SET completed = TRUE, exchange_id = ?, completed_by = ? WHERE batch_id = ?")) {
                ps.setString(1, exchange.getExchangeId());
                ps.setString(2, exchange.getProperty(ExchangePropertyKey.AGGREGATED_COMPLETED_BY, "size", String.class));
                ps.setString(3, current.batchId());
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw failure("complete batch " + key, e);
        }
    }

    private static void insertItems(Connection c, String batchId, List<WorkItem> items, int from) throws SQLException {
        if (from >= items.size()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO patsnap_batch_item (batch_id, seq, source_key,"
                + " source, kind, query, raw_value) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int seq = from; seq < items.size(); seq++) {
                WorkItem item = items.get(seq);
                ps.setString(1, batchId);
                ps.setInt(2, seq);
                ps.setString(3, item.sourceKey());
                ps.setString(4, item.source());
                ps.setString(5, item.query().kind().name());
                ps.setString(6, item.query().query());
                ps.setString(7, item.query().raw());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public void confirm(CamelContext context, String exchangeId) {
        confirmWithResult(context, exchangeId);
    }

    @Override
    public boolean confirmWithResult(CamelContext context, String exchangeId) {
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            int deleted;
            try (PreparedStatement items = c.prepareStatement("DELETE FROM patsnap_batch_item WHERE batch_id IN"
                    + " (SELECT batch_id FROM patsnap_batch WHERE repository = ? AND exchange_id = ? AND completed = TRUE)");
                    PreparedStatement batch = c.prepareStatement(
                            "DELETE FROM patsnap_batch WHERE repository = ? AND exchange_id = ? AND completed = TRUE")) {
                items.setString(1, name);
                items.setString(2, exchangeId);
                items.executeUpdate();
                batch.setString(1, name);
                batch.setString(2, exchangeId);
                deleted = batch.executeUpdate();
            }
            c.commit();
            return deleted > 0;
        } catch (SQLException e) {
            throw failure("confirm batch " + exchangeId, e);
        }
    }

    @Override
    public Set<String> getKeys() {
        return strings("SELECT correlation_key FROM patsnap_batch WHERE repository = ? AND completed = FALSE");
    }

    @Override
    public Set<String> scan(CamelContext context) {
        return strings("SELECT exchange_id FROM patsnap_batch WHERE repository = ? AND completed = TRUE");
    }

    @Override
    public Exchange recover(CamelContext context, String exchangeId) {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT batch_id, correlation_key, completed_by FROM patsnap_batch"
                        + " WHERE repository = ? AND exchange_id = ? AND completed = TRUE")) {
            ps.setString(1, name);
            ps.setString(2, exchangeId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Exchange exchange = exchange(context, exchangeId, rs.getString(2), items(c, rs.getString(1)));
                // the aggregator's statistics need to know what completed the batch
                exchange.setProperty(ExchangePropertyKey.AGGREGATED_COMPLETED_BY, rs.getString(3));
                return exchange;
            }
        } catch (SQLException e) {
            throw failure("recover batch " + exchangeId, e);
        }
    }

    private static Exchange exchange(CamelContext context, String exchangeId, String key, ArrayList<WorkItem> items) {
        DefaultExchange exchange = new DefaultExchange(context);
        if (exchangeId != null) {
            exchange.setExchangeId(exchangeId);
        }
        exchange.getMessage().setBody(items);
        exchange.setProperty(ExchangePropertyKey.AGGREGATED_SIZE, items.size());
        exchange.setProperty(ExchangePropertyKey.AGGREGATED_CORRELATION_KEY, key);
        return exchange;
    }

    private static ArrayList<WorkItem> items(Connection c, String batchId) throws SQLException {
        ArrayList<WorkItem> items = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT source_key, source, kind, query, raw_value"
                + " FROM patsnap_batch_item WHERE batch_id = ? ORDER BY seq")) {
            ps.setString(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    PatentQuery query = new PatentQuery(rs.getString(5), rs.getString(4),
                            PatentQuery.Kind.valueOf(rs.getString(3)), null);
                    items.add(new WorkItem(rs.getString(1), rs.getString(2), query));
                }
            }
        }
        return items;
    }

    @SuppressWarnings("unchecked")
    private static List<WorkItem> items(Exchange exchange) {
        return exchange.getMessage().getBody(List.class);
    }

    private Set<String> strings(String sql) {
        Set<String> values = new LinkedHashSet<>();
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw failure("scan batches", e);
        }
        return values;
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("batch repository " + name + ": cannot " + what + ": " + e.getMessage(), e);
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
