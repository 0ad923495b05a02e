package dev.patsnapcamel.sandbox;

import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sandbox's data: a pure function of (endpoint path, query), so tests can compute exactly what
 * the sandbox API answers for a patent.
 *
 * <p>Distribution, decided by SHA-256 based hashing of the normalised query:
 * <ul>
 *   <li>{@value #UNKNOWN_PERCENT}% of patents are unknown — the same patents for every endpoint — and
 *       are missing from {@code data[]}; so is any query that cannot be a patent number or id;</li>
 *   <li>of the known patents, {@value #EMPTY_PERCENT}% per endpoint (a different subset for each
 *       endpoint) have an empty result array;</li>
 *   <li>the rest have 1 to 3 records with the seed pages' field names and JSON types.</li>
 * </ul>
 * Every patent has one identity ({@link PatentRef}): a {@code patent_number} query is upper-cased and
 * echoed as {@code pn} with the patent's id, a {@code patent_id} query is lower-cased and echoed with the
 * patent's number, and the records are the same whichever of the two is asked (they are derived from the
 * number). PatSnap's example patents ({@link ExamplePatents}: {@code US11205304B2} with
 * {@code 718ead9c-4f3c-4674-8f5a-24e126827269}, {@code JP4627367B2}, {@code CN1394453A}) are always
 * known and answer the pages' example records at the endpoints the pages show, in every generation.
 *
 * <p>The data can move on, as PatSnap's does between two days: in data generation {@code g} (0 unless
 * switched, see {@link SandboxSettings#dataGeneration(int)}), each of generations 1..g revises the records
 * of {@value #REVISED_PERCENT}% of the (endpoint, patent) pairs, drawn anew: a revised pair gets records
 * drawn afresh (so it may gain records, lose them all, or get different ones). Which patents are known
 * never changes. Generation 0 is the data above.
 */
public final class SandboxData {

    /** Percentage of patents the sandbox does not know. */
    public static final int UNKNOWN_PERCENT = 10;
    /** Percentage of known patents with no records, per endpoint. */
    public static final int EMPTY_PERCENT = 40;
    /** Most records a patent has at one endpoint. */
    public static final int MAX_RECORDS = 3;
    /** Percentage of (endpoint, patent) pairs whose records each data generation revises. */
    public static final int REVISED_PERCENT = 20;

    private SandboxData() {}

    /**
     * The {@code data[]} item the sandbox returns for {@code query} at {@code path}:
     * {@code {"pn", "patent_id", "<result field>": [...]}}, or empty if the patent is unknown.
     *
     * @throws IllegalArgumentException if {@code path} is not an endpoint the sandbox serves
     */
    public static Optional<ObjectNode> patent(String path, String query) {
        return patent(path, query, 0);
    }

    /**
     * Like {@link #patent(String, String)}, in the given data generation (0: the original data).
     *
     * @throws IllegalArgumentException if {@code path} is not an endpoint the sandbox serves, or the
     *                                  generation is negative
     */
    public static Optional<ObjectNode> patent(String path, String query, int generation) {
        Endpoint endpoint = Endpoint.byPath(path)
                .orElseThrow(() -> new IllegalArgumentException("not a sandbox endpoint: " + path));
        if (generation < 0) {
            throw new IllegalArgumentException("the data generation must not be negative: " + generation);
        }
        return PatentRef.of(query).filter(SandboxData::isKnown).map(patent -> item(endpoint, patent, generation));
    }

    /** The item for a patent already resolved, or empty if the patent is unknown. */
    static Optional<ObjectNode> patent(Endpoint endpoint, PatentRef patent, int generation) {
        return isKnown(patent) ? Optional.of(item(endpoint, patent, generation)) : Optional.empty();
    }

    /** The result array field of the endpoint at {@code path}, e.g. {@code patent_license_data}; null for an unknown path. */
    public static String resultField(String path) {
        return Endpoint.byPath(path).map(Endpoint::resultField).orElse(null);
    }

    private static boolean isKnown(PatentRef patent) {
        return ExamplePatents.byNumber(patent.pn()).isPresent()
                || Dice.forKey("known|" + patent.key()).nextInt(100) >= UNKNOWN_PERCENT;
    }

    private static ObjectNode item(Endpoint endpoint, PatentRef patent, int generation) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.put("pn", patent.pn());
        item.put("patent_id", patent.patentId());
        Optional<ArrayNode> example = ExamplePatents.records(patent.pn(), endpoint.resultField());
        if (example.isPresent()) {
            item.set(endpoint.resultField(), example.get());
            return item;
        }
        ArrayNode records = item.putArray(endpoint.resultField());
        int revision = 0;
        for (int g = 1; g <= generation; g++) {
            if (Dice.forKey("revised|" + g + "|" + endpoint.path() + "|" + patent.key())
                    .chance(REVISED_PERCENT)) {
                revision++;
            }
        }
        Dice dice = Dice.forKey(endpoint.path() + "|" + patent.key() + (revision == 0 ? "" : "|revision " + revision));
        int count = dice.nextInt(100) < EMPTY_PERCENT ? 0 : dice.between(1, MAX_RECORDS);
        for (int i = 0; i < count; i++) {
            records.add(endpoint.records().record(patent, dice));
        }
        return item;
    }
}
