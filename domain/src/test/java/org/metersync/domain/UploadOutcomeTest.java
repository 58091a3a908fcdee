package org.metersync.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.metersync.domain.TestReadings.pending;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UploadOutcomeTest {

  private static final int MAX_RETRIES = 3;

  @Test
  void decide_accepted_synchronizes() {
    PendingReading r = pending(1, 0);

    UploadOutcome outcome = decide(List.of(r), Map.of(r.id(), UploadVerdict.ACCEPTED));

    assertEquals(List.of(r), outcome.synchronize());
    assertEquals(List.of(), outcome.retry());
    assertEquals(List.of(), outcome.failed());
    assertEquals(List.of(), outcome.unchanged());
  }

  @Test
  void decide_alreadyPresent_synchronizes() {
    PendingReading r = pending(1, 2);

    UploadOutcome outcome = decide(List.of(r), Map.of(r.id(), UploadVerdict.ALREADY_PRESENT));

    assertEquals(List.of(r), outcome.synchronize());
    assertEquals(List.of(r), outcome.alreadyPresent());
  }

  @Test
  void decide_acceptedAndAlreadyPresent_areCountedApart() {
    List<PendingReading> batch = TestReadings.pending(4);

    UploadOutcome outcome =
        decide(
            batch,
            Map.of(
                batch.get(0).id(), UploadVerdict.ACCEPTED,
                batch.get(1).id(), UploadVerdict.ALREADY_PRESENT,
                batch.get(2).id(), UploadVerdict.ACCEPTED,
                batch.get(3).id(), UploadVerdict.rejected("no")));

    assertEquals(batch.subList(0, 3), outcome.synchronize());
    assertEquals(List.of(batch.get(1)), outcome.alreadyPresent());
    assertEquals(2, outcome.acceptedCount());
    assertEquals(1, outcome.rejectedCount());
  }

  @Test
  void constructor_alreadyPresentNotAmongSynchronized_refused() {
    PendingReading a = pending(1, 0);
    PendingReading b = pending(2, 0);

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new UploadOutcome(List.of(a), List.of(), List.of(), List.of(), List.of(b)));
    assertEquals(
        "every already present reading must be among those to synchronize", e.getMessage());
  }

  @Test
  void constructor_withoutAlreadyPresent_hasNone() {
    PendingReading a = pending(1, 0);

    UploadOutcome outcome = new UploadOutcome(List.of(a), List.of(), List.of(), List.of());

    assertEquals(List.of(), outcome.alreadyPresent());
    assertEquals(1, outcome.acceptedCount());
  }

  @Test
  void decide_rejectedBelowMaxRetries_retriesWithAttemptCountedAndReason() {
    PendingReading r = pending(1, 0);

    UploadOutcome outcome = decide(List.of(r), Map.of(r.id(), UploadVerdict.rejected("bad unit")));

    assertEquals(List.of(new UploadOutcome.Retry(r, 1, "bad unit")), outcome.retry());
    assertEquals(List.of(), outcome.synchronize());
    assertEquals(List.of(), outcome.failed());
  }

  @Test
  void decide_rejectedOnLastAllowedAttempt_failsWithReason() {
    PendingReading r = pending(1, MAX_RETRIES - 1);

    UploadOutcome outcome = decide(List.of(r), Map.of(r.id(), UploadVerdict.rejected("bad unit")));

    assertEquals(List.of(new UploadOutcome.Failed(r, MAX_RETRIES, "bad unit")), outcome.failed());
    assertEquals(List.of(), outcome.retry());
  }

  @Test
  void decide_attemptsAlreadyBeyondMaxRetries_fails() {
    // maxRetries may have been lowered since the reading's last attempt.
    PendingReading r = pending(1, MAX_RETRIES + 5);

    UploadOutcome outcome = decide(List.of(r), Map.of(r.id(), UploadVerdict.rejected("no")));

    assertEquals(List.of(new UploadOutcome.Failed(r, MAX_RETRIES + 6, "no")), outcome.failed());
  }

  @Test
  void decide_maxRetriesOne_firstRejectionFails() {
    PendingReading r = pending(1, 0);

    UploadOutcome outcome =
        UploadOutcome.decide(List.of(r), Map.of(r.id(), UploadVerdict.rejected("no")), 1);

    assertEquals(List.of(new UploadOutcome.Failed(r, 1, "no")), outcome.failed());
  }

  @Test
  void decide_missingVerdict_countsAsRejectedAttempt() {
    PendingReading r = pending(1, 0);

    UploadOutcome outcome = decide(List.of(r), Map.of());

    assertEquals(List.of(new UploadOutcome.Retry(r, 1, UploadOutcome.NO_RESULT)), outcome.retry());
  }

  @Test
  void decide_missingVerdictOnLastAttempt_fails() {
    PendingReading r = pending(1, MAX_RETRIES - 1);

    UploadOutcome outcome = decide(List.of(r), Map.of());

    assertEquals(
        List.of(new UploadOutcome.Failed(r, MAX_RETRIES, UploadOutcome.NO_RESULT)),
        outcome.failed());
  }

  @Test
  void decide_mixedBatch_keepsBatchOrderWithinEachList() {
    List<PendingReading> batch = TestReadings.pending(5);
    Map<ReadingId, UploadVerdict> verdicts =
        Map.of(
            batch.get(0).id(),
            UploadVerdict.ACCEPTED,
            batch.get(1).id(),
            UploadVerdict.rejected("x"),
            batch.get(3).id(),
            UploadVerdict.ALREADY_PRESENT,
            batch.get(4).id(),
            UploadVerdict.rejected("y"));

    UploadOutcome outcome = decide(batch, verdicts);

    assertEquals(List.of(batch.get(0), batch.get(3)), outcome.synchronize());
    assertEquals(
        List.of(
            new UploadOutcome.Retry(batch.get(1), 1, "x"),
            new UploadOutcome.Retry(batch.get(2), 1, UploadOutcome.NO_RESULT),
            new UploadOutcome.Retry(batch.get(4), 1, "y")),
        outcome.retry());
    assertEquals(5, outcome.size());
  }

  @Test
  void decide_verdictForReadingNotInBatch_isIgnored() {
    PendingReading r = pending(1, 0);
    Map<ReadingId, UploadVerdict> verdicts =
        Map.of(r.id(), UploadVerdict.ACCEPTED, ReadingId.of("stranger"), UploadVerdict.ACCEPTED);

    UploadOutcome outcome = decide(List.of(r), verdicts);

    assertEquals(List.of(r), outcome.synchronize());
    assertEquals(1, outcome.size());
  }

  @Test
  void decide_emptyBatch_decidesNothing() {
    assertEquals(0, decide(List.of(), Map.of()).size());
  }

  @Test
  void decide_maxRetriesBelowOne_throws() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> UploadOutcome.decide(List.of(), Map.of(), 0));

    assertEquals("maxRetries must be at least 1, was 0", e.getMessage());
  }

  @Test
  void batchFailed_everyReadingUnchangedWithTheReason() {
    List<PendingReading> batch = TestReadings.pending(3);

    UploadOutcome outcome = UploadOutcome.batchFailed(batch, "timeout");

    assertEquals(
        batch.stream().map(r -> new UploadOutcome.Unchanged(r, "timeout")).toList(),
        outcome.unchanged());
    assertEquals(List.of(), outcome.synchronize());
    assertEquals(List.of(), outcome.retry());
    assertEquals(List.of(), outcome.failed());
    assertEquals(3, outcome.size());
  }

  @Test
  void charged_belowMaxRetries_retriesWithTheAnswerAsReason() {
    PendingReading r = pending(1, 1);

    UploadOutcome outcome = UploadOutcome.charged(r, "HTTP 500", MAX_RETRIES);

    assertEquals(List.of(new UploadOutcome.Retry(r, 2, "HTTP 500")), outcome.retry());
    assertEquals(1, outcome.size());
  }

  @Test
  void charged_onTheLastAttempt_fails() {
    PendingReading r = pending(1, 2);

    UploadOutcome outcome = UploadOutcome.charged(r, "HTTP 500", MAX_RETRIES);

    assertEquals(List.of(new UploadOutcome.Failed(r, 3, "HTTP 500")), outcome.failed());
    assertEquals(List.of(), outcome.retry());
  }

  @Test
  void plus_keepsEveryListOfBoth() {
    PendingReading a = pending(1, 0);
    PendingReading b = pending(2, 0);

    UploadOutcome both =
        decide(List.of(a), Map.of(a.id(), UploadVerdict.ACCEPTED))
            .plus(UploadOutcome.batchFailed(List.of(b), "timeout"));

    assertEquals(List.of(a), both.synchronize());
    assertEquals(List.of(new UploadOutcome.Unchanged(b, "timeout")), both.unchanged());
    assertEquals(2, both.size());
  }

  @Test
  void plusAndDecided_keepAlreadyPresent_decidedDropsUnchanged() {
    PendingReading a = pending(1, 0);
    PendingReading b = pending(2, 0);

    UploadOutcome both =
        decide(List.of(a), Map.of(a.id(), UploadVerdict.ALREADY_PRESENT))
            .plus(UploadOutcome.batchFailed(List.of(b), "timeout"));

    assertEquals(List.of(a), both.alreadyPresent());
    UploadOutcome decided = both.decided();
    assertEquals(List.of(a), decided.alreadyPresent());
    assertEquals(List.of(a), decided.synchronize());
    assertEquals(List.of(), decided.unchanged());
  }

  @Test
  void uploadVerdict_held_onlyRejectedIsNotHeld() {
    assertEquals(true, UploadVerdict.ACCEPTED.held());
    assertEquals(true, UploadVerdict.ALREADY_PRESENT.held());
    assertEquals(false, UploadVerdict.rejected("r").held());
  }

  private static UploadOutcome decide(
      List<PendingReading> batch, Map<ReadingId, UploadVerdict> verdicts) {
    return UploadOutcome.decide(batch, verdicts, MAX_RETRIES);
  }
}
