/** One {@code auth-attempts} record per verification, published off the hot path. */
package io.keyledger.validator.attempts;
