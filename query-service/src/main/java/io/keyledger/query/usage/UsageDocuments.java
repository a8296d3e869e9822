package io.keyledger.query.usage;

/** Field names of the {@value #COLLECTION} collection: one document per scope, subject, interval and window. */
final class UsageDocuments {

    static final String COLLECTION = "usage";
    static final String SCOPE = "scope";
    static final String SUBJECT = "subject";
    static final String INTERVAL = "interval";
    static final String START = "start";
    static final String END = "end";
    static final String REQUESTS = "requests";
    static final String ALLOWED = "allowed";
    static final String DENIED = "denied";
    static final String BY_CODE = "byCode";
    static final String LAST_AT = "lastAt";

    private UsageDocuments() {
    }
}
