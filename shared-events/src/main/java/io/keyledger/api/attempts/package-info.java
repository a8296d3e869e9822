/** The {@code auth-attempts} topic's record and the verification codes it carries. */
package io.keyledger.api.attempts;
