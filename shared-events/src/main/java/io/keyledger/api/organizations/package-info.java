/** Organizations (tenants) and their plans. */
package io.keyledger.api.organizations;
