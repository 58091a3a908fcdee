package org.metersync.application.port;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.metersync.domain.CycleOutcome;
import org.metersync.domain.TenantId;

/** Where the sync loop keeps each tenant's last cycle, for operators. */
public interface CycleHistory {

  /**
   * Stores the outcome of a tenant's cycle, replacing the one before; a successful upload or
   * download time it does not have keeps the one stored.
   */
  void recordCycle(TenantId tenantId, CycleRecord cycle);

  /**
   * The outcome of one cycle.
   *
   * @param outcome {@link CycleOutcome#OK} or {@link CycleOutcome#FAILED}: a cycle that ran
   * @param lastSuccessfulUpload when an upload pass last finished without a failure: this cycle's
   *     time if its did, else (recording) none, or (read back) the one stored
   * @param lastSuccessfulDownload likewise for the download pass
   */
  record CycleRecord(
      Instant at,
      CycleOutcome outcome,
      Optional<String> error,
      long uploaded,
      long downloaded,
      int consecutiveFailures,
      Optional<Instant> lastSuccessfulUpload,
      Optional<Instant> lastSuccessfulDownload) {

    public CycleRecord {
      if (outcome != CycleOutcome.OK && outcome != CycleOutcome.FAILED) {
        throw new IllegalArgumentException("a recorded cycle is ok or failed, was " + outcome);
      }
      requireNonNull(lastSuccessfulUpload, "lastSuccessfulUpload");
      requireNonNull(lastSuccessfulDownload, "lastSuccessfulDownload");
    }

    /** A cycle whose passes' success is not recorded. */
    public CycleRecord(
        Instant at,
        CycleOutcome outcome,
        Optional<String> error,
        long uploaded,
        long downloaded,
        int consecutiveFailures) {
      this(
          at,
          outcome,
          error,
          uploaded,
          downloaded,
          consecutiveFailures,
          Optional.empty(),
          Optional.empty());
    }
  }
}
