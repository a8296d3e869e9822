package io.keyledger.validator.web;

import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder, except that a request with both {@code Transfer-Encoding: chunked} and
 * {@code Content-Length} keeps both headers: Netty would drop the length and read the body as
 * chunked; RFC 9112 §6.1 lets a server treat the pair as an error, and {@link FramingRules} does
 * (400, then close), since a proxy in front may have framed the same bytes by the length.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {

    StrictRequestDecoder() {
        super(new io.netty.handler.codec.http.HttpDecoderConfig()
                .setMaxInitialLineLength(NettyHotPathServer.MAX_INITIAL_LINE_BYTES)
                .setMaxHeaderSize(NettyHotPathServer.MAX_HEADER_BYTES)
                .setMaxChunkSize(DEFAULT_MAX_CHUNK_SIZE));
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        // keep both: FramingRules refuses the request
    }
}
