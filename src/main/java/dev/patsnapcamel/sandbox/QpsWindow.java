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
     * @param arrivalNanos when the call arrived ({@link System#nanoTime()}, taken before the handler's own
     *     work, which on a loaded machine or in a cold JVM can take tens of ms); a call that takes the lock
     *     after a later one counts as arriving with it
     */
    synchronized boolean tryAdmit(int limit, long arrivalMillis, long arrivalNanos) {
        Long newest = admitted.peekLast();
        long now = newest == null ? arrivalNanos : Math.max(arrivalNanos, newest);
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
