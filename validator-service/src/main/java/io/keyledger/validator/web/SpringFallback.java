package io.keyledger.validator.web;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Hands every request that is not a verification (actuator, OpenAPI, anything unknown) from
 * the Netty port to Spring's server on loopback, and its answer back. These are few and
 * small (probes, scrapes), so a plain JDK client is enough.
 */
final class SpringFallback implements BiFunction<ChannelHandlerContext, FullHttpRequest, Boolean>,
        ApplicationListener<WebServerInitializedEvent> {

    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection", "http2-settings");

    private final com.fasterxml.jackson.databind.ObjectMapper json;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private volatile int springPort = -1;

    SpringFallback(com.fasterxml.jackson.databind.ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getParent() == null || springPort < 0) {
            springPort = event.getWebServer().getPort();
        }
    }

    int springPort() {
        return springPort;
    }

    @Override
    public Boolean apply(ChannelHandlerContext ctx, FullHttpRequest request) {
        int port = springPort;
        if (port < 0) {
            request.release();
            NettyHotPathHandler.write(ctx, request, status(HttpResponseStatus.SERVICE_UNAVAILABLE));
            return true;
        }
        HttpRequest.Builder forward;
        try {
            if (!request.uri().startsWith("/")) {
                throw new IllegalArgumentException("not an origin-form target");
            }
            forward = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + request.uri()))
                    .timeout(Duration.ofSeconds(30));
        } catch (IllegalArgumentException e) {
            // "*", absolute-form or unencoded characters: nothing Spring behind us would serve
            request.release();
            NettyHotPathHandler.write(ctx, request, NettyHotPathHandler.problem(json,
                    HttpResponseStatus.BAD_REQUEST, "invalid request target", null));
            return true;
        }
        for (Map.Entry<String, String> header : request.headers()) {
            if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                forward.header(header.getKey(), header.getValue());
            }
        }
        byte[] body = ByteBufUtil.getBytes(request.content());
        forward.method(request.method().name(), body.length == 0
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        boolean keepAlive = io.netty.handler.codec.http.HttpUtil.isKeepAlive(request);
        HttpVersion version = request.protocolVersion();
        request.release();
        client.sendAsync(forward.build(), HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
            FullHttpResponse answer;
            if (error != null) {
                answer = status(HttpResponseStatus.BAD_GATEWAY);
            } else {
                answer = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.valueOf(response.statusCode()), Unpooled.wrappedBuffer(response.body()));
                response.headers().map().forEach((name, values) -> {
                    if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                        answer.headers().add(name, values);
                    }
                });
            }
            io.netty.handler.codec.http.HttpUtil.setContentLength(answer, answer.content().readableBytes());
            if (keepAlive && version.equals(HttpVersion.HTTP_1_1)) {
                ctx.writeAndFlush(answer);
            } else {
                answer.headers().set("connection", "close");
                ctx.writeAndFlush(answer).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            }
        });
        return true;
    }

    private static FullHttpResponse status(HttpResponseStatus status) {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
    }
}
