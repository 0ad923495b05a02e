package dev.patsnapcamel.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.List;

/**
 * A small deterministic pseudo-random source: SplitMix64 seeded from the SHA-256 of a key.
 * The same key yields the same sequence on every JVM, every run, forever; nothing here reads a clock.
 */
final class Dice {

    private long state;

    private Dice(long seed) {
        this.state = seed;
    }

    /** Dice seeded from the SHA-256 digest of {@code key} (UTF-8). */
    static Dice forKey(String key) {
        byte[] digest = sha256(key);
        long seed = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            seed = (seed << 8) | (digest[i] & 0xFF);
        }
        return new Dice(seed);
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A number in {@code [0, bound)}. */
    int nextInt(int bound) {
        return (int) Long.remainderUnsigned(nextLong(), bound);
    }

    /** A number in {@code [from, to]}. */
    int between(int from, int to) {
        return from + nextInt(to - from + 1);
    }

    boolean chance(int percent) {
        return nextInt(100) < percent;
    }

    <T> T pick(List<T> choices) {
        return choices.get(nextInt(choices.size()));
    }

    /** A string of {@code count} decimal digits (leading zeros allowed). */
    String digits(int count) {
        StringBuilder out = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            out.append((char) ('0' + nextInt(10)));
        }
        return out.toString();
    }

    /** A calendar date in the given years, as a {@code yyyymmdd} integer. */
    int date(int fromYear, int toYear) {
        return Dates.toInt(LocalDate.of(between(fromYear, toYear), between(1, 12), between(1, 28)));
    }

    /** A date {@code minDays..maxDays} after {@code yyyymmdd}, as a {@code yyyymmdd} integer. */
    int dateAfter(int yyyymmdd, int minDays, int maxDays) {
        return Dates.toInt(Dates.fromInt(yyyymmdd).plusDays(between(minDays, maxDays)));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** {@code yyyymmdd} integer dates, the API's date format. */
    static final class Dates {
        private Dates() {}

        static int toInt(LocalDate date) {
            return date.getYear() * 10_000 + date.getMonthValue() * 100 + date.getDayOfMonth();
        }

        static LocalDate fromInt(int yyyymmdd) {
            return LocalDate.of(yyyymmdd / 10_000, yyyymmdd / 100 % 100, yyyymmdd % 100);
        }
    }
}
