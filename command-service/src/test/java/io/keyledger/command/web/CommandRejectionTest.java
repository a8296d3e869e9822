package io.keyledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.command.keys.InvalidFieldException;
import io.keyledger.command.keys.KeyLifecycleException;
import io.keyledger.command.keys.KeyNotFoundException;
import io.keyledger.command.keys.VersionMismatchException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/** A rejection crosses Axon Server as serialized details and comes back as the same domain exception. */
class CommandRejectionTest {

    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();

    private RuntimeException roundTrip(RuntimeException e) {
        SerializedObject<byte[]> wire = serializer.serialize(CommandRejection.of(e), byte[].class);
        CommandRejection back = serializer.deserialize(wire);
        return back.toException();
    }

    @Test
    void everyDomainRejectionSurvivesTheTrip() {
        assertThat(roundTrip(new InvalidFieldException("expires_at", "must be in the future")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("expires_at");
                    assertThat(e.reason()).isEqualTo("must be in the future");
                });
        assertThat(roundTrip(new KeyNotFoundException("key_x"))).isInstanceOf(KeyNotFoundException.class)
                .hasMessage("no API key 'key_x'");
        assertThat(roundTrip(new KeyLifecycleException("revoked"))).isInstanceOf(KeyLifecycleException.class);
        assertThat(roundTrip(new VersionMismatchException(1, 4)))
                .isInstanceOfSatisfying(VersionMismatchException.class, e -> assertThat(e.currentVersion()).isEqualTo(4));
    }

    @Test
    void unexpectedFailuresAreNoRejection() {
        assertThat(CommandRejection.of(new IllegalStateException("boom"))).isNull();
    }
}
