/**
 * The validators' side of credits (DESIGN §9): {@code POST /v1/credit-leases} takes a block of a
 * key's credits out of its balance, {@code POST /v1/credit-leases/{lease_id}/return} gives back
 * what was not spent. Both are commands on the key's aggregate ({@code keys.ApiKey}), which owns
 * the balance, the grant rule and the lease deadline; this package only checks the caller and the
 * inputs. The caller is a validator with its own service key holding {@code credits:lease} (a
 * platform permission: only a key that holds it can grant it, and it reaches every organization's
 * keys, as the validators serve every organization); {@code admin:*} may call it too.
 */
package io.keyledger.command.credits;
