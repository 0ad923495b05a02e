package dev.patsnapcamel.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small inputs for the reader tests. */
final class Inputs {

    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private Inputs() {}

    static InputStream utf8(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static InputStream bytes(byte[] content) {
        return new ByteArrayInputStream(content);
    }

    static byte[] withBom(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[BOM.length + body.length];
        System.arraycopy(BOM, 0, all, 0, BOM.length);
        System.arraycopy(body, 0, all, BOM.length, body.length);
        return all;
    }

    /** Reads all values of a small input, and checks that scan() counts the same number. */
    static List<String> read(byte[] content, IdFormat format) {
        return read(content, format, IntakeLimits.DEFAULTS);
    }

    /** As {@link #read(byte[], IdFormat)}, within these limits. */
    static List<String> read(byte[] content, IdFormat format, IntakeLimits limits) {
        List<String> values = new ArrayList<>();
        try (CloseableIterator<String> iterator = IdReader.values(bytes(content), format, limits)) {
            iterator.forEachRemaining(values::add);
        }
        assertThat(IdReader.scan(bytes(content), format, limits)).isEqualTo(values.size());
        return values;
    }

    static List<String> read(String content, IdFormat format, IntakeLimits limits) {
        return read(content.getBytes(StandardCharsets.UTF_8), format, limits);
    }

    static List<String> read(String content, IdFormat format) {
        return read(content.getBytes(StandardCharsets.UTF_8), format);
    }
}
