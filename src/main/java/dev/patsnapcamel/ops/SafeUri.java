package dev.patsnapcamel.ops;

import org.apache.camel.util.URISupport;

/**
 * A connection URI as it may be logged: Camel's {@link URISupport#sanitizeUri} (user info and the values of
 * sensitive query parameters masked), and also the {@code ;password=...} form of JDBC URLs such as H2's.
 */
public final class SafeUri {

    private SafeUri() {}

    public static String of(String uri) {
        if (uri == null) {
            return null;
        }
        return URISupport.sanitizeUri(uri).replaceAll("(?i)(;password=)[^;&]*", "$1xxxxxx");
    }
}
