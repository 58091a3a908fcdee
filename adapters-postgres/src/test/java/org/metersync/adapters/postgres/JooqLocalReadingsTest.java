package org.metersync.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.application.port.SyncDatabaseException;
import org.metersync.domain.MeterReading;
import org.metersync.domain.PendingReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;

class JooqLocalReadingsTest {

  private static final TenantId TENANT = TenantId.of("local");
  @MigratedDatabase static TestDatabase db;
  private static TestData data;
  private static StatementCounter counter;
  private static JooqLocalReadings local;
  private static JooqSyncDatabase database;

  @BeforeAll
  static void createTenant() {
    data = new TestData(db);
    data.tenant(TENANT.value(), null, null);
    counter = new StatementCounter();
    local = JooqLocalReadings.create(db.dataSource(), counter);
    database = JooqSyncDatabase.create(db.dataSource(), counter);
  }

  @Test
  void insertLocalReadings_newThenAgain_pendingLocalInGivenOrderOnceInOneStatement() {
    List<MeterReading> readings =
        List.of(reading("l-3", "2026-01-01T00:45:00Z"), reading("l-1", "2026-01-01T00:15:00Z"));
    long before = counter.statements(TENANT);

    assertEquals(2, local.insertLocalReadings(TENANT, readings));
    assertEquals(1, counter.statements(TENANT) - before);
    assertEquals(0, local.insertLocalReadings(TENANT, readings));

    List<PendingReading> backlog = database.getUnsynchronizedReadings(TENANT, 10);
    assertEquals(readings, backlog.stream().map(PendingReading::reading).toList());
    assertEquals(
        2,
        data.queryLong(
            "SELECT count(*) FROM meter_reading WHERE tenant_id = 'local' AND origin = 'local'"
                + " AND NOT is_synchronized AND upload_attempts = 0"));
  }

  @Test
  void insertLocalReadings_unknownTenant_failsNamingIt() {
    SyncDatabaseException e =
        assertThrows(
            SyncDatabaseException.class,
            () ->
                local.insertLocalReadings(
                    TenantId.of("nobody"), List.of(reading("x", "2026-01-01T00:00:00Z"))));

    assertEquals(true, e.getMessage().contains("nobody"), e.getMessage());
  }

  private static MeterReading reading(String id, String takenAt) {
    return new MeterReading(
        ReadingId.of(id), "meter-1", Instant.parse(takenAt), new BigDecimal("1.370"), "kWh");
  }
}
