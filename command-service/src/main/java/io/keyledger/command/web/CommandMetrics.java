package io.keyledger.command.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * {@code keyledger.commands{command, outcome, reason}} (Prometheus {@code keyledger_commands_total}):
 * every command the aggregates handle (key and organization lifecycle, webhooks, key requests),
 * by its simple name, {@code outcome} {@code accepted} or {@code rejected}, and for a rejection its
 * {@link CommandRejection.Kind} in lower case ({@code invalid_field}, {@code not_found},
 * {@code forbidden}, {@code lifecycle}, {@code version_mismatch}, …) or {@code unexpected};
 * {@code reason="none"} when accepted. Every tag value comes from the code, never from a request,
 * so the series stay few. A handler interceptor on the command bus: it sees what the handler
 * decided, not a later failure of the commit (a group commit's failure is answered 5xx).
 *
 * <p>Axon's own per-message meters stay off in this service (application.yml,
 * {@code KEYLEDGER_AXON_METRICS}): they cost ~0.9 ms of CPU per created key; this is one map
 * lookup and one counter increment per command.
 */
@Component
class CommandMetrics implements MessageHandlerInterceptor<CommandMessage<?>> {

    static final String METER = "keyledger.commands";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    CommandMetrics(MeterRegistry registry, CommandBus commandBus) {
        this.registry = registry;
        commandBus.registerHandlerInterceptor(this);
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        String command = simpleName(unitOfWork.getMessage().getCommandName());
        try {
            Object result = chain.proceed();
            counter(command, "accepted", "none").increment();
            return result;
        } catch (Exception | Error e) {
            CommandRejection rejection = CommandRejection.of(e);
            counter(command, "rejected", rejection == null ? "unexpected"
                    : rejection.kind().name().toLowerCase(Locale.ROOT)).increment();
            throw e;
        }
    }

    private Counter counter(String command, String outcome, String reason) {
        return counters.computeIfAbsent(command + '|' + outcome + '|' + reason, k -> Counter.builder(METER)
                .description("commands handled, by command, outcome (accepted, rejected) and rejection kind")
                .tag("command", command).tag("outcome", outcome).tag("reason", reason)
                .register(registry));
    }

    private static String simpleName(String commandName) {
        return commandName.substring(commandName.lastIndexOf('.') + 1);
    }
}
