package dev.patsnapcamel.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The shared servers of a bundle test on PostgreSQL or in cluster mode, each started in the test's JVM and handed
 * to the bundle as the system property it reads: the state database (a real PostgreSQL, {@code state.jdbc.url})
 * and the cluster's broker (an embedded Artemis, {@code cluster.broker.url}).
 */
public final class ClusterServers {

    private ClusterServers() {}

    /** A fresh PostgreSQL, set as {@code state.jdbc.url}. */
    public static EmbeddedPostgres stateDatabase() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.start();
            System.setProperty("state.jdbc.url", postgres.getJdbcUrl("postgres", "postgres"));
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL", e);
        }
    }

    /** An embedded Artemis broker under {@code target/it/<workspace>/broker}, set as {@code cluster.broker.url}. */
    public static Broker clusterBroker(String workspace) {
        Broker broker = new Broker(Path.of("target", "it", workspace, "broker"))
                .withoutDiskSync()
                .start();
        System.setProperty("cluster.broker.url", broker.coreUrl());
        return broker;
    }

    /** The single number a query of the database answers (a count), with its parameters bound. */
    public static long count(EmbeddedPostgres postgres, String sql, Object... args) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
