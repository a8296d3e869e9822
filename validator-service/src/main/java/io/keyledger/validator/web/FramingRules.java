package io.keyledger.validator.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * The message-framing rules of RFC 9112 that Netty's decoder does not enforce, checked on each
 * request head before its body is read. A refused request is answered with a problem and the
 * connection closed ({@link NettyHotPathHandler#refuseAndClose}): its body cannot be delimited
 * with confidence, so whatever follows could be a smuggled request. Everything that arrives after
 * a refusal is released unread.
 * <ul>
 *   <li>a {@code Transfer-Encoding} other than exactly {@code chunked}: 501 (no other coding is implemented, §6.1)</li>
 *   <li>{@code Transfer-Encoding} with {@code Content-Length}, or in an HTTP/1.0 request: 400 (§6.1, §6.3)</li>
 *   <li>HTTP/1.1 with no {@code Host}, or more than one: 400 (§3.2)</li>
 * </ul>
 */
final class FramingRules extends ChannelInboundHandlerAdapter {

    private final ObjectMapper json;
    private boolean refused;

    FramingRules(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
            String problem = null;
            HttpResponseStatus status = HttpResponseStatus.BAD_REQUEST;
            HttpHeaders headers = request.headers();
            List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
            if (!codings.isEmpty()) {
                if (codings.size() != 1 || !codings.get(0).trim().equalsIgnoreCase("chunked")) {
                    status = HttpResponseStatus.NOT_IMPLEMENTED;
                    problem = "Transfer-Encoding: only chunked is implemented";
                } else if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                    problem = "Content-Length and Transfer-Encoding together";
                } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                    problem = "Transfer-Encoding in an HTTP/1.0 request";
                }
            }
            if (problem == null && request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
                int hosts = headers.getAll(HttpHeaderNames.HOST).size();
                if (hosts != 1) {
                    problem = hosts == 0 ? "an HTTP/1.1 request needs a Host header" : "more than one Host header";
                }
            }
            if (problem != null) {
                refused = true;
                ReferenceCountUtil.release(msg);
                NettyHotPathHandler.refuseAndClose(ctx, NettyHotPathHandler.problem(json, status, problem, null));
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
