package org.metersync.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.metersync.application.fakes.InMemorySyncDatabase;
import org.metersync.application.fakes.InMemorySyncDatabase.Call;
import org.metersync.application.fakes.InMemoryTenantCache;
import org.metersync.application.fakes.LogCapture;
import org.metersync.application.fakes.TestReadings;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.SyncStatus;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemUnavailableException;
import org.metersync.spi.ReadingsPage;

/**
 * Decision 0012 against a client system that, like a SensorThings server, stores a re-sent reading
 * twice and can only avoid it by checking: only readings in doubt are checked, and no crash point
 * leaves a reading stored twice or not at all.
 */
class InDoubtUploadTest {

  private static final TenantId T = TenantId.of("tenant-1");
  private static AutoCloseable silenced;

  @BeforeAll
  static void silenceLogs() {
    silenced = LogCapture.silence();
  }

  @AfterAll
  static void restoreLogs() throws Exception {
    silenced.close();
  }

  @Test
  void freshBacklog_cleanPasses_checkNothing() {
    InMemorySyncDatabase db = database(3);
    db.addLocalReadings(T, TestReadings.readings(10));
    StoresRepeatsTwice client = new StoresRepeatsTwice();

    pass(db, client);
    db.addLocalReadings(T, TestReadings.readings("s-", 4));
    pass(db, client);

    assertEquals(List.of(), client.checked);
    assertEquals(14, client.copies.size());
    client.copies.values().forEach(copies -> assertEquals(1, copies.size()));
  }

  @Test
  void crashAfterTheServerStoredBatchTwo_nextPassChecksExactlyThatBatchAndStoresNothingTwice() {
    InMemorySyncDatabase db = database(3);
    db.addLocalReadings(T, TestReadings.readings(9));
    StoresRepeatsTwice client = new StoresRepeatsTwice();
    client.crashAt(2, true);

    assertThrows(Crash.class, () -> pass(db, client));
    pass(db, client);

    assertEquals(ids("r-4", "r-5", "r-6"), client.checked);
    assertEquals(9, client.copies.size());
    client.copies.values().forEach(copies -> assertEquals(1, copies.size()));
    assertEquals(9, db.readings(T, SyncStatus.SYNCHRONIZED).size());
  }

  @Test
  void editOfSynchronizedReading_inDoubt_updatedInPlace() {
    InMemorySyncDatabase db = database(5);
    db.addLocalReadings(T, TestReadings.readings(5));
    StoresRepeatsTwice client = new StoresRepeatsTwice();
    pass(db, client);

    db.editReading(T, ReadingId.of("r-2"));
    pass(db, client);

    assertEquals(ids("r-2"), client.checked);
    assertEquals(1, client.copies.get(ReadingId.of("r-2")).size());
    assertEquals(
        db.reading(T, ReadingId.of("r-2")).orElseThrow().reading(),
        client.copies.get(ReadingId.of("r-2")).get(0));
  }

  /**
   * Any number of readings and batch size, a crash at any request (before or after the server
   * stored it) or at any mark, an answer lost once, edits after the crash: after a clean pass, the
   * client system holds each reading exactly once, in its latest version.
   */
  @Test
  void anyCrashPoint_thenCleanPasses_everyReadingHeldExactlyOnceInItsLatestVersion() {
    qt().withExamples(300)
        .forAll(
            integers().between(1, 40),
            integers().between(1, 8),
            integers().between(0, 3),
            integers().between(0, 100_000))
        .checkAssert(
            (readings, batch, crashKind, seed) -> {
              int crashAt = 1 + seed % 12;
              InMemorySyncDatabase db = database(batch);
              db.addLocalReadings(T, TestReadings.readings(readings));
              StoresRepeatsTwice client = new StoresRepeatsTwice();
              client.loseAnswerAt(1 + seed / 12 % 6);
              switch (crashKind) {
                case 0 -> client.crashAt(crashAt, false);
                case 1 -> client.crashAt(crashAt, true);
                case 2 -> client.afterRequest(crashAt, () -> crashAtNextMark(db));
                default -> {}
              }
              try {
                pass(db, client);
              } catch (Crash expected) {
                // the process died; a new one takes over the same database
              }
              int edited = 1 + seed / 72 % readings;
              if (db.reading(T, TestReadings.reading(edited).id()).orElseThrow().isSynchronized()) {
                db.editReading(T, TestReadings.reading(edited).id());
              }
              StoresRepeatsTwice restarted = client.restarted();
              pass(db, restarted);
              pass(db, restarted);

              assertEquals(readings, db.readings(T, SyncStatus.SYNCHRONIZED).size());
              assertEquals(readings, restarted.copies.size());
              restarted.copies.forEach(
                  (id, copies) ->
                      assertEquals(
                          List.of(db.reading(T, id).orElseThrow().reading()),
                          copies,
                          "copies of " + id));
            });
  }

  private static void crashAtNextMark(InMemorySyncDatabase db) {
    db.beforeNext(
        Call.MARK_READINGS_AS_SYNCHRONIZED,
        () -> {
          throw new Crash();
        });
  }

  private static InMemorySyncDatabase database(int uploadBatch) {
    return new InMemorySyncDatabase().addTenant(T, 1000, uploadBatch);
  }

  private static void pass(InMemorySyncDatabase db, ClientSystemApi client) {
    new MeterReadingUploadManager(
            T, InMemoryTenantCache.readThrough(db), db, db, client, 3, BatchListener.NONE)
        .uploadReadings();
  }

  private static List<ReadingId> ids(String... ids) {
    return java.util.Arrays.stream(ids).map(ReadingId::of).toList();
  }

  /** A kill -9: nothing after it runs in this process. */
  private static final class Crash extends Error {
    Crash() {
      super("killed", null, false, false);
    }
  }

  /**
   * Stores every reading sent as a new copy unless told it is in doubt, in which case it checks
   * first: an identical copy is already present, a copy with other data is updated in place.
   */
  private static final class StoresRepeatsTwice implements ClientSystemApi {

    final Map<ReadingId, List<MeterReading>> copies;
    final List<ReadingId> checked = new ArrayList<>();
    private final Map<Integer, Runnable> after = new LinkedHashMap<>();
    private int requests;
    private int crashAt = -1;
    private boolean crashAfterStoring;
    private int loseAnswerAt = -1;

    StoresRepeatsTwice() {
      this(new LinkedHashMap<>());
    }

    private StoresRepeatsTwice(Map<ReadingId, List<MeterReading>> copies) {
      this.copies = copies;
    }

    /** The same server, seen by a new process: no crash or loss scripted. */
    StoresRepeatsTwice restarted() {
      return new StoresRepeatsTwice(copies);
    }

    void crashAt(int request, boolean afterStoring) {
      crashAt = request;
      crashAfterStoring = afterStoring;
    }

    void loseAnswerAt(int request) {
      loseAnswerAt = request;
    }

    void afterRequest(int request, Runnable action) {
      after.put(request, action);
    }

    @Override
    public String kind() {
      return "stores-repeats-twice";
    }

    @Override
    public Map<ReadingId, UploadVerdict> upload(List<MeterReading> batch) {
      Set<ReadingId> all = new LinkedHashSet<>();
      batch.forEach(r -> all.add(r.id()));
      return upload(batch, all);
    }

    @Override
    public Map<ReadingId, UploadVerdict> upload(List<MeterReading> batch, Set<ReadingId> inDoubt) {
      int request = ++requests;
      if (request == crashAt && !crashAfterStoring) {
        throw new Crash();
      }
      Map<ReadingId, UploadVerdict> verdicts = new LinkedHashMap<>();
      for (MeterReading reading : batch) {
        List<MeterReading> held = copies.computeIfAbsent(reading.id(), id -> new ArrayList<>());
        if (inDoubt.contains(reading.id())) {
          checked.add(reading.id());
          if (held.contains(reading)) {
            verdicts.put(reading.id(), UploadVerdict.ALREADY_PRESENT);
            continue;
          }
          if (!held.isEmpty()) {
            held.set(0, reading);
            verdicts.put(reading.id(), UploadVerdict.ACCEPTED);
            continue;
          }
        }
        held.add(reading);
        verdicts.put(reading.id(), UploadVerdict.ACCEPTED);
      }
      if (request == crashAt) {
        throw new Crash();
      }
      if (request == loseAnswerAt) {
        throw new ClientSystemUnavailableException("answer lost after storing", null);
      }
      Optional.ofNullable(after.get(request)).ifPresent(Runnable::run);
      return verdicts;
    }

    @Override
    public ReadingsPage fetchReadings(Optional<String> cursor, int limit) {
      throw new UnsupportedOperationException("upload only");
    }

    @Override
    public void checkReachable() {}
  }
}
