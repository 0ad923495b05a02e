package dev.patsnapcamel;

import org.apache.camel.spi.PropertiesFunction;
import org.apache.camel.util.TimeUtils;

/**
 * The placeholder function {@code {{millis:<duration>}}}: the duration in plain milliseconds, for options that
 * Camel reads as a number only, such as an error handler's {@code redeliveryDelay}
 * ({@code {{millis:{{patsnap.retry.initial-delay}}}}}). It takes what the settings take: {@code 500ms}, {@code 1s},
 * {@code 5m}, {@code 1h30m}, or a plain number of milliseconds. Anything else is refused, naming the value.
 * <p>
 * Found by Camel through {@code META-INF/services/org/apache/camel/properties-function/millis}.
 */
public final class MillisFunction implements PropertiesFunction {

    public static final String NAME = "millis";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String apply(String remainder) {
        String value = remainder.trim();
        try {
            long millis = TimeUtils.toMilliSeconds(value);
            if (millis < 0) {
                throw new IllegalArgumentException("negative");
            }
            return Long.toString(millis);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "{{millis:...}} takes a duration such as 500ms, 1s or 5m, or a number of ms, was '" + value + "'",
                    e);
        }
    }
}
