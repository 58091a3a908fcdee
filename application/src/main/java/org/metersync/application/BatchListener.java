package org.metersync.application;

import org.metersync.domain.TenantId;

/** Told after every batch; for progress display and metrics. */
@FunctionalInterface
public interface BatchListener {

  BatchListener NONE = (tenantId, operation, batchNumber, readings) -> {};

  /**
   * @param batchNumber the batch's number within this cycle, from 1
   */
  void batchDone(TenantId tenantId, BatchOperation operation, int batchNumber, int readings);
}
