package org.metersync.application.port;

import static java.util.Objects.requireNonNull;

import org.metersync.domain.TenantId;

/** The tenant cache: tenants with their batch sizes, loaded from the sync database. */
public interface TenantCache {

  /**
   * The tenant with its batch sizes, from the cache or loaded now.
   *
   * @throws UnknownTenantException if the sync database has no such tenant
   */
  Lookup getTenant(TenantId tenantId);

  /** Forgets the tenant so that its next lookup reads the database. */
  void invalidate(TenantId tenantId);

  /** Forgets every tenant, such as after a gap in change notifications. */
  void invalidateAll();

  /** Where a lookup's batch sizes came from. */
  enum Source {
    /** Served from memory, loaded earlier from the database. */
    CACHE,
    /** Read from the tenant table just now. */
    DATABASE,
    /** The stored values were missing or invalid; the defaults are used. */
    DEFAULTS
  }

  /** A tenant and where its batch sizes came from. */
  record Lookup(Tenant tenant, Source source) {
    public Lookup {
      requireNonNull(tenant, "tenant");
      requireNonNull(source, "source");
    }
  }
}
