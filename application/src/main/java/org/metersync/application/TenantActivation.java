package org.metersync.application;

import static java.util.Objects.requireNonNull;

import org.metersync.application.port.TenantEnablement;
import org.metersync.domain.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disables a tenant (its data is kept, it is no longer synced) and enables it again. Running
 * services follow within one sync interval, at once where the change notification reaches them.
 */
public final class TenantActivation {

  private static final Logger log = LoggerFactory.getLogger(TenantActivation.class);

  private final TenantEnablement tenants;

  public TenantActivation(TenantEnablement tenants) {
    this.tenants = requireNonNull(tenants, "tenants");
  }

  /**
   * Stops syncing the tenant.
   *
   * @return whether it was enabled
   * @throws org.metersync.application.port.UnknownTenantException if there is no such tenant
   */
  public boolean disable(TenantId tenantId) {
    return set(tenantId, false);
  }

  /**
   * Syncs the tenant again.
   *
   * @return whether it was disabled
   * @throws org.metersync.application.port.UnknownTenantException if there is no such tenant
   */
  public boolean enable(TenantId tenantId) {
    return set(tenantId, true);
  }

  private boolean set(TenantId tenantId, boolean enabled) {
    boolean changed = tenants.setEnabled(tenantId, enabled);
    if (changed) {
      log.info("tenant={} {}", tenantId, enabled ? "enabled" : "disabled");
    }
    return changed;
  }
}
