package io.keyledger.command.web;

import com.fasterxml.jackson.core.JsonParser;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A member given twice ({@code {"plan":null,"plan":"free"}}) is a malformed request, not
 * "the last one wins": it is refused as malformed JSON (400), before it can confuse the binding
 * of a record's creator.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictDuplicateDetection() {
        return builder -> builder.featuresToEnable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
}
