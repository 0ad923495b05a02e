package dev.patsnapcamel;

import org.apache.camel.spi.PropertiesFunction;

/**
 * The placeholder function {@code {{call-spacing:<calls per second>}}}: the least time in ms between two calls
 * at that rate, {@code 1000 / rate} (at least 1), for the throttle that spreads calls out
 * ({@code timePeriodMillis: "{{call-spacing:{{patsnap.qps}}}}"}). The route shows that the spacing follows from
 * {@code patsnap.qps}; it is not a setting of its own.
 * <p>
 * Found by Camel through {@code META-INF/services/org/apache/camel/properties-function/call-spacing}.
 */
public final class CallSpacingFunction implements PropertiesFunction {

    public static final String NAME = "call-spacing";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String apply(String remainder) {
        int rate;
        try {
            rate = Integer.parseInt(remainder.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "{{call-spacing:...}} takes a number of calls per second, was '" + remainder.trim() + "'");
        }
        if (rate < 1) {
            throw new IllegalArgumentException("{{call-spacing:...}} takes at least 1 call per second, was " + rate);
        }
        return Long.toString(Math.max(1, 1000 / rate));
    }
}
