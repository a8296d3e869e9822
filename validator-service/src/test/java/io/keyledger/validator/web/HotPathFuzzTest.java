package io.keyledger.validator.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Jazzer target for the Netty request path: arbitrary bytes, in arbitrary slices, into the real
 * pipeline in an {@link EmbeddedChannel}. No exception may leave the pipeline, no answer may be a
 * 500, and Netty's leak detector (PARANOID, see {@link LeakCheck}) may report no buffer left unreleased.
 */
class HotPathFuzzTest {

    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");
    private static LeakCheck leaks;
    private final HotPathFixture fixture = new HotPathFixture();

    @BeforeAll
    static void paranoid() {
        leaks = new LeakCheck();
    }

    @AfterAll
    static void restore() {
        System.gc();
        assertThat(leaks.reports()).as("Netty leak reports").isEmpty();
        leaks.close();
    }

    @FuzzTest(maxDuration = "30s")
    void anyBytesGetAnAnswerOrAClosedConnectionAndLeakNothing(FuzzedDataProvider data) {
        EmbeddedChannel channel = new EmbeddedChannel();
        NettyHotPathServer.pipeline(channel.pipeline(),
                new NettyHotPathServer.Settings(64 * 1024, Duration.ofSeconds(60), Duration.ofSeconds(10)),
                fixture.json, fixture.handler());
        String prefix = data.pickValue(new String[] {"", "POST /v1/verify HTTP/1.1\r\nHost: x\r\n",
                "GET /v1/auth HTTP/1.1\r\nHost: x\r\nX-API-Key: ", "GET /v1/rate-limit HTTP/1.1\r\n",
                // Envoy's HTTP ext_authz: any method, the original path after the prefix, maybe a body
                "POST /v1/auth/", "DELETE /v1/auth/tasks/1?api_key=", "PUT /v1/auth HTTP/1.1\r\nHost: x\r\nContent-Length: "});
        channel.writeInbound(Unpooled.copiedBuffer(prefix.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        while (data.remainingBytes() > 0 && channel.isOpen()) {
            channel.writeInbound(Unpooled.wrappedBuffer(data.consumeBytes(1 + data.consumeInt(0, 512))));
        }
        channel.checkException();
        Matcher statuses = STATUS.matcher(HotPathProtocolTest.outbound(channel));
        while (statuses.find()) {
            assertThat(Integer.parseInt(statuses.group(1))).isNotEqualTo(500);
        }
        channel.finishAndReleaseAll();
        assertThat(leaks.reports()).as("Netty leak reports").isEmpty();
    }
}
