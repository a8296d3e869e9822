package io.keyledger.command.webhooks;

import io.keyledger.command.keys.InvalidFieldException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The bounds of an endpoint's settings that the values alone decide (the target's addresses are
 * {@link TargetPolicy}'s): each refusal is a 400 naming the field.
 */
final class WebhookRules {

    static final int MAX_URL = 2048;
    static final int MAX_DESCRIPTION = 1000;
    static final int MAX_EVENTS = 50;

    private WebhookRules() {
    }

    /** An absolute http(s) URL with a host, no user info and no fragment, at most 2048 characters. */
    static URI requireShape(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidFieldException("url", "is required");
        }
        if (url.length() > MAX_URL) {
            throw new InvalidFieldException("url", "at most " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidFieldException("url", "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new InvalidFieldException("url", "must be an https (or, where the deployment allows it, http) URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidFieldException("url", "must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidFieldException("url", "must not carry user information");
        }
        if (uri.getRawFragment() != null) {
            throw new InvalidFieldException("url", "must not carry a fragment");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new InvalidFieldException("url", "has an invalid port");
        }
        return uri;
    }

    /** Known types or {@code "*"}, at least one, duplicates folded, order kept. */
    static List<String> events(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw new InvalidFieldException("events", "name at least one event type, or \"*\" for all");
        }
        if (events.size() > MAX_EVENTS) {
            throw new InvalidFieldException("events", "at most " + MAX_EVENTS + " types");
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (int i = 0; i < events.size(); i++) {
            String type = events.get(i);
            if (type == null || !(type.equals(WebhookEventTypes.ALL) || WebhookEventTypes.ACCEPTED.contains(type))) {
                throw new InvalidFieldException("events[" + i + "]", "unknown event type '" + printable(type)
                        + "'; known: " + WebhookEventTypes.ACCEPTED + " or \"*\"");
            }
            out.add(type);
        }
        return List.copyOf(out);
    }

    /** At most 1000 characters without control characters, or {@code null}. */
    static String description(String description) {
        if (description == null) {
            return null;
        }
        if (description.length() > MAX_DESCRIPTION) {
            throw new InvalidFieldException("description", "at most " + MAX_DESCRIPTION + " characters");
        }
        for (int i = 0; i < description.length(); i++) {
            char c = description.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\t' || c == '\u2028' || c == '\u2029') {
                throw new InvalidFieldException("description", "must not contain control characters");
            }
        }
        return description;
    }

    /** A refused value in a message: short and without control characters. */
    private static String printable(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(64).forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return value.length() > 64 ? out + "…" : out.toString();
    }

    static List<String> copy(List<String> list) {
        return list == null ? null : new ArrayList<>(list);
    }
}
