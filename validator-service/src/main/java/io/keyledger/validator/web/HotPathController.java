package io.keyledger.validator.web;

import io.keyledger.support.net.TrustedProxies;
import io.keyledger.validator.hotset.HotSetReadiness;
import io.keyledger.validator.verify.Credentials;
import io.keyledger.validator.ratelimit.RateLimitStatus;
import io.keyledger.validator.verify.Verdict;
import io.keyledger.validator.verify.VerificationService;
import io.keyledger.validator.verify.VerifyInput;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The verification endpoints on Spring MVC (API.md, "Verification"): {@code POST /v1/verify}
 * for SDKs, {@code GET /v1/auth} for proxies (nginx {@code auth_request}, Envoy
 * {@code ext_authz}, Traefik ForwardAuth) and {@code GET /v1/rate-limit}.
 */
@RestController
@org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "keyledger.validator.http.stack",
        havingValue = "spring")
class HotPathController {

    private final VerificationService verification;
    private final boolean queryKeys;
    private final HotSetReadiness readiness;
    private final TrustedProxies proxies;

    HotPathController(VerificationService verification, HotSetReadiness readiness, TrustedProxies proxies,
                      @Value("${keyledger.validator.query-parameter-keys:false}") boolean queryKeys) {
        this.verification = verification;
        this.readiness = readiness;
        this.proxies = proxies;
        this.queryKeys = queryKeys;
    }

    /** No verdicts before the hot set has caught up: a key revoked meanwhile would read VALID. */
    @org.springframework.web.bind.annotation.ModelAttribute
    void requireCaughtUp() {
        if (!readiness.caughtUp()) {
            throw new NotCaughtUp();
        }
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(NotCaughtUp.class)
    ResponseEntity<ProblemDetail> notCaughtUp() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the validation set is still catching up with the event store");
        problem.setTitle("Service Unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").body(problem);
    }

    private static final class NotCaughtUp extends RuntimeException {
        NotCaughtUp() {
            super("not caught up", null, false, false);
        }
    }

    @PostMapping(path = "/v1/verify", consumes = "application/json", produces = "application/json")
    ResponseEntity<VerifyResponse> verify(@RequestBody byte[] body, HttpServletRequest request,
                                          @RequestHeader(value = "User-Agent", required = false) String userAgent) {
        VerifyRequest parsed = VerifyRequest.read(io.netty.buffer.Unpooled.wrappedBuffer(body));
        Verdict verdict = verification.verify(HotPathRequests.fromBody(parsed, userAgent, clientAddress(request)));
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        HotPathHeaders.rateLimit(verdict.rateLimit(), (name, value) -> answer.header(name.toString(), value));
        return answer.body(VerifyResponse.of(verdict));
    }

    @org.springframework.web.bind.annotation.RequestMapping({"/v1/auth", "/v1/auth/**"})
    void forwardAuth(HttpServletRequest request, HttpServletResponse response) throws IOException {
        VerifyInput input = HotPathRequests.fromForwardedHeaders(request::getHeader, forwardedFor(request),
                uriOf(request), request.getRemoteAddr(), queryKeys, proxies);
        Verdict verdict = verification.verify(input);
        response.setStatus(verdict.code().httpStatus());
        HotPathHeaders.forwardAuth(verdict, (name, value) -> response.setHeader(name.toString(), value));
        byte[] refusal = ForwardAuthProblems.body(verdict.code());
        if (refusal != null) {
            response.setContentType(ForwardAuthProblems.CONTENT_TYPE);
            response.setContentLength(refusal.length);
            response.getOutputStream().write(refusal);
        }
    }

    @GetMapping("/v1/rate-limit")
    ResponseEntity<?> rateLimit(HttpServletRequest request) {
        Verdict verdict = verification.inspect(HotPathRequests.forRateLimit(request::getHeader));
        if (verdict.key() == null || verdict.code().httpStatus() == 401) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                    "a valid key is required (X-API-Key or Authorization: Bearer)");
            problem.setTitle("Unauthorized");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem);
        }
        RateLimitStatus status = verdict.rateLimit();
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        HotPathHeaders.rateLimit(status, (name, value) -> answer.header(name.toString(), value));
        return answer.body(Map.of("limit", status.limit(), "remaining", status.remaining(),
                "reset", status.resetEpochSeconds(),
                "reset_at", Instant.ofEpochSecond(status.resetEpochSeconds()).toString()));
    }

    private String clientAddress(HttpServletRequest request) {
        return Credentials.clientIp(proxies, request.getRemoteAddr(), forwardedFor(request),
                request.getHeader(Credentials.REAL_IP));
    }

    private static String forwardedFor(HttpServletRequest request) {
        java.util.List<String> all = java.util.Collections.list(request.getHeaders(Credentials.FORWARDED_FOR));
        return all.isEmpty() ? null : String.join(",", all);
    }

    private static String uriOf(HttpServletRequest request) {
        String query = request.getQueryString();
        return query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
    }
}
