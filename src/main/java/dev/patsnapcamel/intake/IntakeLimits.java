package dev.patsnapcamel.intake;

import java.util.function.Function;

/**
 * The caps on what one input (a file, a message, a watch list) may hold, so that no input can exhaust
 * memory or run up an unbounded bill.
 *
 * @param maxValueLength the longest value read, in characters ({@code intake.max-value-length}); a longer
 *                       one is not held whole: it becomes one rejected value, its first characters and a
 *                       mark ({@link LongValue})
 * @param maxValues      the most values one input may hold ({@code intake.max-ids-per-input}), duplicates
 *                       and rejected values included; an input with more is refused as a whole before any
 *                       of its IDs is sent, and is not read past the first value too many
 * @param maxJsonDepth   how deep a JSON input may nest arrays and objects ({@code intake.json.max-depth})
 */
public record IntakeLimits(int maxValueLength, long maxValues, int maxJsonDepth) {

    /** The defaults of {@code config/application.properties}. */
    public static final IntakeLimits DEFAULTS = new IntakeLimits(256, 5_000_000, 64);

    /** The least {@code maxValueLength}: room for every valid ID as it may be written (a UUID is 36). */
    public static final int MIN_VALUE_LENGTH = 64;

    public IntakeLimits {
        if (maxValueLength < MIN_VALUE_LENGTH) {
            throw new IllegalArgumentException(
                    "intake.max-value-length must be at least " + MIN_VALUE_LENGTH + " (got " + maxValueLength + ")");
        }
        if (maxValues < 1) {
            throw new IllegalArgumentException("intake.max-ids-per-input must be at least 1 (got " + maxValues + ")");
        }
        if (maxJsonDepth < 2) {
            throw new IllegalArgumentException("intake.json.max-depth must be at least 2 (got " + maxJsonDepth + ")");
        }
    }

    /** Reads the settings (a key not set keeps its default). */
    public static IntakeLimits from(Function<String, String> setting) {
        return new IntakeLimits(
                Integer.parseInt(value(setting, "intake.max-value-length", DEFAULTS.maxValueLength())),
                Long.parseLong(value(setting, "intake.max-ids-per-input", DEFAULTS.maxValues())),
                Integer.parseInt(value(setting, "intake.json.max-depth", DEFAULTS.maxJsonDepth())));
    }

    private static String value(Function<String, String> setting, String key, Object fallback) {
        String value = setting.apply(key);
        return value == null || value.isBlank()
                ? String.valueOf(fallback)
                : value.trim().replace("_", "");
    }
}
