package dev.patsnapcamel.config;

import java.time.Clock;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;

import dev.patsnapcamel.api.PatsnapAccount;
import dev.patsnapcamel.flow.LedgerWriter;
import dev.patsnapcamel.flow.Outputs;
import dev.patsnapcamel.ops.SafeUri;
import dev.patsnapcamel.output.ResultDatabase;

/**
 * The result database (routes results-to-jdbc, report-to-jdbc, jdbc-catch-up, present only when {@code jdbc} is
 * an output of any intake): a pool to {@code sink.jdbc.url} ({@code patsnapResultsDataSource}, closed with the
 * context), its schema migrated now (the start fails with a clear message if it cannot be reached), its origin
 * claimed, bound as {@code resultDatabase}. Nothing is built when jdbc is not an output.
 */
public class ResultDatabaseConfiguration implements FeatureConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ResultDatabaseConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        if (!Beans.need(context, "outputs", Outputs.class).has("jdbc")) {
            return;
        }
        Settings settings = Settings.of(context);
        String url = settings.text("sink.jdbc.url");
        HikariDataSource dataSource = ResultDatabase.open(
                url,
                settings.text("sink.jdbc.username"),
                settings.secret("sink.jdbc.password"),
                settings.integer("sink.jdbc.pool-size"));
        context.addService(new Closing(dataSource), true, true);
        LOG.info("Result database: {}", SafeUri.of(url));
        LedgerWriter ledger = Beans.need(context, "ledgerWriter", LedgerWriter.class);
        ResultDatabase results = new ResultDatabase(
                dataSource, ledger::folder, Clock.systemUTC(), Beans.need(context, "jsonMapper", ObjectMapper.class));
        results.migrate();
        results.claim(
                Beans.need(context, "patsnapAccount", PatsnapAccount.class).sandbox(), url);
        context.getRegistry().bind("patsnapResultsDataSource", dataSource);
        context.getRegistry().bind("resultDatabase", results);
    }
}
