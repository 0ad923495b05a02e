package dev.patsnapcamel.model;

import java.time.Instant;

/**
 * An input in progress on this node, as the status page and the metrics show it.
 *
 * @param sourceKey the state database's key of the source
 * @param source    the input's name as it came (a file name, {@code queue:<id>}, {@code watchlist:...})
 * @param settled   ledger lines written so far
 * @param expected  ledger lines the input needs (unique IDs times endpoints), or -1 while it is still read
 * @param since     when this node started (or resumed) it
 * @param settledSince ledger lines that were already written when this node started (or resumed) it
 * @param atMost    ledger lines the input needs at most, known before it is read whole (its values, counted
 *                  when it was checked, times its endpoints; duplicates make it fewer): the expected count once
 *                  known, -1 when neither is
 */
public record InputProgress(
        String sourceKey, String source, long settled, long expected, Instant since, long settledSince, long atMost) {

    /** True once the input has been read whole (its expected count is known). */
    public boolean read() {
        return expected >= 0;
    }

    /**
     * Settled of expected, from 0 to 1; while it is still read, settled of {@link #atMost} (so never more than the
     * truth), or 0 when that is not known either.
     */
    public double fraction() {
        long of = read() ? expected : atMost;
        return of < 0 ? 0 : of == 0 ? 1 : Math.min(1.0, (double) settled / of);
    }
}
