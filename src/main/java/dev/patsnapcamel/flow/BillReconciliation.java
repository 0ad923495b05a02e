package dev.patsnapcamel.flow;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.api.ApiClientSettings;
import dev.patsnapcamel.api.DailyBudget;
import dev.patsnapcamel.api.PatsnapAccount;
import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.ops.Alerts;
import dev.patsnapcamel.ops.LogSafe;
import dev.patsnapcamel.state.BilledResults;

/**
 * The daily reconciliation of the bill (route {@code bill-reconcile}): asks PatSnap's usage statement
 * ({@code POST /open-user/statement/v2}, the credentials in the form body, never in the URL) for a budget
 * day, records PatSnap's count next to the bundle's per endpoint ({@code patsnap_bill_check}), and raises
 * a {@code bill-mismatch} alert when the billed results of an endpoint differ by more than
 * {@code patsnap.reconcile.tolerance}. The statement's answer is read leniently (see docs/sandbox.md: no
 * public client shows it): {@code data} an object with {@code items} (or {@code list}) or an array; per item
 * the path ({@code path}, {@code api_path} or {@code url}), the calls ({@code calls}, {@code call_count}) and
 * the results billed ({@code cost}, {@code results}, {@code billed}).
 */
public final class BillReconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(BillReconciliation.class);

    private final PatsnapAccount account;
    private final ApiClientSettings client;
    private final BilledResults store;
    private final DailyBudget days;
    private final Alerts alerts;
    private final ObjectMapper json;
    private final Clock clock;
    private final ZoneId zone;
    private final LocalTime reset;
    private final Map<String, String> endpointOfPath;
    private final List<String> endpoints;
    private final String statementPath;
    private final long tolerance;
    private final Duration after;

    @SuppressWarnings("java:S107") // the settings it is made of
    public BillReconciliation(
            PatsnapAccount account,
            ApiClientSettings client,
            BilledResults store,
            DailyBudget days,
            Alerts alerts,
            ObjectMapper json,
            Clock clock,
            ZoneId zone,
            LocalTime reset,
            Map<String, String> pathOfEndpoint,
            List<String> endpoints,
            String statementPath,
            long tolerance,
            Duration after) {
        this.account = account;
        this.client = client;
        this.store = store;
        this.days = days;
        this.alerts = alerts;
        this.json = json;
        this.clock = clock;
        this.zone = zone;
        this.reset = reset;
        this.endpointOfPath = new LinkedHashMap<>();
        pathOfEndpoint.forEach((endpoint, path) -> endpointOfPath.put(path, endpoint));
        this.endpoints = List.copyOf(endpoints);
        this.statementPath = statementPath;
        this.tolerance = tolerance;
        this.after = after;
    }

    /** Whether yesterday's bill is due for its reconciliation (over for {@code after}, not reconciled yet). */
    public boolean due(Exchange exchange) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.parse(days.dayOf(now));
        String yesterday = today.minusDays(1).toString();
        if (now.isBefore(start(today).plus(after)) || store.reconciled(yesterday)) {
            return false;
        }
        exchange.setProperty(Headers.BILL_DAY, yesterday);
        return true;
    }

    /** The statement request for the day of {@link Headers#BILL_DAY} (yesterday when absent). */
    public void request(Exchange exchange) {
        String day = exchange.getProperty(Headers.BILL_DAY, String.class);
        if (day == null || day.isBlank()) {
            day = LocalDate.parse(days.dayOf(clock.instant())).minusDays(1).toString();
        }
        LocalDate date = LocalDate.parse(day); // refuses anything but yyyy-MM-dd
        exchange.setProperty(Headers.BILL_DAY, date.toString());
        boolean key = account.scheme() == PatsnapAccount.Scheme.API_KEY;
        StringBuilder form =
                new StringBuilder().append("apikey=").append(encode(key ? account.apiKey() : account.clientId()));
        if (!key) {
            form.append("&client_secret=").append(encode(account.clientSecret()));
        }
        form.append("&time_start=").append(start(date).toEpochMilli());
        form.append("&time_end=").append(start(date.plusDays(1)).toEpochMilli());
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
        message.setHeader("Accept", "application/json");
        message.setHeader(ApiClientSettings.VERSION_HEADER, ApiClientSettings.API_VERSION);
        message.setHeader("User-Agent", client.userAgent());
        message.setBody(form.toString());
        exchange.setProperty(Headers.STATEMENT_URL, account.baseUrl() + statementPath);
    }

    /** Reads the statement, records both counts per endpoint and raises {@code bill-mismatch} when they differ. */
    public void compare(Exchange exchange) throws java.io.IOException {
        String day = exchange.getProperty(Headers.BILL_DAY, String.class);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String text = exchange.getMessage().getBody(String.class);
        exchange.getMessage().setBody(null);
        if (status != null && status != 200) {
            throw new IllegalStateException("PatSnap's usage statement answered HTTP " + status);
        }
        JsonNode answer = json.readTree(text == null ? "" : text);
        if (answer == null || !answer.path("status").asBoolean(false)) {
            throw new IllegalStateException("PatSnap's usage statement answered "
                    + LogSafe.of(
                            answer == null
                                    ? "nothing"
                                    : answer.path("error_code").asText("no status")));
        }
        Map<String, BilledResults.Count> theirs = statement(answer.path("data"));
        Map<String, BilledResults.Count> ours = store.day(day);
        Set<String> all = new LinkedHashSet<>(endpoints);
        all.addAll(ours.keySet());
        all.addAll(theirs.keySet());
        String now = clock.instant().toString();
        List<Map<String, Object>> differences = new ArrayList<>();
        BilledResults.Count none = new BilledResults.Count(0, 0);
        for (String endpoint : all) {
            BilledResults.Count our = ours.getOrDefault(endpoint, none);
            BilledResults.Count their = theirs.getOrDefault(endpoint, none);
            store.checked(day, endpoint, our, their, now);
            if (Math.abs(our.results() - their.results()) > tolerance) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("endpoint", endpoint);
                d.put("ours", our.results());
                d.put("theirs", their.results());
                d.put("our_calls", our.calls());
                d.put("their_calls", their.calls());
                differences.add(d);
            }
        }
        if (differences.isEmpty()) {
            LOG.info("Bill of {} reconciled with PatSnap's statement: {} endpoints agree", day, all.size());
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("day", day);
        details.put("tolerance", tolerance);
        details.put("endpoints", differences);
        alerts.raise(
                "bill-mismatch",
                "warning",
                "PatSnap's usage statement for " + day
                        + " differs from the bundle's count of billed results by more than " + tolerance
                        + " (patsnap.reconcile.tolerance): " + summary(differences),
                details);
    }

    private Map<String, BilledResults.Count> statement(JsonNode data) {
        JsonNode items = data.isArray() ? data : data.has("items") ? data.get("items") : data.path("list");
        Map<String, BilledResults.Count> counts = new LinkedHashMap<>();
        for (JsonNode item : items) {
            String path = first(item, "path", "api_path", "url").asText("");
            int query = path.indexOf('?');
            path = query < 0 ? path : path.substring(0, query);
            String endpoint = null;
            for (Map.Entry<String, String> known : endpointOfPath.entrySet()) {
                if (path.endsWith(known.getKey())) {
                    endpoint = known.getValue();
                }
            }
            if (endpoint == null) {
                continue; // a path the bundle does not call (another application of the account)
            }
            long calls = first(item, "calls", "call_count", "count").asLong(0);
            long cost = first(item, "cost", "results", "billed").asLong(0);
            counts.merge(
                    endpoint,
                    new BilledResults.Count(cost, calls),
                    (a, b) -> new BilledResults.Count(a.results() + b.results(), a.calls() + b.calls()));
        }
        return counts;
    }

    private Instant start(LocalDate day) {
        return day.atTime(reset).atZone(zone).toInstant();
    }

    private static JsonNode first(JsonNode item, String... names) {
        for (String name : names) {
            if (item.has(name) && !item.get(name).isNull()) {
                return item.get(name);
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static String summary(List<Map<String, Object>> differences) {
        StringBuilder s = new StringBuilder();
        for (Map<String, Object> d : differences) {
            s.append(s.length() == 0 ? "" : "; ")
                    .append(d.get("endpoint"))
                    .append(": ours ")
                    .append(d.get("ours"))
                    .append(", PatSnap's ")
                    .append(d.get("theirs"));
        }
        return s.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
