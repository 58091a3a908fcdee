package org.metersync.application;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.metersync.application.port.CycleHistory;
import org.metersync.application.port.TenantLocks;
import org.metersync.domain.TenantId;

/**
 * Runs tenants' cycles, each tenant by one worker at a time (across instances too), and keeps their
 * outcomes for operators.
 */
public final class TenantCycles {

  private final TenantLocks locks;
  private final CycleHistory history;

  public TenantCycles(TenantLocks locks, CycleHistory history) {
    this.locks = requireNonNull(locks, "locks");
    this.history = requireNonNull(history, "history");
  }

  /** Runs the cycle holding its tenant's lock; empty if another worker holds the lock. */
  public Optional<CycleReport> runLocked(TenantSyncCycle cycle, StopSignal stop) {
    try (LogContext.Scope tenant = LogContext.tenant(cycle.tenantId())) {
      Optional<TenantLocks.Lease> lease = locks.tryLock(cycle.tenantId());
      if (lease.isEmpty()) {
        return Optional.empty();
      }
      try (TenantLocks.Lease held = lease.get()) {
        return Optional.of(cycle.run(stop));
      }
    }
  }

  /** Stores the outcome of a tenant's cycle, replacing the one before. */
  public void record(TenantId tenantId, CycleHistory.CycleRecord cycle) {
    history.recordCycle(tenantId, cycle);
  }
}
