package org.metersync.application.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metersync.application.fakes.TestReadings.reading;
import static org.metersync.application.fakes.TestReadings.readings;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.metersync.application.fakes.InMemorySyncDatabase.Call;
import org.metersync.application.fakes.InMemorySyncDatabase.StoredReading;
import org.metersync.application.port.SyncDatabaseException;
import org.metersync.application.port.Tenant;
import org.metersync.application.port.TenantBatchConfig;
import org.metersync.application.port.UnknownTenantException;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.PendingReading;
import org.metersync.domain.ReadingOrigin;
import org.metersync.domain.SyncStatus;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadOutcome;
import org.metersync.spi.MalformedReading;

/** The fake must behave like the PostgreSQL adapter, or tests against it prove nothing. */
class InMemorySyncDatabaseTest {

  private static final TenantId A = TenantId.of("tenant-a");
  private static final TenantId B = TenantId.of("tenant-b");

  private final InMemorySyncDatabase db = new InMemorySyncDatabase().addTenant(A).addTenant(B);

  @Test
  void findTenant_storedSizes_resolvedFromTheRow() {
    db.addTenant(TenantId.of("t"), 0, null);

    Tenant tenant = db.findTenant(TenantId.of("t")).orElseThrow();

    assertEquals(BatchSizes.DEFAULTS, tenant.sizes());
    assertEquals(2, tenant.batchSizes().problems().size());
  }

  @Test
  void findTenant_unknown_isEmpty() {
    assertEquals(Optional.empty(), db.findTenant(TenantId.of("nobody")));
  }

  @Test
  void getTenantBatchConfig_returnsRawValues() {
    db.addTenant(TenantId.of("t"), -5, null);

    assertEquals(new TenantBatchConfig(-5, null), db.getTenantBatchConfig(TenantId.of("t")));
  }

  @Test
  void getTenantBatchConfig_unknownTenant_throwsUnknownTenant() {
    assertThrows(UnknownTenantException.class, () -> db.getTenantBatchConfig(TenantId.of("x")));
  }

  @Test
  void updateBatchSizes_storesThem() {
    db.updateBatchSizes(A, new BatchSizes(20, 7));

    assertEquals(new TenantBatchConfig(20, 7), db.getTenantBatchConfig(A));
  }

  @Test
  void getUnsynchronizedReadings_oldestPendingFirstAfterPositionWithinTenant() {
    List<StoredReading> rows = db.addLocalReadings(A, readings(5));
    db.addLocalReading(B, reading("b-", 1));
    db.markReadingsAsSynchronized(List.of(rows.get(1).toPending()), A);

    List<PendingReading> page = db.getUnsynchronizedReadings(A, rows.get(0).position(), 2);

    assertEquals(
        List.of(rows.get(2).id(), rows.get(3).id()),
        page.stream().map(PendingReading::id).toList());
    assertEquals(List.of(2), db.readLimits());
  }

  @Test
  void getUnsynchronizedReadings_limitBelowOne_throws() {
    assertThrows(IllegalArgumentException.class, () -> db.getUnsynchronizedReadings(A, 0));
  }

  @Test
  void markReadingsAsSynchronized_sameVersion_marksAndSetsFlag() {
    StoredReading row = db.addLocalReading(A, reading(1));

    int marked = db.markReadingsAsSynchronized(List.of(row.toPending()), A);

    assertEquals(1, marked);
    StoredReading after = db.reading(A, row.id()).orElseThrow();
    assertEquals(SyncStatus.SYNCHRONIZED, after.status());
    assertTrue(after.isSynchronized());
  }

  @Test
  void markReadingsAsSynchronized_editedSinceRead_leavesPending() {
    StoredReading row = db.addLocalReading(A, reading(1));
    db.editReading(A, row.id());

    int marked = db.markReadingsAsSynchronized(List.of(row.toPending()), A);

    assertEquals(0, marked);
    assertEquals(SyncStatus.PENDING, db.reading(A, row.id()).orElseThrow().status());
    assertEquals(2, db.reading(A, row.id()).orElseThrow().version());
  }

  @Test
  void markReadingsAsSynchronized_otherTenant_touchesNothing() {
    StoredReading row = db.addLocalReading(A, reading(1));
    db.addLocalReading(B, reading(1));

    int marked = db.markReadingsAsSynchronized(List.of(row.toPending()), B);

    assertEquals(1, marked, "B has its own r-1 at the same version");
    assertEquals(SyncStatus.PENDING, db.reading(A, row.id()).orElseThrow().status());
  }

  @Test
  void markReadingsAsSynchronized_isOneCall() {
    List<PendingReading> pending =
        db.addLocalReadings(A, readings(3)).stream().map(StoredReading::toPending).toList();
    db.resetCounts();

    db.markReadingsAsSynchronized(pending, A);

    assertEquals(1, db.calls(Call.MARK_READINGS_AS_SYNCHRONIZED));
    assertEquals(List.of(3), db.markSizes());
    assertEquals(1, db.statements(A));
    assertEquals(0, db.statements(B));
  }

  @Test
  void recordUploadAttempts_retryStaysPendingFailedBecomesFailed() {
    List<StoredReading> rows = db.addLocalReadings(A, readings(2));

    int updated =
        db.recordUploadAttempts(
            A,
            List.of(new UploadOutcome.Retry(rows.get(0).toPending(), 1, "later")),
            List.of(new UploadOutcome.Failed(rows.get(1).toPending(), 3, "never")));

    assertEquals(2, updated);
    StoredReading retried = db.reading(A, rows.get(0).id()).orElseThrow();
    assertEquals(SyncStatus.PENDING, retried.status());
    assertEquals(1, retried.attempts());
    assertEquals("later", retried.lastError());
    StoredReading failed = db.reading(A, rows.get(1).id()).orElseThrow();
    assertEquals(SyncStatus.FAILED, failed.status());
    assertEquals("never", failed.lastError());
  }

  @Test
  void insertReadings_newKeys_storedSynchronizedAndDownloaded() {
    int inserted = db.insertReadings(A, readings("d-", 2));

    assertEquals(2, inserted);
    StoredReading row = db.readings(A).get(0);
    assertEquals(SyncStatus.SYNCHRONIZED, row.status());
    assertEquals(ReadingOrigin.DOWNLOADED, row.origin());
  }

  @Test
  void insertReadings_existingLocalEdit_isLeftAsItIs() {
    StoredReading local = db.addLocalReading(A, reading(1));
    db.editReading(A, local.id());

    int inserted = db.insertReadings(A, List.of(reading(1), reading(2)));

    assertEquals(1, inserted);
    StoredReading kept = db.reading(A, local.id()).orElseThrow();
    assertEquals(ReadingOrigin.LOCAL, kept.origin());
    assertEquals(SyncStatus.PENDING, kept.status());
    assertEquals(2, kept.version());
  }

  @Test
  void insertReadings_duplicateWithinCall_insertedOnce() {
    assertEquals(1, db.insertReadings(A, List.of(reading(1), reading(1))));
  }

  @Test
  void insertReadings_unknownTenant_failsLikeAForeignKey() {
    assertThrows(
        SyncDatabaseException.class, () -> db.insertReadings(TenantId.of("x"), readings(1)));
  }

  @Test
  void cursorAndQuarantine_storedPerTenant() {
    db.saveDownloadCursor(A, "7");
    db.quarantine(A, List.of(new MalformedReading(null, "{}", "no id")));

    assertEquals(Optional.of("7"), db.getDownloadCursor(A));
    assertEquals(Optional.empty(), db.getDownloadCursor(B));
    assertEquals(1, db.quarantined(A).size());
    assertEquals(List.of(), db.quarantined(B));
  }

  @Test
  void inTransaction_workSucceeds_commitsAll() {
    int inserted =
        db.inTransaction(
            tx -> {
              tx.saveDownloadCursor(A, "2");
              return tx.insertReadings(A, readings(2));
            });

    assertEquals(2, inserted);
    assertEquals(2, db.readings(A).size());
    assertEquals(Optional.of("2"), db.storedCursor(A));
    assertEquals(1, db.transactionsCommitted());
  }

  @Test
  void inTransaction_statementFails_rollsBackEverything() {
    db.failNext(Call.SAVE_DOWNLOAD_CURSOR);

    assertThrows(
        SyncDatabaseException.class,
        () ->
            db.inTransaction(
                tx -> {
                  tx.insertReadings(A, readings(2));
                  tx.quarantine(A, List.of(new MalformedReading("x", "{}", "bad")));
                  tx.saveDownloadCursor(A, "2");
                  return null;
                }));

    assertEquals(List.of(), db.readings(A));
    assertEquals(List.of(), db.quarantined(A));
    assertEquals(Optional.empty(), db.storedCursor(A));
    assertEquals(1, db.transactionsRolledBack());
  }

  @Test
  void inTransaction_rolledBack_positionsAreNotReused() {
    db.failNext(Call.SAVE_DOWNLOAD_CURSOR);
    assertThrows(
        SyncDatabaseException.class,
        () ->
            db.inTransaction(
                tx -> {
                  tx.insertReadings(A, readings(2));
                  tx.saveDownloadCursor(A, "2");
                  return null;
                }));

    StoredReading next = db.addLocalReading(A, reading(9));

    assertEquals(3, next.position());
  }

  @Test
  void inTransaction_outerDatabaseUsedInside_throws() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> db.inTransaction(tx -> db.insertReadings(A, readings(1))));

    assertTrue(e.getMessage().contains("INSERT_READINGS"), e.getMessage());
    assertEquals(List.of(), db.readings(A));
  }

  @Test
  void failNext_failsOnlyTheNextCallAndChangesNothing() {
    db.failNext(Call.INSERT_READINGS);

    assertThrows(SyncDatabaseException.class, () -> db.insertReadings(A, readings(1)));
    assertEquals(List.of(), db.readings(A));
    assertEquals(1, db.insertReadings(A, readings(1)));
    assertEquals(2, db.calls(Call.INSERT_READINGS));
  }

  @Test
  void failAfter_letsCallsThroughThenFailsOne() {
    db.failAfter(Call.SAVE_DOWNLOAD_CURSOR, 1);

    db.saveDownloadCursor(A, "1");
    assertThrows(SyncDatabaseException.class, () -> db.saveDownloadCursor(A, "2"));
    db.saveDownloadCursor(A, "3");

    assertEquals(Optional.of("3"), db.storedCursor(A));
  }

  @Test
  void beforeNext_runsOnceBeforeTheCall() {
    StoredReading row = db.addLocalReading(A, reading(1));
    db.beforeNext(Call.MARK_READINGS_AS_SYNCHRONIZED, () -> db.editReading(A, row.id()));

    assertEquals(0, db.markReadingsAsSynchronized(List.of(row.toPending()), A));
    PendingReading reread = db.getUnsynchronizedReadings(A, 1).get(0);
    assertEquals(1, db.markReadingsAsSynchronized(List.of(reread), A));
  }

  @Test
  void editReading_sameData_keepsVersion() {
    StoredReading row = db.addLocalReading(A, reading(1));

    StoredReading after = db.editReading(A, row.id(), r -> r);

    assertSame(row, after);
  }

  @Test
  void statements_countsPortCallsButNotSetupOrInspection() {
    db.addLocalReadings(A, readings(3));
    db.readings(A);

    assertEquals(0, db.statements());
    db.getUnsynchronizedReadings(A, 10);
    db.inTransaction(tx -> tx.getDownloadCursor(A));

    assertEquals(2, db.statements());
    assertEquals(2, db.statements(A));
    assertEquals(1, db.calls(Call.IN_TRANSACTION));
    assertFalse(db.statements(B) > 0);
  }
}
