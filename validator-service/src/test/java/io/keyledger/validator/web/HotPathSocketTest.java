package io.keyledger.validator.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.support.net.TrustedProxies;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hot path over real loopback sockets: the address a verdict is judged by and recorded with
 * (DESIGN §8) as the TCP peer — 127.0.0.1, trusted or not by configuration — and the headers
 * sent; an idle connection closed by the server; no buffer leaked (PARANOID).
 */
class HotPathSocketTest {

    private static LeakCheck leaks;
    private final HotPathFixture fixture = new HotPathFixture();
    private NettyHotPathServer server;

    @BeforeAll
    static void paranoid() {
        leaks = new LeakCheck();
    }

    @AfterAll
    static void restore() {
        leaks.close();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        assertThat(leaks.reports()).as("Netty leak reports").isEmpty();
    }

    private void start(List<String> trusted, Duration idle) throws InterruptedException {
        server = new NettyHotPathServer("127.0.0.1", 0, 1, fixture.verification, fixture.json, false, 64 * 1024,
                idle, Duration.ofSeconds(10), TrustedProxies.of(trusted), fixture.readiness);
    }

    @Test
    void behindATrustedProxyTheForwardedHopIsTheClient() throws Exception {
        start(TrustedProxies.LOOPBACK, Duration.ofSeconds(60));
        // forward-auth: the pinned key is allowed for 203.0.113.0/24 only
        assertThat(auth("X-Forwarded-For: 6.6.6.6, 203.0.113.9")).startsWith("HTTP/1.1 200");
        assertThat(auth("X-Real-IP: 203.0.113.9")).startsWith("HTTP/1.1 200");
        // a client-chosen X-Real-IP never wins over the proxy's X-Forwarded-For
        assertThat(auth("X-Forwarded-For: 198.51.100.1\r\nX-Real-IP: 203.0.113.9")).startsWith("HTTP/1.1 403");
        // verify without ip: judged (and recorded) by the forwarded client address
        assertThat(verify("{\"key\":\"" + fixture.key + "\"}", "X-Forwarded-For: 203.0.113.77")).contains("\"VALID\"");
        assertThat(fixture.attempts).extracting(AuthAttempt::ip)
                .containsExactly("203.0.113.9", "203.0.113.9", "198.51.100.1", "203.0.113.77");
    }

    @Test
    void fromAnUntrustedPeerTheHeadersCountForNothing() throws Exception {
        start(List.of(), Duration.ofSeconds(60));
        assertThat(auth("X-Forwarded-For: 203.0.113.9")).startsWith("HTTP/1.1 403");
        assertThat(auth("X-Real-IP: 203.0.113.9")).startsWith("HTTP/1.1 403");
        // verify: the body's ip is what the caller asks about; without one, the peer is judged and recorded
        assertThat(verify("{\"key\":\"" + fixture.pinnedKey + "\",\"ip\":\"203.0.113.5\"}", "X-Forwarded-For: 1.1.1.1"))
                .contains("\"VALID\"");
        assertThat(verify("{\"key\":\"" + fixture.pinnedKey + "\"}", "X-Forwarded-For: 203.0.113.9"))
                .contains("\"IP_NOT_ALLOWED\"");
        assertThat(verify("{\"key\":\"kl_live_unknown\"}", "X-Real-IP: 203.0.113.9")).contains("\"MALFORMED\"");
        assertThat(fixture.attempts).extracting(AuthAttempt::ip)
                .containsExactly("127.0.0.1", "127.0.0.1", "203.0.113.5", "127.0.0.1", "127.0.0.1");
    }

    @Test
    void anIdleConnectionIsClosedByTheServer() throws Exception {
        start(TrustedProxies.LOOPBACK, Duration.ofMillis(300));
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            // the server closes first: an end of stream, not the client's read timeout
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    private String auth(String headers) throws IOException {
        return exchange("GET /v1/auth HTTP/1.1\r\nHost: x\r\nX-API-Key: " + fixture.pinnedKey + "\r\n" + headers
                + "\r\nConnection: close\r\n\r\n");
    }

    private String verify(String body, String headers) throws IOException {
        return exchange("POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + headers
                + "\r\nConnection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
    }

    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            try {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no close after Connection: close", e);
            }
        }
    }
}
