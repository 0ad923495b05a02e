package dev.patsnapcamel.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.cli.connector.DefaultCliConnectorFactory;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.spi.CliConnectorFactory;
import org.jolokia.jvmagent.JolokiaServer;
import org.jolokia.jvmagent.JolokiaServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.patsnapcamel.ops.GuardedConsoles;

/**
 * Camel's own tools (docs/operations.md, "Camel's own tools"): the cli connector that Camel JBang on the same host
 * attaches through ({@code management.cli-connector}, files under {@code ~/.camel}, a folder only its user may
 * read), the dev consoles with their secrets masked and read-only over HTTP ({@link GuardedConsoles};
 * {@code management.dev-consoles} puts them on the management port), and Jolokia for Hawtio
 * ({@code management.jolokia.enabled}), on a port of its own on 127.0.0.1 only.
 */
public class ToolsConfiguration implements FeatureConfiguration {

    /** Jolokia's interface: never another one, whatever management.host says. */
    public static final String JOLOKIA_HOST = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(ToolsConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        // as context plugins, not beans: Camel Main has taken its beans of these types before this runs
        GuardedConsoles consoles = new GuardedConsoles();
        consoles.setCamelContext(context);
        context.getCamelContextExtension().addContextPlugin(DevConsoleRegistry.class, consoles);

        boolean connector = settings.flag("management.cli-connector");
        boolean jolokiaOn = settings.flag("management.jolokia.enabled");
        if ((connector || jolokiaOn) && !settings.flag("management.jmx")) {
            throw new IllegalStateException((connector ? "management.cli-connector" : "management.jolokia.enabled")
                    + " = true needs management.jmx = true: Camel JBang and Hawtio read the routes and their "
                    + "statistics from Camel's JMX MBeans");
        }
        DefaultCliConnectorFactory cli = new DefaultCliConnectorFactory();
        cli.setEnabled(connector);
        cli.setRuntime("Camel Main");
        cli.setRuntimeVersion(context.getVersion());
        cli.setRuntimeStartClass("dev.patsnapcamel.PatsnapCamelApplication");
        context.getCamelContextExtension().addContextPlugin(CliConnectorFactory.class, cli);
        if (connector) {
            privateFolder(Path.of(System.getProperty("user.home"), ".camel"));
        }

        if (jolokiaOn) {
            int port = settings.integer("management.jolokia.port");
            JolokiaServer jolokia = new JolokiaServer(new JolokiaServerConfig(Map.of(
                    "host", JOLOKIA_HOST,
                    "port", Integer.toString(port),
                    "agentContext", "/jolokia",
                    "discoveryEnabled", "false",
                    "agentId", "patsnap-camel")));
            jolokia.start();
            context.addService(new Closing(jolokia::stop));
            LOG.info("Jolokia (JMX over HTTP, for Hawtio) on {} (this host only)", jolokia.getUrl());
        }
    }

    /**
     * The cli connector's folder: its status file holds the routes, endpoints and health details. Made readable by
     * its user only when it is new; an existing one that others may read is named in a WARN line.
     */
    static void privateFolder(Path folder) {
        try {
            if (Files.notExists(folder, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectories(
                            folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createDirectories(folder);
                }
                return;
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
            if (permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn(
                        "{} (the cli connector's status files) can be read by other users: chmod 700 {}",
                        folder,
                        folder);
            }
        } catch (UnsupportedOperationException notPosix) {
            // no POSIX permissions on this file system: nothing to check
        } catch (IOException e) {
            LOG.warn("Cannot prepare {} for the cli connector: {}", folder, e.toString());
        }
    }
}
