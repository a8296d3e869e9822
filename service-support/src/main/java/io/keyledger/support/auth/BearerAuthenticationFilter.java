package io.keyledger.support.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.support.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates management calls under {@code /v1/} with {@code Authorization: Bearer <key>}
 * and makes the {@link Caller} available to controllers; anything else is a 401 problem.
 */
public class BearerAuthenticationFilter extends OncePerRequestFilter {

    /** Request attribute holding the authenticated {@link Caller}. */
    public static final String CALLER_ATTRIBUTE = Caller.class.getName();

    private final CallerDirectory directory;
    private final ObjectMapper mapper;

    public BearerAuthenticationFilter(CallerDirectory directory, ObjectMapper mapper) {
        this.directory = directory;
        this.mapper = mapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            unauthorized(response, "missing credentials: send 'Authorization: Bearer <key>'");
            return;
        }
        Optional<Caller> caller = directory.authenticate(header.substring(7).trim());
        if (caller.isEmpty()) {
            unauthorized(response, "invalid credentials: the key is unknown, disabled, revoked or expired");
            return;
        }
        request.setAttribute(CALLER_ATTRIBUTE, caller.get());
        chain.doFilter(request, response);
    }

    private void unauthorized(HttpServletResponse response, String detail) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        Problems.write(response, mapper, Problems.of(HttpStatus.UNAUTHORIZED, detail));
    }
}
