package org.metersync.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.application.port.Fence;
import org.metersync.application.port.LeaseLostException;
import org.metersync.application.port.SyncDatabaseException;
import org.metersync.application.port.TenantBatchConfig;
import org.metersync.application.port.TenantLeases;
import org.metersync.application.port.UnknownTenantException;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.DownloadCursor;
import org.metersync.domain.DownloadSource;
import org.metersync.domain.MeterReading;
import org.metersync.domain.PendingReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadHorizon;
import org.metersync.domain.UploadOutcome;
import org.metersync.spi.MalformedReading;

class JooqSyncDatabaseTest {

  private static final AtomicInteger TENANTS = new AtomicInteger();
  @MigratedDatabase static TestDatabase db;
  private static TestData data;
  private StatementCounter counter;
  private JooqSyncDatabase database;
  private TenantId tenant;
  private TenantId other;

  @BeforeAll
  static void createDatabase() {
    data = new TestData(db);
  }

  @BeforeEach
  void newTenants() {
    counter = new StatementCounter();
    database = JooqSyncDatabase.create(db.dataSource(), counter);
    tenant = TenantId.of("t" + TENANTS.incrementAndGet());
    other = TenantId.of("t" + TENANTS.incrementAndGet());
    data.tenant(tenant.value(), null, null);
    data.tenant(other.value(), null, null);
  }

  @Test
  void getTenantBatchConfig_storedSizes_readsThem() {
    database.updateBatchSizes(tenant, new BatchSizes(2000, 500));

    assertEquals(new TenantBatchConfig(2000, 500), database.getTenantBatchConfig(tenant));
  }

  @Test
  void getTenantBatchConfig_unknownTenant_throwsNamingIt() {
    UnknownTenantException e =
        assertThrows(
            UnknownTenantException.class,
            () -> database.getTenantBatchConfig(TenantId.of("nobody")));
    assertEquals("unknown tenant 'nobody'", e.getMessage());
  }

  @Test
  void findTenant_invalidStoredSize_resolvesToDefaultWithError() {
    db.execute("UPDATE tenant SET upload_batch_size = 0 WHERE tenant_id = '" + tenant + "'");

    var found = database.findTenant(tenant).orElseThrow();

    assertEquals(BatchSizes.DEFAULTS, found.sizes());
    assertEquals(1, found.batchSizes().problems().size());
    assertEquals("upload_batch_size", found.batchSizes().problems().get(0).column());
  }

  @Test
  void getUnsynchronizedReadings_mixedTenantsAndStatuses_returnsOldestPendingOfTenantOnly() {
    data.pendingReadings(tenant.value(), "a", 5);
    data.pendingReadings(other.value(), "b", 5);
    db.execute(
        "UPDATE meter_reading SET sync_status = 'failed' WHERE tenant_id = '"
            + tenant
            + "' AND meter_reading_id = 'a2'");

    List<PendingReading> first = database.getUnsynchronizedReadings(tenant, 3);
    List<PendingReading> rest =
        database.getUnsynchronizedReadings(tenant, first.get(2).position(), 10);

    assertEquals(List.of("a1", "a3", "a4"), ids(first));
    assertEquals(List.of("a5"), ids(rest));
    assertEquals(new BigDecimal("0.25"), first.get(0).reading().value());
    assertEquals(Instant.parse("2026-01-01T00:15:00Z"), first.get(0).reading().takenAt());
  }

  @Test
  void markReadingsAsSynchronized_batch_oneStatementSetsFlagAndStatusForThatTenantOnly() {
    data.pendingReadings(tenant.value(), "r", 250);
    data.pendingReadings(other.value(), "r", 250);
    List<PendingReading> batch = database.getUnsynchronizedReadings(tenant, 250);
    long before = counter.statements(tenant);

    int marked = database.markReadingsAsSynchronized(batch, tenant);

    assertEquals(250, marked);
    assertEquals(1, counter.statements(tenant) - before);
    assertEquals("0/250/0", data.statusCounts(tenant.value()));
    assertEquals("250/0/0", data.statusCounts(other.value()));
  }

  @Test
  void markReadingsAsSynchronized_readingEditedAfterRead_leavesItPending() {
    data.pendingReadings(tenant.value(), "r", 3);
    List<PendingReading> batch = database.getUnsynchronizedReadings(tenant, 3);
    db.execute(
        "UPDATE meter_reading SET value = 99 WHERE tenant_id = '"
            + tenant
            + "' AND meter_reading_id = 'r2'");

    int marked = database.markReadingsAsSynchronized(batch, tenant);

    assertEquals(2, marked);
    List<PendingReading> left = database.getUnsynchronizedReadings(tenant, 10);
    assertEquals(List.of("r2"), ids(left));
    assertEquals(new BigDecimal("99"), left.get(0).reading().value());
    assertEquals(2, left.get(0).version());
  }

  @Test
  void recordUploadAttempts_retryAndFailed_storesAttemptsReasonAndStatusInOneStatement() {
    data.pendingReadings(tenant.value(), "r", 3);
    List<PendingReading> batch = database.getUnsynchronizedReadings(tenant, 3);
    long before = counter.statements(tenant);

    int recorded =
        database.recordUploadAttempts(
            tenant,
            List.of(new UploadOutcome.Retry(batch.get(0), 1, "meter unknown")),
            List.of(new UploadOutcome.Failed(batch.get(1), 3, "value out of range")));

    assertEquals(2, recorded);
    assertEquals(1, counter.statements(tenant) - before);
    assertEquals("2/0/1", data.statusCounts(tenant.value()));
    assertEquals(
        "1|meter unknown|pending",
        data.queryString(
            "SELECT upload_attempts || '|' || last_error || '|' || sync_status FROM meter_reading"
                + " WHERE tenant_id = '"
                + tenant
                + "' AND meter_reading_id = 'r1'"));
    assertEquals(
        "3|value out of range|failed",
        data.queryString(
            "SELECT upload_attempts || '|' || last_error || '|' || sync_status FROM meter_reading"
                + " WHERE tenant_id = '"
                + tenant
                + "' AND meter_reading_id = 'r2'"));
  }

  @Test
  void uploadHorizon_raisedHigherThenLower_keepsTheHighestPerTenant() {
    assertEquals(UploadHorizon.NONE, database.uploadHorizon(tenant));

    database.raiseUploadHorizon(tenant, new UploadHorizon(40), Fence.none());
    database.raiseUploadHorizon(tenant, new UploadHorizon(25), Fence.none());

    assertEquals(new UploadHorizon(40), database.uploadHorizon(tenant));
    assertEquals(UploadHorizon.NONE, database.uploadHorizon(other));
  }

  @Test
  void raiseUploadHorizon_leaseTakenOver_refusedAndNothingRaised() {
    TenantLeases.Lease lease = leases("a").tryTake(tenant).orElseThrow();
    database.raiseUploadHorizon(tenant, new UploadHorizon(10), lease.fence());
    db.execute(
        "UPDATE tenant_lease SET expires_at = now() - interval '1 second'"
            + " WHERE tenant_id = '"
            + tenant.value()
            + "'");
    TenantLeases.Lease taken = leases("b").tryTake(tenant).orElseThrow();

    assertThrows(
        LeaseLostException.class,
        () -> database.raiseUploadHorizon(tenant, new UploadHorizon(20), lease.fence()));

    assertEquals(new UploadHorizon(10), database.uploadHorizon(tenant));
    database.raiseUploadHorizon(tenant, new UploadHorizon(30), taken.fence());
    assertEquals(new UploadHorizon(30), database.uploadHorizon(tenant));
  }

  private static JooqTenantLeases leases(String holder) {
    return JooqTenantLeases.create(
        db.dataSource(), new StatementCounter(), holder, Duration.ofMinutes(5));
  }

  @Test
  void insertReadings_repeatedAndOverlappingLocalEdit_insertsOnceAndNeverOverwritesLocal() {
    data.pendingReadings(tenant.value(), "x", 1);
    List<MeterReading> page =
        List.of(reading("x1", "7.5"), reading("d1", "1.125"), reading("d2", "2"));
    long before = counter.statements(tenant);

    int first = database.insertReadings(tenant, page);
    int again = database.insertReadings(tenant, page);

    assertEquals(2, first);
    assertEquals(0, again);
    assertEquals(2, counter.statements(tenant) - before);
    assertEquals(
        "0.25|local|pending",
        data.queryString(
            "SELECT value || '|' || origin || '|' || sync_status FROM meter_reading WHERE"
                + " tenant_id = '"
                + tenant
                + "' AND meter_reading_id = 'x1'"));
    assertEquals(
        "1.125|downloaded|true",
        data.queryString(
            "SELECT value || '|' || origin || '|' || is_synchronized FROM meter_reading WHERE"
                + " tenant_id = '"
                + tenant
                + "' AND meter_reading_id = 'd1'"));
    assertEquals(List.of("x1"), ids(database.getUnsynchronizedReadings(tenant, 10)));
    assertEquals("0/0/0", data.statusCounts(other.value()));
  }

  @Test
  void inTransaction_failureAfterInsert_rollsBackInsertAndCursor() {
    assertThrows(
        SyncDatabaseException.class,
        () ->
            database.inTransaction(
                tx -> {
                  tx.insertReadings(tenant, List.of(reading("d1", "1")));
                  tx.saveDownloadCursor(tenant, "after-d1");
                  // A reading of a tenant that does not exist violates the foreign key.
                  return tx.insertReadings(TenantId.of("missing"), List.of(reading("d2", "2")));
                }));

    assertEquals(0, data.queryLong(countOf(tenant)));
    assertEquals(Optional.empty(), database.getDownloadCursor(tenant));
  }

  @Test
  void saveDownloadCursor_twice_keepsLatestPerTenant() {
    database.saveDownloadCursor(tenant, "c1");
    database.saveDownloadCursor(tenant, "c2");
    database.saveDownloadCursor(other, "o1");

    assertEquals(Optional.of("c2"), database.getDownloadCursor(tenant));
    assertEquals(Optional.of("o1"), database.getDownloadCursor(other));
  }

  @Test
  void storePage_cursorWithItsSource_readBackWithKindAndEndpointThenReplacedByAnother() {
    DownloadSource first = new DownloadSource("reference-rest", "http://a/");
    DownloadSource second = new DownloadSource("sensorthings", "http://b/v1.1");
    database.storePage(tenant, List.of(), List.of(), DownloadCursor.of("p-1", first));
    assertEquals(Optional.of(DownloadCursor.of("p-1", first)), database.downloadCursor(tenant));

    database.storePage(tenant, List.of(), List.of(), DownloadCursor.of("p-9", second));

    assertEquals(Optional.of(DownloadCursor.of("p-9", second)), database.downloadCursor(tenant));
    assertEquals(Optional.empty(), database.downloadCursor(other));
  }

  @Test
  void downloadCursor_storedWithoutSource_readBackWithNone() {
    database.saveDownloadCursor(tenant, DownloadCursor.of("p-1", new DownloadSource("k", "e")));

    database.saveDownloadCursor(tenant, "legacy");

    assertEquals(
        Optional.of(new DownloadCursor("legacy", Optional.empty())),
        database.downloadCursor(tenant));
  }

  @Test
  void findTenant_disabledWithCredentialReference_readBackAsStored() {
    db.execute(
        "UPDATE tenant SET enabled = false, client_system_credential = 'file:/run/secret'"
            + " WHERE tenant_id = '"
            + tenant
            + "'");

    var found = database.findTenant(tenant).orElseThrow();

    assertEquals(false, found.enabled());
    assertEquals(Optional.of("file:/run/secret"), found.credential());
  }

  @Test
  void quarantine_malformedReadings_keptWithReason() {
    database.quarantine(
        tenant,
        List.of(
            new MalformedReading(null, "{\"value\":1}", "missing id"),
            new MalformedReading("q2", "{\"id\":\"q2\"}", "missing value")));

    assertEquals(
        "missing id,missing value",
        data.queryString(
            "SELECT string_agg(reason, ',' ORDER BY quarantine_id) FROM reading_quarantine"
                + " WHERE tenant_id = '"
                + tenant
                + "'"));
  }

  @Test
  void statements_countedPerTenantAndOperation() {
    data.pendingReadings(tenant.value(), "r", 2);
    database.markReadingsAsSynchronized(database.getUnsynchronizedReadings(tenant, 2), tenant);

    assertEquals(
        java.util.Map.of("upload.mark", 1L, "upload.read", 1L),
        counter.statementsByOperation(tenant));
    assertEquals(0, counter.statements(other));
  }

  private static String countOf(TenantId tenantId) {
    return "SELECT count(*) FROM meter_reading WHERE tenant_id = '" + tenantId + "'";
  }

  private static MeterReading reading(String id, String value) {
    return new MeterReading(
        ReadingId.of(id),
        "meter-1",
        Instant.parse("2026-02-01T00:00:00Z"),
        new BigDecimal(value),
        "kWh");
  }

  private static List<String> ids(List<PendingReading> readings) {
    return readings.stream().map(r -> r.id().value()).toList();
  }
}
