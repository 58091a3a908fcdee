package org.metersync.application.port;

import java.util.Optional;
import org.metersync.domain.TenantId;

/**
 * Makes sure one tenant is synced by one worker at a time, also across service instances sharing
 * one sync database: a lease that expires unless renewed, so a holder that dies or is cut off from
 * the database loses it, and whose token fences the holder's writes.
 */
public interface TenantLeases {

  /** Takes the tenant's lease if no one holds it (or its holder let it expire); else empty. */
  Optional<Lease> tryTake(TenantId tenantId);

  /** A taken lease; closing it releases it. */
  interface Lease extends AutoCloseable {

    TenantId tenantId();

    /** What this lease's writes are fenced by. */
    Fence fence();

    /**
     * Extends the lease by its time to live; called before every client-system call.
     *
     * @throws LeaseLostException if the lease expired or another worker has taken it
     */
    void renew();

    @Override
    void close();

    /** A lease of a tenant no other worker syncs (the bench's own, a test's): never lost. */
    static Lease unguarded(TenantId tenantId) {
      return new Lease() {
        @Override
        public TenantId tenantId() {
          return tenantId;
        }

        @Override
        public Fence fence() {
          return Fence.none();
        }

        @Override
        public void renew() {}

        @Override
        public void close() {}
      };
    }
  }
}
