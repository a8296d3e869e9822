package io.keyledger.spring;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/** Every request on {@code keyledger.filter.url-patterns} needs a valid key (and {@code keyledger.filter.permission}). */
public class KeyledgerFilter extends OncePerRequestFilter {

    private final KeyledgerGuard guard;
    private final String permission;

    public KeyledgerFilter(KeyledgerGuard guard, String permission) {
        this.guard = guard;
        this.permission = permission;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (guard.admit(request, response, permission)) {
            chain.doFilter(request, response);
        }
    }
}
