package dev.patsnapcamel.flow;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.NoTypeConversionAvailableException;

import dev.patsnapcamel.intake.UnreadableInputException;
import dev.patsnapcamel.model.EstimateReport;
import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.PatentQuery;

/**
 * Works out what an input would cost without sending it (route {@code intake-estimate}, folder
 * {@code inbox/estimate/}): it is checked and read as the intake reads it ({@link IntakeReader}: the same
 * formats, limits, normalisation and duplicates), and for every endpoint of {@code patsnap.endpoints} its
 * valid unique IDs are cut into batches of {@code patsnap.batch.size} in the order read, as a lone input's
 * are; a batch whose every ID a stored answer settles ({@link AnswerReuse#stored}) needs no call. Nothing is
 * called, no ledger line is written, no source is opened. The unique IDs are held in memory while counting.
 */
public final class CostEstimate {

    private final IntakeReader reader;
    private final AnswerReuse reuse;
    private final List<String> endpoints;
    private final int batchSize;
    private final int qps;
    private final Duration rateWindow;
    private final Duration window;
    private final boolean sandbox;
    private final Clock clock;

    public CostEstimate(
            IntakeReader reader,
            AnswerReuse reuse,
            List<String> endpoints,
            int batchSize,
            int qps,
            Duration rateWindow,
            Duration window,
            boolean sandbox,
            Clock clock) {
        this.reader = reader;
        this.reuse = reuse;
        this.endpoints = List.copyOf(endpoints);
        this.batchSize = batchSize;
        this.qps = qps;
        this.rateWindow = rateWindow;
        this.window = window;
        this.sandbox = sandbox;
        this.clock = clock;
    }

    /**
     * The estimate of the exchange's input; an unreadable one gets an estimate with {@code status}
     * {@code unreadable} and the reason, and its file goes to {@code .failed/}
     * ({@value Headers#INTAKE_OUTCOME}).
     */
    public EstimateReport estimate(@Header(Headers.SOURCE) String source, Exchange exchange)
            throws NoTypeConversionAvailableException {
        String now = clock.instant().toString();
        long read;
        try {
            read = reader.scan(exchange);
        } catch (UnreadableInputException e) {
            exchange.setProperty(Headers.INTAKE_OUTCOME, "failed");
            return new EstimateReport(
                    source,
                    "unreadable",
                    e.getMessage(),
                    0,
                    0,
                    0,
                    0,
                    List.of(),
                    Map.of(),
                    0,
                    0,
                    qps,
                    0,
                    window.toString(),
                    now,
                    sandbox ? Boolean.TRUE : null);
        }
        Set<String> seen = new HashSet<>();
        long rejected = 0;
        List<EstimateReport.Rejected> listed = new ArrayList<>();
        Map<String, long[]> tally = new LinkedHashMap<>();
        endpoints.forEach(e -> tally.put(e, new long[4]));
        List<PatentQuery> batch = new ArrayList<>(batchSize);
        Iterator<PatentQuery> values = reader.values(exchange);
        try {
            while (values.hasNext()) {
                PatentQuery q = values.next();
                if (!seen.add(q.query())) {
                    continue;
                }
                if (q.rejected()) {
                    rejected++;
                    if (listed.size() < EstimateReport.REJECTED_LISTED) {
                        listed.add(new EstimateReport.Rejected(q.query(), q.rejection()));
                    }
                    continue;
                }
                batch.add(q);
                if (batch.size() == batchSize) {
                    count(batch, tally);
                }
            }
            count(batch, tally);
        } finally {
            if (values instanceof Closeable closeable) {
                try {
                    closeable.close();
                } catch (IOException ignored) {
                    // read only
                }
            }
        }
        Map<String, EstimateReport.EndpointEstimate> perEndpoint = new LinkedHashMap<>();
        long calls = 0;
        long billed = 0;
        for (Map.Entry<String, long[]> e : tally.entrySet()) {
            long[] t = e.getValue();
            perEndpoint.put(
                    e.getKey(), new EstimateReport.EndpointEstimate(t[0], t[1], t[0] - t[1], t[2], t[0] - t[1]));
            calls += t[2];
            billed += t[0] - t[1];
        }
        double seconds = qps <= 0 ? 0 : Math.round(calls * rateWindow.toMillis() / (double) qps) / 1000.0;
        return new EstimateReport(
                source,
                "estimated",
                null,
                read,
                seen.size(),
                read - seen.size(),
                rejected,
                listed,
                perEndpoint,
                calls,
                billed,
                qps,
                seconds,
                window.toString(),
                now,
                sandbox ? Boolean.TRUE : null);
    }

    /** Counts one batch for every endpoint: IDs, those reused, and a call when any is left; empties it. */
    private void count(List<PatentQuery> batch, Map<String, long[]> tally) {
        if (batch.isEmpty()) {
            return;
        }
        tally.forEach((endpoint, t) -> {
            Set<String> stored = reuse.stored(endpoint, batch);
            t[0] += batch.size();
            t[1] += stored.size();
            if (stored.size() < batch.size()) {
                t[2]++;
            }
        });
        batch.clear();
    }
}
