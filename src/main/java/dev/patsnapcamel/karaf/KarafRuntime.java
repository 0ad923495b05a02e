package dev.patsnapcamel.karaf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Driver;
import java.sql.DriverManager;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.patsnapcamel.MillisFunction;
import dev.patsnapcamel.PathFunction;
import dev.patsnapcamel.YesNoFunction;
import dev.patsnapcamel.config.PatsnapConfiguration;
import dev.patsnapcamel.ops.SecretFiles;

/**
 * patsnap-camel's Camel Main run inside a host (the Karaf bundle's activator) instead of owning the JVM: the
 * same configuration classes, routes and properties as the standalone application, started without blocking and
 * stopped on demand, with no JVM shutdown hook and no signal handler. Everything runs with the given class
 * loader as the thread context class loader, which is how Camel finds its components and the YAML DSL inside
 * one bundle.
 */
public final class KarafRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KarafRuntime.class);

    private final HostedMain main;
    private final ClassLoader loader;

    private KarafRuntime(HostedMain main, ClassLoader loader) {
        this.main = main;
        this.loader = loader;
    }

    /**
     * Starts the bundle's Camel context: placeholders from {@code defaults} (a Camel location such as
     * {@code classpath:patsnap/application.properties}) overridden by {@code overrides}. On failure everything
     * started so far is stopped again and the cause is thrown.
     */
    public static KarafRuntime start(ClassLoader loader, String defaults, Properties overrides) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        HostedMain main = new HostedMain(loader);
        try {
            registerJdbcDrivers(loader);
            main.configure().addConfiguration(PatsnapConfiguration.class);
            main.setPropertyPlaceholderLocations(defaults);
            Properties settings = new Properties();
            settings.putAll(System.getProperties());
            settings.putAll(overrides);
            Properties withSecrets = new Properties();
            withSecrets.putAll(overrides);
            withSecrets.putAll(SecretFiles.read(System.getenv(), settings));
            main.setOverrideProperties(withSecrets);
            main.startInBackground();
            return new KarafRuntime(main, loader);
        } catch (Exception | LinkageError e) {
            main.cleanUpAfterFailure();
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** Stops gracefully: intake first, in-flight work within {@code camel.main.shutdownTimeout}, then every service. */
    @Override
    public void close() throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            main.stopNow();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * The innermost message of a failed start, which names the setting at fault (Camel wraps it several times).
     */
    public static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /**
     * JDBC drivers embedded in the bundle (listed in {@code META-INF/services/java.sql.Driver}): the
     * {@link DriverManager} of a host such as Karaf has looked for drivers long before, with another class loader.
     */
    static void registerJdbcDrivers(ClassLoader loader) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        Enumeration<URL> lists = loader.getResources("META-INF/services/" + Driver.class.getName());
        for (URL list : Collections.list(lists)) {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(list.openStream(), StandardCharsets.UTF_8))) {
                in.lines()
                        .map(l -> l.replaceAll("#.*", "").trim())
                        .filter(l -> !l.isEmpty())
                        .forEach(names::add);
            }
        }
        Set<String> registered = new LinkedHashSet<>();
        Collections.list(DriverManager.getDrivers())
                .forEach(d -> registered.add(d.getClass().getName()));
        for (String name : names) {
            try {
                Class<?> type = Class.forName(name, true, loader); // most drivers register themselves here
                if (!registered.contains(name)
                        && Collections.list(DriverManager.getDrivers()).stream().noneMatch(d -> d.getClass() == type)) {
                    DriverManager.registerDriver(
                            (Driver) type.getDeclaredConstructor().newInstance());
                }
            } catch (ReflectiveOperationException | LinkageError | java.sql.SQLException e) {
                LOG.debug("JDBC driver {} not available: {}", name, e.toString());
            }
        }
    }

    /** Deregisters the JDBC drivers loaded by the given class loader (when the bundle goes away). */
    public static void deregisterJdbcDrivers(ClassLoader loader) {
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == loader) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (java.sql.SQLException e) {
                    LOG.debug("Could not deregister {}: {}", driver, e.toString());
                }
            }
        }
    }

    /** Camel Main, started and stopped by the host rather than by {@code run()}. */
    private static final class HostedMain extends Main {

        private final ClassLoader loader;

        HostedMain(ClassLoader loader) {
            this.loader = loader;
            // the default strategy adds a JVM shutdown hook, which would outlive the bundle
            setShutdownStrategy(new SimpleMainShutdownStrategy());
            setAppName("patsnap-camel");
        }

        @Override
        protected CamelContext createCamelContext() {
            CamelContext context = super.createCamelContext();
            context.setApplicationContextClassLoader(loader);
            // found through META-INF/services in a flat class path; registered here too, whatever the host's
            // class loading makes of service files
            context.getPropertiesComponent().addPropertiesFunction(new PathFunction());
            context.getPropertiesComponent().addPropertiesFunction(new YesNoFunction());
            context.getPropertiesComponent().addPropertiesFunction(new MillisFunction());
            return context;
        }

        /** What {@link #run()} does before it waits. */
        void startInBackground() throws Exception {
            init();
            internalBeforeStart();
            beforeStart();
            start();
            afterStart();
        }

        /** What {@link #run()} does after it has waited. */
        void stopNow() throws Exception {
            beforeStop();
            stop();
            afterStop();
            shutdown();
        }

        /** A failed start leaves Main "failed", which counts as stopped: stop the context and its services directly. */
        void cleanUpAfterFailure() {
            CamelContext context = getCamelContext();
            try {
                completed();
                if (context != null) {
                    context.shutdown();
                }
            } catch (RuntimeException e) {
                LOG.warn("Cleaning up after the failed start: {}", e.toString(), e);
            }
        }
    }
}
