package org.metersync.spi;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import org.metersync.domain.TenantId;

/**
 * What a tenant's configuration says about its client system.
 *
 * @param tenantId the tenant
 * @param kind the kind of client system, such as {@code reference-rest} or {@code sensorthings}
 * @param endpoint where the client system is, in the form its kind understands: a base URL for the
 *     HTTP kinds, a directory, a queue name, …
 * @param credential a reference to the secret ({@code env:NAME} or {@code file:/path}), never the
 *     secret itself; empty where the client system needs none
 * @param options kind-specific settings; see each kind's factory for its keys
 */
public record ClientSystemSettings(
    TenantId tenantId,
    String kind,
    String endpoint,
    Optional<String> credential,
    Map<String, String> options) {

  public ClientSystemSettings {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(kind, "kind");
    requireNonNull(endpoint, "endpoint");
    requireNonNull(credential, "credential");
    options = Map.copyOf(requireNonNull(options, "options"));
  }

  /** An option's value, or {@code fallback} if it is not set. */
  public String option(String key, String fallback) {
    return options.getOrDefault(key, fallback);
  }

  @Override
  public String toString() {
    return "ClientSystemSettings[tenantId="
        + tenantId
        + ", kind="
        + kind
        + ", endpoint="
        + endpoint
        + ", credential="
        + credential
        + ", options="
        + options
        + "]";
  }
}
