package dev.patsnapcamel.karaf;

import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ManagedService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * patsnap-camel as an OSGi bundle (Apache Karaf): runs the bundle's Camel context with the settings of the
 * Config Admin PID {@code dev.patsnapcamel} ({@code etc/dev.patsnapcamel.cfg}, the keys of
 * {@code config/application.properties}), restarts it when they change and stops it gracefully with the bundle.
 * <p>
 * Starting and stopping happen on one thread of the bundle's own, so that neither the framework nor Config
 * Admin waits for Camel; a start that fails is logged at ERROR with its reason, and the next change of the
 * configuration tries again.
 */
public final class PatsnapActivator implements BundleActivator, ManagedService {

    private static final Logger LOG = LoggerFactory.getLogger(PatsnapActivator.class);
    /** How long the bundle's stop waits for Camel's graceful stop beyond {@code camel.main.shutdownTimeout}. */
    private static final long STOP_MARGIN_SECONDS = 30;

    private BundleContext bundle;
    private ExecutorService lifecycle;
    private ServiceRegistration<ManagedService> registration;
    /** Only used on the lifecycle thread. */
    private KarafRuntime running;

    private Map<String, String> applied;
    private long shutdownTimeoutSeconds = 30;

    @Override
    public void start(BundleContext context) {
        this.bundle = context;
        this.lifecycle = Executors.newSingleThreadExecutor(r -> new Thread(r, "patsnap-karaf-lifecycle"));
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_PID, KarafSettings.PID);
        // Config Admin calls updated() at once, with null when there is no configuration yet
        registration = context.registerService(ManagedService.class, this, properties);
    }

    @Override
    public void updated(Dictionary<String, ?> properties) {
        Map<String, Object> raw = new HashMap<>();
        if (properties != null) {
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements(); ) {
                String key = keys.nextElement();
                raw.put(key, properties.get(key));
            }
        }
        Map<String, String> configured = KarafSettings.configured(raw);
        try {
            lifecycle.execute(() -> apply(configured, properties != null));
        } catch (RejectedExecutionException e) {
            LOG.debug("Configuration {} changed while the bundle stops; ignored", KarafSettings.PID);
        }
    }

    @Override
    public void stop(BundleContext context) throws InterruptedException {
        registration.unregister();
        lifecycle.execute(this::stopRunning);
        lifecycle.shutdown();
        if (!lifecycle.awaitTermination(shutdownTimeoutSeconds + STOP_MARGIN_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn(
                    "patsnap-camel did not stop within {} s; the bundle stops anyway",
                    shutdownTimeoutSeconds + STOP_MARGIN_SECONDS);
            lifecycle.shutdownNow();
        }
        KarafRuntime.deregisterJdbcDrivers(getClass().getClassLoader());
    }

    /** (Re)starts with a configuration, unless it is the one running already. */
    private void apply(Map<String, String> configured, boolean fromConfigAdmin) {
        if (running != null && Objects.equals(applied, configured)) {
            return;
        }
        if (running != null) {
            LOG.info("Configuration {} changed: restarting patsnap-camel", KarafSettings.PID);
        }
        stopRunning();
        applied = configured;
        Path data = Path.of(property("karaf.data", "data"));
        Path etc = Path.of(property("karaf.etc", "etc"));
        KarafSettings settings = new KarafSettings(
                data.resolve("patsnap"),
                etc.resolve("patsnap").resolve("routes"),
                KarafSettings.BUNDLED_ROUTES,
                bundledRoutes());
        ClassLoader loader = getClass().getClassLoader();
        try {
            var overrides = settings.overrides(KarafSettings.defaults(loader), configured);
            shutdownTimeoutSeconds =
                    seconds(overrides.getProperty("camel.main.shutdownTimeout"), shutdownTimeoutSeconds);
            String source = fromConfigAdmin
                    ? "configuration " + KarafSettings.PID + " (" + configured.size()
                            + " keys) over the bundled defaults"
                    : "the bundled defaults (no configuration " + KarafSettings.PID + ")";
            LOG.info(
                    "Starting patsnap-camel with {}, relative folders under {}, routes: {}",
                    source,
                    settings.workDir(),
                    overrides.getProperty("camel.main.routesIncludePattern"));
            running = KarafRuntime.start(loader, "classpath:" + KarafSettings.DEFAULTS, overrides);
            LOG.info(
                    "patsnap-camel started: {} routes",
                    running.context().getRoutes().size());
        } catch (Exception | LinkageError e) {
            running = null;
            LOG.error(
                    "patsnap-camel could not start: {}. It stays stopped until the configuration {} changes "
                            + "(etc/{}.cfg) or the bundle is restarted.",
                    KarafRuntime.reason(e),
                    KarafSettings.PID,
                    KarafSettings.PID,
                    e);
        }
    }

    private void stopRunning() {
        if (running == null) {
            return;
        }
        try {
            LOG.info("Stopping patsnap-camel");
            running.close();
            LOG.info("patsnap-camel stopped");
        } catch (Exception e) {
            LOG.warn("patsnap-camel did not stop cleanly: {}", e.toString(), e);
        } finally {
            running = null;
        }
    }

    /** The routes packed in the bundle ({@code routes/<stage>/<route-id>.camel.yaml}), relative to {@code routes/}. */
    private List<String> bundledRoutes() {
        List<String> names = new ArrayList<>();
        Enumeration<URL> entries = bundle.getBundle().findEntries(KarafSettings.ROUTES, "*.yaml", true);
        if (entries != null) {
            String folder = "/" + KarafSettings.ROUTES + "/";
            for (URL entry : Collections.list(entries)) {
                String path = entry.getPath();
                int at = path.indexOf(folder);
                names.add(at < 0 ? path.substring(path.lastIndexOf('/') + 1) : path.substring(at + folder.length()));
            }
        }
        return names;
    }

    private String property(String name, String fallback) {
        String value = bundle.getProperty(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static long seconds(String value, long fallback) {
        try {
            return value == null ? fallback : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
