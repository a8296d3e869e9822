/**
 * Key requests (API.md, "Key requests and approval"; DESIGN §9): a key is asked for, approved or
 * denied by another key ("four eyes"), or expires unanswered after 7 days; an approved request is
 * claimed once by its requester, and only then is the key generated. No message here holds a
 * secret: the key's value exists only in the answer to the claim.
 */
package io.keyledger.api.requests;
