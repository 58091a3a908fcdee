package org.metersync.application.port;

import java.util.Optional;
import org.metersync.domain.TenantId;

/**
 * Makes sure one tenant is synced by one worker at a time, also across service instances sharing
 * one sync database. A lock whose holder dies is released.
 */
public interface TenantLocks {

  /** Takes the tenant's lock if no one holds it; empty if someone does. */
  Optional<Lease> tryLock(TenantId tenantId);

  /** A held lock; closing it releases the lock. */
  interface Lease extends AutoCloseable {
    @Override
    void close();
  }
}
