package org.metersync.bootstrap.loop;

import static java.util.Objects.requireNonNull;

import org.metersync.application.TenantSyncCycle;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;

/** What the loop needs to sync one tenant: its client system and its cycle. */
public record TenantSync(TenantId id, ClientSystemApi clientSystem, TenantSyncCycle cycle) {
  public TenantSync {
    requireNonNull(id, "id");
    requireNonNull(clientSystem, "clientSystem");
    requireNonNull(cycle, "cycle");
  }
}
