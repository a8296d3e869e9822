package io.keyledger.validator.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hot port's protocol handling as data (RFC 9112 framing, methods, targets, bodies, JSON), each
 * row one raw request through the real pipeline in an {@link EmbeddedChannel}: the statuses of the
 * answers, whether the connection is closed, and — with Netty's leak detector at PARANOID — that no
 * buffer is left unreleased, whatever the answer.
 */
class HotPathProtocolTest {

    private static LeakCheck leaks;
    private final HotPathFixture fixture = new HotPathFixture();

    @BeforeAll
    static void paranoid() {
        leaks = new LeakCheck();
    }

    @AfterAll
    static void restore() {
        leaks.close();
    }

    @AfterEach
    void noLeak() {
        assertThat(leaks.reports()).as("Netty leak reports").isEmpty();
    }

    record Row(String name, String request, List<Integer> statuses, boolean closed) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String VERIFY_BODY = "{\"key\":\"kl_live_" + "A".repeat(46) + "\",\"permissions\":[]}";

    private static String verify(String body) {
        return "POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    static Stream<Row> framing() {
        String v = VERIFY_BODY;
        return Stream.of(
                new Row("a well-formed verify, kept open", verify(v), List.of(200), false),
                new Row("two pipelined requests, two answers", verify(v) + verify(v), List.of(200, 200), false),
                new Row("Content-Length and chunked together: 400, close, the smuggled request unanswered",
                        "POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                                + v.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n" + v
                                + "GET /v1/rate-limit HTTP/1.1\r\nHost: x\r\n\r\n", List.of(400), true),
                new Row("an unknown coding (xchunked) with a length: 501, close",
                        "POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                                + v.length() + "\r\nTransfer-Encoding: xchunked\r\n\r\n" + v, List.of(501), true),
                new Row("gzip, chunked: 501, close",
                        "POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", List.of(501), true),
                new Row("chunked alone is fine",
                        "POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(v.length()) + "\r\n" + v
                                + "\r\n0\r\n\r\n", List.of(200), false),
                new Row("Transfer-Encoding in HTTP/1.0: 400, close",
                        "POST /v1/verify HTTP/1.0\r\nContent-Type: application/json\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", List.of(400), true),
                new Row("HTTP/1.1 without Host: 400, close",
                        "POST /v1/verify HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: " + v.length()
                                + "\r\n\r\n" + v, List.of(400), true),
                new Row("two Host headers: 400, close",
                        "GET /v1/rate-limit HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", List.of(400), true),
                new Row("HTTP/1.0 without Host is fine (and closed: no keep-alive asked)",
                        "GET /v1/nothing HTTP/1.0\r\n\r\n", List.of(404), true),
                new Row("two different Content-Lengths: 400, close",
                        "POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
                        List.of(400), true),
                new Row("Expect: 100-continue over the limit: 413 with its problem, close",
                        "POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 10000000\r\nExpect: 100-continue\r\n\r\n", List.of(413), true),
                new Row("Expect: 100-continue within the limit: 100, then the answer",
                        "POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                                + v.length() + "\r\nExpect: 100-continue\r\n\r\n" + v, List.of(100, 200), false),
                new Row("an unknown expectation: 417, close",
                        "POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                                + v.length() + "\r\nExpect: teapot\r\n\r\n" + v, List.of(417), true),
                new Row("a body over the limit: 413, close",
                        verify("{\"key\":\"" + "a".repeat(70_000) + "\"}"), List.of(413), true),
                new Row("CONNECT: 501", "CONNECT /x HTTP/1.1\r\nHost: x\r\n\r\n", List.of(501), false),
                new Row("an extension method: 501", "BREW /v1/verify HTTP/1.1\r\nHost: x\r\n\r\n", List.of(501), false),
                new Row("another path: 404 (actuator is not here)", "GET /actuator/health HTTP/1.1\r\nHost: x\r\n\r\n",
                        List.of(404), false),
                new Row("OpenAPI is not here either", "GET /v3/api-docs HTTP/1.1\r\nHost: x\r\n\r\n", List.of(404), false),
                new Row("GET /v1/verify: 405", "GET /v1/verify HTTP/1.1\r\nHost: x\r\n\r\n", List.of(405), false),
                new Row("DELETE /v1/auth: judged like GET (Envoy HTTP mode keeps the method): 401 without a key",
                        "DELETE /v1/auth HTTP/1.1\r\nHost: x\r\n\r\n", List.of(401), false),
                new Row("HEAD /v1/auth: 401 without a body, kept open",
                        "HEAD /v1/auth HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n",
                        List.of(401, 404), false),
                new Row("POST /v1/auth/<path> with a body, then a pipelined request: both answered, kept open",
                        "POST /v1/auth/tasks/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                                + "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n", List.of(401, 404), false),
                new Row("a chunked body to /v1/auth/<path> with a smuggling Content-Length: 400, close",
                        "PUT /v1/auth/x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked"
                                + "\r\n\r\n0\r\n\r\nGET /v1/rate-limit HTTP/1.1\r\nHost: x\r\n\r\n", List.of(400), true),
                new Row("/v1/authx is not the prefix: 404", "GET /v1/authx HTTP/1.1\r\nHost: x\r\n\r\n",
                        List.of(404), false),
                new Row("CONNECT to /v1/auth/: 501", "CONNECT /v1/auth/x HTTP/1.1\r\nHost: x\r\n\r\n",
                        List.of(501), false),
                new Row("target *: 400", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", List.of(400), false),
                new Row("absolute-form target: 400", "GET http://evil.example//v1/verify HTTP/1.1\r\nHost: x\r\n\r\n",
                        List.of(400), false),
                new Row("garbage: 400, close", "\u0001\u0002 nonsense\r\n\r\n", List.of(400), true),
                new Row("a request line over 4 KiB: 414, close",
                        "GET /v1/auth?" + "x".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n", List.of(414), true),
                new Row("headers over 8 KiB: 431, close",
                        "GET /v1/auth HTTP/1.1\r\nHost: x\r\nX-API-Key: " + "k".repeat(9000) + "\r\n\r\n", List.of(431), true),
                new Row("verify without a JSON content type: 415",
                        "POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}", List.of(415), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("framing")
    void eachRequestGetsItsAnswerAndTheConnectionItsFate(Row row) {
        EmbeddedChannel channel = channel(Duration.ofSeconds(60), Duration.ofSeconds(10));
        String answers;
        try {
            channel.writeInbound(Unpooled.copiedBuffer(row.request(), StandardCharsets.ISO_8859_1));
            channel.runPendingTasks();
        } finally {
            answers = outbound(channel);
        }
        assertThat(statuses(answers)).as(answers).isEqualTo(row.statuses());
        assertThat(!channel.isOpen()).as("closed").isEqualTo(row.closed());
        if (row.statuses().stream().anyMatch(s -> s >= 400)) {
            assertThat(answers).contains("content-type: application/problem+json");
        }
        assertThat(answers).doesNotContain("Exception").doesNotContain("java.");
        channel.finishAndReleaseAll();
    }

    record Json(String body, int status, String field) {
        @Override
        public String toString() {
            return body.isEmpty() ? "(empty body)" : body.length() > 80 ? body.substring(0, 80) + "…" : body;
        }
    }

    /** API.md "Input rules" for the verify body; {@code $K} is a known key of org_a with tasks:read. */
    static Stream<Json> verifyBodies() {
        return Stream.of(
                new Json("{\"key\":\"$K\",\"permissions\":[\"tasks:read\"]}", 200, null),
                new Json("{\"key\":\"$K\",\"permissions\":null,\"ip\":null}", 200, null),
                new Json("{\"key\":\"$K\",\"organization_id\":\"org_a\"}", 200, null),
                new Json("{\"key\":\"$K\",\"ip\":\"2001:db8::1\"}", 200, null),
                new Json("{\"key\":\"$K\"} {\"key\":\"$K\",\"permissions\":[\"admin:*\"]}", 400, null),
                new Json("{\"key\":\"$K\"} x", 400, null),
                new Json("[{\"key\":\"$K\"}]", 400, null),
                new Json("\"$K\"", 400, null),
                new Json("{\"key\":5}", 400, "key"),
                new Json("{\"key\":\"$K\",\"permissions\":\"tasks:read\"}", 400, "permissions"),
                new Json("{\"key\":\"$K\",\"permissions\":[5]}", 400, "permissions"),
                new Json("{\"key\":\"$K\",\"permissions\":[[\"tasks:read\"]]}", 400, "permissions"),
                new Json("{\"key\":\"$K\",\"permissions\":[\"Not A Permission\"]}", 400, "permissions"),
                new Json("{\"key\":\"$K\",\"ip\":7}", 400, "ip"),
                new Json("{\"key\":\"$K\",\"ip\":\"localhost\"}", 400, "ip"),
                new Json("{\"key\":\"$K\",\"referrer\":true}", 400, "referrer"),
                new Json("{\"key\":\"$K\",\"organization_id\":\"org a\"}", 400, "organization_id"),
                new Json("{\"key\":\"$K\",\"organization_id\":\"" + "o".repeat(65) + "\"}", 400, "organization_id"),
                new Json("{\"key\":\"$K\",\"organization_id\":1}", 400, "organization_id"),
                new Json("{\"key\":\"$K\",\"unknown\":1}", 400, "unknown"),
                new Json("{\"key\":\"$K\",\"key\":\"$K\"}", 400, "key"),
                new Json("{\"key\":\"" + "a".repeat(513) + "\"}", 400, "key"),
                new Json("{\"key\":\"$K\",\"permissions\":[" + "\"a:b\",".repeat(100) + "\"a:b\"]}", 400, "permissions"),
                new Json("{\"permissions\":[]}", 400, "key"),
                new Json("{\"key\":", 400, null),
                new Json("", 400, null),
                new Json("\uFEFF{\"key\":\"$K\"}", 400, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verifyBodies")
    void theVerifyBodyIsReadStrictly(Json row) throws Exception {
        String answer = exchange(verify(row.body().replace("$K", fixture.key)));
        assertThat(statuses(answer)).as(answer).containsExactly(row.status());
        JsonNode body = fixture.json.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        if (row.status() == 400) {
            assertThat(body.get("status").asInt()).isEqualTo(400);
            if (row.field() != null) {
                assertThat(body.at("/errors/0/field").asText()).as(answer).isEqualTo(row.field());
            }
        } else {
            assertThat(body.get("code").asText()).isEqualTo("VALID");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void aBodyThatIsNotUtf8IsRefused(String name, byte[] body) {
        byte[] head = ("POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        EmbeddedChannel channel = channel(Duration.ofSeconds(60), Duration.ofSeconds(10));
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(head, body));
            assertThat(statuses(outbound(channel))).containsExactly(400);
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> encodings() {
        String json = "{\"key\":\"kl_live_x\"}";
        byte[] overlong = "{\"key\":\"a\u0000b\"}".getBytes(StandardCharsets.UTF_8);
        overlong[9] = (byte) 0xC0;
        byte[] withOverlong = new byte[overlong.length + 1];
        System.arraycopy(overlong, 0, withOverlong, 0, 10);
        withOverlong[10] = (byte) 0xAF;
        System.arraycopy(overlong, 10, withOverlong, 11, overlong.length - 10);
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("UTF-16BE", json.getBytes(StandardCharsets.UTF_16BE)),
                org.junit.jupiter.params.provider.Arguments.of("UTF-16LE", json.getBytes(StandardCharsets.UTF_16LE)),
                org.junit.jupiter.params.provider.Arguments.of("UTF-16 with BOM", json.getBytes(StandardCharsets.UTF_16)),
                org.junit.jupiter.params.provider.Arguments.of("overlong C0 AF", withOverlong),
                org.junit.jupiter.params.provider.Arguments.of("Latin-1 byte", "{\"key\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void theRequiredOrganizationBindsTheVerdict() throws Exception {
        String other = exchange(verify("{\"key\":\"" + fixture.key + "\",\"organization_id\":\"org_b\"}"));
        assertThat(other).contains("\"code\":\"NOT_FOUND\"").doesNotContain("k-open");
        String forwarded = exchange("GET /v1/auth HTTP/1.1\r\nHost: x\r\nX-API-Key: " + fixture.key
                + "\r\nX-Required-Organization: org_b\r\n\r\n");
        assertThat(statuses(forwarded)).containsExactly(401);
        assertThat(forwarded).containsIgnoringCase("x-keyledger-code: NOT_FOUND");
        String malformed = exchange("GET /v1/auth HTTP/1.1\r\nHost: x\r\nX-API-Key: " + fixture.key
                + "\r\nX-Required-Organization: org a\r\n\r\n");
        assertThat(statuses(malformed)).as("a malformed requirement fails closed").containsExactly(401);
        String same = exchange("GET /v1/auth HTTP/1.1\r\nHost: x\r\nX-API-Key: " + fixture.key
                + "\r\nX-Required-Organization: org_a\r\n\r\n");
        assertThat(statuses(same)).containsExactly(200);
    }

    @Test
    void envoysHttpModeIsJudgedLikeForwardAuthWhateverTheMethodAndPath() throws Exception {
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
            String allowed = exchange(method + " /v1/auth/tasks/1?page=2 HTTP/1.1\r\nHost: x\r\nX-API-Key: " + fixture.key
                    + "\r\nX-Required-Organization: org_a\r\nContent-Length: 0\r\n\r\n");
            assertThat(statuses(allowed)).as(method).containsExactly(200);
            assertThat(allowed).as(method).containsIgnoringCase("x-keyledger-key-id: k-open");
            String other = exchange(method + " /v1/auth/tasks/1 HTTP/1.1\r\nHost: x\r\nX-API-Key: " + fixture.key
                    + "\r\nX-Required-Organization: org_b\r\n\r\n");
            assertThat(statuses(other)).as(method).containsExactly(401);
            assertThat(other).as(method).containsIgnoringCase("x-keyledger-code: NOT_FOUND").doesNotContain("k-open");
            String anonymous = exchange(method + " /v1/auth/ HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(statuses(anonymous)).as(method).containsExactly(401);
        }
    }

    @Test
    void theOriginalUriIsWhatFollowsThePrefixElseTheProxysHeader() {
        java.util.function.Function<String, String> none = name -> null;
        assertThat(HotPathRequests.originalUri(none, "/v1/auth/tasks/1?api_key=a")).isEqualTo("/tasks/1?api_key=a");
        assertThat(HotPathRequests.originalUri(name -> "/ignored", "/v1/auth/tasks")).isEqualTo("/tasks");
        assertThat(HotPathRequests.originalUri(none, "/v1/auth/")).isEqualTo("/");
        assertThat(HotPathRequests.originalUri(none, "/v1/auth?api_key=a")).isEqualTo("/v1/auth?api_key=a");
        assertThat(HotPathRequests.originalUri(name -> name.equals("X-Original-URI") ? "/n" : "/c", "/v1/auth")).isEqualTo("/n");
        assertThat(HotPathRequests.originalUri(name -> name.equals("X-Forwarded-Uri") ? "/c" : null, "/v1/auth")).isEqualTo("/c");
        assertThat(HotPathRequests.isForwardAuth("/v1/auth")).isTrue();
        assertThat(HotPathRequests.isForwardAuth("/v1/auth/x")).isTrue();
        assertThat(HotPathRequests.isForwardAuth("/v1/authx")).isFalse();
        assertThat(HotPathRequests.isForwardAuth("/v1/aut")).isFalse();
    }

    private String exchange(String request) {
        EmbeddedChannel channel = channel(Duration.ofSeconds(60), Duration.ofSeconds(10));
        try {
            channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.UTF_8));
            return outbound(channel);
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void theProblemOfA413AfterExpectNamesTheLimit() throws Exception {
        EmbeddedChannel channel = channel(Duration.ofSeconds(60), Duration.ofSeconds(10));
        channel.writeInbound(Unpooled.copiedBuffer("POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 10000000\r\nExpect: 100-continue\r\n\r\n", StandardCharsets.ISO_8859_1));
        String answer = outbound(channel);
        JsonNode problem = fixture.json.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertThat(problem.get("status").asInt()).isEqualTo(413);
        assertThat(problem.get("detail").asText()).contains("65536");
        assertThat(answer).contains("connection: close");
        channel.finishAndReleaseAll();
    }

    @Test
    void aSlowRequestIsClosedAtTheHeaderDeadlineAndPromptRequestsKeepTheirConnection() {
        EmbeddedChannel slow = channel(Duration.ofSeconds(60), Duration.ofSeconds(10));
        slow.freezeTime();
        String request = "GET /v1/rate-limit HTTP/1.1\r\nHost: x\r\n\r\n";
        for (int i = 0; i < 9 && slow.isOpen(); i++) {
            // one byte per second
            slow.writeInbound(Unpooled.copiedBuffer(request.substring(i, i + 1), StandardCharsets.ISO_8859_1));
            slow.advanceTimeBy(1, TimeUnit.SECONDS);
            slow.runScheduledPendingTasks();
        }
        assertThat(slow.isOpen()).as("open 9 s into a request").isTrue();
        for (int i = 9; i < 12 && slow.isOpen(); i++) {
            slow.writeInbound(Unpooled.copiedBuffer(request.substring(i, i + 1), StandardCharsets.ISO_8859_1));
            slow.advanceTimeBy(1, TimeUnit.SECONDS);
            slow.runScheduledPendingTasks();
        }
        assertThat(slow.isOpen()).as("open 12 s into a request").isFalse();
        assertThat(outbound(slow)).as("nothing answered").isEmpty();
        slow.finishAndReleaseAll();

        EmbeddedChannel keptAlive = channel(Duration.ofSeconds(60), Duration.ofSeconds(10));
        keptAlive.freezeTime();
        for (int i = 0; i < 30; i++) {
            // requests that each complete in time keep a connection alive for as long as they come
            keptAlive.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
            keptAlive.advanceTimeBy(5, TimeUnit.SECONDS);
            keptAlive.runScheduledPendingTasks();
        }
        assertThat(keptAlive.isOpen()).as("open after 30 prompt requests over 150 s").isTrue();
        assertThat(statuses(outbound(keptAlive))).hasSize(30);
        keptAlive.finishAndReleaseAll();

    }

    @Test
    void theLeakCheckSeesALeak() {
        // the guard of every row above must be able to fail: one buffer dropped without release is reported
        ByteBuf dropped = io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(16);
        dropped.writeLong(1);
        dropped = null;
        List<String> reports = leaks.reports();
        leaks.clear();
        assertThat(reports).isNotEmpty();
    }

    EmbeddedChannel channel(Duration idle, Duration header) {
        EmbeddedChannel channel = new EmbeddedChannel();
        NettyHotPathServer.pipeline(channel.pipeline(), new NettyHotPathServer.Settings(64 * 1024, idle, header),
                fixture.json, fixture.handler());
        return channel;
    }

    static String outbound(EmbeddedChannel channel) {
        StringBuilder out = new StringBuilder();
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            if (message instanceof ByteBuf bytes) {
                out.append(bytes.toString(StandardCharsets.UTF_8));
                bytes.release();
            } else {
                io.netty.util.ReferenceCountUtil.release(message);
            }
        }
        return out.toString();
    }

    static List<Integer> statuses(String answers) {
        List<Integer> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("HTTP/1\\.1 (\\d{3}) ").matcher(answers);
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }
}
