package dev.patsnapcamel.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

import dev.patsnapcamel.support.Broker;

/**
 * The queue burst benchmark (run it with {@code bench/queue-burst}): an embedded Artemis broker, the
 * bundle's jar in a JVM of its own with a capped heap and a GC log, a burst of request messages sent
 * as fast as the broker takes them, and a listener that counts the results and completion messages
 * until every request is complete. Prints one line of figures (with the CPU time the bundle and this JVM,
 * the broker's, used); the script adds the heap figures from the GC log. Not a test: the settings come from system properties (see the script).
 */
public final class QueueBurst {

    private QueueBurst() {}

    public static void main(String[] args) throws Exception {
        // the broker's own log would bury the figures
        Configurator.setRootLevel(Level.WARN);
        int messages = Integer.getInteger("messages", 10_000);
        int idsPerMessage = Integer.getInteger("ids", 10);
        String endpoints = System.getProperty("endpoints", "customs,license,litigation");
        String heap = System.getProperty("heap", "256m");
        String protocol = System.getProperty("protocol", "jms");
        long timeoutSeconds = Long.getLong("timeout", 1800);
        Path work = Path.of(System.getProperty("work", "target/bench/queue-burst"));
        Path jar = Path.of(System.getProperty("jar", "target/patsnap-camel.jar"));
        int endpointCount = endpoints.split(",").length;

        try (Broker broker =
                new Broker(work.resolve("broker")).withoutDiskSync().start()) {
            ConnectionFactory client = broker.coreClient();
            String url = protocol.equals("amqp") ? broker.amqpUrl() : broker.coreUrl();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap,
                    "-XX:+ExitOnOutOfMemoryError",
                    "-Xlog:gc:file=" + work.resolve("gc.log"),
                    "-Dintake.file.dir=" + work.resolve("inbox"),
                    "-Doutbox.dir=" + work.resolve("outbox"),
                    "-Dstate.dir=" + work.resolve("data"),
                    "-Dmanagement.port=" + freePort(),
                    "-Dpatsnap.endpoints=" + endpoints,
                    "-Dpatsnap.sandbox.enabled=true",
                    "-Dpatsnap.sandbox.latency-ms=0",
                    "-Dpatsnap.sandbox.latency-jitter-ms=0",
                    "-Dpatsnap.sandbox.qps=0",
                    "-Dpatsnap.qps=1000",
                    "-Dpatsnap.max-in-flight=16",
                    "-Dintake." + protocol + ".enabled=true",
                    "-Dintake." + protocol + ".url=" + url,
                    "-Dintake." + protocol + ".username=" + Broker.USER,
                    "-Dintake." + protocol + ".password=" + Broker.PASSWORD,
                    "-jar",
                    jar.toString()));
            Process bundle = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("bundle.log").toFile())
                    .start();
            // interrupted (Ctrl-C): stop the bundle too
            Thread stopBundle = new Thread(bundle::destroy);
            Runtime.getRuntime().addShutdownHook(stopBundle);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
                // ready once it listens to the requests queue
                while (broker.consumers("patsnap.requests") == 0) {
                    check(bundle, deadline, "did not start consuming");
                    Thread.sleep(200);
                }
                AtomicLong results = new AtomicLong();
                AtomicLong completions = new AtomicLong();
                try (Connection listening = client.createConnection()) {
                    Session session = listening.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
                    session.createConsumer(session.createQueue("patsnap.results"))
                            .setMessageListener(m -> {
                                try {
                                    (("completion".equals(m.getStringProperty("PatsnapMessageType")))
                                                    ? completions
                                                    : results)
                                            .incrementAndGet();
                                } catch (JMSException e) {
                                    throw new IllegalStateException(e);
                                }
                            });
                    listening.start();

                    long start = System.nanoTime();
                    send(client, messages, idsPerMessage);
                    double sendSeconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf("sent %d messages of %d IDs in %.1f s%n", messages, idsPerMessage, sendSeconds);
                    long lastReport = System.nanoTime();
                    while (completions.get() < messages) {
                        check(bundle, deadline, "did not complete every request in time");
                        Thread.sleep(200);
                        if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                            System.out.printf(
                                    "  %d of %d requests complete, %d results, %d waiting in the broker%n",
                                    completions.get(), messages, results.get(), broker.waiting("patsnap.requests"));
                            lastReport = System.nanoTime();
                        }
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long expectedResults = (long) messages * idsPerMessage * endpointCount;
                    // the last results may still be on their way
                    while (results.get() < expectedResults && System.nanoTime() < deadline) {
                        Thread.sleep(100);
                    }
                    long ledgerLines = ledgerLines(work.resolve("outbox"));
                    // CPU time, a figure that a machine busy with other work changes far less than the seconds
                    double bundleCpu = bundle.toHandle()
                                    .info()
                                    .totalCpuDuration()
                                    .orElse(Duration.ZERO)
                                    .toMillis()
                            / 1e3;
                    double brokerCpu =
                            ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                                            .getProcessCpuTime()
                                    / 1e9;
                    System.out.printf(
                            "messages=%d ids=%d endpoints=%d seconds=%.1f messages_per_second=%.0f"
                                    + " ledger_lines=%d results=%d completions=%d dead_letters=%d"
                                    + " bundle_cpu_seconds=%.1f broker_and_client_cpu_seconds=%.1f%n",
                            messages,
                            (long) messages * idsPerMessage,
                            endpointCount,
                            seconds,
                            messages / seconds,
                            ledgerLines,
                            results.get(),
                            completions.get(),
                            broker.waiting("patsnap.requests.dlq"),
                            bundleCpu,
                            brokerCpu);
                    if (ledgerLines != expectedResults || results.get() < expectedResults) {
                        System.out.println("INCOMPLETE: expected " + expectedResults + " ledger lines and results");
                        System.exit(3);
                    }
                }
            } finally {
                bundle.destroy();
                if (!bundle.waitFor(40, TimeUnit.SECONDS)) {
                    bundle.destroyForcibly();
                }
            }
        }
    }

    /** The burst: every request sent at once, committed in transactions of 500 messages. */
    private static void send(ConnectionFactory factory, int messages, int idsPerMessage) throws JMSException {
        try (Connection connection = factory.createConnection();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageProducer producer = session.createProducer(session.createQueue("patsnap.requests"))) {
            for (int m = 0; m < messages; m++) {
                StringBuilder ids = new StringBuilder();
                for (int i = 0; i < idsPerMessage; i++) {
                    long n = 10_000_000L + (long) m * idsPerMessage + i;
                    ids.append(i % 10 == 9 ? "CN" + (100_000_000 + n) + "A" : "US" + n + "B2")
                            .append('\n');
                }
                TextMessage message = session.createTextMessage(ids.toString());
                message.setJMSCorrelationID("burst-" + m);
                producer.send(message);
                if (m % 500 == 499) {
                    session.commit();
                }
            }
            session.commit();
        }
    }

    private static long ledgerLines(Path outbox) throws IOException {
        long lines = 0;
        try (Stream<Path> files = Files.walk(outbox)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("ledger-"))
                    .toList()) {
                try (Stream<String> l = Files.lines(f)) {
                    lines += l.count();
                }
            }
        }
        return lines;
    }

    private static void check(Process bundle, long deadline, String what) {
        if (!bundle.isAlive()) {
            System.out.println("the bundle died; see its log");
            System.exit(1);
        }
        if (System.nanoTime() > deadline) {
            System.out.println("the bundle " + what + "; see its log");
            System.exit(1);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
