package io.keyledger.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeParametersTest {

    @ParameterizedTest(name = "{0}={1} accepted: {2}")
    @CsvSource({
            "from, -1000000000-01-01T00:00:00Z, false",
            "to, +292278995-01-01T00:00:00Z, false",
            "at, +1000000000-12-31T23:59:59.999999999Z, false",
            "since, +292278995-01-01T00:00:00Z, false",
            "from, 1969-12-31T23:59:59.999Z, false",
            "to, 9999-12-31T23:59:59.001Z, false",
            "from, 1970-01-01T00:00:00Z, true",
            "to, 9999-12-31T23:59:59Z, true",
            "at, 2026-12-07T03:00:00Z, true",
    })
    void instantsOutsideTheApisRangeAreRefusedNamingTheParameter(String name, String value, boolean accepted) {
        Instant instant = Instant.parse(value);
        if (accepted) {
            assertThat(TimeParameters.bounded(name, instant)).isEqualTo(instant);
        } else {
            assertThatThrownBy(() -> TimeParameters.bounded(name, instant))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("parameter '" + name + "' must lie between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
        }
    }

    @org.junit.jupiter.api.Test
    void anAbsentParameterIsNoValueAndAnEmptyRangeIsRefused() {
        assertThat(TimeParameters.bounded("to", null)).isNull();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> TimeParameters.ordered("from", t, "to", t))
                .hasMessage("parameter 'from' must be before 'to'");
        TimeParameters.ordered("from", t, "to", t.plusMillis(1));
    }
}
