package io.keyledger.query.projections;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "+292278995-01-01T00:00:00Z, 9999-12-31T23:59:59Z",
            "+1000000000-12-31T23:59:59.999999999Z, 9999-12-31T23:59:59Z",
            "-1000000000-01-01T00:00:00Z, 1970-01-01T00:00:00Z",
            "-292278995-01-01T00:00:00Z, 1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999Z, 1970-01-01T00:00:00Z",
            "1970-01-01T00:00:00Z, 1970-01-01T00:00:00Z",
            "2026-03-01T10:00:00.123Z, 2026-03-01T10:00:00.123Z",
            "9999-12-31T23:59:59Z, 9999-12-31T23:59:59Z",
            "9999-12-31T23:59:59.001Z, 9999-12-31T23:59:59Z",
    })
    void instantsAreClampedIntoTheApisRangeAndNeverThrow(String given, String expected) {
        Instant instant = Instant.parse(given);
        assertThat(Dates.clamp(instant)).isEqualTo(Instant.parse(expected));
        assertThat(Dates.date(instant)).isEqualTo(new Date(Instant.parse(expected).toEpochMilli()));
        assertThat(Dates.millis(instant)).isEqualTo(Instant.parse(expected).toEpochMilli());
    }

    @org.junit.jupiter.api.Test
    void nullStaysNull() {
        assertThat(Dates.clamp(null)).isNull();
        assertThat(Dates.date(null)).isNull();
    }
}
