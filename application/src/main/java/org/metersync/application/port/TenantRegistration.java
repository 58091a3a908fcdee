package org.metersync.application.port;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.TenantId;

/**
 * A tenant as configured by an operator. Registering it creates the tenant, or updates its name and
 * client system; batch sizes apply only when the tenant is created, so that a later change made
 * with {@code tenant set-batch-sizes} survives restarts.
 */
public record TenantRegistration(
    TenantId id,
    String name,
    String clientSystemKind,
    String clientSystemUrl,
    Optional<BatchSizes> initialBatchSizes) {

  public TenantRegistration {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(clientSystemKind, "clientSystemKind");
    requireNonNull(clientSystemUrl, "clientSystemUrl");
    requireNonNull(initialBatchSizes, "initialBatchSizes");
  }
}
