package io.keyledger.support.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.apache.catalina.Valve;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * The HTTP conventions of API.md for every servlet service: strict snake_case JSON (see
 * {@link StrictJson}), UTF-8 bodies ({@link Utf8BodyFilter}), bounded instants ({@link Instants}), problem+json errors, and bodies limited to {@code keyledger.http.max-body-size}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class WebAutoConfiguration {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer keyledgerJson() {
        return builder -> builder
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .featuresToEnable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                        com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS,
                        // a repeated member is malformed input (400), not a binding failure (500)
                        com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .modulesToInstall(modules -> {
                    modules.add(new LowercaseEnums());
                    modules.add(StrictInstants.module());
                })
                .featuresToDisable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .postConfigurer(StrictJson::apply);
    }

    /** {@code @RequestParam Instant} per {@link Instants}: before Spring's lenient Instant parser. */
    @Bean
    WebMvcConfigurer strictInstantParameters() {
        return new WebMvcConfigurer() {
            @Override
            public void addFormatters(org.springframework.format.FormatterRegistry registry) {
                registry.addConverter(String.class, java.time.Instant.class, new StrictInstants.QueryParameter());
            }
        };
    }

    /**
     * Errors Tomcat answers itself (before Spring MVC) as problem+json too. Spring Boot adds a
     * plain {@code ErrorReportValve} to the host; this customizer runs after it and swaps it.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return new WebServerFactoryCustomizer<>() {
            @Override
            public void customize(TomcatServletWebServerFactory factory) {
                factory.addContextCustomizers(context -> {
                    if (context.getParent() instanceof StandardHost host) {
                        for (Valve valve : host.getPipeline().getValves()) {
                            if (valve instanceof ErrorReportValve) {
                                host.getPipeline().removeValve(valve);
                            }
                        }
                        host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                        host.getPipeline().addValve(new ProblemErrorReportValve());
                    }
                });
                // TRACE reaches the filter chain, where traceRefused() answers it: a 405 problem
                // instead of Tomcat's empty 405
                factory.addConnectorCustomizers(connector -> connector.setAllowTrace(true));
            }
        };
    }

    /**
     * A malformed {@code Accept} header (e.g. {@code Accept: a}) is disregarded, as RFC 9110
     * §12.5.1 allows, instead of failing the request with a 406 that cannot even carry its
     * problem body. A well-formed but unacceptable one still gets its 406 problem.
     */
    @Bean
    WebMvcConfigurer malformedAcceptIgnored() {
        return new WebMvcConfigurer() {
            @Override
            public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
                configurer.strategies(List.of(new HeaderContentNegotiationStrategy() {
                    @Override
                    public List<MediaType> resolveMediaTypes(NativeWebRequest request) {
                        try {
                            return super.resolveMediaTypes(request);
                        } catch (HttpMediaTypeNotAcceptableException malformed) {
                            return MEDIA_TYPE_ALL_LIST;
                        }
                    }
                }));
            }
        };
    }

    @Bean
    ApiExceptionHandler apiExceptionHandler() {
        return new ApiExceptionHandler();
    }

    /** TRACE would echo the request's headers (cookies, keys) back: refused, as problem+json. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> traceRefused(ObjectMapper mapper) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if ("TRACE".equals(request.getMethod())) {
                    response.setHeader(HttpHeaders.ALLOW, "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
                    Problems.write(response, mapper, Problems.of(HttpStatus.METHOD_NOT_ALLOWED, "TRACE is not supported"));
                    return;
                }
                chain.doFilter(request, response);
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** After the size limit (it reads the body whole), before authentication and MVC. */
    @Bean
    FilterRegistrationBean<Utf8BodyFilter> utf8BodyFilter(ObjectMapper mapper) {
        FilterRegistrationBean<Utf8BodyFilter> registration = new FilterRegistrationBean<>(new Utf8BodyFilter(mapper));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(
            @Value("${keyledger.http.max-body-size:64KB}") DataSize limit, ObjectMapper mapper) {
        FilterRegistrationBean<BodySizeLimitFilter> registration =
                new FilterRegistrationBean<>(new BodySizeLimitFilter(limit.toBytes(), mapper));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
