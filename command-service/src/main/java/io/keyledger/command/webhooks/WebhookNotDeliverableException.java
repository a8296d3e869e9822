package io.keyledger.command.webhooks;

import io.keyledger.command.keys.KeyLifecycleException;

/** A rule of the endpoint's life forbids the call (disabled, the organization's limit): 409. */
class WebhookNotDeliverableException extends KeyLifecycleException {

    WebhookNotDeliverableException(String message) {
        super(message);
    }
}
