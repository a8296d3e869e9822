package io.keyledger.query.attempts;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A processor's own key-value store with the entries it used last kept as objects: a read is a
 * hash lookup instead of a sorted-cache search and a deserialization. Every write still goes to
 * the store (hence into its cache and changelog, in the task's transaction), so the objects never
 * hold anything the store does not. The processor is the store's only writer; it makes a new one
 * in {@code init}, which is called again whenever the task's state is restored.
 */
public final class RecentEntries<V> {

    /** Entries kept as objects per processor (per task): a few tens of MB at most. */
    public static final int CAPACITY = 20_000;

    private final KeyValueStore<String, V> store;
    private final Map<String, V> recent;

    public RecentEntries(KeyValueStore<String, V> store) {
        this.store = store;
        this.recent = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > CAPACITY;
            }
        };
    }

    public V get(String key) {
        V value = recent.get(key);
        if (value == null) {
            value = store.get(key);
            if (value != null) {
                recent.put(key, value);
            }
        }
        return value;
    }

    public void put(String key, V value) {
        store.put(key, value);
        recent.put(key, value);
    }

    public void delete(String key) {
        store.delete(key);
        recent.remove(key);
    }
}
