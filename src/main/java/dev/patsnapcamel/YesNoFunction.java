package dev.patsnapcamel;

import org.apache.camel.spi.PropertiesFunction;

/**
 * The placeholder function {@code {{yesno:<true|false>}}}: {@code yes} or {@code no}, for options that want those
 * words where the setting is a boolean, such as the SFTP component's {@code strictHostKeyChecking}
 * ({@code {{yesno:{{intake.sftp.strict-host-key-checking}}}}}). Anything but {@code true} or {@code false} is
 * refused, so that a typo never turns a check off.
 * <p>
 * Found by Camel through {@code META-INF/services/org/apache/camel/properties-function/yesno}.
 */
public final class YesNoFunction implements PropertiesFunction {

    public static final String NAME = "yesno";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String apply(String remainder) {
        String value = remainder.trim();
        if (value.equalsIgnoreCase("true")) {
            return "yes";
        }
        if (value.equalsIgnoreCase("false")) {
            return "no";
        }
        throw new IllegalArgumentException("{{yesno:...}} takes true or false, was '" + value + "'");
    }
}
