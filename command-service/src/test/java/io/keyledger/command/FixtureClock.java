package io.keyledger.command;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;

/** A UTC clock that reads an {@link AggregateTestFixture}'s time, so that handlers see {@code whenTimeElapses}. */
public final class FixtureClock extends Clock {

    private final AggregateTestFixture<?> fixture;

    private FixtureClock(AggregateTestFixture<?> fixture) {
        this.fixture = fixture;
    }

    public static Clock of(AggregateTestFixture<?> fixture) {
        return new FixtureClock(fixture);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return fixture.currentTime();
    }
}
