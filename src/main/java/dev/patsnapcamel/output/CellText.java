package dev.patsnapcamel.output;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns one value of a record into the text of one spreadsheet cell (and of one line in a mail):
 * <ul>
 * <li>text, numbers and booleans as they are (dates stay {@code yyyymmdd} numbers, as the API sends them);</li>
 * <li>a party ({@code {"lang", "name", "sequence"}}) as its name, a list of parties as their names joined
 * with the separator ({@code "; "} by default), a list of texts likewise;</li>
 * <li>anything else (a list of other objects, an object without a name) as compact JSON;</li>
 * <li>a missing value or JSON {@code null} as an empty cell;</li>
 * <li>with the formula guard (the CSV output's, on by default), a text starting with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a CR with a {@code '} in front, so that Excel and the like show it
 * instead of running it (OWASP's advice against CSV injection).</li>
 * </ul>
 */
public final class CellText {

    /** What a spreadsheet may take for the start of a formula (OWASP CSV injection). */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private final String separator;
    private final boolean formulaGuard;

    /** Cells for mails and other text: no formula guard. */
    public CellText(String separator) {
        this(separator, false);
    }

    /**
     * @param formulaGuard whether a text that a spreadsheet would take for a formula (it starts with
     *                     {@code =}, {@code +}, {@code -}, {@code @}, a tab or a CR) gets a {@code '} in
     *                     front ({@code sink.csv.formula-guard}, for the CSV output); numbers, booleans
     *                     and dates are never changed
     */
    public CellText(String separator, boolean formulaGuard) {
        this.separator = separator;
        this.formulaGuard = formulaGuard;
    }

    /** The same cells with the formula guard on or off. */
    public CellText withFormulaGuard(boolean on) {
        return new CellText(separator, on);
    }

    public String separator() {
        return separator;
    }

    public String of(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        return guarded(text(value));
    }

    /** A text as a cell: with the formula guard, {@code '} before a text a spreadsheet would run. */
    public String guarded(String text) {
        if (formulaGuard && !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }

    private String text(JsonNode value) {
        if (value.isValueNode()) {
            return value.asText();
        }
        if (isParty(value)) {
            return value.get("name").asText();
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>(value.size());
            for (JsonNode element : value) {
                if (element.isValueNode() && !element.isNull()) {
                    parts.add(element.asText());
                } else if (isParty(element)) {
                    parts.add(element.get("name").asText());
                } else {
                    return value.toString();
                }
            }
            return String.join(separator, parts);
        }
        return value.toString();
    }

    private static boolean isParty(JsonNode node) {
        return node.isObject() && node.path("name").isTextual();
    }
}
