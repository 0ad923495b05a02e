package dev.patsnapcamel.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The idempotent consumer's memory of the IDs each input has handed on, in {@code patsnap_intake}: a
 * duplicate within a file is asked for once, and a file read again after a crash hands on only the
 * IDs it had not handed on before. Keys have the form {@code <source key>|<query>}; source keys never
 * contain {@code |}.
 */
public final class JdbcIntakeRepository extends ServiceSupport implements IdempotentRepository {

    private final StateStore store;

    public JdbcIntakeRepository(StateStore store) {
        this.store = store;
    }

    @Override
    public boolean add(String key) {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO patsnap_intake (source_key, query_key) VALUES (?, ?)")) {
            insert.setString(1, sourceKey(key));
            insert.setString(2, StateStore.queryKey(query(key)));
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (StateStore.isDuplicateKey(e)) {
                return false;
            }
            throw new IllegalStateException("cannot record intake key: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean contains(String key) {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT 1 FROM patsnap_intake WHERE source_key = ? AND query_key = ?")) {
            select.setString(1, sourceKey(key));
            select.setString(2, StateStore.queryKey(query(key)));
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read intake key: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean remove(String key) {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement delete = c.prepareStatement(
                        "DELETE FROM patsnap_intake WHERE source_key = ? AND query_key = ?")) {
            delete.setString(1, sourceKey(key));
            delete.setString(2, StateStore.queryKey(query(key)));
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot remove intake key: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("the intake memory is cleared per source when the source completes");
    }

    private static String sourceKey(String key) {
        return key.substring(0, key.indexOf('|'));
    }

    private static String query(String key) {
        return key.substring(key.indexOf('|') + 1);
    }
}
