package io.keyledger.support.net;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Judges each request's client address by {@link TrustedProxies} (DESIGN §8) once, and hands it on:
 * as the request attribute {@link #ATTRIBUTE} and as {@code getRemoteAddr()} /
 * {@code getRemoteHost()} of the request the rest of the chain sees, so the bearer filter's
 * {@code ip_allowlist} check and the audit metadata a controller records use the same address.
 */
public class ClientAddressFilter extends OncePerRequestFilter {

    /** Request attribute holding the judged client address (a {@code String}). */
    public static final String ATTRIBUTE = ClientAddressFilter.class.getName() + ".address";

    private final TrustedProxies proxies;

    public ClientAddressFilter(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    /** The judged address of {@code request}, or its TCP peer when this filter did not run. */
    public static String of(ServletRequest request) {
        Object judged = request.getAttribute(ATTRIBUTE);
        return judged instanceof String address ? address : request.getRemoteAddr();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = proxies.clientAddress(request.getRemoteAddr(), forwardedFor(request),
                request.getHeader("X-Real-IP"));
        request.setAttribute(ATTRIBUTE, address);
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getRemoteAddr() {
                return address;
            }

            @Override
            public String getRemoteHost() {
                return address;
            }
        }, response);
    }

    /** Every {@code X-Forwarded-For} line, in order, as one list (RFC 9110 §5.3). */
    private static String forwardedFor(HttpServletRequest request) {
        Enumeration<String> lines = request.getHeaders("X-Forwarded-For");
        if (lines == null || !lines.hasMoreElements()) {
            return null;
        }
        String first = lines.nextElement();
        if (!lines.hasMoreElements()) {
            return first;
        }
        StringBuilder all = new StringBuilder(first);
        while (lines.hasMoreElements()) {
            all.append(',').append(lines.nextElement());
        }
        return all.toString();
    }
}
