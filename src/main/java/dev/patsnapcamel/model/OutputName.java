package dev.patsnapcamel.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Objects;

import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * The one place where a source's name becomes the name of a file the bundle writes (its report, its
 * CSV folder, its change file, mail attachments) or the name an input moves under ({@code .done/},
 * {@code .failed/}, {@code .skipped/}).
 * <p>
 * The source itself always keeps its exact name; only the file names are derived, so that they are
 * collision-free and within file-system limits (255 bytes per name component):
 * <ul>
 *   <li>A name made only of letters and digits (any script: {@code 特許リスト.txt} too), spaces inside it
 *       and {@code . _ - + ( ) [ ] , @ = #}, in Unicode's composed form (NFC), not starting with {@code .},
 *       not ending with a space or a dot, and of at most {@value #KEPT_MAX} bytes in UTF-8 is kept as it is
 *       ({@code batch-0915.txt}, {@code Q3 list (final).csv}). On a Linux file system two such names
 *       are two files, so kept names never collide.</li>
 *   <li>Any other name (a {@code /}, {@code :}, {@code ~}, a control character, a decomposed accent, too
 *       long...) gets a readable form (every other character as {@code _}, a leading {@code .} as
 *       {@code _}, cut to {@value #PREFIX_MAX} characters), then {@code ~} and the first {@value #HASH_HEX}
 *       hex digits of the SHA-256 of the exact name in UTF-8: {@code sftp:host/inbox/a.txt} becomes
 *       {@code sftp_host_inbox_a.txt~3c2d...}. As {@code ~} is never part of a kept name, a derived name
 *       can never equal a kept one, and two different names get different derived names.</li>
 * </ul>
 * A script can work the name out: {@code printf '%s' "$name" | sha256sum | cut -c1-12}.
 */
public final class OutputName {

    /** The most UTF-8 bytes of a name kept as it is (leaves room for suffixes such as {@code .json}, {@code .jsonl.tmp}). */
    public static final int KEPT_MAX = 200;
    /** How much of the readable form a derived name keeps. */
    public static final int PREFIX_MAX = 100;
    /** How many hex digits of the SHA-256 a derived name carries (48 bits). */
    public static final int HASH_HEX = 12;
    /** Most bytes of a moved input's name, leaving room for the {@code yyyyMMdd-HHmmss.SSS-} prefix of a move. */
    static final int MOVED_MAX_BYTES = 230;

    private static final char MARK = '~';

    private OutputName() {}

    /**
     * @param source a source's exact name
     * @return the base name of the files derived from it (add {@code .json}, {@code .jsonl}, ...)
     */
    public static String of(String source) {
        Objects.requireNonNull(source, "source");
        if (kept(source)) {
            return source;
        }
        StringBuilder readable = new StringBuilder(PREFIX_MAX + 1 + HASH_HEX);
        int[] points = source.codePoints().toArray();
        for (int i = 0; i < points.length && readable.length() < PREFIX_MAX; i++) {
            int c = points[i];
            boolean keep = c < 0x80 && safe(c) && c != ' ' && !(i == 0 && c == '.');
            readable.append(keep ? (char) c : '_');
        }
        return readable.append(MARK).append(hash(source)).toString();
    }

    /**
     * The name an input is moved under (after a time stamp) on the file system it came from: the exact
     * name when it fits, else {@link #of} (a name too long for the prefix of the move). The intake routes
     * call it with the file's name from its header (never parsed as part of an expression).
     */
    public static String moved(@Header(Exchange.FILE_NAME_ONLY) String fileName) {
        Objects.requireNonNull(fileName, "fileName");
        boolean fits = !fileName.isEmpty()
                && fileName.indexOf('/') < 0
                && fileName.indexOf('\0') < 0
                && fileName.getBytes(StandardCharsets.UTF_8).length <= MOVED_MAX_BYTES;
        return fits ? fileName : of(fileName);
    }

    /** Whether a name is used as it is. */
    static boolean kept(String name) {
        if (name.isEmpty()
                || name.charAt(0) == '.'
                || name.charAt(0) == ' '
                || name.endsWith(" ")
                || name.endsWith(".")
                || name.getBytes(StandardCharsets.UTF_8).length > KEPT_MAX
                || !Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
            return false;
        }
        return name.codePoints().allMatch(OutputName::safe);
    }

    /** Letters and digits of any script, the marks that composed text keeps, and a few harmless signs. */
    private static boolean safe(int c) {
        if (c < 0x80) {
            return (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || " ._-+()[],@=#".indexOf(c) >= 0;
        }
        int type = Character.getType(c);
        return Character.isLetterOrDigit(c)
                || type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }

    private static String hash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_HEX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
