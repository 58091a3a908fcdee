package org.metersync.bootstrap.plugins;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeSet;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemFactory;
import org.metersync.spi.ClientSystemSettings;

/** Picks the factory for a tenant's kind of client system. */
public final class ClientSystemRegistry {

  private final Map<String, ClientSystemFactory> factories;

  /** {@code factories} by kind, as {@link ClientSystemKinds} found them. */
  public ClientSystemRegistry(Map<String, ClientSystemFactory> factories) {
    this.factories = Map.copyOf(requireNonNull(factories, "factories"));
    this.factories.forEach(
        (kind, factory) -> {
          if (!kind.equals(factory.kind())) {
            throw new IllegalArgumentException(
                "factory registered as '" + kind + "' makes kind '" + factory.kind() + "'");
          }
        });
  }

  /** Makes the tenant's client system; an unknown kind fails, naming the known ones. */
  public ClientSystemApi create(ClientSystemSettings settings) {
    requireNonNull(settings, "settings");
    ClientSystemFactory factory = factories.get(settings.kind());
    if (factory == null) {
      throw new IllegalArgumentException(
          "tenant "
              + settings.tenantId()
              + ": unknown client system kind '"
              + settings.kind()
              + "'; known kinds: "
              + String.join(", ", new TreeSet<>(factories.keySet())));
    }
    return factory.create(settings);
  }
}
