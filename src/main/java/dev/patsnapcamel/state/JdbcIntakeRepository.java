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
        try {
            return onKey("INSERT INTO patsnap_intake (source_key, query_key) VALUES (?, ?)", key, PreparedStatement::executeUpdate)
                    > 0;
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException sql && StateStore.isDuplicateKey(sql)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean contains(String key) {
        return onKey("SELECT 1 FROM patsnap_intake WHERE source_key = ? AND query_key = ?", key, ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? 1 : 0;
            }
        }) > 0;
    }

    @Override
    public boolean remove(String key) {
        return onKey("DELETE FROM patsnap_intake WHERE source_key = ? AND query_key = ?", key,
                PreparedStatement::executeUpdate) > 0;
    }

    /** A statement on {@code (source_key, query_key)} of one key. */
    private interface KeyStatement {
        int run(PreparedStatement statement) throws SQLException;
    }

    private int onKey(String sql, String key, KeyStatement statement) {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key.substring(0, key.indexOf('|')));
            ps.setString(2, StateStore.queryKey(key.substring(key.indexOf('|') + 1)));
            return statement.run(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("intake memory: " + e.getMessage(), e);
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
}
