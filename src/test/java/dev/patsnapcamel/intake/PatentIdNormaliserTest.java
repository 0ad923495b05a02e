package dev.patsnapcamel.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.patsnapcamel.model.PatentQuery;
import dev.patsnapcamel.model.PatentQuery.Kind;

class PatentIdNormaliserTest {

    @ParameterizedTest(name = "[{0}] -> {1} ({2})")
    @CsvSource(delimiter = '|', textBlock = """
            US11205304B2                           | US11205304B2                         | PATENT_NUMBER
            us-11205304-b2                         | US11205304B2                         | PATENT_NUMBER
            ep.1234567.b1                          | EP1234567B1                          | PATENT_NUMBER
            '  CN1394453A  '                       | CN1394453A                           | PATENT_NUMBER
            ES2576A1                               | ES2576A1                             | PATENT_NUMBER
            JP4627367B2                            | JP4627367B2                          | PATENT_NUMBER
            WO2020123456A1                         | WO2020123456A1                       | PATENT_NUMBER
            USRE45678E                             | USRE45678E                           | PATENT_NUMBER
            USD912345S                             | USD912345S                           | PATENT_NUMBER
            USPP12345P2                            | USPP12345P2                          | PATENT_NUMBER
            EP1234567B1                            | EP1234567B1                          | PATENT_NUMBER
            CN201710123456                         | CN201710123456                       | PATENT_NUMBER
            US 11205304 B2                         | US11205304B2                         | PATENT_NUMBER
            'US\u00A011205304\u00A0B2'             | US11205304B2                         | PATENT_NUMBER
            718EAD9C-0A2B-4C3D-8E9F-0A1B2C3D4E5F   | 718ead9c-0a2b-4c3d-8e9f-0a1b2c3d4e5f | PATENT_ID
            ' 718ead9c-0a2b-4c3d-8e9f-0a1b2c3d4e5f'| 718ead9c-0a2b-4c3d-8e9f-0a1b2c3d4e5f | PATENT_ID
            """)
    void normalises(String raw, String query, Kind kind) {
        String value = raw.replace("\\u00A0", "\u00A0");
        PatentQuery result = PatentIdNormaliser.normalise(value);

        assertThat(result.kind()).isEqualTo(kind);
        assertThat(result.raw()).isEqualTo(value);
        if (kind == Kind.REJECTED) {
            assertThat(result.rejected()).isTrue();
            assertThat(result.query()).isEqualTo(value.strip());
        } else {
            assertThat(result.rejected()).isFalse();
            assertThat(result.query()).isEqualTo(query);
            assertThat(result.rejection()).isNull();
        }
    }

    @ParameterizedTest(name = "[{0}] rejected: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            hello                                  | expected a country code followed by digits
            12345                                  | expected a country code followed by digits
            US                                     | expected a country code followed by digits
            US-                                    | expected a country code followed by digits
            US1                                    | expected a country code followed by digits
            ABCDEFGH                               | expected a country code followed by digits
            ABCDE12345                             | expected a country code followed by digits
            ...                                    | expected a country code followed by digits
            !!!                                    | it contains '!' (U+0021)
            <script>                               | it contains '<' (U+003C)
            ../../etc/passwd                       | it contains '/' (U+002F)
            US11205304B2;DROP                      | it contains ';' (U+003B)
            "US11,205,304"                         | it contains ',' (U+002C)
            US11205304B2é                          | it contains 'é' (U+00E9)
            ＵＳ１２３４５                           | it contains 'Ｕ' (U+FF35)
            US123456789012345678901234567          | 29 characters without dots, dashes and spaces, at most 24 expected
            718ead9c0a2b4c3d8e9f0a1b2c3d4e5f       | a patent id must keep its dashes
            718ead9c-0a2b-4c3d-8e9f-0a1b2c3d4e5    | 31 characters without dots, dashes and spaces
            US123456 EP7654321                     | it holds several patent numbers separated by spaces
            """)
    void rejects(String raw, String reason) {
        PatentQuery result = PatentIdNormaliser.normalise(raw);

        assertThat(result.rejected()).isTrue();
        assertThat(result.kind()).isEqualTo(Kind.REJECTED);
        assertThat(result.query()).isEqualTo(raw.strip());
        assertThat(result.rejection()).startsWith(PatentIdNormaliser.NOT_AN_ID).contains(reason);
    }

    @Test
    void rejectsAThirtyCharacterValue() {
        String raw = "AB" + "1".repeat(28);

        PatentQuery result = PatentIdNormaliser.normalise(raw);

        assertThat(result.rejected()).isTrue();
        assertThat(result.rejection()).contains("30 characters");
    }

    @Test
    void acceptsTheLongestAndShortestPlausibleNumbers() {
        assertThat(PatentIdNormaliser.normalise("AB" + "1".repeat(22)).kind()).isEqualTo(Kind.PATENT_NUMBER);
        assertThat(PatentIdNormaliser.normalise("AB" + "1".repeat(23)).kind()).isEqualTo(Kind.REJECTED);
        assertThat(PatentIdNormaliser.normalise("DE12").query()).isEqualTo("DE12");
    }

    @Test
    void rejectsControlCharactersAndLineBreaksInsideACell() {
        PatentQuery result = PatentIdNormaliser.normalise("US123\nUS456");

        assertThat(result.rejected()).isTrue();
        assertThat(result.rejection()).contains("U+000A");
        assertThat(result.query()).isEqualTo("US123\nUS456");
    }

    @Test
    void rejectsBlankValuesAsEmpty() {
        PatentQuery result = PatentIdNormaliser.normalise(" \t ");

        assertThat(result.rejected()).isTrue();
        assertThat(result.query()).isEmpty();
        assertThat(result.rejection()).isEqualTo("empty value");
    }

    @Test
    void refusesNull() {
        assertThatNullPointerException().isThrownBy(() -> PatentIdNormaliser.normalise(null));
    }
}
