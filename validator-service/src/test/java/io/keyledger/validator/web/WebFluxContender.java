package io.keyledger.validator.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.validator.verify.Verdict;
import io.keyledger.validator.verify.VerificationService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The WebFlux contender of the web-stack comparison (benchmark only): the same two hot
 * endpoints as functional routes on Reactor Netty, sharing the real {@link VerificationService}.
 */
@Configuration(proxyBeanMethods = false)
public class WebFluxContender {

    @Bean
    RouterFunction<ServerResponse> hotPathRoutes(VerificationService verification, ObjectMapper json) {
        return RouterFunctions.route()
                .POST("/v1/verify", request -> request.bodyToMono(byte[].class).flatMap(body -> {
                    try {
                        VerifyRequest parsed = VerifyRequest.read(body, 0, body.length);
                        Verdict verdict = verification.verify(HotPathRequests.fromBody(parsed,
                                request.headers().firstHeader("User-Agent"), null));
                        ServerResponse.BodyBuilder ok = ServerResponse.ok().contentType(MediaType.APPLICATION_JSON);
                        HotPathHeaders.rateLimit(verdict.rateLimit(), (n, v) -> ok.header(n.toString(), v));
                        return ok.bodyValue(json.writeValueAsBytes(VerifyResponse.of(verdict)));
                    } catch (Exception e) {
                        return ServerResponse.badRequest().build();
                    }
                }))
                .GET("/v1/auth", request -> {
                    Verdict verdict = verification.verify(HotPathRequests.fromForwardedHeaders(
                            name -> request.headers().firstHeader(name), null, request.uri().toString(), null, false,
                            io.keyledger.support.net.TrustedProxies.of(java.util.List.of())));
                    ServerResponse.BodyBuilder answer = ServerResponse.status(HttpStatus.valueOf(verdict.code().httpStatus()));
                    HotPathHeaders.forwardAuth(verdict, (n, v) -> answer.header(n.toString(), v));
                    return answer.build();
                })
                .build();
    }
}
