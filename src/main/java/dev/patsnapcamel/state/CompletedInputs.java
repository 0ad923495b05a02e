package dev.patsnapcamel.state;

import dev.patsnapcamel.model.Headers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.apache.camel.Header;

/**
 * Whether an input was settled completely before (its report written), by its fingerprint. A remote
 * file that could not be moved away afterwards (the connection dropped at that moment) is found again
 * at the next look: this tells the intake to move it away instead of reading it a second time.
 */
public final class CompletedInputs {

    private final StateStore store;

    public CompletedInputs(StateStore store) {
        this.store = store;
    }

    public boolean contains(@Header(Headers.FINGERPRINT) String fingerprint) {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT 1 FROM patsnap_source WHERE fingerprint = ? AND completed = TRUE")) {
            ps.setString(1, fingerprint);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("state database: " + e.getMessage(), e);
        }
    }
}
