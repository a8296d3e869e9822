/** API keys: lifecycle events, commands, value types, the key format and permission syntax. */
package io.keyledger.api.keys;
