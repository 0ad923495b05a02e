package dev.patsnapcamel.queue;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/** The format of a queue request's ID list: the one it names ({@code PatsnapFormat}) or the one its content shows. */
final class RequestFormat {

    /** The formats a request may name. */
    static final Set<String> FORMATS = Set.of("txt", "csv", "json");

    private RequestFormat() {}

    /** Whether a declared format is one of {@link #FORMATS} (case and spaces aside). */
    static boolean known(String declared) {
        return FORMATS.contains(declared.trim().toLowerCase(Locale.ROOT));
    }

    /** Whether the content has anything but white space and a byte order mark. */
    static boolean empty(byte[] content) {
        return firstContent(content) < 0;
    }

    /**
     * The format of a request that does not name one: {@code json} when it starts with {@code [} (or
     * {@code {}, which then is refused as not an array),
     * {@code csv} when its first line has a {@code patent_number} or {@code patent_id} column, else {@code txt}.
     */
    static String detect(byte[] content) {
        int start = firstContent(content);
        if (start >= 0 && (content[start] == '[' || content[start] == '{')) {
            return "json";
        }
        int end = start;
        while (end >= 0 && end < content.length && end - start < 4096 && content[end] != '\n' && content[end] != '\r') {
            end++;
        }
        if (start >= 0) {
            String firstLine = new String(content, start, end - start, StandardCharsets.UTF_8);
            for (String cell : firstLine.split("[,;]")) {
                String name = cell.trim().replace("\"", "").toLowerCase(Locale.ROOT);
                if (name.equals("patent_number") || name.equals("patent_id")) {
                    return "csv";
                }
            }
        }
        return "txt";
    }

    /** The index of the first byte that is not white space or a UTF-8 byte order mark, or -1. */
    private static int firstContent(byte[] content) {
        int i = content.length >= 3
                        && (content[0] & 0xff) == 0xef
                        && (content[1] & 0xff) == 0xbb
                        && (content[2] & 0xff) == 0xbf
                ? 3
                : 0;
        for (; i < content.length; i++) {
            if (!Character.isWhitespace(content[i])) {
                return i;
            }
        }
        return -1;
    }
}
