package dev.patsnapcamel.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The monitoring files that come with the bundle ({@code deploy/monitoring/}): the PromQL expressions of the
 * Grafana dashboard and of the alert rules, the bundle's metric names they use, and the sample names of a
 * Prometheus exposition.
 */
final class MonitoringFiles {

    static final Path DASHBOARD = Path.of("deploy/monitoring/grafana/patsnap-camel.json");
    static final Path RULES = Path.of("deploy/monitoring/prometheus/patsnap-camel-rules.yml");
    static final Path PROMETHEUS = Path.of("deploy/monitoring/prometheus/prometheus.yml");

    /** A string literal of PromQL (label values, regular expressions). */
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    /** One of the bundle's metric names: starts with patsnap_, not part of a longer identifier. */
    private static final Pattern NAME = Pattern.compile("(?<![A-Za-z0-9_:$])patsnap_[A-Za-z0-9_:]*");
    /** The name of a sample line of the text exposition. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
    /** The series a histogram or a summary adds to its name. */
    private static final Pattern SERIES_SUFFIX = Pattern.compile("_(bucket|count|sum|max)$");

    private MonitoringFiles() {}

    static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(DASHBOARD.toFile());
    }

    static JsonNode rules() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
    }

    /** Every {@code expr} of the dashboard's panels. */
    static List<String> dashboardExpressions() throws IOException {
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard().get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                exprs.add(target.get("expr").asText());
            }
        }
        return exprs;
    }

    /** Every {@code expr} of the alert rules. */
    static List<String> ruleExpressions() throws IOException {
        List<String> exprs = new ArrayList<>();
        for (JsonNode group : rules().get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                exprs.add(rule.get("expr").asText());
            }
        }
        return exprs;
    }

    /** The bundle's metric names in the expressions (identifiers starting with {@code patsnap_}). */
    static Set<String> metricNames(List<String> exprs) {
        Set<String> names = new TreeSet<>();
        for (String expr : exprs) {
            Matcher m = NAME.matcher(STRING.matcher(expr).replaceAll("\"\""));
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }

    /** The names of the samples of a Prometheus text exposition ({@code _bucket}, {@code _count}... as served). */
    static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /**
     * The names in {@code used} that none of the metrics {@code known} is or serves: a histogram's or a
     * summary's {@code _bucket}, {@code _count}, {@code _sum} and {@code _max} count as its name (a counter's
     * {@code _total} has none).
     */
    static Set<String> unknown(Set<String> used, Set<String> known) {
        Set<String> missing = new TreeSet<>();
        for (String name : used) {
            String base = SERIES_SUFFIX.matcher(name).replaceFirst("");
            if (!known.contains(name) && (base.endsWith("_total") || !known.contains(base))) {
                missing.add(name);
            }
        }
        return missing;
    }

    /** The metric names of the table in docs/operations.md (first column, {@code patsnap_...}). */
    static Set<String> documentedMetrics() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `(patsnap_[a-z0-9_]+)`")
                .matcher(Files.readString(Path.of("docs/operations.md")));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
