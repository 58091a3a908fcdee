package org.metersync.application.port;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.TenantId;

/**
 * A tenant as configured by an operator. Registering it creates the tenant, or updates its name and
 * client system; batch sizes apply only when the tenant is created, so that a later change made
 * with {@code tenant set-batch-sizes} survives restarts. Whether the tenant is enabled is never
 * changed by registering it.
 *
 * @param credential a reference to the client system's secret ({@code env:NAME} or {@code
 *     file:/path}), stored so that other instances find it; never the secret itself
 */
public record TenantRegistration(
    TenantId id,
    String name,
    String clientSystemKind,
    String clientSystemUrl,
    Optional<BatchSizes> initialBatchSizes,
    Optional<String> credential) {

  public TenantRegistration {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(clientSystemKind, "clientSystemKind");
    requireNonNull(clientSystemUrl, "clientSystemUrl");
    requireNonNull(initialBatchSizes, "initialBatchSizes");
    requireNonNull(credential, "credential");
    // The value is not repeated: it may be a secret pasted where its reference belongs.
    if (credential.isPresent() && !isReference(credential.get())) {
      throw new IllegalArgumentException(
          "tenant " + id + ": a credential is stored as a reference 'env:NAME' or 'file:/path'");
    }
  }

  /** A tenant without a credential reference. */
  public TenantRegistration(
      TenantId id,
      String name,
      String clientSystemKind,
      String clientSystemUrl,
      Optional<BatchSizes> initialBatchSizes) {
    this(id, name, clientSystemKind, clientSystemUrl, initialBatchSizes, Optional.empty());
  }

  /** Whether {@code credential} has the form of a reference rather than of a secret. */
  public static boolean isReference(String credential) {
    return (credential.startsWith("env:") || credential.startsWith("file:"))
        && credential.indexOf(':') < credential.length() - 1;
  }
}
