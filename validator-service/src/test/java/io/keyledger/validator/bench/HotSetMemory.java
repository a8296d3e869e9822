package io.keyledger.validator.bench;

import io.keyledger.validator.hotset.HotSet;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap per key of the hot set: used heap after full GCs, before and after loading N keys
 * (default 1,000,000) whose plaintexts are not kept.
 *
 * <pre>
 * java -Xmx2g -cp target/test-classes:target/classes:$(cat cp.txt) io.keyledger.validator.bench.HotSetMemory 1000000
 * </pre>
 */
public final class HotSetMemory {

    public static void main(String[] args) {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long before = usedAfterGc();
        HotSet hotSet = new HotSet();
        long started = System.nanoTime();
        BenchKeys.load(hotSet, keys, 0, 42);
        long loadMillis = (System.nanoTime() - started) / 1_000_000;
        long after = usedAfterGc();
        System.out.printf("keys=%d heap=%.1f MB bytes/key=%.1f (loaded in %d ms, %d entries held)%n",
                keys, (after - before) / 1e6, (after - before) / (double) keys, loadMillis, hotSet.size());
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
