package org.metersync.application.port;

import java.time.Instant;
import java.util.Optional;
import org.metersync.domain.CycleOutcome;
import org.metersync.domain.TenantId;

/** Where the sync loop keeps each tenant's last cycle, for operators. */
public interface CycleHistory {

  /** Stores the outcome of a tenant's cycle, replacing the one before. */
  void recordCycle(TenantId tenantId, CycleRecord cycle);

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
}
