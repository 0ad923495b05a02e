package dev.patsnapcamel.sandbox;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The PatSnap endpoints the sandbox serves: path, result array field and how its records are invented. */
enum Endpoint {
    LICENSE("P028", "/advanced-patent-data/license-data", "patent_license_data", new LicenseRecords()),
    CUSTOMS_RECORD("P031", "/advanced-patent-data/customs-data", "patent_customs_record_data", new CustomsRecords()),
    LITIGATION("P034", "/high-value-data/litigation", "patent_litigation_data", new LitigationRecords()),
    TRANSFER("P029", "/advanced-patent-data/transfer-data", "patent_transfer_data", new TransferRecords()),
    PLEDGE("P030", "/advanced-patent-data/pledge-data", "patent_pledge_data", new PledgeRecords()),
    REEXAM_INVALID(
            "P027",
            "/advanced-patent-data/re-examination-and-invalidation",
            "patent_reexam_invalid_data",
            new ReexamInvalidRecords());

    private static final Map<String, Endpoint> BY_PATH =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Endpoint::path, Function.identity()));

    private final String code;
    private final String path;
    private final String resultField;
    private final RecordGenerator records;

    Endpoint(String code, String path, String resultField, RecordGenerator records) {
        this.code = code;
        this.path = path;
        this.resultField = resultField;
        this.records = records;
    }

    /** The endpoint at a request path (a trailing slash is tolerated). */
    static Optional<Endpoint> byPath(String path) {
        if (path == null) {
            return Optional.empty();
        }
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return Optional.ofNullable(BY_PATH.get(trimmed));
    }

    String code() {
        return code;
    }

    String path() {
        return path;
    }

    String resultField() {
        return resultField;
    }

    RecordGenerator records() {
        return records;
    }
}
