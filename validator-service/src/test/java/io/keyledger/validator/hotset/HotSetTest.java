package io.keyledger.validator.hotset;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.keys.ApiKeyDisabledEvent;
import io.keyledger.api.keys.ApiKeyEnabledEvent;
import io.keyledger.api.keys.ApiKeyExpiredEvent;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.ApiKeyPreviousSecretRetiredEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.ApiKeyRotatedEvent;
import io.keyledger.api.keys.ApiKeyUpdatedEvent;
import io.keyledger.api.keys.KeyStatus;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.api.organizations.OrganizationRegisteredEvent;
import io.keyledger.api.organizations.Plan;
import io.keyledger.validator.TestKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HotSetTest {

    private static final long NOW = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private final HotSet hotSet = new HotSet();
    private final TestKeys keys = new TestKeys(1);

    @Test
    void aCreatedKeyIsFoundByTheHashOfItsValueAndNothingElseIs() {
        String key = keys.newKey();
        hotSet.on(TestKeys.created("k1", "org", key, List.of("tasks:read")));

        KeyEntry entry = hotSet.find(ApiKeyFormat.sha256(key), NOW);
        assertThat(entry.keyId()).isEqualTo("k1");
        assertThat(entry.organizationId()).isEqualTo("org");
        assertThat(entry.status()).isEqualTo(KeyStatus.ACTIVE);
        assertThat(entry.permissions().asList()).containsExactly("tasks:read");
        assertThat(entry.expiresAtMillis()).isEqualTo(KeyEntry.NEVER);
        assertThat(hotSet.find(ApiKeyFormat.sha256(keys.newKey()), NOW)).isNull();
        assertThat(hotSet.findById("k1")).isSameAs(entry);
        assertThat(hotSet.size()).isEqualTo(1);
    }

    @Test
    void everyKeyStaysFindableAsTheTableGrows() {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String key = keys.newKey();
            values.add(key);
            hotSet.on(TestKeys.created("k" + i, "org", key, List.of("tasks:read")));
        }
        for (int i = 0; i < values.size(); i++) {
            assertThat(hotSet.find(ApiKeyFormat.sha256(values.get(i)), NOW).keyId()).isEqualTo("k" + i);
            assertThat(hotSet.findById("k" + i).keyId()).isEqualTo("k" + i);
        }
        assertThat(hotSet.size()).isEqualTo(20_000);
    }

    @Test
    void anUpdateReplacesEverySetting() {
        String key = keys.newKey();
        hotSet.on(TestKeys.created("k1", "org", key, List.of("tasks:read")));
        Instant expiry = Instant.ofEpochMilli(NOW + 60_000);
        RateLimit limit = new RateLimit(5, 10, null, null, null);
        hotSet.on(new ApiKeyUpdatedEvent("k1", "org", Set.of("permissions"), "n", null, List.of("projects:*"),
                limit, new Restrictions(List.of("10.0.0.0/8"), List.of()), expiry));

        KeyEntry entry = hotSet.find(ApiKeyFormat.sha256(key), NOW);
        assertThat(entry.permissions().asList()).containsExactly("projects:*");
        assertThat(entry.rateLimit()).isEqualTo(limit);
        assertThat(entry.restrictions().allowsIp("10.1.2.3")).isTrue();
        assertThat(entry.restrictions().allowsIp("11.1.2.3")).isFalse();
        assertThat(entry.expiresAtMillis()).isEqualTo(expiry.toEpochMilli());
    }

    @Test
    void keysWithEqualSettingsShareThem() {
        hotSet.on(TestKeys.created("k1", "org", keys.newKey(), List.of("a:read", "b:read")));
        hotSet.on(TestKeys.created("k2", "org", keys.newKey(), List.of("a:read", "b:read")));
        assertThat(hotSet.findById("k1").permissions()).isSameAs(hotSet.findById("k2").permissions());
        assertThat(hotSet.findById("k1").organization()).isSameAs(hotSet.findById("k2").organization());
    }

    @Test
    void aRotatedKeyAnswersToItsNewSecretAndToTheOldOneOnlyDuringTheGracePeriod() {
        String oldKey = keys.newKey();
        String newKey = keys.newKey();
        hotSet.on(TestKeys.created("k1", "org", oldKey, List.of()));
        hotSet.on(new ApiKeyRotatedEvent("k1", "org", ApiKeyFormat.sha256Hex(newKey), "p",
                ApiKeyFormat.sha256Hex(oldKey), Instant.ofEpochMilli(NOW + 1_000)));

        assertThat(hotSet.find(ApiKeyFormat.sha256(newKey), NOW).keyId()).isEqualTo("k1");
        assertThat(hotSet.find(ApiKeyFormat.sha256(oldKey), NOW).keyId()).isEqualTo("k1");
        assertThat(hotSet.find(ApiKeyFormat.sha256(oldKey), NOW + 1_000)).isNull();

        hotSet.on(new ApiKeyPreviousSecretRetiredEvent("k1", "org", ApiKeyFormat.sha256Hex(oldKey)));
        assertThat(hotSet.find(ApiKeyFormat.sha256(oldKey), NOW)).isNull();
        assertThat(hotSet.find(ApiKeyFormat.sha256(newKey), NOW).keyId()).isEqualTo("k1");
    }

    @Test
    void aRotationWithoutGraceRetiresTheOldSecretAtOnce() {
        String oldKey = keys.newKey();
        String newKey = keys.newKey();
        hotSet.on(TestKeys.created("k1", "org", oldKey, List.of()));
        hotSet.on(new ApiKeyRotatedEvent("k1", "org", ApiKeyFormat.sha256Hex(newKey), "p",
                ApiKeyFormat.sha256Hex(oldKey), null));
        assertThat(hotSet.find(ApiKeyFormat.sha256(oldKey), NOW)).isNull();
        hotSet.on(new ApiKeyRevokedEvent("k1", "org", null));
        assertThat(hotSet.find(ApiKeyFormat.sha256(newKey), NOW).status()).isEqualTo(KeyStatus.REVOKED);
    }

    @Test
    void statusFollowsTheLifecycleAndTerminalStatesStay() {
        String key = keys.newKey();
        hotSet.on(TestKeys.created("k1", "org", key, List.of()));
        hotSet.on(new ApiKeyDisabledEvent("k1", "org"));
        assertThat(hotSet.findById("k1").status()).isEqualTo(KeyStatus.DISABLED);
        hotSet.on(new ApiKeyEnabledEvent("k1", "org"));
        assertThat(hotSet.findById("k1").status()).isEqualTo(KeyStatus.ACTIVE);
        hotSet.on(new ApiKeyRevokedEvent("k1", "org", "leaked"));
        hotSet.on(new ApiKeyEnabledEvent("k1", "org"));
        hotSet.on(new ApiKeyExpiredEvent("k1", "org", Instant.ofEpochMilli(NOW)));
        assertThat(hotSet.find(ApiKeyFormat.sha256(key), NOW).status()).isEqualTo(KeyStatus.REVOKED);
    }

    @Test
    void thePlanComesFromTheOrganizationEvenWhenItIsRegisteredAfterTheKey() {
        hotSet.on(TestKeys.created("k1", "org", keys.newKey(), List.of()));
        assertThat(hotSet.findById("k1").organization().plan()).isEqualTo(Plan.FREE);
        hotSet.on(new OrganizationRegisteredEvent("org", "Org", Plan.ENTERPRISE));
        assertThat(hotSet.findById("k1").organization().plan()).isEqualTo(Plan.ENTERPRISE);
    }

    @Test
    void aReplayedCreationDoesNotDuplicateAndClearForgetsEverything() {
        String key = keys.newKey();
        hotSet.on(TestKeys.created("k1", "org", key, List.of()));
        hotSet.on(new ApiKeyRevokedEvent("k1", "org", null));
        hotSet.on(TestKeys.created("k1", "org", key, List.of()));
        assertThat(hotSet.size()).isEqualTo(1);
        assertThat(hotSet.findById("k1").status()).isEqualTo(KeyStatus.REVOKED);
        hotSet.clear();
        assertThat(hotSet.find(ApiKeyFormat.sha256(key), NOW)).isNull();
        assertThat(hotSet.size()).isZero();
    }
}
