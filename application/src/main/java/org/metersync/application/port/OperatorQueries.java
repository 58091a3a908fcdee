package org.metersync.application.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;

/** What operators and the metrics see: the state of each tenant, and failed readings. */
public interface OperatorQueries {

  /** Every tenant with its backlog counts and last cycle, ordered by id. */
  List<TenantOverview> tenantOverview();

  /** The failed readings, oldest first, of one tenant or all; at most {@code limit}. */
  List<FailedReading> failedReadings(Optional<TenantId> tenantId, int limit);

  /** Pending and failed readings of each tenant that has any; cheap enough to poll. */
  Map<TenantId, Backlog> backlog();

  /** Every tenant's lag figures, ordered by id; cheap enough to poll. */
  List<TenantLag> lag();

  /** A tenant's state for operators. */
  record TenantOverview(
      TenantId id,
      String name,
      String clientSystemKind,
      BatchSizes.Resolution batchSizes,
      long pending,
      long failed,
      long synchronizedCount,
      Optional<CycleHistory.CycleRecord> lastCycle,
      boolean enabled,
      Duration oldestPendingAge) {}

  /** A reading that failed for good, with the client system's last reason. */
  record FailedReading(
      TenantId tenantId,
      ReadingId readingId,
      String meterId,
      Instant takenAt,
      int attempts,
      String lastError,
      Optional<Instant> lastAttemptAt) {}

  /** A tenant's readings waiting for upload and given up on. */
  record Backlog(long pending, long failed) {}

  /**
   * How far behind a tenant is.
   *
   * @param oldestPendingAge how long the oldest pending reading has waited in the sync database, on
   *     the database's clock (which stamped it); zero when nothing is pending
   * @param lastSuccessfulUpload when an upload pass last finished without a failure
   * @param lastSuccessfulDownload when a download pass last finished without a failure
   */
  record TenantLag(
      TenantId id,
      boolean enabled,
      Duration oldestPendingAge,
      Optional<Instant> lastSuccessfulUpload,
      Optional<Instant> lastSuccessfulDownload,
      Optional<Instant> lastCycleAt,
      int consecutiveFailures) {}
}
