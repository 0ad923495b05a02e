package dev.patsnapcamel.flow;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** How many ledger lines a read source expects, and an estimate (never below the truth) of how many it has. */
final class SettledEstimate {
    volatile long expected = Long.MAX_VALUE;
    private final AtomicLong settled = new AtomicLong();
    private final AtomicBoolean claimed = new AtomicBoolean();

    void arm(long expectedLines, long alreadySettled) {
        settled.addAndGet(alreadySettled);
        expected = expectedLines;
    }

    /** Adds lines; true when the source may now be complete. */
    boolean add(long lines) {
        return settled.addAndGet(lines) >= expected;
    }

    boolean mayBeComplete() {
        return settled.get() >= expected;
    }

    boolean claim() {
        return claimed.compareAndSet(false, true);
    }
}
