package io.keyledger.command.web;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandExecutionException;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Wraps every domain rejection thrown by a command handler into a
 * {@link CommandExecutionException} carrying a {@link CommandRejection}: the only form in which
 * Axon Server brings the reason back to the dispatching node. Locally the same wrapping happens,
 * so both deployments answer the same status for the same rejection.
 */
@Component
class CommandRejections implements InitializingBean {

    private final CommandBus commandBus;

    CommandRejections(CommandBus commandBus) {
        this.commandBus = commandBus;
    }

    @Override
    public void afterPropertiesSet() {
        commandBus.registerHandlerInterceptor((unitOfWork, chain) -> {
            try {
                return chain.proceed();
            } catch (CommandExecutionException e) {
                throw e;
            } catch (Exception e) {
                CommandRejection rejection = CommandRejection.of(e);
                if (rejection == null) {
                    throw e;
                }
                throw new CommandExecutionException(rejection.message(), e, rejection);
            }
        });
    }
}
