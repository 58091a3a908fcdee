package org.metersync.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metersync.application.fakes.TestReadings.readings;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.metersync.application.fakes.FakeClientSystem;
import org.metersync.application.fakes.ForwardingClientSystem;
import org.metersync.application.fakes.InMemorySyncDatabase;
import org.metersync.application.fakes.InMemorySyncDatabase.Call;
import org.metersync.application.fakes.InMemoryTenantCache;
import org.metersync.application.fakes.TestThreads;
import org.metersync.application.port.SyncDatabaseException;
import org.metersync.domain.MeterReading;
import org.metersync.domain.SyncStatus;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ReadingsPage;

/** The download with the next page fetched on another thread while the last one is stored. */
class PipelinedDownloadTest {

  private static final TenantId T = TenantId.of("tenant-1");

  private final InMemorySyncDatabase db = new InMemorySyncDatabase();
  private final InMemoryTenantCache cache = new InMemoryTenantCache(db);
  private final FakeClientSystem client = new FakeClientSystem();
  private final ExecutorService fetches = TestThreads.daemon("pipelined-download-test");
  private final CountDownLatch secondFetch = new CountDownLatch(1);
  private final ClientSystemApi watched =
      new ForwardingClientSystem(client) {
        @Override
        public ReadingsPage fetchReadings(Optional<String> cursor, int limit) {
          if (client.fetchCursors().size() == 1) {
            secondFetch.countDown();
          }
          return super.fetchReadings(cursor, limit);
        }
      };

  @AfterEach
  void stopFetches() {
    fetches.shutdownNow();
  }

  private SyncManager manager() {
    SyncManager manager =
        new SyncManager(
            T, cache, db, watched, FakeClientSystem.SOURCE, BatchListener.NONE, fetches);
    manager.initialize();
    return manager;
  }

  @Test
  void downloadReadings_fetchingAhead_storesEveryPageOnceWithTheLastCursor() {
    db.addTenant(T, 4, 3);
    client.addDownloadable(readings("d-", 10));

    DownloadReport report = manager().downloadReadings();

    assertEquals(3, report.pages());
    assertEquals(10, report.inserted());
    assertEquals(readings("d-", 10), downloaded());
    assertEquals(3, client.fetchCursors().size(), "one request per page, none after the last");
    assertEquals(Optional.empty(), client.fetchCursors().get(0));
    assertTrue(db.storedCursor(T).isPresent());
  }

  @Test
  void downloadReadings_nextPageIsFetchedWhileTheLastIsStored() {
    db.addTenant(T, 4, 3);
    client.addDownloadable(readings("d-", 8));
    AtomicBoolean overlapped = new AtomicBoolean();
    db.beforeNext(Call.IN_TRANSACTION, () -> overlapped.set(TestThreads.opened(secondFetch)));

    DownloadReport report = manager().downloadReadings();

    assertTrue(overlapped.get(), "the first page's transaction saw the second page being fetched");
    assertEquals(8, report.inserted());
  }

  @Test
  void downloadReadings_storeFails_pageFetchedAheadIsDroppedAndTheCursorStays() {
    db.addTenant(T, 4, 3);
    client.addDownloadable(readings("d-", 8));
    db.failAfter(Call.IN_TRANSACTION, 1);

    assertThrows(SyncDatabaseException.class, () -> manager().downloadReadings());

    assertEquals(readings("d-", 4), downloaded(), "only the first page is stored");
    String afterFirstPage = db.storedCursor(T).orElseThrow();
    assertEquals(Optional.of(afterFirstPage), client.fetchCursors().get(1));

    DownloadReport next = manager().downloadReadings();

    assertEquals(4, next.inserted(), "the dropped page is fetched again from the stored cursor");
    assertEquals(readings("d-", 8), downloaded());
  }

  @Test
  void downloadReadings_stopAfterTheFirstPage_pageFetchedAheadIsNotStored() {
    db.addTenant(T, 4, 3);
    client.addDownloadable(readings("d-", 12));
    SyncManager manager = manager();

    DownloadReport report = manager.downloadReadings(() -> db.transactionsCommitted() >= 1);

    assertEquals(1, report.pages());
    assertEquals(readings("d-", 4), downloaded());
  }

  private List<MeterReading> downloaded() {
    return db.readings(T, SyncStatus.SYNCHRONIZED).stream()
        .map(InMemorySyncDatabase.StoredReading::reading)
        .toList();
  }
}
