package org.metersync.bootstrap.loop;

import static java.util.Objects.requireNonNull;

import org.metersync.application.TenantSyncCycle;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemSettings;

/**
 * What the loop needs to sync one tenant: the settings its client system was made from, it, and its
 * cycle.
 */
public record TenantSync(
    ClientSystemSettings settings, ClientSystemApi clientSystem, TenantSyncCycle cycle) {
  public TenantSync {
    requireNonNull(settings, "settings");
    requireNonNull(clientSystem, "clientSystem");
    requireNonNull(cycle, "cycle");
    if (!settings.tenantId().equals(cycle.tenantId())) {
      throw new IllegalArgumentException(
          "the cycle of tenant " + cycle.tenantId() + " for settings of " + settings.tenantId());
    }
  }

  public TenantId id() {
    return settings.tenantId();
  }
}
