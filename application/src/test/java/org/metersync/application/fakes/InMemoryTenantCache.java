package org.metersync.application.fakes;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.metersync.application.port.Tenant;
import org.metersync.application.port.TenantCache;
import org.metersync.application.port.TenantConfigStore;
import org.metersync.application.port.UnknownTenantException;
import org.metersync.domain.TenantId;

/**
 * A {@link TenantCache} over a {@link TenantConfigStore}: a miss loads the tenant with {@code
 * findTenant} (whose batch sizes are resolved by {@code BatchSizes.resolve}) and reports {@link
 * Source#DATABASE}, or {@link Source#DEFAULTS} if a stored value was missing or invalid; a hit
 * reports {@link Source#CACHE}. {@link #readThrough} makes one that never keeps anything.
 */
public final class InMemoryTenantCache implements TenantCache {

  private final TenantConfigStore database;
  private final boolean keeps;
  private final Map<TenantId, Tenant> tenants = new HashMap<>();
  private final List<TenantId> invalidations = new ArrayList<>();
  private int loads;

  /** A cache that keeps a tenant until it is invalidated. */
  public InMemoryTenantCache(TenantConfigStore database) {
    this(database, true);
  }

  private InMemoryTenantCache(TenantConfigStore database, boolean keeps) {
    this.database = requireNonNull(database, "database");
    this.keeps = keeps;
  }

  /** A "cache" that reads the database on every lookup, so that every change shows at once. */
  public static InMemoryTenantCache readThrough(TenantConfigStore database) {
    return new InMemoryTenantCache(database, false);
  }

  @Override
  public synchronized Lookup getTenant(TenantId tenantId) {
    Tenant cached = tenants.get(tenantId);
    if (cached != null) {
      return new Lookup(cached, Source.CACHE);
    }
    loads++;
    Tenant loaded =
        database.findTenant(tenantId).orElseThrow(() -> new UnknownTenantException(tenantId));
    if (keeps) {
      tenants.put(tenantId, loaded);
    }
    return new Lookup(
        loaded, loaded.batchSizes().usedDefaults() ? Source.DEFAULTS : Source.DATABASE);
  }

  @Override
  public synchronized void invalidate(TenantId tenantId) {
    invalidations.add(tenantId);
    tenants.remove(tenantId);
  }

  @Override
  public synchronized void invalidateAll() {
    tenants.clear();
  }

  /** How many lookups went to the database. */
  public synchronized int loads() {
    return loads;
  }

  /** Every tenant invalidated, in order. */
  public synchronized List<TenantId> invalidations() {
    return List.copyOf(invalidations);
  }
}
