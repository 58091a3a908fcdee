package org.metersync.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metersync.application.fakes.TestReadings.readings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.metersync.application.fakes.FakeClientSystem;
import org.metersync.application.fakes.FakeClientSystem.UploadAnswer;
import org.metersync.application.fakes.ForwardingClientSystem;
import org.metersync.application.fakes.InMemorySyncDatabase;
import org.metersync.application.fakes.InMemorySyncDatabase.Call;
import org.metersync.application.fakes.InMemorySyncDatabase.StoredReading;
import org.metersync.application.fakes.InMemoryTenantCache;
import org.metersync.application.fakes.TestThreads;
import org.metersync.application.port.SyncDatabaseException;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.SyncStatus;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemUnavailableException;

/** The upload with its marks on another thread, overlapping the next batch's upload. */
class PipelinedUploadTest {

  private static final TenantId T = TenantId.of("tenant-1");

  private final InMemorySyncDatabase db = new InMemorySyncDatabase();
  private final InMemoryTenantCache cache = new InMemoryTenantCache(db);
  private final FakeClientSystem client = new FakeClientSystem();
  private final CountingClient counting = new CountingClient(client);
  private final List<Integer> batchesDone = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService marks = TestThreads.daemon("pipelined-upload-test");

  @AfterEach
  void stopMarks() {
    marks.shutdownNow();
  }

  private MeterReadingUploadManager manager(Executor executor) {
    return new MeterReadingUploadManager(
        T, cache, db, db, counting, 3, (t, op, n, count) -> batchesDone.add(count), executor);
  }

  @Test
  void uploadReadings_marksOnAnotherThread_sameResultAsOneAtATime() {
    db.addTenant(T, 1000, 3);
    db.addLocalReadings(T, readings(7));

    UploadReport report = manager(marks).uploadReadings();

    assertEquals(readings(7), client.uploadRequests().stream().flatMap(List::stream).toList());
    assertEquals(7, db.readings(T, SyncStatus.SYNCHRONIZED).size());
    assertEquals(new UploadReport(3, 3, 7, 7, 0, 7, 0, 0, 0, Optional.empty()), report);
    assertEquals(List.of(3, 3, 1), db.markSizes());
    assertEquals(List.of(3, 3, 1), batchesDone);
  }

  @Test
  void uploadReadings_aBatchsMark_runsWhileLaterBatchesAreUploaded() throws InterruptedException {
    db.addTenant(T, 1000, 3);
    db.addLocalReadings(T, readings(6));
    CountDownLatch secondUpload = counting.latchAt(2);
    AtomicBoolean overlapped = new AtomicBoolean();
    AtomicInteger marksStarted = new AtomicInteger();

    UploadReport report =
        manager(
                task ->
                    marks.execute(
                        () -> {
                          if (marksStarted.incrementAndGet() == 1) {
                            overlapped.set(TestThreads.opened(secondUpload));
                          }
                          task.run();
                        }))
            .uploadReadings();

    assertTrue(overlapped.get(), "the first mark waited for the second upload and it came");
    assertEquals(6, report.synchronizedCount());
    assertEquals(6, db.readings(T, SyncStatus.SYNCHRONIZED).size());
  }

  @Test
  void uploadReadings_markFails_errorRaisedAfterTheMarksInFlightAndNoMoreSent() {
    db.addTenant(T, 1000, 3);
    db.addLocalReadings(T, readings(15));
    db.failNext(Call.MARK_READINGS_AS_SYNCHRONIZED);
    CountDownLatch thirdUpload = counting.latchAt(3);

    SyncDatabaseException thrown =
        assertThrows(
            SyncDatabaseException.class,
            () ->
                manager(
                        task ->
                            marks.execute(
                                () -> {
                                  TestThreads.opened(thirdUpload);
                                  task.run();
                                }))
                    .uploadReadings());

    assertTrue(thrown.getMessage().contains("injected failure"), thrown.getMessage());
    // Two marks may be in flight: the third batch's mark waits for the first, which failed; the
    // marks already started still finish, and nothing more is sent.
    assertEquals(List.of(3, 3, 3), client.uploadRequestSizes());
    assertEquals(readings(15).subList(3, 9), readingsWith(SyncStatus.SYNCHRONIZED));
    List<MeterReading> pending = new ArrayList<>(readings(15).subList(0, 3));
    pending.addAll(readings(15).subList(9, 15));
    assertEquals(pending, readingsWith(SyncStatus.PENDING), "uploaded again next cycle");
  }

  private List<MeterReading> readingsWith(SyncStatus status) {
    return db.readings(T, status).stream().map(StoredReading::reading).toList();
  }

  @Test
  void uploadReadings_nextBatchFailsToUpload_batchInFlightStillMarked() {
    db.addTenant(T, 1000, 3);
    db.addLocalReadings(T, readings(7));
    ClientSystemUnavailableException down = new ClientSystemUnavailableException("503", null);
    client.answerNextUpload(UploadAnswer.acceptAll()).answerUploads(UploadAnswer.fail(down));

    UploadReport report = manager(marks).uploadReadings();

    assertEquals(Optional.of(down), report.failure());
    assertEquals(3, report.synchronizedCount());
    assertEquals(3, db.readings(T, SyncStatus.SYNCHRONIZED).size());
    assertEquals(4, db.readings(T, SyncStatus.PENDING).size());
    assertEquals(List.of(3), batchesDone);
  }

  @Test
  void uploadReadings_stopAfterTheFirstUpload_itsMarkFinishesBeforeReturning() {
    db.addTenant(T, 1000, 3);
    db.addLocalReadings(T, readings(7));

    UploadReport report =
        manager(marks).uploadReadings(new BatchSizes(1000, 3), () -> counting.uploads() >= 1);

    assertEquals(1, report.batches());
    assertEquals(3, db.readings(T, SyncStatus.SYNCHRONIZED).size());
    assertEquals(4, db.readings(T, SyncStatus.PENDING).size());
  }

  /** Counts uploads and opens a latch when a given one starts. */
  private static final class CountingClient extends ForwardingClientSystem {
    private final AtomicInteger uploads = new AtomicInteger();
    private final Map<Integer, CountDownLatch> latches = new ConcurrentHashMap<>();

    CountingClient(ClientSystemApi delegate) {
      super(delegate);
    }

    CountDownLatch latchAt(int upload) {
      return latches.computeIfAbsent(upload, u -> new CountDownLatch(1));
    }

    int uploads() {
      return uploads.get();
    }

    @Override
    public Map<ReadingId, UploadVerdict> upload(List<MeterReading> batch) {
      CountDownLatch latch = latches.get(uploads.incrementAndGet());
      if (latch != null) {
        latch.countDown();
      }
      return super.upload(batch);
    }
  }
}
