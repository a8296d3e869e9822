package io.keyledger.command.keys;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyDisabledEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.Authority;
import io.keyledger.api.keys.DisableApiKeyCommand;
import io.keyledger.api.keys.EnableApiKeyCommand;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.api.keys.RevokeApiKeyCommand;
import io.keyledger.api.keys.RotateApiKeyCommand;
import io.keyledger.api.keys.UpdateApiKeyCommand;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The grant rule in the aggregate (API.md "Authorization rules"): every change of a key checks the
 * key's own permissions and environment against the calling key's authority, after the
 * organization (404) and before the version (412) and the lifecycle (409); a refusal applies nothing.
 */
class KeyAuthorityTest {

    private static final String ID = "key_1";
    private static final String ORG = "org_1";
    private static final Authority WRITER = new Authority(List.of("keys:write", "keys:read", "tasks:*"), Environment.LIVE);
    private static final Authority ADMIN = new Authority(List.of("admin:*"), Environment.LIVE);
    private static final Authority TEST_WRITER = new Authority(List.of("keys:write", "tasks:*"), Environment.TEST);

    private AggregateTestFixture<ApiKey> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApiKey.class);
        // no key was used, no organization caps lifetimes (RenewalTest varies both)
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
        fixture.registerInjectableResource(Clock.systemUTC());
    }

    private static ApiKeyCreatedEvent key(Environment environment, String... permissions) {
        return new ApiKeyCreatedEvent(ID, ORG, "target", null, new Owner(OwnerType.APPLICATION, null), environment,
                "a".repeat(64), "kl_live_AbCd", List.of(permissions), RateLimit.NONE, Restrictions.NONE, null, false);
    }

    private static Object command(String verb, Authority authority, Long version) {
        return switch (verb) {
            case "change" -> new UpdateApiKeyCommand(ID, ORG, version, Set.of("name"), "renamed", null, null, null, null, null, authority);
            case "rotate" -> new RotateApiKeyCommand(ID, ORG, version, "b".repeat(64), "kl_live_XyZw", 0, authority);
            case "disable" -> new DisableApiKeyCommand(ID, ORG, version, authority);
            case "enable" -> new EnableApiKeyCommand(ID, ORG, version, authority);
            case "revoke" -> new RevokeApiKeyCommand(ID, ORG, null, authority);
            default -> throw new IllegalArgumentException(verb);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"change", "rotate", "disable", "enable", "revoke"})
    void aWriterCannotActOnAnAdminKey(String verb) {
        fixture.given(key(Environment.LIVE, "admin:*"))
                .when(command(verb, WRITER, null))
                .expectException(KeyAuthorityException.class)
                .expectExceptionMessage("this key cannot " + verb + " a key with the permission 'admin:*': only an admin:* key may")
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(strings = {"change", "rotate", "disable", "enable", "revoke"})
    void aWriterCannotActOnAKeyReachingAPlatformPermissionItLacks(String verb) {
        fixture.given(key(Environment.LIVE, "tasks:read", "audit:read"))
                .when(command(verb, WRITER, null))
                .expectException(KeyAuthorityException.class)
                .expectExceptionMessage("this key cannot " + verb + " a key with the permission 'audit:read': it reaches "
                        + "'audit:read', which this key does not hold, and only a key holding it may")
                .expectNoEvents();
    }

    @Test
    void aWildcardReachesThePlatformPermissionsItCovers() {
        fixture.given(key(Environment.LIVE, "*:write"))
                .when(command("rotate", WRITER, null))
                .expectException(KeyAuthorityException.class)
                .expectExceptionMessage("this key cannot rotate a key with the permission '*:write': it reaches "
                        + "'webhooks:write', which this key does not hold, and only a key holding it may");
    }

    @ParameterizedTest
    @ValueSource(strings = {"change", "rotate", "disable", "revoke"})
    void aWriterActsOnAWeakerKeyAndAnAdminOnAnyKey(String verb) {
        fixture.given(key(Environment.LIVE, "tasks:read"))
                .when(command(verb, WRITER, null))
                .expectSuccessfulHandlerExecution();
        fixture.given(key(Environment.LIVE, "admin:*"))
                .when(command(verb, ADMIN, null))
                .expectSuccessfulHandlerExecution();
    }

    @ParameterizedTest
    @ValueSource(strings = {"change", "rotate", "disable", "enable", "revoke"})
    void aTestKeyManagesOnlyTestKeys(String verb) {
        fixture.given(key(Environment.LIVE, "tasks:read"))
                .when(command(verb, TEST_WRITER, null))
                .expectException(KeyAuthorityException.class)
                .expectExceptionMessage("a test key manages only test keys: it cannot " + verb + " a live key")
                .expectNoEvents();
        fixture.given(key(Environment.TEST, "tasks:read"))
                .when(command(verb, TEST_WRITER, null))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void anotherOrganizationIsNotFoundBeforeTheAuthorityIsAsked() {
        fixture.given(key(Environment.LIVE, "admin:*"))
                .when(new RotateApiKeyCommand(ID, "org_2", null, "b".repeat(64), "kl_live_XyZw", 0, WRITER))
                .expectException(KeyNotFoundException.class);
    }

    @Test
    void theAuthorityIsAskedBeforeTheVersionAndTheLifecycle() {
        fixture.given(key(Environment.LIVE, "admin:*"))
                .when(command("disable", WRITER, 7L))
                .expectException(KeyAuthorityException.class);
        fixture.given(key(Environment.LIVE, "admin:*"), new ApiKeyRevokedEvent(ID, ORG, null))
                .when(command("change", WRITER, null))
                .expectException(KeyAuthorityException.class);
    }

    @Test
    void aSecondRevocationWithoutAuthorityIsRefusedToo() {
        fixture.given(key(Environment.LIVE, "admin:*"), new ApiKeyRevokedEvent(ID, ORG, null))
                .when(command("revoke", WRITER, null))
                .expectException(KeyAuthorityException.class);
    }

    @Test
    void thePlatformItselfIsNotAsked() {
        fixture.given(key(Environment.LIVE, "admin:*"))
                .when(new DisableApiKeyCommand(ID, ORG, null))
                .expectEvents(new ApiKeyDisabledEvent(ID, ORG));
    }
}
