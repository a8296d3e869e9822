package io.keyledger.validator.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.validator.verify.VerificationService;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpObjectDecoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.keyledger.validator.hotset.HotSetReadiness;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.function.BiFunction;

/**
 * A small HTTP/1.1 server for the verification endpoints only: epoll where available, one
 * event loop per core, bodies aggregated up to the API's 64 KiB (larger: 413).
 */
public final class NettyHotPathServer implements AutoCloseable {

    /** Bounds of the request line (longer: 414) and of all headers together (larger: 431): Netty's defaults. */
    static final int MAX_INITIAL_LINE_BYTES = HttpObjectDecoder.DEFAULT_MAX_INITIAL_LINE_LENGTH;
    static final int MAX_HEADER_BYTES = HttpObjectDecoder.DEFAULT_MAX_HEADER_SIZE;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;

    public NettyHotPathServer(String host, int port, int threads, VerificationService verification, ObjectMapper json,
                              boolean queryKeys, int maxBodyBytes,
                              BiFunction<ChannelHandlerContext, FullHttpRequest, Boolean> fallback,
                              HotSetReadiness readiness)
            throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        boss = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        workers = epoll ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        NettyHotPathHandler handler = new NettyHotPathHandler(verification, json, queryKeys, fallback, readiness);
        channel = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES,
                                        HttpObjectDecoder.DEFAULT_MAX_CHUNK_SIZE))
                                .addLast(new HttpObjectAggregator(maxBodyBytes) {
                                    @Override
                                    protected void handleOversizedMessage(ChannelHandlerContext ctx,
                                                                          HttpMessage oversized) {
                                        // API.md: > 64 KiB is a 413 problem, not an empty answer
                                        NettyHotPathHandler.refuseAndClose(ctx, NettyHotPathHandler.problem(json,
                                                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                                                "request body larger than " + maxBodyBytes + " bytes", null));
                                    }
                                })
                                .addLast(handler);
                    }
                })
                .bind(host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port))
                .sync()
                .channel();
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
}
