package org.metersync.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class UploadOutcomePropertiesTest {

  /** What the client system said about one reading; NONE means it left the reading out. */
  private enum Answer {
    ACCEPTED,
    ALREADY_PRESENT,
    REJECTED,
    NONE
  }

  private record Case(int attempts, Answer answer) {}

  private static Gen<List<Case>> batches() {
    Gen<Case> one =
        integers()
            .between(0, 12)
            .zip(
                Generate.enumValues(Answer.class),
                (attempts, answer) -> new Case(attempts, answer));
    return lists().of(one).ofSizeBetween(0, 80);
  }

  @Test
  @DisplayName("UploadOutcome.decide: every reading lands in exactly one list, by its verdict")
  void decidePartitionsTheBatch() {
    AtomicInteger examples = new AtomicInteger();
    qt().withExamples(300)
        .forAll(batches(), integers().between(1, 10))
        .checkAssert(
            (cases, maxRetries) -> {
              examples.incrementAndGet();
              List<PendingReading> batch = readings(cases);
              UploadOutcome outcome =
                  UploadOutcome.decide(batch, verdicts(batch, cases), maxRetries);

              List<PendingReading> placed = new ArrayList<>(outcome.synchronize());
              outcome.retry().forEach(r -> placed.add(r.reading()));
              outcome.failed().forEach(f -> placed.add(f.reading()));
              assertEquals(
                  batch.stream().map(PendingReading::id).sorted(byValue()).toList(),
                  placed.stream().map(PendingReading::id).sorted(byValue()).toList(),
                  "every reading exactly once");
              assertEquals(List.of(), outcome.unchanged());
              assertEquals(batch.size(), outcome.size());
              assertEquals(
                  readingsAnswered(batch, cases, Answer.ALREADY_PRESENT),
                  outcome.alreadyPresent(),
                  "already present apart, in batch order");
              assertEquals(
                  readingsAnswered(batch, cases, Answer.ACCEPTED).size(), outcome.acceptedCount());
              for (int i = 0; i < batch.size(); i++) {
                assertPlacedByVerdict(outcome, batch.get(i), cases.get(i).answer(), maxRetries);
              }
            });
    assertAtLeast100(examples);
  }

  @Test
  @DisplayName("UploadOutcome.batchFailed: every reading unchanged, none decided")
  void batchFailedLeavesEveryReadingUnchanged() {
    AtomicInteger examples = new AtomicInteger();
    qt().withExamples(200)
        .forAll(batches())
        .checkAssert(
            cases -> {
              examples.incrementAndGet();
              List<PendingReading> batch = readings(cases);
              UploadOutcome outcome = UploadOutcome.batchFailed(batch, "unreachable");

              assertEquals(
                  batch,
                  outcome.unchanged().stream().map(UploadOutcome.Unchanged::reading).toList());
              assertEquals(
                  0,
                  outcome.synchronize().size() + outcome.retry().size() + outcome.failed().size());
            });
    assertAtLeast100(examples);
  }

  private static void assertPlacedByVerdict(
      UploadOutcome outcome, PendingReading reading, Answer answer, int maxRetries) {
    if (answer == Answer.ACCEPTED || answer == Answer.ALREADY_PRESENT) {
      assertTrue(outcome.synchronize().contains(reading), reading + " should be synchronized");
      return;
    }
    int attempts = reading.attempts() + 1;
    String reason =
        answer == Answer.REJECTED ? "rejected " + reading.id() : UploadOutcome.NO_RESULT;
    if (attempts >= maxRetries) {
      assertTrue(outcome.failed().contains(new UploadOutcome.Failed(reading, attempts, reason)));
    } else {
      assertTrue(outcome.retry().contains(new UploadOutcome.Retry(reading, attempts, reason)));
    }
  }

  private static List<PendingReading> readingsAnswered(
      List<PendingReading> batch, List<Case> cases, Answer answer) {
    return IntStream.range(0, batch.size())
        .filter(i -> cases.get(i).answer() == answer)
        .mapToObj(batch::get)
        .toList();
  }

  private static List<PendingReading> readings(List<Case> cases) {
    return IntStream.range(0, cases.size())
        .mapToObj(i -> TestReadings.pending(i, cases.get(i).attempts()))
        .toList();
  }

  private static Map<ReadingId, UploadVerdict> verdicts(
      List<PendingReading> batch, List<Case> cases) {
    Map<ReadingId, UploadVerdict> verdicts = new HashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      ReadingId id = batch.get(i).id();
      Stream.ofNullable(verdict(cases.get(i).answer(), id)).forEach(v -> verdicts.put(id, v));
    }
    return verdicts;
  }

  private static UploadVerdict verdict(Answer answer, ReadingId id) {
    return switch (answer) {
      case ACCEPTED -> UploadVerdict.ACCEPTED;
      case ALREADY_PRESENT -> UploadVerdict.ALREADY_PRESENT;
      case REJECTED -> UploadVerdict.rejected("rejected " + id);
      case NONE -> null;
    };
  }

  private static Comparator<ReadingId> byValue() {
    return Comparator.comparing(ReadingId::value);
  }

  /**
   * QuickTheories stops early once it keeps generating values it has tried; make sure it did not.
   */
  private static void assertAtLeast100(AtomicInteger examples) {
    assertTrue(examples.get() >= 100, "only " + examples.get() + " examples ran");
  }
}
