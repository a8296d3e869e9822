package io.keyledger.command.organizations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyExpiredEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The quota as a plain object, fed with events as its processor would. */
class KeyQuotaTest {

    private final KeyQuota quota = new KeyQuota(2);

    static ApiKeyCreatedEvent created(String keyId, String org) {
        return new ApiKeyCreatedEvent(keyId, org, "k", null, new Owner(OwnerType.APPLICATION, null), Environment.LIVE,
                "a".repeat(64), "kl_live_AbCd", List.of(), RateLimit.NONE, Restrictions.NONE, null, false);
    }

    @Test
    void refusesTheKeyOverTheLimitOfItsOrganizationOnly() {
        quota.on(created("key_1", "org_a"));
        quota.reserve("org_a", "key_2");
        assertThatThrownBy(() -> quota.reserve("org_a", "key_3"))
                .isInstanceOf(KeyQuota.QuotaExceededException.class).hasMessageContaining("limit of 2");
        quota.reserve("org_b", "key_4");
    }

    @Test
    void aReservedKeyCountsOnceWhenItsEventArrives() {
        quota.reserve("org_a", "key_1");
        quota.on(created("key_1", "org_a"));
        assertThat(quota.count("org_a")).isEqualTo(1);
    }

    @Test
    void revokedAndExpiredKeysFreeTheirPlace() {
        quota.on(created("key_1", "org_a"));
        quota.on(created("key_2", "org_a"));
        quota.on(new ApiKeyRevokedEvent("key_1", "org_a", null));
        quota.reserve("org_a", "key_3");
        quota.on(new ApiKeyExpiredEvent("key_2", "org_a", null));
        quota.reserve("org_a", "key_4");
        assertThat(quota.count("org_a")).isEqualTo(2);
    }

    @Test
    void aFailedCreationReleasesItsReservation() {
        quota.reserve("org_a", "key_1");
        quota.reserve("org_a", "key_2");
        quota.release("key_2");
        quota.reserve("org_a", "key_3");
        assertThat(quota.count("org_a")).isEqualTo(2);
    }
}
