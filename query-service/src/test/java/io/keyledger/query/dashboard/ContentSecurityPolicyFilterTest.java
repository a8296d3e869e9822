package io.keyledger.query.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ContentSecurityPolicyFilterTest {

    final ContentSecurityPolicyFilter filter =
            new ContentSecurityPolicyFilter(DashboardConfiguration.origin("http://localhost:8081/some/path"));

    @Test
    void thePageGetsAStrictPolicyThatConnectsOnlyToItselfAndTheCommandOrigin() throws Exception {
        MockHttpServletResponse response = run("/");
        String csp = response.getHeader("Content-Security-Policy");
        assertThat(csp).contains("default-src 'self'", "script-src 'self';", "style-src 'self';",
                "connect-src 'self' http://localhost:8081;", "frame-ancestors 'none'");
        assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval", "*");
        assertThat(run("/app.js").getHeader("Content-Security-Policy")).isEqualTo(csp);
    }

    @Test
    void theApiIsLeftAlone() throws Exception {
        assertThat(run("/v1/api-keys").getHeader("Content-Security-Policy")).isNull();
    }

    @Test
    void theCommandUrlMustBeAnHttpUrl() {
        assertThat(DashboardConfiguration.origin("https://keys.example.com")).isEqualTo("https://keys.example.com");
        assertThatThrownBy(() -> DashboardConfiguration.origin("javascript:alert(1)"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DashboardConfiguration.origin("ftp://x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private MockHttpServletResponse run(String uri) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest("GET", uri), response, new MockFilterChain());
        return response;
    }
}
