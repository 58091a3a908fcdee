package org.metersync.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metersync.application.fakes.TestReadings.reading;
import static org.metersync.application.fakes.TestReadings.readings;

import ch.qos.logback.classic.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.metersync.application.fakes.FakeClientSystem;
import org.metersync.application.fakes.ForwardingClientSystem;
import org.metersync.application.fakes.InMemorySyncDatabase;
import org.metersync.application.fakes.InMemorySyncDatabase.Call;
import org.metersync.application.fakes.InMemorySyncDatabase.StoredReading;
import org.metersync.application.fakes.InMemoryTenantCache;
import org.metersync.application.fakes.LogCapture;
import org.metersync.application.port.SyncDatabaseException;
import org.metersync.application.port.TenantCache;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.DownloadCursor;
import org.metersync.domain.DownloadSource;
import org.metersync.domain.ReadingOrigin;
import org.metersync.domain.SyncStatus;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemMalformedAnswerException;
import org.metersync.spi.MalformedReading;
import org.metersync.spi.ReadingsPage;

class SyncManagerTest {

  private static final TenantId T = TenantId.of("tenant-1");

  private final InMemorySyncDatabase db = new InMemorySyncDatabase();
  private final InMemoryTenantCache cache = new InMemoryTenantCache(db);
  private final FakeClientSystem client = new FakeClientSystem();
  private final List<Integer> pagesDone = new ArrayList<>();
  private final SyncManager manager =
      new SyncManager(
          T, cache, db, client, FakeClientSystem.SOURCE, (t, op, n, count) -> pagesDone.add(count));

  @Test
  void downloadReadings_pageLargerThanAskedFor_stopsWithMalformedAnswerAndStoresNothing() {
    db.addTenant(T, 5, 5);
    client.addDownloadable(readings("d-", 6));
    ClientSystemApi oversized =
        new ForwardingClientSystem(client) {
          @Override
          public ReadingsPage fetchReadings(Optional<String> cursor, int limit) {
            return client.fetchReadings(cursor, limit + 1);
          }
        };
    SyncManager sync =
        new SyncManager(T, cache, db, oversized, FakeClientSystem.SOURCE, BatchListener.NONE);
    sync.initialize();

    DownloadReport report = sync.downloadReadings();

    assertTrue(report.failure().orElseThrow() instanceof ClientSystemMalformedAnswerException);
    assertEquals(
        "tenant " + T + ": asked for at most 5 readings, the client system sent 6",
        report.failure().get().getMessage());
    assertEquals(0, report.inserted());
    assertEquals(List.of(), db.readings(T));
    assertEquals(Optional.empty(), db.storedCursor(T));
  }

  @Test
  void initialize_storedSizes_returnsThemAndLogsWithSourceDatabase() {
    db.addTenant(T, 500, 50);

    try (LogCapture log = LogCapture.of(SyncManager.class)) {
      BatchSizes sizes = manager.initialize();

      assertEquals(new BatchSizes(500, 50), sizes);
      assertEquals(TenantCache.Source.DATABASE, manager.batchSizeSource());
      assertEquals(
          List.of(
              "tenant=tenant-1 batch config: downloadBatchSize=500 uploadBatchSize=50"
                  + " source=database"),
          log.messages(Level.INFO));
    }
  }

  @Test
  void initialize_secondTime_sourceIsTenantCache() {
    db.addTenant(T, 500, 50);
    manager.initialize();

    manager.initialize();

    assertEquals(TenantCache.Source.CACHE, manager.batchSizeSource());
    assertEquals(1, db.calls(Call.FIND_TENANT));
  }

  @Test
  void initialize_missingSizes_usesDefaultsAndWarns() {
    db.addTenant(T, null, null);

    try (LogCapture log = LogCapture.of(SyncManager.class)) {
      BatchSizes sizes = manager.initialize();

      assertEquals(BatchSizes.DEFAULTS, sizes);
      assertEquals(TenantCache.Source.DEFAULTS, manager.batchSizeSource());
      assertEquals(
          List.of(
              "tenant=tenant-1 missing batch size: download_batch_size is not configured; using"
                  + " the default 1000",
              "tenant=tenant-1 missing batch size: upload_batch_size is not configured; using"
                  + " the default 100"),
          log.messages(Level.WARN));
      assertTrue(log.messages(Level.INFO).get(0).endsWith("source=defaults"));
    }
  }

  @Test
  void initialize_invalidSize_usesDefaultAndLogsErrorNamingTheColumn() {
    db.addTenant(T, 20_000, 50);

    try (LogCapture log = LogCapture.of(SyncManager.class)) {
      BatchSizes sizes = manager.initialize();

      assertEquals(new BatchSizes(1000, 50), sizes);
      assertEquals(
          List.of(
              "tenant=tenant-1 invalid batch size: download_batch_size is 20000, outside"
                  + " 1..10000; using the default 1000"),
          log.messages(Level.ERROR));
    }
  }

  @Test
  void downloadReadings_beforeInitialize_throws() {
    db.addTenant(T);

    IllegalStateException e = assertThrows(IllegalStateException.class, manager::downloadReadings);

    assertEquals("call initialize() first, tenant tenant-1", e.getMessage());
  }

  @Test
  void downloadReadings_asksForDownloadBatchSizeAndInsertsInUploadSizeChunks() {
    db.addTenant(T, 10, 4);
    client.addDownloadable(readings("d-", 25));
    manager.initialize();

    DownloadReport report = manager.downloadReadings();

    assertEquals(List.of(10, 10, 10), client.fetchLimits());
    assertEquals(List.of(4, 4, 2, 4, 4, 2, 4, 1), db.insertSizes());
    assertEquals(new DownloadReport(10, 4, 3, 8, 25, 25, 0, Optional.empty()), report);
    assertEquals(List.of(10, 10, 5), pagesDone);
  }

  @Test
  void downloadReadings_insertedReadings_areSynchronizedAndDownloaded() {
    db.addTenant(T, 10, 4);
    client.addDownloadable(readings("d-", 3));
    manager.initialize();

    manager.downloadReadings();

    List<StoredReading> rows = db.readings(T);
    assertEquals(readings("d-", 3), rows.stream().map(StoredReading::reading).toList());
    rows.forEach(
        r -> {
          assertEquals(SyncStatus.SYNCHRONIZED, r.status());
          assertEquals(ReadingOrigin.DOWNLOADED, r.origin());
        });
  }

  @Test
  void downloadReadings_eachPage_storedWithItsCursorInOneTransaction() {
    db.addTenant(T, 10, 4);
    client.addDownloadable(readings("d-", 25));
    manager.initialize();

    manager.downloadReadings();

    assertEquals(3, db.transactionsCommitted());
    assertEquals(3, db.calls(Call.SAVE_DOWNLOAD_CURSOR));
    assertEquals(Optional.of("25"), db.storedCursor(T));
    assertEquals(
        List.of(Optional.empty(), Optional.of("10"), Optional.of("20")), client.fetchCursors());
  }

  @Test
  void downloadReadings_again_startsAtStoredCursorAndInsertsNothingTwice() {
    db.addTenant(T, 10, 4);
    client.addDownloadable(readings("d-", 5));
    manager.initialize();
    manager.downloadReadings();

    DownloadReport again = manager.downloadReadings();

    assertEquals(Optional.of("5"), client.fetchCursors().get(1));
    assertEquals(0, again.inserted());
    assertEquals(5, db.readings(T).size());
  }

  @Test
  void downloadReadings_cursorOfThisSource_resumesThere() {
    db.addTenant(T, 10, 4);
    client.addDownloadable(readings("d-", 5));
    db.saveDownloadCursor(T, DownloadCursor.of("3", FakeClientSystem.SOURCE));
    manager.initialize();

    DownloadReport report = manager.downloadReadings();

    assertEquals(Optional.of("3"), client.fetchCursors().get(0));
    assertEquals(2, report.received());
  }

  @Test
  void downloadReadings_cursorOfAnotherEndpoint_neverSentAndDownloadStartsFromTheBeginning() {
    db.addTenant(T, 10, 4);
    client.addDownloadable(readings("d-", 5));
    DownloadSource before = new DownloadSource(FakeClientSystem.KIND, "memory:elsewhere");
    db.saveDownloadCursor(T, DownloadCursor.of("3", before));
    manager.initialize();

    DownloadReport report;
    try (LogCapture log = LogCapture.of(SyncManager.class)) {
      report = manager.downloadReadings();
      assertTrue(
          log.messages(Level.INFO).stream()
              .anyMatch(
                  m ->
                      m.contains("tenant=tenant-1")
                          && m.contains("fake at memory:elsewhere")
                          && m.contains("downloading from the beginning")),
          log.lines().toString());
    }

    assertEquals(Optional.empty(), client.fetchCursors().get(0));
    assertTrue(client.fetchCursors().stream().noneMatch(c -> c.equals(Optional.of("3"))));
    assertEquals(5, report.received());
    assertEquals(
        Optional.of(DownloadCursor.of("5", FakeClientSystem.SOURCE)),
        db.storedDownloadCursor(T),
        "the new cursor is stored as this source's");
  }

  @Test
  void downloadReadings_cursorOfAnotherKind_neverSent() {
    db.addTenant(T, 10, 4);
    client.addDownloadable(readings("d-", 5));
    DownloadSource other = new DownloadSource("other-kind", FakeClientSystem.SOURCE.endpoint());
    db.saveDownloadCursor(T, DownloadCursor.of("3", other));
    manager.initialize();

    manager.downloadReadings();

    assertEquals(Optional.empty(), client.fetchCursors().get(0));
  }

  @Test
  void downloadReadings_cursorStoredWithoutSource_neverSent() {
    db.addTenant(T, 10, 4);
    client.addDownloadable(readings("d-", 5));
    db.saveDownloadCursor(T, "3");
    manager.initialize();

    DownloadReport report = manager.downloadReadings();

    assertEquals(Optional.empty(), client.fetchCursors().get(0));
    assertEquals(5, report.received());
  }

  @Test
  void downloadReadings_pageDownloadedTwice_insertsNothingTwice() {
    db.addTenant(T, 10, 4);
    client.addDownloadable(readings("d-", 5));
    manager.initialize();
    manager.downloadReadings();
    db.saveDownloadCursor(T, DownloadCursor.of("0", FakeClientSystem.SOURCE));

    DownloadReport again = manager.downloadReadings();

    assertEquals(5, again.received());
    assertEquals(0, again.inserted());
    assertEquals(5, db.readings(T).size());
  }

  @Test
  void downloadReadings_sameIdAsLocalUnsynchronizedEdit_keepsTheLocalReading() {
    db.addTenant(T, 10, 4);
    db.addLocalReading(T, reading(1));
    db.editReading(T, reading(1).id());
    client.addDownloadable(reading(1), reading(2));
    manager.initialize();

    DownloadReport report = manager.downloadReadings();

    assertEquals(1, report.inserted());
    StoredReading local = db.reading(T, reading(1).id()).orElseThrow();
    assertEquals(ReadingOrigin.LOCAL, local.origin());
    assertEquals(SyncStatus.PENDING, local.status());
    assertEquals(2, local.version());
  }

  @Test
  void downloadReadings_malformedReading_quarantinedAndRestInserted() {
    db.addTenant(T, 10, 4);
    MalformedReading bad = new MalformedReading("d-x", "{\"value\":null}", "value is missing");
    client.addDownloadable(reading("d-", 1)).addMalformed(bad).addDownloadable(reading("d-", 2));
    manager.initialize();

    DownloadReport report = manager.downloadReadings();

    assertEquals(List.of(bad), db.quarantined(T));
    assertEquals(2, report.inserted());
    assertEquals(3, report.received());
    assertEquals(1, report.quarantined());
  }

  @Test
  void downloadReadings_requestFails_stopsAndReportsKeepingEarlierPages() {
    db.addTenant(T, 10, 4);
    client.addDownloadable(readings("d-", 25));
    ClientSystemMalformedAnswerException garbage =
        new ClientSystemMalformedAnswerException("not JSON");
    client.failFetchAfter(1, garbage);
    manager.initialize();

    try (LogCapture log = LogCapture.of(SyncManager.class)) {
      DownloadReport report = manager.downloadReadings();

      assertSame(garbage, report.failure().orElseThrow());
      assertEquals(1, report.pages());
      assertEquals(10, report.inserted());
      assertEquals(Optional.of("10"), db.storedCursor(T));
      assertEquals(List.of(10, 10), client.fetchLimits());
      assertEquals(
          List.of("tenant=tenant-1 download failed after 1 pages: not JSON"),
          log.messages(Level.WARN));
    }
  }

  @Test
  void downloadReadings_transactionFails_nothingOfThePageIsKept() {
    db.addTenant(T, 10, 4);
    client.addDownloadable(readings("d-", 15));
    client.addMalformed(new MalformedReading(null, "?", "no id"));
    db.failAfter(Call.SAVE_DOWNLOAD_CURSOR, 1);
    manager.initialize();

    assertThrows(SyncDatabaseException.class, manager::downloadReadings);

    assertEquals(10, db.readings(T).size(), "only the first page");
    assertEquals(List.of(), db.quarantined(T));
    assertEquals(Optional.of("10"), db.storedCursor(T));
    assertEquals(1, db.transactionsRolledBack());
  }

  @Test
  void downloadReadings_serverPagesSmallerThanAsked_keepsAskingForDownloadBatchSize() {
    db.addTenant(T, 10, 4);
    client.addDownloadable(readings("d-", 7)).maxPageSize(3);
    manager.initialize();

    DownloadReport report = manager.downloadReadings();

    assertEquals(List.of(10, 10, 10), client.fetchLimits());
    assertEquals(7, report.inserted());
  }

  @Test
  void downloadReadings_emptyFeed_onePageNothingInserted() {
    db.addTenant(T, 10, 4);
    manager.initialize();

    DownloadReport report = manager.downloadReadings();

    assertEquals(new DownloadReport(10, 4, 1, 0, 0, 0, 0, Optional.empty()), report);
    assertEquals(0, db.calls(Call.INSERT_READINGS));
  }

  @Test
  void downloadReadings_stopRequested_fetchesNothing() {
    db.addTenant(T, 10, 4);
    client.addDownloadable(readings("d-", 5));
    manager.initialize();

    DownloadReport report = manager.downloadReadings(() -> true);

    assertEquals(List.of(), client.fetchLimits());
    assertEquals(0, report.pages());
  }
}
