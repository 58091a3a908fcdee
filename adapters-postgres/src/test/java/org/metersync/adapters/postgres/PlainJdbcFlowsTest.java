package org.metersync.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ReadingsPage;

/**
 * The yardsticks count exactly the statements they send and leave the rows as the service would.
 */
class PlainJdbcFlowsTest {

  private static final AtomicInteger TENANTS = new AtomicInteger();
  private static TestDatabase db;
  private static TestData data;
  private static PlainJdbcFlows flows;
  private TenantId tenant;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.migrated();
    data = new TestData(db);
    flows = new PlainJdbcFlows(db.dataSource());
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @BeforeEach
  void newTenant() {
    tenant = TenantId.of("flows-" + TENANTS.incrementAndGet());
    data.tenant(tenant.value(), null, null);
  }

  @Test
  void uploadInBatches_250PendingAt100_marksAllWithASelectAndAMarkPerBatch() {
    data.pendingReadings(tenant.value(), "r", 250);

    long statements = flows.uploadInBatches(tenant, 100);

    // batches of 100, 100, 50: the last is short, so no further select
    assertEquals(3 + 3, statements);
    assertEquals("0/250/0", data.statusCounts(tenant.value()));
  }

  @Test
  void uploadInBatches_timed_eachSelectAndMarkToldUnderTheServicesOperationNames() {
    data.pendingReadings(tenant.value(), "r", 250);
    List<String> told = new ArrayList<>();

    long statements =
        flows.uploadInBatches(
            tenant,
            100,
            (operation, nanos) -> {
              assertTrue(nanos > 0, operation + " took " + nanos);
              told.add(operation);
            });

    assertEquals(6, statements);
    String select = PlainJdbcFlows.SELECT_OPERATION;
    String mark = PlainJdbcFlows.MARK_OPERATION;
    assertEquals(List.of(select, mark, select, mark, select, mark), told);
    assertEquals("0/250/0", data.statusCounts(tenant.value()));
  }

  @Test
  void uploadInBatches_readingEditedBeforeItsMark_leftPendingAsTheService() {
    data.pendingReadings(tenant.value(), "r", 3);
    AtomicBoolean edited = new AtomicBoolean();

    flows.uploadInBatches(
        tenant,
        3,
        (operation, nanos) -> {
          if (operation.equals(PlainJdbcFlows.SELECT_OPERATION)
              && edited.compareAndSet(false, true)) {
            db.execute(
                "UPDATE meter_reading SET value = value + 1 WHERE tenant_id = '"
                    + tenant.value()
                    + "' AND meter_reading_id = 'r2'");
          }
        });

    assertEquals("1/2/0", data.statusCounts(tenant.value()));
  }

  @Test
  void uploadRowByRow_aRejectionPerBatch_marksEveryHeldReadingWithAStatementOfItsOwn() {
    data.pendingReadings(tenant.value(), "r", 250);
    List<Integer> batchSizes = new ArrayList<>();

    long statements =
        flows.uploadRowByRow(
            tenant,
            100,
            30,
            batch -> {
              batchSizes.add(batch.size());
              Map<ReadingId, UploadVerdict> verdicts = new LinkedHashMap<>();
              batch.forEach(r -> verdicts.put(r.id(), UploadVerdict.ACCEPTED));
              verdicts.put(batch.get(0).id(), UploadVerdict.rejected("no"));
              return verdicts;
            });

    assertEquals(List.of(30, 30, 30, 10, 30, 30, 30, 10, 30, 20), batchSizes);
    // 3 selects with rows and the empty one, and one UPDATE per accepted reading
    assertEquals(4 + (250 - 10), statements);
    assertEquals("10/240/0", data.statusCounts(tenant.value()));
  }

  @Test
  void downloadRowByRow_250InPagesOf100_anInsertPerReadingAndACursorPerPage() {
    List<Optional<String>> cursors = new ArrayList<>();

    long statements =
        flows.downloadRowByRow(
            tenant,
            100,
            30,
            (cursor, limit) -> {
              cursors.add(cursor);
              int from = cursor.map(Integer::parseInt).orElse(0);
              int to = Math.min(250, from + limit);
              List<MeterReading> readings = new ArrayList<>();
              for (int n = from + 1; n <= to; n++) {
                readings.add(reading(n));
              }
              return new ReadingsPage(readings, List.of(), Integer.toString(to), to < 250);
            });

    assertEquals(List.of(Optional.empty(), Optional.of("100"), Optional.of("200")), cursors);
    assertEquals(1 + 250 + 3, statements);
    assertEquals("0/250/0", data.statusCounts(tenant.value()));
    assertEquals(
        "250",
        data.queryString(
            "SELECT cursor FROM download_cursor WHERE tenant_id = '" + tenant.value() + "'"));
  }

  @Test
  void copyPages_250InPagesOf100AndChunksOf30_aCopyPerChunkStoringTheFeedAsDownloaded() {
    long statements = flows.copyPages(tenant, 250, 100, 30, PlainJdbcFlowsTest::reading);

    // pages of 100, 100, 50 in chunks of 30: 4 + 4 + 2
    assertEquals(10, statements);
    assertEquals("0/250/0", data.statusCounts(tenant.value()));
    assertEquals(
        "m-7 2026-01-01 00:07:00+00 1.75 kWh downloaded",
        data.queryString(
            "SELECT meter_id || ' ' || to_char(taken_at AT TIME ZONE 'UTC',"
                + " 'YYYY-MM-DD HH24:MI:SS') || '+00 ' || value || ' ' || unit || ' ' || origin"
                + " FROM meter_reading WHERE tenant_id = '"
                + tenant.value()
                + "' AND meter_reading_id = 'dl-7'"));
  }

  private static MeterReading reading(long n) {
    return new MeterReading(
        ReadingId.of("dl-" + n),
        "m-" + n,
        Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60 * n),
        BigDecimal.valueOf(n * 25, 2),
        "kWh");
  }
}
