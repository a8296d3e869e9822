package io.keyledger.support.deadletters;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jpa.JpaSequencedDeadLetterQueue;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.deadletter.InMemorySequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;

/**
 * Which dead-letter queue a processing group gets: in memory when its token is in memory (the
 * group forgets everything at a restart anyway and replays from the start), JPA otherwise.
 */
final class DeadLetterQueues {

    private DeadLetterQueues() {
    }

    static SequencedDeadLetterQueue<EventMessage<?>> forGroup(String group, Configuration config,
                                                             int maxSequences, int maxSequenceSize) {
        if (!inMemoryTokens(group, config)) {
            EntityManagerProvider entityManagers = config.getComponent(EntityManagerProvider.class, () -> null);
            TransactionManager transactions = config.getComponent(TransactionManager.class, () -> null);
            if (entityManagers != null && transactions != null) {
                return JpaSequencedDeadLetterQueue.<EventMessage<?>>builder()
                        .processingGroup(group)
                        .maxSequences(maxSequences)
                        .maxSequenceSize(maxSequenceSize)
                        .entityManagerProvider(entityManagers)
                        .transactionManager(transactions)
                        .serializer(config.serializer())
                        .eventSerializer(config.eventSerializer())
                        .build();
            }
        }
        return InMemorySequencedDeadLetterQueue.<EventMessage<?>>builder()
                .maxSequences(maxSequences)
                .maxSequenceSize(maxSequenceSize)
                .build();
    }

    private static boolean inMemoryTokens(String group, Configuration config) {
        try {
            TokenStore tokens = config.eventProcessingConfiguration().tokenStore(group);
            return tokens instanceof InMemoryTokenStore;
        } catch (RuntimeException noTokenStore) {
            // a subscribing processor has no token store: it handles events in the publisher's
            // unit of work and keeps nothing between restarts
            return true;
        }
    }
}
