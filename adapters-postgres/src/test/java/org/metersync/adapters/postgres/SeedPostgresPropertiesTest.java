package org.metersync.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.application.BatchListener;
import org.metersync.application.MeterReadingUploadManager;
import org.metersync.application.SyncManager;
import org.metersync.application.UploadReport;
import org.metersync.application.fakes.FakeClientSystem;
import org.metersync.application.port.TenantBatchConfig;
import org.metersync.application.port.TenantCache;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.TenantId;

/** The seed's properties 1, 6 and 7, on a real PostgreSQL. */
class SeedPostgresPropertiesTest {

  private static final AtomicInteger TENANTS = new AtomicInteger();
  @MigratedDatabase static TestDatabase db;
  private static TestData data;
  private static StatementCounter counter;
  private static JooqSyncDatabase database;

  @BeforeAll
  static void createDatabase() {
    data = new TestData(db);
    counter = new StatementCounter();
    database = JooqSyncDatabase.create(db.dataSource(), counter);
  }

  private static TenantId newTenant(Integer download, Integer upload) {
    TenantId tenant = TenantId.of("p" + TENANTS.incrementAndGet());
    data.tenant(tenant.value(), download, upload);
    return tenant;
  }

  @Test
  @DisplayName("Property 1: batch size configuration persistence")
  void batchSizeConfigurationPersistence() {
    qt().withExamples(100)
        .forAll(integers().between(1, 10_000), integers().between(1, 10_000))
        .checkAssert(
            (download, upload) -> {
              TenantId tenant = newTenant(download, upload);

              assertEquals(
                  new TenantBatchConfig(download, upload), database.getTenantBatchConfig(tenant));
              assertEquals(
                  new BatchSizes(download, upload),
                  database.findTenant(tenant).orElseThrow().sizes());
            });
  }

  @Test
  @DisplayName("Property 6: sync status update atomicity")
  void syncStatusUpdateAtomicity() {
    qt().withExamples(100)
        .forAll(integers().between(1, 300), integers().between(0, 700))
        .checkAssert(
            (uploadBatchSize, backlog) -> {
              TenantId tenant = newTenant(null, uploadBatchSize);
              data.pendingReadings(tenant.value(), "r", backlog);
              FakeClientSystem client = new FakeClientSystem();
              long marksBefore = marks(tenant);

              UploadReport report = uploadManager(tenant, client, cache()).uploadReadings();

              int batches = client.uploadRequestSizes().size();
              assertEquals((backlog + uploadBatchSize - 1) / uploadBatchSize, batches);
              assertEquals(batches, report.batches());
              assertEquals(batches, marks(tenant) - marksBefore, "one UPDATE per batch");
              assertEquals(backlog, report.synchronizedCount());
              assertEquals("0/" + backlog + "/0", data.statusCounts(tenant.value()));
            });
  }

  @Test
  @DisplayName("Property 7: batch size configuration from tenant cache")
  void batchSizeConfigurationFromTenantCache() {
    CaffeineTenantCache cache = cache();
    qt().withExamples(100)
        .forAll(integers().between(1, 10_000), integers().between(1, 10_000))
        .checkAssert(
            (download, upload) -> {
              TenantId tenant = newTenant(download, upload);
              SyncManager syncManager =
                  new SyncManager(
                      tenant,
                      cache,
                      database,
                      new FakeClientSystem(),
                      FakeClientSystem.SOURCE,
                      BatchListener.NONE);

              BatchSizes first = syncManager.initialize();
              TenantCache.Source firstSource = syncManager.batchSizeSource();
              long readsAfterFirst = counter.statementsByOperation(tenant).get("tenant.read");
              BatchSizes second = syncManager.initialize();

              assertEquals(new BatchSizes(download, upload), first);
              assertEquals(TenantCache.Source.DATABASE, firstSource);
              assertEquals(first, second);
              assertEquals(TenantCache.Source.CACHE, syncManager.batchSizeSource());
              assertEquals(
                  readsAfterFirst,
                  counter.statementsByOperation(tenant).get("tenant.read"),
                  "the second lookup is served by the cache, not the tenant table");
            });
  }

  private static CaffeineTenantCache cache() {
    return new CaffeineTenantCache(database, 10_000, Duration.ofMinutes(5));
  }

  private static MeterReadingUploadManager uploadManager(
      TenantId tenant, FakeClientSystem client, TenantCache cache) {
    return new MeterReadingUploadManager(
        tenant, cache, database, database, client, 3, BatchListener.NONE);
  }

  private static long marks(TenantId tenant) {
    return counter.statementsByOperation(tenant).getOrDefault("upload.mark", 0L);
  }
}
