/**
 * No event can wedge a processor (issue 12): every processing group of every service gets Axon's
 * sequenced dead-letter queue. A handler that fails on an event parks that event's sequence (its
 * aggregate, Axon's default sequencing policy) and the processor goes on with the others.
 *
 * <p>Axon's mechanism is used as it is: {@code registerDeadLetterQueueProvider} for all groups and
 * the {@code PropagatingErrorHandler} as the default listener error handler, because Axon's default
 * (logging) swallows the failure before the dead-lettering invoker sees it. A group whose token
 * lives in memory (rebuilt from the first event at every start: caller directories, the hot set)
 * gets an in-memory queue, which is rebuilt with it; any other group gets the JPA queue in the
 * service's database, so a parked event outlives a restart that its token already passed.
 *
 * <p>This package only shows and retries what the queues hold: health ({@code deadLetters},
 * DEGRADED with HTTP 200), the gauge {@code keyledger.dead_letters{group}} and the admin API
 * {@code /v1/admin/dead-letters}.
 */
package io.keyledger.support.deadletters;
