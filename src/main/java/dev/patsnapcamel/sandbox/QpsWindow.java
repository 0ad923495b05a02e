package dev.patsnapcamel.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Admits at most {@code limit} calls in any sliding one-second window, counted at arrival, and reports
 * every admitted call to the stats ({@link SandboxStats#callAccepted}) in admission order.
 */
final class QpsWindow {

    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final Deque<Long> admitted = new ArrayDeque<>();
    private final SandboxStats stats;

    QpsWindow(SandboxStats stats) {
        this.stats = stats;
    }

    /**
     * Whether a call arriving now is admitted; {@code limit <= 0} admits everything.
     *
     * @param arrivalMillis when the call arrived, epoch ms, for the stats
     */
    synchronized boolean tryAdmit(int limit, long arrivalMillis) {
        long now = System.nanoTime();
        if (limit <= 0) {
            admitted.clear();
            stats.callAccepted(arrivalMillis, now);
            return true;
        }
        while (!admitted.isEmpty() && now - admitted.peekFirst() >= WINDOW_NANOS) {
            admitted.removeFirst();
        }
        if (admitted.size() >= limit) {
            return false;
        }
        admitted.addLast(now);
        stats.callAccepted(arrivalMillis, now);
        return true;
    }
}
