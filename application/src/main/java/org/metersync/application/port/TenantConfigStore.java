package org.metersync.application.port;

import java.util.Optional;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.TenantId;

/** A tenant's row as the tenant cache loads it and operators change its batch sizes. */
public interface TenantConfigStore {

  /** The tenant's row, or empty if there is none. */
  Optional<Tenant> findTenant(TenantId tenantId);

  /**
   * The batch sizes as stored (seed: {@code getTenantBatchConfig}).
   *
   * @throws UnknownTenantException if there is no such tenant
   */
  TenantBatchConfig getTenantBatchConfig(TenantId tenantId);

  /**
   * Stores new batch sizes for a tenant.
   *
   * @throws UnknownTenantException if there is no such tenant
   */
  void updateBatchSizes(TenantId tenantId, BatchSizes sizes);
}
