package org.metersync.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.metersync.application.fakes.FakeClientSystem;
import org.metersync.application.fakes.FakeClientSystem.UploadAnswer;
import org.metersync.application.fakes.FakeClientSystem.UploadExchange;
import org.metersync.application.fakes.InMemorySyncDatabase;
import org.metersync.application.fakes.InMemorySyncDatabase.Call;
import org.metersync.application.fakes.InMemorySyncDatabase.StoredReading;
import org.metersync.application.fakes.InMemoryTenantCache;
import org.metersync.application.fakes.LogCapture;
import org.metersync.application.fakes.TestReadings;
import org.metersync.application.fakes.TestThreads;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.SyncStatus;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemMalformedAnswerException;
import org.metersync.spi.ClientSystemRejectedException;
import org.metersync.spi.ClientSystemUnavailableException;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Seed Properties 3, 4 and 5 (upload side), against the in-memory fakes. */
class UploadPropertiesTest {

  private static final TenantId T = TenantId.of("tenant-1");
  private static final TenantId OTHER = TenantId.of("tenant-2");

  /** Marks run on their own thread, as in the service, so the properties hold for the pipeline. */
  private static final Executor MARKS = TestThreads.daemon("upload-properties-marks");

  private static AutoCloseable silenced;

  @BeforeAll
  static void silenceLogs() {
    silenced = LogCapture.silence();
  }

  @AfterAll
  static void restoreLogs() throws Exception {
    silenced.close();
  }

  /** How the client system answers one upload request. */
  private enum Kind {
    ACCEPT_ALL,
    REJECT_SOME,
    OMIT_SOME,
    FAIL_UNAVAILABLE,
    FAIL_REJECTED,
    FAIL_MALFORMED,
    FAIL_AFTER_STORING;

    boolean fails() {
      return ordinal() >= FAIL_UNAVAILABLE.ordinal();
    }
  }

  /** One request's answer; readings whose number is {@code residue} modulo {@code modulus} hit. */
  private record Answer(Kind kind, int modulus, int residue) {}

  /**
   * A tenant's backlog, its upload batch size, the client system's answers to the first requests
   * (accept all after them), maxRetries, and optionally a reading edited just before the first
   * mark.
   */
  private record Scenario(
      int backlog, int uploadSize, List<Answer> answers, int maxRetries, Optional<Integer> edit) {}

  private record Run(InMemorySyncDatabase db, FakeClientSystem client, UploadReport report) {}

  private static Gen<Answer> answers(Gen<Kind> kinds) {
    return kinds.zip(
        integers().between(2, 5),
        integers().between(0, 4),
        (kind, modulus, residue) -> new Answer(kind, modulus, residue % modulus));
  }

  private static Gen<Integer> uploadSizes() {
    return integers().between(1, 12).mix(integers().between(13, 10_000), 15);
  }

  private static Gen<Scenario> scenarios() {
    return integers()
        .between(0, 60)
        .zip(
            uploadSizes(),
            lists().of(answers(Generate.enumValues(Kind.class))).ofSizeBetween(0, 8),
            integers().between(1, 4),
            integers().between(1, 70).toOptionals(60),
            Scenario::new);
  }

  /** Scenarios whose request number {@code failAt} (from 0) certainly fails as a whole. */
  private static Gen<Scenario> failingScenarios() {
    Gen<Kind> passing = Generate.pick(List.of(Kind.ACCEPT_ALL, Kind.REJECT_SOME, Kind.OMIT_SOME));
    Gen<Kind> failing =
        Generate.pick(
            List.of(
                Kind.FAIL_UNAVAILABLE,
                Kind.FAIL_REJECTED,
                Kind.FAIL_MALFORMED,
                Kind.FAIL_AFTER_STORING));
    return integers()
        .between(0, 4)
        .zip(
            integers().between(1, 12),
            lists().of(answers(passing)).ofSize(4),
            answers(failing),
            integers().between(1, 24),
            (failAt, size, before, failure, extra) -> {
              List<Answer> script = new ArrayList<>(before.subList(0, failAt));
              script.add(failure);
              // Enough readings that the failing request is sent: failAt full batches, then more.
              int backlog = failAt * size + 1 + extra % (2 * size);
              return new Scenario(backlog, size, script, 3, Optional.empty());
            });
  }

  @Test
  @DisplayName("Property 3: readings marked as synchronized after upload")
  void readingsMarkedAsSynchronizedAfterUpload() {
    AtomicInteger examples = new AtomicInteger();
    qt().withExamples(200)
        .forAll(scenarios())
        .checkAssert(
            scenario -> {
              examples.incrementAndGet();
              Run run = upload(scenario);

              for (UploadExchange exchange : run.client().exchanges()) {
                if (!exchange.failed()) {
                  assertStatusesFollowVerdicts(run.db(), exchange);
                }
              }
              Set<ReadingId> heldByVerdict = heldByVerdict(run.client().exchanges());
              List<StoredReading> marked = run.db().readings(T, SyncStatus.SYNCHRONIZED);
              for (StoredReading row : marked) {
                assertTrue(heldByVerdict.contains(row.id()), row.id() + " marked, not accepted");
                assertTrue(row.isSynchronized());
              }
              assertEquals(marked.size(), run.report().synchronizedCount());
              assertOtherTenantUntouched(run.db());
            });
    assertAtLeast100(examples);
  }

  @Test
  @DisplayName("Property 4: failed uploads do not update sync status")
  void failedUploadsDoNotUpdateSyncStatus() {
    AtomicInteger examples = new AtomicInteger();
    qt().withExamples(200)
        .forAll(failingScenarios())
        .checkAssert(
            scenario -> {
              examples.incrementAndGet();
              // The failure returns whenever the failed batch's readings are sent again.
              Answer failure = scenario.answers().get(scenario.answers().size() - 1);
              Run run = upload(scenario, Optional.of(uploadAnswer(failure, scenario.backlog())));

              List<UploadExchange> exchanges = run.client().exchanges();
              int failedAt = scenario.answers().size() - 1;
              UploadExchange failed = exchanges.get(failedAt);
              assertTrue(failed.failed());
              List<UploadExchange> after = exchanges.subList(failedAt + 1, exchanges.size());
              assertTrue(after.size() <= 2, "at most its halves follow, once: " + after.size());
              for (UploadExchange half : after) {
                assertTrue(half.failed());
                assertTrue(failed.request().containsAll(half.request()), "a half of the batch");
              }
              assertTrue(run.report().failure().isPresent());
              Set<ReadingId> sent = sentIds(exchanges);
              for (StoredReading row : run.db().readings(T)) {
                boolean inFailedBatch = failed.request().contains(row.reading());
                if (inFailedBatch || !sent.contains(row.id())) {
                  assertUntouched(row);
                }
              }

              // The next pass, with the client system back, synchronizes the failed batch.
              run.client().answerUploads(UploadAnswer.acceptAll());
              manager(run.db(), run.client(), scenario.maxRetries()).uploadReadings();
              for (MeterReading reading : failed.request()) {
                StoredReading row = run.db().reading(T, reading.id()).orElseThrow();
                assertEquals(SyncStatus.SYNCHRONIZED, row.status(), row.id() + " after retry");
              }
              assertOtherTenantUntouched(run.db());
            });
    assertAtLeast100(examples);
  }

  @Test
  @DisplayName("Property 5: batch operations use configured sizes (upload)")
  void batchOperationsUseConfiguredSizes() {
    AtomicInteger examples = new AtomicInteger();
    qt().withExamples(200)
        .forAll(scenarios(), uploadSizes())
        .checkAssert(
            (scenario, nextSize) -> {
              examples.incrementAndGet();
              Run run = upload(scenario);
              int firstPassRequests = run.client().uploadRequests().size();
              List<Integer> firstPassReads = run.db().readLimits();
              assertSizesWithin(scenario.uploadSize(), run.client().uploadRequestSizes());
              firstPassReads.forEach(limit -> assertEquals(scenario.uploadSize(), limit));
              run.db().markSizes().forEach(n -> assertTrue(n <= scenario.uploadSize()));

              // A size changed between passes applies to the whole next pass.
              InMemoryTenantCache cache = new InMemoryTenantCache(run.db());
              new TenantBatchSizes(run.db(), cache).set(T, 1000, nextSize);
              run.db().addLocalReadings(T, TestReadings.readings("n-", 2 * nextSize % 50 + 1));
              new MeterReadingUploadManager(
                      T,
                      cache,
                      run.db(),
                      run.db(),
                      run.client(),
                      scenario.maxRetries(),
                      BatchListener.NONE,
                      MARKS)
                  .uploadReadings();
              List<Integer> sizes = run.client().uploadRequestSizes();
              assertSizesWithin(nextSize, sizes.subList(firstPassRequests, sizes.size()));
              List<Integer> reads = run.db().readLimits();
              reads
                  .subList(firstPassReads.size(), reads.size())
                  .forEach(limit -> assertEquals(nextSize, limit));
            });
    assertAtLeast100(examples);
  }

  private static Run upload(Scenario scenario) {
    return upload(scenario, Optional.empty());
  }

  /** As {@link #upload(Scenario)}, answering requests after the script with {@code afterScript}. */
  private static Run upload(Scenario scenario, Optional<UploadAnswer> afterScript) {
    InMemorySyncDatabase db = new InMemorySyncDatabase();
    db.addTenant(T, 1000, scenario.uploadSize());
    db.addTenant(OTHER, 1000, 1);
    db.addLocalReadings(T, TestReadings.readings(scenario.backlog()));
    db.addLocalReadings(OTHER, TestReadings.readings(3));
    scenario
        .edit()
        .filter(n -> n <= scenario.backlog())
        .ifPresent(
            n ->
                db.beforeNext(
                    Call.MARK_READINGS_AS_SYNCHRONIZED,
                    () -> db.editReading(T, TestReadings.reading(n).id())));
    FakeClientSystem client = new FakeClientSystem();
    scenario.answers().forEach(a -> client.answerNextUpload(uploadAnswer(a, scenario.backlog())));
    afterScript.ifPresent(client::answerUploads);
    UploadReport report = manager(db, client, scenario.maxRetries()).uploadReadings();
    return new Run(db, client, report);
  }

  private static MeterReadingUploadManager manager(
      InMemorySyncDatabase db, FakeClientSystem client, int maxRetries) {
    return new MeterReadingUploadManager(
        T, new InMemoryTenantCache(db), db, db, client, maxRetries, BatchListener.NONE, MARKS);
  }

  private static UploadAnswer uploadAnswer(Answer answer, int backlog) {
    Set<ReadingId> hit =
        TestReadings.readings(backlog).stream()
            .map(MeterReading::id)
            .filter(id -> number(id) % answer.modulus() == answer.residue())
            .collect(Collectors.toSet());
    return switch (answer.kind()) {
      case ACCEPT_ALL -> UploadAnswer.acceptAll();
      case REJECT_SOME -> UploadAnswer.rejectIf(hit::contains, "rejected by the scenario");
      case OMIT_SOME -> UploadAnswer.omit(hit);
      case FAIL_UNAVAILABLE -> UploadAnswer.fail(new ClientSystemUnavailableException("503", null));
      case FAIL_REJECTED ->
          UploadAnswer.fail(new ClientSystemRejectedException("400", "400", false));
      case FAIL_MALFORMED -> UploadAnswer.fail(new ClientSystemMalformedAnswerException("garbage"));
      case FAIL_AFTER_STORING ->
          UploadAnswer.failAfterStoring(new ClientSystemUnavailableException("timeout", null));
    };
  }

  /** The reading's number: {@code r-7} is 7. */
  private static int number(ReadingId id) {
    return Integer.parseInt(id.value().substring(id.value().indexOf('-') + 1));
  }

  /**
   * Accepted readings are synchronized unless edited after they were read (the row's data then
   * differs from what was sent); the rest are not.
   */
  private static void assertStatusesFollowVerdicts(
      InMemorySyncDatabase db, UploadExchange exchange) {
    for (MeterReading reading : exchange.request()) {
      StoredReading row = db.reading(T, reading.id()).orElseThrow();
      UploadVerdict verdict = exchange.verdicts().get(reading.id());
      boolean editedSinceSent = !row.reading().equals(reading);
      if (verdict != null && verdict.held() && !editedSinceSent) {
        assertEquals(SyncStatus.SYNCHRONIZED, row.status(), row.id() + " was accepted");
      } else {
        assertFalse(row.isSynchronized(), row.id() + " must not be synchronized");
      }
    }
  }

  private static Set<ReadingId> heldByVerdict(List<UploadExchange> exchanges) {
    return exchanges.stream()
        .filter(e -> !e.failed())
        .flatMap(e -> e.verdicts().entrySet().stream())
        .filter(e -> e.getValue().held())
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  private static Set<ReadingId> sentIds(List<UploadExchange> exchanges) {
    return exchanges.stream()
        .flatMap(e -> e.request().stream())
        .map(MeterReading::id)
        .collect(Collectors.toSet());
  }

  private static void assertUntouched(StoredReading row) {
    assertEquals(SyncStatus.PENDING, row.status(), row.id() + " status");
    assertFalse(row.isSynchronized(), row.id() + " flag");
    assertEquals(0, row.attempts(), row.id() + " attempts");
    assertNull(row.lastError(), row.id() + " last error");
  }

  private static void assertSizesWithin(int limit, List<Integer> sizes) {
    for (int i = 0; i < sizes.size(); i++) {
      int size = sizes.get(i);
      assertTrue(size >= 1 && size <= limit, "request " + i + " of " + size + " > " + limit);
    }
  }

  private static void assertOtherTenantUntouched(InMemorySyncDatabase db) {
    db.readings(OTHER).forEach(UploadPropertiesTest::assertUntouched);
    assertEquals(0, db.statements(OTHER));
  }

  /**
   * QuickTheories stops early once it keeps generating values it has tried; make sure it did not.
   */
  private static void assertAtLeast100(AtomicInteger examples) {
    assertTrue(examples.get() >= 100, "only " + examples.get() + " examples ran");
  }
}
