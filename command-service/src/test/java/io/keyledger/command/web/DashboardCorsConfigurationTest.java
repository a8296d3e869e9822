package io.keyledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.CorsFilter;

class DashboardCorsConfigurationTest {

    final CorsFilter filter = new DashboardCorsConfiguration().dashboardCorsFilter("http://localhost:8082").getFilter();

    @Test
    void theDashboardsPreflightIsAnsweredWithTheHeadersItSends() throws Exception {
        MockHttpServletResponse response = preflight("http://localhost:8082");
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("Access-Control-Allow-Origin")).isEqualTo("http://localhost:8082");
        assertThat(response.getHeader("Access-Control-Allow-Headers").toLowerCase())
                .contains("authorization", "content-type", "if-match");
        assertThat(response.getHeader("Access-Control-Allow-Credentials")).isNull();
    }

    @Test
    void anyOtherOriginIsRefused() throws Exception {
        MockHttpServletResponse response = preflight("https://evil.example");
        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void aHeaderOutsideTheListIsNotAllowed() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("OPTIONS", "/v1/api-keys");
        request.addHeader("Origin", "http://localhost:8082");
        request.addHeader("Access-Control-Request-Method", "POST");
        request.addHeader("Access-Control-Request-Headers", "authorization,x-forwarded-for");
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        // the browser refuses the call unless every header it asked for is allowed
        assertThat(String.valueOf(response.getHeader("Access-Control-Allow-Headers")).toLowerCase())
                .doesNotContain("x-forwarded-for");
    }

    @Test
    void anActualRequestExposesTheETag() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("PATCH", "/v1/api-keys/k1");
        request.addHeader("Origin", "http://localhost:8082");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        assertThat(chain.getRequest()).isNotNull();
        assertThat(response.getHeader("Access-Control-Expose-Headers")).contains("ETag");
    }

    private MockHttpServletResponse preflight(String origin) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("OPTIONS", "/v1/api-keys/k1");
        request.addHeader("Origin", origin);
        request.addHeader("Access-Control-Request-Method", "PATCH");
        request.addHeader("Access-Control-Request-Headers", "authorization,content-type,if-match");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        assertThat(chain.getRequest()).as("a preflight goes no further").isNull();
        return response;
    }
}
