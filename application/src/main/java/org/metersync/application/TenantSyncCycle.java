package org.metersync.application;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.metersync.application.port.LeaseLostException;
import org.metersync.application.port.StatementStatistics;
import org.metersync.application.port.TenantLeases;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync cycle of one tenant: load batch sizes, upload, then download; logs one summary line. The
 * download runs even when the upload failed, so that a failing upload cannot hold back the readings
 * the client system has for the tenant; the report has both.
 */
public final class TenantSyncCycle {

  private static final Logger log = LoggerFactory.getLogger(TenantSyncCycle.class);

  private final TenantId tenantId;
  private final SyncManager syncManager;
  private final MeterReadingUploadManager uploadManager;
  private final StatementStatistics statements;
  private final Clock clock;
  private final AtomicLong cycles = new AtomicLong();

  public TenantSyncCycle(
      TenantId tenantId,
      SyncManager syncManager,
      MeterReadingUploadManager uploadManager,
      StatementStatistics statements,
      Clock clock) {
    this.tenantId = requireNonNull(tenantId, "tenantId");
    this.syncManager = requireNonNull(syncManager, "syncManager");
    this.uploadManager = requireNonNull(uploadManager, "uploadManager");
    this.statements = requireNonNull(statements, "statements");
    this.clock = requireNonNull(clock, "clock");
  }

  public TenantId tenantId() {
    return tenantId;
  }

  public CycleReport run() {
    return run(() -> false);
  }

  /** Runs a cycle with its tenant and number (from 1 in this process) in the log context. */
  public CycleReport run(StopSignal stop) {
    return run(stop, TenantLeases.Lease.unguarded(tenantId));
  }

  /**
   * Runs the cycle holding the tenant's {@code lease}, with its tenant and number (from 1 in this
   * process) in the log context; throws {@link LeaseLostException}.
   */
  public CycleReport run(StopSignal stop, TenantLeases.Lease lease) {
    try (LogContext.Scope scope = LogContext.cycle(tenantId, cycles.incrementAndGet())) {
      return runCycle(stop, lease);
    }
  }

  private CycleReport runCycle(StopSignal stop, TenantLeases.Lease lease) {
    long start = clock.millis();
    long statementsBefore = statements.statements(tenantId);
    BatchSizes sizes = syncManager.initialize();
    UploadReport upload = uploadManager.uploadReadings(sizes, stop, lease);
    DownloadReport download = null;
    if (!stop.stopRequested()) {
      download = syncManager.downloadReadings(stop, lease);
    }
    CycleReport report =
        new CycleReport(
            tenantId,
            sizes,
            syncManager.batchSizeSource(),
            upload,
            download,
            statements.statements(tenantId) - statementsBefore,
            Duration.ofMillis(clock.millis() - start));
    log.info(
        "tenant={} cycle {}: downloadBatchSize={} uploadBatchSize={} source={} batches={}"
            + " readings={} sqlStatements={} ms={}",
        tenantId,
        report.outcome().code(),
        sizes.download(),
        sizes.upload(),
        BatchSizeLog.source(report.batchSizeSource()),
        report.batches(),
        report.readings(),
        report.sqlStatements(),
        report.duration().toMillis());
    if (upload.failure().isPresent() && download != null) {
      log.info(
          "tenant={} upload failed, downloaded anyway: {} readings received, {} inserted{}",
          tenantId,
          download.received(),
          download.inserted(),
          download.failure().map(f -> "; download failed too: " + f.getMessage()).orElse(""));
    }
    return report;
  }
}
