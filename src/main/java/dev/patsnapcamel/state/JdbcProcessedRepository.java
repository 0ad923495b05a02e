package dev.patsnapcamel.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Remembers, in {@code patsnap_processed}, which items a consumer has handled for good (e.g. which alert
 * files were turned into mails), so that a restart does not handle them again. One repository per
 * consumer name; keys are file names or other short texts (up to 300 characters). Keys known to be
 * handled are also kept in memory: a folder consumer asks about every file at every poll.
 */
public final class JdbcProcessedRepository extends ServiceSupport implements IdempotentRepository {

    private final StateStore store;
    private final String consumer;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public JdbcProcessedRepository(StateStore store, String consumer) {
        this.store = store;
        this.consumer = consumer;
    }

    @Override
    public boolean add(String key) {
        try {
            return update("INSERT INTO patsnap_processed (consumer, item_key) VALUES (?, ?)", key) > 0;
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException sql && StateStore.isDuplicateKey(sql)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean contains(String key) {
        if (known.contains(key)) {
            return true;
        }
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT 1 FROM patsnap_processed WHERE consumer = ? AND item_key = ?")) {
            ps.setString(1, consumer);
            ps.setString(2, StateStore.queryKey(key));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    known.add(key);
                    return true;
                }
                return false;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("processed items of " + consumer + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean remove(String key) {
        known.remove(key);
        return update("DELETE FROM patsnap_processed WHERE consumer = ? AND item_key = ?", key) > 0;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        known.clear();
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM patsnap_processed WHERE consumer = ?")) {
            ps.setString(1, consumer);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("processed items of " + consumer + ": " + e.getMessage(), e);
        }
    }

    private int update(String sql, String key) {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, consumer);
            ps.setString(2, StateStore.queryKey(key));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("processed items of " + consumer + ": " + e.getMessage(), e);
        }
    }
}
