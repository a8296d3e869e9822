package io.keyledger.validator.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.keys.ApiKeyDisabledEvent;
import io.keyledger.api.keys.ApiKeyMetaChangedEvent;
import io.keyledger.api.keys.ApiKeyUpdatedEvent;
import io.keyledger.support.net.TrustedProxies;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A key's meta on the hot path: in the verify answer and the forward-auth header of a valid key, nowhere else. */
class KeyMetaHotPathTest {

    private final HotPathFixture fixture = new HotPathFixture();

    private String exchange(String request) {
        EmbeddedChannel channel = new EmbeddedChannel();
        NettyHotPathServer.pipeline(channel.pipeline(), new NettyHotPathServer.Settings(64 * 1024,
                Duration.ofSeconds(60), Duration.ofSeconds(10)), fixture.json,
                fixture.handler(TrustedProxies.of(TrustedProxies.LOOPBACK)));
        try {
            channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.UTF_8));
            return HotPathProtocolTest.outbound(channel);
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private String verify(String permission) {
        String body = "{\"key\":\"" + fixture.key + "\",\"permissions\":[\"" + permission + "\"]}";
        return exchange("POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
    }

    private String forwardAuth() {
        return exchange("GET /v1/auth HTTP/1.1\r\nHost: x\r\nX-API-Key: " + fixture.key + "\r\n\r\n");
    }

    private static String header(String answer, String name) {
        for (String line : answer.split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    @Test
    void aValidKeysMetaIsInTheAnswerAsJsonAndInTheHeaderAsBase64Url() {
        String meta = "{\"plan\":\"gold\",\"note\":\"ü \\\"quoted\\\"\",\"n\":[1,2]}";
        fixture.hotSet.on(new ApiKeyMetaChangedEvent("k-open", "org_a", meta));

        String answer = verify("tasks:read");
        assertThat(answer).contains("\"code\":\"VALID\"").contains("\"meta\":" + meta);

        String forwarded = forwardAuth();
        assertThat(HotPathProtocolTest.statuses(forwarded)).containsExactly(200);
        String encoded = header(forwarded, "X-Keyledger-Meta");
        assertThat(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8)).isEqualTo(meta);
    }

    @Test
    void aDeniedKeyAndAKeyWithoutMetaCarryNone() {
        assertThat(verify("tasks:read")).contains("\"code\":\"VALID\"").doesNotContain("\"meta\"");
        assertThat(header(forwardAuth(), "X-Keyledger-Meta")).isNull();

        fixture.hotSet.on(new ApiKeyMetaChangedEvent("k-open", "org_a", "{\"secret_plan\":1}"));
        assertThat(verify("tasks:write")).contains("\"code\":\"FORBIDDEN\"").doesNotContain("secret_plan");
        fixture.hotSet.on(new ApiKeyDisabledEvent("k-open", "org_a"));
        assertThat(verify("tasks:read")).contains("\"code\":\"DISABLED\"").doesNotContain("secret_plan");
        assertThat(header(forwardAuth(), "X-Keyledger-Meta")).isNull();
    }

    @Test
    void metaSurvivesOtherChangesOfTheKeyAndIsClearedByItsOwnEvent() {
        fixture.hotSet.on(new ApiKeyMetaChangedEvent("k-open", "org_a", "{\"a\":1}"));
        // a settings change builds a new entry: the meta goes with it
        fixture.hotSet.on(new ApiKeyUpdatedEvent("k-open", "org_a", Set.of("permissions"), "n", null,
                List.of("tasks:read", "tasks:write"), null, null, null));
        assertThat(verify("tasks:write")).contains("\"code\":\"VALID\"").contains("\"meta\":{\"a\":1}");

        fixture.hotSet.on(new ApiKeyMetaChangedEvent("k-open", "org_a", null));
        assertThat(verify("tasks:read")).contains("\"code\":\"VALID\"").doesNotContain("\"meta\"");
        assertThat(fixture.hotSet.findById("k-open").extras()).as("a plain key again: no extras").isNull();
    }

    @Test
    void metaOfAnUnknownKeyChangesNothing() {
        fixture.hotSet.on(new ApiKeyMetaChangedEvent("k-nobody", "org_a", "{\"a\":1}"));
        assertThat(fixture.hotSet.findById("k-nobody")).isNull();
    }
}
