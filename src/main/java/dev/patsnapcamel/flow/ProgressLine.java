package dev.patsnapcamel.flow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import dev.patsnapcamel.model.InputProgress;

/** What the progress log says about a source: lines written, of how many, and how fast. */
final class ProgressLine {
    private final String name;
    final AtomicLong lines;
    volatile long expected = -1;
    /** Ledger lines needed at most, from the values counted when the input was checked; -1 until then. */
    volatile long atMost = -1;

    private long linesBefore;
    private final Clock clock;
    private Instant before;
    private final Instant since;
    private final long settledSince;

    ProgressLine(String name, long alreadyWritten, Clock clock) {
        this.clock = clock;
        this.name = name;
        this.lines = new AtomicLong(alreadyWritten);
        this.linesBefore = alreadyWritten;
        this.before = clock.instant();
        this.since = before;
        this.settledSince = alreadyWritten;
    }

    /** The input as the status page and the metrics show it. */
    InputProgress snapshot(String key) {
        long known = expected;
        return new InputProgress(key, name, lines.get(), known, since, settledSince, known >= 0 ? known : atMost);
    }

    synchronized String line(Instant now) {
        long done = lines.get();
        double seconds = Math.max(0.001, Duration.between(before, now).toMillis() / 1000.0);
        double rate = (done - linesBefore) / seconds;
        linesBefore = done;
        before = now;
        if (expected < 0) {
            return String.format("Progress %s: reading; %d ledger lines written, %.0f/s", name, done, rate);
        }
        long left = Math.max(0, expected - done);
        String eta = rate > 0
                ? Duration.ofSeconds((long) (left / rate))
                        .toString()
                        .substring(2)
                        .toLowerCase()
                : "unknown (no line written lately)";
        return String.format(
                "Progress %s: %d of %d ledger lines (%.0f%%), %.0f/s, about %s left",
                name, done, expected, 100.0 * done / Math.max(1, expected), rate, eta);
    }
}
