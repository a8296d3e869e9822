package io.keyledger.validator.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.support.net.TrustedProxies;
import io.keyledger.validator.hotset.HotSetReadiness;
import io.keyledger.validator.verify.VerificationService;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * The verification endpoints on their own Netty server (the default stack; see README for the
 * measurements behind the choice), on {@code keyledger.validator.http.port}; Spring's server
 * (actuator, OpenAPI) listens on its own port ({@link HotPathPorts}).
 * {@code keyledger.validator.http.stack=spring} serves them from Spring MVC instead.
 */
@Configuration(proxyBeanMethods = false)
class HotPathServerConfiguration {

    /** {@code keyledger.trusted-proxies}: CIDRs whose {@code X-Forwarded-For} / {@code X-Real-IP} are believed. */
    @Bean
    TrustedProxies trustedProxies(@Value("${keyledger.trusted-proxies:127.0.0.0/8,::1/128}") List<String> cidrs) {
        return TrustedProxies.of(cidrs);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "keyledger.validator.http.stack", havingValue = "netty", matchIfMissing = true)
    NettyHotPathServer nettyHotPathServer(VerificationService verification, ObjectMapper json, TrustedProxies proxies,
                                          @Value("${" + HotPathPorts.PUBLIC_PORT + "}") int port,
                                          @Value("${keyledger.validator.http.address:#{null}}") String address,
                                          @Value("${keyledger.validator.http.threads:0}") int threads,
                                          @Value("${keyledger.validator.query-parameter-keys:false}") boolean queryKeys,
                                          @Value("${keyledger.http.max-body-size:64KB}") DataSize maxBody,
                                          @Value("${keyledger.validator.http.idle-timeout:60s}") Duration idleTimeout,
                                          @Value("${keyledger.validator.http.header-timeout:10s}") Duration headerTimeout,
                                          HotSetReadiness readiness)
            throws InterruptedException {
        int loops = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        return new NettyHotPathServer(address, port, loops, verification, json, queryKeys, (int) maxBody.toBytes(),
                idleTimeout, headerTimeout, proxies, readiness);
    }

    /**
     * Envoy ext_authz over gRPC ({@code envoy.service.auth.v3.Authorization/Check}) on a port of its own,
     * off unless {@code keyledger.validator.grpc.enabled} ({@code KEYLEDGER_VALIDATOR_GRPC_ENABLED}) is true:
     * {@code keyledger.validator.grpc.port} ({@code KEYLEDGER_VALIDATOR_GRPC_PORT}, 9084), bound to
     * {@code keyledger.validator.grpc.address}, by default the HTTP hot path's address (all interfaces when unset).
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "keyledger.validator.grpc.enabled", havingValue = "true")
    GrpcAuthServer grpcAuthServer(VerificationService verification, TrustedProxies proxies, HotSetReadiness readiness,
                                  @Value("${keyledger.validator.grpc.port:9084}") int port,
                                  @Value("${keyledger.validator.grpc.address:${keyledger.validator.http.address:}}") String address,
                                  @Value("${keyledger.validator.query-parameter-keys:false}") boolean queryKeys)
            throws IOException {
        return new GrpcAuthServer(address, port, new EnvoyAuthorizationService(verification, proxies, readiness, queryKeys));
    }
}
