package dev.patsnapcamel.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class OutputNameTest {

    @Test
    void ordinaryNamesAreKeptAsTheyAre() {
        for (String name : List.of(
                "batch-0915.txt",
                "a.txt",
                "IDS_2026.csv",
                "x",
                "0.json",
                "Q3 list (final).csv",
                "特許一.txt",
                "专利 清单.json",
                "Liste-Brevets_été.txt",
                "a+b=c,[d]@e#f.txt")) {
            assertThat(OutputName.of(name)).isEqualTo(name);
        }
    }

    @Test
    void otherNamesGetAReadablePrefixAndAHashOfTheExactName() {
        assertThat(OutputName.of("r&d <q3>.txt")).matches("r_d__q3_\\.txt~[0-9a-f]{12}");
        // sha256("a~b") = the hash of the exact name, whatever the readable form
        assertThat(OutputName.of("a~b")).matches("a_b~[0-9a-f]{12}");
        assertThat(OutputName.of("trailing ")).startsWith("trailing_~");
        assertThat(OutputName.of("e\u0301.txt")).as("a decomposed accent").matches("e_\\.txt~[0-9a-f]{12}");
        assertThat(OutputName.of("line\nbreak")).startsWith("line_break~");
        assertThat(OutputName.of(".hidden")).startsWith("_hidden~");
        assertThat(OutputName.of("")).matches("~[0-9a-f]{12}");
        assertThat(OutputName.of("sftp:127.0.0.1/inbox/a.txt")).startsWith("sftp_127.0.0.1_inbox_a.txt~");
    }

    @Test
    void namesThatASanitiserWouldFoldTogetherStayApart() {
        List<String> names = List.of(
                "特許一.txt",
                "特許二.txt",
                "专利一.txt",
                "a b.txt",
                "a_b.txt",
                "a:b.txt",
                "a/b.txt",
                "queue:ID:1",
                "queue_ID_1",
                "e\u0301.txt",
                "\u00e9.txt",
                "x".repeat(300),
                "x".repeat(301),
                "x".repeat(200),
                "x".repeat(201));
        Set<String> derived = new HashSet<>();
        for (String name : names) {
            String out = OutputName.of(name);
            assertThat(derived.add(out)).as(name).isTrue();
            assertThat(out).doesNotContain("/", "\0", ":").doesNotStartWith(".");
            assertThat(out.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(OutputName.KEPT_MAX);
        }
        assertThat(OutputName.of("x".repeat(200))).isEqualTo("x".repeat(200));
        assertThat(OutputName.of("x".repeat(201))).hasSize(OutputName.PREFIX_MAX + 1 + OutputName.HASH_HEX);
    }

    @Test
    void aMovedFileKeepsItsNameUnlessItIsTooLongForTheTimeStamp() {
        assertThat(OutputName.moved("特許 リスト.txt")).isEqualTo("特許 リスト.txt");
        String cjk = "特".repeat(80); // 240 bytes
        assertThat(OutputName.moved(cjk)).isNotEqualTo(cjk).startsWith("_".repeat(80) + "~");
        assertThat(("20261201-101010.123-" + OutputName.moved("a".repeat(255))).length())
                .isLessThanOrEqualTo(255);
    }
}
