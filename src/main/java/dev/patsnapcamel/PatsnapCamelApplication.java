package dev.patsnapcamel;

import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.patsnapcamel.ops.SecretFiles;

import sun.misc.Signal;

/**
 * Starts the bundle: Camel Main with the YAML routes in {@code routes/} and the settings in
 * {@code config/application.properties}, both relative to the working directory.
 * <p>
 * Every setting can be overridden by an environment variable ({@code patsnap.base-url} becomes
 * {@code PATSNAP_BASE_URL}) or a {@code -Dkey=value} JVM option; a secret also by the file named in
 * {@code <KEY>_FILE} ({@link SecretFiles}). SIGTERM and SIGINT stop the bundle
 * gracefully and the process exits 0: no new call leaves, the calls under way finish within
 * {@code shutdown.timeout} seconds, and what is not done stays parked for the next start (see
 * {@code flow.Stopping}).
 */
public final class PatsnapCamelApplication {

    /** Where the settings live; a JVM option {@code -Dpatsnap.config=...} points elsewhere. */
    public static final String DEFAULT_CONFIG = "file:config/application.properties";

    private static final Logger LOG = LoggerFactory.getLogger(PatsnapCamelApplication.class);

    private PatsnapCamelApplication() {}

    public static void main(String... args) throws Exception {
        Main main = new Main(PatsnapCamelApplication.class);
        main.setPropertyPlaceholderLocations(System.getProperty("patsnap.config", DEFAULT_CONFIG));
        // Camel Main's own handling of a stop is a JVM shutdown hook: it stops the context gracefully, but a JVM
        // ended by SIGTERM exits 143 whatever the hooks do, and the contract says 0. So the signals are taken here
        // (the JVM then does not start ending), Camel Main is told it is done, run() returns after its graceful
        // stop, and the exit code is Camel Main's own. This is the only part not left to Camel Main.
        for (String signal : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(signal), s -> {
                LOG.info("Received SIG{}: stopping gracefully", s.getName());
                main.completed();
            });
        }
        int exitCode = 1;
        try {
            // PATSNAP_CLIENT_SECRET_FILE=/run/secrets/x and the like: the secrets as overrides
            SecretFiles.read(System.getenv(), System.getProperties())
                    .forEach((key, value) -> main.addOverrideProperty((String) key, (String) value));
            exitCode = main.run(args);
        } catch (Throwable e) {
            LOG.error("The bundle stopped on an error: {}", e.toString(), e);
        } finally {
            // always end the JVM, even if a component left a non-daemon thread behind
            System.exit(exitCode);
        }
    }
}
