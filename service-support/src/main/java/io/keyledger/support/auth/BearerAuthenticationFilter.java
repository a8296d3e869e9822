package io.keyledger.support.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.support.auth.ManagementCallRules.Allowed;
import io.keyledger.support.auth.ManagementCallRules.Refused;
import io.keyledger.support.auth.ManagementCallRules.Verdict;
import io.keyledger.support.net.ClientAddressFilter;
import io.keyledger.support.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates management calls under {@code /v1/} with {@code Authorization: Bearer <key>},
 * applies the calling key's own rules ({@link ManagementCallRules}) and makes the {@link Caller}
 * available to controllers. A refusal is a problem+json answer whose {@code code} names the
 * {@link Refusal}: 401 (with {@code WWW-Authenticate: Bearer}), 403, or 429 (with {@code Retry-After}).
 */
public class BearerAuthenticationFilter extends OncePerRequestFilter {

    /** Request attribute holding the authenticated {@link Caller}. */
    public static final String CALLER_ATTRIBUTE = Caller.class.getName();

    private final ManagementCallRules rules;
    private final ObjectMapper mapper;
    /** {@code "POST /v1/leaks"}: calls that need no credentials, by exact method and raw path. */
    private final java.util.Set<String> publicEndpoints;

    BearerAuthenticationFilter(ManagementCallRules rules, ObjectMapper mapper) {
        this(rules, mapper, java.util.Set.of());
    }

    BearerAuthenticationFilter(ManagementCallRules rules, ObjectMapper mapper, java.util.Set<String> publicEndpoints) {
        this.rules = rules;
        this.mapper = mapper;
        this.publicEndpoints = java.util.Set.copyOf(publicEndpoints);
    }

    /**
     * Everything under {@code /v1/} needs a Bearer key, except a configured public endpoint: its
     * exact method and its exact raw path (no trailing slash, no {@code ;} parameters, no
     * percent-encoding, no other case), so anything that is not literally that call is
     * authenticated as usual.
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith("/v1/") || publicEndpoints.contains(request.getMethod() + " " + path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Verdict verdict = rules.judge(request.getHeader(HttpHeaders.AUTHORIZATION), ClientAddressFilter.of(request));
        if (verdict instanceof Allowed allowed) {
            request.setAttribute(CALLER_ATTRIBUTE, allowed.caller());
            chain.doFilter(request, response);
            return;
        }
        Refused refused = (Refused) verdict;
        Refusal refusal = refused.refusal();
        if (refusal.status() == HttpStatus.UNAUTHORIZED) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        } else if (refusal.status() == HttpStatus.TOO_MANY_REQUESTS) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(refused.retryAfterSeconds()));
        }
        ProblemDetail problem = Problems.of(refusal.status(), refused.detail());
        problem.setProperty("code", refusal.name());
        Problems.write(response, mapper, problem);
    }
}
