package io.keyledger.support.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * A public endpoint ({@code keyledger.management-api.public-endpoints}) lets exactly its method
 * and raw path through without a key; every other spelling of it is authenticated as usual.
 */
class PublicEndpointsTest {

    private final BearerAuthenticationFilter filter = new BearerAuthenticationFilter(
            new ManagementCallRules(new CallerDirectory(Clock.systemUTC()),
                    new ManagementRateLimiter(20, 40, 100, Clock.systemUTC())),
            new ObjectMapper(), Set.of("POST /v1/leaks"));

    @ParameterizedTest(name = "{0} {1} without a key → {2}")
    @CsvSource({
            "POST, /v1/leaks, 200",
            "GET, /v1/leaks, 401",
            "PUT, /v1/leaks, 401",
            "DELETE, /v1/leaks, 401",
            "POST, /v1/leaks/, 401",
            "POST, /v1/leaks/x, 401",
            "POST, /v1/leaks;a=b, 401",
            "POST, /v1/leaks%2F, 401",
            "POST, /v1/%6Ceaks, 401",
            "POST, /v1/LEAKS, 401",
            "POST, /v1//leaks, 401",
            "POST, /v1/leaksx, 401",
            "POST, /v1/api-keys, 401",
            "post, /v1/leaks, 401",
            "GET, /actuator/health, 200",
    })
    void onlyTheExactCallPassesWithoutAKey(String method, String path, int status) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(chain.getRequest() != null).as("reached the controller").isEqualTo(status == 200);
        assertThat(request.getAttribute(BearerAuthenticationFilter.CALLER_ATTRIBUTE)).isNull();
    }
}
