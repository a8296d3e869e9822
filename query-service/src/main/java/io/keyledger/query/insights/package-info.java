/**
 * Insights from the attempt log (API.md "Insights", DESIGN.md §9): each key's last
 * {@code keyledger.insights.retention} of attempts kept in the attempt topology's own Kafka Streams
 * stores, read per key by the what-if, permission-usage, networks and rotation-assistant answers.
 *
 * <p>Why Streams stores and not Mongo documents with a TTL index or reading {@code auth-attempts} by
 * time: the figures are in query-service/README.md ("Insights: where the data lives"). In short, a
 * store is written by the same thread that already reads every attempt (no extra consumer, no
 * per-attempt round trip to Mongo), is laid out by key then time on disk (one key's month is one
 * range scan), and expires whole segments when they fall out of the retention. The tallies that must
 * answer within 100 ms whatever the traffic are kept per key per day, so an answer reads at most one
 * entry per day per permission or network, never the attempts themselves.
 *
 * <p>Limitation: a store holds the partitions of {@code auth-attempts} its instance consumes. With one
 * query-service instance (the local stack, the compose file) that is every key; with several, an
 * instance knows only the keys of its own partitions (routing a question to the instance that holds the
 * key, with {@code application.server} and Streams' key metadata, is not built).
 */
package io.keyledger.query.insights;
