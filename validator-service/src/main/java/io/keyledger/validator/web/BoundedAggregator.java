package io.keyledger.validator.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Netty's aggregator with the API's answers: a body over the bound is a 413 problem (API.md), also
 * when announced with {@code Expect: 100-continue} — Netty would answer that one with an empty
 * 413 and keep reading on the same connection — and an expectation other than
 * {@code 100-continue} is a 417 problem; both close the connection.
 */
final class BoundedAggregator extends HttpObjectAggregator {

    private final ObjectMapper json;
    private final int maxBodyBytes;

    BoundedAggregator(int maxBodyBytes, ObjectMapper json) {
        super(maxBodyBytes, true);
        this.maxBodyBytes = maxBodyBytes;
        this.json = json;
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        String expect = start.headers().get(HttpHeaderNames.EXPECT);
        if (expect != null && !expect.trim().equalsIgnoreCase("100-continue")) {
            var refusal = NettyHotPathHandler.problem(json, HttpResponseStatus.EXPECTATION_FAILED,
                    "only Expect: 100-continue is supported", null);
            refusal.headers().set(HttpHeaderNames.CONNECTION, "close");
            HttpUtil.setContentLength(refusal, refusal.content().readableBytes());
            return refusal;
        }
        if (HttpUtil.is100ContinueExpected(start) && HttpUtil.getContentLength(start, -1L) > maxContentLength) {
            // no interim answer: the aggregator then finds the length over the bound and calls handleOversizedMessage
            return null;
        }
        return super.newContinueResponse(start, maxContentLength, pipeline);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        NettyHotPathHandler.refuseAndClose(ctx, NettyHotPathHandler.problem(json,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body larger than " + maxBodyBytes + " bytes", null));
    }
}
