package io.keyledger.support.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.support.auth.Caller;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The OpenAPI description of every service is the API on the wire (issue 15): the {@link Caller}
 * argument is no parameter, schemas use the API's own mapper ({@link WireModelResolver}), and
 * {@link WireConventions} adds what annotations do not say: the Bearer scheme, problem+json 4xx
 * answers and the headers of the conventions.
 */
@AutoConfiguration(after = JacksonAutoConfiguration.class)
@ConditionalOnClass(SpringDocUtils.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class OpenApiAutoConfiguration {

    static {
        // resolved from the Bearer key by CallerArgumentResolver, not a request parameter
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    @ConditionalOnMissingBean(io.swagger.v3.core.jackson.ModelResolver.class)
    WireModelResolver wireModelResolver(ObjectMapper mapper) {
        return new WireModelResolver(mapper);
    }

    /** Last, after the customizers of the services (which may add paths). */
    @Bean
    @org.springframework.core.annotation.Order(org.springframework.core.Ordered.LOWEST_PRECEDENCE)
    OpenApiCustomizer keyledgerWireConventions() {
        return new WireConventions()::apply;
    }
}
