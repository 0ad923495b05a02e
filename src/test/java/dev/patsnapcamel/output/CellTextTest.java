package dev.patsnapcamel.output;

import static dev.patsnapcamel.output.OutputFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CellTextTest {

    final CellText cells = new CellText("; ");

    @Test
    void partiesByNameListsJoinedOtherStructuresAsJson() {
        assertThat(cells.of(null)).isEmpty();
        assertThat(cells.of(json("null"))).isEmpty();
        assertThat(cells.of(json("20100915"))).isEqualTo("20100915");
        assertThat(cells.of(json("\"Weber & Söhne KG\""))).isEqualTo("Weber & Söhne KG");
        assertThat(cells.of(json("[{\"lang\":\"EN\",\"name\":\"\\\"SMART\\\" DEVICES CO., LTD.\",\"sequence\":1},"
                        + "{\"lang\":\"CN\",\"name\":\"杭州云帆网络技术有限公司\",\"sequence\":2}]")))
                .isEqualTo("\"SMART\" DEVICES CO., LTD.; 杭州云帆网络技术有限公司");
        assertThat(cells.of(json("{\"lang\":\"CN\",\"name\":\"张伟\",\"sequence\":1}")))
                .isEqualTo("张伟");
        assertThat(cells.of(json("[\"Exclusive\",\"Sub-license\"]"))).isEqualTo("Exclusive; Sub-license");
        assertThat(cells.of(json("[]"))).isEmpty();
        assertThat(cells.of(json("[{\"a\":1},{\"name\":\"x\"}]"))).isEqualTo("[{\"a\":1},{\"name\":\"x\"}]");
        assertThat(cells.of(json("{\"a\":[1,2]}"))).isEqualTo("{\"a\":[1,2]}");
        assertThat(cells.of(json("true"))).isEqualTo("true");
    }

    @Test
    void theFormulaGuardQuotesWhatASpreadsheetWouldRunAndNothingElse() {
        CellText csv = new CellText("; ", true);
        assertThat(csv.of(json("\"=1+1\""))).isEqualTo("'=1+1");
        assertThat(csv.of(json("\"+1\""))).isEqualTo("'+1");
        assertThat(csv.of(json("\"-1\""))).isEqualTo("'-1");
        assertThat(csv.of(json("\"@cmd\""))).isEqualTo("'@cmd");
        assertThat(csv.of(json("\"\\tx\""))).isEqualTo("'\tx");
        assertThat(csv.of(json("\"\\rx\""))).isEqualTo("'\rx");
        assertThat(csv.of(json("[{\"name\":\"=A1\"},{\"name\":\"B\"}]"))).isEqualTo("'=A1; B");
        assertThat(csv.of(json("{\"lang\":\"EN\",\"name\":\"=HYPERLINK(1)\"}"))).isEqualTo("'=HYPERLINK(1)");
        // numbers, booleans, harmless texts and empty cells stay as they are
        assertThat(csv.of(json("-5"))).isEqualTo("-5");
        assertThat(csv.of(json("true"))).isEqualTo("true");
        assertThat(csv.of(json("\"a=b\""))).isEqualTo("a=b");
        assertThat(csv.of(json("null"))).isEmpty();
        // off (the default of the mail's cells, and sink.csv.formula-guard=false)
        assertThat(cells.of(json("\"=1+1\""))).isEqualTo("=1+1");
        assertThat(csv.withFormulaGuard(false).of(json("\"@cmd\""))).isEqualTo("@cmd");
    }
}
