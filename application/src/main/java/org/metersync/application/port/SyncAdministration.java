package org.metersync.application.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.CycleOutcome;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;

/** What operators see and do: the state of each tenant, and failed readings. */
public interface SyncAdministration {

  /** Every tenant with its backlog counts and last cycle, ordered by id. */
  List<TenantOverview> tenantOverview();

  /** The failed readings, oldest first, of one tenant or all; at most {@code limit}. */
  List<FailedReading> failedReadings(Optional<TenantId> tenantId, int limit);

  /**
   * Makes failed readings pending again with their attempts reset, so the next cycle uploads them.
   *
   * @param readingIds the readings to re-queue, or empty for all of the tenant's failed readings
   * @return how many were re-queued
   */
  int requeueFailed(TenantId tenantId, Optional<List<ReadingId>> readingIds);

  /**
   * Forgets where the tenant's downloads stand, so the next download starts from the client
   * system's beginning; readings already stored are not inserted again.
   *
   * @return whether there was a cursor to forget
   */
  boolean resetDownloadCursor(TenantId tenantId);

  /** Stores the outcome of a tenant's cycle. */
  void recordCycle(TenantId tenantId, CycleRecord cycle);

  /** A tenant's state for operators. */
  record TenantOverview(
      TenantId id,
      String name,
      String clientSystemKind,
      BatchSizes.Resolution batchSizes,
      long pending,
      long failed,
      long synchronizedCount,
      Optional<CycleRecord> lastCycle) {}

  /**
   * The outcome of one cycle.
   *
   * @param outcome {@link CycleOutcome#OK} or {@link CycleOutcome#FAILED}: a cycle that ran
   */
  record CycleRecord(
      Instant at,
      CycleOutcome outcome,
      Optional<String> error,
      long uploaded,
      long downloaded,
      int consecutiveFailures) {

    public CycleRecord {
      if (outcome != CycleOutcome.OK && outcome != CycleOutcome.FAILED) {
        throw new IllegalArgumentException("a recorded cycle is ok or failed, was " + outcome);
      }
    }
  }

  /** A reading that failed for good, with the client system's last reason. */
  record FailedReading(
      TenantId tenantId,
      ReadingId readingId,
      String meterId,
      Instant takenAt,
      int attempts,
      String lastError,
      Optional<Instant> lastAttemptAt) {}
}
