package io.keyledger.command.web;

import io.keyledger.api.EventMetadata;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Event metadata for the audit trail (DESIGN.md §3). Axon copies the correlation data of the
 * message being handled onto every event it causes; these providers decide what that is.
 */
@Configuration(proxyBeanMethods = false)
class AuditMetadataConfiguration {

    @Bean
    CorrelationDataProvider auditCorrelationData() {
        return AuditMetadataConfiguration::auditDataFor;
    }

    /** Axon's own trace and correlation ids, kept next to ours (declaring a provider replaces the default). */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        MessageOriginProvider origin = new MessageOriginProvider();
        return message -> causesNothing(message) ? Map.of() : origin.correlationDataFor(message);
    }

    /**
     * An event handled by this service's event processors: they are in-memory views (caller
     * directory, key quota) that send no command and apply no event, so the correlation data of
     * their units of work is never used, and computing it per event would deserialize every
     * event's metadata (3 % of a key creation's CPU). A deadline message is an event message
     * too, and does cause events.
     */
    private static boolean causesNothing(Message<?> message) {
        return message instanceof EventMessage && !(message instanceof DeadlineMessage);
    }

    /**
     * The command bus gives its units of work the correlation data providers; a deadline manager
     * does not, so events applied by deadline handlers would carry no metadata at all.
     */
    @Bean
    InitializingBean deadlineAuditMetadata(DeadlineManager deadlines) {
        return () -> deadlines.registerHandlerInterceptor((unitOfWork, chain) -> {
            unitOfWork.registerCorrelationDataProvider(AuditMetadataConfiguration::auditDataFor);
            return chain.proceed();
        });
    }

    @Bean
    FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
        FilterRegistrationBean<CorrelationIdFilter> registration = new FilterRegistrationBean<>(new CorrelationIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * A command carries the caller's metadata and passes it on. A deadline is nobody's request:
     * the events it causes are the system's, keep only the correlation id of the request that
     * scheduled it, and carry no IP or user agent.
     */
    static Map<String, ?> auditDataFor(Message<?> message) {
        if (causesNothing(message)) {
            return Map.of();
        }
        Map<String, Object> data = new HashMap<>();
        Object correlationId = message.getMetaData().get(EventMetadata.CORRELATION_ID);
        if (message instanceof DeadlineMessage) {
            data.put(EventMetadata.ACTOR, EventMetadata.SYSTEM_ACTOR);
            data.put(EventMetadata.CORRELATION_ID, correlationId != null ? correlationId : message.getIdentifier());
            return data;
        }
        for (String key : new String[] {EventMetadata.ACTOR, EventMetadata.CORRELATION_ID,
                EventMetadata.CLIENT_IP, EventMetadata.USER_AGENT}) {
            Object value = message.getMetaData().get(key);
            if (value != null) {
                data.put(key, value);
            }
        }
        return data;
    }
}
