package io.keyledger.command.webhooks;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;
import java.util.List;
import java.util.StringJoiner;

/**
 * The {@code webhook-signature} header per the Standard Webhooks specification, computed by its
 * reference library ({@code com.standardwebhooks:standardwebhooks}): {@code v1,<base64 HMAC-SHA256
 * of "<id>.<timestamp>.<body>">} keyed with the base64-decoded part of {@code whsec_…}; one
 * space-separated signature per secret (the new one first, the previous one during a rotation).
 */
final class Signer {

    private Signer() {
    }

    static String signatures(String messageId, long timestampSeconds, String body, List<String> secrets) {
        StringJoiner header = new StringJoiner(" ");
        for (String secret : secrets) {
            try {
                header.add(new Webhook(secret).sign(messageId, timestampSeconds, body));
            } catch (WebhookSigningException e) {
                // the library's message names nothing secret, but the header must not be sent half-signed
                throw new IllegalStateException("a webhook signature could not be computed");
            }
        }
        return header.toString();
    }
}
