package org.metersync.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.application.TenantBatchSizes;
import org.metersync.application.port.TenantCache;
import org.metersync.application.port.UnknownTenantException;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.TenantId;

class CaffeineTenantCacheTest {

  private static final AtomicInteger TENANTS = new AtomicInteger();
  @MigratedDatabase static TestDatabase db;
  private static TestData data;
  private final AtomicLong nanos = new AtomicLong();
  private JooqSyncDatabase database;
  private CaffeineTenantCache cache;
  private TenantId tenant;

  @BeforeAll
  static void createDatabase() {
    data = new TestData(db);
  }

  @BeforeEach
  void newTenant() {
    database = JooqSyncDatabase.create(db.dataSource(), new StatementCounter());
    cache = new CaffeineTenantCache(database, 100, Duration.ofMinutes(10), nanos::get);
    tenant = TenantId.of("c" + TENANTS.incrementAndGet());
    data.tenant(tenant.value(), 3000, 300);
  }

  @Test
  void getTenant_firstThenAgain_loadsFromDatabaseThenServesFromCache() {
    TenantCache.Lookup first = cache.getTenant(tenant);
    TenantCache.Lookup second = cache.getTenant(tenant);

    assertEquals(TenantCache.Source.DATABASE, first.source());
    assertEquals(TenantCache.Source.CACHE, second.source());
    assertEquals(new BatchSizes(3000, 300), second.tenant().sizes());
  }

  @Test
  void getTenant_invalidStoredSizes_sourceIsDefaults() {
    db.execute(
        "UPDATE tenant SET download_batch_size = 10001, upload_batch_size = -1 WHERE tenant_id = '"
            + tenant
            + "'");

    TenantCache.Lookup lookup = cache.getTenant(tenant);

    assertEquals(TenantCache.Source.DEFAULTS, lookup.source());
    assertEquals(BatchSizes.DEFAULTS, lookup.tenant().sizes());
    assertEquals(2, lookup.tenant().batchSizes().problems().size());
  }

  @Test
  void getTenant_unknownTenant_throws() {
    assertThrows(UnknownTenantException.class, () -> cache.getTenant(TenantId.of("ghost")));
  }

  @Test
  void getTenant_changedByPlainSqlAfterExpiry_readsNewSizes() {
    cache.getTenant(tenant);
    db.execute("UPDATE tenant SET upload_batch_size = 42 WHERE tenant_id = '" + tenant + "'");
    assertEquals(300, cache.getTenant(tenant).tenant().sizes().upload());

    nanos.addAndGet(TimeUnit.MINUTES.toNanos(11));

    assertEquals(42, cache.getTenant(tenant).tenant().sizes().upload());
  }

  @Test
  void setBatchSizes_throughApplication_invalidatesAtOnce() {
    cache.getTenant(tenant);

    new TenantBatchSizes(database, cache).set(tenant, 5000, 700);

    TenantCache.Lookup lookup = cache.getTenant(tenant);
    assertEquals(TenantCache.Source.DATABASE, lookup.source());
    assertEquals(new BatchSizes(5000, 700), lookup.tenant().sizes());
  }

  @Test
  void setBatchSizes_outOfRange_throwsNamingTheSizeAndWritesNothing() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TenantBatchSizes(database, cache).set(tenant, 10001, 100));

    assertEquals("download_batch_size must be between 1 and 10000, was 10001", e.getMessage());
    assertEquals("3000/300", data.queryString(sizesOf(tenant)));
  }

  @Test
  void changeByAnotherProcess_notified_invalidatesWithoutExpiry() throws InterruptedException {
    try (TenantChangeListener listener =
        new TenantChangeListener(db.dataSource(), cache, Duration.ofMillis(100)).start()) {
      await(listener::isListening);
      assertEquals(300, cache.getTenant(tenant).tenant().sizes().upload());

      db.execute("UPDATE tenant SET upload_batch_size = 77 WHERE tenant_id = '" + tenant + "'");

      await(() -> cache.getTenant(tenant).tenant().sizes().upload() == 77);
      assertEquals(77, cache.getTenant(tenant).tenant().sizes().upload());
    }
  }

  @Test
  void tenantInsertedOrDisabledByAnotherProcess_observersTold() throws InterruptedException {
    java.util.concurrent.atomic.AtomicInteger told =
        new java.util.concurrent.atomic.AtomicInteger();
    try (TenantChangeListener listener =
        new TenantChangeListener(db.dataSource(), cache, Duration.ofMillis(100))
            .onChange(told::incrementAndGet)
            .start()) {
      await(listener::isListening);
      await(() -> told.get() >= 1);
      int afterConnect = told.get();

      db.execute("UPDATE tenant SET enabled = false WHERE tenant_id = '" + tenant + "'");

      await(() -> told.get() > afterConnect);
      assertFalse(cache.getTenant(tenant).tenant().enabled());
    }
  }

  private static String sizesOf(TenantId tenantId) {
    return "SELECT download_batch_size || '/' || upload_batch_size FROM tenant WHERE tenant_id = '"
        + tenantId
        + "'";
  }

  /** Waits for an asynchronous event; the bound only keeps a broken build from hanging. */
  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not reached within 30 s");
      Thread.sleep(20);
    }
  }
}
