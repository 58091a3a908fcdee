package org.metersync.application.port;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.TenantId;

/**
 * A tenant as the sync needs it: which client system it uses, its resolved batch sizes and whether
 * it is synced at all.
 *
 * @param clientSystemKind the adapter kind, such as {@code reference-rest} or {@code sensorthings}
 * @param clientSystemUrl the client system's base URL, or null where it is configured elsewhere
 * @param clientSystemCredential a reference to the client system's secret ({@code env:NAME} or
 *     {@code file:/path}), or null where there is none or it is configured elsewhere
 * @param enabled false for a tenant an operator disabled: its data is kept, it is not synced
 */
public record Tenant(
    TenantId id,
    String name,
    String clientSystemKind,
    String clientSystemUrl,
    BatchSizes.Resolution batchSizes,
    String clientSystemCredential,
    boolean enabled) {

  public Tenant {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(clientSystemKind, "clientSystemKind");
    requireNonNull(batchSizes, "batchSizes");
  }

  /** An enabled tenant without a stored credential reference. */
  public Tenant(
      TenantId id,
      String name,
      String clientSystemKind,
      String clientSystemUrl,
      BatchSizes.Resolution batchSizes) {
    this(id, name, clientSystemKind, clientSystemUrl, batchSizes, null, true);
  }

  public BatchSizes sizes() {
    return batchSizes.sizes();
  }

  /** The stored credential reference, if any. */
  public Optional<String> credential() {
    return Optional.ofNullable(clientSystemCredential);
  }
}
