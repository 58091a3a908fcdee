package org.metersync.application.port;

import static java.util.Objects.requireNonNull;

import org.metersync.domain.BatchSizes;
import org.metersync.domain.TenantId;

/**
 * A tenant as the sync needs it: which client system it uses and its resolved batch sizes.
 *
 * @param clientSystemKind the adapter kind, such as {@code reference-rest} or {@code sensorthings}
 * @param clientSystemUrl the client system's base URL, or null where it is configured elsewhere
 */
public record Tenant(
    TenantId id,
    String name,
    String clientSystemKind,
    String clientSystemUrl,
    BatchSizes.Resolution batchSizes) {

  public Tenant {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(clientSystemKind, "clientSystemKind");
    requireNonNull(batchSizes, "batchSizes");
  }

  public BatchSizes sizes() {
    return batchSizes.sizes();
  }
}
