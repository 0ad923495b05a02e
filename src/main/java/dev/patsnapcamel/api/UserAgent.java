package dev.patsnapcamel.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Properties;

/**
 * The {@code User-Agent} of every call to PatSnap, {@code patsnap-camel/<version> (<node-id>)}, so that the
 * account's logs show which bundle, and which node of several, called. The node id is
 * {@code cluster.node-id}, or the host name when that is empty; anything but {@code A-Z a-z 0-9 . _ -}
 * in it becomes {@code _} (it goes into a header), and it is cut to 64 characters.
 */
public final class UserAgent {

    private static final String UNKNOWN_VERSION = "dev";

    private UserAgent() {}

    /** The header value for a node id setting (empty: the host name). */
    public static String of(String nodeIdSetting) {
        return "patsnap-camel/" + version() + " (" + nodeId(nodeIdSetting) + ")";
    }

    /** The node id: the setting when given, else the host name, in header-safe characters. */
    public static String nodeId(String setting) {
        String id = setting == null || setting.isBlank() ? hostName() : setting.trim();
        String safe = id.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.length() > 64 ? safe.substring(0, 64) : safe;
    }

    /** The bundle's version, as the build wrote it. */
    public static String version() {
        try (InputStream in = UserAgent.class.getResourceAsStream("/dev/patsnapcamel/version.properties")) {
            if (in == null) {
                return UNKNOWN_VERSION;
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", UNKNOWN_VERSION);
            return v.startsWith("${") ? UNKNOWN_VERSION : v;
        } catch (IOException e) {
            return UNKNOWN_VERSION;
        }
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return env == null || env.isBlank() ? "localhost" : env;
        }
    }
}
