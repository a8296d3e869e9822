package io.keyledger.validator.web;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC server of Envoy's ext_authz ({@link EnvoyAuthorizationService}) on its own port,
 * {@code keyledger.validator.grpc.port} ({@code KEYLEDGER_VALIDATOR_GRPC_PORT}, default 9084), when
 * {@code keyledger.validator.grpc.enabled} ({@code KEYLEDGER_VALIDATOR_GRPC_ENABLED}, default false).
 * Requests are bounded: 64 KiB per message, 8 KiB of metadata, the service runs on gRPC's transport threads
 * (the judgement is in memory and never blocks, as on the HTTP hot path). Plaintext HTTP/2 (h2c), as Envoy's
 * {@code envoy_grpc} cluster speaks it; put TLS in front as for the HTTP port.
 */
final class GrpcAuthServer implements AutoCloseable {

    /** The calling peer's address, for the trusted-proxy rule. */
    static final Context.Key<SocketAddress> PEER = Context.key("keyledger-peer");
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    static final int MAX_METADATA_BYTES = 8 * 1024;

    private final Server server;

    GrpcAuthServer(String address, int port, EnvoyAuthorizationService service) throws IOException {
        ServerInterceptor peer = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                               ServerCallHandler<Q, A> next) {
                return Contexts.interceptCall(Context.current().withValue(PEER,
                        call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)), call, headers, next);
            }
        };
        InetSocketAddress bind = address == null || address.isBlank() ? new InetSocketAddress(port)
                : new InetSocketAddress(address, port);
        this.server = NettyServerBuilder.forAddress(bind)
                .directExecutor()
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .maxInboundMetadataSize(MAX_METADATA_BYTES)
                .addService(ServerInterceptors.intercept(service, peer))
                .build()
                .start();
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdown();
        if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
            server.shutdownNow();
        }
    }
}
