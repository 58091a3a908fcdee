package org.metersync.application;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.metersync.application.port.CycleHistory;
import org.metersync.application.port.LeaseLostException;
import org.metersync.application.port.TenantLeases;
import org.metersync.domain.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tenants' cycles, each tenant by one worker at a time (across instances too: its lease), and
 * keeps their outcomes for operators.
 */
public final class TenantCycles {

  private static final Logger log = LoggerFactory.getLogger(TenantCycles.class);

  private final TenantLeases leases;
  private final CycleHistory history;

  public TenantCycles(TenantLeases leases, CycleHistory history) {
    this.leases = requireNonNull(leases, "leases");
    this.history = requireNonNull(history, "history");
  }

  /**
   * Runs the cycle holding its tenant's lease; empty if another worker holds the lease, or if the
   * lease was lost during the cycle (which then stopped before its next client-system call or
   * write, and another worker carries on).
   */
  public Optional<CycleReport> runLocked(TenantSyncCycle cycle, StopSignal stop) {
    try (LogContext.Scope tenant = LogContext.tenant(cycle.tenantId())) {
      Optional<TenantLeases.Lease> lease = leases.tryTake(cycle.tenantId());
      if (lease.isEmpty()) {
        return Optional.empty();
      }
      try (TenantLeases.Lease held = lease.get()) {
        return Optional.of(cycle.run(stop, held));
      } catch (LeaseLostException e) {
        log.warn(
            "tenant={} cycle stopped before its next client-system call and mark: {}",
            cycle.tenantId(),
            e.getMessage());
        return Optional.empty();
      }
    }
  }

  /** Stores the outcome of a tenant's cycle, replacing the one before. */
  public void record(TenantId tenantId, CycleHistory.CycleRecord cycle) {
    history.recordCycle(tenantId, cycle);
  }
}
