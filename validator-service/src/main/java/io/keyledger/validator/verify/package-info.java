/**
 * The checks (format → exists → status → IP → referrer → permission → rate limit) and the
 * credentials. A key of another organization than the one the caller requires
 * ({@code VerifyInput.requiredOrganizationId}), or revoked or expired longer ago than the hot
 * set's retention, does not exist: NOT_FOUND, with no key id. Choices made where API.md is
 * silent: a user key of another organization in the dual scheme answers NOT_FOUND (401); the
 * client IP follows the trusted-proxy rule of DESIGN §8 ({@code Credentials#clientIp}); an
 * unknown organization's keys get the Free plan's limits until its registration event arrives.
 */
package io.keyledger.validator.verify;
