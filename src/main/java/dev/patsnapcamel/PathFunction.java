package dev.patsnapcamel;

import java.nio.file.Path;

import org.apache.camel.spi.PropertiesFunction;

/**
 * The placeholder function {@code {{path:<folder>}}}: the folder as an absolute, normalised path, a relative one
 * taken from the working directory as every folder setting is. For settings that need an absolute path where an
 * operator may give either, such as the default H2 files under {@code state.dir}
 * ({@code jdbc:h2:file:{{path:{{state.dir}}}}/patsnap-state}): H2 takes {@code ./data} or {@code /var/lib/x},
 * but reads {@code .//var/lib/x} as relative and refuses a bare {@code data}.
 * <p>
 * Found by Camel through {@code META-INF/services/org/apache/camel/properties-function/path}.
 */
public final class PathFunction implements PropertiesFunction {

    /** The function's name, as in {@code {{path:...}}}. */
    public static final String NAME = "path";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String apply(String remainder) {
        return Path.of(remainder.trim()).toAbsolutePath().normalize().toString();
    }
}
