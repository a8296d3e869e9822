package io.keyledger.validator.bench;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.api.organizations.OrganizationRegisteredEvent;
import io.keyledger.api.organizations.Plan;
import io.keyledger.validator.hotset.HotSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Synthetic keys for benchmarks: realistic ids (UUIDs), a few organizations, shared permission sets. */
public final class BenchKeys {

    public static final List<List<String>> PERMISSION_SETS = List.of(
            List.of("tasks:read", "tasks:write"), List.of("projects:*"), List.of("*:read"), List.of("admin:*"));

    private BenchKeys() {
    }

    public static OrganizationRegisteredEvent organization(int i) {
        return new OrganizationRegisteredEvent("org-" + i, "Org " + i, Plan.ENTERPRISE);
    }

    public static ApiKeyCreatedEvent key(int i, Random random, String[] plaintextOut) {
        String key = ApiKeyFormat.generate(Environment.LIVE, random);
        if (plaintextOut != null) {
            plaintextOut[0] = key;
        }
        String keyId = new UUID(random.nextLong(), random.nextLong()).toString();
        return new ApiKeyCreatedEvent(keyId, "org-" + (i % 100), "bench key " + i, null,
                new Owner(OwnerType.APPLICATION, "app-" + i), Environment.LIVE, ApiKeyFormat.sha256Hex(key),
                ApiKeyFormat.displayPrefix(key), PERMISSION_SETS.get(i % PERMISSION_SETS.size()), null,
                Restrictions.NONE, null, false);
    }

    /** Loads {@code count} keys into {@code hotSet} and returns the plaintexts of the first {@code keep}. */
    public static String[] load(HotSet hotSet, int count, int keep, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 100; i++) {
            hotSet.on(organization(i));
        }
        String[] kept = new String[Math.min(keep, count)];
        String[] out = new String[1];
        for (int i = 0; i < count; i++) {
            hotSet.on(key(i, random, out));
            if (i < kept.length) {
                kept[i] = out[0];
            }
        }
        return kept;
    }
}
