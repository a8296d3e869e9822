package io.keyledger.command.web;

import io.keyledger.api.EventMetadata;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Dispatches commands with the metadata every event must carry (actor, correlation id, client
 * IP, user agent); {@link AuditMetadataConfiguration} copies it from the command onto the events.
 */
@Component
public class Commands {

    private static final int MAX_USER_AGENT = 256;

    private final CommandGateway gateway;
    /** Absent with Axon Server, whose event store is not this service's database. */
    private final GroupCommit groupCommit;

    Commands(CommandGateway gateway, ObjectProvider<GroupCommit> groupCommit) {
        this.gateway = gateway;
        this.groupCommit = groupCommit.getIfAvailable();
    }

    /** Sends on behalf of the calling key, with what the request tells about where it came from. */
    public <R> R send(Object command, String actor, HttpServletRequest request) {
        return gateway.sendAndWait(withMetadata(command, actor, request));
    }

    /**
     * Like {@link #send}, for a command that creates an aggregate under a fresh id: on the local
     * event store it commits together with the creations waiting at the same moment ({@link GroupCommit}).
     */
    public <R> R sendCreation(Object command, String actor, HttpServletRequest request) {
        CommandMessage<?> message = withMetadata(command, actor, request);
        return groupCommit == null ? gateway.sendAndWait(message) : groupCommit.send(message);
    }

    /**
     * Like {@link #sendCreation}, for a creation that brings a value no other aggregate may hold
     * (an imported secret's hash): on the local event store it never shares a batch with another
     * creation bringing the same value, and {@code check} runs in the batch's transaction right
     * before it is handled (so it sees every earlier batch); elsewhere it is handled alone, as by
     * {@link #send}, and {@code check} is left to the command's own unit of work.
     */
    public <R> R sendExclusiveCreation(Object command, String actor, HttpServletRequest request, String exclusive,
                                       Runnable check) {
        CommandMessage<?> message = withMetadata(command, actor, request);
        return groupCommit == null ? gateway.sendAndWait(message) : groupCommit.send(message, exclusive, check);
    }

    /**
     * The command as {@link #send} would dispatch it, with the request's metadata, for a caller that
     * dispatches it later, after the request has been answered (leak reports).
     */
    public static CommandMessage<?> message(Object command, String actor, HttpServletRequest request) {
        return withMetadata(command, actor, request);
    }

    private static CommandMessage<?> withMetadata(Object command, String actor, HttpServletRequest request) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put(EventMetadata.ACTOR, actor);
        Object correlationId = request.getAttribute(CorrelationIdFilter.ATTRIBUTE);
        metadata.put(EventMetadata.CORRELATION_ID,
                correlationId != null ? correlationId.toString() : UUID.randomUUID().toString());
        metadata.put(EventMetadata.CLIENT_IP, request.getRemoteAddr());
        String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
        if (userAgent != null) {
            metadata.put(EventMetadata.USER_AGENT,
                    userAgent.length() > MAX_USER_AGENT ? userAgent.substring(0, MAX_USER_AGENT) : userAgent);
        }
        return GenericCommandMessage.asCommandMessage(command).andMetaData(MetaData.from(metadata));
    }

    /** Sends on behalf of the platform itself (bootstrap). */
    public <R> R sendAsSystem(Object command) {
        return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(MetaData.with(
                EventMetadata.ACTOR, EventMetadata.SYSTEM_ACTOR).and(
                EventMetadata.CORRELATION_ID, UUID.randomUUID().toString())));
    }
}
