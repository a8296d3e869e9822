package io.keyledger.validator.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.attempts.VerificationCode;
import io.keyledger.api.keys.ApiKeyDisabledEvent;
import io.keyledger.api.keys.ApiKeyExpiredEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.api.organizations.OrganizationRegisteredEvent;
import io.keyledger.api.organizations.Plan;
import io.keyledger.validator.MutableClock;
import io.keyledger.validator.TestKeys;
import io.keyledger.validator.hotset.HotSet;
import io.keyledger.validator.ratelimit.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifierTest {

    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(START);
    private final HotSet hotSet = new HotSet(clock, Duration.ofDays(30));
    private final Verifier verifier = new Verifier(hotSet, new RateLimiter(), clock);
    private final TestKeys keys = new TestKeys(3);

    private String key(String keyId, String org, List<String> permissions, RateLimit limit, Restrictions restrictions,
                       Instant expiresAt) {
        String key = keys.newKey();
        hotSet.on(TestKeys.created(keyId, org, key, permissions, limit, restrictions, expiresAt));
        return key;
    }

    private String key(String keyId, List<String> permissions) {
        return key(keyId, "org", permissions, null, Restrictions.NONE, null);
    }

    private VerificationCode verify(String key, String... permissions) {
        return verifier.verify(new VerifyInput(key, null, List.of(permissions), null, null, null, true)).code();
    }

    @Test
    void aValidKeyWithTheAskedPermissionPasses() {
        String key = key("k1", List.of("tasks:*"));
        Verdict verdict = verifier.verify(VerifyInput.of(key, List.of("tasks:read", "tasks:write")));
        assertThat(verdict.code()).isEqualTo(VerificationCode.VALID);
        assertThat(verdict.keyId()).isEqualTo("k1");
        assertThat(verdict.organizationId()).isEqualTo("org");
        assertThat(verdict.permissions()).containsExactly("tasks:*");
    }

    @Test
    void garbageAndBadChecksumsAreMalformedBeforeAnyLookup() {
        String key = key("k1", List.of());
        String typo = key.substring(0, 20) + (key.charAt(20) == 'a' ? 'b' : 'a') + key.substring(21);
        assertThat(verify(typo)).isEqualTo(VerificationCode.MALFORMED);
        assertThat(verify("")).isEqualTo(VerificationCode.MALFORMED);
        assertThat(verify("short")).isEqualTo(VerificationCode.MALFORMED);
        assertThat(verify(null)).isEqualTo(VerificationCode.MALFORMED);
        assertThat(verify(keys.newKey())).isEqualTo(VerificationCode.NOT_FOUND);
    }

    @Test
    void disabledRevokedAndExpiredKeysAnswerWithTheirOwnCode() {
        String disabled = key("k1", List.of());
        String revoked = key("k2", List.of());
        String expired = key("k3", List.of());
        hotSet.on(new ApiKeyDisabledEvent("k1", "org"));
        hotSet.on(new ApiKeyRevokedEvent("k2", "org", null));
        hotSet.on(new ApiKeyExpiredEvent("k3", "org", START));
        assertThat(verify(disabled)).isEqualTo(VerificationCode.DISABLED);
        assertThat(verify(revoked)).isEqualTo(VerificationCode.REVOKED);
        assertThat(verify(expired)).isEqualTo(VerificationCode.EXPIRED);
    }

    @Test
    void aKeyPastItsExpiryIsExpiredBeforeTheExpiryEventArrives() {
        String key = key("k1", "org", List.of(), null, Restrictions.NONE, START.plusSeconds(60));
        assertThat(verify(key)).isEqualTo(VerificationCode.VALID);
        clock.advance(Duration.ofSeconds(60));
        assertThat(verify(key)).isEqualTo(VerificationCode.EXPIRED);
    }

    @Test
    void ipAndReferrerRestrictionsComeBeforePermissions() {
        String key = key("k1", "org", List.of("tasks:read"), null,
                new Restrictions(List.of("10.0.0.0/8", "2001:db8::/32"), List.of("*.example.com")), null);
        assertThat(check(key, "tasks:read", "10.2.3.4", "https://app.example.com/")).isEqualTo(VerificationCode.VALID);
        assertThat(check(key, "tasks:read", "2001:db8::1", "https://app.example.com/")).isEqualTo(VerificationCode.VALID);
        assertThat(check(key, "tasks:write", "11.2.3.4", "https://evil.com/")).isEqualTo(VerificationCode.IP_NOT_ALLOWED);
        assertThat(check(key, "tasks:write", null, "https://app.example.com/")).isEqualTo(VerificationCode.IP_NOT_ALLOWED);
        assertThat(check(key, "tasks:write", "10.2.3.4", "https://evil.com/")).isEqualTo(VerificationCode.REFERRER_NOT_ALLOWED);
        assertThat(check(key, "tasks:write", "10.2.3.4", "https://app.example.com/")).isEqualTo(VerificationCode.FORBIDDEN);
    }

    private VerificationCode check(String key, String permission, String ip, String referrer) {
        return verifier.verify(new VerifyInput(key, null, List.of(permission), ip, referrer, null, true)).code();
    }

    @Test
    void permissionsFollowWildcardsAndAdminGrantsEverything() {
        String reader = key("k1", List.of("*:read"));
        String admin = key("k2", List.of("admin:*"));
        assertThat(verify(reader, "tasks:read", "projects:read")).isEqualTo(VerificationCode.VALID);
        assertThat(verify(reader, "tasks:read", "tasks:delete")).isEqualTo(VerificationCode.FORBIDDEN);
        assertThat(verify(admin, "keys:write", "anything:goes")).isEqualTo(VerificationCode.VALID);
    }

    @Test
    void theRateLimitIsTheLastCheckAndOnlyPassingRequestsSpendIt() {
        String key = key("k1", "org", List.of("tasks:read"), new RateLimit(1, 2, null, null, null), Restrictions.NONE, null);
        assertThat(verify(key, "tasks:write")).isEqualTo(VerificationCode.FORBIDDEN);
        assertThat(verify(key, "tasks:write")).isEqualTo(VerificationCode.FORBIDDEN);
        assertThat(verify(key, "tasks:read")).isEqualTo(VerificationCode.VALID);
        assertThat(verify(key, "tasks:read")).isEqualTo(VerificationCode.VALID);
        Verdict limited = verifier.verify(VerifyInput.of(key, List.of("tasks:read")));
        assertThat(limited.code()).isEqualTo(VerificationCode.RATE_LIMITED);
        assertThat(limited.rateLimit().remaining()).isZero();
        assertThat(limited.rateLimit().retryAfterSeconds()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(verify(key, "tasks:read")).isEqualTo(VerificationCode.VALID);
    }

    @Test
    void planDefaultsApplyWhenTheKeyHasNoLimitOfItsOwn() {
        hotSet.on(new OrganizationRegisteredEvent("free-org", "F", Plan.FREE));
        String key = key("k1", "free-org", List.of(), null, Restrictions.NONE, null);
        int passed = 0;
        for (int i = 0; i < 200; i++) {
            clock.advance(Duration.ofMillis(150));
            if (verify(key) == VerificationCode.VALID) {
                passed++;
            }
        }
        // Free: 100 per minute; 200 requests spread over 30 s of one minute window
        assertThat(passed).isEqualTo(Plan.FREE.defaultRateLimit().perMinute());
    }

    @Test
    void theDualSchemeNeedsBothKeysOfOneOrganizationAndGrantsWhatBothGrant() {
        String orgKey = key("org-key", "org", List.of("tasks:*", "projects:read"), null, Restrictions.NONE, null);
        String userKey = key("user-key", "org", List.of("tasks:read", "billing:read"), null, Restrictions.NONE, null);
        String stranger = key("other", "other-org", List.of("tasks:*"), null, Restrictions.NONE, null);

        Verdict both = verifier.verify(new VerifyInput(userKey, orgKey, List.of("tasks:read"), null, null, null, true));
        assertThat(both.code()).isEqualTo(VerificationCode.VALID);
        assertThat(both.keyId()).isEqualTo("user-key");
        assertThat(both.permissions()).containsExactly("tasks:read");
        assertThat(dual(userKey, orgKey, "billing:read")).isEqualTo(VerificationCode.FORBIDDEN);
        assertThat(dual(userKey, orgKey, "projects:read")).isEqualTo(VerificationCode.FORBIDDEN);
        assertThat(dual(stranger, orgKey, "tasks:read")).isEqualTo(VerificationCode.NOT_FOUND);
        assertThat(dual(null, orgKey, "tasks:read")).isEqualTo(VerificationCode.MALFORMED);
        hotSet.on(new ApiKeyRevokedEvent("org-key", "org", null));
        assertThat(dual(userKey, orgKey, "tasks:read")).isEqualTo(VerificationCode.REVOKED);
    }

    private VerificationCode dual(String userKey, String orgKey, String permission) {
        return verifier.verify(new VerifyInput(userKey, orgKey, List.of(permission), null, null, null, true)).code();
    }

    @Test
    void aRotatedKeysOldSecretWorksUntilTheGraceDeadline() {
        String oldKey = key("k1", List.of());
        String newKey = keys.newKey();
        hotSet.on(new io.keyledger.api.keys.ApiKeyRotatedEvent("k1", "org",
                io.keyledger.api.keys.ApiKeyFormat.sha256Hex(newKey), "p",
                io.keyledger.api.keys.ApiKeyFormat.sha256Hex(oldKey), START.plusSeconds(30)));
        assertThat(verify(oldKey)).isEqualTo(VerificationCode.VALID);
        assertThat(verify(newKey)).isEqualTo(VerificationCode.VALID);
        clock.advance(Duration.ofSeconds(30));
        assertThat(verify(oldKey)).isEqualTo(VerificationCode.NOT_FOUND);
        assertThat(verify(newKey)).isEqualTo(VerificationCode.VALID);
    }

    @Test
    void aVerdictSaysWhetherTheCurrentOrThePreviousSecretMatched() {
        String oldKey = key("k1", List.of());
        String newKey = keys.newKey();
        assertThat(verifier.verify(VerifyInput.of(oldKey, List.of())).secret()).isEqualTo("current");
        hotSet.on(new io.keyledger.api.keys.ApiKeyRotatedEvent("k1", "org",
                io.keyledger.api.keys.ApiKeyFormat.sha256Hex(newKey), "p",
                io.keyledger.api.keys.ApiKeyFormat.sha256Hex(oldKey), START.plusSeconds(30)));
        Verdict old = verifier.verify(VerifyInput.of(oldKey, List.of()));
        assertThat(old.code()).isEqualTo(VerificationCode.VALID);
        assertThat(old.previousSecret()).isTrue();
        assertThat(old.secret()).isEqualTo("previous");
        assertThat(verifier.verify(VerifyInput.of(newKey, List.of())).secret()).isEqualTo("current");
        assertThat(verifier.verify(VerifyInput.of(keys.newKey(), List.of())).secret()).isNull();
    }

    // ------------------------------------------------------------ organization binding (issue 11 item 7)

    private Verdict verifyFor(String requiredOrganization, String key, String organizationKey) {
        return verifier.verify(new VerifyInput(key, organizationKey, List.of(), null, null, null, true,
                requiredOrganization));
    }

    @Test
    void aKeyOfAnotherOrganizationThanTheRequiredOneIsNotFoundAndNamesNoKey() {
        String key = key("k1", "org-a", List.of("tasks:read"), null, Restrictions.NONE, null);
        String revoked = key("k2", "org-a", List.of(), null, Restrictions.NONE, null);
        hotSet.on(new ApiKeyRevokedEvent("k2", "org-a", null));

        assertThat(verifyFor("org-a", key, null).code()).isEqualTo(VerificationCode.VALID);
        assertThat(verifyFor(null, key, null).code()).isEqualTo(VerificationCode.VALID);
        Verdict other = verifyFor("org-b", key, null);
        assertThat(other.code()).isEqualTo(VerificationCode.NOT_FOUND);
        assertThat(other.keyId()).isNull();
        assertThat(other.organizationId()).isNull();
        assertThat(other.permissions()).isEmpty();
        // not even its status is told to a caller of another organization
        assertThat(verifyFor("org-b", revoked, null).code()).isEqualTo(VerificationCode.NOT_FOUND);
        assertThat(verifyFor("org-a", revoked, null).code()).isEqualTo(VerificationCode.REVOKED);
        // nor does a refusal spend budget: the key's window is untouched
        assertThat(verifyFor("org-b", key, null).rateLimit().limit()).isZero();
    }

    @Test
    void theDualSchemeIsBoundToTheRequiredOrganizationToo() {
        String orgKey = key("org-key", "org-a", List.of("tasks:*"), null, Restrictions.NONE, null);
        String userKey = key("user-key", "org-a", List.of("tasks:read"), null, Restrictions.NONE, null);
        assertThat(verifyFor("org-a", userKey, orgKey).code()).isEqualTo(VerificationCode.VALID);
        Verdict other = verifyFor("org-b", userKey, orgKey);
        assertThat(other.code()).isEqualTo(VerificationCode.NOT_FOUND);
        assertThat(other.keyId()).isNull();
    }

    // ------------------------------------------------------------ retention (issue 12 item 7)

    @Test
    void revokedAndExpiredKeysAnswerWithTheirCodeDuringTheRetentionAndNotFoundAfterIt() {
        String revoked = key("r", List.of());
        String expiring = key("e", "org", List.of(), null, Restrictions.NONE, START.plusSeconds(60));
        String live = key("l", List.of());
        hotSet.on(new ApiKeyRevokedEvent("r", "org", null), START);

        clock.set(START.plus(Duration.ofDays(30)).minusMillis(1));
        assertThat(verify(revoked)).isEqualTo(VerificationCode.REVOKED);
        assertThat(verify(expiring)).isEqualTo(VerificationCode.EXPIRED);
        clock.set(START.plus(Duration.ofDays(30)));
        Verdict forgotten = verifier.verify(VerifyInput.of(revoked, List.of()));
        assertThat(forgotten.code()).isEqualTo(VerificationCode.NOT_FOUND);
        assertThat(forgotten.keyId()).isNull();
        assertThat(verify(expiring)).isEqualTo(VerificationCode.EXPIRED);
        clock.set(START.plusSeconds(60).plus(Duration.ofDays(30)));
        assertThat(verify(expiring)).isEqualTo(VerificationCode.NOT_FOUND);
        // the same after the sweep has freed them; live keys are untouched
        assertThat(hotSet.sweep()).isEqualTo(2);
        assertThat(verify(revoked)).isEqualTo(VerificationCode.NOT_FOUND);
        assertThat(verify(expiring)).isEqualTo(VerificationCode.NOT_FOUND);
        assertThat(verify(live)).isEqualTo(VerificationCode.VALID);
    }

    @Test
    void theFreshStackSequenceCreatePatchRotateAnswersBothSecrets() {
        String oldKey = key("k1", List.of("tasks:read"));
        hotSet.on(new io.keyledger.api.keys.ApiKeyUpdatedEvent("k1", "org", java.util.Set.of("permissions"), "k1", null,
                List.of("tasks:*"), null, Restrictions.NONE, null));
        String newKey = keys.newKey();
        hotSet.on(new io.keyledger.api.keys.ApiKeyRotatedEvent("k1", "org",
                io.keyledger.api.keys.ApiKeyFormat.sha256Hex(newKey), "p",
                io.keyledger.api.keys.ApiKeyFormat.sha256Hex(oldKey), START.plusSeconds(60)));
        assertThat(verify(newKey, "tasks:write")).isEqualTo(VerificationCode.VALID);
        assertThat(verify(oldKey, "tasks:write")).isEqualTo(VerificationCode.VALID);
        clock.advance(Duration.ofSeconds(59));
        assertThat(verify(oldKey, "tasks:write")).isEqualTo(VerificationCode.VALID);
        clock.advance(Duration.ofSeconds(1));
        assertThat(verify(oldKey, "tasks:write")).isEqualTo(VerificationCode.NOT_FOUND);
    }
}
