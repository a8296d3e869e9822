package io.keyledger.validator.bench;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.validator.hotset.HotSet;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Random;

/**
 * Heap per key of the hot set: used heap after full GCs, before and after loading N live keys
 * (default 1,000,000) and M revoked keys still within their retention (default 0; issue 12 asks
 * for 1 M + 1 M), whose plaintexts are not kept.
 *
 * <pre>
 * java -Xmx2g -cp target/test-classes:target/classes:$(cat cp.txt) io.keyledger.validator.bench.HotSetMemory 1000000 1000000
 * </pre>
 */
public final class HotSetMemory {

    public static void main(String[] args) {
        int live = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int revoked = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        // the classes' own start (logging's, ~12 MB of heap) is no cost per key: paid before the baseline
        new HotSet().on(BenchKeys.organization(0));
        long before = usedAfterGc();
        HotSet hotSet = new HotSet();
        long started = System.nanoTime();
        BenchKeys.load(hotSet, live, 0, 42);
        Random random = new Random(43);
        for (int i = 0; i < revoked; i++) {
            ApiKeyCreatedEvent created = BenchKeys.key(live + i, random, null);
            hotSet.on(created);
            hotSet.on(new ApiKeyRevokedEvent(created.keyId(), created.organizationId(), null));
        }
        long loadMillis = (System.nanoTime() - started) / 1_000_000;
        long after = usedAfterGc();
        int keys = live + revoked;
        System.out.printf("live=%d revoked=%d heap=%.1f MB bytes/key=%.1f (loaded in %d ms, %d entries held)%n",
                live, revoked, (after - before) / 1e6, (after - before) / (double) keys, loadMillis, hotSet.size());
    }

    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
