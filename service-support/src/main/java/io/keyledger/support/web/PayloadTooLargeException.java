package io.keyledger.support.web;

/** A request body went over {@code keyledger.http.max-body-size}: 413. */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(long limit) {
        super("request body is larger than " + limit + " bytes");
    }
}
