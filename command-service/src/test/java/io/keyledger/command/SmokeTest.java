package io.keyledger.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmokeTest extends CommandServiceTest {

    @Test
    void createsAKey() {
        Http.Answer created = admin().post("/v1/api-keys", "{\"name\":\"smoke\",\"permissions\":[\"tasks:read\"]}");
        System.out.println(created);
        assertThat(created.status()).isEqualTo(201);
    }
}
