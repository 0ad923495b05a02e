package dev.patsnapcamel.mail;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * What the mails look like and who gets them.
 *
 * @param recipients     per kind ({@link #SUMMARY}, {@link #ALERT}, {@link #CHANGES}) the addresses; none means
 *                       that kind is not sent
 * @param subjectPrefix  put before every subject, e.g. {@code [patsnap-camel]}
 * @param maxRows        most rows a list in a mail shows (failures, changes); the rest is counted
 * @param attach         attach the CSV files to the summary and the change file to a change mail
 * @param attachMaxBytes larger files are not attached; the mail gives their path instead
 * @param alertMaxAgeMs  alerts older than this are not mailed (so that enabling mail does not send old ones)
 */
public record MailSettings(
        Map<String, List<String>> recipients,
        String subjectPrefix,
        int maxRows,
        boolean attach,
        long attachMaxBytes,
        long alertMaxAgeMs) {

    public static final String SUMMARY = "summary";
    public static final String ALERT = "alert";
    public static final String CHANGES = "changes";

    /** Reads {@code mail.to.*}, {@code mail.subject-prefix}, {@code mail.max-rows}, {@code mail.attach*} and
     * {@code mail.alerts.max-age} ({@code setting.apply(key, default)}). */
    public static MailSettings from(BinaryOperator<String> setting) {
        Map<String, List<String>> recipients = new LinkedHashMap<>();
        recipients.put(SUMMARY, items(setting.apply("mail.to.summary", "")));
        recipients.put(ALERT, items(setting.apply("mail.to.alerts", "")));
        recipients.put(CHANGES, items(setting.apply("mail.to.changes", "")));
        return new MailSettings(
                recipients,
                setting.apply("mail.subject-prefix", "[patsnap-camel]"),
                Integer.parseInt(setting.apply("mail.max-rows", "50")),
                Boolean.parseBoolean(setting.apply("mail.attach", "true")),
                Long.parseLong(setting.apply("mail.attach.max-bytes", "10485760")),
                Long.parseLong(setting.apply("mail.alerts.max-age", "86400000")));
    }

    /** Who gets each kind, for the start-up log line. */
    public String describe() {
        return "summaries " + describe(SUMMARY, "mail.to.summary") + ", alerts " + describe(ALERT, "mail.to.alerts")
                + ", changes " + describe(CHANGES, "mail.to.changes");
    }

    private String describe(String kind, String key) {
        return to(kind).isEmpty() ? "not sent (" + key + " is empty)" : "to " + to(kind).size() + " recipient(s)";
    }

    public List<String> to(String kind) {
        return recipients.getOrDefault(kind, List.of());
    }

    /** The items of a comma list (addresses, column names), trimmed, blanks and repeats left out. */
    public static List<String> items(String list) {
        return list == null
                ? List.of()
                : Arrays.stream(list.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .distinct()
                        .toList();
    }

    /**
     * A subject: the prefix, a space, the text. A subject is one header line: line breaks and other control
     * characters (a source's file name may hold them) become a space, so no value can add a header.
     */
    String subject(String text) {
        String line = text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ");
        return subjectPrefix == null || subjectPrefix.isBlank() ? line : subjectPrefix.trim() + " " + line;
    }
}
