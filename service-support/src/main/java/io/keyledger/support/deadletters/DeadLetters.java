package io.keyledger.support.deadletters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;

/**
 * What the dead-letter queues of this service's processing groups hold, and their retry. Only
 * the letters' coordinates leave this class (group, sequence, event type and id, aggregate,
 * the cause's type): never a payload, which may hold what the API keeps to itself, nor a cause's
 * message, which may quote it.
 */
public class DeadLetters {

    /** One parked event. */
    public record Letter(String group, String sequenceIdentifier, String eventId, String eventType,
                         String aggregateId, Long aggregateSequence, String causeType,
                         Instant enqueuedAt, Instant lastTouched) {
    }

    /** The outcome of a retry: sequences tried, of which handled and evicted, and the letters left. */
    public record Retry(String group, int sequencesTried, int sequencesHandled, long remaining) {
    }

    private final EventProcessingConfiguration processing;

    public DeadLetters(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    /** The processing groups that have a dead-letter queue, by name. */
    public SortedMap<String, Long> counts() {
        SortedMap<String, Long> counts = new TreeMap<>();
        for (String group : processing.eventProcessors().keySet()) {
            queue(group).ifPresent(q -> counts.put(group, q.size()));
        }
        return counts;
    }

    public long total() {
        return counts().values().stream().mapToLong(Long::longValue).sum();
    }

    public boolean knows(String group) {
        return processing.eventProcessors().containsKey(group) && queue(group).isPresent();
    }

    public Optional<Long> size(String group) {
        return queue(group).map(SequencedDeadLetterQueue::size);
    }

    /** Every parked event, group by group, each sequence in its order; at most {@code limit}. */
    public List<Letter> list(int limit) {
        List<Letter> letters = new ArrayList<>();
        for (String group : counts().keySet()) {
            SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group).orElseThrow();
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
                for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                    if (letters.size() >= limit) {
                        return letters;
                    }
                    letters.add(letter(group, letter));
                }
            }
        }
        return letters;
    }

    /**
     * Hands every sequence of the group's queue, as it stands now, once more to the group's
     * handlers: a sequence handled to its end leaves the queue, one that fails again stays.
     *
     * @throws IllegalStateException when the group has no dead-letter queue (check {@link #knows})
     */
    public Retry retry(String group) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group)
                .orElseThrow(() -> new IllegalStateException("no dead-letter queue for " + group));
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processing.sequencedDeadLetterProcessor(group)
                .orElseThrow(() -> new IllegalStateException("no dead-letter processor for " + group));
        List<String> firstOfEach = new ArrayList<>();
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
            Iterator<DeadLetter<? extends EventMessage<?>>> letters = sequence.iterator();
            if (letters.hasNext()) {
                firstOfEach.add(letters.next().message().getIdentifier());
            }
        }
        int handled = 0;
        for (String first : firstOfEach) {
            // the filter sees the first letter of each sequence: this picks exactly that sequence
            if (processor.process(letter -> letter.message().getIdentifier().equals(first))) {
                handled++;
            }
        }
        return new Retry(group, firstOfEach.size(), handled, queue.size());
    }

    private Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue(String group) {
        return processing.deadLetterQueue(group);
    }

    private static Letter letter(String group, DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> message = letter.message();
        String aggregateId = null;
        Long aggregateSequence = null;
        if (message instanceof DomainEventMessage<?> domain) {
            aggregateId = domain.getAggregateIdentifier();
            aggregateSequence = domain.getSequenceNumber();
        }
        return new Letter(group,
                // Axon's default sequencing policy: the aggregate, else the event itself
                aggregateId != null ? aggregateId : message.getIdentifier(),
                message.getIdentifier(),
                message.getPayloadType().getSimpleName(),
                aggregateId, aggregateSequence,
                letter.cause().map(DeadLetters::simpleType).orElse(null),
                letter.enqueuedAt(), letter.lastTouched());
    }

    private static String simpleType(Cause cause) {
        String type = cause.type();
        return type == null ? null : type.substring(type.lastIndexOf('.') + 1);
    }
}
