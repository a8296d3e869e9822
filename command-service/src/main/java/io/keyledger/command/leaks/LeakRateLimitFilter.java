package io.keyledger.command.leaks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.keyledger.support.net.ClientAddressFilter;
import io.keyledger.support.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rate limits {@code POST /v1/leaks} per client address — the address the management calls are
 * judged by ({@link ClientAddressFilter}: the TCP peer, or the rightmost untrusted
 * {@code X-Forwarded-For} hop behind a trusted proxy) — before the body is read, so a refused
 * report costs no parsing or hashing. An IPv6 client counts by its /64, the block one subscriber
 * gets. Bucket4j token buckets ({@code keyledger.leaks.rate-limit.per-minute}, {@code .burst}) in
 * a Caffeine cache bounded by {@code .max-addresses} and dropped an hour after their last use.
 * Over the limit: 429 problem+json, {@code code: LEAK_RATE_LIMITED}, {@code Retry-After}.
 */
class LeakRateLimitFilter extends OncePerRequestFilter {

    static final String PATH = "/v1/leaks";

    private final Cache<String, Bucket> buckets;
    private final Bandwidth limit;
    private final ObjectMapper mapper;

    LeakRateLimitFilter(LeakProperties.RateLimit rateLimit, ObjectMapper mapper) {
        this.limit = Bandwidth.builder().capacity(rateLimit.burst())
                .refillGreedy(rateLimit.perMinute(), Duration.ofMinutes(1)).build();
        this.buckets = Caffeine.newBuilder().maximumSize(rateLimit.maxAddresses())
                .expireAfterAccess(Duration.ofHours(1)).executor(Runnable::run).build();
        this.mapper = mapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && PATH.equals(request.getRequestURI()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Bucket bucket = buckets.get(subject(ClientAddressFilter.of(request)), s -> Bucket.builder().addLimit(limit).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        long nanos = probe.getNanosToWaitForRefill();
        long seconds = Math.max(1, nanos / 1_000_000_000L + (nanos % 1_000_000_000L == 0 ? 0 : 1));
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS,
                "too many leak reports from this address; retry after " + seconds + " s");
        problem.setProperty("code", "LEAK_RATE_LIMITED");
        Problems.write(response, mapper, problem);
    }

    /** The address an IPv4 client is counted by, or the /64 of an IPv6 one. */
    static String subject(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return String.valueOf(address);
        }
        try {
            // a literal (the client address filter hands on literals only): no name lookup
            byte[] bytes = InetAddress.getByName(address.startsWith("[") ? address : "[" + address + "]").getAddress();
            return bytes.length == 16 ? HexFormat.of().formatHex(bytes, 0, 8) + "::/64" : address;
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
