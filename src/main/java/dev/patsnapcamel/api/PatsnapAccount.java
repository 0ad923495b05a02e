package dev.patsnapcamel.api;

/**
 * The PatSnap account the bundle calls with: the gateway and one of the two credential schemes.
 * Secrets never appear in {@link #toString()}.
 */
public record PatsnapAccount(String baseUrl, String clientId, String clientSecret, String apiKey, boolean sandbox) {

    /** How the account authenticates. */
    public enum Scheme {
        /** {@code Authorization: Bearer sk-...}, no token exchange. */
        API_KEY,
        /** {@code POST /oauth/token} with client id and secret, then {@code Bearer <token>} plus {@code apikey=<client id>}. */
        CLIENT_CREDENTIALS,
        /** Nothing configured. */
        NONE
    }

    public PatsnapAccount {
        baseUrl = stripTrailingSlash(baseUrl);
        clientId = blankToEmpty(clientId);
        clientSecret = blankToEmpty(clientSecret);
        apiKey = blankToEmpty(apiKey);
    }

    public Scheme scheme() {
        if (!apiKey.isEmpty()) {
            return Scheme.API_KEY;
        }
        return clientId.isEmpty() ? Scheme.NONE : Scheme.CLIENT_CREDENTIALS;
    }

    @Override
    public String toString() {
        return "PatsnapAccount[" + baseUrl + ", scheme=" + scheme()
                + (scheme() == Scheme.CLIENT_CREDENTIALS ? ", client=" + clientId : "")
                + (sandbox ? ", SANDBOX" : "") + "]";
    }

    private static String stripTrailingSlash(String url) {
        String u = url == null ? "" : url.trim();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.trim();
    }
}
