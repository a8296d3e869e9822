package io.keyledger.command.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.organizations.Plan;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input rules of a key (API.md "Input rules"), each a row: names with at least one visible
 * character and no control, format, separator, private-use or unassigned code point; expiries in
 * the future and within 1970–9999; rate limits within the organization's plan.
 */
class KeyRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"\u3164", "\u3164\u3164", "\u00a0\u00a0", "\u2800", "\u115f\u1160", "\uffa0", " \u2007 ",
            "\u034f", "a\u2028b", "a\u2029b", "a\u200bb", "a\u202eb", "a\u0007b", "\ue000private", "a\nb", "a\u0378b",
            "\udb80\udc00plane-15", ""})
    void namesThatLookBlankOrHideCharactersAreRefused(String name) {
        assertThatThrownBy(() -> KeyRules.name(name)).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("name: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"billing sync", "Überweisung", "請求", "a\u00a0b", "🔑 key", "x"})
    void namesWithSomethingVisibleAreKept(String name) {
        assertThat(KeyRules.name(name)).isEqualTo(name);
    }

    @Test
    void aNameHasAtMostOneHundredCharacters() {
        assertThat(KeyRules.name("n".repeat(100))).hasSize(100);
        assertThatThrownBy(() -> KeyRules.name("n".repeat(101))).hasMessage("name: must be at most 100 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+292278995-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z",
            "1969-12-31T23:59:59Z"})
    void anExpiryOutsideTheInstantsEveryServiceHoldsIsRefused(String instant) {
        Instant expiresAt = Instant.parse(instant);
        assertThatThrownBy(() -> KeyRules.expiresAt(expiresAt, NOW)).isInstanceOf(InvalidFieldException.class)
                .hasMessage("expires_at: must lie between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
    }

    @Test
    void anExpiryLiesInTheFutureUpToTheLastSecondOf9999() {
        assertThat(KeyRules.expiresAt(Instant.parse("9999-12-31T23:59:59Z"), NOW)).isEqualTo("9999-12-31T23:59:59Z");
        assertThat(KeyRules.expiresAt(null, NOW)).isNull();
        assertThatThrownBy(() -> KeyRules.expiresAt(NOW, NOW)).hasMessage("expires_at: must be in the future");
    }

    static Stream<Arguments> limitsAbovePlans() {
        return Stream.of(
                Arguments.of(Plan.FREE, new RateLimit(11, null, null, null, null), "rate_limit.per_second", 10),
                Arguments.of(Plan.FREE, new RateLimit(null, 21, null, null, null), "rate_limit.burst", 20),
                Arguments.of(Plan.FREE, new RateLimit(null, null, 101, null, null), "rate_limit.per_minute", 100),
                Arguments.of(Plan.FREE, new RateLimit(null, null, null, 1_001, null), "rate_limit.per_hour", 1_000),
                Arguments.of(Plan.PROFESSIONAL, new RateLimit(51, null, null, null, null), "rate_limit.per_second", 50),
                Arguments.of(Plan.PROFESSIONAL, new RateLimit(null, null, null, 10_001, null), "rate_limit.per_hour", 10_000),
                Arguments.of(Plan.ENTERPRISE, new RateLimit(null, 2_001, null, null, null), "rate_limit.burst", 2_000),
                Arguments.of(Plan.ENTERPRISE, new RateLimit(null, null, 50_001, null, null), "rate_limit.per_minute", 50_000));
    }

    @ParameterizedTest
    @MethodSource("limitsAbovePlans")
    void aLimitAboveThePlanIsRefusedNamingTheField(Plan plan, RateLimit asked, String field, int cap) {
        assertThatThrownBy(() -> KeyRules.withinPlan(asked, plan)).isInstanceOf(InvalidFieldException.class)
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo(field))
                .hasMessageContaining("must be at most " + cap + " on the " + plan.name().toLowerCase() + " plan");
    }

    @Test
    void limitsAtThePlanOrInAWindowThePlanLeavesOpenAreKept() {
        assertThatCode(() -> KeyRules.withinPlan(new RateLimit(10, 20, 100, 1_000, 1_000_000_000), Plan.FREE))
                .doesNotThrowAnyException();
        assertThatCode(() -> KeyRules.withinPlan(null, Plan.FREE)).doesNotThrowAnyException();
        assertThatCode(() -> KeyRules.withinPlan(RateLimit.NONE, Plan.FREE)).doesNotThrowAnyException();
    }
}
