package dev.patsnapcamel.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys that were renamed (a unit in the name, {@code -ms}, became a duration in Camel's forms): the old spelling
 * is still accepted wherever it is set (file, environment, {@code -D}), wins over the new key's default, and is
 * named once in a WARN with its new name. The first configuration class applies it, before anything is read.
 */
public final class RenamedKeys {

    private static final Logger LOG = LoggerFactory.getLogger(RenamedKeys.class);

    /** Old spelling to new key. */
    public static final Map<String, String> OLD_TO_NEW = oldToNew();

    private RenamedKeys() {}

    private static Map<String, String> oldToNew() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("patsnap.sandbox.latency-ms", "patsnap.sandbox.latency");
        keys.put("patsnap.sandbox.latency-jitter-ms", "patsnap.sandbox.latency-jitter");
        keys.put("patsnap.rate-window-ms", "patsnap.rate.window");
        keys.put("intake.file.stable-ms", "intake.file.stable-time");
        keys.put("intake.file.poll-ms", "intake.file.poll-interval");
        keys.put("intake.sftp.stable-ms", "intake.sftp.stable-time");
        keys.put("intake.sftp.poll-ms", "intake.sftp.poll-interval");
        keys.put("mail.poll-ms", "mail.poll-interval");
        return Map.copyOf(keys);
    }

    /** Makes each old spelling that is set the value of its new key (an override, which routes read too). */
    public static void apply(PropertiesComponent properties) {
        OLD_TO_NEW.forEach((old, renamed) -> {
            Optional<String> value = properties.resolveProperty(old);
            if (value.isPresent()) {
                LOG.warn(
                        "The setting {} is now called {} (and takes a duration such as 500ms or 2s): please rename it;"
                                + " the old name still works",
                        old,
                        renamed);
                properties.addOverrideProperty(renamed, value.get().trim());
            }
        });
    }
}
