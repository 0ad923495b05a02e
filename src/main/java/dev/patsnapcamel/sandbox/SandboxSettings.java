package dev.patsnapcamel.sandbox;

/**
 * Switches of the sandbox API. Thread-safe; every switch can be changed while the server runs and
 * applies to the calls that arrive afterwards (the port only matters at {@link SandboxServer#start()}).
 * <p>
 * Its length (about 310 lines) is kept on purpose: it is the sandbox's one switchboard, a getter and a
 * checking setter per switch and nothing else; split in parts, a caller (the admin API, the tests, the
 * bundle's wiring) would have to know which part holds which switch.
 */
public final class SandboxSettings {

    /** How {@code /oauth/token} answers: flat as the seed pages document, or wrapped as some clients read it. */
    public enum TokenAnswer {
        /** {@code {"token": ..., "access_token": ..., "expires_in": 1799, ...}} */
        FLAT,
        /** {@code {"status": true, "error_code": 0, "data": {"token": ..., "expires_in": "1799", ...}}} */
        WRAPPED
    }

    /** How a call over the QPS limit is answered. */
    public enum RateLimitAnswer {
        /** HTTP 200 with 67200002 in the body, as PatSnap's tables document. */
        BODY,
        /** HTTP 429 with {@code Retry-After} (see {@link #retryAfterSeconds()}) and 67200002 in a JSON body. */
        HTTP_429
    }

    /** The bodies of HTTP 401/403/404/405 answers (and of injected HTTP statuses). */
    public enum ErrorBodies {
        /** Short plain text. */
        PLAIN,
        /** The JSON error envelope {@code {"status": false, "error_code": ..., "error_msg": ...}}. */
        JSON
    }

    /** How long calls take and how often they fail by themselves. */
    public enum Profile {
        /** {@link #latencyMs()} +/- {@link #latencyJitterMs()}, no failures unless injected: quick demos and tests. */
        DEMO,
        /** Like the real service: see {@link RealisticProfile} (5 s +/- 2 s, a 10 s tail, busy answers, time-outs). */
        REALISTIC
    }

    public static final String DEFAULT_CLIENT_ID = "sandbox-client";
    public static final String DEFAULT_CLIENT_SECRET = "sandbox-secret";
    public static final String DEFAULT_API_KEY = "sk-sandbox";

    private volatile int port;
    private volatile long latencyMs;
    private volatile long latencyJitterMs;
    private volatile int qpsLimit;
    private volatile int tokenLifetimeSeconds = 1799;
    private volatile String clientId = DEFAULT_CLIENT_ID;
    private volatile String clientSecret = DEFAULT_CLIENT_SECRET;
    private volatile String apiKey = DEFAULT_API_KEY;
    private volatile int dataGeneration;
    private volatile TokenAnswer tokenAnswer = TokenAnswer.FLAT;
    private volatile RateLimitAnswer rateLimitAnswer = RateLimitAnswer.BODY;
    private volatile int retryAfterSeconds = 1;
    private volatile boolean apiKeyInQuery = true;
    private volatile long statementSkew;
    private volatile ErrorBodies errorBodies = ErrorBodies.PLAIN;
    private volatile Profile profile = Profile.DEMO;
    private volatile double timeScale = 1.0;
    private final Injections injections = new Injections();

    /** TCP port to bind; 0 (the default) picks a free one. */
    public int port() {
        return port;
    }

    public SandboxSettings port(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.port = port;
        return this;
    }

    /** Time each business call takes before it is answered, in ms (default 0), in the demo profile. */
    public long latencyMs() {
        return latencyMs;
    }

    public SandboxSettings latencyMs(long latencyMs) {
        this.latencyMs = requireNotNegative(latencyMs, "latencyMs");
        return this;
    }

    /** Uniform jitter added to the latency, +/- this many ms (default 0). */
    public long latencyJitterMs() {
        return latencyJitterMs;
    }

    public SandboxSettings latencyJitterMs(long latencyJitterMs) {
        this.latencyJitterMs = requireNotNegative(latencyJitterMs, "latencyJitterMs");
        return this;
    }

    /**
     * Business calls admitted in any sliding 1000 ms window, counted at arrival; a call beyond it is
     * answered at once, 67200002 in the body or HTTP 429 (see {@link #rateLimitAnswer()}). 0 (the
     * default) means unlimited. The realistic profile keeps this limit.
     */
    public int qpsLimit() {
        return qpsLimit;
    }

    public SandboxSettings qpsLimit(int qpsLimit) {
        this.qpsLimit = (int) requireNotNegative(qpsLimit, "qpsLimit");
        return this;
    }

    /** Lifetime of tokens issued by {@code /oauth/token}, in seconds (default 1799). */
    public int tokenLifetimeSeconds() {
        return tokenLifetimeSeconds;
    }

    public SandboxSettings tokenLifetimeSeconds(int tokenLifetimeSeconds) {
        if (tokenLifetimeSeconds < 1) {
            throw new IllegalArgumentException("tokenLifetimeSeconds must be at least 1: " + tokenLifetimeSeconds);
        }
        this.tokenLifetimeSeconds = tokenLifetimeSeconds;
        return this;
    }

    /** The client id the sandbox accepts for the client-credentials scheme. */
    public String clientId() {
        return clientId;
    }

    public SandboxSettings clientId(String clientId) {
        this.clientId = requireText(clientId, "clientId");
        return this;
    }

    /** The client secret the sandbox accepts for the client-credentials scheme. */
    public String clientSecret() {
        return clientSecret;
    }

    public SandboxSettings clientSecret(String clientSecret) {
        this.clientSecret = requireText(clientSecret, "clientSecret");
        return this;
    }

    /** The {@code sk-} API key the sandbox accepts as a bearer token. */
    public String apiKey() {
        return apiKey;
    }

    public SandboxSettings apiKey(String apiKey) {
        this.apiKey = requireText(apiKey, "apiKey");
        return this;
    }

    /** The data generation the sandbox answers from (see {@link SandboxData}); 0, the default, is the original data. */
    public int dataGeneration() {
        return dataGeneration;
    }

    /**
     * Moves the sandbox's data to another generation, as if PatSnap's data had changed overnight: each
     * generation revises the records of some patents (see {@link SandboxData}). Going back to a lower
     * generation gives that generation's data again.
     */
    public SandboxSettings dataGeneration(int generation) {
        this.dataGeneration = (int) requireNotNegative(generation, "dataGeneration");
        return this;
    }

    /** How {@code /oauth/token} answers (default {@link TokenAnswer#FLAT}). */
    public TokenAnswer tokenAnswer() {
        return tokenAnswer;
    }

    public SandboxSettings tokenAnswer(TokenAnswer tokenAnswer) {
        this.tokenAnswer = requireValue(tokenAnswer, "tokenAnswer");
        return this;
    }

    /** How a call over the QPS limit is answered (default {@link RateLimitAnswer#BODY}). */
    public RateLimitAnswer rateLimitAnswer() {
        return rateLimitAnswer;
    }

    public SandboxSettings rateLimitAnswer(RateLimitAnswer rateLimitAnswer) {
        this.rateLimitAnswer = requireValue(rateLimitAnswer, "rateLimitAnswer");
        return this;
    }

    /**
     * The {@code Retry-After} seconds of HTTP 429 answers (over the QPS limit, or injected); 0 sends no
     * {@code Retry-After} header. Default 1.
     */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public SandboxSettings retryAfterSeconds(int retryAfterSeconds) {
        this.retryAfterSeconds = (int) requireNotNegative(retryAfterSeconds, "retryAfterSeconds");
        return this;
    }

    /**
     * Whether the {@code sk-} key is accepted as the query parameter {@code apikey=sk-...} with no
     * {@code Authorization} header (default true, as PatSnap describes both forms).
     */
    public boolean apiKeyInQuery() {
        return apiKeyInQuery;
    }

    public SandboxSettings apiKeyInQuery(boolean apiKeyInQuery) {
        this.apiKeyInQuery = apiKeyInQuery;
        return this;
    }

    /** The bodies of HTTP 401/403/404/405 answers and injected HTTP statuses (default {@link ErrorBodies#PLAIN}). */
    public ErrorBodies errorBodies() {
        return errorBodies;
    }

    public SandboxSettings errorBodies(ErrorBodies errorBodies) {
        this.errorBodies = requireValue(errorBodies, "errorBodies");
        return this;
    }

    /** How long calls take and how often they fail by themselves (default {@link Profile#DEMO}). */
    public Profile profile() {
        return profile;
    }

    public SandboxSettings profile(Profile profile) {
        this.profile = requireValue(profile, "profile");
        return this;
    }

    /**
     * Factor applied to the delays of the {@link Profile#REALISTIC} profile (default 1.0; e.g. 0.01 turns
     * 5 s into 50 ms, for tests). The configured {@link #latencyMs()} of the demo profile is not scaled.
     */
    public double timeScale() {
        return timeScale;
    }

    public SandboxSettings timeScale(double timeScale) {
        if (!(timeScale > 0) || timeScale > 100 || Double.isNaN(timeScale)) {
            throw new IllegalArgumentException("timeScale must be above 0 and at most 100: " + timeScale);
        }
        this.timeScale = timeScale;
        return this;
    }

    /**
     * The next {@code times} business calls to {@code endpointPathOrNull} (any path if null) answer
     * {@code errorCode} in the usual error body; {@code times < 0} keeps answering it until
     * {@link #clearInjections()}. Injections queue up in the order they were made.
     */
    public SandboxSettings injectError(String endpointPathOrNull, long errorCode, int times) {
        injections.add(new Injections.Fault(endpointPathOrNull, errorCode, 0), times);
        return this;
    }

    /**
     * Like {@link #injectError}, but the calls answer a bare HTTP status (e.g. 401, 403, 404, 429,
     * 500, 503) with a plain-text body, or the JSON error envelope when {@link #errorBodies()} is
     * {@link ErrorBodies#JSON}; a 429 carries {@code Retry-After} (see {@link #retryAfterSeconds()}).
     */
    public SandboxSettings injectHttpStatus(String endpointPathOrNull, int httpStatus, int times) {
        if (httpStatus < 200 || httpStatus > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + httpStatus);
        }
        injections.add(new Injections.Fault(endpointPathOrNull, 0, httpStatus), times);
        return this;
    }

    /**
     * Any business call whose IDs include {@code query} (compared trimmed, case-insensitively) fails
     * as a whole with {@code errorCode}, e.g. 68300004, until {@link #clearInjections()}.
     */
    public SandboxSettings rejectPatent(String query, long errorCode) {
        injections.rejectPatent(requireText(query, "query"), errorCode);
        return this;
    }

    /**
     * The usage statement ({@code POST /open-user/statement/v2}) bills {@code results} more (or fewer, when
     * negative) on every path it lists than the sandbox answered: a statement that disagrees with the
     * bundle's count, for the reconciliation. Until {@link #clearInjections()}.
     */
    public SandboxSettings statementSkew(long results) {
        statementSkew = results;
        return this;
    }

    /** What the usage statement adds to each path's billed results (0: it tells the truth). */
    public long statementSkew() {
        return statementSkew;
    }

    /** Forgets every injected error, HTTP status and rejected patent, and the statement's skew. */
    public SandboxSettings clearInjections() {
        injections.clear();
        statementSkew = 0;
        return this;
    }

    Injections injections() {
        return injections;
    }

    private static long requireNotNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
        return value;
    }

    private static <T> T requireValue(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
