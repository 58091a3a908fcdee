package org.metersync.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metersync.application.fakes.TestReadings.readings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.metersync.application.fakes.FakeClientSystem;
import org.metersync.application.fakes.FakeClientSystem.UploadAnswer;
import org.metersync.application.fakes.InMemorySyncDatabase;
import org.metersync.application.fakes.InMemoryTenantCache;
import org.metersync.application.port.TenantCache;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.CycleOutcome;
import org.metersync.domain.SyncStatus;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemUnavailableException;

class TenantSyncCycleTest {

  private static final TenantId T = TenantId.of("tenant-1");

  private final InMemorySyncDatabase db = new InMemorySyncDatabase().addTenant(T, 10, 4);
  private final InMemoryTenantCache cache = new InMemoryTenantCache(db);
  private final FakeClientSystem client = new FakeClientSystem();
  private final List<BatchOperation> operations = new ArrayList<>();
  private final BatchListener listener = (t, op, n, count) -> operations.add(op);
  private final TenantSyncCycle cycle =
      new TenantSyncCycle(
          T,
          new SyncManager(T, cache, db, client, FakeClientSystem.SOURCE, listener),
          new MeterReadingUploadManager(T, cache, db, db, client, 3, listener),
          db,
          new SteppingClock(Duration.ofMillis(7)));

  @Test
  void run_batchSizes_lookedUpOnceAndUsedForBothDirections() {
    db.addLocalReadings(T, readings(9));
    client.addDownloadable(readings("d-", 25));
    List<TenantId> lookups = new ArrayList<>();
    TenantCache counting =
        new TenantCache() {
          @Override
          public Lookup getTenant(TenantId tenantId) {
            lookups.add(tenantId);
            return cache.getTenant(tenantId);
          }

          @Override
          public void invalidate(TenantId tenantId) {
            cache.invalidate(tenantId);
          }

          @Override
          public void invalidateAll() {
            cache.invalidateAll();
          }
        };
    TenantSyncCycle counted =
        new TenantSyncCycle(
            T,
            new SyncManager(T, counting, db, client, FakeClientSystem.SOURCE, listener),
            new MeterReadingUploadManager(T, counting, db, db, client, 3, listener),
            db,
            new SteppingClock(Duration.ofMillis(7)));

    counted.run();

    assertEquals(List.of(T), lookups);
    assertEquals(List.of(4, 4, 1), client.uploadRequestSizes());
    assertEquals(List.of(10, 10, 10), client.fetchLimits());
  }

  @Test
  void run_uploadsThenDownloads() {
    db.addLocalReadings(T, readings(5));
    client.addDownloadable(readings("d-", 12));

    CycleReport report = cycle.run();

    assertEquals(
        List.of(
            BatchOperation.UPLOAD,
            BatchOperation.UPLOAD,
            BatchOperation.DOWNLOAD,
            BatchOperation.DOWNLOAD),
        operations);
    assertEquals(
        List.of("upload", "download"),
        List.of(BatchOperation.UPLOAD.code(), BatchOperation.DOWNLOAD.code()));
    assertEquals(CycleOutcome.OK, report.outcome());
    assertEquals(readings(5), client.received());
    assertEquals(17, db.readings(T, SyncStatus.SYNCHRONIZED).size(), "5 uploaded + 12 downloaded");
    assertTrue(report.succeeded());
  }

  @Test
  void run_report_carriesSizesSourceCountsStatementsAndDuration() {
    db.addLocalReadings(T, readings(5));
    client.addDownloadable(readings("d-", 12));

    CycleReport report = cycle.run();

    assertEquals(T, report.tenantId());
    assertEquals(new BatchSizes(10, 4), report.batchSizes());
    assertEquals(TenantCache.Source.DATABASE, report.batchSizeSource());
    assertEquals(2, report.upload().batches());
    assertEquals(2, report.download().pages());
    assertEquals(2 + 4, report.batches(), "2 upload batches + 4 insert chunks (4+4+2, 2)");
    assertEquals(5 + 12, report.readings());
    assertEquals(db.statements(T), report.sqlStatements());
    assertEquals(Duration.ofMillis(7), report.duration());
  }

  @Test
  void run_secondCycle_sourceIsTenantCacheAndCountsOnlyItsOwnStatements() {
    cycle.run();
    long afterFirst = db.statements(T);

    CycleReport second = cycle.run();

    assertEquals(TenantCache.Source.CACHE, second.batchSizeSource());
    assertEquals(db.statements(T) - afterFirst, second.sqlStatements());
  }

  @Test
  void run_uploadFails_stillDownloadsAndReportsBoth() {
    db.addLocalReadings(T, readings(2));
    client.addDownloadable(readings("d-", 3));
    ClientSystemUnavailableException down = new ClientSystemUnavailableException("500", null);
    client.answerUploads(UploadAnswer.fail(down));

    CycleReport report = cycle.run();

    assertEquals(3, report.download().inserted());
    assertEquals(1, client.fetchLimits().size());
    assertFalse(report.succeeded());
    assertEquals(CycleOutcome.FAILED, report.outcome());
    assertSame(down, report.failure().orElseThrow());
    assertEquals(List.of(down), report.failures());
    assertEquals(2, db.readings(T, SyncStatus.PENDING).size());
  }

  @Test
  void run_uploadAndDownloadFail_reportsBothFailures() {
    db.addLocalReadings(T, readings(2));
    ClientSystemUnavailableException down = new ClientSystemUnavailableException("refused", null);
    ClientSystemUnavailableException busy =
        new ClientSystemUnavailableException("429", Duration.ofSeconds(30), null);
    client.answerUploads(UploadAnswer.fail(down)).unreachable(down).failNextFetch(busy);

    CycleReport report = cycle.run();

    assertSame(down, report.failure().orElseThrow());
    assertEquals(List.of(down, busy), report.failures());
    assertEquals(0, report.download().pages());
  }

  @Test
  void run_downloadFails_reportsTheDownloadFailure() {
    ClientSystemUnavailableException busy =
        new ClientSystemUnavailableException("429", Duration.ofSeconds(30), null);
    client.failNextFetch(busy);

    CycleReport report = cycle.run();

    assertSame(busy, report.failure().orElseThrow());
    assertEquals(0, report.download().pages());
  }

  @Test
  void run_stopRequestedDuringUpload_skipsDownload() {
    db.addLocalReadings(T, readings(9));

    CycleReport report = cycle.run(() -> !client.uploadRequests().isEmpty());

    assertNull(report.download());
    assertEquals(1, report.upload().batches());
    assertTrue(report.succeeded());
  }

  @Test
  void run_batchSizesChangedBetweenCycles_nextCycleUsesThem() {
    db.addLocalReadings(T, readings(4));
    cycle.run();
    db.addLocalReadings(T, readings("n-", 4));

    new TenantBatchSizes(db, cache).set(T, 3, 2);
    CycleReport second = cycle.run();

    assertEquals(new BatchSizes(3, 2), second.batchSizes());
    assertEquals(List.of(4, 2, 2), client.uploadRequestSizes());
    assertEquals(3, client.fetchLimits().get(client.fetchLimits().size() - 1));
  }

  /** A clock that moves on by a fixed step each time it is read: durations without waiting. */
  private static final class SteppingClock extends Clock {
    private final Duration step;
    private Instant now = Instant.parse("2024-01-01T00:00:00Z");

    SteppingClock(Duration step) {
      this.step = step;
    }

    @Override
    public Instant instant() {
      Instant current = now;
      now = now.plus(step);
      return current;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("not needed by the cycle");
    }
  }
}
