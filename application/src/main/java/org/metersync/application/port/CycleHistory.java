package org.metersync.application.port;

import java.time.Instant;
import java.util.Optional;
import org.metersync.domain.TenantId;

/** Where the sync loop keeps each tenant's last cycle, for operators. */
public interface CycleHistory {

  /** Stores the outcome of a tenant's cycle, replacing the one before. */
  void recordCycle(TenantId tenantId, CycleRecord cycle);

  /** The outcome of one cycle. */
  record CycleRecord(
      Instant at,
      boolean succeeded,
      Optional<String> error,
      long uploaded,
      long downloaded,
      int consecutiveFailures) {}
}
