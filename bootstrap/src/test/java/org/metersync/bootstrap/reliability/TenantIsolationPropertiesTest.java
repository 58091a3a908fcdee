package org.metersync.bootstrap.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.JooqSyncAdministration;
import org.metersync.adapters.postgres.JooqSyncDatabase;
import org.metersync.adapters.postgres.StatementCounter;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.application.port.CycleHistory;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.CycleOutcome;
import org.metersync.domain.MeterReading;
import org.metersync.domain.PendingReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadOutcome;
import org.metersync.spi.MalformedReading;

/**
 * Scenario 9 (isolation): whatever sequence of operations runs for tenant A through the jOOQ
 * adapters, tenant B's rows stay byte-identical. The two tenants share reading ids, and A's
 * operations are also handed B's own pending readings (ids, positions, versions), so only the
 * tenant scoping of each statement keeps B safe.
 */
class TenantIsolationPropertiesTest {

  private static final AtomicInteger PAIRS = new AtomicInteger();
  @MigratedDatabase static TestDatabase db;
  private static JooqSyncDatabase database;
  private static JooqSyncAdministration administration;

  @BeforeAll
  static void createDatabase() {
    StatementCounter counter = new StatementCounter();
    database = JooqSyncDatabase.create(db.dataSource(), counter);
    administration = JooqSyncAdministration.create(db.dataSource(), counter);
  }

  @Test
  @DisplayName("Security: operations for tenant A never read or change tenant B's rows")
  void operationsForOneTenant_neverTouchAnother() {
    qt().withExamples(100)
        .forAll(
            lists().of(integers().between(0, 11)).ofSizeBetween(1, 12),
            integers().between(1, 20),
            longs().all())
        .checkAssert(this::runOperationsOnA);
  }

  private void runOperationsOnA(List<Integer> operations, int readings, long seed) {
    int pair = PAIRS.incrementAndGet();
    TenantId a = TenantId.of("iso-a-" + pair);
    TenantId b = TenantId.of("iso-b-" + pair);
    createTenant(a, readings);
    createTenant(b, readings);
    String before = snapshot(b);
    SplittableRandom random = new SplittableRandom(seed);

    for (int operation : operations) {
      apply(operation, a, b, readings, random);
    }

    assertEquals(before, snapshot(b), "B changed after " + operations + " on A");
  }

  private void apply(int operation, TenantId a, TenantId b, int readings, SplittableRandom random) {
    List<PendingReading> bPending = database.getUnsynchronizedReadings(b, 100);
    switch (operation) {
      case 0 -> assertOnlyOwn(a, database.getUnsynchronizedReadings(a, 1 + random.nextInt(30)));
      case 1 -> database.markReadingsAsSynchronized(subset(bPending, random), a);
      case 2 ->
          database.recordUploadAttempts(
              a,
              subset(bPending, random).stream()
                  .map(r -> new UploadOutcome.Retry(r, 1, "retry"))
                  .toList(),
              subset(bPending, random).stream()
                  .map(r -> new UploadOutcome.Failed(r, 9, "failed"))
                  .toList());
      case 3 -> database.insertReadings(a, generated(readings + 5, random));
      case 4 -> database.quarantine(a, List.of(new MalformedReading("r1", "{}", "bad")));
      case 5 -> database.saveDownloadCursor(a, "cursor-" + random.nextInt());
      case 6 ->
          database.updateBatchSizes(
              a, new BatchSizes(1 + random.nextInt(10_000), 1 + random.nextInt(10_000)));
      case 7 ->
          administration.requeueFailed(
              a,
              random.nextBoolean()
                  ? Optional.empty()
                  : Optional.of(List.of(ReadingId.of("r1"), ReadingId.of("r2"))));
      case 8 ->
          administration.recordCycle(
              a,
              new CycleHistory.CycleRecord(
                  Instant.now(),
                  random.nextBoolean() ? CycleOutcome.OK : CycleOutcome.FAILED,
                  Optional.of("e"),
                  1,
                  2,
                  3));
      case 9 ->
          database.inTransaction(
              tx -> {
                tx.insertReadings(a, generated(readings + 2, random));
                tx.saveDownloadCursor(a, "tx");
                return null;
              });
      case 10 ->
          assertTrue(
              administration.failedReadings(Optional.of(a), 100).stream()
                  .allMatch(f -> f.tenantId().equals(a)));
      default -> {
        assertEquals(a, database.findTenant(a).orElseThrow().id());
        database.getTenantBatchConfig(a);
        database.getDownloadCursor(a);
        // A's own pending readings, marked through A: legitimate, and B must still not move.
        database.markReadingsAsSynchronized(database.getUnsynchronizedReadings(a, 5), a);
      }
    }
  }

  private static void assertOnlyOwn(TenantId a, List<PendingReading> read) {
    for (PendingReading reading : read) {
      assertEquals(
          1,
          Reliability.queryLong(
              db.dataSource(),
              "SELECT count(*) FROM meter_reading WHERE tenant_id = ? AND meter_reading_id = ?"
                  + " AND backlog_position = ? AND sync_status = 'pending'",
              a.value(),
              reading.id().value(),
              reading.position()),
          reading + " read for " + a);
    }
  }

  private static <T> List<T> subset(List<T> all, SplittableRandom random) {
    List<T> subset = new ArrayList<>();
    for (T t : all) {
      if (random.nextBoolean()) {
        subset.add(t);
      }
    }
    return subset;
  }

  private static List<MeterReading> generated(int count, SplittableRandom random) {
    List<MeterReading> readings = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      readings.add(
          new MeterReading(
              ReadingId.of("r" + i),
              "M-" + random.nextInt(5),
              Instant.parse("2026-02-01T00:00:00Z").plusSeconds(i * 60L),
              BigDecimal.valueOf(random.nextInt(100_000), 2),
              "kWh"));
    }
    return readings;
  }

  /** A tenant with readings r1..rN: a third pending, a third synchronized, a third failed. */
  private static void createTenant(TenantId tenant, int readings) {
    DataSource ds = db.dataSource();
    String id = tenant.value();
    Reliability.update(ds, "INSERT INTO tenant (tenant_id, name) VALUES (?, ?)", id, "T " + id);
    Reliability.update(
        ds,
        "INSERT INTO meter_reading (tenant_id, meter_reading_id, meter_id, taken_at, value, unit)"
            + " SELECT ?, 'r' || g, 'M-' || (g % 3), timestamptz '2026-01-01 00:00:00Z'"
            + " + g * interval '1 hour', g * 1.5, 'kWh' FROM generate_series(1, ?) g ORDER BY g",
        id,
        readings);
    Reliability.update(
        ds,
        "UPDATE meter_reading SET is_synchronized = true, sync_status = 'synchronized',"
            + " synchronized_at = now() WHERE tenant_id = ? AND substr(meter_reading_id, 2)::int"
            + " % 3 = 1",
        id);
    Reliability.update(
        ds,
        "UPDATE meter_reading SET sync_status = 'failed', upload_attempts = 5, last_error ="
            + " 'rejected' WHERE tenant_id = ? AND substr(meter_reading_id, 2)::int % 3 = 2",
        id);
    Reliability.update(
        ds, "INSERT INTO download_cursor (tenant_id, cursor) VALUES (?, 'start')", id);
    Reliability.update(
        ds,
        "INSERT INTO reading_quarantine (tenant_id, meter_reading_id, payload, reason)"
            + " VALUES (?, 'r1', '{}', 'old')",
        id);
    Reliability.update(
        ds,
        "INSERT INTO tenant_sync_state (tenant_id, last_cycle_at, last_outcome)"
            + " VALUES (?, now(), 'ok')",
        id);
  }

  /** Every row of the tenant in every table, as JSON text, in a fixed order. */
  private static String snapshot(TenantId tenant) {
    StringBuilder all = new StringBuilder();
    for (String table :
        List.of(
            "tenant",
            "meter_reading",
            "download_cursor",
            "reading_quarantine",
            "tenant_sync_state")) {
      all.append(table)
          .append(": ")
          .append(
              Reliability.queryString(
                  db.dataSource(),
                  "SELECT string_agg(row_to_json(t)::text, E'\\n' ORDER BY row_to_json(t)::text)"
                      + " FROM "
                      + table
                      + " t WHERE tenant_id = ?",
                  tenant.value()))
          .append('\n');
    }
    return all.toString();
  }
}
