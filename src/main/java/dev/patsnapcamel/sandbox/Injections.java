package dev.patsnapcamel.sandbox;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The faults a test asked for: queued error answers per path, and patents whose calls always fail. */
final class Injections {

    /** One queued fault: an error code in the JSON body, or (when {@code httpStatus > 0}) a bare HTTP status. */
    record Fault(String path, long errorCode, int httpStatus) {
        boolean isHttpStatus() {
            return httpStatus > 0;
        }
    }

    private static final class Rule {
        final Fault fault;
        int remaining; // negative: until cleared

        Rule(Fault fault, int remaining) {
            this.fault = fault;
            this.remaining = remaining;
        }

        boolean matches(String path) {
            return fault.path() == null || fault.path().equals(path);
        }
    }

    private final List<Rule> rules = new ArrayList<>();
    private final Map<String, Long> rejectedPatents = new ConcurrentHashMap<>();

    synchronized void add(Fault fault, int times) {
        if (times != 0) {
            rules.add(new Rule(fault, times));
        }
    }

    /** The first queued fault for a call to {@code path}, used up by this call. */
    synchronized Optional<Fault> take(String path) {
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule rule = it.next();
            if (rule.matches(path)) {
                if (rule.remaining > 0 && --rule.remaining == 0) {
                    it.remove();
                }
                return Optional.of(rule.fault);
            }
        }
        return Optional.empty();
    }

    void rejectPatent(String query, long errorCode) {
        rejectedPatents.put(normalise(query), errorCode);
    }

    /** The error code of the first rejected patent among {@code queries}, if any. */
    Optional<Long> rejection(List<String> queries) {
        if (rejectedPatents.isEmpty()) {
            return Optional.empty();
        }
        return queries.stream()
                .map(query -> rejectedPatents.get(normalise(query)))
                .filter(code -> code != null)
                .findFirst();
    }

    synchronized void clear() {
        rules.clear();
        rejectedPatents.clear();
    }

    private static String normalise(String query) {
        return query.trim().toUpperCase(Locale.ROOT);
    }
}
