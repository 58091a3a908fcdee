package org.metersync.application;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.metersync.domain.SystematicRejection;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadOutcome;

/**
 * Each tenant's latest systematic rejection in this process, for the health check: kept until a
 * later upload batch of the tenant goes through (is decided and not turned down for one reason).
 */
public final class UploadRejections implements BatchListener {

  /**
   * A tenant's latest systematic rejection.
   *
   * @param batchNumber the batch's number within its cycle
   * @param at when its batch was decided
   */
  public record Latest(SystematicRejection rejection, int batchNumber, Instant at) {
    public Latest {
      requireNonNull(rejection, "rejection");
      requireNonNull(at, "at");
    }
  }

  private final Clock clock;
  private final ConcurrentMap<TenantId, Latest> latest = new ConcurrentHashMap<>();

  public UploadRejections(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public void batchDone(
      TenantId tenantId, BatchOperation operation, int batchNumber, int readings) {}

  @Override
  public void uploadDecided(
      TenantId tenantId,
      int batchNumber,
      UploadOutcome outcome,
      Optional<SystematicRejection> rejection) {
    requireNonNull(tenantId, "tenantId");
    if (rejection.isPresent()) {
      latest.put(tenantId, new Latest(rejection.get(), batchNumber, clock.instant()));
    } else if (outcome.size() > outcome.unchanged().size()) {
      latest.remove(tenantId);
    }
  }

  /** The tenant's latest systematic rejection, unless a later batch went through. */
  public Optional<Latest> latest(TenantId tenantId) {
    return Optional.ofNullable(latest.get(tenantId));
  }
}
