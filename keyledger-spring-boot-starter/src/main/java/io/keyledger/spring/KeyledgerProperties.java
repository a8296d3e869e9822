package io.keyledger.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code keyledger.*}: where the validator is, how long to wait, what the filter protects. */
@ConfigurationProperties("keyledger")
public class KeyledgerProperties {

    private final Validator validator = new Validator();
    private final Filter filter = new Filter();

    public Validator getValidator() {
        return validator;
    }

    public Filter getFilter() {
        return filter;
    }

    public static class Validator {
        /** The validator's verification port, e.g. http://localhost:8083 (KEYLEDGER_VALIDATOR_URL). */
        private String url;
        private Duration connectTimeout = Duration.ofSeconds(1);
        private Duration requestTimeout = Duration.ofSeconds(2);
        /** Attempts in all for a verification (1: no retry). */
        private int maxAttempts = 3;
        /** Reuse verdicts for this long (at most 5 s); unset: no cache. */
        private Duration cacheTtl;

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public Duration getConnectTimeout() { return connectTimeout; }
        public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
        public Duration getRequestTimeout() { return requestTimeout; }
        public void setRequestTimeout(Duration requestTimeout) { this.requestTimeout = requestTimeout; }
        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
        public Duration getCacheTtl() { return cacheTtl; }
        public void setCacheTtl(Duration cacheTtl) { this.cacheTtl = cacheTtl; }
    }

    public static class Filter {
        /** Servlet URL patterns the filter protects, e.g. /api/*; empty: no filter (annotations only). */
        private List<String> urlPatterns = new ArrayList<>();
        /** The permission the filter asks for; empty: any valid key. */
        private String permission = "";

        public List<String> getUrlPatterns() { return urlPatterns; }
        public void setUrlPatterns(List<String> urlPatterns) { this.urlPatterns = urlPatterns; }
        public String getPermission() { return permission; }
        public void setPermission(String permission) { this.permission = permission; }
    }
}
