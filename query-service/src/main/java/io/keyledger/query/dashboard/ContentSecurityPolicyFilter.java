package io.keyledger.query.dashboard;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A strict Content-Security-Policy on the dashboard's responses: only this origin for scripts,
 * styles, images and fonts, no inline script or style, and connections only to this origin and
 * the command API's. The API under {@code /v1/} answers JSON and is left alone.
 */
class ContentSecurityPolicyFilter extends OncePerRequestFilter {

    private final String policy;

    ContentSecurityPolicyFilter(String commandOrigin) {
        this.policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self' " + commandOrigin + "; object-src 'none'; base-uri 'none'; "
                + "form-action 'self'; frame-ancestors 'none'";
    }

    String policy() {
        return policy;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", policy);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        chain.doFilter(request, response);
    }
}
