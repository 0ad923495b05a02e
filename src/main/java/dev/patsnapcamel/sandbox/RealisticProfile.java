package dev.patsnapcamel.sandbox;

import java.util.random.RandomGenerator;

/**
 * The timing and failures of the {@link SandboxSettings.Profile#REALISTIC} profile, modelled on what
 * PatSnap documents and practitioners report (normal 5 s, at most 10 s, occasional time-outs):
 * <ul>
 *   <li>{@value #TIMEOUT_PERMILLE}‰ of calls answer only after {@value #TIMEOUT_MS} ms, later than the
 *       bundle's default response time-out (30 s): the client sees a time-out;</li>
 *   <li>a further {@value #TAIL_PERMILLE}‰ take {@value #TAIL_FROM_MS} to {@value #TAIL_TO_MS} ms (the tail);</li>
 *   <li>the rest take {@value #NORMAL_MS} ms +/- {@value #SPREAD_MS} ms, uniformly;</li>
 *   <li>independently, {@value #BUSY_PERMILLE}‰ of calls answer 67200100 (server busy) after their delay.</li>
 * </ul>
 * Every delay is multiplied by the time scale ({@link SandboxSettings#timeScale()}). The QPS limit is the
 * sandbox's own ({@link SandboxSettings#qpsLimit()}).
 */
final class RealisticProfile {

    static final long NORMAL_MS = 5_000;
    static final long SPREAD_MS = 2_000;
    static final long TAIL_FROM_MS = 9_000;
    static final long TAIL_TO_MS = 10_000;
    static final long TIMEOUT_MS = 35_000;
    static final int TAIL_PERMILLE = 20;
    static final int TIMEOUT_PERMILLE = 5;
    static final int BUSY_PERMILLE = 10;

    /** One call's fate: how long it takes, and whether it answers 67200100. */
    record Draw(long delayMs, boolean busy) {}

    private RealisticProfile() {}

    /** Draws one call's delay and outcome. */
    static Draw draw(RandomGenerator random, double timeScale) {
        int permille = random.nextInt(1000);
        long delay;
        if (permille < TIMEOUT_PERMILLE) {
            delay = TIMEOUT_MS;
        } else if (permille < TIMEOUT_PERMILLE + TAIL_PERMILLE) {
            delay = random.nextLong(TAIL_FROM_MS, TAIL_TO_MS + 1);
        } else {
            delay = random.nextLong(NORMAL_MS - SPREAD_MS, NORMAL_MS + SPREAD_MS + 1);
        }
        boolean busy = random.nextInt(1000) < BUSY_PERMILLE;
        return new Draw(Math.round(delay * timeScale), busy);
    }
}
