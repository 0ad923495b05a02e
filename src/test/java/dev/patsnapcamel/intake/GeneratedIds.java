package dev.patsnapcamel.intake;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * An ID list that is generated while it is read, never held in memory: {@code count} distinct patent
 * numbers {@code US10000000B2}, {@code US10000001B2}... in the given format. TXT alternates the
 * separators; CSV adds a second column.
 */
final class GeneratedIds extends InputStream {

    private static final int VALUES_PER_CHUNK = 1000;
    private static final String[] TXT_SEPARATORS = {"\n", ",", " ", ";", "\r\n"};

    private final IdFormat format;
    private final int count;
    private int generated;
    private boolean ended;
    private byte[] chunk;
    private int position;
    private long served;

    GeneratedIds(IdFormat format, int count) {
        this.format = format;
        this.count = count;
        this.chunk = switch (format) {
            case TXT -> "# generated\n".getBytes(StandardCharsets.UTF_8);
            case CSV -> "patent_number,title\n".getBytes(StandardCharsets.UTF_8);
            case JSON -> "[".getBytes(StandardCharsets.UTF_8);
        };
    }

    static String value(int index) {
        return "US" + (10_000_000 + index) + "B2";
    }

    /** @return how many bytes were handed out so far */
    long served() {
        return served;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        while (position == chunk.length) {
            if (ended) {
                return -1;
            }
            nextChunk();
        }
        int n = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, target, offset, n);
        position += n;
        served += n;
        return n;
    }

    private void nextChunk() {
        StringBuilder text = new StringBuilder();
        int end = Math.min(count, generated + VALUES_PER_CHUNK);
        for (; generated < end; generated++) {
            switch (format) {
                case TXT -> text.append(value(generated)).append(TXT_SEPARATORS[generated % TXT_SEPARATORS.length]);
                case CSV ->
                    text.append(value(generated))
                            .append(",\"Widget, No. ")
                            .append(generated)
                            .append("\"\n");
                case JSON ->
                    text.append(generated == 0 ? "\n\"" : ",\n\"")
                            .append(value(generated))
                            .append('"');
            }
        }
        if (generated == count) {
            ended = true;
            if (format == IdFormat.JSON) {
                text.append("\n]\n");
            }
        }
        chunk = text.toString().getBytes(StandardCharsets.UTF_8);
        position = 0;
    }
}
