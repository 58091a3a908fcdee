package org.metersync.application.port;

import org.metersync.domain.TenantId;

/** Switches a tenant's sync on and off; its data stays either way. */
public interface TenantEnablement {

  /**
   * Enables or disables the tenant.
   *
   * @return whether this changed it (false if it already was so)
   * @throws UnknownTenantException if there is no such tenant
   */
  boolean setEnabled(TenantId tenantId, boolean enabled);
}
