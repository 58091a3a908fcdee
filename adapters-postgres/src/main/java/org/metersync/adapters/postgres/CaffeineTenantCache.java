package org.metersync.adapters.postgres;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import org.metersync.application.port.SyncDatabaseException;
import org.metersync.application.port.Tenant;
import org.metersync.application.port.TenantCache;
import org.metersync.application.port.TenantConfigStore;
import org.metersync.application.port.UnknownTenantException;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant cache on Caffeine, loading through the tenant table. Bounded in size; entries expire
 * after {@code expiry} as a safety net for a missed invalidation.
 */
public final class CaffeineTenantCache implements TenantCache {

  private static final Logger log = LoggerFactory.getLogger(CaffeineTenantCache.class);

  private final TenantConfigStore database;
  private final LoadingCache<TenantId, Tenant> cache;

  public CaffeineTenantCache(
      TenantConfigStore database, long maximumSize, Duration expiry, Ticker ticker) {
    this.database = requireNonNull(database, "database");
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(maximumSize)
            .expireAfterWrite(expiry)
            .ticker(ticker)
            .build(this::load);
  }

  public CaffeineTenantCache(TenantConfigStore database, long maximumSize, Duration expiry) {
    this(database, maximumSize, expiry, Ticker.systemTicker());
  }

  @Override
  public Lookup getTenant(TenantId tenantId) {
    Tenant cached = cache.getIfPresent(tenantId);
    if (cached != null) {
      return new Lookup(cached, sourceOf(cached, Source.CACHE));
    }
    try {
      Tenant loaded = cache.get(tenantId);
      return new Lookup(loaded, sourceOf(loaded, Source.DATABASE));
    } catch (SyncDatabaseException e) {
      // Seed: configuration that cannot be loaded falls back to the defaults, with a warning.
      log.warn(
          "tenant={} batch config could not be loaded, using defaults: {}",
          tenantId,
          e.getMessage());
      Tenant fallback =
          new Tenant(tenantId, tenantId.value(), "unknown", null, BatchSizes.resolve(null, null));
      return new Lookup(fallback, Source.DEFAULTS);
    }
  }

  @Override
  public void invalidate(TenantId tenantId) {
    cache.invalidate(tenantId);
  }

  @Override
  public void invalidateAll() {
    cache.invalidateAll();
  }

  private Tenant load(TenantId tenantId) {
    return database.findTenant(tenantId).orElseThrow(() -> new UnknownTenantException(tenantId));
  }

  private static Source sourceOf(Tenant tenant, Source stored) {
    return tenant.batchSizes().usedDefaults() ? Source.DEFAULTS : stored;
  }
}
