package dev.patsnapcamel.flow;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The idempotent consumer's memory of which IDs a source has already produced, so that duplicates
 * within one file are asked for once. Keys have the form {@code <source key>|<query>} (source keys are
 * numbers, so the first {@code |} separates them; queries may contain any character); each source's
 * set is dropped as soon as the source completes, so memory is bounded by the sources in progress.
 */
public final class SourceScopedIdRepository extends ServiceSupport implements IdempotentRepository {

    private static final char SEPARATOR = '|';

    private final Map<String, Set<String>> bySource = new ConcurrentHashMap<>();

    @Override
    public boolean add(String key) {
        return ids(key).add(query(key));
    }

    @Override
    public boolean contains(String key) {
        Set<String> ids = bySource.get(sourceKey(key));
        return ids != null && ids.contains(query(key));
    }

    @Override
    public boolean remove(String key) {
        Set<String> ids = bySource.get(sourceKey(key));
        return ids != null && ids.remove(query(key));
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        bySource.clear();
    }

    /** Drops everything remembered for a completed source. */
    public void forget(String sourceKey) {
        bySource.remove(sourceKey);
    }

    private Set<String> ids(String key) {
        return bySource.computeIfAbsent(sourceKey(key), k -> ConcurrentHashMap.newKeySet());
    }

    private static String sourceKey(String key) {
        return key.substring(0, key.indexOf(SEPARATOR));
    }

    private static String query(String key) {
        return key.substring(key.indexOf(SEPARATOR) + 1);
    }
}
