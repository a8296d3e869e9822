package io.keyledger.command.webhooks;

import io.keyledger.support.web.NotFoundException;

/** An unknown webhook id, or one of another organization: 404. */
class WebhookNotFoundException extends NotFoundException {

    WebhookNotFoundException(String id) {
        super("no webhook endpoint '" + id + "'");
    }
}
