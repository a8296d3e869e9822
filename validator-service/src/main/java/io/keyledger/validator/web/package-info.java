/**
 * HTTP for the verification endpoints: {@code NettyHotPathServer} (default) or Spring MVC
 * ({@code keyledger.validator.http.stack=spring}); both answer the same way.
 */
package io.keyledger.validator.web;
