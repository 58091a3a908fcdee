package org.metersync.adapters.http;

import org.metersync.application.port.ClientSystemApi;

/** Makes the {@link ClientSystemApi} of one kind of client system for a tenant. */
public interface ClientSystemFactory {

  /** The kind this factory makes, as named in a tenant's configuration. */
  String kind();

  /**
   * Makes the client system of one tenant.
   *
   * @throws IllegalArgumentException if the settings are not usable, naming the tenant
   */
  ClientSystemApi create(ClientSystemSettings settings);
}
