package dev.patsnapcamel.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;

/** Admits at most {@code limit} calls in any sliding one-second window, counted at arrival. */
final class QpsWindow {

    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final Deque<Long> admitted = new ArrayDeque<>();

    /** Whether a call arriving now is admitted; {@code limit <= 0} admits everything. */
    synchronized boolean tryAdmit(int limit) {
        if (limit <= 0) {
            admitted.clear();
            return true;
        }
        long now = System.nanoTime();
        while (!admitted.isEmpty() && now - admitted.peekFirst() >= WINDOW_NANOS) {
            admitted.removeFirst();
        }
        if (admitted.size() >= limit) {
            return false;
        }
        admitted.addLast(now);
        return true;
    }
}
