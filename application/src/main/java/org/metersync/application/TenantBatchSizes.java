package org.metersync.application;

import static java.util.Objects.requireNonNull;

import org.metersync.application.port.TenantCache;
import org.metersync.application.port.TenantConfigStore;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Changes a tenant's batch sizes; the change applies from the tenant's next cycle. */
public final class TenantBatchSizes {

  private static final Logger log = LoggerFactory.getLogger(TenantBatchSizes.class);

  private final TenantConfigStore tenants;
  private final TenantCache tenantCache;

  public TenantBatchSizes(TenantConfigStore tenants, TenantCache tenantCache) {
    this.tenants = requireNonNull(tenants, "tenants");
    this.tenantCache = requireNonNull(tenantCache, "tenantCache");
  }

  /**
   * Validates and stores the sizes, then invalidates the tenant in this process's cache (other
   * processes learn of it from the database).
   *
   * @throws IllegalArgumentException naming the size that is out of range; nothing is written
   */
  public BatchSizes set(TenantId tenantId, int download, int upload) {
    try (LogContext.Scope scope = LogContext.tenant(tenantId)) {
      BatchSizes sizes = new BatchSizes(download, upload);
      tenants.updateBatchSizes(tenantId, sizes);
      tenantCache.invalidate(tenantId);
      log.info(
          "tenant={} batch sizes set: downloadBatchSize={} uploadBatchSize={}",
          tenantId,
          download,
          upload);
      return sizes;
    }
  }
}
