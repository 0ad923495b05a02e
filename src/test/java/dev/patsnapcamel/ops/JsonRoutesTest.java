package dev.patsnapcamel.ops;

import static dev.patsnapcamel.output.OutputFixture.tally;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

import dev.patsnapcamel.mail.MailRequest;
import dev.patsnapcamel.model.SourceReport;
import dev.patsnapcamel.output.OutputFixture;

/**
 * The routes' {@code marshal: json} / {@code unmarshal: json} use the bundle's one mapper, named as in the
 * routes ({@code objectMapper: "#jsonMapper"}), and write what the Java side writes; the report file is
 * byte for byte what Camel's own {@code prettyPrint: true} mapper wrote before.
 */
class JsonRoutesTest {

    static final String ROUTES = """
            - route:
                from:
                  uri: direct:compact
                  steps:
                    - marshal:
                        json:
                          library: Jackson
                          objectMapper: "#jsonMapper"
            - route:
                from:
                  uri: direct:report
                  steps:
                    - marshal:
                        json:
                          library: Jackson
                          objectMapper: "#jsonReportMapper"
            - route:
                from:
                  uri: direct:camels-own-pretty
                  steps:
                    - marshal:
                        json:
                          library: Jackson
                          prettyPrint: true
            - route:
                from:
                  uri: direct:mail
                  steps:
                    - unmarshal:
                        json:
                          library: Jackson
                          objectMapper: "#jsonMapper"
                          unmarshalType: dev.patsnapcamel.mail.MailRequest
            """;

    static SourceReport report() {
        SourceReport report = OutputFixture.report(
                "k1",
                "ids, \"quoted\" & 北京.txt",
                Map.of("license", tally(3, 1, 1, 0, 2, 2)),
                "2026-11-21T10:00:00Z",
                "2026-11-21T10:05:00Z");
        report.more().put("outputs", Map.of("csv", "done"));
        return report;
    }

    @Test
    void theRoutesWriteWhatTheSharedMapperWrites() throws Exception {
        ObjectMapper json = Json.mapper();
        try (CamelContext camel = context(json)) {
            ProducerTemplate send = camel.createProducerTemplate();
            SourceReport report = report();

            assertThat(send.requestBody("direct:compact", report, String.class))
                    .isEqualTo(json.writeValueAsString(report));
            String file = send.requestBody("direct:report", report, String.class);
            assertThat(file)
                    .isEqualTo(json.writerWithDefaultPrettyPrinter().writeValueAsString(report))
                    .isEqualTo(send.requestBody("direct:camels-own-pretty", report, String.class))
                    .contains("\n  \"");

            MailRequest mail = new MailRequest(
                    "1-summary-a",
                    "summary",
                    List.of("ops@example.com"),
                    "s",
                    "t",
                    "<p>h</p>",
                    List.of(new MailRequest.Attachment("/tmp/a.csv", "a.csv", "text/csv")),
                    "2026-11-21T10:00:00Z",
                    2,
                    "e");
            assertThat(send.requestBody("direct:mail", json.writeValueAsBytes(mail), MailRequest.class))
                    .isEqualTo(mail);
            // no route's options reach the shared mapper: ledger lines stay one line each
            assertThat(json.isEnabled(SerializationFeature.INDENT_OUTPUT)).isFalse();
            assertThat(send.requestBody("direct:compact", report, String.class)).doesNotContain("\n");
        }
    }

    @Test
    void theRoutesUseTheBeanItself() throws Exception {
        ObjectMapper marked = Json.mapper()
                .registerModule(new SimpleModule().addSerializer(SourceReport.class, new JsonSerializer<>() {
                    @Override
                    public void serialize(SourceReport value, JsonGenerator gen, SerializerProvider provider)
                            throws IOException {
                        gen.writeString("marked " + value.source());
                    }
                }));
        try (CamelContext camel = context(marked)) {
            assertThat(camel.createProducerTemplate().requestBody("direct:compact", report(), String.class))
                    .isEqualTo("\"marked ids, \\\"quoted\\\" & 北京.txt\"");
        }
    }

    /** Every json data format in the routes names one of the two beans. */
    @Test
    void everyJsonDataFormatOfTheRoutesNamesTheSharedMapper() throws IOException {
        Pattern json = Pattern.compile("(?m)^( *)json:\\n((?:\\1 +.*\\n)+)");
        int found = 0;
        try (Stream<Path> files = Files.walk(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Matcher m = json.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    found++;
                    assertThat(m.group(2))
                            .as(file + ": " + m.group())
                            .containsPattern("objectMapper: \"#json(Report)?Mapper\"")
                            .doesNotContain("prettyPrint");
                }
            }
        }
        assertThat(found).isGreaterThanOrEqualTo(6);
    }

    private static CamelContext context(ObjectMapper json) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.getRegistry().bind("jsonMapper", json);
        camel.getRegistry().bind("jsonReportMapper", Json.indented(json));
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("json-routes.yaml", ROUTES));
        camel.start();
        return camel;
    }
}
