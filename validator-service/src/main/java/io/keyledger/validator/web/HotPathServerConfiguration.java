package io.keyledger.validator.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.validator.hotset.HotSetReadiness;
import io.keyledger.validator.verify.VerificationService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * The verification endpoints on their own Netty server (the default stack; see README for the
 * measurements behind the choice). {@code keyledger.validator.http.stack=spring} serves them
 * from Spring MVC only, on {@code server.port}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "keyledger.validator.http.stack", havingValue = "netty", matchIfMissing = true)
class HotPathServerConfiguration {

    @Bean
    SpringFallback springFallback(ObjectMapper json) {
        return new SpringFallback(json);
    }

    @Bean(destroyMethod = "close")
    NettyHotPathServer nettyHotPathServer(VerificationService verification, ObjectMapper json, SpringFallback fallback,
                                          @Value("${" + HotPathPorts.PUBLIC_PORT + "}") int port,
                                          @Value("${keyledger.validator.http.address:#{null}}") String address,
                                          @Value("${keyledger.validator.http.threads:0}") int threads,
                                          @Value("${keyledger.validator.query-parameter-keys:false}") boolean queryKeys,
                                          @Value("${keyledger.http.max-body-size:64KB}") DataSize maxBody,
                                          HotSetReadiness readiness)
            throws InterruptedException {
        int loops = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        return new NettyHotPathServer(address, port, loops, verification, json, queryKeys, (int) maxBody.toBytes(),
                fallback, readiness);
    }
}
