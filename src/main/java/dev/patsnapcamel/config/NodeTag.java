package dev.patsnapcamel.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * Cluster mode: every meter carries the tag {@code node=<node id>}. Micrometer's common tags apply to the meters
 * registered from then on; the JVM's meters, which Camel's metrics set-up registered before the bundle's beans
 * ({@code camel.metrics.binders}), are registered again so that they carry it too.
 */
final class NodeTag {

    /** The JVM binders by the name prefix of their meters. */
    private static final Map<String, Supplier<MeterBinder>> BINDERS = new LinkedHashMap<>();

    static {
        BINDERS.put("jvm.memory.", JvmMemoryMetrics::new);
        BINDERS.put("jvm.buffer.", JvmMemoryMetrics::new);
        BINDERS.put("jvm.gc.", JvmGcMetrics::new);
        BINDERS.put("jvm.threads.", JvmThreadMetrics::new);
        BINDERS.put("jvm.classes.", ClassLoaderMetrics::new);
        BINDERS.put("system.cpu.", ProcessorMetrics::new);
        BINDERS.put("system.load.", ProcessorMetrics::new);
        BINDERS.put("process.cpu.", ProcessorMetrics::new);
        BINDERS.put("process.uptime", UptimeMetrics::new);
        BINDERS.put("process.start", UptimeMetrics::new);
    }

    private NodeTag() {}

    static void apply(MeterRegistry meters, String node) {
        List<Meter> before = List.copyOf(meters.getMeters());
        meters.config().commonTags("node", node);
        Map<Class<?>, MeterBinder> again = new LinkedHashMap<>();
        for (Meter meter : before) {
            String name = meter.getId().getName();
            BINDERS.entrySet().stream()
                    .filter(b -> name.startsWith(b.getKey()))
                    .findFirst()
                    .ifPresent(b -> {
                        meters.remove(meter);
                        MeterBinder binder = b.getValue().get();
                        again.putIfAbsent(binder.getClass(), binder);
                    });
        }
        again.values().forEach(binder -> binder.bindTo(meters));
    }
}
