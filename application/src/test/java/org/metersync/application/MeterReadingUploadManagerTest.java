package org.metersync.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metersync.application.fakes.TestReadings.reading;
import static org.metersync.application.fakes.TestReadings.readings;

import ch.qos.logback.classic.Level;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.metersync.application.fakes.FakeClientSystem;
import org.metersync.application.fakes.FakeClientSystem.UploadAnswer;
import org.metersync.application.fakes.InMemorySyncDatabase;
import org.metersync.application.fakes.InMemorySyncDatabase.Call;
import org.metersync.application.fakes.InMemorySyncDatabase.StoredReading;
import org.metersync.application.fakes.InMemoryTenantCache;
import org.metersync.application.fakes.LogCapture;
import org.metersync.application.port.SyncDatabaseException;
import org.metersync.application.port.UploadBacklog;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.SyncStatus;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemRejectedException;
import org.metersync.spi.ClientSystemUnavailableException;

class MeterReadingUploadManagerTest {

  private static final TenantId T = TenantId.of("tenant-1");
  private static final TenantId OTHER = TenantId.of("tenant-2");
  private static final int MAX_RETRIES = 3;

  private final InMemorySyncDatabase db = new InMemorySyncDatabase();
  private final InMemoryTenantCache cache = new InMemoryTenantCache(db);
  private final FakeClientSystem client = new FakeClientSystem();
  private final List<Integer> batchesDone = new ArrayList<>();
  private final MeterReadingUploadManager manager =
      new MeterReadingUploadManager(
          T, cache, db, db, client, MAX_RETRIES, (t, op, n, count) -> batchesDone.add(count));

  private void tenantWithUploadSize(int upload) {
    db.addTenant(T, 1000, upload);
  }

  @Test
  void uploadReadings_backlogLargerThanBatch_drainsOldestFirstInBatchesOfUploadSize() {
    tenantWithUploadSize(3);
    db.addLocalReadings(T, readings(7));

    UploadReport report = manager.uploadReadings();

    assertEquals(List.of(3, 3, 1), client.uploadRequestSizes());
    assertEquals(readings(7), client.uploadRequests().stream().flatMap(List::stream).toList());
    assertEquals(7, db.readings(T, SyncStatus.SYNCHRONIZED).size());
    assertEquals(new UploadReport(3, 3, 7, 7, 0, 7, 0, 0, 0, Optional.empty()), report);
    assertEquals(List.of(3, 3, 1), batchesDone);
  }

  @Test
  void uploadReadings_eachBatch_oneReadAndOneMarkStatement() {
    tenantWithUploadSize(3);
    db.addLocalReadings(T, readings(7));

    manager.uploadReadings();

    assertEquals(List.of(3, 3, 3), db.readLimits());
    assertEquals(List.of(3, 3, 1), db.markSizes());
    assertEquals(0, db.calls(Call.RECORD_UPLOAD_ATTEMPTS));
  }

  @Test
  void uploadReadings_exactMultiple_endsOnAnEmptyRead() {
    tenantWithUploadSize(3);
    db.addLocalReadings(T, readings(6));

    UploadReport report = manager.uploadReadings();

    assertEquals(List.of(3, 3), client.uploadRequestSizes());
    assertEquals(3, db.calls(Call.GET_UNSYNCHRONIZED_READINGS));
    assertEquals(2, report.batches());
  }

  @Test
  void uploadReadings_emptyBacklog_sendsNothing() {
    tenantWithUploadSize(3);

    UploadReport report = manager.uploadReadings();

    assertEquals(List.of(), client.uploadRequests());
    assertEquals(0, report.batches());
    assertTrue(report.failure().isEmpty());
  }

  @Test
  void uploadReadings_someRejected_marksOnlyAcceptedAndRecordsRetryWithReason() {
    tenantWithUploadSize(10);
    db.addLocalReadings(T, readings(3));
    client.answerNextUpload(UploadAnswer.reject(Map.of(reading(2).id(), "unit unknown")));

    UploadReport report = manager.uploadReadings();

    assertEquals(SyncStatus.SYNCHRONIZED, statusOf(reading(1)));
    assertEquals(SyncStatus.SYNCHRONIZED, statusOf(reading(3)));
    StoredReading rejected = row(reading(2));
    assertEquals(SyncStatus.PENDING, rejected.status());
    assertEquals(1, rejected.attempts());
    assertEquals("unit unknown", rejected.lastError());
    assertEquals(2, report.synchronizedCount());
    assertEquals(1, report.retried());
    assertEquals(List.of(2), db.markSizes());
  }

  @Test
  void uploadReadings_rejectedUntilMaxRetries_becomesFailedWithReason() {
    tenantWithUploadSize(10);
    db.addLocalReadings(T, readings(1));
    client.answerUploads(UploadAnswer.rejectIf(id -> true, "meter unknown"));

    List<UploadReport> reports = new ArrayList<>();
    for (int pass = 0; pass < MAX_RETRIES; pass++) {
      reports.add(manager.uploadReadings());
    }

    StoredReading failed = row(reading(1));
    assertEquals(SyncStatus.FAILED, failed.status());
    assertEquals(MAX_RETRIES, failed.attempts());
    assertEquals("meter unknown", failed.lastError());
    assertEquals(1, reports.get(MAX_RETRIES - 1).failed());
    assertEquals(0, manager.uploadReadings().batches(), "a failed reading is not tried again");
  }

  @Test
  void uploadReadings_noVerdictForAReading_countsAsAttempt() {
    tenantWithUploadSize(10);
    db.addLocalReadings(T, readings(2));
    client.answerNextUpload(UploadAnswer.omit(Set.of(reading(1).id())));

    manager.uploadReadings();

    assertEquals(SyncStatus.PENDING, statusOf(reading(1)));
    assertEquals(1, row(reading(1)).attempts());
    assertEquals(SyncStatus.SYNCHRONIZED, statusOf(reading(2)));
  }

  @Test
  void uploadReadings_batchAndItsHalvesFail_changesNoStatusAndStopsThePass() {
    tenantWithUploadSize(3);
    db.addLocalReadings(T, readings(7));
    ClientSystemUnavailableException down = new ClientSystemUnavailableException("503", null);
    client.answerNextUpload(UploadAnswer.acceptAll()).answerUploads(UploadAnswer.fail(down));

    UploadReport report = manager.uploadReadings();

    assertEquals(
        List.of(3, 3, 1, 2), client.uploadRequestSizes(), "its halves, then no further batch");
    assertEquals(3, db.readings(T, SyncStatus.SYNCHRONIZED).size());
    for (StoredReading r : db.readings(T, SyncStatus.PENDING)) {
      assertEquals(0, r.attempts(), r.id() + " attempts");
      assertEquals(null, r.lastError(), r.id() + " last error");
    }
    assertEquals(4, db.readings(T, SyncStatus.PENDING).size());
    assertSame(down, report.failure().orElseThrow());
    assertEquals(1, report.batches());
  }

  @Test
  void uploadReadings_batchFailsOnce_itsHalvesGoAndThePassGoesOn() {
    tenantWithUploadSize(3);
    db.addLocalReadings(T, readings(7));
    ClientSystemUnavailableException down = new ClientSystemUnavailableException("503", null);
    client.answerNextUpload(UploadAnswer.acceptAll()).answerNextUpload(UploadAnswer.fail(down));

    UploadReport report = manager.uploadReadings();

    assertEquals(List.of(3, 3, 1, 2, 1), client.uploadRequestSizes());
    assertEquals(7, db.readings(T, SyncStatus.SYNCHRONIZED).size());
    assertTrue(report.failure().isEmpty());
    assertEquals(3, report.batches());
  }

  @Test
  void uploadReadings_poisonReading_othersGoAndItIsChargedUntilFailedWithTheAnswer() {
    tenantWithUploadSize(10);
    db.addLocalReadings(T, readings(25));
    String answer = "HTTP 500: internal error";
    client.answerUploads(
        UploadAnswer.failIfAny(
            Set.of(reading(13).id()), new ClientSystemUnavailableException(answer, null)));

    UploadReport first = manager.uploadReadings();

    assertTrue(first.failure().isEmpty(), "the pass goes on past the poison");
    assertEquals(24, db.readings(T, SyncStatus.SYNCHRONIZED).size());
    assertEquals(1, row(reading(13)).attempts());
    assertEquals(answer, row(reading(13)).lastError());
    assertEquals(3, db.calls(Call.MARK_READINGS_AS_SYNCHRONIZED), "one mark per batch");
    assertEquals(1, db.calls(Call.RECORD_UPLOAD_ATTEMPTS), "one statement for the charge");

    manager.uploadReadings();
    UploadReport third = manager.uploadReadings();

    assertEquals(SyncStatus.FAILED, statusOf(reading(13)));
    assertEquals(MAX_RETRIES, row(reading(13)).attempts());
    assertEquals(answer, row(reading(13)).lastError());
    assertEquals(1, third.failed());
    assertEquals(
        MAX_RETRIES,
        client.uploadRequests().stream().filter(r -> r.equals(List.of(reading(13)))).count(),
        "sent alone once per pass");
  }

  @Test
  void uploadReadings_batchFailsWhileUnreachable_isNotSentAgain() {
    tenantWithUploadSize(10);
    db.addLocalReadings(T, readings(4));
    ClientSystemUnavailableException down = new ClientSystemUnavailableException("reset", null);
    client.answerNextUpload(UploadAnswer.fail(down)).unreachable(down);

    UploadReport report = manager.uploadReadings();

    assertEquals(List.of(4), client.uploadRequestSizes());
    assertEquals(4, db.readings(T, SyncStatus.PENDING).size());
    assertSame(down, report.failure().orElseThrow());
  }

  @Test
  void uploadReadings_batchFailsWithRetryAfter_isNotSentAgain() {
    tenantWithUploadSize(10);
    db.addLocalReadings(T, readings(4));
    ClientSystemUnavailableException busy =
        new ClientSystemUnavailableException("429", java.time.Duration.ofSeconds(5), null);
    client.answerNextUpload(UploadAnswer.fail(busy));

    UploadReport report = manager.uploadReadings();

    assertEquals(List.of(4), client.uploadRequestSizes());
    assertEquals(0, client.reachabilityChecks());
    assertSame(busy, report.failure().orElseThrow());
  }

  @Test
  void uploadReadings_everyPartFails_looksDeeperOnTheNextPass() {
    tenantWithUploadSize(16);
    db.addLocalReadings(T, readings(16));
    client.answerUploads(UploadAnswer.fail(new ClientSystemUnavailableException("500", null)));

    manager.uploadReadings();
    int first = client.uploadRequests().size();
    manager.uploadReadings();
    int second = client.uploadRequests().size() - first;

    assertEquals(3, first, "the batch and its halves");
    assertEquals(5, second, "the batch, its halves and the left half's halves");
    assertEquals(16, db.readings(T, SyncStatus.PENDING).size());
    db.readings(T).forEach(r -> assertEquals(0, r.attempts(), r.id() + " attempts"));
  }

  @Test
  void uploadReadings_permanentRejectionOfRequest_leavesBatchUnchanged() {
    tenantWithUploadSize(10);
    db.addLocalReadings(T, readings(2));
    client.answerNextUpload(
        UploadAnswer.fail(new ClientSystemRejectedException("401", "401", true)));

    UploadReport report = manager.uploadReadings();

    assertEquals(2, db.readings(T, SyncStatus.PENDING).size());
    assertEquals(0, db.calls(Call.MARK_READINGS_AS_SYNCHRONIZED));
    assertEquals(0, db.calls(Call.RECORD_UPLOAD_ATTEMPTS));
    assertTrue(report.failure().isPresent());
  }

  @Test
  void uploadReadings_failedBatch_isLoggedAsWarning() {
    tenantWithUploadSize(10);
    db.addLocalReadings(T, readings(2));
    client.answerUploads(UploadAnswer.fail(new ClientSystemUnavailableException("timeout", null)));

    try (LogCapture log = LogCapture.of(MeterReadingUploadManager.class)) {
      manager.uploadReadings();

      assertEquals(
          List.of("tenant=tenant-1 upload of 2 readings failed, statuses unchanged: timeout"),
          log.messages(Level.WARN));
    }
  }

  @Test
  void uploadReadings_acceptedAlreadyPresentRejected_countedApartInReportAndBatchLine() {
    tenantWithUploadSize(10);
    db.addLocalReadings(T, readings(5));
    client.hold(reading(2)).hold(reading(4));
    client.answerNextUpload(UploadAnswer.reject(Map.of(reading(5).id(), "unit unknown")));

    try (LogCapture log = LogCapture.of(MeterReadingUploadManager.class)) {
      UploadReport report = manager.uploadReadings();

      assertEquals(new UploadReport(10, 1, 5, 2, 2, 4, 1, 0, 0, Optional.empty()), report);
      assertEquals(
          List.of(
              "tenant=tenant-1 upload batch 1: 5 readings: 2 accepted, 2 already present,"
                  + " 1 rejected (retry), 0 failed, 4 marked synchronized"),
          log.messages(Level.INFO));
      assertEquals(List.of(), log.messages(Level.WARN), "one reading rejected is not systematic");
    }
  }

  @Test
  void uploadReadings_allRejected_eachReadingTriedAtMostOncePerPass() {
    tenantWithUploadSize(2);
    db.addLocalReadings(T, readings(5));
    client.answerUploads(UploadAnswer.rejectIf(id -> true, "no"));

    UploadReport report = manager.uploadReadings();

    List<ReadingId> sent =
        client.uploadRequests().stream().flatMap(List::stream).map(MeterReading::id).toList();
    assertEquals(readings(5).stream().map(MeterReading::id).toList(), sent);
    assertEquals(5, report.retried());
    db.readings(T).forEach(r -> assertEquals(1, r.attempts(), r.id() + " attempts"));
  }

  @Test
  void uploadReadings_readingEditedBetweenReadAndMark_staysPendingAndGoesNextPass() {
    tenantWithUploadSize(10);
    db.addLocalReadings(T, readings(3));
    db.beforeNext(Call.MARK_READINGS_AS_SYNCHRONIZED, () -> db.editReading(T, reading(2).id()));

    UploadReport first = manager.uploadReadings();

    StoredReading edited = row(reading(2));
    assertEquals(SyncStatus.PENDING, edited.status());
    assertEquals(2, edited.version());
    assertEquals(2, first.synchronizedCount());

    UploadReport second = manager.uploadReadings();

    assertEquals(1, second.synchronizedCount());
    assertEquals(SyncStatus.SYNCHRONIZED, statusOf(reading(2)));
    assertEquals(
        BigDecimal.valueOf(3),
        client.received().stream()
            .filter(r -> r.id().equals(reading(2).id()))
            .findFirst()
            .orElseThrow()
            .value(),
        "the client system holds the edited value, the edit is not lost");
  }

  @Test
  void uploadReadings_markFails_readingsStayPendingAndNextPassMarksWithoutDuplicates() {
    tenantWithUploadSize(10);
    db.addLocalReadings(T, readings(2));
    db.failNext(Call.MARK_READINGS_AS_SYNCHRONIZED);

    assertThrows(SyncDatabaseException.class, manager::uploadReadings);
    assertEquals(2, db.readings(T, SyncStatus.PENDING).size());

    UploadReport next = manager.uploadReadings();

    assertEquals(2, next.synchronizedCount());
    assertEquals(2, client.received().size());
    assertEquals(
        List.of(reading(1).id(), reading(2).id()),
        client.duplicateSends(),
        "the repeat is answered already-present, not stored twice");
  }

  @Test
  void uploadReadings_batchSizeChanged_appliesOnNextPass() {
    tenantWithUploadSize(2);
    db.addLocalReadings(T, readings(3));
    manager.uploadReadings();
    db.addLocalReadings(T, readings("n-", 5));

    new TenantBatchSizes(db, cache).set(T, 1000, 4);
    manager.uploadReadings();

    assertEquals(List.of(2, 1, 4, 1), client.uploadRequestSizes());
  }

  @Test
  void uploadReadings_stopRequestedAfterFirstBatch_leavesRestPending() {
    tenantWithUploadSize(2);
    db.addLocalReadings(T, readings(5));

    UploadReport report = manager.uploadReadings(() -> !client.uploadRequests().isEmpty());

    assertEquals(List.of(2), client.uploadRequestSizes());
    assertEquals(3, db.readings(T, SyncStatus.PENDING).size());
    assertEquals(1, report.batches());
  }

  @Test
  void uploadReadings_otherTenantsBacklog_isNotTouched() {
    tenantWithUploadSize(10);
    db.addTenant(OTHER);
    db.addLocalReadings(T, readings(2));
    db.addLocalReadings(OTHER, readings(2));

    manager.uploadReadings();

    assertEquals(2, client.received().size());
    assertEquals(2, db.readings(OTHER, SyncStatus.PENDING).size());
    assertEquals(0, db.statements(OTHER));
  }

  @Test
  void uploadReadings_batchWithARepeatedId_refusedBeforeTheClientSystemSeesIt() {
    tenantWithUploadSize(3);
    db.addLocalReadings(T, readings(2));
    UploadBacklog repeating =
        (UploadBacklog)
            Proxy.newProxyInstance(
                UploadBacklog.class.getClassLoader(),
                new Class<?>[] {UploadBacklog.class},
                (proxy, method, args) -> {
                  Object answer = method.invoke(db, args);
                  if (method.getName().equals("getUnsynchronizedReadings")) {
                    List<?> batch = (List<?>) answer;
                    return batch.isEmpty() ? batch : List.of(batch.get(0), batch.get(0));
                  }
                  return answer;
                });
    MeterReadingUploadManager uploads =
        new MeterReadingUploadManager(
            T, cache, repeating, db, client, MAX_RETRIES, BatchListener.NONE);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, uploads::uploadReadings);

    assertEquals(
        "tenant " + T + ": batch holds reading " + readings(1).get(0).id() + " twice",
        e.getMessage());
    assertEquals(List.of(), client.uploadRequests());
    assertEquals(2, db.readings(T, SyncStatus.PENDING).size());
  }

  @Test
  void constructor_maxRetriesBelowOne_throws() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new MeterReadingUploadManager(T, cache, db, db, client, 0, BatchListener.NONE));

    assertEquals("maxRetries must be at least 1, was 0", e.getMessage());
  }

  private StoredReading row(MeterReading reading) {
    return db.reading(T, reading.id()).orElseThrow();
  }

  private SyncStatus statusOf(MeterReading reading) {
    return row(reading).status();
  }
}
