package dev.patsnapcamel.flow;

import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.model.SourceReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Which outputs receive what, per intake. The ledger is always written (by {@code ledger-settle}); every
 * other output {@code x} named in {@code outputs} (or in an intake's own {@code <intake>.outputs}) is a
 * pair of optional routes: {@code results-to-x} receives each batch of newly written ledger lines,
 * {@code report-to-x} each finished report, and {@code changes-to-x} each watch-list run's change events.
 * An intake may take part itself the same way (routes {@code results-to-queue}, {@code report-to-watchlist}...),
 * whatever the outputs say.
 * <p>
 * Sources are told apart by the intake kind their intake route recorded with them in the state database
 * ({@code file}, {@code sftp}, {@code queue}, {@code watchlist}; see {@link Headers#INTAKE}), never by
 * their name: a file named {@code queue:ID:...} is a file, and its results go to no queue.
 */
public final class Outputs {

    /** The output that is always on. */
    public static final String LEDGER = "ledger";
    /** Report outputs that send the report on, and so run after it is written. */
    public static final Set<String> AFTER_REPORT = Set.of("mail", "queue");
    public static final String DONE = "done";
    public static final String PENDING = "pending";
    public static final String FAILED = "failed";
    /** The intake kind of the watched folder, and of anything whose kind is not known. */
    public static final String FILE = "file";

    private final Set<String> defaults;
    private final Map<String, Set<String>> perIntake;
    private final Predicate<String> routeExists;
    private final Function<String, String> intakeOfKey;
    /** Intake kinds by source key, as recorded (they never change): saves a look-up per batch. */
    private final Map<String, String> known = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 10_000;
        }
    });

    /**
     * @param defaults    the {@code outputs} setting (comma list)
     * @param perIntake   intake kind ({@code file}, {@code sftp}, {@code queue}, {@code watchlist}) to its own
     *                    comma list; a blank one means "as {@code outputs}"
     * @param routeExists tells whether a route id is present in the context
     * @param intakeOfKey the recorded intake kind of a source, by its key
     */
    public Outputs(String defaults, Map<String, String> perIntake, Predicate<String> routeExists,
            Function<String, String> intakeOfKey) {
        this.defaults = parse(defaults);
        this.perIntake = new LinkedHashMap<>();
        perIntake.forEach((intake, list) -> {
            if (list != null && !list.isBlank()) {
                this.perIntake.put(intake, parse(list));
            }
        });
        this.routeExists = routeExists;
        this.intakeOfKey = intakeOfKey;
    }

    /** The intake kind that took the source of a ledger line. */
    public String intakeOf(LedgerEntry entry) {
        return intakeOfKey(entry.sourceKey());
    }

    /**
     * The intake kind that took the source of a report; for the report of an input that could not be
     * read (no source key), the kind its intake route set on the exchange, else {@code file}.
     */
    public String intakeOf(SourceReport report, String intakeOfExchange) {
        if (report.sourceKey() != null) {
            return intakeOfKey(report.sourceKey());
        }
        return intakeOfExchange == null || intakeOfExchange.isBlank() ? FILE : intakeOfExchange;
    }

    private String intakeOfKey(String key) {
        if (key == null) {
            return FILE;
        }
        String intake = known.get(key);
        if (intake == null) {
            intake = intakeOfKey.apply(key);
            known.put(key, intake);
        }
        return intake;
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
            groups.computeIfAbsent(intakeOf(entry), k -> new ArrayList<>()).add(entry);
        }
        return new ArrayList<>(groups.values());
    }

    /** Endpoints (comma list) that receive a group of ledger lines from one intake. */
    public String resultRecipients(@Body List<LedgerEntry> group) {
        return group.isEmpty() ? "" : recipients("results-to-", intakeOf(group.get(0)));
    }

    /** Endpoints (comma list) that receive a finished report. */
    public String reportRecipients(@Body SourceReport report,
            @ExchangeProperty(Headers.INTAKE) String intakeOfExchange) {
        return recipients("report-to-", intakeOf(report, intakeOfExchange));
    }

    /**
     * The report outputs that make files of their own (the CSV files, the watch list's change file, the
     * database's catch-up task): run before the report is written, so that they are there when it is.
     */
    public String fileReportRecipients(@Body SourceReport report,
            @ExchangeProperty(Headers.INTAKE) String intakeOfExchange) {
        return only(reportRecipients(report, intakeOfExchange), false);
    }

    /** The report outputs that send the report on (summary mail, queue completion): run once it is written. */
    public String noticeReportRecipients(@Body SourceReport report,
            @ExchangeProperty(Headers.INTAKE) String intakeOfExchange) {
        return only(reportRecipients(report, intakeOfExchange), true);
    }

    /**
     * What the report says about its outputs ({@code outputs}): every output of the source's intake, the
     * ledger first, with its state when the report is written: {@code done} or {@code failed} for the
     * ledger and the outputs run before the report (or {@code pending} when such an output left work to
     * finish in the background: the database's catch-up), {@code pending} for those that send the report
     * on right after it is written.
     *
     * @param states the outcome of each output run before the report, by output name
     */
    public Map<String, String> states(SourceReport report, String intakeOfExchange, Map<String, String> states) {
        String intake = intakeOf(report, intakeOfExchange);
        Set<String> names = new LinkedHashSet<>(outputsFor(intake));
        if (routeExists.test("report-to-" + intake) || routeExists.test("results-to-" + intake)) {
            names.add(intake);
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (String name : names) {
            String state = states == null ? null : states.get(name);
            if (state == null) {
                state = AFTER_REPORT.contains(name) && routeExists.test("report-to-" + name) ? PENDING : DONE;
            }
            result.put(name, state);
        }
        return result;
    }

    private static String only(String recipients, boolean afterReport) {
        List<String> chosen = new ArrayList<>();
        for (String uri : recipients.split(",")) {
            if (!uri.isEmpty() && AFTER_REPORT.contains(uri.substring("direct:report-to-".length())) == afterReport) {
                chosen.add(uri);
            }
        }
        return String.join(",", chosen);
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
