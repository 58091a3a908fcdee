package org.metersync.application;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.metersync.application.port.ClientSystemApi;
import org.metersync.application.port.ClientSystemException;
import org.metersync.application.port.SyncDatabase;
import org.metersync.application.port.TenantCache;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.MeterReading;
import org.metersync.domain.PendingReading;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads a tenant's backlog to its client system, oldest first, one batch of at most {@code
 * upload_batch_size} at a time, and marks exactly the accepted readings synchronized.
 */
public final class MeterReadingUploadManager {

  private static final Logger log = LoggerFactory.getLogger(MeterReadingUploadManager.class);

  private final TenantId tenantId;
  private final TenantCache tenantCache;
  private final SyncDatabase database;
  private final ClientSystemApi clientSystem;
  private final int maxRetries;
  private final BatchListener listener;

  public MeterReadingUploadManager(
      TenantId tenantId,
      TenantCache tenantCache,
      SyncDatabase database,
      ClientSystemApi clientSystem,
      int maxRetries,
      BatchListener listener) {
    this.tenantId = requireNonNull(tenantId, "tenantId");
    this.tenantCache = requireNonNull(tenantCache, "tenantCache");
    this.database = requireNonNull(database, "database");
    this.clientSystem = requireNonNull(clientSystem, "clientSystem");
    if (maxRetries < 1) {
      throw new IllegalArgumentException("maxRetries must be at least 1, was " + maxRetries);
    }
    this.maxRetries = maxRetries;
    this.listener = requireNonNull(listener, "listener");
  }

  /**
   * Drains the backlog: each pending reading is tried at most once per pass, readings added during
   * the pass included. Stops at the first batch that fails as a whole, leaving its readings
   * untouched. Batch sizes come from the tenant cache.
   */
  public UploadReport uploadReadings() {
    return uploadReadings(() -> false);
  }

  /** As {@link #uploadReadings()}, stopping between batches once {@code stop} says so. */
  public UploadReport uploadReadings(StopSignal stop) {
    TenantCache.Lookup lookup = tenantCache.getTenant(tenantId);
    BatchSizeLog.problems(log, tenantId, lookup);
    return uploadReadings(lookup.tenant().sizes(), stop);
  }

  /** As {@link #uploadReadings(StopSignal)}, with sizes the caller already loaded this cycle. */
  public UploadReport uploadReadings(BatchSizes sizes, StopSignal stop) {
    int batchSize = sizes.upload();
    UploadReport.Builder report = new UploadReport.Builder(batchSize);
    long after = Long.MIN_VALUE;
    while (!stop.stopRequested()) {
      List<PendingReading> batch = database.getUnsynchronizedReadings(tenantId, after, batchSize);
      if (batch.isEmpty()) {
        break;
      }
      after = batch.get(batch.size() - 1).position();
      UploadOutcome outcome;
      try {
        outcome = UploadOutcome.decide(batch, clientSystem.upload(readingsOf(batch)), maxRetries);
      } catch (ClientSystemException e) {
        log.warn(
            "tenant={} upload of {} readings failed, statuses unchanged: {}",
            tenantId,
            batch.size(),
            e.getMessage());
        report.failure(e);
        break;
      }
      int marked =
          outcome.synchronize().isEmpty()
              ? 0
              : database.markReadingsAsSynchronized(outcome.synchronize(), tenantId);
      if (!outcome.retry().isEmpty() || !outcome.failed().isEmpty()) {
        database.recordUploadAttempts(tenantId, outcome.retry(), outcome.failed());
      }
      report.add(outcome, marked);
      listener.batchDone(tenantId, "upload", report.batches(), batch.size());
      log.info(
          "tenant={} upload batch {}: {} readings, {} marked synchronized, {} retried, {} failed",
          tenantId,
          report.batches(),
          batch.size(),
          marked,
          outcome.retry().size(),
          outcome.failed().size());
      if (batch.size() < batchSize) {
        break;
      }
    }
    return report.build();
  }

  private static List<MeterReading> readingsOf(List<PendingReading> batch) {
    return batch.stream().map(PendingReading::reading).toList();
  }
}
