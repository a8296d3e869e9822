package io.keyledger.command.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.core.jackson.ModelResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Makes the generated OpenAPI schemas use the API's own JSON mapper, hence snake_case names. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    ModelResolver modelResolver(ObjectMapper mapper) {
        return new ModelResolver(mapper);
    }
}
