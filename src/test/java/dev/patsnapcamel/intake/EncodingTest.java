package dev.patsnapcamel.intake;

import static dev.patsnapcamel.intake.Inputs.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EncodingTest {

    @ParameterizedTest
    @EnumSource(IdFormat.class)
    void refusesLatin1WithTheOffendingByteAndLine(IdFormat format) {
        byte[] latin1 = sample(format, "Société").getBytes(StandardCharsets.ISO_8859_1);
        int offset = indexOf(latin1, (byte) 0xE9);

        assertThatThrownBy(() -> read(latin1, format))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("not valid UTF-8 at byte " + offset + " (line 3): unexpected byte sequence 0xE9; "
                        + "save the file as UTF-8");
    }

    @ParameterizedTest
    @EnumSource(IdFormat.class)
    void refusesANulByteAsBinary(IdFormat format) {
        byte[] content = sample(format, "Soci\0t").getBytes(StandardCharsets.UTF_8);
        int offset = indexOf(content, (byte) 0);

        assertThatThrownBy(() -> read(content, format))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("binary content at byte " + offset + " (line 3): control character 0x00; "
                        + "expected a UTF-8 text file");
    }

    @Test
    void refusesBinaryFilesAtTheirFirstControlCharacter() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};
        byte[] gzip = {0x1F, (byte) 0x8B, 8, 0};

        assertThatThrownBy(() -> read(png, IdFormat.TXT))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageStartingWith("binary content at byte 6 (line 2): control character 0x1A");
        assertThatThrownBy(() -> read(gzip, IdFormat.CSV))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageStartingWith("binary content at byte 0 (line 1): control character 0x1F");
    }

    @Test
    void refusesUtf16() {
        byte[] utf16 = "US11205304B2\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] withMark = new byte[utf16.length + 2];
        withMark[0] = (byte) 0xFF;
        withMark[1] = (byte) 0xFE;
        System.arraycopy(utf16, 0, withMark, 2, utf16.length);

        assertThatThrownBy(() -> read(withMark, IdFormat.TXT))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("not valid UTF-8 at byte 0 (line 1): the file starts with a UTF-16 byte order mark; "
                        + "save the file as UTF-8");
        assertThatThrownBy(() -> read(utf16, IdFormat.TXT))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageStartingWith("binary content at byte 1 (line 1): control character 0x00");
    }

    @Test
    void refusesATruncatedSequenceAtTheEnd() {
        byte[] truncated = {'U', 'S', '1', '\n', (byte) 0xE2, (byte) 0x82};

        assertThatThrownBy(() -> read(truncated, IdFormat.TXT))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage(
                        "not valid UTF-8 at byte 4 (line 2): unexpected byte sequence 0xE2 0x82; save the file as UTF-8");
    }

    @Test
    void reportsTheRightOffsetAndLineFarIntoTheInput() {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (int line = 1; line < 5000; line++) {
            content.writeBytes(("€US" + line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        int offset = content.size() + 2;
        content.writeBytes(new byte[] {'U', 'S', (byte) 0xC3, '(', '\n'});

        assertThatThrownBy(() -> read(content.toByteArray(), IdFormat.TXT))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageStartingWith(
                        "not valid UTF-8 at byte " + offset + " (line 5000): unexpected byte sequence 0xC3;");
    }

    @Test
    void decodesMultiByteCharactersAcrossBufferBoundaries() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            text.append("日本").append(i).append("€𝔘\n");
        }

        assertThat(read(text.toString(), IdFormat.TXT))
                .hasSize(3000)
                .startsWith("日本0€𝔘")
                .endsWith("日本2999€𝔘");
    }

    @Test
    void treatsAStrayByteOrderMarkInsideTheInputAsBlank() {
        byte[] twoMarks = Inputs.withBom("\uFEFFUS11205304B2\n\uFEFFEP1234567B1");

        assertThat(read(twoMarks, IdFormat.TXT)).containsExactly("US11205304B2", "EP1234567B1");
    }

    @Test
    void decodesTextWithoutTheLeadingByteOrderMark() throws IOException {
        try (Reader reader = new Utf8TextReader(Inputs.bytes(Inputs.withBom("a\uFEFFb\u00E9\n")))) {
            StringWriter text = new StringWriter();
            reader.transferTo(text);
            assertThat(text.toString()).isEqualTo("a\uFEFFb\u00E9\n");
        }
        try (Reader reader = new Utf8TextReader(Inputs.utf8("ab"))) {
            StringWriter text = new StringWriter();
            reader.transferTo(text);
            assertThat(text.toString()).isEqualTo("ab");
        }
    }

    /** Three lines in the given format; the last value holds {@code text}. */
    private static String sample(IdFormat format, String text) {
        return switch (format) {
            case TXT -> "# list\nUS11205304B2\n" + text + "\n";
            case CSV -> "patent_number,owner\nUS11205304B2,ACME\nEP1234567B1," + text + "\n";
            case JSON -> "[\n\"US11205304B2\",\n\"" + text + "\"]";
        };
    }

    private static int indexOf(byte[] content, byte wanted) {
        for (int i = 0; i < content.length; i++) {
            if (content[i] == wanted) {
                return i;
            }
        }
        throw new AssertionError("byte not found");
    }
}
