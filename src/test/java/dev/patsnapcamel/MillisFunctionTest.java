package dev.patsnapcamel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MillisFunctionTest {

    final MillisFunction millis = new MillisFunction();

    @Test
    void durationsBecomePlainMilliseconds() {
        assertThat(millis.apply("1s")).isEqualTo("1000");
        assertThat(millis.apply(" 500ms ")).isEqualTo("500");
        assertThat(millis.apply("5m")).isEqualTo("300000");
        assertThat(millis.apply("2000")).isEqualTo("2000");
    }

    @Test
    void anythingElseIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> millis.apply("soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'soon'");
        assertThatThrownBy(() -> millis.apply("-5")).hasMessageContaining("'-5'");
    }
}
