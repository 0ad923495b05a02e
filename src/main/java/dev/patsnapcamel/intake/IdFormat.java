package dev.patsnapcamel.intake;

import java.util.Locale;
import java.util.Objects;

/** The input file formats an ID list can come in. */
public enum IdFormat {
    /** Plain text: IDs separated by new lines, commas, semicolons or white space; {@code #} comment lines. */
    TXT,
    /** CSV with a header row naming a {@code patent_number} and/or {@code patent_id} column. */
    CSV,
    /** A JSON array of strings, or of objects with {@code patent_number} and/or {@code patent_id}. */
    JSON;

    /**
     * Picks the format from a file name's extension, ignoring case: {@code .txt} or no extension is
     * {@link #TXT}, {@code .csv} is {@link #CSV}, {@code .json} is {@link #JSON}. A leading directory
     * part is ignored, and so is the dot of a hidden file ({@code .ids} has no extension).
     *
     * @param name a file name or path
     * @return the format
     * @throws UnreadableInputException for any other extension
     */
    public static IdFormat forFileName(String name) {
        Objects.requireNonNull(name, "name");
        String fileName = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        int dot = fileName.lastIndexOf('.');
        String extension = dot > 0 ? fileName.substring(dot + 1) : "";
        return switch (extension.toLowerCase(Locale.ROOT)) {
            case "", "txt" -> TXT;
            case "csv" -> CSV;
            case "json" -> JSON;
            default ->
                throw new UnreadableInputException(
                        "unsupported file type '." + extension + "' (expected .txt, .csv, .json or no extension)");
        };
    }
}
