package org.metersync.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Configuration;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.Plans;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.application.port.Fence;
import org.metersync.application.port.TenantLeases;
import org.metersync.domain.DownloadCursor;
import org.metersync.domain.DownloadSource;
import org.metersync.domain.MeterReading;
import org.metersync.domain.PendingReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadOutcome;
import org.metersync.spi.MalformedReading;

/**
 * Every statement of a cycle is planned as index access driven by the batch's own keys, whatever
 * the planner knows: on a table bulk-loaded and never analyzed (as when field apps insert readings
 * all day and the sync reads them before autovacuum), on statistics left stale by a large delete,
 * and as the generic plan a server-side prepared statement gets. Each plan is checked as the server
 * makes it for the statement's real values and without them.
 */
class FreshDataPlanTest {

  private static final TenantId TENANT = TenantId.of("fresh");
  private static final int BACKLOG = 50_000;

  @MigratedDatabase TestDatabase db;

  @Test
  void cycleStatements_tableBulkLoadedNeverAnalyzed_batchKeysDriveEveryAccess() {
    TestData data = new TestData(db);
    db.execute("ALTER TABLE meter_reading SET (autovacuum_enabled = false)");
    data.tenant(TENANT.value(), null, null);
    data.pendingReadings(TENANT.value(), "r-", BACKLOG);
    assertEquals(
        0,
        data.queryLong(
            "SELECT count(*) FROM pg_stats WHERE tablename = 'meter_reading'"
                + " AND attname = 'tenant_id'"),
        "the table has no statistics yet");

    assertCycleIsDrivenByBatchKeys();
  }

  @Test
  void cycleStatements_statisticsStaleAfterALargeDelete_batchKeysDriveEveryAccess() {
    TestData data = new TestData(db);
    db.execute("ALTER TABLE meter_reading SET (autovacuum_enabled = false)");
    data.tenant("gone", null, null);
    data.pendingReadings("gone", "g-", BACKLOG);
    data.tenant(TENANT.value(), null, null);
    db.execute("ANALYZE meter_reading");
    db.execute("DELETE FROM meter_reading WHERE tenant_id = 'gone'");
    data.pendingReadings(TENANT.value(), "r-", BACKLOG);

    assertCycleIsDrivenByBatchKeys();
  }

  /**
   * Autovacuum (or an operator) vacuumed and analyzed the table while it held only another tenant's
   * rows, which were then deleted: the statistics say the table is empty and every row belongs to
   * that tenant, so a bare {@code tenant_id = $1} looks as cheap as a batch key.
   */
  @Test
  void cycleStatements_vacuumedWhileHoldingAnotherTenantThenBulkLoaded_batchKeysDriveEveryAccess() {
    TestData data = new TestData(db);
    db.execute("ALTER TABLE meter_reading SET (autovacuum_enabled = false)");
    data.tenant("gone", null, null);
    data.pendingReadings("gone", "g-", BACKLOG);
    data.tenant(TENANT.value(), null, null);
    db.execute("ANALYZE meter_reading");
    db.execute("DELETE FROM meter_reading WHERE tenant_id = 'gone'");
    db.execute("VACUUM meter_reading");
    data.pendingReadings(TENANT.value(), "r-", BACKLOG);

    assertCycleIsDrivenByBatchKeys();
  }

  private void assertCycleIsDrivenByBatchKeys() {
    assertCycleIsDrivenByBatchKeys(false);
    assertCycleIsDrivenByBatchKeys(true);
  }

  /** A cycle's statements, {@code leased}: as the service runs them, under a tenant lease. */
  private void assertCycleIsDrivenByBatchKeys(boolean leased) {
    List<Query> queries = new ArrayList<>();
    StatementCounter counter = new StatementCounter();
    Configuration configuration = recording(queries, counter);
    JooqSyncDatabase database = new JooqSyncDatabase(DSL.using(configuration), counter);
    TenantLeases.Lease lease =
        leased
            ? new JooqTenantLeases(
                    DSL.using(configuration),
                    new StatementCounter(),
                    "plans",
                    Duration.ofMinutes(5))
                .tryTake(TENANT)
                .orElseThrow()
            : TenantLeases.Lease.unguarded(TENANT);
    Fence fence = lease.fence();

    List<PendingReading> batch = database.getUnsynchronizedReadings(TENANT, Long.MIN_VALUE, 1000);
    assertEquals(1000, batch.size());
    lease.renew();
    assertEquals(500, database.markReadingsAsSynchronized(batch.subList(0, 500), TENANT, fence));
    List<UploadOutcome.Retry> retry = new ArrayList<>();
    List<UploadOutcome.Failed> failed = new ArrayList<>();
    for (PendingReading reading : batch.subList(500, 750)) {
      retry.add(new UploadOutcome.Retry(reading, 1, "busy"));
    }
    for (PendingReading reading : batch.subList(750, 1000)) {
      failed.add(new UploadOutcome.Failed(reading, 5, "rejected"));
    }
    assertEquals(500, database.recordUploadAttempts(TENANT, retry, failed, fence));
    database.downloadCursor(TENANT);
    lease.renew();
    database.storePage(
        TENANT,
        List.of(downloaded("d-" + leased + "-", 1000), downloaded("r-", 100)),
        List.of(new MalformedReading("x-1", "{}", "no meterId")),
        DownloadCursor.of("cursor-1", new DownloadSource("reference-rest", "http://cs/")),
        fence);
    lease.close();

    List<String> operations = new ArrayList<>();
    for (Query query : queries) {
      String sql = query.getSQL();
      operations.add(sql.substring(0, sql.indexOf(' ')));
      assertDrivenByBatchKeys(sql, Plans.plan(db, "EXPLAIN " + inlined(query)));
      assertDrivenByBatchKeys(sql, Plans.genericPlan(db, sql));
    }
    assertTrue(
        operations.size() >= (leased ? 10 : 7), "the whole cycle was planned: " + operations);
  }

  /**
   * No sequential scan of meter_reading, and every index access to it is bounded by a batch key
   * (backlog position or reading id), never by the tenant alone.
   */
  private static void assertDrivenByBatchKeys(String sql, String plan) {
    String context = sql + "\n" + plan;
    assertFalse(plan.contains("Seq Scan on meter_reading"), context);
    String[] lines = plan.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].matches(
          ".*(Index Scan|Index Only Scan|Bitmap Index Scan).* on meter_reading.*")) {
        String condition = i + 1 < lines.length ? lines[i + 1] : "";
        assertTrue(
            condition.contains("Index Cond")
                && (condition.contains("backlog_position")
                    || condition.contains("meter_reading_id")),
            "an index access not bounded by the batch's keys:\n" + context);
      }
    }
  }

  private static String inlined(Query query) {
    return DSL.using(SQLDialect.POSTGRES).renderInlined(query);
  }

  private Configuration recording(List<Query> queries, StatementCounter counter) {
    return JooqSyncDatabase.configuration(db.dataSource(), counter)
        .derive(
            new DefaultExecuteListenerProvider(counter),
            new DefaultExecuteListenerProvider(
                new ExecuteListener() {
                  @Override
                  public void executeStart(ExecuteContext ctx) {
                    if (ctx.query() != null) {
                      queries.add(ctx.query());
                    }
                  }
                }));
  }

  private static List<MeterReading> downloaded(String prefix, int count) {
    List<MeterReading> readings = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      readings.add(
          new MeterReading(
              ReadingId.of(prefix + i),
              "meter-" + (i % 7),
              Instant.parse("2026-02-01T00:00:00Z").plusSeconds(i),
              BigDecimal.valueOf(i, 2),
              "kWh"));
    }
    return readings;
  }
}
