package dev.patsnapcamel.sink;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

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
public record MailSettings(Map<String, List<String>> recipients, String subjectPrefix, int maxRows, boolean attach,
        long attachMaxBytes, long alertMaxAgeMs) {

    public static final String SUMMARY = "summary";
    public static final String ALERT = "alert";
    public static final String CHANGES = "changes";

    public List<String> to(String kind) {
        return recipients.getOrDefault(kind, List.of());
    }

    /** The items of a comma list (addresses, column names), trimmed, blanks and repeats left out. */
    public static List<String> items(String list) {
        return list == null ? List.of()
                : Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    /** A subject: the prefix, a space, the text. */
    String subject(String text) {
        return subjectPrefix == null || subjectPrefix.isBlank() ? text : subjectPrefix.trim() + " " + text;
    }
}
