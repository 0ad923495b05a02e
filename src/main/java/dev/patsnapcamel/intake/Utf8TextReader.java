package dev.patsnapcamel.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Decodes a byte stream as strict UTF-8, chunk by chunk, and refuses anything that is not text.
 *
 * <ul>
 *   <li>A leading UTF-8 byte order mark is skipped.</li>
 *   <li>Malformed UTF-8 (for example a Latin-1 {@code é}, or a UTF-16 file) throws
 *       {@link UnreadableInputException} naming the byte offset and line.</li>
 *   <li>A control character other than tab, line feed, form feed and carriage return (a NUL byte,
 *       say) throws {@link UnreadableInputException} reporting binary content.</li>
 * </ul>
 *
 * Control characters are checked on the raw bytes: in UTF-8 a byte below 0x80 is always an ASCII
 * character, never part of a longer sequence, so the offsets reported are exact.
 */
final class Utf8TextReader extends Reader {

    private static final int BUFFER_SIZE = 8192;
    private static final String SAVE_AS_UTF8 = "save the file as UTF-8";

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    /** Bytes read but not decoded yet; kept in read mode. */
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER_SIZE).flip();
    /** Characters decoded but not handed out yet; kept in read mode. */
    private final CharBuffer chars = CharBuffer.allocate(BUFFER_SIZE).flip();

    private long bytesRead;
    private long lineFeedBytes;
    private long lineFeedChars;
    private boolean started;
    private boolean endOfStream;
    private boolean flushed;

    Utf8TextReader(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) {
            return 0;
        }
        if (!chars.hasRemaining() && !decodeMore()) {
            return -1;
        }
        int count = Math.min(length, chars.remaining());
        chars.get(target, offset, count);
        return count;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Refills {@link #chars}; returns false at the end of the input. */
    private boolean decodeMore() throws IOException {
        if (!started) {
            start();
        }
        chars.clear();
        while (chars.position() == 0 && !flushed) {
            int before = chars.position();
            CoderResult result = decoder.decode(bytes, chars, endOfStream);
            countLineFeeds(before);
            if (result.isError()) {
                throw notUtf8(result.length());
            }
            if (result.isUnderflow()) {
                if (endOfStream) {
                    decoder.flush(chars);
                    flushed = true;
                } else {
                    fill();
                }
            }
        }
        chars.flip();
        return chars.hasRemaining();
    }

    /** Reads the first bytes, refuses UTF-16 and skips a UTF-8 byte order mark. */
    private void start() throws IOException {
        started = true;
        byte[] buffer = bytes.array();
        int count = 0;
        while (count < 3) {
            int n = in.read(buffer, count, buffer.length - count);
            if (n < 0) {
                endOfStream = true;
                break;
            }
            count += n;
        }
        if (count >= 2 && (startsWith(buffer, 0xFF, 0xFE) || startsWith(buffer, 0xFE, 0xFF))) {
            throw new UnreadableInputException(
                    "not valid UTF-8 at byte 0 (line 1): the file starts with a UTF-16 byte order mark; "
                            + SAVE_AS_UTF8);
        }
        inspect(buffer, 0, count);
        bytes.limit(count);
        if (count >= 3 && startsWith(buffer, 0xEF, 0xBB, 0xBF)) {
            bytes.position(3);
        }
    }

    /** Reads more bytes behind the ones not decoded yet. */
    private void fill() throws IOException {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            endOfStream = true;
        } else {
            inspect(bytes.array(), bytes.position(), n);
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    /** Refuses control characters in freshly read bytes and keeps count of offsets and lines. */
    private void inspect(byte[] buffer, int from, int count) {
        for (int i = from; i < from + count; i++) {
            byte b = buffer[i];
            if (b == '\n') {
                lineFeedBytes++;
            } else if (isBinary(b)) {
                long offset = bytesRead + (i - from);
                throw new UnreadableInputException(String.format(
                        "binary content at byte %d (line %d): control character 0x%02X; expected a UTF-8 text file",
                        offset, lineFeedBytes + 1, b));
            }
        }
        bytesRead += count;
    }

    private static boolean isBinary(byte b) {
        return (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\f' && b != '\r') || b == 0x7F;
    }

    private void countLineFeeds(int from) {
        for (int i = from; i < chars.position(); i++) {
            if (chars.get(i) == '\n') {
                lineFeedChars++;
            }
        }
    }

    private UnreadableInputException notUtf8(int length) {
        long offset = bytesRead - bytes.remaining();
        StringBuilder sequence = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sequence.append(i == 0 ? "" : " ").append(String.format("0x%02X", bytes.get(bytes.position() + i)));
        }
        return new UnreadableInputException(String.format(
                "not valid UTF-8 at byte %d (line %d): unexpected byte sequence %s; %s",
                offset, lineFeedChars + 1, sequence, SAVE_AS_UTF8));
    }

    private static boolean startsWith(byte[] buffer, int... prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if ((buffer[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
