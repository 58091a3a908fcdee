package org.metersync.adapters.http;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import org.metersync.domain.TenantId;

/**
 * What a tenant's configuration says about its client system.
 *
 * @param tenantId the tenant
 * @param kind the adapter kind, such as {@code reference-rest} or {@code sensorthings}
 * @param baseUrl the client system's base URL
 * @param credential a reference to the secret ({@code env:NAME} or {@code file:/path}), never the
 *     secret itself; empty where the client system needs none
 * @param options kind-specific settings; see each kind's factory for its keys
 */
public record ClientSystemSettings(
    TenantId tenantId,
    String kind,
    String baseUrl,
    Optional<String> credential,
    Map<String, String> options) {

  public ClientSystemSettings {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(kind, "kind");
    requireNonNull(baseUrl, "baseUrl");
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
        + ", baseUrl="
        + baseUrl
        + ", credential="
        + credential
        + ", options="
        + options
        + "]";
  }
}
