package dev.patsnapcamel.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.console.DevConsole;
import org.apache.camel.impl.console.DefaultDevConsoleRegistry;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.SensitiveUtils;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * Camel's dev consoles, as the bundle lets them be read: every answer has the secrets masked, and the HTTP
 * side (the management port's {@code /q/dev}) only reads.
 * <p>
 * Camel's {@code properties} console answers its JSON unmasked, and the {@code jvm} and {@code system-properties}
 * consoles show {@code -D} options as given; the cli connector copies the first into its status file. So every
 * console's answer goes through {@link #mask}: a string value under a sensitive key (Camel's list and
 * {@link SecretFiles#KEYS}), and every occurrence of a secret's value anywhere, become {@code xxxxxx}.
 * <p>
 * Over HTTP (anyone who reaches the management port, which listens on all interfaces by default) the consoles
 * that act ({@link #HTTP_REFUSED}: send and receive messages, browse queues, reload, debug) are not listed, and
 * no console takes an {@code action} (stopping routes, say). Camel's HTTP handler lists the consoles through
 * {@link #stream()}; the cli connector (same user, same host, through files) finds them by id and can still act.
 */
public final class GuardedConsoles extends DefaultDevConsoleRegistry {

    /** Consoles that act on the bundle or its messages: never over HTTP. */
    public static final Set<String> HTTP_REFUSED = Set.of("send", "receive", "browse", "reload", "debug");

    /** What a masked value becomes (as in Camel's own masking). */
    public static final String MASK = "xxxxxx";

    private volatile List<String> secrets;

    @Override
    public DevConsole resolveById(String id) {
        DevConsole console = super.resolveById(id);
        // main-configuration is cast to its class by Camel Main; it shows camel.* keys only
        if (console == null || "main-configuration".equals(id)) {
            return console;
        }
        return new Masked(console, false);
    }

    @Override
    public Stream<DevConsole> stream() {
        return super.stream().filter(c -> !HTTP_REFUSED.contains(c.getId())).map(c -> new Masked(c, true));
    }

    /** A key whose value is a secret. */
    public static boolean sensitive(String key) {
        return key != null && (SensitiveUtils.containsSensitive(key) || SecretFiles.KEYS.contains(key));
    }

    /** The answer with every secret masked (JSON answers in place). */
    Object mask(Object answer) {
        if (answer instanceof JsonObject json) {
            maskObject(json);
            return json;
        }
        if (answer instanceof String text) {
            return maskText(text);
        }
        return answer;
    }

    private void maskObject(Map<String, Object> json) {
        Object named = json.get("key");
        boolean secretEntry = named instanceof String key && sensitive(key);
        for (Map.Entry<String, Object> entry : json.entrySet()) {
            Object value = entry.getValue();
            if (value instanceof String text) {
                boolean hide = sensitive(entry.getKey())
                        || (secretEntry
                                && !"key".equals(entry.getKey())
                                && entry.getKey().toLowerCase().contains("value"));
                entry.setValue(hide && !text.isEmpty() ? MASK : maskText(text));
            } else {
                maskNode(value);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void maskNode(Object node) {
        if (node instanceof Map<?, ?> map) {
            maskObject((Map<String, Object>) map);
        } else if (node instanceof JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                Object item = array.get(i);
                if (item instanceof String text) {
                    array.set(i, maskText(text));
                } else {
                    maskNode(item);
                }
            }
        }
    }

    private String maskText(String text) {
        String masked = text;
        for (String secret : secrets()) {
            if (masked.contains(secret)) {
                masked = masked.replace(secret, MASK);
            }
        }
        return masked;
    }

    /** The values of the secret settings (and sensitive system properties) that are set: at least 3 characters. */
    private List<String> secrets() {
        List<String> known = secrets;
        if (known == null) {
            List<String> found = new ArrayList<>();
            CamelContext context = getCamelContext();
            if (context != null) {
                PropertiesComponent properties = context.getPropertiesComponent();
                Properties loaded = properties.loadProperties();
                Set<String> keys = new java.util.TreeSet<>(SecretFiles.KEYS);
                loaded.stringPropertyNames().stream()
                        .filter(GuardedConsoles::sensitive)
                        .forEach(keys::add);
                for (String key : keys) {
                    try {
                        properties.resolveProperty(key).ifPresent(found::add);
                    } catch (RuntimeException unresolvable) {
                        // a placeholder that does not resolve holds no secret
                    }
                }
            }
            System.getProperties().stringPropertyNames().stream()
                    .filter(GuardedConsoles::sensitive)
                    .map(System::getProperty)
                    .forEach(found::add);
            System.getenv().forEach((name, value) -> {
                if (sensitive(name.toLowerCase().replace('_', '.'))) {
                    found.add(value);
                }
            });
            found.removeIf(s -> s == null || s.strip().length() < 3);
            // longest first, so that a secret containing another is masked whole
            found.sort((a, b) -> Integer.compare(b.length(), a.length()));
            known = List.copyOf(new java.util.LinkedHashSet<>(found));
            secrets = known;
        }
        return known;
    }

    /** A console whose answers are masked; over HTTP, one that takes no action. */
    private final class Masked implements DevConsole, CamelContextAware {

        private final DevConsole console;
        private final boolean http;

        Masked(DevConsole console, boolean http) {
            this.console = console;
            this.http = http;
        }

        @Override
        public String getGroup() {
            return console.getGroup();
        }

        @Override
        public String getId() {
            return console.getId();
        }

        @Override
        public String getDisplayName() {
            return console.getDisplayName();
        }

        @Override
        public String getDescription() {
            return console.getDescription();
        }

        @Override
        public boolean supportMediaType(MediaType mediaType) {
            return console.supportMediaType(mediaType);
        }

        @Override
        public Object call(MediaType mediaType, Map<String, Object> options) {
            if ((http || options.containsKey(Exchange.HTTP_PATH)) && options.containsKey("action")) {
                String refusal = "The bundle's dev consoles only read over HTTP: no action";
                if (mediaType == MediaType.JSON) {
                    JsonObject json = new JsonObject();
                    json.put("error", refusal);
                    return json;
                }
                return refusal;
            }
            return mask(console.call(mediaType, options));
        }

        @Override
        public CamelContext getCamelContext() {
            return console instanceof CamelContextAware aware ? aware.getCamelContext() : null;
        }

        @Override
        public void setCamelContext(CamelContext camelContext) {
            CamelContextAware.trySetCamelContext(console, camelContext);
        }

        @Override
        public String toString() {
            return console.toString();
        }
    }
}
