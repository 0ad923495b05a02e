package dev.patsnapcamel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The cluster's deploy files (no Docker engine or Kubernetes runs here): they parse, and every environment
 * variable they give a node is a setting of {@code config/application.properties} (upper case, {@code .} and
 * {@code -} as {@code _}), with the ones each node needs present.
 */
class ClusterDeployFilesTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Set<String> NEEDED =
            Set.of("CLUSTER_ENABLED", "STATE_JDBC_URL", "STATE_JDBC_PASSWORD", "CLUSTER_BROKER_URL", "CLUSTER_NODE_ID");

    /** The environment variable of each setting. */
    static Set<String> settingVariables() throws IOException {
        Properties keys = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("config/application.properties"))) {
            keys.load(in);
        }
        return keys.stringPropertyNames().stream()
                .map(k -> k.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'))
                .collect(Collectors.toSet());
    }

    static List<JsonNode> documents(String file) throws IOException {
        try (var parser = YAML.getFactory().createParser(Path.of(file).toFile())) {
            List<JsonNode> docs = new ArrayList<>();
            YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
            return docs;
        }
    }

    @Test
    void theComposeFileHasPostgresArtemisAndThreeNodesOnSharedFolders() throws IOException {
        JsonNode compose = documents("deploy/cluster/docker-compose.yml").get(0);
        JsonNode services = compose.get("services");
        assertThat(services.get("postgres").get("image").asText()).isEqualTo("postgres:16");
        assertThat(services.get("artemis").get("image").asText()).startsWith("apache/activemq-artemis");
        Set<String> variables = settingVariables();
        List<String> nodeIds = new ArrayList<>();
        for (String node : List.of("node-1", "node-2", "node-3")) {
            JsonNode service = services.get(node);
            assertThat(service).as(node).isNotNull();
            assertThat(service.get("build").asText()).isEqualTo("../..");
            assertThat(Files.exists(
                            Path.of("deploy/cluster", service.get("build").asText(), "Dockerfile")))
                    .isTrue();
            Map<String, String> env = new TreeMap<>();
            service.get("environment")
                    .fields()
                    .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            assertThat(env.keySet())
                    .as(node)
                    .containsAll(NEEDED)
                    .allSatisfy(
                            v -> assertThat(variables).as(v + " is a setting").contains(v));
            assertThat(env.get("CLUSTER_ENABLED")).isEqualTo("true");
            assertThat(env.get("STATE_JDBC_URL")).startsWith("jdbc:postgresql://postgres:5432/");
            assertThat(env.get("CLUSTER_BROKER_URL")).isEqualTo("tcp://artemis:61616");
            nodeIds.add(env.get("CLUSTER_NODE_ID"));
            List<String> volumes = StreamSupport.stream(service.get("volumes").spliterator(), false)
                    .map(JsonNode::asText)
                    .toList();
            assertThat(volumes).contains("inbox:/app/inbox", "outbox:/app/outbox");
            for (String volume : volumes) {
                assertThat(compose.get("volumes").has(volume.substring(0, volume.indexOf(':'))))
                        .as(volume)
                        .isTrue();
            }
        }
        assertThat(nodeIds).doesNotHaveDuplicates().doesNotContainNull();
    }

    @Test
    void theKubernetesDeploymentRunsThreeReadyReplicasOnTheSharedSettings() throws IOException {
        JsonNode deployment = documents("deploy/kubernetes/deployment.yaml").get(0);
        JsonNode config = documents("deploy/kubernetes/configmap.yaml").get(0);
        JsonNode secret = documents("deploy/kubernetes/secret-example.yaml").get(0);
        List<JsonNode> claims = documents("deploy/kubernetes/volumes.yaml");
        assertThat(deployment.get("kind").asText()).isEqualTo("Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(3);
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/observe/health");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/observe/health/live");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(9876);
        assertThat(container.at("/envFrom/0/configMapRef/name").asText())
                .isEqualTo(config.at("/metadata/name").asText());

        Set<String> variables = settingVariables();
        Set<String> env = new java.util.TreeSet<>();
        config.get("data").fieldNames().forEachRemaining(env::add);
        for (JsonNode variable : container.get("env")) {
            env.add(variable.get("name").asText());
            JsonNode ref = variable.at("/valueFrom/secretKeyRef");
            if (!ref.isMissingNode()) {
                assertThat(ref.get("name").asText())
                        .isEqualTo(secret.at("/metadata/name").asText());
                assertThat(secret.get("stringData").has(ref.get("key").asText()))
                        .as(ref.get("key").asText())
                        .isTrue();
            }
        }
        assertThat(env)
                .containsAll(NEEDED)
                .allSatisfy(v -> assertThat(variables).as(v).contains(v));
        assertThat(container.get("env"))
                .anySatisfy(
                        v -> assertThat(v.at("/valueFrom/fieldRef/fieldPath").asText())
                                .isEqualTo("metadata.name"));

        Set<String> claimNames = claims.stream()
                .peek(c -> assertThat(c.at("/spec/accessModes/0").asText()).isEqualTo("ReadWriteMany"))
                .map(c -> c.at("/metadata/name").asText())
                .collect(Collectors.toSet());
        for (JsonNode volume : deployment.at("/spec/template/spec/volumes")) {
            JsonNode claim = volume.at("/persistentVolumeClaim/claimName");
            if (!claim.isMissingNode()) {
                assertThat(claimNames).contains(claim.asText());
            }
        }
        assertThat(claimNames).hasSize(2);
    }

    @Test
    void theSystemdUnitMakesTheInstanceTheNodeId() throws IOException {
        List<String> lines =
                Files.readAllLines(Path.of("deploy/systemd/patsnap-camel@.service"), StandardCharsets.UTF_8);
        assertThat(lines).contains("Environment=CLUSTER_NODE_ID=%i", "[Unit]", "[Service]", "[Install]");
        Set<String> variables = settingVariables();
        assertThat(lines.stream()
                        .filter(l -> l.startsWith("Environment="))
                        .map(l -> l.substring("Environment=".length(), l.indexOf('=', "Environment=".length()))))
                .isNotEmpty()
                .allSatisfy(v -> assertThat(variables).as(v).contains(v));
        assertThat(lines)
                .anySatisfy(l ->
                        assertThat(l).startsWith("ExecStart=/usr/bin/java ").endsWith(".jar"));
    }
}
