package io.keyledger.command.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyMetaChangedEvent;
import io.keyledger.api.keys.ApiKeyUpdatedEvent;
import io.keyledger.api.keys.CreateApiKeyCommand;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.UpdateApiKeyCommand;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules of a key's {@code meta}: one row per accepted or refused value, one fixture test per event rule. */
class KeyMetaTest {

    private static final String ID = "key_m";
    private static final String ORG = "org_m";
    private static final String HASH = "a".repeat(64);
    private static final Owner OWNER = new Owner(OwnerType.USER, "u-1");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AggregateTestFixture<ApiKey> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApiKey.class);
        fixture.registerInjectableResource(Clock.systemUTC());
    }

    private static CreateApiKeyCommand create(String meta) {
        return new CreateApiKeyCommand(ID, ORG, "n", null, OWNER, Environment.LIVE, HASH, "kl_live_AbCd",
                List.of("tasks:read"), null, null, null, false, null, meta);
    }

    private static ApiKeyCreatedEvent created() {
        return new ApiKeyCreatedEvent(ID, ORG, "n", null, OWNER, Environment.LIVE, HASH, "kl_live_AbCd",
                List.of("tasks:read"), io.keyledger.api.keys.RateLimit.NONE, io.keyledger.api.keys.Restrictions.NONE,
                null, false, null);
    }

    private static UpdateApiKeyCommand patch(Set<String> fields, String name, String meta) {
        return new UpdateApiKeyCommand(ID, ORG, null, fields, name, null, null, null, null, null, null, null, meta);
    }

    @Test
    void aKeyCreatedWithMetaRecordsItInItsOwnEventRightAfterTheCreation() {
        fixture.givenNoPriorActivity()
                .when(create("{\"plan\":\"gold\"}"))
                .expectEvents(created(), new ApiKeyMetaChangedEvent(ID, ORG, "{\"plan\":\"gold\"}"))
                .expectResultMessagePayloadMatching(new org.hamcrest.CustomTypeSafeMatcher<KeyState>("meta, version 1") {
                    @Override
                    protected boolean matchesSafely(KeyState state) {
                        return "{\"plan\":\"gold\"}".equals(state.meta()) && state.version() == 1;
                    }
                });
    }

    @Test
    void aKeyCreatedWithoutMetaHasNoMetaEvent() {
        fixture.givenNoPriorActivity().when(create(null)).expectEvents(created());
    }

    @Test
    void patchingMetaChangesItAndNothingElse() {
        fixture.given(created(), new ApiKeyMetaChangedEvent(ID, ORG, "{\"a\":1}"))
                .when(patch(Set.of("meta"), null, "{\"a\":2}"))
                .expectEvents(new ApiKeyMetaChangedEvent(ID, ORG, "{\"a\":2}"));
    }

    @Test
    void patchingMetaToNullClearsIt() {
        fixture.given(created(), new ApiKeyMetaChangedEvent(ID, ORG, "{\"a\":1}"))
                .when(patch(Set.of("meta"), null, null))
                .expectEvents(new ApiKeyMetaChangedEvent(ID, ORG, null));
    }

    @Test
    void patchingTheSameMetaChangesNothing() {
        fixture.given(created(), new ApiKeyMetaChangedEvent(ID, ORG, "{\"a\":1}"))
                .when(patch(Set.of("meta"), null, "{\"a\":1}"))
                .expectNoEvents();
    }

    @Test
    void aPatchLeavingMetaOutKeepsIt() {
        fixture.given(created(), new ApiKeyMetaChangedEvent(ID, ORG, "{\"a\":1}"))
                .when(patch(Set.of("name"), "renamed", null))
                .expectEvents(new ApiKeyUpdatedEvent(ID, ORG, Set.of("name"), "renamed", null, List.of("tasks:read"),
                        io.keyledger.api.keys.RateLimit.NONE, io.keyledger.api.keys.Restrictions.NONE, null, null))
                .expectResultMessagePayloadMatching(new org.hamcrest.CustomTypeSafeMatcher<KeyState>("meta kept") {
                    @Override
                    protected boolean matchesSafely(KeyState state) {
                        return "{\"a\":1}".equals(state.meta());
                    }
                });
    }

    @Test
    void theAggregateRefusesMetaBeyondTheBoundEvenFromAnotherSender() {
        String big = "{\"a\":\"" + "x".repeat(ApiKeyMetaChangedEvent.MAX_BYTES) + "\"}";
        fixture.givenNoPriorActivity().when(create(big)).expectException(InvalidFieldException.class);
        fixture.givenNoPriorActivity().when(create("[1]")).expectException(InvalidFieldException.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"plan\":\"gold\",\"n\":1}| {\"plan\":\"gold\",\"n\":1}",
            "{ \"a\" : [ 1 , 2 ] }     | {\"a\":[1,2]}",
            "{}                         | {}",
            "null                       | ",
            "[1,2]                      | REFUSED",
            "\"text\"                   | REFUSED",
            "5                          | REFUSED",
            "true                       | REFUSED",
    })
    void requestValues(String body, String expected) throws Exception {
        if ("REFUSED".equals(expected)) {
            assertThatThrownBy(() -> KeyMeta.fromJson(JSON.readTree(body), JSON))
                    .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("meta"));
        } else {
            assertThat(KeyMeta.fromJson(JSON.readTree(body), JSON)).isEqualTo(expected);
        }
    }

    @Test
    void metaOfExactly16KibIsAcceptedOneByteMoreIsNot() throws Exception {
        String prefix = "{\"a\":\"";
        String fits = prefix + "x".repeat(ApiKeyMetaChangedEvent.MAX_BYTES - prefix.length() - 2) + "\"}";
        assertThat(KeyMeta.fromJson(JSON.readTree(fits), JSON)).hasSize(ApiKeyMetaChangedEvent.MAX_BYTES);
        String over = prefix + "x".repeat(ApiKeyMetaChangedEvent.MAX_BYTES - prefix.length() - 1) + "\"}";
        assertThatThrownBy(() -> KeyMeta.fromJson(JSON.readTree(over), JSON))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("meta"));
        // multi-byte characters count as bytes
        String umlauts = prefix + "ü".repeat(ApiKeyMetaChangedEvent.MAX_BYTES / 2) + "\"}";
        assertThatThrownBy(() -> KeyMeta.fromJson(JSON.readTree(umlauts), JSON)).isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void nestingDeeperThanTheBoundIsRefused() throws Exception {
        String ok = "{\"a\":".repeat(KeyMeta.MAX_DEPTH - 1) + "{}" + "}".repeat(KeyMeta.MAX_DEPTH - 1);
        assertThat(KeyMeta.fromJson(JSON.readTree(ok), JSON)).isNotNull();
        String deep = "{\"a\":".repeat(KeyMeta.MAX_DEPTH) + "{}" + "}".repeat(KeyMeta.MAX_DEPTH);
        assertThatThrownBy(() -> KeyMeta.fromJson(JSON.readTree(deep), JSON)).isInstanceOf(InvalidFieldException.class);
        String deepArrays = "{\"a\":" + "[".repeat(KeyMeta.MAX_DEPTH) + "]".repeat(KeyMeta.MAX_DEPTH) + "}";
        assertThatThrownBy(() -> KeyMeta.fromJson(JSON.readTree(deepArrays), JSON)).isInstanceOf(InvalidFieldException.class);
    }
}
