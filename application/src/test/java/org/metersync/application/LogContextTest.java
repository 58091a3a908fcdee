package org.metersync.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metersync.application.fakes.TestReadings.readings;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.metersync.application.fakes.FakeClientSystem;
import org.metersync.application.fakes.ForwardingClientSystem;
import org.metersync.application.fakes.InMemorySyncDatabase;
import org.metersync.application.fakes.InMemoryTenantCache;
import org.metersync.application.fakes.LogCapture;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ReadingsPage;
import org.slf4j.MDC;

/**
 * A tenant's work runs with its tenant, cycle and batch in the MDC, and leaves the MDC as found.
 */
class LogContextTest {

  private static final TenantId T = TenantId.of("tenant-1");

  private final InMemorySyncDatabase db = new InMemorySyncDatabase().addTenant(T, 5, 4);
  private final InMemoryTenantCache cache = new InMemoryTenantCache(db);
  private final FakeClientSystem fake = new FakeClientSystem();
  private final List<Map<String, String>> calls = new ArrayList<>();
  private final ForwardingClientSystem client =
      new ForwardingClientSystem(fake) {
        @Override
        public Map<ReadingId, UploadVerdict> upload(List<MeterReading> batch) {
          calls.add(context());
          return super.upload(batch);
        }

        @Override
        public ReadingsPage fetchReadings(Optional<String> cursor, int limit) {
          calls.add(context());
          return super.fetchReadings(cursor, limit);
        }
      };
  private final TenantCycles cycles =
      new TenantCycles(db.leases().holder("log-context"), (tenantId, cycle) -> {});
  private final TenantSyncCycle cycle =
      new TenantSyncCycle(
          T,
          new SyncManager(T, cache, db, client, FakeClientSystem.SOURCE, BatchListener.NONE),
          new MeterReadingUploadManager(T, cache, db, db, client, 3, BatchListener.NONE),
          db,
          Clock.systemUTC());

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  @Test
  void runLocked_callsToTheClientSystem_carryTenantCycleOperationAndBatch() {
    db.addLocalReadings(T, readings(9));
    fake.addDownloadable(readings("d-", 7));

    cycles.runLocked(cycle, () -> false);
    db.addLocalReadings(T, readings("second-", 1));
    cycles.runLocked(cycle, () -> false);

    assertEquals(
        List.of(
            context("1", "upload", "1"),
            context("1", "upload", "2"),
            context("1", "upload", "3"),
            context("1", "download", "1"),
            context("1", "download", "2"),
            context("2", "upload", "1"),
            context("2", "download", "1")),
        calls);
    assertTrue(MDC.getCopyOfContextMap() == null || MDC.getCopyOfContextMap().isEmpty());
  }

  @Test
  void run_uploadBatchLines_carryTheirOwnBatchNumber() {
    db.addLocalReadings(T, readings(9));

    try (LogCapture log = LogCapture.of(MeterReadingUploadManager.class)) {
      cycle.run();

      List<String> batches = new ArrayList<>();
      for (int i = 0; i < log.lines().size(); i++) {
        Map<String, String> context = log.contexts().get(i);
        assertEquals("tenant-1", context.get(LogContext.TENANT), log.lines().get(i).message());
        assertEquals("1", context.get(LogContext.CYCLE));
        assertTrue(log.lines().get(i).message().contains("batch " + context.get("batch")));
        batches.add(context.get(LogContext.BATCH));
      }
      assertEquals(List.of("1", "2", "3"), batches);
    }
  }

  @Test
  void scopes_nest_andClosingRestoresWhatWasThere() {
    try (LogContext.Scope outer = LogContext.batch(BatchOperation.UPLOAD, 3)) {
      try (LogContext.Scope inner = LogContext.batch(BatchOperation.DOWNLOAD, 1)) {
        assertEquals("download", MDC.get(LogContext.OPERATION));
        assertEquals("1", MDC.get(LogContext.BATCH));
      }
      assertEquals("upload", MDC.get(LogContext.OPERATION));
      assertEquals("3", MDC.get(LogContext.BATCH));
    }
    assertNull(MDC.get(LogContext.OPERATION));
    assertNull(MDC.get(LogContext.BATCH));
  }

  private static Map<String, String> context() {
    Map<String, String> copy = MDC.getCopyOfContextMap();
    return copy == null ? Map.of() : Map.copyOf(copy);
  }

  private static Map<String, String> context(String cycle, String operation, String batch) {
    Map<String, String> expected = new HashMap<>();
    expected.put(LogContext.TENANT, T.value());
    expected.put(LogContext.CYCLE, cycle);
    expected.put(LogContext.OPERATION, operation);
    expected.put(LogContext.BATCH, batch);
    return expected;
  }
}
