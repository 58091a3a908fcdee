package org.metersync.application.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.metersync.application.port.TenantCache;
import org.metersync.application.port.UnknownTenantException;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.TenantId;

class InMemoryTenantCacheTest {

  private static final TenantId T = TenantId.of("t");

  private final InMemorySyncDatabase db = new InMemorySyncDatabase();

  @Test
  void getTenant_firstLookup_loadsFromDatabase() {
    db.addTenant(T, 500, 50);
    InMemoryTenantCache cache = new InMemoryTenantCache(db);

    TenantCache.Lookup lookup = cache.getTenant(T);

    assertEquals(TenantCache.Source.DATABASE, lookup.source());
    assertEquals(new BatchSizes(500, 50), lookup.tenant().sizes());
  }

  @Test
  void getTenant_secondLookup_servedFromCache() {
    db.addTenant(T, 500, 50);
    InMemoryTenantCache cache = new InMemoryTenantCache(db);
    cache.getTenant(T);
    db.setStoredBatchSizes(T, 600, 60);

    TenantCache.Lookup lookup = cache.getTenant(T);

    assertEquals(TenantCache.Source.CACHE, lookup.source());
    assertEquals(new BatchSizes(500, 50), lookup.tenant().sizes());
    assertEquals(1, cache.loads());
  }

  @Test
  void getTenant_afterInvalidate_reloads() {
    db.addTenant(T, 500, 50);
    InMemoryTenantCache cache = new InMemoryTenantCache(db);
    cache.getTenant(T);
    db.setStoredBatchSizes(T, 600, 60);

    cache.invalidate(T);

    assertEquals(new BatchSizes(600, 60), cache.getTenant(T).tenant().sizes());
    assertEquals(List.of(T), cache.invalidations());
  }

  @Test
  void getTenant_missingOrInvalidStored_sourceIsDefaults() {
    db.addTenant(T, null, 0);

    TenantCache.Lookup lookup = new InMemoryTenantCache(db).getTenant(T);

    assertEquals(TenantCache.Source.DEFAULTS, lookup.source());
    assertEquals(BatchSizes.DEFAULTS, lookup.tenant().sizes());
  }

  @Test
  void getTenant_unknown_throwsUnknownTenant() {
    InMemoryTenantCache cache = new InMemoryTenantCache(db);

    UnknownTenantException e = assertThrows(UnknownTenantException.class, () -> cache.getTenant(T));

    assertEquals(T, e.tenantId());
  }

  @Test
  void readThrough_everyLookupReadsDatabase() {
    db.addTenant(T, 500, 50);
    InMemoryTenantCache cache = InMemoryTenantCache.readThrough(db);
    cache.getTenant(T);
    db.setStoredBatchSizes(T, 600, 60);

    TenantCache.Lookup lookup = cache.getTenant(T);

    assertEquals(TenantCache.Source.DATABASE, lookup.source());
    assertEquals(new BatchSizes(600, 60), lookup.tenant().sizes());
    assertEquals(2, cache.loads());
  }
}
