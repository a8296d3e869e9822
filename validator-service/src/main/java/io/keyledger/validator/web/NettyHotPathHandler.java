package io.keyledger.validator.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.keyledger.validator.hotset.HotSetReadiness;
import io.keyledger.validator.ratelimit.RateLimitStatus;
import io.keyledger.validator.verify.Verdict;
import io.keyledger.validator.verify.VerificationService;
import io.keyledger.validator.verify.VerifyInput;
import io.netty.buffer.ByteBufInputStream;
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
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verification endpoints on a bare Netty pipeline: the same requests, answers and
 * headers as {@link HotPathController}, without a servlet container or dispatcher in between.
 * Verification is CPU work of about a microsecond that never blocks (the attempt is only
 * queued), so it runs on the event loop. Anything else is handed to {@code fallback}
 * (the Spring side: actuator, OpenAPI) or answered 404.
 */
@ChannelHandler.Sharable
final class NettyHotPathHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(NettyHotPathHandler.class);
    private static final long LINGER_SECONDS = 2;
    /** Every header name this handler sets is a constant: validating them per answer is wasted work. */
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withNameValidation(false);

    private final VerificationService verification;
    private final ObjectMapper json;
    private final boolean queryKeys;
    private final BiFunction<ChannelHandlerContext, FullHttpRequest, Boolean> fallback;
    private final HotSetReadiness readiness;

    NettyHotPathHandler(VerificationService verification, ObjectMapper json, boolean queryKeys,
                        BiFunction<ChannelHandlerContext, FullHttpRequest, Boolean> fallback, HotSetReadiness readiness) {
        this.readiness = readiness;
        this.verification = verification;
        this.json = json;
        this.queryKeys = queryKeys;
        this.fallback = fallback;
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
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        FullHttpResponse response;
        try {
            boolean hotPath = path.equals("/v1/verify") || path.equals("/v1/auth") || path.equals("/v1/rate-limit");
            if (hotPath && !readiness.caughtUp()) {
                response = problem(HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "the validation set is still catching up with the event store", null);
                response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
            } else if (path.equals("/v1/verify")) {
                response = request.method() == HttpMethod.POST ? verify(request) : methodNotAllowed("POST");
            } else if (path.equals("/v1/auth")) {
                response = request.method() == HttpMethod.GET ? forwardAuth(ctx, request) : methodNotAllowed("GET");
            } else if (path.equals("/v1/rate-limit")) {
                response = request.method() == HttpMethod.GET ? rateLimit(request) : methodNotAllowed("GET");
            } else {
                if (fallback != null && fallback.apply(ctx, request.retain())) {
                    return;
                }
                response = problem(HttpResponseStatus.NOT_FOUND, "no such resource: " + path, null);
            }
        } catch (BadRequest e) {
            response = problem(HttpResponseStatus.BAD_REQUEST, e.getMessage(), e.field);
        } catch (RuntimeException e) {
            log.error("verification failed", e);
            response = problem(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error", null);
        }
        write(ctx, request, response);
    }

    private FullHttpResponse verify(FullHttpRequest request) {
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType == null || !contentType.regionMatches(true, 0, "application/json", 0, 16)) {
            return problem(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json", null);
        }
        VerifyRequest body = readBody(request);
        VerifyInput input;
        try {
            input = HotPathRequests.fromBody(body, request.headers().get(HttpHeaderNames.USER_AGENT));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(':');
            throw new BadRequest(message, colon > 0 ? message.substring(0, colon) : null);
        }
        Verdict verdict = verification.verify(input);
        FullHttpResponse response = jsonResponse(HttpResponseStatus.OK, VerifyResponse.of(verdict));
        HotPathHeaders.rateLimit(verdict.rateLimit(), response.headers()::set);
        return response;
    }

    private FullHttpResponse forwardAuth(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpHeaders headers = request.headers();
        String peer = ctx.channel().remoteAddress() instanceof InetSocketAddress address
                ? address.getAddress().getHostAddress() : null;
        Verdict verdict = verification.verify(
                HotPathRequests.fromForwardedHeaders(headers::get, request.uri(), peer, queryKeys));
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

    private VerifyRequest readBody(FullHttpRequest request) {
        if (request.content().readableBytes() == 0) {
            throw new BadRequest("a JSON body is required", null);
        }
        try {
            return json.readValue((java.io.InputStream) new ByteBufInputStream(request.content()), VerifyRequest.class);
        } catch (UnrecognizedPropertyException e) {
            throw new BadRequest("unknown field '" + e.getPropertyName() + "'", e.getPropertyName());
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
            throw new BadRequest(field == null ? "malformed JSON" : "field '" + field + "' has the wrong type", field);
        } catch (JsonProcessingException e) {
            throw new BadRequest("malformed JSON: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw new BadRequest("unreadable body", null);
        }
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
