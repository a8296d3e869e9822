package io.keyledger.validator.web;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;

/**
 * The header deadline: a request's line, headers and body must all have arrived within the
 * timeout of its first byte, or the connection is closed (one byte per second would otherwise
 * hold a connection for as long as the client likes; the read timeout only sees silence). One
 * instance per connection, first in the pipeline: it sees the raw bytes, and
 * {@link #completion()} — placed after the aggregator — tells it when the request is whole. The
 * check is one scheduled task per timeout, not one per request (keep-alive connections carry many
 * short requests): when it fires on the request it was armed for, that request has had its time;
 * when a later request is in flight, it is re-armed for that one, which so gets between one and
 * two timeouts.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {

    private final long timeoutNanos;
    private boolean inRequest;
    private long generation;
    private long armedFor;
    private io.netty.util.concurrent.ScheduledFuture<?> check;
    private ChannelHandlerContext ctx;

    RequestDeadline(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!inRequest && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            inRequest = true;
            generation++;
            if (check == null) {
                arm();
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void check() {
        check = null;
        if (!inRequest || !ctx.channel().isActive()) {
            return;
        }
        if (generation == armedFor) {
            ctx.close();
        } else {
            arm();
        }
    }

    private void arm() {
        armedFor = generation;
        check = ctx.executor().schedule(this::check, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
        ctx.fireChannelInactive();
    }

    /** The handler that marks the end of a request: after the aggregator, whose output is whole requests. */
    ChannelInboundHandler completion() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                inRequest = false;
                ctx.fireChannelRead(msg);
            }
        };
    }
}
