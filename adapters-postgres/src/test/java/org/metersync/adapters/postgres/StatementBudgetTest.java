package org.metersync.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.metersync.adapters.postgres.jooq.Tables.METER_READING;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.application.BatchListener;
import org.metersync.application.MeterReadingUploadManager;
import org.metersync.application.SyncManager;
import org.metersync.application.fakes.FakeClientSystem;
import org.metersync.application.fakes.TestReadings;
import org.metersync.domain.Batches;
import org.metersync.domain.MeterReading;
import org.metersync.domain.PendingReading;
import org.metersync.domain.TenantId;

/**
 * SQL statements per 1000 readings: the seeds' "before" flow (hard-coded 1000/100, one statement
 * per reading) against the batched flow. Statement counts are exact, so they are asserted; the
 * table is printed for the record.
 */
class StatementBudgetTest {

  private static final int READINGS = 1000;
  private static final AtomicInteger TENANTS = new AtomicInteger();
  @MigratedDatabase static TestDatabase db;
  private static TestData data;
  private static StatementCounter counter;
  private static JooqSyncDatabase database;
  private static DSLContext dsl;

  @BeforeAll
  static void createDatabase() {
    data = new TestData(db);
    counter = new StatementCounter();
    database = JooqSyncDatabase.create(db.dataSource(), counter);
    dsl = DSL.using(JooqSyncDatabase.configuration(db.dataSource(), counter));
  }

  @Test
  void statementsPer1000Readings_batchedFlow_meetsBudgetAndBeatsBaseline() {
    List<String> table = new ArrayList<>();
    table.add(
        String.format(
            "%-34s %6s %6s %14s %16s",
            "flow", "upload", "dl", "upload SQL/1000", "download SQL/1000"));

    long baselineUpload = baselineUpload();
    long baselineDownload = baselineDownload();
    table.add(row("baseline (hard-coded, per-row)", 100, 1000, baselineUpload, baselineDownload));
    assertEquals(2 + READINGS, baselineUpload, "one read per 1000, one UPDATE per reading");
    assertEquals(READINGS, baselineDownload, "one INSERT per reading");

    for (int uploadBatch : new int[] {100, 1000, 5000}) {
      int batches = (READINGS + uploadBatch - 1) / uploadBatch;
      long upload = batchedUpload(uploadBatch);
      long download = batchedDownload(1000, uploadBatch);
      table.add(row("batched (tenant batch sizes)", uploadBatch, 1000, upload, download));

      // Per batch one read, one raise of the upload horizon before sending, and one mark; one
      // more read finds the backlog empty when the last batch was full; one tenant lookup and
      // one horizon read per pass.
      int extraRead = READINGS % uploadBatch == 0 ? 1 : 0;
      assertEquals(
          2 + batches + extraRead + batches + batches, upload, "upload, batch " + uploadBatch);
      // One tenant lookup; for the one page: a cursor read, one INSERT per chunk of
      // upload_batch_size, a cursor save.
      assertEquals(1 + (1 + batches + 1), download, "download, batch " + uploadBatch);
    }
    System.out.println(
        "SQL statements per 1000 readings (upload: drain 1000 pending; download: 1000 new)");
    table.forEach(System.out::println);
  }

  private static String row(String flow, int upload, int download, long up, long dl) {
    return String.format("%-34s %6d %6d %14d %16d", flow, upload, download, up, dl);
  }

  private static long batchedUpload(int uploadBatch) {
    TenantId tenant = tenant(1000, uploadBatch);
    data.pendingReadings(tenant.value(), "r", READINGS);
    new MeterReadingUploadManager(
            tenant, cache(), database, database, new FakeClientSystem(), 3, BatchListener.NONE)
        .uploadReadings();
    assertEquals("0/" + READINGS + "/0", data.statusCounts(tenant.value()));
    return counter.statements(tenant);
  }

  private static long batchedDownload(int downloadBatch, int uploadBatch) {
    TenantId tenant = tenant(downloadBatch, uploadBatch);
    FakeClientSystem client = new FakeClientSystem();
    client.addDownloadable(TestReadings.readings(READINGS));
    SyncManager sync =
        new SyncManager(
            tenant, cache(), database, client, FakeClientSystem.SOURCE, BatchListener.NONE);
    sync.initialize();
    sync.downloadReadings();
    assertEquals("0/" + READINGS + "/0", data.statusCounts(tenant.value()));
    return counter.statements(tenant);
  }

  /** The seeds' "before" upload: 1000 fetched, sent 100 at a time, then one UPDATE per reading. */
  private static long baselineUpload() {
    TenantId tenant = tenant(null, null);
    data.pendingReadings(tenant.value(), "r", READINGS);
    FakeClientSystem client = new FakeClientSystem();
    while (true) {
      List<PendingReading> fetched = database.getUnsynchronizedReadings(tenant, 1000);
      if (fetched.isEmpty()) {
        break;
      }
      for (List<PendingReading> batch : Batches.split(fetched, 100)) {
        client.upload(batch.stream().map(PendingReading::reading).toList());
        for (PendingReading reading : batch) {
          counter.scoped(
              tenant,
              "baseline.mark",
              () ->
                  dsl.update(METER_READING)
                      .set(METER_READING.IS_SYNCHRONIZED, true)
                      .set(METER_READING.SYNC_STATUS, "synchronized")
                      .where(METER_READING.TENANT_ID.eq(tenant.value()))
                      .and(METER_READING.METER_READING_ID.eq(reading.id().value()))
                      .execute());
        }
      }
    }
    assertEquals("0/" + READINGS + "/0", data.statusCounts(tenant.value()));
    return counter.statements(tenant);
  }

  /** The naive download: one INSERT per downloaded reading. */
  private static long baselineDownload() {
    TenantId tenant = tenant(null, null);
    for (MeterReading r : TestReadings.readings(READINGS)) {
      counter.scoped(
          tenant,
          "baseline.insert",
          () ->
              dsl.insertInto(METER_READING)
                  .set(METER_READING.TENANT_ID, tenant.value())
                  .set(METER_READING.METER_READING_ID, r.id().value())
                  .set(METER_READING.METER_ID, r.meterId())
                  .set(
                      METER_READING.TAKEN_AT, OffsetDateTime.ofInstant(r.takenAt(), ZoneOffset.UTC))
                  .set(METER_READING.VALUE, r.value())
                  .set(METER_READING.UNIT, r.unit())
                  .set(METER_READING.IS_SYNCHRONIZED, true)
                  .set(METER_READING.SYNC_STATUS, "synchronized")
                  .set(METER_READING.ORIGIN, "downloaded")
                  .execute());
    }
    return counter.statements(tenant);
  }

  private static TenantId tenant(Integer download, Integer upload) {
    TenantId tenant = TenantId.of("b" + TENANTS.incrementAndGet());
    data.tenant(tenant.value(), download, upload);
    return tenant;
  }

  private static CaffeineTenantCache cache() {
    return new CaffeineTenantCache(database, 100, Duration.ofMinutes(5));
  }
}
