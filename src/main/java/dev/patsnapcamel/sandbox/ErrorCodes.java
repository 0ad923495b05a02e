package dev.patsnapcamel.sandbox;

import java.util.Map;

/** PatSnap error codes the sandbox answers with, and their messages as the seed pages word them. */
final class ErrorCodes {

    static final long RATE_TOO_FAST = 67200002L;
    static final long AUTHENTICATION = 67200003L;
    static final long APIKEY_MISSING = 67200008L;
    static final long APIKEY_MISMATCH = 67200009L;
    static final long ILLEGAL_REQUEST = 67200012L;
    static final long SERVER_BUSY = 67200100L;
    static final long PATH_NOT_FOUND = 67200101L;
    static final long INVALID_PARAMETER = 68300004L;

    private static final Map<Long, String> MESSAGES = Map.ofEntries(
            Map.entry(67200000L, "API call exceeds the total limit set by the platform!"),
            Map.entry(67200001L, "API call exceeds the total limit set by the platform!"),
            Map.entry(
                    RATE_TOO_FAST, "The current call rate is too fast, exceeding the current configuration limit QPS!"),
            Map.entry(AUTHENTICATION, "Access token expired or authentication error!"),
            Map.entry(67200004L, "The requested api does not have permission. Please contact our support personnel!"),
            Map.entry(67200005L, "Insufficient account balance/number of calls!"),
            Map.entry(67200006L, "The client has exceeded the activation validity period!"),
            Map.entry(67200007L, "The current call exceeds the configured usage limit of the day!"),
            Map.entry(
                    APIKEY_MISSING, "Please check if the required apikey in the query parameter has been transmitted!"),
            Map.entry(
                    APIKEY_MISMATCH,
                    "The apikey does not match the passed bearerToken. Please check if a valid token is being used!"),
            Map.entry(ILLEGAL_REQUEST, "The request is illegal!"),
            Map.entry(SERVER_BUSY, "The current server status is busy, request response timeout!"),
            Map.entry(PATH_NOT_FOUND, "The API requested currently does not exist. Please check the request path!"),
            Map.entry(INVALID_PARAMETER, "Invalid parameter!"),
            Map.entry(68300005L, "Search api failure!"),
            Map.entry(68300006L, "Analytic basic access error!"),
            Map.entry(68300007L, "Bad request!"),
            Map.entry(68300008L, "Service error, please try again later!"),
            Map.entry(68300010L, "The file does not comply with upload specifications!"));

    private ErrorCodes() {}

    /**
     * The code a JSON error body carries for an HTTP error status: 401 67200003, 403 67200004, 404 67200101,
     * 405 67200012, 408/504 67200100, 429 67200002, 500 67200000, anything else 68300008.
     */
    static long forHttpStatus(int httpStatus) {
        return switch (httpStatus) {
            case 401 -> AUTHENTICATION;
            case 403 -> 67200004L;
            case 404 -> PATH_NOT_FOUND;
            case 405 -> ILLEGAL_REQUEST;
            case 408, 504 -> SERVER_BUSY;
            case 429 -> RATE_TOO_FAST;
            case 500 -> 67200000L;
            default -> 68300008L;
        };
    }

    /** The message PatSnap documents for {@code code}, or a generic one for codes it does not list. */
    static String message(long code) {
        return MESSAGES.getOrDefault(code, "Error " + code + " (sandbox)");
    }
}
