package org.metersync.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.metersync.application.port.CycleHistory.CycleRecord;
import org.metersync.application.port.OperatorQueries.Backlog;
import org.metersync.application.port.OperatorQueries.FailedReading;
import org.metersync.application.port.OperatorQueries.TenantOverview;
import org.metersync.application.port.TenantRegistration;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.CycleOutcome;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;

class JooqSyncAdministrationTest {

  private static final AtomicInteger TENANTS = new AtomicInteger();
  @MigratedDatabase static TestDatabase db;
  private static TestData data;
  private static JooqSyncAdministration administration;
  private TenantId tenant;

  @BeforeAll
  static void createDatabase() {
    data = new TestData(db);
    administration = JooqSyncAdministration.create(db.dataSource(), new StatementCounter());
  }

  @BeforeEach
  void newTenant() {
    tenant = TenantId.of("adm" + TENANTS.incrementAndGet());
  }

  @Test
  void register_newThenChanged_createsWithInitialSizesThenUpdatesOnlyNameKindAndUrl() {
    administration.register(
        new TenantRegistration(
            tenant, "First", "reference-rest", "http://a/", Optional.of(new BatchSizes(300, 30))));
    db.execute("UPDATE tenant SET upload_batch_size = 77 WHERE tenant_id = '" + tenant + "'");

    administration.register(
        new TenantRegistration(
            tenant, "Second", "sensorthings", "http://b/", Optional.of(new BatchSizes(900, 90))));

    var stored =
        administration.listTenants().stream().filter(t -> t.id().equals(tenant)).findFirst();
    assertEquals("Second", stored.orElseThrow().name());
    assertEquals("sensorthings", stored.get().clientSystemKind());
    assertEquals("http://b/", stored.get().clientSystemUrl());
    assertEquals(new BatchSizes(300, 77), stored.get().sizes(), "sizes survive re-registration");
  }

  @Test
  void register_unchanged_doesNotTouchTheRow() {
    TenantRegistration registration =
        new TenantRegistration(tenant, "Same", "reference-rest", "http://a/", Optional.empty());
    administration.register(registration);
    String updatedAt = updatedAt();

    administration.register(registration);

    assertEquals(updatedAt, updatedAt());
  }

  @Test
  void tenantOverview_countsByStatusAndLastCycle() {
    data.tenant(tenant.value(), 2000, 200);
    data.pendingReadings(tenant.value(), "r", 6);
    db.execute(
        "UPDATE meter_reading SET sync_status = 'failed', last_error = 'no' WHERE tenant_id = '"
            + tenant
            + "' AND meter_reading_id IN ('r1', 'r2')");
    db.execute(
        "UPDATE meter_reading SET sync_status = 'synchronized', is_synchronized = true WHERE"
            + " tenant_id = '"
            + tenant
            + "' AND meter_reading_id = 'r3'");
    Instant at = Instant.parse("2026-11-22T10:00:00Z");
    administration.recordCycle(
        tenant, new CycleRecord(at, CycleOutcome.FAILED, Optional.of("503"), 1, 0, 2));
    administration.recordCycle(
        tenant, new CycleRecord(at.plusSeconds(60), CycleOutcome.OK, Optional.empty(), 5, 7, 0));

    TenantOverview overview =
        administration.tenantOverview().stream()
            .filter(t -> t.id().equals(tenant))
            .findFirst()
            .orElseThrow();

    assertEquals(3, overview.pending());
    assertEquals(2, overview.failed());
    assertEquals(1, overview.synchronizedCount());
    assertEquals(new BatchSizes(2000, 200), overview.batchSizes().sizes());
    assertEquals(
        Optional.of(
            new CycleRecord(at.plusSeconds(60), CycleOutcome.OK, Optional.empty(), 5, 7, 0)),
        overview.lastCycle());
    assertEquals(new Backlog(3, 2), administration.backlog().get(tenant));
  }

  @Test
  void failedReadingsThenRequeue_listsWithReasonAndRequeuesOnlyTheGivenOnes() {
    data.tenant(tenant.value(), null, null);
    data.pendingReadings(tenant.value(), "r", 3);
    db.execute(
        "UPDATE meter_reading SET sync_status = 'failed', upload_attempts = 5, last_error ="
            + " 'meter unknown' WHERE tenant_id = '"
            + tenant
            + "'");

    List<FailedReading> failed = administration.failedReadings(Optional.of(tenant), 10);
    int requeued =
        administration.requeueFailed(
            tenant, Optional.of(List.of(ReadingId.of("r2"), ReadingId.of("nope"))));

    assertEquals(
        List.of("r1", "r2", "r3"), failed.stream().map(f -> f.readingId().value()).toList());
    assertEquals("meter unknown", failed.get(0).lastError());
    assertEquals(5, failed.get(0).attempts());
    assertEquals(1, requeued);
    assertEquals("1/0/2", data.statusCounts(tenant.value()));
    assertEquals(2, administration.requeueFailed(tenant, Optional.empty()));
    assertEquals("3/0/0", data.statusCounts(tenant.value()));
  }

  @Test
  void requeueFailed_otherTenantsReadings_untouched() {
    TenantId other = TenantId.of("adm" + TENANTS.incrementAndGet());
    data.tenant(tenant.value(), null, null);
    data.tenant(other.value(), null, null);
    data.pendingReadings(other.value(), "r", 2);
    db.execute("UPDATE meter_reading SET sync_status = 'failed' WHERE tenant_id = '" + other + "'");

    assertEquals(0, administration.requeueFailed(tenant, Optional.empty()));
    assertEquals("0/0/2", data.statusCounts(other.value()));
    assertEquals(new Backlog(0, 2), administration.backlog().get(other));
  }

  @Test
  void resetDownloadCursor_storedCursor_forgottenForThatTenantOnly() {
    TenantId other = TenantId.of("adm" + TENANTS.incrementAndGet());
    data.tenant(tenant.value(), null, null);
    data.tenant(other.value(), null, null);
    JooqSyncDatabase database = JooqSyncDatabase.create(db.dataSource(), new StatementCounter());
    database.saveDownloadCursor(tenant, "page-7");
    database.saveDownloadCursor(other, "page-3");

    assertTrue(administration.resetDownloadCursor(tenant));
    assertEquals(false, administration.resetDownloadCursor(tenant));
    assertEquals(Optional.empty(), database.getDownloadCursor(tenant));
    assertEquals(Optional.of("page-3"), database.getDownloadCursor(other));
  }

  private String updatedAt() {
    return data.queryString(
        "SELECT updated_at::text FROM tenant WHERE tenant_id = '" + tenant + "'");
  }
}
