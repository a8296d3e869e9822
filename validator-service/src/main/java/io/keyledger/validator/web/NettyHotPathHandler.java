package io.keyledger.validator.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.support.net.TrustedProxies;
import io.keyledger.validator.verify.Credentials;
import io.keyledger.validator.hotset.HotSetReadiness;
import io.keyledger.validator.ratelimit.RateLimitStatus;
import io.keyledger.validator.verify.Verdict;
import io.keyledger.validator.verify.VerificationService;
import io.keyledger.validator.verify.VerifyInput;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verification endpoints on a bare Netty pipeline: the same requests, answers and
 * headers as {@link HotPathController}, without a servlet container or dispatcher in between.
 * Verification is CPU work of about a microsecond that never blocks (the attempt is only
 * queued), so it runs on the event loop. Nothing else is served here (DESIGN §8: actuator and
 * OpenAPI are on Spring's own port, nothing is relayed): another path is 404, another method on a
 * verification path 405, a method this server does not implement ({@code CONNECT}, extensions) 501,
 * a target that is not a path ({@code *}, absolute form) 400 — each a problem. The request's
 * buffers are released by {@link SimpleChannelInboundHandler} whatever the answer.
 */
@ChannelHandler.Sharable
final class NettyHotPathHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(NettyHotPathHandler.class);
    private static final long LINGER_SECONDS = 2;
    /** Every header name this handler sets is a constant: validating them per answer is wasted work. */
    /** The methods of RFC 9110 but CONNECT: others are 501, these 404 or 405. */
    private static final java.util.Set<HttpMethod> KNOWN_METHODS = java.util.Set.of(HttpMethod.GET, HttpMethod.HEAD,
            HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.OPTIONS, HttpMethod.TRACE, HttpMethod.PATCH);
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withNameValidation(false);

    private final VerificationService verification;
    private final ObjectMapper json;
    private final boolean queryKeys;
    private final TrustedProxies proxies;
    private final HotSetReadiness readiness;

    NettyHotPathHandler(VerificationService verification, ObjectMapper json, boolean queryKeys, TrustedProxies proxies,
                        HotSetReadiness readiness) {
        this.readiness = readiness;
        this.verification = verification;
        this.json = json;
        this.queryKeys = queryKeys;
        this.proxies = proxies;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            // the codec gave up (request line or headers over their bound, garbage): never act on a partial request
            Throwable cause = request.decoderResult().cause();
            refuseAndClose(ctx, cause instanceof TooLongHttpLineException
                    ? problem(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line longer than "
                    + NettyHotPathServer.MAX_INITIAL_LINE_BYTES + " bytes", null)
                    : cause instanceof TooLongHttpHeaderException
                    ? problem(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers larger than "
                    + NettyHotPathServer.MAX_HEADER_BYTES + " bytes", null)
                    : problem(HttpResponseStatus.BAD_REQUEST, "malformed request", null));
            return;
        }
        String uri = request.uri();
        HttpMethod method = request.method();
        if (!KNOWN_METHODS.contains(method)) {
            write(ctx, request, problem(HttpResponseStatus.NOT_IMPLEMENTED, "method not implemented", null));
            return;
        }
        if (!uri.startsWith("/")) {
            write(ctx, request, problem(HttpResponseStatus.BAD_REQUEST, "invalid request target", null));
            return;
        }
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        FullHttpResponse response;
        try {
            boolean auth = HotPathRequests.isForwardAuth(path);
            boolean hotPath = auth || path.equals("/v1/verify") || path.equals("/v1/rate-limit");
            if (hotPath && !readiness.caughtUp()) {
                response = problem(HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "the validation set is still catching up with the event store", null);
                response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
            } else if (path.equals("/v1/verify")) {
                response = method == HttpMethod.POST ? verify(ctx, request) : methodNotAllowed("POST");
            } else if (auth) {
                // any method: Envoy's HTTP ext_authz asks with the original request's method and path
                response = forwardAuth(ctx, request);
            } else if (path.equals("/v1/rate-limit")) {
                response = method == HttpMethod.GET ? rateLimit(request) : methodNotAllowed("GET");
            } else {
                // the path is not echoed: it is the client's text
                response = problem(HttpResponseStatus.NOT_FOUND, "no such resource on the verification port", null);
            }
        } catch (BadRequest e) {
            response = problem(HttpResponseStatus.BAD_REQUEST, e.getMessage(), e.field);
        } catch (RuntimeException e) {
            log.error("verification failed", e);
            response = problem(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error", null);
        }
        write(ctx, request, response);
    }

    private FullHttpResponse verify(ChannelHandlerContext ctx, FullHttpRequest request) {
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType == null || !contentType.regionMatches(true, 0, "application/json", 0, 16)) {
            return problem(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json", null);
        }
        VerifyInput input;
        try {
            HttpHeaders headers = request.headers();
            input = HotPathRequests.fromBody(VerifyRequest.read(request.content()), headers.get(HttpHeaderNames.USER_AGENT),
                    clientAddress(ctx, headers));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(':');
            String field = colon > 0 && message.indexOf(' ') > colon ? message.substring(0, colon) : null;
            throw new BadRequest(message, field);
        }
        Verdict verdict = verification.verify(input);
        FullHttpResponse response = jsonResponse(HttpResponseStatus.OK, VerifyResponse.of(verdict));
        HotPathHeaders.rateLimit(verdict.rateLimit(), response.headers()::set);
        return response;
    }

    private FullHttpResponse forwardAuth(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpHeaders headers = request.headers();
        Verdict verdict = verification.verify(HotPathRequests.fromForwardedHeaders(headers::get, forwardedFor(headers),
                request.uri(), peer(ctx), queryKeys, proxies));
        byte[] refusal = ForwardAuthProblems.body(verdict.code());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(verdict.code().httpStatus()),
                refusal == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(refusal),
                HEADERS, DefaultHttpHeadersFactory.trailersFactory());
        if (refusal != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, ForwardAuthProblems.CONTENT_TYPE);
        }
        HotPathHeaders.forwardAuth(verdict, response.headers()::set);
        return response;
    }

    private FullHttpResponse rateLimit(FullHttpRequest request) {
        Verdict verdict = verification.inspect(HotPathRequests.forRateLimit(request.headers()::get));
        if (verdict.key() == null || verdict.code().httpStatus() == 401) {
            return problem(HttpResponseStatus.UNAUTHORIZED,
                    "a valid key is required (X-API-Key or Authorization: Bearer)", null);
        }
        RateLimitStatus status = verdict.rateLimit();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("limit", status.limit());
        body.put("remaining", status.remaining());
        body.put("reset", status.resetEpochSeconds());
        body.put("reset_at", Instant.ofEpochSecond(status.resetEpochSeconds()).toString());
        FullHttpResponse response = jsonResponse(HttpResponseStatus.OK, body);
        HotPathHeaders.rateLimit(status, response.headers()::set);
        return response;
    }

    /** The calling client's address by the trusted-proxy rule (DESIGN §8). */
    private String clientAddress(ChannelHandlerContext ctx, HttpHeaders headers) {
        return Credentials.clientIp(proxies, peer(ctx), forwardedFor(headers), headers.get(Credentials.REAL_IP));
    }

    private static String peer(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress().getHostAddress() : null;
    }

    /** Every {@code X-Forwarded-For} line, joined: a proxy may add its hop as a header of its own. */
    private static String forwardedFor(HttpHeaders headers) {
        List<String> all = headers.getAll(Credentials.FORWARDED_FOR);
        return all.isEmpty() ? null : all.size() == 1 ? all.get(0) : String.join(",", all);
    }

    private FullHttpResponse jsonResponse(HttpResponseStatus status, Object body) {
        return jsonResponse(json, status, body);
    }

    private static FullHttpResponse jsonResponse(ObjectMapper json, HttpResponseStatus status, Object body) {
        try {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.wrappedBuffer(json.writeValueAsBytes(body)), HEADERS, DefaultHttpHeadersFactory.trailersFactory());
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            return response;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private FullHttpResponse problem(HttpResponseStatus status, String detail, String field) {
        return problem(json, status, detail, field);
    }

    static FullHttpResponse problem(ObjectMapper json, HttpResponseStatus status, String detail, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        // the reason phrases of the Spring side (RFC 9110's: "URI Too Long", "Payload Too Large"), not Netty's older ones
        body.put("title", org.springframework.http.HttpStatus.valueOf(status.code()).getReasonPhrase());
        body.put("status", status.code());
        body.put("detail", detail);
        if (field != null) {
            body.put("errors", List.of(Map.of("field", field, "message", detail)));
        }
        FullHttpResponse response = jsonResponse(json, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json");
        return response;
    }

    private FullHttpResponse methodNotAllowed(String allowed) {
        FullHttpResponse response = problem(HttpResponseStatus.METHOD_NOT_ALLOWED, "use " + allowed, null);
        response.headers().set(HttpHeaderNames.ALLOW, allowed);
        return response;
    }

    static void write(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (request.method() == HttpMethod.HEAD) {
            // the answer to HEAD has the head of the GET's (its Content-Length included) and no body
            FullHttpResponse head = response.replace(Unpooled.EMPTY_BUFFER);
            response.release();
            response = head;
        }
        if (keepAlive) {
            if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                response.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
            }
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, "close");
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Answers a request that cannot be read to its end (the decoder gave up, the body is over the
     * bound), then closes. The client may still be sending: closing with its bytes unread would
     * make the kernel answer with a reset that can destroy the answer in flight, so the output is
     * shut after the answer (FIN), the rest of the input is read and discarded, and the connection
     * closes when the client closes its side, or after {@link #LINGER_SECONDS} at the latest.
     */
    static void refuseAndClose(ChannelHandlerContext ctx, FullHttpResponse refusal) {
        refusal.headers().set(HttpHeaderNames.CONNECTION, "close");
        HttpUtil.setContentLength(refusal, refusal.content().readableBytes());
        Channel channel = ctx.channel();
        ctx.writeAndFlush(refusal).addListener(written -> {
            if (written.isSuccess() && channel instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
                channel.eventLoop().schedule(() -> channel.close(), LINGER_SECONDS, TimeUnit.SECONDS);
            } else {
                channel.close();
            }
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("connection error: {}", cause.toString());
        ctx.close();
    }

    private static final class BadRequest extends RuntimeException {
        final String field;

        BadRequest(String message, String field) {
            super(message, null, false, false);
            this.field = field;
        }
    }
}
