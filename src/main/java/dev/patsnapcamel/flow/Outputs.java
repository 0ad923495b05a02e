package dev.patsnapcamel.flow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.camel.Body;

/**
 * Which outputs receive what, per intake. The ledger is always written (by {@code ledger-settle}); every
 * other output {@code x} named in {@code outputs} (or in an intake's own {@code <intake>.outputs}) is a
 * pair of optional routes: {@code results-to-x} receives each batch of newly written ledger lines,
 * {@code report-to-x} each finished report, and {@code changes-to-x} each watch-list run's change events.
 * An intake may take part itself the same way (routes {@code results-to-queue}, {@code report-to-watchlist}...),
 * whatever the outputs say.
 * <p>
 * Sources are told apart by the prefix of their name: {@code sftp:}, {@code queue:}, {@code watchlist:};
 * anything else came from the watched folder ({@code file}).
 */
public final class Outputs {

    /** The output that is always on. */
    public static final String LEDGER = "ledger";

    private final Set<String> defaults;
    private final Map<String, Set<String>> perIntake;
    private final Predicate<String> routeExists;

    /**
     * @param defaults   the {@code outputs} setting (comma list)
     * @param perIntake  intake kind ({@code file}, {@code sftp}, {@code queue}, {@code watchlist}) to its own
     *                   comma list; a blank one means "as {@code outputs}"
     * @param routeExists tells whether a route id is present in the context
     */
    public Outputs(String defaults, Map<String, String> perIntake, Predicate<String> routeExists) {
        this.defaults = parse(defaults);
        this.perIntake = new LinkedHashMap<>();
        perIntake.forEach((intake, list) -> {
            if (list != null && !list.isBlank()) {
                this.perIntake.put(intake, parse(list));
            }
        });
        this.routeExists = routeExists;
    }

    /** The intake kind a source name came from. */
    public static String intakeOf(String source) {
        if (source == null) {
            return "file";
        }
        for (String kind : List.of("sftp", "queue", "watchlist")) {
            if (source.startsWith(kind + ":")) {
                return kind;
            }
        }
        return "file";
    }

    /** The outputs wanted for sources of this intake, the ledger always first. */
    public Set<String> outputsFor(String intake) {
        Set<String> outputs = new LinkedHashSet<>();
        outputs.add(LEDGER);
        outputs.addAll(perIntake.getOrDefault(intake, defaults));
        return outputs;
    }

    /** Every output named anywhere in the settings. */
    public Set<String> named() {
        Set<String> all = new LinkedHashSet<>(defaults);
        perIntake.values().forEach(all::addAll);
        all.add(LEDGER);
        return all;
    }

    /**
     * Checks that every named output has at least one route; fails with the list of known outputs if
     * not (called once the routes are started).
     */
    public void check() {
        for (String output : named()) {
            if (!LEDGER.equals(output) && !routeExists.test("results-to-" + output)
                    && !routeExists.test("report-to-" + output) && !routeExists.test("changes-to-" + output)) {
                throw new IllegalStateException("outputs names '" + output + "', which is not an output of this "
                        + "bundle (known: ledger, csv, jdbc, mail)");
            }
        }
    }

    /** The newly written lines of a batch, grouped by intake, each group in its original order. */
    public List<List<LedgerEntry>> byIntake(@Body List<LedgerEntry> written) {
        Map<String, List<LedgerEntry>> groups = new LinkedHashMap<>();
        for (LedgerEntry entry : written) {
            groups.computeIfAbsent(intakeOf(entry.source()), k -> new ArrayList<>()).add(entry);
        }
        return new ArrayList<>(groups.values());
    }

    /** Endpoints (comma list) that receive a group of ledger lines from one intake. */
    public String resultRecipients(@Body List<LedgerEntry> group) {
        return group.isEmpty() ? "" : recipients("results-to-", intakeOf(group.get(0).source()));
    }

    /** Endpoints (comma list) that receive a finished report. */
    public String reportRecipients(@Body SourceReport report) {
        return recipients("report-to-", intakeOf(report.source()));
    }

    /** Endpoints (comma list) that receive the change events of a watch-list run. */
    public String changeRecipients() {
        return recipients("changes-to-", "watchlist");
    }

    private String recipients(String prefix, String intake) {
        List<String> uris = new ArrayList<>();
        for (String output : outputsFor(intake)) {
            if (routeExists.test(prefix + output)) {
                uris.add("direct:" + prefix + output);
            }
        }
        if (routeExists.test(prefix + intake)) {
            uris.add("direct:" + prefix + intake);
        }
        return String.join(",", uris);
    }

    private static Set<String> parse(String list) {
        Set<String> names = new LinkedHashSet<>();
        Arrays.stream(list == null ? new String[0] : list.split(",")).map(String::trim).map(String::toLowerCase)
                .filter(s -> !s.isEmpty()).forEach(names::add);
        return names;
    }
}
