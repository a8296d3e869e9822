package io.keyledger.support.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.support.net.TrustedProxies;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The properties of the management-call rules, and the environment variables that set them. */
class ManagementAuthPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ManagementAuthAutoConfiguration.class))
            .withPropertyValues("keyledger.management-api.enabled=true");

    @Test
    void defaultsAreTwentyPerSecondBurstFortyAndLoopbackProxies() {
        runner.run(context -> {
            ManagementRateLimiter limiter = context.getBean(ManagementRateLimiter.class);
            assertThat(limiter.perSecond()).isEqualTo(20);
            assertThat(limiter.burst()).isEqualTo(40);
            TrustedProxies proxies = context.getBean(TrustedProxies.class);
            assertThat(proxies.isTrusted("127.0.0.1")).isTrue();
            assertThat(proxies.isTrusted("::1")).isTrue();
            assertThat(proxies.isTrusted("10.1.2.3")).isFalse();
        });
    }

    @Test
    void environmentVariablesSetThem() {
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of("KEYLEDGER_MANAGEMENT_API_RATE_LIMIT_PER_SECOND", "7",
                                        "KEYLEDGER_MANAGEMENT_API_RATE_LIMIT_BURST", "9",
                                        "KEYLEDGER_TRUSTED_PROXIES", "10.0.0.0/8,192.0.2.1"))))
                .run(context -> {
                    ManagementRateLimiter limiter = context.getBean(ManagementRateLimiter.class);
                    assertThat(limiter.perSecond()).isEqualTo(7);
                    assertThat(limiter.burst()).isEqualTo(9);
                    TrustedProxies proxies = context.getBean(TrustedProxies.class);
                    assertThat(proxies.isTrusted("10.1.2.3")).isTrue();
                    assertThat(proxies.isTrusted("192.0.2.1")).isTrue();
                    assertThat(proxies.isTrusted("127.0.0.1")).isFalse();
                });
    }

    @Test
    void aYamlListOfTrustedProxiesWorksToo() {
        runner.withPropertyValues("keyledger.trusted-proxies[0]=10.0.0.0/8", "keyledger.trusted-proxies[1]=::1/128")
                .run(context -> {
                    TrustedProxies proxies = context.getBean(TrustedProxies.class);
                    assertThat(proxies.isTrusted("10.9.9.9")).isTrue();
                    assertThat(proxies.isTrusted("127.0.0.1")).isFalse();
                });
    }

    @Test
    void aLimitBelowOneStopsTheStart() {
        runner.withPropertyValues("keyledger.management-api.rate-limit.burst=0")
                .run(context -> assertThat(context).hasFailed());
    }
}
