package io.keyledger.command.keys;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyPreviousSecretRetiredEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.ApiKeyRotatedEvent;
import io.keyledger.api.keys.Authority;
import io.keyledger.api.keys.EndApiKeyGraceCommand;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/api-keys/{id}/end-grace}: the rotation assistant retires the previous secret now. */
class EndGraceTest {

    static final String ID = "key_1";
    static final String ORG = "org_1";
    static final String HASH = "a".repeat(64);
    static final String NEW_HASH = "b".repeat(64);
    static final Authority WRITER = new Authority(List.of("keys:write", "keys:read", "tasks:*"), Environment.LIVE);

    AggregateTestFixture<ApiKey> fixture;
    Instant now;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApiKey.class);
        fixture.registerInjectableResource(new RenewalFacts() {
            @Override
            public Instant lastUsed(String keyId) {
                return null;
            }

            @Override
            public Integer maxKeyLifetimeDays(String organizationId) {
                return null;
            }
        });
        fixture.registerInjectableResource(io.keyledger.command.FixtureClock.of(fixture));
        now = fixture.currentTime();
    }

    static ApiKeyCreatedEvent created(String... permissions) {
        return new ApiKeyCreatedEvent(ID, ORG, "target", null, new Owner(OwnerType.APPLICATION, null), Environment.LIVE,
                HASH, "kl_live_AbCd", List.of(permissions), RateLimit.NONE, Restrictions.NONE, null, false);
    }

    ApiKeyRotatedEvent rotated(long graceSeconds) {
        return new ApiKeyRotatedEvent(ID, ORG, NEW_HASH, "kl_live_NeWw", HASH, now.plusSeconds(graceSeconds));
    }

    @Test
    void endingTheGraceRetiresThePreviousSecretNow() {
        fixture.given(created("tasks:read"), rotated(3600))
                .when(new EndApiKeyGraceCommand(ID, ORG, null, WRITER))
                .expectEvents(new ApiKeyPreviousSecretRetiredEvent(ID, ORG, HASH));
    }

    @Test
    void theGraceDeadlineThenFindsNothingToRetire() {
        fixture.givenCommands(
                        new io.keyledger.api.keys.CreateApiKeyCommand(ID, ORG, "target", null,
                                new Owner(OwnerType.APPLICATION, null), Environment.LIVE, HASH, "kl_live_AbCd",
                                List.of("tasks:read"), RateLimit.NONE, Restrictions.NONE, null, false),
                        new io.keyledger.api.keys.RotateApiKeyCommand(ID, ORG, null, NEW_HASH, "kl_live_NeWw", 60),
                        new EndApiKeyGraceCommand(ID, ORG, null, WRITER))
                .whenTimeElapses(Duration.ofSeconds(61))
                .expectNoEvents();
    }

    @Test
    void withoutAPreviousSecretInGraceNothingChanges() {
        fixture.given(created("tasks:read"))
                .when(new EndApiKeyGraceCommand(ID, ORG, null, WRITER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(created("tasks:read"), rotated(60), new ApiKeyPreviousSecretRetiredEvent(ID, ORG, HASH))
                .when(new EndApiKeyGraceCommand(ID, ORG, null, WRITER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aCallerThatCouldNotHaveCreatedTheKeyCannotEndItsGrace() {
        fixture.given(created("admin:*"), rotated(3600))
                .when(new EndApiKeyGraceCommand(ID, ORG, null, WRITER))
                .expectException(KeyAuthorityException.class)
                .expectExceptionMessage("this key cannot end the grace period of a key with the permission 'admin:*': "
                        + "only an admin:* key may")
                .expectNoEvents();
    }

    @Test
    void anotherOrganizationsKeyIsNotFoundAndAStaleVersionIsRefused() {
        fixture.given(created("tasks:read"), rotated(3600))
                .when(new EndApiKeyGraceCommand(ID, "org_2", null, WRITER))
                .expectException(KeyNotFoundException.class)
                .expectNoEvents();
        fixture.given(created("tasks:read"), rotated(3600))
                .when(new EndApiKeyGraceCommand(ID, ORG, 0L, WRITER))
                .expectException(VersionMismatchException.class)
                .expectNoEvents();
    }

    @Test
    void aRevokedKeysGraceCannotBeEnded() {
        fixture.given(created("tasks:read"), rotated(3600), new ApiKeyRevokedEvent(ID, ORG, null))
                .when(new EndApiKeyGraceCommand(ID, ORG, null, WRITER))
                .expectException(KeyLifecycleException.class)
                .expectNoEvents();
    }
}
