package dev.patsnapcamel.sandbox;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The patent a query names, as the sandbox sees it: one fixed identity ({@code pn} and
 * {@code patent_id}) whichever of the two is asked, its authority (country), and the key all generated
 * data is derived from (the number: the records are the same whether the patent is asked by id or by
 * number).
 *
 * <p>Identities:
 * <ul>
 *   <li>PatSnap's example patents ({@link ExamplePatents}) have the ids PatSnap's pages give them,
 *       e.g. {@code US11205304B2} is {@code 718ead9c-4f3c-4674-8f5a-24e126827269};</li>
 *   <li>any other number has a derived id ({@link DerivedIds}), and that id names the number again;</li>
 *   <li>a UUID that is neither (an id from elsewhere) is a patent with an invented number
 *       {@code US1xxxxxxxB2} drawn from the id. Asked by that number afterwards, the sandbox answers
 *       the same id for as long as it remembers it (the last {@value #REMEMBERED} such ids, per JVM);
 *       the records are the same in any case.</li>
 * </ul>
 * A UUID-shaped query is a {@code patent_id} (compared in lower case); anything else is a
 * {@code patent_number} (compared in upper case), at most {@value DerivedIds#MAX_LENGTH} characters.
 */
record PatentRef(String pn, String patentId, String country, String key) {

    /** How many ids from elsewhere the sandbox remembers with their invented numbers. */
    static final int REMEMBERED = 100_000;

    private static final Pattern UUID_SHAPE =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Two-letter authority, then letters and digits with at least one digit (US11205304B2, USRE49000E, ES2576A1). */
    private static final Pattern NUMBER_SHAPE = Pattern.compile("[A-Z]{2}[A-Z0-9]*[0-9][A-Z0-9]*");

    /** Invented number to the id from elsewhere it was invented for, most recently used last. */
    private static final Map<String, String> FOREIGN_IDS = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** The patent a query names, or empty if the query cannot name a patent at all. */
    static Optional<PatentRef> of(String query) {
        if (query == null || query.isBlank()) {
            return Optional.empty();
        }
        String trimmed = query.trim();
        if (isPatentId(trimmed)) {
            return Optional.of(ofId(trimmed.toLowerCase(Locale.ROOT)));
        }
        String number = trimmed.toUpperCase(Locale.ROOT);
        if (!isNumber(number)) {
            return Optional.empty();
        }
        return Optional.of(of(number, idOf(number)));
    }

    /** Whether the value is shaped like a PatSnap patent id (a UUID, any case). */
    static boolean isPatentId(String value) {
        return UUID_SHAPE.matcher(value.trim().toLowerCase(Locale.ROOT)).matches();
    }

    /** The digits of the publication number, without authority and kind code. */
    String serial() {
        return pn.substring(2).replaceFirst("^[A-Z]+", "").replaceFirst("[^0-9].*$", "");
    }

    private static PatentRef ofId(String id) {
        Optional<String> example = ExamplePatents.numberOfId(id);
        if (example.isPresent()) {
            return of(example.get(), id);
        }
        Optional<String> derived = DerivedIds.numberOf(id).filter(PatentRef::isNumber);
        if (derived.isPresent() && id.equals(idOf(derived.get()))) {
            return of(derived.get(), id);
        }
        String invented = inventedNumber(id);
        synchronized (FOREIGN_IDS) {
            FOREIGN_IDS.put(invented, id);
        }
        return of(invented, id);
    }

    /** The id of a (valid, upper-case) number: the example's, a remembered id from elsewhere, or the derived one. */
    private static String idOf(String number) {
        Optional<String> example = ExamplePatents.byNumber(number).map(ExamplePatents.Example::patentId);
        if (example.isPresent()) {
            return example.get();
        }
        synchronized (FOREIGN_IDS) {
            String foreign = FOREIGN_IDS.get(number);
            if (foreign != null) {
                return foreign;
            }
        }
        return DerivedIds.idOf(number).orElseThrow();
    }

    private static boolean isNumber(String number) {
        return number.length() >= DerivedIds.MIN_LENGTH
                && number.length() <= DerivedIds.MAX_LENGTH
                && NUMBER_SHAPE.matcher(number).matches();
    }

    private static String inventedNumber(String id) {
        Dice dice = Dice.forKey("pn|" + id);
        String number;
        do {
            number = "US1" + dice.digits(7) + "B2";
        } while (ExamplePatents.byNumber(number).isPresent());
        return number;
    }

    private static PatentRef of(String number, String id) {
        return new PatentRef(number, id, number.substring(0, 2), "pn:" + number);
    }
}
