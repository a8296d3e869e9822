package io.keyledger.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The handler (or every handler of the controller) needs a valid API key, verified by keyledger,
 * with {@code permission} when given. A method's annotation wins over its class's.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresApiKey {

    /** The permission the key needs, e.g. {@code "tasks:read"}; empty: any valid key. */
    String permission() default "";
}
