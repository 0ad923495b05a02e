package dev.patsnapcamel.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the two bodies of a mail at once from the same calls: plain text (aligned columns, wide CJK
 * characters counted as two) and HTML, from the template {@code templates/mail/body.ftlh}
 * ({@link MailTemplates}: every value escaped, line breaks kept). User data — source names, party names,
 * error messages — never reaches the HTML unescaped.
 */
final class MailBody {

    private final MailTemplates templates;
    private final StringBuilder text = new StringBuilder();
    /** The blocks the HTML template lays out, in order: {@code kind} and its values. */
    private final List<Map<String, Object>> blocks = new ArrayList<>();

    MailBody(MailTemplates templates) {
        this.templates = templates;
    }

    MailBody heading(String title) {
        text.append(title)
                .append('\n')
                .append("=".repeat(Math.min(72, width(title))))
                .append("\n\n");
        blocks.add(Map.of("kind", "heading", "text", title));
        return this;
    }

    MailBody subheading(String title) {
        text.append(title)
                .append('\n')
                .append("-".repeat(Math.min(72, width(title))))
                .append('\n');
        blocks.add(Map.of("kind", "subheading", "text", title));
        return this;
    }

    MailBody paragraph(String line) {
        text.append(line).append("\n\n");
        blocks.add(Map.of("kind", "paragraph", "text", line));
        return this;
    }

    /** Label and value pairs, one per line. */
    MailBody fields(List<String[]> pairs) {
        int labelWidth = pairs.stream().mapToInt(p -> width(p[0])).max().orElse(0);
        List<List<String>> rows = new ArrayList<>();
        for (String[] pair : pairs) {
            text.append(pad(pair[0] + ":", labelWidth + 1))
                    .append(' ')
                    .append(oneLine(pair[1]))
                    .append('\n');
            rows.add(List.of(orEmpty(pair[0]), orEmpty(pair[1])));
        }
        blocks.add(Map.of("kind", "fields", "rows", rows));
        text.append('\n');
        return this;
    }

    /**
     * A table; {@code numeric} columns are right-aligned. In the text body, cell line breaks become
     * " / " and long cells are cut at {@code maxTextCell} characters (the HTML keeps them whole).
     */
    MailBody table(List<String> header, List<List<String>> rows, boolean[] numeric, int maxTextCell) {
        List<List<String>> textRows = new ArrayList<>();
        textRows.add(header);
        for (List<String> row : rows) {
            textRows.add(row.stream().map(c -> cut(oneLine(c), maxTextCell)).toList());
        }
        int[] widths = new int[header.size()];
        for (List<String> row : textRows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], width(row.get(i)));
            }
        }
        for (int r = 0; r < textRows.size(); r++) {
            List<String> row = textRows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                line.append(i == 0 ? "" : "  ")
                        .append(numeric[i] ? " ".repeat(widths[i] - width(cell)) + cell : pad(cell, widths[i]));
            }
            text.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                StringBuilder rule = new StringBuilder();
                for (int i = 0; i < widths.length; i++) {
                    rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
                }
                text.append(rule).append('\n');
            }
        }
        text.append('\n');
        List<Boolean> numbers = new ArrayList<>();
        for (boolean n : numeric) {
            numbers.add(n);
        }
        List<List<String>> cells = rows.stream()
                .map(row -> row.stream().map(MailBody::orEmpty).toList())
                .toList();
        blocks.add(Map.of("kind", "table", "header", List.copyOf(header), "numeric", numbers, "rows", cells));
        return this;
    }

    String text() {
        return text.toString().stripTrailing() + "\n";
    }

    String html() {
        return templates.render(MailTemplates.BODY, Map.of("blocks", blocks));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** Columns a text takes in a fixed-width font: East Asian wide characters take two. */
    static int width(String s) {
        return s.codePoints().map(cp -> isWide(cp) ? 2 : 1).sum();
    }

    private static boolean isWide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F)
                || (cp >= 0x2E80 && cp <= 0xA4CF)
                || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x20000 && cp <= 0x3FFFD);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - width(s)));
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace("\r\n", " / ").replace('\r', ' ').replace("\n", " / ");
    }

    private static String cut(String s, int max) {
        return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }
}
