package io.keyledger.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventStoreSelectionTest {

    private static final String H2 = "jdbc:h2:tcp://localhost:9095/keyledger";
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/keyledger";

    @Test
    void theStoreFollowsThePropertyOrElseTheUrl() {
        assertThat(EventStoreSelection.store(null, H2)).isEqualTo("h2");
        assertThat(EventStoreSelection.store("", PG)).isEqualTo("postgres");
        assertThat(EventStoreSelection.store(" Postgres ", PG)).isEqualTo("postgres");
        assertThat(EventStoreSelection.store("postgresql", PG)).isEqualTo("postgres");
        assertThat(EventStoreSelection.store("h2", H2)).isEqualTo("h2");
    }

    @Test
    void aStoreThatDisagreesWithTheUrlOrIsUnknownStopsTheStartNamingTheProperty() {
        assertThatThrownBy(() -> EventStoreSelection.store("postgres", H2))
                .hasMessageContaining("keyledger.event-store=postgres").hasMessageContaining("KEYLEDGER_EVENTSTORE_URL");
        assertThatThrownBy(() -> EventStoreSelection.store("h2", PG)).hasMessageContaining("keyledger.event-store=h2");
        assertThatThrownBy(() -> EventStoreSelection.store("mysql", H2)).hasMessage("keyledger.event-store must be h2 or postgres");
    }
}
