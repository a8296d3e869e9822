package io.keyledger.support.auth;

import static io.keyledger.support.auth.KeyEvents.created;
import static io.keyledger.support.auth.KeyEvents.newSecret;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.keys.ApiKeyDisabledEvent;
import io.keyledger.api.keys.ApiKeyEnabledEvent;
import io.keyledger.api.keys.ApiKeyExpiredEvent;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.ApiKeyPreviousSecretRetiredEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.ApiKeyRotatedEvent;
import io.keyledger.api.keys.ApiKeyUpdatedEvent;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.support.auth.ManagementCallRules.Allowed;
import io.keyledger.support.auth.ManagementCallRules.Refused;
import io.keyledger.support.auth.ManagementCallRules.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of every management call as data: the kind of caller → the status and problem code
 * it gets (API.md, "Authorization rules"). A new rule adds rows; removing one makes rows fail.
 */
class ManagementCallRulesTest {

    private static final String TABLE = """
            # caller kind                            status  code
            no Authorization header                  401     MISSING_CREDENTIALS
            another scheme                           401     MISSING_CREDENTIALS
            empty bearer                             401     MISSING_CREDENTIALS
            malformed secret                         401     NOT_FOUND
            unknown secret                           401     NOT_FOUND
            active key                               200     -
            lower-case scheme                        200     -
            current secret after rotation            200     -
            grace secret                             401     ROTATED_AWAY
            grace secret of a disabled key           401     ROTATED_AWAY
            grace secret past its valid_until        401     NOT_FOUND
            retired secret                           401     NOT_FOUND
            secret rotated away without grace        401     NOT_FOUND
            disabled key                             401     DISABLED
            enabled again                            200     -
            revoked key                              401     REVOKED
            revoked after disable                    401     REVOKED
            expired key                              401     EXPIRED
            expires_at passed                        401     EXPIRED
            expires_at moved past by update          401     EXPIRED
            expires_at ahead                         200     -
            allowlisted address                      200     -
            allowlisted ipv6 address                 200     -
            address outside the allowlist            403     IP_NOT_ALLOWED
            unknown address with an allowlist        403     IP_NOT_ALLOWED
            allowlist of bad CIDRs only              403     IP_NOT_ALLOWED
            allowlist set by update                  403     IP_NOT_ALLOWED
            allowlist cleared by update              200     -
            disabled key outside the allowlist       401     DISABLED
            own per-minute limit spent               429     RATE_LIMITED
            own per-second limit spent               429     RATE_LIMITED
            own limit raised by update               200     -
            management limit spent                   429     MANAGEMENT_RATE_LIMITED
            management limit spent, then a second    200     -
            """;

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:30Z");
    private static final String INSIDE = "203.0.113.9";
    private static final String OUTSIDE = "198.51.100.7";
    private static final Restrictions ALLOWLIST = new Restrictions(List.of("203.0.113.0/24", "2001:db8::/32"), List.of());
    /** The management limit of these tests: 1 call/s, burst 2. */
    private static final long PER_SECOND = 1;
    private static final long BURST = 2;

    static Stream<Arguments> rows() {
        return TABLE.strip().lines().filter(line -> !line.startsWith("#")).map(line -> {
            String[] cols = line.trim().split("\\s{2,}");
            return Arguments.of(cols[0], Integer.parseInt(cols[1]), cols[2]);
        });
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @MethodSource("rows")
    void eachKindOfCallerGetsTheAnswerWritten(String kind, int status, String code) {
        Verdict verdict = new Case().call(kind);
        if (status == 200) {
            assertThat(verdict).as(kind).isInstanceOf(Allowed.class);
            assertThat(((Allowed) verdict).caller().keyId()).isEqualTo("k1");
            return;
        }
        assertThat(verdict).as(kind).isInstanceOf(Refused.class);
        Refused refused = (Refused) verdict;
        assertThat(refused.refusal().status().value()).as(kind).isEqualTo(status);
        assertThat(refused.refusal().name()).as(kind).isEqualTo(code);
        assertThat(refused.detail()).as(kind).isNotBlank();
        if (status == 429) {
            assertThat(refused.retryAfterSeconds()).as(kind).isPositive();
            assertThat(refused.detail()).contains("retry after " + refused.retryAfterSeconds() + " s");
        }
    }

    @Test
    void theTableNamesEveryRefusal() {
        Set<String> codes = rows().map(row -> (String) row.get()[2]).collect(Collectors.toSet());
        assertThat(codes).containsAll(Arrays.stream(Refusal.values()).map(Enum::name).toList());
    }

    @Test
    void theDetailsSayWhatWasRefused() {
        assertThat(((Refused) new Case().call("grace secret")).detail()).contains("rotated away");
        assertThat(((Refused) new Case().call("management limit spent")).detail())
                .contains("management rate limit").contains(PER_SECOND + " requests/s, burst " + BURST);
        assertThat(((Refused) new Case().call("own per-minute limit spent")).detail()).contains("rate_limit");
        assertThat(((Refused) new Case().call("address outside the allowlist")).detail()).contains("ip_allowlist");
    }

    @Test
    void aCallRefusedForItsAddressSpendsNoLimit() {
        Case c = new Case();
        c.directory.on(created("k1", c.secret, RateLimit.NONE, ALLOWLIST, null));
        for (int i = 0; i < 10; i++) {
            assertThat(c.judge(c.secret, OUTSIDE)).isInstanceOf(Refused.class);
        }
        for (int i = 0; i < BURST; i++) {
            assertThat(c.judge(c.secret, INSIDE)).isInstanceOf(Allowed.class);
        }
    }

    @Test
    void aCallRefusedByTheKeysOwnLimitSpendsNoManagementCall() {
        Case c = new Case();
        c.directory.on(created("k1", c.secret, new RateLimit(null, null, 1, null, null), Restrictions.NONE, null));
        assertThat(c.judge(c.secret, INSIDE)).isInstanceOf(Allowed.class);
        assertThat(((Refused) c.judge(c.secret, INSIDE)).refusal()).isEqualTo(Refusal.RATE_LIMITED);
        // the refused call gave its management token back: one of the burst of two is still there
        c.directory.on(update("k1", new RateLimit(null, null, 100, null, null), Restrictions.NONE, null));
        assertThat(c.judge(c.secret, INSIDE)).isInstanceOf(Allowed.class);
        assertThat(((Refused) c.judge(c.secret, INSIDE)).refusal()).isEqualTo(Refusal.MANAGEMENT_RATE_LIMITED);
    }

    /** One row's world: a fresh directory, limiter and clock, and the secret of key {@code k1}. */
    private static final class Case {
        final MutableClock clock = new MutableClock(NOW);
        final CallerDirectory directory = new CallerDirectory(clock);
        final ManagementCallRules rules = new ManagementCallRules(directory,
                new ManagementRateLimiter(PER_SECOND, BURST, 1_000, clock));
        final String secret = newSecret();

        Verdict judge(String presented, String address) {
            return rules.judge("Bearer " + presented, address);
        }

        Verdict call(String kind) {
            switch (kind) {
                case "no Authorization header":
                    return rules.judge(null, INSIDE);
                case "another scheme":
                    active();
                    return rules.judge("Basic " + secret, INSIDE);
                case "empty bearer":
                    return rules.judge("Bearer   ", INSIDE);
                case "malformed secret":
                    return judge("kl_live_nonsense", INSIDE);
                case "unknown secret":
                    active();
                    return judge(newSecret(), INSIDE);
                case "active key":
                    active();
                    return judge(secret, INSIDE);
                case "lower-case scheme":
                    active();
                    return rules.judge("bearer " + secret, INSIDE);
                case "current secret after rotation": {
                    active();
                    String next = rotate(Duration.ofHours(1));
                    return judge(next, INSIDE);
                }
                case "grace secret":
                    active();
                    rotate(Duration.ofHours(1));
                    return judge(secret, INSIDE);
                case "grace secret of a disabled key":
                    active();
                    rotate(Duration.ofHours(1));
                    directory.on(new ApiKeyDisabledEvent("k1", "org-1"));
                    return judge(secret, INSIDE);
                case "grace secret past its valid_until":
                    active();
                    rotate(Duration.ofHours(1));
                    clock.advance(Duration.ofHours(1));
                    return judge(secret, INSIDE);
                case "retired secret":
                    active();
                    rotate(Duration.ofHours(1));
                    directory.on(new ApiKeyPreviousSecretRetiredEvent("k1", "org-1", ApiKeyFormat.sha256Hex(secret)));
                    return judge(secret, INSIDE);
                case "secret rotated away without grace":
                    active();
                    rotate(null);
                    return judge(secret, INSIDE);
                case "disabled key":
                    active();
                    directory.on(new ApiKeyDisabledEvent("k1", "org-1"));
                    return judge(secret, INSIDE);
                case "enabled again":
                    active();
                    directory.on(new ApiKeyDisabledEvent("k1", "org-1"));
                    directory.on(new ApiKeyEnabledEvent("k1", "org-1"));
                    return judge(secret, INSIDE);
                case "revoked key":
                    active();
                    directory.on(new ApiKeyRevokedEvent("k1", "org-1", "test"));
                    return judge(secret, INSIDE);
                case "revoked after disable":
                    active();
                    directory.on(new ApiKeyDisabledEvent("k1", "org-1"));
                    directory.on(new ApiKeyRevokedEvent("k1", "org-1", "test"));
                    directory.on(new ApiKeyEnabledEvent("k1", "org-1"));
                    return judge(secret, INSIDE);
                case "expired key":
                    active();
                    directory.on(new ApiKeyExpiredEvent("k1", "org-1", NOW));
                    return judge(secret, INSIDE);
                case "expires_at passed":
                    directory.on(created("k1", secret, RateLimit.NONE, Restrictions.NONE, NOW.plusSeconds(60)));
                    clock.advance(Duration.ofSeconds(60));
                    return judge(secret, INSIDE);
                case "expires_at moved past by update":
                    active();
                    directory.on(update("k1", RateLimit.NONE, Restrictions.NONE, NOW.minusSeconds(1)));
                    return judge(secret, INSIDE);
                case "expires_at ahead":
                    directory.on(created("k1", secret, RateLimit.NONE, Restrictions.NONE, NOW.plusSeconds(60)));
                    clock.advance(Duration.ofSeconds(59));
                    return judge(secret, INSIDE);
                case "allowlisted address":
                    directory.on(created("k1", secret, RateLimit.NONE, ALLOWLIST, null));
                    return judge(secret, INSIDE);
                case "allowlisted ipv6 address":
                    directory.on(created("k1", secret, RateLimit.NONE, ALLOWLIST, null));
                    return judge(secret, "2001:db8:0:0:0:0:0:7");
                case "address outside the allowlist":
                    directory.on(created("k1", secret, RateLimit.NONE, ALLOWLIST, null));
                    return judge(secret, OUTSIDE);
                case "unknown address with an allowlist":
                    directory.on(created("k1", secret, RateLimit.NONE, ALLOWLIST, null));
                    return judge(secret, null);
                case "allowlist of bad CIDRs only":
                    directory.on(created("k1", secret, RateLimit.NONE,
                            new Restrictions(List.of("203.0.113.0/99", "not-a-cidr"), List.of()), null));
                    return judge(secret, INSIDE);
                case "allowlist set by update":
                    active();
                    directory.on(update("k1", RateLimit.NONE, new Restrictions(List.of("10.0.0.0/8"), List.of()), null));
                    return judge(secret, INSIDE);
                case "allowlist cleared by update":
                    directory.on(created("k1", secret, RateLimit.NONE, ALLOWLIST, null));
                    directory.on(update("k1", RateLimit.NONE, Restrictions.NONE, null));
                    return judge(secret, OUTSIDE);
                case "disabled key outside the allowlist":
                    directory.on(created("k1", secret, RateLimit.NONE, ALLOWLIST, null));
                    directory.on(new ApiKeyDisabledEvent("k1", "org-1"));
                    return judge(secret, OUTSIDE);
                case "own per-minute limit spent":
                    directory.on(created("k1", secret, new RateLimit(null, null, 1, null, null), Restrictions.NONE, null));
                    judge(secret, INSIDE);
                    return judge(secret, INSIDE);
                case "own per-second limit spent":
                    directory.on(created("k1", secret, new RateLimit(1, null, null, null, null), Restrictions.NONE, null));
                    judge(secret, INSIDE);
                    return judge(secret, INSIDE);
                case "own limit raised by update":
                    directory.on(created("k1", secret, new RateLimit(null, null, 1, null, null), Restrictions.NONE, null));
                    judge(secret, INSIDE);
                    directory.on(update("k1", new RateLimit(null, null, 5, null, null), Restrictions.NONE, null));
                    return judge(secret, INSIDE);
                case "management limit spent":
                    active();
                    for (int i = 0; i < BURST; i++) {
                        judge(secret, INSIDE);
                    }
                    return judge(secret, INSIDE);
                case "management limit spent, then a second":
                    active();
                    for (int i = 0; i < BURST; i++) {
                        judge(secret, INSIDE);
                    }
                    clock.advance(Duration.ofSeconds(1));
                    return judge(secret, INSIDE);
                default:
                    throw new IllegalArgumentException("no caller kind '" + kind + "'");
            }
        }

        private void active() {
            directory.on(created("k1", secret));
        }

        /** Rotates k1 to a new secret, the old one valid for {@code grace} ({@code null}: not at all). */
        private String rotate(Duration grace) {
            String next = newSecret();
            directory.on(new ApiKeyRotatedEvent("k1", "org-1", ApiKeyFormat.sha256Hex(next),
                    ApiKeyFormat.displayPrefix(next), ApiKeyFormat.sha256Hex(secret),
                    grace == null ? null : clock.instant().plus(grace)));
            return next;
        }
    }

    static ApiKeyUpdatedEvent update(String keyId, RateLimit rateLimit, Restrictions restrictions, Instant expiresAt) {
        return new ApiKeyUpdatedEvent(keyId, "org-1", Set.of("rate_limit", "restrictions", "expires_at"), "key " + keyId,
                null, List.of("keys:write", "keys:read"), rateLimit, restrictions, expiresAt);
    }
}
