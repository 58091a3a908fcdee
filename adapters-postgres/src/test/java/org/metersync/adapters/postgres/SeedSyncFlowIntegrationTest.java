package org.metersync.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.application.BatchListener;
import org.metersync.application.CycleReport;
import org.metersync.application.MeterReadingUploadManager;
import org.metersync.application.SyncManager;
import org.metersync.application.TenantBatchSizes;
import org.metersync.application.TenantSyncCycle;
import org.metersync.application.fakes.FakeClientSystem;
import org.metersync.application.fakes.ForwardingClientSystem;
import org.metersync.application.fakes.TestReadings;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemUnavailableException;

/** Seed tasks 8 and 9: the whole flow on a real PostgreSQL, with a fake client system. */
class SeedSyncFlowIntegrationTest {

  private static final AtomicInteger TENANTS = new AtomicInteger();
  private static final int MAX_RETRIES = 3;
  @MigratedDatabase static TestDatabase db;
  private static TestData data;
  private StatementCounter counter;
  private JooqSyncDatabase database;
  private CaffeineTenantCache cache;
  private TenantId tenant;

  @BeforeAll
  static void createDatabase() {
    data = new TestData(db);
  }

  @BeforeEach
  void setUp() {
    counter = new StatementCounter();
    database = JooqSyncDatabase.create(db.dataSource(), counter);
    cache = new CaffeineTenantCache(database, 1000, Duration.ofHours(1));
    tenant = TenantId.of("f" + TENANTS.incrementAndGet());
  }

  @Test
  void fullSync_customBatchSizes_uploadsAndDownloadsInThoseSizes() {
    data.tenant(tenant.value(), 250, 40);
    data.pendingReadings(tenant.value(), "local-", 1000);
    FakeClientSystem client = new FakeClientSystem();
    client.addDownloadable(TestReadings.readings("remote-", 730));

    CycleReport report = cycle(client).run();

    assertTrue(report.succeeded());
    assertEquals(25, client.uploadRequestSizes().size());
    assertTrue(client.uploadRequestSizes().stream().allMatch(size -> size == 40));
    assertEquals("0/1730/0", data.statusCounts(tenant.value()));
    assertEquals(1000, client.received().size());
    assertTrue(client.fetchLimits().stream().allMatch(limit -> limit == 250));
    assertEquals(730, report.download().inserted());
    // 730 readings arrive as pages of 250, 250, 230, each inserted in chunks of at most 40.
    assertEquals(7 + 7 + 6, report.download().batches());
    assertEquals(20L, counter.statementsByOperation(tenant).get("download.insert"));
    assertEquals(
        730L,
        data.queryLong(
            "SELECT count(*) FROM meter_reading WHERE origin = 'downloaded' AND tenant_id = '"
                + tenant
                + "'"));
  }

  @Test
  void uploadAcrossBatches_partialRejections_statusesCorrectPerReading() {
    data.tenant(tenant.value(), null, 10);
    data.pendingReadings(tenant.value(), "r", 35);
    FakeClientSystem client = new FakeClientSystem();
    client.answerUploads(
        FakeClientSystem.UploadAnswer.rejectIf(
            id -> id.value().endsWith("7"), "meter not registered"));

    for (int cycle = 1; cycle <= MAX_RETRIES; cycle++) {
      uploadManager(client).uploadReadings();
    }

    // r7, r17 and r27 are rejected on every attempt and fail after maxRetries; the rest went up
    // once.
    assertEquals("0/32/3", data.statusCounts(tenant.value()));
    assertEquals(
        "3|meter not registered",
        data.queryString(
            "SELECT max(upload_attempts) || '|' || max(last_error) FROM meter_reading WHERE"
                + " sync_status = 'failed' AND tenant_id = '"
                + tenant
                + "'"));
    assertEquals(List.of(), client.duplicateSends());
  }

  @Test
  void batchSizeChange_throughApplication_appliesOnNextCycleWithoutRestart() {
    data.tenant(tenant.value(), null, 20);
    data.pendingReadings(tenant.value(), "a", 40);
    FakeClientSystem client = new FakeClientSystem();
    MeterReadingUploadManager uploads = uploadManager(client);
    uploads.uploadReadings();

    new TenantBatchSizes(database, cache).set(tenant, 1000, 7);
    data.pendingReadings(tenant.value(), "b", 14);
    uploads.uploadReadings();

    assertEquals(List.of(20, 20, 7, 7), client.uploadRequestSizes());
  }

  @Test
  void batchSizeChange_byPlainSqlInAnotherConnection_appliesOnNextCycle()
      throws InterruptedException {
    data.tenant(tenant.value(), null, 20);
    FakeClientSystem client = new FakeClientSystem();
    MeterReadingUploadManager uploads = uploadManager(client);
    try (TenantChangeListener listener =
        new TenantChangeListener(db.dataSource(), cache, Duration.ofMillis(100)).start()) {
      await(listener::isListening);
      data.pendingReadings(tenant.value(), "a", 40);
      uploads.uploadReadings();

      db.execute("UPDATE tenant SET upload_batch_size = 8 WHERE tenant_id = '" + tenant + "'");
      await(() -> cache.getTenant(tenant).tenant().sizes().upload() == 8);
      data.pendingReadings(tenant.value(), "b", 16);
      uploads.uploadReadings();
    }

    assertEquals(List.of(20, 20, 8, 8), client.uploadRequestSizes());
  }

  @Test
  void failedUpload_leavesEveryStatusUntouched() {
    data.tenant(tenant.value(), null, 10);
    data.pendingReadings(tenant.value(), "r", 25);
    String before = rowsOf(tenant);
    FakeClientSystem client = new FakeClientSystem();
    client.answerUploads(
        FakeClientSystem.UploadAnswer.fail(
            new ClientSystemUnavailableException("503 Service Unavailable", null)));

    CycleReport report = cycle(client).run();

    assertTrue(report.failure().isPresent());
    assertEquals(before, rowsOf(tenant));
    assertEquals("25/0/0", data.statusCounts(tenant.value()));
  }

  @Test
  void readingEditedDuringUpload_staysPendingAndGoesUpNextCycleWithNewValue() {
    data.tenant(tenant.value(), null, 10);
    data.pendingReadings(tenant.value(), "r", 10);
    FakeClientSystem client = new FakeClientSystem();
    ClientSystemApi editingMidUpload =
        new EditingClientSystem(
            client,
            "UPDATE meter_reading SET value = 42 WHERE tenant_id = '"
                + tenant
                + "' AND meter_reading_id = 'r4'");

    uploadManager(editingMidUpload).uploadReadings();

    assertEquals("1/9/0", data.statusCounts(tenant.value()));

    uploadManager(client).uploadReadings();

    assertEquals("0/10/0", data.statusCounts(tenant.value()));
    List<MeterReading> sentR4 =
        client.uploadRequests().stream()
            .flatMap(List::stream)
            .filter(r -> r.id().equals(ReadingId.of("r4")))
            .toList();
    assertEquals(2, sentR4.size());
    assertEquals(0, sentR4.get(1).value().compareTo(java.math.BigDecimal.valueOf(42)));
  }

  @Test
  void tenantOperations_neverTouchAnotherTenantsRows() {
    TenantId other = TenantId.of("f" + TENANTS.incrementAndGet());
    data.tenant(tenant.value(), 50, 10);
    data.tenant(other.value(), 50, 10);
    data.pendingReadings(tenant.value(), "r", 30);
    data.pendingReadings(other.value(), "r", 30);
    database.saveDownloadCursor(other, "other-cursor");
    String otherBefore = rowsOf(other);
    FakeClientSystem client = new FakeClientSystem();
    client.addDownloadable(TestReadings.readings("r", 30));

    cycle(client).run();

    assertEquals(otherBefore, rowsOf(other));
    assertEquals(Optional.of("other-cursor"), database.getDownloadCursor(other));
    assertEquals("0/30/0", data.statusCounts(tenant.value()));
  }

  private TenantSyncCycle cycle(ClientSystemApi client) {
    return new TenantSyncCycle(
        tenant,
        new SyncManager(
            tenant, cache, database, client, FakeClientSystem.SOURCE, BatchListener.NONE),
        uploadManager(client),
        counter,
        Clock.systemUTC());
  }

  private MeterReadingUploadManager uploadManager(ClientSystemApi client) {
    return new MeterReadingUploadManager(
        tenant, cache, database, database, client, MAX_RETRIES, BatchListener.NONE);
  }

  /** Every column of the tenant's readings, in key order: a fingerprint to compare. */
  private static String rowsOf(TenantId tenantId) {
    return data.queryString(
        "SELECT coalesce(string_agg(m::text, E'\\n' ORDER BY meter_reading_id), '') FROM"
            + " meter_reading m WHERE tenant_id = '"
            + tenantId
            + "'");
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not reached within 30 s");
      Thread.sleep(20);
    }
  }

  /** Edits a reading locally while its batch is at the client system. */
  private static final class EditingClientSystem extends ForwardingClientSystem {
    private final String editSql;

    EditingClientSystem(FakeClientSystem delegate, String editSql) {
      super(delegate);
      this.editSql = editSql;
    }

    @Override
    public Map<ReadingId, UploadVerdict> upload(List<MeterReading> batch) {
      Map<ReadingId, UploadVerdict> verdicts = super.upload(batch);
      db.execute(editSql);
      return Collections.unmodifiableMap(verdicts);
    }
  }
}
