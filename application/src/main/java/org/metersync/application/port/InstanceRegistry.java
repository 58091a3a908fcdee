package org.metersync.application.port;

import java.util.Set;

/**
 * The service instances sharing one sync database, each registered until its registration expires
 * unless renewed: what the instances divide the tenants among. An instance that dies drops out when
 * its registration expires.
 */
public interface InstanceRegistry {

  /**
   * Registers this instance, or extends its registration, and returns the ids of the instances
   * registered now, this one included.
   *
   * @throws SyncDatabaseException if the sync database fails or cannot be reached
   */
  Set<String> renew();

  /** Ends this instance's registration, so the others take its tenants at their next renewal. */
  void leave();
}
