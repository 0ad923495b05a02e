package dev.patsnapcamel.karaf;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The settings of patsnap-camel inside a host such as Apache Karaf, where there is no working directory to
 * read {@code config/} and {@code routes/} from:
 * <ul>
 * <li>the defaults are {@code config/application.properties} packed in the bundle ({@link #DEFAULTS});</li>
 * <li>the host's configuration (Config Admin, {@code etc/dev.patsnapcamel.cfg}) overrides them with the same
 * keys;</li>
 * <li>a relative folder ({@code intake.file.dir}, {@code outbox.dir}, {@code state.dir}, any {@code *.dir}) is
 * taken relative to {@link #workDir} ({@code ${karaf.data}/patsnap}); the default H2 databases (state,
 * results) follow {@code state.dir} by themselves ({@code {{path:{{state.dir}}}}}, see
 * {@link dev.patsnapcamel.PathFunction});</li>
 * <li>the routes are the bundled {@code routes/<stage>/<route-id>.camel.yaml}, each replaced by the file with
 * the same stem in {@link #routesDir} ({@code ${karaf.etc}/patsnap/routes}, e.g. {@code progress-log.yaml}) when
 * there is one, plus that folder's other {@code *.yaml} files; {@code camel.main.routesIncludePattern} set in the configuration replaces all this.</li>
 * </ul>
 */
public final class KarafSettings {

    /** The Config Admin PID: {@code etc/dev.patsnapcamel.cfg}. */
    public static final String PID = "dev.patsnapcamel";
    /** The bundled {@code config/application.properties}, as a class path resource. */
    public static final String DEFAULTS = "patsnap/application.properties";
    /** Where the bundled routes are, as class path resources. */
    public static final String ROUTES = "routes";
    /** The bundled routes as Camel locations. */
    public static final String BUNDLED_ROUTES = "classpath:" + ROUTES + "/";

    static final String ROUTES_PATTERN = "camel.main.routesIncludePattern";
    /** Keys Config Admin and Felix FileInstall add to every configuration; not settings. */
    private static final Set<String> HOST_KEYS =
            Set.of("service.pid", "service.factoryPid", "service.bundleLocation", "felix.fileinstall.filename");

    private final Path workDir;
    private final Path routesDir;
    private final String bundledLocation;
    private final List<String> bundledRoutes;

    /**
     * @param workDir       the base of relative folders, e.g. {@code ${karaf.data}/patsnap}
     * @param routesDir     the folder of route files that replace or add to the bundled ones
     * @param bundledLocation where the bundled routes are, {@link #BUNDLED_ROUTES} in the bundle
     * @param bundledRoutes the bundled routes, relative to their folder (e.g. {@code intake/intake-file.camel.yaml})
     */
    public KarafSettings(Path workDir, Path routesDir, String bundledLocation, List<String> bundledRoutes) {
        this.workDir = workDir.toAbsolutePath().normalize();
        this.routesDir = routesDir.toAbsolutePath().normalize();
        this.bundledLocation = bundledLocation;
        this.bundledRoutes = bundledRoutes.stream().sorted().toList();
    }

    public Path workDir() {
        return workDir;
    }

    public Path routesDir() {
        return routesDir;
    }

    /** The configuration as the host gives it, without the host's own keys, every value as a string. */
    public static Map<String, String> configured(Map<String, ?> hostConfiguration) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (hostConfiguration != null) {
            hostConfiguration.forEach((key, value) -> {
                if (!HOST_KEYS.contains(key) && value != null) {
                    settings.put(
                            key,
                            value instanceof Object[] array
                                    ? String.join(
                                            ",",
                                            Stream.of(array)
                                                    .map(String::valueOf)
                                                    .toList())
                                    : String.valueOf(value));
                }
            });
        }
        return settings;
    }

    /** The bundled defaults, read with the given class loader. */
    public static Properties defaults(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the bundle");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Properties in UTF-8, as Camel reads {@code application.properties}. */
    public static Properties read(InputStream in) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    /**
     * What Camel Main gets as override properties: the configured settings, relative folders made absolute
     * under {@link #workDir}, and the routes to load.
     */
    public Properties overrides(Properties defaults, Map<String, String> configured) {
        Map<String, String> merged = new LinkedHashMap<>();
        defaults.stringPropertyNames()
                .forEach(k -> merged.put(k, defaults.getProperty(k).trim()));
        configured.forEach((k, v) -> merged.put(k, v.trim()));

        Properties overrides = new Properties();
        overrides.putAll(configured);
        merged.forEach((key, value) -> {
            if (key.endsWith(".dir") && isRelativePath(value)) {
                overrides.setProperty(key, workDir.resolve(value).normalize().toString());
            }
        });
        if (!configured.containsKey(ROUTES_PATTERN)) {
            overrides.setProperty(ROUTES_PATTERN, String.join(",", routeLocations()));
        }
        return overrides;
    }

    /**
     * Each bundled route, or the host's file with the same stem in {@link #routesDir} (its own folder or one
     * below: {@code progress-log.yaml} or {@code ops/progress-log.camel.yaml} replaces the bundled
     * {@code ops/progress-log.camel.yaml}), then that folder's other routes.
     */
    List<String> routeLocations() {
        Map<String, String> local = new LinkedHashMap<>();
        if (Files.isDirectory(routesDir)) {
            try (Stream<Path> files = Files.walk(routesDir)) {
                files.filter(Files::isRegularFile)
                        .map(p -> routesDir.relativize(p).toString().replace('\\', '/'))
                        .filter(n -> n.endsWith(".yaml") && !n.startsWith(".") && !n.contains("/."))
                        .sorted()
                        .forEach(n -> local.putIfAbsent(stem(n), n));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<String> locations = new ArrayList<>();
        for (String name : bundledRoutes) {
            String replacement = local.remove(stem(name));
            locations.add(replacement != null ? "file:" + routesDir.resolve(replacement) : bundledLocation + name);
        }
        local.values().forEach(name -> locations.add("file:" + routesDir.resolve(name)));
        return locations;
    }

    /** A route file's stem, the route id it holds: {@code ops/progress-log.camel.yaml} to {@code progress-log}. */
    static String stem(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.endsWith(".camel.yaml")
                ? name.substring(0, name.length() - ".camel.yaml".length())
                : name.substring(0, name.length() - ".yaml".length());
    }

    private static boolean isRelativePath(String value) {
        return !value.isEmpty()
                && !value.contains("{{")
                && !value.contains("${")
                && !value.contains(":")
                && !Path.of(value).isAbsolute();
    }
}
