package io.keyledger.validator.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.support.net.TrustedProxies;
import io.keyledger.validator.hotset.HotSetReadiness;
import io.keyledger.validator.verify.VerificationService;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectDecoder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 server for the verification endpoints only (DESIGN §8: actuator and OpenAPI
 * are on Spring's own port): epoll where available, one event loop per core, bodies aggregated up
 * to the API's 64 KiB (larger: 413). {@link #pipeline} is the whole protocol handling, also what
 * the tests run in an {@code EmbeddedChannel}.
 */
public final class NettyHotPathServer implements AutoCloseable {

    /** Bounds of the request line (longer: 414) and of all headers together (larger: 431): Netty's defaults. */
    static final int MAX_INITIAL_LINE_BYTES = HttpObjectDecoder.DEFAULT_MAX_INITIAL_LINE_LENGTH;
    static final int MAX_HEADER_BYTES = HttpObjectDecoder.DEFAULT_MAX_HEADER_SIZE;

    /** What the pipeline of every connection is made of. */
    record Settings(int maxBodyBytes, Duration idleTimeout, Duration headerTimeout) {
    }

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;

    public NettyHotPathServer(String host, int port, int threads, VerificationService verification, ObjectMapper json,
                              boolean queryKeys, int maxBodyBytes, Duration idleTimeout, Duration headerTimeout,
                              TrustedProxies trustedProxies, HotSetReadiness readiness)
            throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        boss = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        workers = epoll ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        NettyHotPathHandler handler = new NettyHotPathHandler(verification, json, queryKeys, trustedProxies, readiness);
        Settings settings = new Settings(maxBodyBytes, idleTimeout, headerTimeout);
        channel = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        pipeline(ch.pipeline(), settings, json, handler);
                    }
                })
                .bind(host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port))
                .sync()
                .channel();
    }

    /**
     * One connection's handlers, in order: the read timeout (no byte for {@code idleTimeout}:
     * closed), the request deadline (a request's line, headers and body must all arrive within
     * {@code headerTimeout} of its first byte: slow senders are closed), the HTTP/1.1 decoder and
     * encoder, the framing rules of RFC 9112 that Netty does not enforce, the body aggregator
     * (64 KiB; {@code Expect: 100-continue} over it: 413 problem, then close), and the endpoints.
     */
    static void pipeline(ChannelPipeline pipeline, Settings settings, ObjectMapper json, NettyHotPathHandler handler) {
        RequestDeadline deadline = new RequestDeadline(settings.headerTimeout().toNanos());
        pipeline.addLast("idle", new io.netty.handler.timeout.ReadTimeoutHandler(
                        settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .addLast("deadline", deadline)
                .addLast("decoder", new StrictRequestDecoder())
                .addLast("encoder", new io.netty.handler.codec.http.HttpResponseEncoder())
                .addLast("framing", new FramingRules(json))
                .addLast("aggregator", new BoundedAggregator(settings.maxBodyBytes(), json))
                .addLast("complete", deadline.completion())
                .addLast("hot-path", handler);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
