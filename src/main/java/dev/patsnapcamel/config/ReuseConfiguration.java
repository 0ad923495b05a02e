package dev.patsnapcamel.config;

import java.time.Clock;
import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.api.PatsnapAccount;
import dev.patsnapcamel.flow.AnswerReuse;
import dev.patsnapcamel.flow.CostEstimate;
import dev.patsnapcamel.flow.IntakeReader;
import dev.patsnapcamel.state.SourceRecords;
import dev.patsnapcamel.state.StateStore;
import dev.patsnapcamel.state.StoredAnswers;

/**
 * Never pay twice: the stored answers ({@code patsnap.reuse.window}, {@code watchlist.reuse}) that settle a
 * batch's IDs without a call and the calls in flight that a batch asking the same waits for
 * ({@code answerReuse}, routes {@code batch-reuse}, {@code batch-call}, {@code stored-answers-prune}), and
 * the estimates of {@code inbox/estimate/} ({@code costEstimate}, route {@code intake-estimate}).
 */
public class ReuseConfiguration implements FeatureConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        Registry registry = context.getRegistry();
        Clock clock = Clock.systemUTC();
        PatsnapAccount account = Beans.need(context, "patsnapAccount", PatsnapAccount.class);
        StateStore state = Beans.need(context, "stateStore", StateStore.class);
        SourceRecords sources = Beans.need(context, "sourceRecords", SourceRecords.class);
        ObjectMapper json = Beans.need(context, "jsonMapper", ObjectMapper.class);

        Duration window = settings.duration("patsnap.reuse.window");
        int chunk = settings.integer("patsnap.reuse.prune-chunk");
        if (chunk < 1) {
            throw new IllegalArgumentException("patsnap.reuse.prune-chunk must be at least 1, was " + chunk);
        }
        AnswerReuse reuse = new AnswerReuse(
                new StoredAnswers(state, json, account.sandbox()),
                sources::intakeOf,
                window,
                settings.flag("watchlist.reuse"),
                settings.millis("patsnap.http.response-timeout"),
                chunk,
                clock);
        registry.bind("answerReuse", reuse);
        registry.bind(
                "costEstimate",
                new CostEstimate(
                        Beans.need(context, "intakeReader", IntakeReader.class),
                        reuse,
                        settings.list("patsnap.endpoints"),
                        settings.integer("patsnap.batch.size"),
                        settings.integer("patsnap.qps"),
                        settings.duration("patsnap.rate.window"),
                        window,
                        account.sandbox(),
                        clock));
    }
}
