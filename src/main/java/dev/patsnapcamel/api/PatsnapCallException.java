package dev.patsnapcamel.api;

/**
 * A PatSnap call that did not produce results: the body's {@code error_code}, an HTTP status or an I/O
 * problem, together with the {@link Treatment} the {@link ErrorCodePolicy} chose for it. The subclasses
 * exist so that the routes' {@code onException} clauses can match each treatment by type.
 */
public class PatsnapCallException extends RuntimeException {

    private final String code;
    private final Treatment treatment;

    public PatsnapCallException(String code, String message, Treatment treatment) {
        super(message == null ? code : code + ": " + message);
        this.code = code;
        this.treatment = treatment;
    }

    /** The API's numeric error code, or {@code HTTP <status>} for transport-level answers. */
    public String code() {
        return code;
    }

    public String detail() {
        String m = getMessage();
        int colon = m.indexOf(": ");
        return colon < 0 ? m : m.substring(colon + 2);
    }

    public Treatment treatment() {
        return treatment;
    }

    /** Builds the exception subclass that matches the treatment. */
    public static PatsnapCallException of(String code, String message, Treatment treatment) {
        return switch (treatment) {
            case RETRY -> new Retryable(code, message);
            case RENEW_TOKEN -> new TokenRefused(code, message);
            case SPLIT_BATCH -> new PoisonedBatch(code, message);
            case REJECT -> new Rejected(code, message);
            case STOP_ACCOUNT, PAUSE_DAILY, STOP_ENDPOINT -> new Suspending(code, message, treatment);
            default -> new PatsnapCallException(code, message, treatment);
        };
    }

    /** Transient failure: worth calling again after a pause. */
    public static final class Retryable extends PatsnapCallException {
        public Retryable(String code, String message) {
            super(code, message, Treatment.RETRY);
        }
    }

    /** The bearer token or key was refused. */
    public static final class TokenRefused extends PatsnapCallException {
        public TokenRefused(String code, String message) {
            super(code, message, Treatment.RENEW_TOKEN);
        }
    }

    /** One or more IDs in the batch make the whole call fail. */
    public static final class PoisonedBatch extends PatsnapCallException {
        public PoisonedBatch(String code, String message) {
            super(code, message, Treatment.SPLIT_BATCH);
        }
    }

    /**
     * The account or the endpoint cannot be called now (or the {@link CallGate} is keeping calls back):
     * the batch stays pending in its repository and is called again once the gate reopens.
     */
    public static final class Suspending extends PatsnapCallException {
        public Suspending(String code, String message, Treatment treatment) {
            super(code, message, treatment);
        }
    }

    /**
     * The daily budget ({@code patsnap.budget.daily-results}) leaves room for only some of the batch's IDs:
     * the batch is called with as many as fit ({@code batch-budget-fit}) and the rest waits. Thrown before
     * the call leaves; PatSnap has not been asked.
     */
    public static final class OverBudget extends PatsnapCallException {
        private final int fits;

        public OverBudget(int fits, String message) {
            super("BUDGET", message, Treatment.PAUSE_DAILY);
            this.fits = fits;
        }

        /** How many IDs of the batch fit in what is left of the day's budget (at least 1). */
        public int fits() {
            return fits;
        }
    }

    /** The API refused the request; calling again would not help. */
    public static final class Rejected extends PatsnapCallException {
        public Rejected(String code, String message) {
            super(code, message, Treatment.REJECT);
        }
    }
}
