package dev.patsnapcamel.api;

import java.time.Instant;

import io.github.bucket4j.TimeMeter;

/**
 * The clock of the account's bucket ({@link SharedRate}): the state database's, as this node reckons it
 * from its own clock and the database's time each reading of the cluster's rate brings (the reading with the
 * shortest round trip of the last few counts), so that the nodes' clocks do not have to agree for the
 * bucket's refill to be right. Bucket4j reads it under the bucket's lock; when it did so last on this
 * thread ({@link #readAt}) is the moment the bucket's answer counts from.
 */
final class SharedRateClock implements TimeMeter {

    /** How many readings count (at one every 250 ms: the last 4 s). */
    private static final int SAMPLES = 16;

    private final long[] offsets = new long[SAMPLES];
    private final long[] trips = new long[SAMPLES];
    private int samples;
    private volatile long offsetNanos;
    private final ThreadLocal<long[]> readAt = ThreadLocal.withInitial(() -> new long[1]);

    @Override
    public long currentTimeNanos() {
        long now = wallNanos() + offsetNanos;
        readAt.get()[0] = System.nanoTime();
        return now;
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }

    /** When (System.nanoTime) the bucket last read this clock on this thread. */
    long readAt() {
        return readAt.get()[0];
    }

    /** The database's clock read between these two moments of this node's (all epoch ns). */
    synchronized void measured(long databaseNanos, long beforeNanos, long afterNanos) {
        int place = samples++ % SAMPLES;
        trips[place] = afterNanos - beforeNanos;
        offsets[place] = databaseNanos - (beforeNanos + (afterNanos - beforeNanos) / 2);
        int best = 0;
        int known = Math.min(samples, SAMPLES);
        for (int i = 1; i < known; i++) {
            if (trips[i] < trips[best]) {
                best = i;
            }
        }
        offsetNanos = offsets[best];
    }

    /** How far the database's clock is ahead of this node's (ns; 0 before the first reading). */
    long offsetNanos() {
        return offsetNanos;
    }

    /** This node's clock, in ns since the epoch (to the µs on Linux). */
    static long wallNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
