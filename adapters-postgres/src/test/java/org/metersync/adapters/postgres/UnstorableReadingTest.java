package org.metersync.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import org.metersync.spi.MalformedReading;

/**
 * Downloaded readings that are well-formed JSON but that PostgreSQL cannot hold: the database says
 * which before the page's insert (which would fail for the whole page), and the quarantine keeps
 * them whatever characters they carry.
 */
class UnstorableReadingTest {

  private static final TenantId TENANT = TenantId.of("unstorable");
  @MigratedDatabase static TestDatabase db;
  private static JooqSyncDatabase database;

  @BeforeAll
  static void createDatabase() {
    new TestData(db).tenant(TENANT.value(), null, null);
    database = JooqSyncDatabase.create(db.dataSource(), new StatementCounter());
  }

  @Test
  void unstorableReason_nulYearOutsideAndTooManyDigits_named_storableOnesNot() {
    MeterReading nul = reading("nul", "M\0-1", Instant.parse("2026-01-01T00:00:00Z"), "1");
    MeterReading year0 = reading("y0", "M-1", Instant.parse("0000-01-01T00:00:00Z"), "1");
    MeterReading year20000 = reading("y2", "M-1", Instant.parse("+20000-01-01T00:00:00Z"), "1");
    MeterReading digits = reading("d", "M-1", Instant.parse("2026-01-01T00:00:00Z"), "1e200000");
    MeterReading fine = reading("ok", "M-1", Instant.parse("0001-01-01T00:00:00Z"), "1e-300");

    assertTrue(database.unstorableReason(nul).orElseThrow().contains("NUL"));
    assertTrue(database.unstorableReason(year0).orElseThrow().contains("1-9999"));
    assertTrue(database.unstorableReason(year20000).orElseThrow().contains("1-9999"));
    assertTrue(database.unstorableReason(digits).orElseThrow().contains("digits"));
    assertTrue(database.unstorableReason(fine).isEmpty());
    for (MeterReading unstorable : List.of(nul, year0, year20000, digits)) {
      // What the check prevents: one such reading fails the insert of its whole page.
      assertThrows(
          SyncDatabaseException.class,
          () -> database.insertReadings(TENANT, List.of(fine, unstorable)),
          unstorable.id().value());
    }
    assertEquals(1, database.insertReadings(TENANT, List.of(fine)));
  }

  @Test
  void quarantine_nulInIdPayloadAndReason_keptWithTheCharacterEscaped() {
    database.quarantine(
        TENANT, List.of(new MalformedReading("a\0b", "{\"id\":\"a\0b\"}", "bad \0 reading")));

    assertEquals(
        "a\\u0000b|{\"id\":\"a\\u0000b\"}|bad \\u0000 reading",
        new TestData(db)
            .queryString(
                "SELECT meter_reading_id || '|' || payload || '|' || reason FROM"
                    + " reading_quarantine WHERE tenant_id = 'unstorable'"));
  }

  private static MeterReading reading(String id, String meter, Instant takenAt, String value) {
    return new MeterReading(ReadingId.of(id), meter, takenAt, new BigDecimal(value), "kWh");
  }
}
