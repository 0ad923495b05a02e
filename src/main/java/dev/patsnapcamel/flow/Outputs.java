package dev.patsnapcamel.flow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.model.SourceReport;

/**
 * Which outputs a source's ledger lines, report and change events go to, per intake. The routes list the
 * outputs themselves ({@code results-publish}, {@code report-write}, {@code report-publish},
 * {@code changes-publish}: one branch per output, e.g. {@code direct:report-to-csv}); each branch asks the
 * exchange property {@link Headers#OUTPUTS}, which this bean works out: the ledger (always, written by
 * {@code ledger-settle}), every output named in {@code outputs} or in the intake's own
 * {@code <intake>.outputs}, and the intake itself when it takes part ({@link #TAKING_PART}: a queue request's
 * results and completion message, a watch-list run's snapshot and change file).
 * <p>
 * Sources are told apart by the intake kind their intake route recorded with them in the state database
 * ({@code file}, {@code sftp}, {@code queue}, {@code watchlist}; see {@link Headers#INTAKE}), never by
 * their name: a file named {@code queue:ID:...} is a file, and its results go to no queue.
 */
public final class Outputs {

    /** The output that is always on. */
    public static final String LEDGER = "ledger";
    /** The outputs {@code outputs} may name: the ledger, those the routes offer, and the intakes that take part. */
    public static final Set<String> KNOWN = Set.of(LEDGER, "csv", "jdbc", "mail", "queue", "watchlist");
    /** Intakes that are outputs of their own sources too (routes results-to-queue, report-to-watchlist...). */
    public static final Set<String> TAKING_PART = Set.of("queue", "watchlist");
    /** Report outputs that send the report on, and so run after it is written. */
    public static final Set<String> AFTER_REPORT = Set.of("mail", "queue");

    public static final String DONE = "done";
    public static final String PENDING = "pending";
    public static final String FAILED = "failed";
    /** The intake kind of the watched folder, and of anything whose kind is not known. */
    public static final String FILE = "file";
    /** The intake kind of the watch list, the only one with change events. */
    public static final String WATCHLIST = "watchlist";

    private final Set<String> defaults;
    private final Map<String, Set<String>> perIntake;
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
     * @param intakeOfKey the recorded intake kind of a source, by its key
     */
    public Outputs(String defaults, Map<String, String> perIntake, Function<String, String> intakeOfKey) {
        this.defaults = parse(defaults);
        this.perIntake = new LinkedHashMap<>();
        perIntake.forEach((intake, list) -> {
            if (list != null && !list.isBlank()) {
                this.perIntake.put(intake, parse(list));
            }
        });
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
    /**
     * Whether an output is used by any intake ({@code outputs} or an {@code <intake>.outputs}); the optional
     * routes' {@code precondition}s and the wiring of their beans ask this.
     */
    public boolean has(String output) {
        return named().contains(output);
    }

    public Set<String> named() {
        Set<String> all = new LinkedHashSet<>(defaults);
        perIntake.values().forEach(all::addAll);
        all.add(LEDGER);
        return all;
    }

    /** Checks that every named output is one of {@link #KNOWN}; fails with the list of those an operator names if not. */
    public void check() {
        for (String output : named()) {
            if (!KNOWN.contains(output)) {
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

    /** {@link Headers#OUTPUTS} for a group of ledger lines of one intake (see {@link #byIntake}). */
    public Set<String> ofResults(@Body List<LedgerEntry> group) {
        return group.isEmpty() ? Set.of() : of(intakeOf(group.get(0)));
    }

    /** {@link Headers#OUTPUTS} for a finished report. */
    public Set<String> ofReport(@Body SourceReport report, @ExchangeProperty(Headers.INTAKE) String intakeOfExchange) {
        return of(intakeOf(report, intakeOfExchange));
    }

    /** {@link Headers#OUTPUTS} for the change events of a watch-list run. */
    public Set<String> ofChanges() {
        return of(WATCHLIST);
    }

    /** The outputs of an intake's sources: the ledger, the intake's outputs, and the intake if it takes part. */
    Set<String> of(String intake) {
        Set<String> outputs = outputsFor(intake);
        if (TAKING_PART.contains(intake)) {
            outputs.add(intake);
        }
        return Collections.unmodifiableSet(outputs);
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
        Map<String, String> result = new LinkedHashMap<>();
        for (String name : of(intakeOf(report, intakeOfExchange))) {
            String state = states == null ? null : states.get(name);
            if (state == null) {
                state = AFTER_REPORT.contains(name) ? PENDING : DONE;
            }
            result.put(name, state);
        }
        return result;
    }

    private static Set<String> parse(String list) {
        Set<String> names = new LinkedHashSet<>();
        Arrays.stream(list == null ? new String[0] : list.split(","))
                .map(String::trim)
                .map(String::toLowerCase)
                .filter(s -> !s.isEmpty())
                .forEach(names::add);
        return names;
    }
}
