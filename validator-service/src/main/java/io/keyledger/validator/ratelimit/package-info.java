/**
 * Rate limits per key and per validator instance: token bucket (per second, burst) and UTC
 * minute/hour/day windows; the most exhausted window is what {@code X-RateLimit-*} report.
 */
package io.keyledger.validator.ratelimit;
