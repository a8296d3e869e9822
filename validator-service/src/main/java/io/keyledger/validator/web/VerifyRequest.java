package io.keyledger.validator.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Body of {@code POST /v1/verify} (API.md). Besides the documented {@code key},
 * {@code permissions}, {@code ip}, {@code referrer} and {@code organization_id}, an SDK may pass
 * {@code organization_key} (the dual scheme: {@code key} is then the user key) and
 * {@code user_agent} (the original client's, for the attempt log).
 *
 * <p>{@link #read} is strict (API.md, "Input rules"): UTF-8 only (no byte-order mark, no NUL, no
 * overlong or surrogate sequences), exactly one JSON object, every field at most once and of its
 * own type (a string is a string, {@code permissions} an array of strings; {@code null} is
 * absent), no unknown field, and bounded lengths. Refusals are {@link IllegalArgumentException}s
 * whose message starts with the field's name and a colon, as {@link HotPathRequests} words them.
 */
record VerifyRequest(String key, List<String> permissions, String ip, String referrer, String organizationKey,
                     String userAgent, String organizationId, Long cost) {

    VerifyRequest(String key, List<String> permissions, String ip, String referrer, String organizationKey,
                  String userAgent, String organizationId) {
        this(key, permissions, ip, referrer, organizationKey, userAgent, organizationId, null);
    }

    static final int MAX_KEY_LENGTH = 512;
    static final int MAX_PERMISSIONS = 100;
    static final int MAX_REFERRER_LENGTH = 2048;
    static final int MAX_USER_AGENT_LENGTH = 1024;
    static final int MAX_IP_LENGTH = 64;
    static final int MAX_ORGANIZATION_ID_LENGTH = 64;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(4).build())
            .build();

    VerifyRequest(String key, List<String> permissions, String ip, String referrer, String organizationKey,
                  String userAgent) {
        this(key, permissions, ip, referrer, organizationKey, userAgent, null);
    }

    /** The body, read by the rules above; the buffer's reader index is left where it was. */
    static VerifyRequest read(ByteBuf body) {
        int length = body.readableBytes();
        if (length == 0) {
            throw new IllegalArgumentException("a JSON body is required");
        }
        int start = body.readerIndex();
        if (!ByteBufUtil.isText(body, StandardCharsets.UTF_8) || body.indexOf(start, start + length, (byte) 0) >= 0
                || (length >= 3 && body.getUnsignedByte(start) == 0xEF && body.getUnsignedByte(start + 1) == 0xBB
                && body.getUnsignedByte(start + 2) == 0xBF)) {
            throw new IllegalArgumentException("the body must be UTF-8 JSON (no byte-order mark)");
        }
        byte[] bytes;
        int offset;
        if (body.hasArray()) {
            bytes = body.array();
            offset = body.arrayOffset() + start;
        } else {
            bytes = ByteBufUtil.getBytes(body, start, length, false);
            offset = 0;
        }
        return read(bytes, offset, length);
    }

    /** The same rules over an array (the Spring MVC stack); validity of the UTF-8 is checked by the caller. */
    static VerifyRequest read(byte[] bytes, int offset, int length) {
        try (JsonParser parser = JSON.createParser(bytes, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the body must be a JSON object");
            }
            String key = null, ip = null, referrer = null, organizationKey = null, userAgent = null, organizationId = null;
            Long cost = null;
            List<String> permissions = null;
            int seen = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String field = parser.currentName();
                int bit = switch (field) {
                    case "key" -> 1;
                    case "permissions" -> 2;
                    case "ip" -> 4;
                    case "referrer" -> 8;
                    case "organization_key" -> 16;
                    case "user_agent" -> 32;
                    case "organization_id" -> 64;
                    case "cost" -> 128;
                    default -> throw new IllegalArgumentException(field + ": unknown field");
                };
                if ((seen & bit) != 0) {
                    throw new IllegalArgumentException(field + ": given more than once");
                }
                seen |= bit;
                JsonToken value = parser.nextToken();
                switch (bit) {
                    case 1 -> key = string(parser, value, field, MAX_KEY_LENGTH);
                    case 2 -> permissions = strings(parser, value, field);
                    case 4 -> ip = string(parser, value, field, MAX_IP_LENGTH);
                    case 8 -> referrer = string(parser, value, field, MAX_REFERRER_LENGTH);
                    case 16 -> organizationKey = string(parser, value, field, MAX_KEY_LENGTH);
                    case 32 -> userAgent = string(parser, value, field, MAX_USER_AGENT_LENGTH);
                    case 64 -> organizationId = string(parser, value, field, MAX_ORGANIZATION_ID_LENGTH);
                    default -> cost = cost(parser, value, field);
                }
            }
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("the body must hold one JSON value (content after it)");
            }
            return new VerifyRequest(key, permissions, ip, referrer, organizationKey, userAgent, organizationId, cost);
        } catch (JsonProcessingException e) {
            // Jackson's message can quote the input: the answer names the place, not the text
            // (a limit of the parser, e.g. a 5000-digit number, has no location: found by HostileInputIT)
            throw new IllegalArgumentException(e.getLocation() == null ? "malformed JSON"
                    : "malformed JSON at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable body");
        }
    }

    /** {@code cost}: an integer 1–{@link io.keyledger.validator.verify.VerifyInput#MAX_COST}, no coercion. */
    private static Long cost(JsonParser parser, JsonToken value, String field) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        long max = io.keyledger.validator.verify.VerifyInput.MAX_COST;
        if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                || parser.getLongValue() < 1 || parser.getLongValue() > max) {
            throw new IllegalArgumentException(field + ": must be an integer 1–" + max);
        }
        return parser.getLongValue();
    }

    private static String string(JsonParser parser, JsonToken value, String field, int maxLength) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException(field + ": must be a string");
        }
        String text = parser.getText();
        if (text.length() > maxLength) {
            throw new IllegalArgumentException(field + ": longer than " + maxLength + " characters");
        }
        return text;
    }

    private static List<String> strings(JsonParser parser, JsonToken value, String field) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException(field + ": must be an array of strings");
        }
        List<String> out = new ArrayList<>(4);
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException(field + ": must be an array of strings");
            }
            if (out.size() == MAX_PERMISSIONS) {
                throw new IllegalArgumentException(field + ": more than " + MAX_PERMISSIONS + " entries");
            }
            out.add(parser.getText());
        }
        return out;
    }
}
