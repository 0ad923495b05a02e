package dev.patsnapcamel.api;

import java.util.Locale;

/** What the bundle does when a PatSnap call ends with a given error code or HTTP status. */
public enum Treatment {
    /** Transient: redeliver with exponential back-off and jitter, a bounded number of times. */
    RETRY,
    /** The token (or key) was refused: renew the token once and call again. */
    RENEW_TOKEN,
    /** One bad ID fails the whole batch: split it in halves until the bad IDs are isolated. */
    SPLIT_BATCH,
    /** The account cannot call at all (quota, balance, expiry, configuration). */
    STOP_ACCOUNT,
    /** The daily usage limit is reached. */
    PAUSE_DAILY,
    /** This endpoint is not usable (no permission, wrong path). */
    STOP_ENDPOINT,
    /** The request itself is refused: the IDs are {@code rejected}, no retry. */
    REJECT,
    /** Give up at once: the IDs are {@code failed}. */
    FAIL;

    /** Parses a configuration value such as {@code retry} or {@code split-batch}. */
    public static Treatment parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
