package io.keyledger.client;

import java.util.List;

/** One page of {@code GET /v1/api-keys}; {@code nextCursor} is {@code null} on the last. */
public record KeyPage(List<KeyRecord> data, String nextCursor) {
}
