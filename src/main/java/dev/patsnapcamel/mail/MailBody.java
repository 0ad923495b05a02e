package dev.patsnapcamel.mail;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the two bodies of a mail at once from the same calls: plain text (aligned columns, wide CJK
 * characters counted as two) and HTML (every value escaped, line breaks kept). User data — source names,
 * party names, error messages — never reaches the HTML unescaped.
 */
final class MailBody {

    private static final String CELL = "border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top;"
            + "white-space:pre-wrap";
    private static final String NUMBER = "border:1px solid #ccc;padding:2px 6px;text-align:right";

    private final StringBuilder text = new StringBuilder();
    private final StringBuilder html = new StringBuilder(
            "<!DOCTYPE html>\n<html><head><meta charset=\"UTF-8\"></head>"
                    + "<body style=\"font-family:Arial,Helvetica,sans-serif;font-size:14px\">\n");

    MailBody heading(String title) {
        text.append(title).append('\n').append("=".repeat(Math.min(72, width(title)))).append("\n\n");
        html.append("<h2>").append(escape(title)).append("</h2>\n");
        return this;
    }

    MailBody subheading(String title) {
        text.append(title).append('\n').append("-".repeat(Math.min(72, width(title)))).append('\n');
        html.append("<h3>").append(escape(title)).append("</h3>\n");
        return this;
    }

    MailBody paragraph(String line) {
        text.append(line).append("\n\n");
        html.append("<p style=\"white-space:pre-wrap\">").append(escape(line)).append("</p>\n");
        return this;
    }

    /** Label and value pairs, one per line. */
    MailBody fields(List<String[]> pairs) {
        int labelWidth = pairs.stream().mapToInt(p -> width(p[0])).max().orElse(0);
        html.append("<table style=\"border-collapse:collapse\">\n");
        for (String[] pair : pairs) {
            text.append(pad(pair[0] + ":", labelWidth + 1)).append(' ').append(oneLine(pair[1])).append('\n');
            html.append("<tr><th style=\"").append(CELL).append("\">").append(escape(pair[0])).append("</th><td style=\"")
                    .append(CELL).append("\">").append(escape(pair[1])).append("</td></tr>\n");
        }
        html.append("</table>\n");
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
        html.append("<table style=\"border-collapse:collapse\">\n<tr>");
        for (int i = 0; i < header.size(); i++) {
            html.append("<th style=\"").append(numeric[i] ? NUMBER : CELL).append("\">").append(escape(header.get(i)))
                    .append("</th>");
        }
        html.append("</tr>\n");
        for (List<String> row : rows) {
            html.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                html.append("<td style=\"").append(numeric[i] ? NUMBER : CELL).append("\">").append(escape(row.get(i)))
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
        return this;
    }

    String text() {
        return text.toString().stripTrailing() + "\n";
    }

    String html() {
        return html + "</body></html>\n";
    }

    /** HTML text escaping: the five characters with a meaning in markup and attribute values. */
    static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Columns a text takes in a fixed-width font: East Asian wide characters take two. */
    static int width(String s) {
        return s.codePoints().map(cp -> isWide(cp) ? 2 : 1).sum();
    }

    private static boolean isWide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
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
