package org.metersync.application;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.metersync.domain.SystematicRejection;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadOutcome;

/** Told after every batch; for progress display, metrics and health. */
@FunctionalInterface
public interface BatchListener {

  BatchListener NONE = (tenantId, operation, batchNumber, readings) -> {};

  /**
   * @param batchNumber the batch's number within this cycle, from 1
   */
  void batchDone(TenantId tenantId, BatchOperation operation, int batchNumber, int readings);

  /**
   * Told after an upload batch is marked, before its {@link #batchDone}: what became of its
   * readings, and whether the client system turned it down for one reason.
   */
  default void uploadDecided(
      TenantId tenantId,
      int batchNumber,
      UploadOutcome outcome,
      Optional<SystematicRejection> rejection) {}

  /** A listener that tells each of {@code listeners} everything, in this order. */
  static BatchListener all(BatchListener... listeners) {
    List<BatchListener> each = List.of(listeners);
    return new BatchListener() {
      @Override
      public void batchDone(
          TenantId tenantId, BatchOperation operation, int batchNumber, int readings) {
        each.forEach(l -> l.batchDone(tenantId, operation, batchNumber, readings));
      }

      @Override
      public void uploadDecided(
          TenantId tenantId,
          int batchNumber,
          UploadOutcome outcome,
          Optional<SystematicRejection> rejection) {
        requireNonNull(rejection, "rejection");
        each.forEach(l -> l.uploadDecided(tenantId, batchNumber, outcome, rejection));
      }
    };
  }
}
